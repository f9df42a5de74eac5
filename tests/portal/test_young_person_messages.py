"""A young person messages their worker from their space (issue 9): their own thread, which
only they and the workers with the family read, never their parents."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from relsafe.access.models import Notification
from relsafe.accounts.models import User
from relsafe.portal import selectors, services
from relsafe.portal.models import Message
from tests.factories import FamilyMemberFactory, YoungPersonFactory
from tests.portal.factories import PortalScene, YoungPersonSpaceFactory

pytestmark = pytest.mark.django_db

SignedIn = Callable[[User], Client]


@pytest.fixture
def scene() -> PortalScene:
    scene = PortalScene()
    YoungPersonSpaceFactory(young_person=scene.child, changed_by=scene.worker)
    return scene


def test_a_young_person_and_their_worker_share_a_thread_the_parent_never_sees(
    scene: PortalScene,
) -> None:
    sent = services.send_message(
        actor=scene.child_user, family=scene.family, body="can we meet", young_person=scene.child
    )
    assert sent.from_family
    assert sent.thread.young_person == scene.child
    assert Notification.objects.filter(recipient=scene.worker).exists()
    services.send_message(
        actor=scene.worker, family=scene.family, body="Yes", young_person=scene.child
    )
    own = selectors.own_young_person_thread(user=scene.child_user)
    assert own is not None
    assert [m.body for m in own.messages] == ["can we meet", "Yes"]
    parents = selectors.own_thread(user=scene.parent)
    assert parents is not None
    assert parents.messages == []
    assert selectors.unread_count(user=scene.parent, family=scene.family, from_family=False) == 0
    worker_side = selectors.young_person_thread(user=scene.worker, pk=scene.child.pk)
    assert len(worker_side.messages) == 2


def test_a_parent_cannot_write_into_a_young_persons_thread(scene: PortalScene) -> None:
    with pytest.raises(PermissionDenied):
        services.send_message(
            actor=scene.parent, family=scene.family, body="Hi", young_person=scene.child
        )


def test_a_young_person_cannot_use_a_brothers_thread(scene: PortalScene) -> None:
    brother_user: Any = FamilyMemberFactory(role="young_person")
    brother: Any = YoungPersonFactory(family=scene.family, portal_user=brother_user)
    YoungPersonSpaceFactory(young_person=brother, changed_by=scene.worker)
    with pytest.raises(PermissionDenied):
        services.send_message(
            actor=scene.child_user, family=scene.family, body="Hi", young_person=brother
        )
    own = selectors.own_young_person_thread(user=brother_user)
    assert own is not None
    assert own.young_person == brother
    assert not Message.objects.exists()


def test_no_messages_while_the_space_is_closed(scene: PortalScene, signed_in: SignedIn) -> None:
    services.switch_space(actor=scene.worker, young_person=scene.child, on=False)
    with pytest.raises(PermissionDenied):
        services.send_message(
            actor=scene.child_user,
            family=scene.family,
            body="Hi",
            young_person=scene.child,
        )
    page = signed_in(scene.child_user).get(reverse("portal:my-messages"))
    assert page.status_code == 200
    assert "Message my worker" not in page.content.decode()


def test_the_pages_on_both_sides(scene: PortalScene, signed_in: SignedIn) -> None:
    child = signed_in(scene.child_user)
    assert child.get(reverse("portal:my-messages")).status_code == 200
    response = child.post(reverse("portal:my-messages"), {"body": "<script>x</script>"})
    assert response.status_code == 302
    worker = signed_in(scene.worker)
    page = worker.get(reverse("portal:young-person-messages", args=[scene.child.pk]))
    assert "&lt;script&gt;" in page.content.decode()
    start = worker.get("/").content.decode()
    assert reverse("portal:young-person-messages", args=[scene.child.pk]) in start
    assert signed_in(scene.parent).get(reverse("portal:my-messages")).status_code == 403
    assert (
        signed_in(scene.other_worker)
        .get(reverse("portal:young-person-messages", args=[scene.child.pk]))
        .status_code
        == 404
    )
