"""Journey 4 (PRODUCT.md §9): "Ghost" is charged; Jayden's video interview, live link, pre-recorded
cross-examination and an intermediary are applied for and granted; a pre-trial visit, transport and
childcare for his sister are arranged; he gives evidence by live link; after the verdict support
goes on. Precious sees each next step in the portal, and the hearing in her calendar feed. An
intimidation concern becomes partnership intelligence in one step."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import icalendar
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from relsafe.core.demo import DEMO_PASSWORD
from relsafe.intelligence import linking
from relsafe.intelligence.models import Submission
from relsafe.justice.models import CriminalJusticeCase
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SAM = "sam@parents-together.example"
DANA = "dana@parents-together.example"
PRECIOUS = "precious@family.example"
PRIYA = "priya@northbridge-police.example"
CONCERN = (
    "A car followed Jayden home from school and the driver shouted that he should keep his mouth "
    "shut at the trial."
)
TITLE = "Exploitation of Jayden (county lines)"


def _fill_measure(
    page: Any, code: str, status: str, *, decided: dt.date | None = None, **extra: str
) -> None:
    page.get_by_label("Special measure").select_option(code)
    page.get_by_label(status, exact=True).check()
    page.get_by_label("Applied for on").fill(
        (timezone.localdate() - dt.timedelta(days=3)).isoformat()
    )
    if decided:
        page.get_by_label("Decided on (granted or refused)").fill(decided.isoformat())
    for label, value in extra.items():
        page.get_by_label(label.replace("_", " ")).fill(value)
    page.get_by_role("button", name="Save special measure").click()


def _precious(browser: Any, live_server: Any) -> Any:
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    sign_in(page, PRECIOUS, DEMO_PASSWORD)
    if "/before-you-start/" in page.url:
        page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello Precious")
    return page


def _move_stage(page: Any, label: str) -> None:
    page.get_by_role("link", name="Move to the next stage").click()
    page.get_by_label(label, exact=True).check()
    page.get_by_label("Date", exact=True).fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Save stage").click()
    expect(page.get_by_text(f"The case is now at '{label}'.")).to_be_visible()


def test_jayden_gets_to_court_and_precious_sees_each_step(
    page: Any, browser: Any, live_server: Any, demo_world: Any
) -> None:
    today = timezone.localdate()
    trial_day = today + dt.timedelta(days=30)
    family = demo_world.families["jayden"]

    # Sam opens Jayden's family and the criminal justice case, still at the investigation.
    sign_in(page, SAM, DEMO_PASSWORD)
    page.goto(f"/families/{family.pk}/")
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    expect(page.get_by_text("Investigation since")).to_be_visible()
    assert_accessible(page)
    case_url = page.url

    # A hearing cannot be listed before the charge: clear error, nothing saved.
    page.get_by_role("link", name="List a hearing").click()
    page.get_by_label("Kind of hearing").select_option("trial")
    page.get_by_label("Court", exact=True).fill("Northbridge Crown Court")
    page.get_by_label("Date", exact=True).fill(trial_day.isoformat())
    page.get_by_label("Start time").fill("10:00")
    page.get_by_role("button", name="Save hearing").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_text("Record the charge before listing a hearing").first).to_be_visible()
    assert_accessible(page)

    # "Ghost" is charged.
    page.goto(case_url)
    page.get_by_role("link", name="Move to the next stage").click()
    assert_accessible(page)
    page.get_by_label("Charged", exact=True).check()
    page.get_by_label("Date", exact=True).fill(today.isoformat())
    page.get_by_role("button", name="Save stage").click()
    expect(page.get_by_text("The case is now at 'Charged'.")).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text='"Ghost"')).to_contain_text("Charged")

    # The trial is listed, shown to the family.
    page.get_by_role("link", name="List a hearing").click()
    page.get_by_label("Kind of hearing").select_option("trial")
    page.get_by_label("Court", exact=True).fill("Northbridge Crown Court")
    page.get_by_label("Courtroom (optional)").fill("Court 2")
    page.get_by_label("Date", exact=True).fill(trial_day.isoformat())
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("End time (optional)").fill("16:00")
    page.get_by_label("Who needs to attend (optional)").fill("Jayden (by live link), Sam")
    expect(
        page.get_by_label("Show this hearing to the family (portal and calendar)")
    ).to_be_checked()
    assert_accessible(page)
    page.get_by_role("button", name="Save hearing").click()
    expect(page.get_by_text("Hearing listed.")).to_be_visible()

    # Jayden's support as a witness: his video interview is on record; special measures.
    page.get_by_role("link", name="witness support for Jayden").click()
    expect(page.get_by_role("heading", name="Support for Jayden as a witness")).to_be_visible()
    expect(page.get_by_text("Not yet").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Record a special measure").click()
    assert_accessible(page)
    _fill_measure(page, "s24", "Applied for")
    expect(page.get_by_text("Live link (s24): applied for.")).to_be_visible()
    page.get_by_role("link", name="Live link (s24)").click()
    page.get_by_label("Granted", exact=True).check()
    page.get_by_label("Decided on (granted or refused)").fill(today.isoformat())
    page.get_by_role("button", name="Save special measure").click()
    expect(page.get_by_text("Live link (s24): granted.")).to_be_visible()
    page.get_by_role("link", name="Record a special measure").click()
    _fill_measure(page, "s27", "Granted", decided=today)
    page.get_by_role("link", name="Record a special measure").click()
    page.get_by_label("Recording date (section 28 only)").fill(
        (today + dt.timedelta(days=14)).isoformat()
    )
    _fill_measure(page, "s28", "Granted", decided=today)
    page.get_by_role("link", name="Record a special measure").click()
    _fill_measure(page, "s29", "Granted", decided=today, **{"Note (optional)": "Ms Ortiz"})
    expect(page.get_by_text("Registered intermediary (s29): granted.")).to_be_visible()
    measures = page.get_by_role("table", name="Special measures")
    expect(measures.get_by_text("Granted")).to_have_count(4)

    # The pre-trial visit, transport, and childcare for his sister Amara.
    page.get_by_role("link", name="Change the support for Jayden").click()
    page.get_by_label("Pre-trial court visit").fill(today.isoformat())
    page.get_by_label("Travel to court").fill("Taxi from home, booked by the witness service")
    page.get_by_label("Childcare arranged").fill("Auntie Grace looks after Amara after school")
    page.get_by_label("Who will be with them on the day").fill("Sam")
    page.get_by_label("What to bring").fill("His sketchbook and a snack")
    assert_accessible(page)
    page.get_by_role("button", name="Save support").click()
    expect(page.get_by_text("Support saved.")).to_be_visible()
    expect(page.get_by_text("Auntie Grace looks after Amara after school")).to_be_visible()

    # Precious sees the next step in plain words, and never the suspect.
    precious = _precious(browser, live_server)
    expect(precious.get_by_role("heading", name="Your court journey")).to_be_visible()
    assert_accessible(precious)
    precious.get_by_role("link", name="See your court journey").click()
    expect(precious.get_by_text("Someone has been charged")).to_be_visible()
    expect(precious.get_by_text("Live link (s24)")).to_be_visible()
    expect(precious.get_by_text("Registered intermediary (s29)")).to_be_visible()
    expect(precious.get_by_text(f"{trial_day:%A %-d %B %Y}")).to_be_visible()
    expect(precious.get_by_text("Auntie Grace looks after Amara after school")).to_be_visible()
    assert "Ghost" not in precious.content()
    assert_accessible(precious)

    # ...and the trial in her calendar, which says only "Appointment".
    precious.get_by_role("link", name="Add court dates to your calendar").click()
    assert_accessible(precious)
    precious.get_by_role("button", name="Get a calendar address").click()
    address = precious.get_by_label("Calendar address").input_value()
    assert_accessible(precious)
    feed = precious.request.get(address)
    assert feed.status == 200
    events = icalendar.Calendar.from_ical(feed.body()).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Appointment"]
    start = events[0].decoded("DTSTART")
    assert timezone.localtime(start).date() == trial_day
    assert "Crown" not in feed.text()

    # Jayden gives evidence by live link; the verdict; support goes on.
    page.goto(case_url)
    page.get_by_role("link", name="witness support for Jayden").click()
    page.get_by_role("link", name="Record attendance").click()
    page.get_by_label("Hearing", exact=True).select_option(index=1)
    page.get_by_label("Yes", exact=True).check()
    page.get_by_label("By live link").check()
    assert_accessible(page)
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_text("attended; gave evidence by live link")).to_be_visible()
    page.goto(case_url)
    for label in ("First hearing", "Plea", "Trial", "Verdict"):
        _move_stage(page, label)
    page.get_by_role("link", name="Review, step down or re-engage support").click()
    page.get_by_label("Support reviewed").check()
    page.get_by_label("Date", exact=True).fill(today.isoformat())
    page.get_by_label("Why").fill("Jayden and Precious want support to carry on after the verdict.")
    review = today + dt.timedelta(days=90)
    page.get_by_label("Next review (optional when stepping down or ending)").fill(
        review.isoformat()
    )
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(f"next review {review:%-d %B %Y}")).to_be_visible()
    page.get_by_role("link", name="Record support given").click()
    page.get_by_label("Date", exact=True).fill(today.isoformat())
    page.get_by_label("What support was given").fill("Sat with Precious after the verdict.")
    assert_accessible(page)
    page.get_by_role("button", name="Save support").click()
    expect(page.get_by_text("Support recorded (Verdict).")).to_be_visible()
    timeline = page.locator(".rs-justice-timeline")
    expect(timeline.get_by_text("Jayden attended; gave evidence by live link")).to_be_visible()
    expect(timeline.get_by_text("Support reviewed")).to_be_visible()
    assert_accessible(page)

    # Precious sees that support goes on after the verdict.
    precious.goto("/")
    precious.get_by_role("link", name="See your court journey").click()
    expect(precious.get_by_text("The court has reached a verdict")).to_be_visible()
    expect(precious.get_by_text(re.compile(f"again by {review:%-d %B %Y}"))).to_be_visible()
    precious.context.close()
    case = CriminalJusticeCase.objects.get(title=TITLE)
    assert case.stage == "verdict"


def test_every_other_court_support_page_passes_axe(page: Any, demo_world: Any) -> None:
    """The pages the journey does not pass through, as Sam and as Dana (figures)."""
    case = CriminalJusticeCase.objects.get(title=TITLE)
    family = case.family
    jayden = demo_world.young_people["jayden"]
    precious = family.carers.get(full_name="Precious Mensah")
    witness = case.children.get(young_person=jayden).witness
    sign_in(page, SAM, DEMO_PASSWORD)
    for url in (
        f"/justice/families/{family.pk}/",
        f"/justice/families/{family.pk}/new/",
        f"/justice/cases/{case.pk}/edit/",
        f"/justice/cases/{case.pk}/children/new/",
        f"/justice/cases/{case.pk}/suspects/new/",
        f"/justice/cases/{case.pk}/victims-code/child/{jayden.pk}/",
        f"/justice/cases/{case.pk}/victims-code/carer/{precious.pk}/",
        f"/justice/witnesses/{witness.pk}/intimidation/",
        "/justice/calendar/",
        f"/justice/cases/{CriminalJusticeCase.objects.get(family__reference='RS-0003').pk}/",
    ):
        response = page.goto(url)
        assert response.status == 200, url
        assert_accessible(page)
    hearing = CriminalJusticeCase.objects.get(family__reference="RS-0003").hearings.get(
        kind="trial"
    )
    page.goto(f"/justice/hearings/{hearing.pk}/edit/")
    assert_accessible(page)
    # An unmet right without a complaint route is refused, with the error by the field.
    page.goto(f"/justice/cases/{case.pk}/victims-code/carer/{precious.pk}/")
    page.get_by_label("Right 9: where it is").select_option("not_met")
    page.get_by_role("button", name="Save checklist").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    # Kai's case has waited long at the plea: flagged on Sam's start page.
    page.goto("/")
    expect(page.get_by_role("heading", name="Court cases waiting a long time")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, DANA, DEMO_PASSWORD)
    page.get_by_role("link", name="Court support figures").click()
    expect(page.get_by_role("heading", name="Court support figures")).to_be_visible()
    assert_accessible(page)


def test_an_intimidation_concern_goes_to_police_in_one_step(page: Any, demo_world: Any) -> None:
    """Jayden's family is frightened before the trial: Sam records it, passes it to police as
    intelligence from the witness page (the form filled in, his grading, the police copy after
    confirming it is him), and the concern shows the reference and the police status. "Ghost",
    now named in the family's report, is linked on the case, and Priya reaches her person of
    concern from it."""
    from tests.e2e.test_intelligence_journey import _confirm_it_is_you

    linking.forget_index()
    case = CriminalJusticeCase.objects.get(title=TITLE)
    witness = case.children.get(young_person=demo_world.young_people["jayden"]).witness
    sign_in(page, SAM, DEMO_PASSWORD)
    page.goto(f"/justice/witnesses/{witness.pk}/")
    page.get_by_role("link", name="Record an intimidation concern").click()
    page.get_by_label("When it was noticed").fill(timezone.localdate().isoformat())
    page.get_by_label("What happened").fill(CONCERN)
    page.get_by_role("button", name="Save concern").click()
    expect(page.get_by_text("Intimidation concern recorded.")).to_be_visible()
    assert_accessible(page)

    # One button: the intelligence form, filled in from the concern.
    page.get_by_role("button", name=re.compile(r"^Pass to police as intelligence")).click()
    expect(page.get_by_role("heading", name="Information for the police")).to_be_visible()
    expect(page.get_by_text("Filled in from the intimidation concern")).to_be_visible()
    expect(page.get_by_label("What was seen or heard")).to_have_value(CONCERN)
    expect(page.get_by_label("A worker (seen or heard directly)")).to_be_checked()
    expect(page.get_by_label("Jayden Mensah")).to_be_checked()
    expect(page.locator("#id_person_1_nickname")).to_have_value("Ghost")
    page.wait_for_load_state()
    assert_accessible(page)
    # Sam chooses the grading and the basis himself: 1/A/P.
    page.locator("#id_source_grade_0").check()
    page.locator("#id_information_grade_0").check()
    page.locator("#id_handling_0").check()
    page.locator("#id_lawful_basis_0").check()
    page.get_by_role("button", name="Save and check what the police will see").click()

    # Nothing reaches the police before Sam confirms it is him and sees the police copy.
    _confirm_it_is_you(page, SAM)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Check what the police will see")).to_be_visible()
    copy = page.locator("#police-copy")
    expect(copy).to_contain_text("1/A/P")
    for name in ("Jayden", "Precious", "Mensah"):
        expect(copy).not_to_contain_text(name)
    assert (
        not Submission.objects.filter(family=case.family, what_happened=CONCERN)
        .exclude(status="draft")
        .exists()
    )
    assert_accessible(page)
    page.get_by_role("button", name="Send to Northbridge Police").click()
    expect(page.get_by_text(re.compile(r"Sent to Northbridge Police as PI-\d+"))).to_be_visible()
    sent = Submission.objects.get(family=case.family, what_happened=CONCERN)

    # The witness page closes the loop: the reference and the police status.
    page.goto(f"/justice/witnesses/{witness.pk}/")
    expect(page.get_by_text(f"Passed on as intelligence ({sent.reference}) — New")).to_be_visible()
    expect(page.get_by_text(f"Police told {timezone.localdate():%-d %b %Y}")).to_be_visible()
    assert_accessible(page)

    # "Ghost" is linked to the person in the family's report.
    page.goto(f"/justice/cases/{case.pk}/")
    page.get_by_role("link", name='Change "Ghost"').click()
    page.get_by_label(
        "The same person in this family's reports to the police (optional)"
    ).select_option(str(sent.mentions.get(nickname="Ghost").pk))
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Suspect saved.")).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text='"Ghost"')).to_contain_text(
        f"named in {sent.reference}"
    )
    page.get_by_role("button", name="Sign out").click()

    # Priya, whose force the family is shared with, reaches her person of concern from the case.
    sign_in(page, PRIYA, DEMO_PASSWORD)
    page.goto(f"/justice/cases/{case.pk}/")
    assert sent.reference not in page.content()
    page.get_by_role(
        "link", name=re.compile("person of concern in your force's intelligence")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ghost")
    assert_accessible(page)
