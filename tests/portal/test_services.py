"""The portal's services: invitations (one use, 72 hours, hashed, withdrawn, a new one replaces
the last), safe notifications (only "sign in to read it", only as the decision allows), messages,
check-ins and the young person's space."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from relsafe.access.models import Notification
from relsafe.accounts.roles import Role
from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.cases.models import SafeContactDecision
from relsafe.portal import services, sms
from relsafe.portal.models import CheckIn, Invitation, Message, MessageRead, SpaceEntry
from relsafe.portal.selectors import token_hash
from tests import sample_files
from tests.factories import CarerFactory, YoungPersonFactory
from tests.portal.factories import PortalScene, YoungPersonSpaceFactory

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "kettle orchard lantern 42"


@pytest.fixture
def scene() -> PortalScene:
    return PortalScene()


@pytest.fixture(autouse=True)
def _empty_text_outbox() -> Any:
    sms.outbox.clear()
    yield
    sms.outbox.clear()


# --- invitations ---------------------------------------------------------------------------------


def test_an_invitation_creates_the_account_links_it_and_keeps_only_a_hash(
    scene: PortalScene,
) -> None:
    uncle: Any = CarerFactory(family=scene.family, full_name="Kwame Mensah", relationship="uncle")
    invitation, token = services.invite_family_member(
        actor=scene.worker, person=uncle, email="Kwame@Example.org"
    )
    uncle.refresh_from_db()
    assert uncle.portal_user.email == "kwame@example.org"
    assert uncle.portal_user.role == Role.PARENT
    assert not uncle.portal_user.has_usable_password()
    assert invitation.token_hash == token_hash(token) != token
    assert token not in str(Invitation.objects.values_list().get())
    assert invitation.expires_at - invitation.created_at == dt.timedelta(hours=72)
    entry = AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_type="portal.invitation"
    ).get()
    assert entry.detail == {"for": f"carer:{uncle.pk}", "new_account": True}
    assert token not in str(entry.detail)


def test_a_young_persons_invitation_gives_a_young_person_account(scene: PortalScene) -> None:
    child: Any = YoungPersonFactory(family=scene.family)
    services.invite_family_member(actor=scene.worker, person=child, email="yp@example.org")
    child.refresh_from_db()
    assert child.portal_user.role == Role.YOUNG_PERSON


def test_the_link_sets_a_password_once(scene: PortalScene) -> None:
    uncle: Any = CarerFactory(family=scene.family)
    _, token = services.invite_family_member(
        actor=scene.worker, person=uncle, email="u@example.org"
    )
    user = services.accept_invitation(token=token, password=GOOD_PASSWORD)
    assert user.check_password(GOOD_PASSWORD)
    with pytest.raises(services.InvitationUnusable) as problem:
        services.accept_invitation(token=token, password="another long password 9")
    assert problem.value.state == "used"
    user.refresh_from_db()
    assert user.check_password(GOOD_PASSWORD)


def test_the_link_expires_after_72_hours(scene: PortalScene) -> None:
    uncle: Any = CarerFactory(family=scene.family)
    _, token = services.invite_family_member(
        actor=scene.worker, person=uncle, email="u@example.org"
    )
    later = timezone.now() + dt.timedelta(hours=72, seconds=1)
    with time_machine.travel(later), pytest.raises(services.InvitationUnusable) as problem:
        services.accept_invitation(token=token, password=GOOD_PASSWORD)
    assert problem.value.state == "expired"


def test_a_withdrawn_or_replaced_link_stops_working(scene: PortalScene) -> None:
    uncle: Any = CarerFactory(family=scene.family)
    _first, first_token = services.invite_family_member(
        actor=scene.worker, person=uncle, email="u@example.org"
    )
    second, second_token = services.invite_family_member(actor=scene.worker, person=uncle)
    with pytest.raises(services.InvitationUnusable) as problem:
        services.accept_invitation(token=first_token, password=GOOD_PASSWORD)
    assert problem.value.state == "withdrawn"
    services.withdraw_invitation(actor=scene.worker, invitation=second)
    with pytest.raises(services.InvitationUnusable):
        services.accept_invitation(token=second_token, password=GOOD_PASSWORD)
    assert Invitation.objects.filter(user=uncle.portal_user).count() == 2


def test_a_weak_password_is_refused_and_the_link_still_works(scene: PortalScene) -> None:
    uncle: Any = CarerFactory(family=scene.family)
    _, token = services.invite_family_member(
        actor=scene.worker, person=uncle, email="u@example.org"
    )
    with pytest.raises(ValidationError) as error:
        services.accept_invitation(token=token, password="short")
    assert "password" in error.value.message_dict
    services.accept_invitation(token=token, password=GOOD_PASSWORD)


def test_an_email_already_in_use_is_refused(scene: PortalScene) -> None:
    uncle: Any = CarerFactory(family=scene.family)
    with pytest.raises(ValidationError) as error:
        services.invite_family_member(actor=scene.worker, person=uncle, email=scene.parent.email)
    assert "email" in error.value.message_dict
    uncle.refresh_from_db()
    assert uncle.portal_user is None


def test_a_worker_of_another_family_cannot_invite(scene: PortalScene) -> None:
    uncle: Any = CarerFactory(family=scene.family)
    with pytest.raises(services.policy.NotAllowed):
        services.invite_family_member(actor=scene.other_worker, person=uncle, email="u@example.org")
    assert AuditEvent.objects.filter(
        action=AuditAction.ACCESS_DENIED, detail__attempted="invite_to_portal"
    ).exists()
    assert not Invitation.objects.exists()


# --- notifications -------------------------------------------------------------------------------


def _decide(scene: PortalScene, person: Any, **values: Any) -> SafeContactDecision:
    return SafeContactDecision.objects.create(
        family=scene.family,
        carer=person if not hasattr(person, "date_of_birth") else None,
        young_person=person if hasattr(person, "date_of_birth") else None,
        decided_by=scene.worker,
        **values,
    )


def test_nothing_leaves_relsafe_without_a_safe_contact_decision(scene: PortalScene) -> None:
    outcome = services.notify_family_member(person=scene.carer)
    assert outcome == "not sent: no safe-contact decision"
    assert mail.outbox == []
    assert sms.outbox == []
    # The in-app notice waits behind sign-in, and says nothing either.
    notice = Notification.objects.get(recipient=scene.parent)
    assert notice.message == services.FAMILY_NOTICE


def test_an_email_says_only_sign_in_to_read_it_and_is_audited_without_the_address(
    scene: PortalScene, django_capture_on_commit_callbacks: Any
) -> None:
    decision = _decide(scene, scene.carer, notify_by="email", email="safe@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.notify_family_member(person=scene.carer) == "email"
    assert [m.to for m in mail.outbox] == [["safe@example.org"]]
    assert mail.outbox[0].body == "You have a new message from relsafe — sign in to read it"
    entry = AuditEvent.objects.get(object_type="portal.notice")
    assert entry.detail == {
        "to": f"carer:{scene.carer.pk}",
        "channel": "email",
        "sent": True,
        "decision": decision.pk,
    }
    assert "safe@example.org" not in str(entry.detail) + entry.reason


def test_a_text_goes_only_to_the_number_the_decision_names(
    scene: PortalScene, django_capture_on_commit_callbacks: Any
) -> None:
    _decide(scene, scene.carer, notify_by="text", phone="+447700900123")
    with django_capture_on_commit_callbacks(execute=True):
        services.notify_family_member(person=scene.carer)
    assert sms.outbox == [sms.TextMessage(to="+447700900123", body=services.FAMILY_NOTICE)]


def test_a_young_persons_phone_is_never_messaged_unless_their_decision_names_it(
    scene: PortalScene, django_capture_on_commit_callbacks: Any
) -> None:
    # Workers may ring the number, but the decision says email: no text, ever.
    _decide(
        scene,
        scene.child,
        notify_by="email",
        email="yp@example.org",
        phone="+447700900555",
        may_phone=True,
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.notify_family_member(person=scene.child)
    assert sms.outbox == []
    _decide(scene, scene.child, notify_by="none", phone="+447700900555", may_phone=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.notify_family_member(person=scene.child).startswith("not sent")
    assert sms.outbox == []
    assert len(mail.outbox) == 1


def test_nothing_is_sent_outside_the_safe_hours_it_waits(
    scene: PortalScene, django_capture_on_commit_callbacks: Any
) -> None:
    """Outside the safe hours nothing leaves at once: it is queued (tests/portal/test_queued_
    notices.py delivers it at the window's start)."""
    _decide(
        scene,
        scene.carer,
        notify_by="text",
        phone="+447700900123",
        safe_from=dt.time(9),
        safe_until=dt.time(17),
    )
    late = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time(22)))
    with time_machine.travel(late, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert services.notify_family_member(person=scene.carer) == "queued"
    assert sms.outbox == []


# --- messages ------------------------------------------------------------------------------------


def test_a_worker_message_tells_the_parents_safely_and_a_parent_reply_tells_the_workers(
    scene: PortalScene, django_capture_on_commit_callbacks: Any
) -> None:
    _decide(scene, scene.carer, notify_by="email", email="safe@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.send_message(actor=scene.worker, family=scene.family, body="Hello")
    assert not sent.from_family
    assert mail.outbox[-1].body == services.FAMILY_NOTICE
    assert "Hello" not in f"{mail.outbox[-1].subject} {mail.outbox[-1].body}"
    reply = services.send_message(actor=scene.parent, family=scene.family, body="Thanks")
    assert reply.from_family
    assert Notification.objects.filter(recipient=scene.worker).exists()
    entry = AuditEvent.objects.filter(object_type="portal.message").latest("id")
    assert "Thanks" not in str(entry.detail)


def test_read_receipts_are_kept_once_per_reader(scene: PortalScene) -> None:
    services.send_message(actor=scene.worker, family=scene.family, body="One")
    services.send_message(actor=scene.worker, family=scene.family, body="Two")
    assert services.mark_thread_read(actor=scene.parent, family=scene.family) == 2
    assert services.mark_thread_read(actor=scene.parent, family=scene.family) == 0
    assert MessageRead.objects.filter(reader=scene.parent).count() == 2


def test_a_message_of_20000_characters_is_refused_and_nothing_is_saved(
    scene: PortalScene,
) -> None:
    with pytest.raises(ValidationError) as error:
        services.send_message(actor=scene.parent, family=scene.family, body="x" * 20_000)
    assert error.value.message_dict["body"] == ["Your message must be 5,000 characters or fewer"]
    assert not Message.objects.exists()


def test_a_disguised_file_is_refused(scene: PortalScene) -> None:
    with pytest.raises(ValidationError) as error:
        services.send_message(
            actor=scene.parent,
            family=scene.family,
            body="See attached",
            attachment_name="photo.jpg",
            attachment_data=b"<script>alert(1)</script>",
        )
    assert "attachment" in error.value.message_dict
    assert not Message.objects.exists()


def test_a_photo_is_kept_through_the_safe_file_path(scene: PortalScene) -> None:
    message = services.send_message(
        actor=scene.parent,
        family=scene.family,
        body="The car",
        attachment_name="car.png",
        attachment_data=sample_files.png_bytes(),
    )
    assert message.file_type == "png"
    assert len(message.stored_name) > 20


def test_a_parent_of_another_family_cannot_write_into_this_thread(scene: PortalScene) -> None:
    with pytest.raises(services.policy.NotAllowed):
        services.send_message(actor=scene.other_parent, family=scene.family, body="Hello")
    assert not Message.objects.exists()


# --- check-ins -----------------------------------------------------------------------------------


def test_a_check_in_keeps_three_answers_from_1_to_5(scene: PortalScene) -> None:
    check_in = services.record_check_in(
        actor=scene.parent, family=scene.family, coping=2, understanding=3, confidence=4
    )
    assert (check_in.coping, check_in.understanding, check_in.confidence) == (2, 3, 4)
    with pytest.raises(ValidationError) as error:
        services.record_check_in(
            actor=scene.parent, family=scene.family, coping=6, understanding=None, confidence=1
        )
    assert set(error.value.message_dict) == {"coping", "understanding"}
    assert CheckIn.objects.count() == 1


def test_a_worker_does_not_check_in_for_a_parent(scene: PortalScene) -> None:
    with pytest.raises(services.policy.NotAllowed):
        services.record_check_in(
            actor=scene.worker, family=scene.family, coping=2, understanding=3, confidence=4
        )


# --- the young person's space --------------------------------------------------------------------


def test_a_young_person_rates_their_trusted_adult_once_their_space_is_open(
    scene: PortalScene,
) -> None:
    with pytest.raises(services.policy.NotAllowed):
        services.record_space_entry(
            actor=scene.child_user, young_person=scene.child, trusted_adult="My uncle"
        )
    services.switch_space(actor=scene.worker, young_person=scene.child, on=True)
    entry = services.record_space_entry(
        actor=scene.child_user,
        young_person=scene.child,
        trusted_adult="My uncle Kwame",
        ratings={"cares": 5, "helps": 4, "feels_safe": 5, "trusts": 5},
        going_well="Football",
    )
    assert entry.trusted_adult == "My uncle Kwame"
    assert entry.helps == 4


def test_ratings_need_a_name_and_someone_elses_space_is_refused(scene: PortalScene) -> None:
    YoungPersonSpaceFactory(young_person=scene.child)
    with pytest.raises(ValidationError) as error:
        services.record_space_entry(
            actor=scene.child_user, young_person=scene.child, ratings={"cares": 5}
        )
    assert "trusted_adult" in error.value.message_dict
    sibling: Any = YoungPersonFactory(family=scene.family)
    YoungPersonSpaceFactory(young_person=sibling)
    with pytest.raises(services.policy.NotAllowed):
        services.record_space_entry(
            actor=scene.child_user, young_person=sibling, trusted_adult="Mum"
        )
    assert not SpaceEntry.objects.exists()


def test_only_a_worker_with_the_family_opens_a_space(scene: PortalScene) -> None:
    with pytest.raises(services.policy.NotAllowed):
        services.switch_space(actor=scene.other_worker, young_person=scene.child, on=True)
    with pytest.raises(services.policy.NotAllowed):
        services.switch_space(actor=scene.child_user, young_person=scene.child, on=True)


def test_a_new_password_ends_the_accounts_other_sessions(scene: PortalScene) -> None:
    from relsafe.accounts.models import UserSession

    UserSession.objects.create(user=scene.parent, session_key="an-old-phone-session-0001")
    _, token = services.invite_family_member(actor=scene.worker, person=scene.carer)
    services.accept_invitation(token=token, password=GOOD_PASSWORD)
    assert not UserSession.objects.filter(user=scene.parent).exists()
