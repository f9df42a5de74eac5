"""Contract tests (issue 14 item 6): schemathesis generates requests from the OpenAPI document
and sends them, with a valid read-write token, to every operation through Django's WSGI app. The
path ids point at real objects of a small case (the police side of intelligence is called with
the force's analyst's token) (so reads and writes reach the services, not just
404s); bodies, queries and headers are generated. A bounded number of examples per operation
(``max_examples=5``) keeps it fast enough for CI. Checks: no server error, the status code and
content type are documented, and the body matches the documented schema."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.factories import token_for
from tests.factories import (
    ContactFactory,
    MissingEpisodeFactory,
    PlanActionFactory,
    PlanFactory,
    ReferralFactory,
    case_scene,
)

document: dict[str, Any] = SchemaGenerator().get_schema(request=None, public=True)
schema = schemathesis.openapi.from_dict(document)
schema.app = get_wsgi_application()

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def _keep_test_connection() -> Any:
    """The WSGI handler closes database connections when a request ends; Django's own test
    client stops it doing so (the test's transaction must stay open), and so do we."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world(db: Any, settings: Any, _keep_test_connection: Any) -> dict[str, Any]:
    settings.API_TOKEN_RATE = "100000/min"
    scene = case_scene()
    plan = PlanFactory(family=scene.family)
    objects = {
        "family": scene.family,
        "young_person": scene.young_person,
        "contact": ContactFactory(family=scene.family, recorded_by=scene.worker),
        "episode": MissingEpisodeFactory(
            family=scene.family, young_person=scene.young_person, recorded_by=scene.worker
        ),
        "action": PlanActionFactory(plan=plan),
        "referral": ReferralFactory(family=scene.family, young_person=scene.young_person),
    }
    from relsafe.intelligence import linking
    from relsafe.intelligence import services as intel
    from tests.intelligence.factories import details

    linking.forget_index()
    force = scene.police.organisation
    sent = intel.send_submission(
        actor=scene.worker,
        submission=intel.create_submission(
            actor=scene.worker,
            family=scene.family,
            details=details(force, young_people=[scene.young_person]),
        ),
        expected_version=1,
    )
    objects |= {
        "intel_sent": sent,
        "intel_draft": intel.create_submission(
            actor=scene.worker, family=scene.family, details=details(force)
        ),
        "intel_person": sent.mentions.get().person,
    }
    return {"token": token_for(scene.worker), "police_token": token_for(scene.police), **objects}


def _real_ids(case: Any, world: dict[str, Any]) -> None:
    """Point the generated path at the case's own objects."""
    path = case.operation.path
    params = case.path_parameters or {}
    if "family_pk" in params:
        params["family_pk"] = world["family"].pk
    if "id" in params or "pk" in params:
        key = "id" if "id" in params else "pk"
        for fragment, name in (
            ("/contacts/", "contact"),
            ("/young-people/", "young_person"),
            ("/missing-episodes/", "episode"),
            ("/plan/actions/", "action"),
            ("/referrals/", "referral"),
            ("/intelligence/submissions/", "intel_draft"),
            ("/intelligence/received/", "intel_sent"),
            ("/intelligence/people/", "intel_person"),
        ):
            if fragment in path:
                params[key] = world[name].pk
    case.path_parameters = params


@schema.parametrize()
@settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case: Any, world: dict[str, Any]) -> None:
    _real_ids(case, world)
    # The police side of intelligence is called with the force's analyst's token.
    police = any(
        f in case.operation.path for f in ("/intelligence/received", "/intelligence/people")
    )
    token = world["police_token" if police else "token"]
    response = case.call(headers={"Authorization": f"Bearer {token}"})
    case.validate_response(response, checks=CHECKS)  # raises on any failed check
    assert response.status_code < 500, response.text
