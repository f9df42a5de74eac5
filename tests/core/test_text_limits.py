"""Every free-text field has a limit (relsafe.core.text_limits): each form shows the GOV.UK message
and keeps what was typed; services and plain saves refuse the same text, so no caller can go round
the forms."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from relsafe.access.forms import BreakGlassForm, ReviewForm
from relsafe.accounts.models import Organisation
from relsafe.assessments.forms import SafetyMappingForm, ScreeningForm
from relsafe.assessments.screening_rules import INDICATORS
from relsafe.cases import services as case_services
from relsafe.cases.forms import NewFamilyForm, ProfileForm, ShareForm, StatusForm, StrengthForm
from relsafe.core.concurrency import update_if_unchanged
from relsafe.language.forms import CheckWordingForm
from relsafe.plans.forms import PlanActionForm, PlanForm, ReferralForm
from relsafe.records import services as record_services
from relsafe.records.forms import (
    ChronologyEntryForm,
    ContactForm,
    MissingEpisodeForm,
    ReturnForm,
    ReturnInterviewForm,
)
from relsafe.records.models import Contact
from relsafe.relationships.forms import EndConnectionForm, PersonForm, PlaceForm
from tests.factories import ContactFactory
from tests.records.conftest import RecordsWorld

pytestmark = pytest.mark.django_db

LONG, SHORT = 20_000, 2_000
FIRST_INDICATOR = f"ind_{INDICATORS[0].code}_note"

Build = Callable[[RecordsWorld, dict[str, str]], Any]

# form, field, limit, the message a person reads (GOV.UK: "<label> must be N characters or fewer")
CASES: list[tuple[str, Build, str, int, str | None]] = [
    (
        "contact",
        lambda w, d: ContactForm(d, family=w.family),
        "discussed",
        LONG,
        "What was discussed",
    ),
    ("contact", lambda w, d: ContactForm(d, family=w.family), "young_person_voice", LONG, None),
    ("contact", lambda w, d: ContactForm(d, family=w.family), "present", 500, None),
    (
        "missing episode",
        lambda w, d: MissingEpisodeForm(d, family=w.family),
        "reported_by",
        200,
        "Who reported them missing",
    ),
    ("return", lambda w, d: ReturnForm(d), "where_found", 300, "Where they were found"),
    (
        "return interview",
        lambda w, d: ReturnInterviewForm(d),
        "push_factors",
        LONG,
        "What made them want to leave (push factors)",
    ),
    (
        "return interview",
        lambda w, d: ReturnInterviewForm(d),
        "what_would_help",
        LONG,
        "What would help",
    ),
    (
        "chronology entry",
        lambda w, d: ChronologyEntryForm(d, family=w.family),
        "details",
        LONG,
        "More detail",
    ),
    (
        "chronology entry",
        lambda w, d: ChronologyEntryForm(d, family=w.family),
        "title",
        200,
        "What happened",
    ),
    (
        "safety mapping",
        lambda w, d: SafetyMappingForm(d, family=w.family),
        "danger_statements",
        LONG,
        "Danger: what we are worried could happen",
    ),
    (
        "screening",
        lambda w, d: ScreeningForm(d, family=w.family),
        "rationale",
        LONG,
        "Why you chose this level",
    ),
    ("screening", lambda w, d: ScreeningForm(d, family=w.family), FIRST_INDICATOR, 500, None),
    ("plan", lambda w, d: PlanForm(d), "summary", LONG, "What the plan is for"),
    (
        "plan action",
        lambda w, d: PlanActionForm(d, workers=[w.worker]),
        "description",
        SHORT,
        "What will happen",
    ),
    (
        "referral",
        lambda w, d: ReferralForm(d, family=w.family, kind="mash"),
        "outcome",
        LONG,
        "Outcome",
    ),
    ("status", lambda w, d: StatusForm(d, family=w.family), "reason", SHORT, "Reason"),
    (
        "share",
        lambda w, d: ShareForm(d, organisations=Organisation.objects.all()),
        "notes",
        SHORT,
        "Notes",
    ),
    ("strength", lambda w, d: StrengthForm(d), "text", SHORT, "What do you want to record"),
    (
        "profile",
        lambda w, d: ProfileForm(d, instance=w.young_person),
        "concerns",
        LONG,
        "What we are worried about",
    ),
    ("profile", lambda w, d: ProfileForm(d, instance=w.young_person), "language", 200, "Languages"),
    ("person on the map", lambda w, d: PersonForm(d), "notes", LONG, "Notes"),
    ("place on the map", lambda w, d: PlaceForm(d), "notes", LONG, "Notes"),
    ("end a tie", lambda w, d: EndConnectionForm(d), "reason", 300, "Why has this tie ended"),
    (
        "break-glass",
        lambda w, d: BreakGlassForm(d),
        "reason_text",
        SHORT,
        "Tell us what is happening",
    ),
    ("break-glass review", lambda w, d: ReviewForm(d), "notes", SHORT, "Notes"),
    ("new family", lambda w, d: NewFamilyForm(d), "family_name", 200, "Family name"),
    ("check your wording", lambda w, d: CheckWordingForm(d), "text", LONG, "Your wording"),
]


@pytest.mark.parametrize(
    ("build", "field", "limit", "label"),
    [pytest.param(*c[1:], id=f"{c[0]}: {c[2]}") for c in CASES],
)
def test_each_form_refuses_text_over_its_limit_and_keeps_it(
    world: RecordsWorld, build: Build, field: str, limit: int, label: str | None
) -> None:
    typed = "Jayden said " + "x" * limit  # over the limit by the first words
    form = build(world, {field: typed})
    assert not form.is_valid()
    [message] = form.errors[field]
    assert message.endswith(f" must be {limit:,} characters or fewer")
    if label is not None:
        assert message == f"{label} must be {limit:,} characters or fewer"
    assert form[field].value() == typed  # kept, to be shortened rather than typed again
    widget = str(form[field])
    assert "Jayden said xxx" in widget
    assert "maxlength" not in widget  # a browser would cut a pasted note short without a word

    just_fits = build(world, {field: typed[:limit]})
    just_fits.is_valid()
    assert field not in just_fits.errors


def test_a_text_box_with_no_limit_of_its_own_gets_the_long_note_limit() -> None:
    from django import forms

    from relsafe.core.forms import GovUKForm

    class Anything(GovUKForm):
        words = forms.CharField(label="Anything else (optional)", widget=forms.Textarea)

    form = Anything({"words": "a" * (LONG + 1)})
    assert form.errors["words"] == ["Anything else must be 20,000 characters or fewer"]


# --- No way round the forms ----------------------------------------------------------------------


def test_a_service_refuses_a_one_megabyte_note(world: RecordsWorld) -> None:
    with pytest.raises(ValidationError) as refused:
        record_services.record_contact(
            actor=world.worker,
            family=world.family,
            kind=Contact.Kind.HOME_VISIT,
            occurred_at=timezone.now() - dt.timedelta(hours=1),
            discussed="x" * 1_000_000,
        )
    assert refused.value.message_dict == {
        "discussed": ["Discussed must be 20,000 characters or fewer"]
    }
    assert not Contact.objects.exists()


def test_an_optimistic_update_refuses_text_over_the_limit(world: RecordsWorld) -> None:
    contact = ContactFactory.create(family=world.family, recorded_by=world.worker)
    with pytest.raises(ValidationError) as refused:
        record_services.update_contact(
            actor=world.worker,
            contact=contact,
            expected_version=contact.version,
            changes={"parent_voice": "y" * (LONG + 1)},
        )
    assert "parent_voice" in refused.value.message_dict
    with pytest.raises(ValidationError):
        update_if_unchanged(contact, contact.version, actions_agreed="z" * (LONG + 1))
    contact.refresh_from_db()
    assert contact.version == 1


def test_a_plain_save_refuses_text_over_the_limit_on_any_database(world: RecordsWorld) -> None:
    """SQLite does not enforce a column's length and PostgreSQL's text has none: the check
    before every save does, for CharFields as for TextFields."""
    contact = ContactFactory.create(family=world.family, recorded_by=world.worker)
    contact.present = "p" * 501
    with pytest.raises(ValidationError, match="500 characters or fewer"):
        contact.save()
    world.young_person.health = "h" * (LONG + 1)
    with pytest.raises(ValidationError, match="20,000 characters or fewer"):
        world.young_person.save()


def test_a_service_in_another_app_refuses_too(world: RecordsWorld) -> None:
    with pytest.raises(ValidationError) as refused:
        case_services.add_strength(
            actor=world.worker,
            young_person=world.young_person,
            kind="strength",
            text="s" * (SHORT + 1),
        )
    assert "text" in refused.value.message_dict
