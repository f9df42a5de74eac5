"""Partnership intelligence in the API (issue 14, docs/API.md): the same two sides as the pages,
never mixed, each read through ``intelligence.selectors`` and each write through
``intelligence.services`` (no second access model).

* **The worker's side**: a family's submissions in full (for the caseworkers who may open the
  family), a new draft, and sending it (If-Match: the worker sends what they last read).
* **The police side**: only the submissions sent to the analyst's force, and only as the frozen
  police copy (children by pseudonym, no child's, carer's or family's name); acknowledging and
  recording an outcome (If-Match); the people of concern their force has received reports of,
  each report as its police copy shows the person.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from relsafe.access.policy import Action
from relsafe.accounts.models import Organisation
from relsafe.api.serializers import Day, Strict
from relsafe.api.views import (
    IF_MATCH,
    MODIFIED_SINCE,
    READ_ERRORS,
    WRITE_ERRORS,
    AuditedList,
    Base,
    _young_people,
    expected_version,
    with_etag,
)
from relsafe.cases.models import Family
from relsafe.core.text_limits import LONG_TEXT, ONE_LINE, SHORT_TEXT
from relsafe.intelligence import selectors as intel
from relsafe.intelligence import services as intel_services
from relsafe.intelligence.models import Entity, Mention, PersonOfConcern, Submission

# --- what is shown ----------------------------------------------------------------------------------


class EntitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Entity
        fields = [
            "id",
            "kind",
            "position",
            "person",
            "name",
            "nickname",
            "age_estimate",
            "gender",
            "description",
            "value",
            "colour",
            "make",
            "postcode",
        ]
        read_only_fields = fields


class WorkerSubmissionSerializer(serializers.ModelSerializer):
    """The worker's copy, in full: only ever shown to the family's caseworkers."""

    force = serializers.IntegerField(source="force_id")
    force_name = serializers.CharField(source="force.name")
    young_people = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    entities = EntitySerializer(many=True, read_only=True)

    class Meta:
        model = Submission
        fields = [
            "id",
            "reference",
            "family",
            "force",
            "force_name",
            "status",
            "young_people",
            "source_type",
            "source_name",
            "disclose_source",
            "disclose_source_reason",
            "source_grade",
            "information_grade",
            "handling",
            "handling_conditions",
            "lawful_basis",
            "lawful_basis_notes",
            "offence",
            "occurred_on",
            "what_happened",
            "entities",
            "created_at",
            "updated_at",
            "sent_at",
            "acknowledged_at",
            "outcome_at",
            "feedback",
            "version",
        ]
        read_only_fields = fields


class PoliceSubmissionSerializer(serializers.ModelSerializer):
    """What a force sees: the police copy frozen when it was sent, and where it stands."""

    police_copy = serializers.DictField(
        help_text="The copy the worker confirmed (docs/INTELLIGENCE.md): children by the force's "
        "pseudonym, the source withheld unless disclosed with a reason."
    )

    class Meta:
        model = Submission
        fields = [
            "id",
            "reference",
            "status",
            "sent_at",
            "acknowledged_at",
            "outcome_at",
            "feedback",
            "police_copy",
            "updated_at",
            "version",
        ]
        read_only_fields = fields


class MentionSerializer(serializers.Serializer):
    """One report of a person of concern, as that report's police copy shows them."""

    submission = serializers.IntegerField()
    reference = serializers.CharField()
    occurred_on = serializers.CharField()
    offence = serializers.CharField()
    name = serializers.CharField()
    nickname = serializers.CharField()
    age_estimate = serializers.CharField()
    gender = serializers.CharField()
    description = serializers.CharField()
    phones = serializers.ListField(child=serializers.CharField())
    vehicles = serializers.ListField(child=serializers.CharField())
    handles = serializers.ListField(child=serializers.CharField())


class PersonOfConcernSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()
    cases = serializers.IntegerField(help_text="How many of the force's cases mention them.")
    updated_at = serializers.DateTimeField()
    mentions = MentionSerializer(many=True)


def _mention(mention: Mention) -> dict[str, Any]:
    """The person as the police copy of this report shows them: never the worker's raw text."""
    copy = mention.submission.police_copy
    person: dict[str, Any] = next(
        (p for p in copy.get("people", []) if p.get("entity") == mention.entity_id), {}
    )
    return {
        "submission": mention.submission_id,
        "reference": copy.get("reference", ""),
        "occurred_on": copy.get("occurred_on", ""),
        "offence": copy.get("offence", ""),
        **{k: person.get(k, "") for k in ("name", "nickname", "age_estimate", "gender")},
        "description": person.get("description", ""),
        "phones": [p.get("number", "") for p in person.get("phones", [])],
        "vehicles": [
            " ".join(x for x in (v.get("plate"), v.get("colour"), v.get("make")) if x)
            for v in person.get("vehicles", [])
        ],
        "handles": [h.get("handle", "") for h in person.get("handles", [])],
    }


def _person(person: PersonOfConcern, mentions: list[Mention]) -> dict[str, Any]:
    return {
        "id": person.pk,
        "label": intel.person_label(mentions),
        "cases": len({m.submission.family_id for m in mentions}),
        "updated_at": person.updated_at,
        "mentions": [_mention(m) for m in mentions],
    }


# --- what is accepted --------------------------------------------------------------------------------


def _line(max_length: int = ONE_LINE) -> serializers.CharField:
    return serializers.CharField(required=False, allow_blank=True, max_length=max_length)


class PersonWrite(Strict):
    name = _line()
    nickname = _line()
    age_estimate = _line(40)
    gender = _line(40)
    description = _line(SHORT_TEXT)
    phone = _line()
    plate = _line()
    colour = _line(60)
    make = _line(100)
    handle = _line()


class VehicleWrite(Strict):
    plate = _line()
    colour = _line(60)
    make = _line(100)


class PlaceWrite(Strict):
    place = _line()
    postcode = _line(10)


def _many(child: serializers.Field) -> serializers.ListField:
    return serializers.ListField(child=child, required=False, max_length=20)


class SubmissionWrite(Strict):
    """A new draft, as the web form takes it; the police copy is built from it, never sent."""

    force = serializers.IntegerField(
        min_value=1, help_text="A police force this family's case is shared with."
    )
    young_people = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, max_length=50
    )
    source_type = serializers.ChoiceField(choices=Submission.SourceType.choices)
    source_name = _line()
    disclose_source = serializers.BooleanField(required=False, default=False)
    disclose_source_reason = _line(SHORT_TEXT)
    source_grade = serializers.ChoiceField(choices=Submission.SourceGrade.choices)
    information_grade = serializers.ChoiceField(choices=Submission.InformationGrade.choices)
    handling = serializers.ChoiceField(choices=Submission.Handling.choices)
    handling_conditions = _line(SHORT_TEXT)
    lawful_basis = serializers.ChoiceField(choices=Submission.LawfulBasis.choices)
    lawful_basis_notes = _line(SHORT_TEXT)
    offence = serializers.ChoiceField(choices=Submission.Offence.choices)
    occurred_on = Day()
    what_happened = serializers.CharField(max_length=LONG_TEXT)
    people = _many(PersonWrite())
    phones = _many(_line())
    vehicles = _many(VehicleWrite())
    handles = _many(_line())
    places = _many(PlaceWrite())
    times = _many(_line())


class OutcomeWrite(Strict):
    status = serializers.ChoiceField(
        choices=[(s.value, s.label) for s in Submission.POLICE_STATUSES]
    )
    feedback = _line(SHORT_TEXT)


def _details(family: Family, values: dict[str, Any]) -> intel_services.SubmissionDetails:
    forces = {f.pk: f for f in intel_services.forces_for(family)}
    force: Organisation | None = forces.get(values.pop("force"))
    if force is None:
        raise ValidationError(
            {"force": ["Choose a police force this family's case is shared with."]}
        )
    blank_vehicle = {"plate": "", "colour": "", "make": ""}
    return intel_services.SubmissionDetails(
        force=force,
        young_people=_young_people(family, values.pop("young_people", [])),
        people=[intel_services.PersonDetails(**p) for p in values.pop("people", [])],
        vehicles=[
            (v["plate"], v["colour"], v["make"])
            for v in ({**blank_vehicle, **x} for x in values.pop("vehicles", []))
        ],
        places=[(p.get("place", ""), p.get("postcode", "")) for p in values.pop("places", [])],
        phones=values.pop("phones", []),
        handles=values.pop("handles", []),
        times=values.pop("times", []),
        **values,
    )


# --- the worker's side --------------------------------------------------------------------------------


class FamilyIntelligence(AuditedList):
    """What the family's workers wrote for the police; POST saves a new draft (not sent)."""

    work = Action.VIEW_SENT_INTELLIGENCE
    serializer_class = WorkerSubmissionSerializer
    kind = "intelligence.submission"

    def scoped(self) -> Any:
        self._family = self.family()
        return (
            intel.worker_submissions(self.actor)
            .filter(family=self._family)
            .prefetch_related("young_people", "entities")
        )

    def audit_family(self) -> Family | None:
        return self._family

    @extend_schema(
        tags=["intelligence"],
        parameters=[MODIFIED_SINCE],
        responses={200: WorkerSubmissionSerializer, **READ_ERRORS},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=["intelligence"],
        request=SubmissionWrite,
        responses={201: WorkerSubmissionSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request, family_pk: int) -> Response:
        body = SubmissionWrite(data=request.data)
        body.is_valid(raise_exception=True)
        family = self.family()
        draft = intel_services.create_submission(
            actor=self.actor,
            family=family,
            details=_details(family, dict(body.validated_data)),
            request=self.django_request,
        )
        draft = intel.get_worker_submission(
            user=self.actor, pk=draft.pk, request=self.django_request
        )
        return with_etag(
            Response(WorkerSubmissionSerializer(draft).data, status=status.HTTP_201_CREATED),
            draft,
        )


@extend_schema(tags=["intelligence"], responses={200: WorkerSubmissionSerializer, **READ_ERRORS})
class WorkerSubmissionDetail(Base):
    work = Action.VIEW_SENT_INTELLIGENCE
    serializer_class = WorkerSubmissionSerializer

    def get(self, request: Request, pk: int) -> Response:
        submission = intel.get_worker_submission(
            user=self.actor, pk=int(pk), request=self.django_request
        )
        return with_etag(Response(WorkerSubmissionSerializer(submission).data), submission)


@extend_schema(
    tags=["intelligence"],
    parameters=[IF_MATCH],
    request=None,
    responses={200: WorkerSubmissionSerializer, **WRITE_ERRORS},
)
class WorkerSubmissionSend(Base):
    """Send a draft to its force exactly as last read (If-Match): the police copy is frozen."""

    work = Action.SEND_INTELLIGENCE
    serializer_class = WorkerSubmissionSerializer

    def post(self, request: Request, pk: int) -> Response:
        submission = intel.get_worker_submission(
            user=self.actor, pk=int(pk), request=self.django_request
        )
        version = expected_version(request, submission)
        intel_services.send_submission(
            actor=self.actor,
            submission=submission,
            expected_version=version,
            request=self.django_request,
        )
        fresh = intel.get_worker_submission(
            user=self.actor, pk=submission.pk, request=self.django_request
        )
        return with_etag(Response(WorkerSubmissionSerializer(fresh).data), fresh)


# --- the police side ------------------------------------------------------------------------------------


@extend_schema(
    tags=["intelligence (police)"],
    parameters=[MODIFIED_SINCE],
    responses={200: PoliceSubmissionSerializer, **READ_ERRORS},
)
class ReceivedList(AuditedList):
    """Everything sent to this analyst's force, as police copies."""

    work = Action.RECEIVE_INTELLIGENCE
    serializer_class = PoliceSubmissionSerializer
    kind = "intelligence.received"

    def scoped(self) -> Any:
        return intel.received(self.actor)


class ReceivedBase(Base):
    def submission(self) -> Submission:
        return intel.get_police_submission(
            user=self.actor, pk=int(self.kwargs["pk"]), request=self.django_request
        )

    def shown(self, submission: Submission) -> Response:
        return with_etag(Response(PoliceSubmissionSerializer(submission).data), submission)


@extend_schema(
    tags=["intelligence (police)"], responses={200: PoliceSubmissionSerializer, **READ_ERRORS}
)
class ReceivedDetail(ReceivedBase):
    work = Action.RECEIVE_INTELLIGENCE
    serializer_class = PoliceSubmissionSerializer

    def get(self, request: Request, pk: int) -> Response:
        return self.shown(self.submission())


@extend_schema(
    tags=["intelligence (police)"],
    parameters=[IF_MATCH],
    request=None,
    responses={200: PoliceSubmissionSerializer, **WRITE_ERRORS},
)
class ReceivedAcknowledge(ReceivedBase):
    """The force has it: the worker and the family's log are told (status only)."""

    work = Action.HANDLE_INTELLIGENCE
    serializer_class = PoliceSubmissionSerializer

    def post(self, request: Request, pk: int) -> Response:
        submission = self.submission()
        version = expected_version(request, submission)
        intel_services.acknowledge(
            actor=self.actor,
            submission=submission,
            expected_version=version,
            request=self.django_request,
        )
        return self.shown(submission)


@extend_schema(
    tags=["intelligence (police)"],
    parameters=[IF_MATCH],
    request=OutcomeWrite,
    responses={200: PoliceSubmissionSerializer, **WRITE_ERRORS},
)
class ReceivedOutcome(ReceivedBase):
    """What the force did, with feedback for the worker (the family's log gets the status)."""

    work = Action.HANDLE_INTELLIGENCE
    serializer_class = PoliceSubmissionSerializer

    def post(self, request: Request, pk: int) -> Response:
        submission = self.submission()
        version = expected_version(request, submission)
        body = OutcomeWrite(data=request.data)
        body.is_valid(raise_exception=True)
        intel_services.record_outcome(
            actor=self.actor,
            submission=submission,
            status=body.validated_data["status"],
            feedback=body.validated_data.get("feedback", ""),
            expected_version=version,
            request=self.django_request,
        )
        return self.shown(submission)


@extend_schema(
    tags=["intelligence (police)"],
    parameters=[MODIFIED_SINCE],
    responses={200: PersonOfConcernSerializer, **READ_ERRORS},
)
class PeopleList(AuditedList):
    """The people of concern this analyst's force has received reports of."""

    work = Action.ANALYSE_INTELLIGENCE
    serializer_class = PersonOfConcernSerializer
    kind = "intelligence.personofconcern"

    def scoped(self) -> Any:
        return intel.force_people(self.actor)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        people = list(page or [])
        mentions = intel.police_mentions(self.actor, people)
        data = PersonOfConcernSerializer(
            [_person(p, mentions.get(p.pk, [])) for p in people], many=True
        ).data
        response = self.get_paginated_response(data)
        self.audit_list(self.kind, response.data.get("count", 0))
        return response


@extend_schema(
    tags=["intelligence (police)"], responses={200: PersonOfConcernSerializer, **READ_ERRORS}
)
class PersonDetail(Base):
    work = Action.ANALYSE_INTELLIGENCE
    serializer_class = PersonOfConcernSerializer

    def get(self, request: Request, pk: int) -> Response:
        view = intel.get_person(user=self.actor, pk=int(pk), request=self.django_request)
        if not view.mentions:
            raise Http404
        return Response(PersonOfConcernSerializer(_person(view.person, view.mentions)).data)
