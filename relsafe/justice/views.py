"""Criminal justice pages. Thin: parse input, call one selector or service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from relsafe.access.decorators import role_required
from relsafe.accounts.people import AuthenticatedRequest
from relsafe.accounts.roles import CASEWORK_ROLES, FAMILY_ROLES, Role
from relsafe.cases.models import YoungPerson
from relsafe.cases.selectors import get_family
from relsafe.core.editing import ConflictPage, EditPage
from relsafe.intelligence import services as intelligence_services
from relsafe.intelligence.forms import SubmissionForm
from relsafe.justice import calendar, selectors, services
from relsafe.justice.forms import (
    AttendanceForm,
    CalendarDetailForm,
    CaseForm,
    ChildForm,
    HearingForm,
    IntimidationForm,
    MeasureForm,
    RightsForm,
    StageForm,
    SupportContactForm,
    SupportStepForm,
    SuspectForm,
    WitnessForm,
)
from relsafe.justice.models import (
    CaseChild,
    CriminalJusticeCase,
    Hearing,
    MeasureApplication,
    SupportStep,
    WitnessSupport,
)
from relsafe.language.forms import age_of

WRITERS = CASEWORK_ROLES
READERS = CASEWORK_ROLES | {Role.POLICE_ANALYST}
FEED_USERS = READERS | FAMILY_ROLES
FORM = "justice/form.html"


def _case_url(case: CriminalJusticeCase, anchor: str = "") -> str:
    return reverse("justice:case", args=[case.pk]) + (f"#{anchor}" if anchor else "")


def _page(heading: str, case: CriminalJusticeCase, **extra: Any) -> dict[str, Any]:
    return {"heading": heading, "case": case, "family": case.family, **extra}


# --- The family's cases and one case -------------------------------------------------------------


@login_required
@role_required(READERS)
@require_safe
def family_cases(request: AuthenticatedRequest, family_pk: int) -> HttpResponse:
    family, cases = selectors.family_cases(user=request.user, family_pk=family_pk, request=request)
    return render(
        request,
        "justice/family_cases.html",
        {
            "family": family,
            "cases": cases,
            "can_manage": selectors.policy.can(
                request.user, selectors.Action.MANAGE_JUSTICE, family=family
            ),
        },
    )


@login_required
@role_required(WRITERS)
def case_create(request: AuthenticatedRequest, family_pk: int) -> HttpResponse:
    family = get_family(user=request.user, pk=family_pk, request=request)

    def save(form: CaseForm) -> CriminalJusticeCase:
        data = form.cleaned_data
        return services.open_case(
            actor=request.user,
            family=family,
            reported_on=data["reported_on"],
            request=request,
            **form.changes(),
        )

    return EditPage(
        template=FORM,
        form=lambda data, _: CaseForm(data),
        save=save,
        success_url=lambda case: _case_url(case),
        success_message="Criminal justice case opened.",
        context={
            "heading": "Open a criminal justice case",
            "family": family,
            "back": reverse("justice:family-cases", args=[family.pk]),
            "submit": "Open the case",
        },
    ).respond(request)


@login_required
@role_required(READERS)
@require_safe
def case_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = selectors.get_case(user=request.user, pk=pk, request=request)
    page = selectors.case_page(user=request.user, case=case)
    return render(request, "justice/case.html", {"page": page, "case": case, "family": case.family})


@login_required
@role_required(WRITERS)
def case_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = selectors.get_case(user=request.user, pk=pk, request=request)

    def save(form: CaseForm) -> CriminalJusticeCase:
        return services.update_case(
            actor=request.user,
            case=case,
            expected_version=form.cleaned_data.get("version") or 0,
            changes=form.changes(),
            request=request,
        )

    return EditPage(
        template=FORM,
        form=lambda data, saved: CaseForm(data, editing=True, initial=CaseForm.initial_from(saved)),
        record=case,
        save=save,
        success_url=_case_url(case),
        success_message="Case details saved.",
        context=_page("Change the case details", case, submit="Save details"),
        conflict=ConflictPage(title="Change a criminal justice case", changed_by=""),
    ).respond(request)


@login_required
@role_required(WRITERS)
def stage_move(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = selectors.get_case(user=request.user, pk=pk, request=request)
    choices = selectors.case_page(user=request.user, case=case).next_stages

    def save(form: StageForm) -> CriminalJusticeCase:
        return services.move_stage(
            actor=request.user, case=case, request=request, **form.cleaned_data
        )

    return EditPage(
        template=FORM,
        form=lambda data, _: StageForm(data, choices=choices),
        save=save,
        success_url=_case_url(case, "stages"),
        success_message=lambda saved: f"The case is now at '{saved.get_stage_display()}'.",
        context=_page(
            "Move the case to its next stage",
            case,
            submit="Save stage",
            intro=f"The case is at '{case.get_stage_display()}' since {case.stage_since:%-d %B %Y}. "
            "A stage cannot go backwards.",
        ),
    ).respond(request)


@login_required
@role_required(WRITERS)
def child_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = selectors.get_case(user=request.user, pk=pk, request=request)

    def save(form: ChildForm) -> CaseChild:
        return services.add_child(
            actor=request.user, case=case, request=request, **form.cleaned_data
        )

    return EditPage(
        template=FORM,
        form=lambda data, _: ChildForm(data, family=case.family),
        save=save,
        success_url=_case_url(case, "children"),
        success_message="Child added to the case.",
        context=_page("Add a child to the case", case, submit="Add child"),
    ).respond(request)


@login_required
@role_required(WRITERS)
def suspect_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = selectors.get_case(user=request.user, pk=pk, request=request)

    choices = selectors.people_of_concern_choices(user=request.user, family=case.family)

    def save(form: SuspectForm) -> Any:
        return services.add_suspect(
            actor=request.user, case=case, request=request, **form.cleaned_data
        )

    return EditPage(
        template=FORM,
        form=lambda data, _: SuspectForm(data, choices=choices),
        save=save,
        success_url=_case_url(case, "suspects"),
        success_message="Suspect added.",
        context=_page("Add a suspect", case, submit="Add suspect", intro=SUSPECT_INTRO),
    ).respond(request)


SUSPECT_INTRO = (
    "Record a suspect by reference only: the name the team uses and, if this family's workers "
    "named them in information sent to the police, that person. Do not copy police details here. "
    "The family never sees this."
)


@login_required
@role_required(WRITERS)
def suspect_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    suspect = selectors.get_suspect(user=request.user, pk=pk, request=request)
    case = suspect.case
    choices = selectors.people_of_concern_choices(user=request.user, family=case.family)

    def save(form: SuspectForm) -> Any:
        return services.update_suspect(
            actor=request.user, suspect=suspect, request=request, **form.cleaned_data
        )

    return EditPage(
        template=FORM,
        form=lambda data, _: SuspectForm(
            data, choices=choices, initial=SuspectForm.initial_from(suspect)
        ),
        save=save,
        success_url=_case_url(case, "suspects"),
        success_message="Suspect saved.",
        context=_page(
            f'Change the suspect "{suspect.known_as}"', case, submit="Save", intro=SUSPECT_INTRO
        ),
    ).respond(request)


# --- Hearings ------------------------------------------------------------------------------------


@login_required
@role_required(WRITERS)
def hearing_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = selectors.get_case(user=request.user, pk=pk, request=request)

    def save(form: HearingForm) -> Hearing:
        return services.schedule_hearing(
            actor=request.user, case=case, request=request, **form.values()
        )

    return EditPage(
        template=FORM,
        form=lambda data, _: HearingForm(data, initial={"shared_with_family": True}),
        save=save,
        success_url=_case_url(case, "hearings"),
        success_message="Hearing listed.",
        context=_page("List a hearing", case, submit="Save hearing"),
    ).respond(request)


@login_required
@role_required(WRITERS)
def hearing_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    hearing = selectors.get_hearing(user=request.user, pk=pk, request=request)
    case = hearing.case

    def save(form: HearingForm) -> Hearing:
        changes = {**form.values(), "outcome": form.cleaned_data["outcome"]}
        return services.update_hearing(
            actor=request.user,
            hearing=hearing,
            expected_version=form.cleaned_data.get("version") or 0,
            changes=changes,
            request=request,
        )

    return EditPage(
        template=FORM,
        form=lambda data, saved: HearingForm(data, initial=HearingForm.initial_from(saved)),
        record=hearing,
        save=save,
        success_url=_case_url(case, "hearings"),
        success_message="Hearing saved.",
        context=_page("Change a hearing", case, submit="Save hearing"),
        conflict=ConflictPage(title="Change a hearing", changed_by=""),
    ).respond(request)


# --- Witness support -----------------------------------------------------------------------------


@login_required
@role_required(READERS)
@require_safe
def witness_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    witness = selectors.get_witness(user=request.user, pk=pk, request=request)
    case = witness.child.case
    return render(
        request,
        "justice/witness.html",
        {
            "witness": witness,
            "case": case,
            "family": case.family,
            "concerns": selectors.concern_views(user=request.user, witness=witness),
            "can_manage": selectors.policy.can(
                request.user, selectors.Action.MANAGE_JUSTICE, family=case.family
            ),
        },
    )


def _witness_url(witness: WitnessSupport) -> str:
    return reverse("justice:witness", args=[witness.pk])


@login_required
@role_required(WRITERS)
def witness_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    witness = selectors.get_witness(user=request.user, pk=pk, request=request)
    case = witness.child.case

    def save(form: WitnessForm) -> WitnessSupport:
        return services.update_witness(
            actor=request.user,
            witness=witness,
            expected_version=form.cleaned_data.get("version") or 0,
            changes=form.changes(),
            request=request,
        )

    return EditPage(
        template=FORM,
        form=lambda data, saved: WitnessForm(data, initial=WitnessForm.initial_from(saved)),
        record=witness,
        save=save,
        success_url=_witness_url(witness),
        success_message="Support saved.",
        context=_page(
            f"Support for {witness.child.young_person.short_name}",
            case,
            submit="Save support",
            back=_witness_url(witness),
        ),
        conflict=ConflictPage(title="Change witness support", changed_by=""),
    ).respond(request)


@login_required
@role_required(WRITERS)
def measure_record(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    witness = selectors.get_witness(user=request.user, pk=pk, request=request)

    def save(form: MeasureForm) -> MeasureApplication:
        return services.record_measure(
            actor=request.user, witness=witness, request=request, **form.cleaned_data
        )

    return EditPage(
        template=FORM,
        form=lambda data, _: MeasureForm(data, initial=_measure_initial(request, witness)),
        save=save,
        success_url=_witness_url(witness),
        success_message=lambda m: f"{m.get_measure_display()}: {m.get_status_display().lower()}.",
        context=_page(
            f"Special measures for {witness.child.young_person.short_name}",
            witness.child.case,
            submit="Save special measure",
            back=_witness_url(witness),
            intro="Youth Justice and Criminal Evidence Act 1999, sections 23 to 30. Record the "
            "application, then come back to record the court's decision.",
        ),
    ).respond(request)


def _measure_initial(request: HttpRequest, witness: WitnessSupport) -> dict[str, Any]:
    """Opening the page for one measure (?measure=s24) starts from what is saved for it."""
    code = request.GET.get("measure", "")
    saved = next((m for m in witness.measures.all() if m.measure == code), None)
    if saved is None:
        return {"measure": code, "status": MeasureApplication.Status.APPLIED}
    return {
        "measure": saved.measure,
        "status": saved.status,
        "applied_on": saved.applied_on,
        "decided_on": saved.decided_on,
        "recording_on": saved.recording_on,
        "note": saved.note,
    }


@login_required
@role_required(WRITERS)
def attendance_record(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    witness = selectors.get_witness(user=request.user, pk=pk, request=request)
    case = witness.child.case

    def save(form: AttendanceForm) -> Any:
        return services.record_attendance(
            actor=request.user, witness=witness, request=request, **form.cleaned_data
        )

    return EditPage(
        template=FORM,
        form=lambda data, _: AttendanceForm(data, case=case),
        save=save,
        success_url=_witness_url(witness),
        success_message="Attendance recorded.",
        context=_page(
            f"Did {witness.child.young_person.short_name} attend?",
            case,
            submit="Save attendance",
            back=_witness_url(witness),
        ),
    ).respond(request)


@login_required
@role_required(WRITERS)
def intimidation_record(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    witness = selectors.get_witness(user=request.user, pk=pk, request=request)
    child_age = age_of(witness.child.young_person)

    def save(form: IntimidationForm) -> Any:
        return services.record_intimidation(
            actor=request.user, witness=witness, request=request, **form.cleaned_data
        )

    return EditPage(
        template=FORM,
        form=lambda data, _: IntimidationForm(data, child_age=child_age),
        save=save,
        success_url=_witness_url(witness),
        success_message="Intimidation concern recorded. Tell the officer in charge today.",
        context=_page(
            "Record an intimidation concern",
            witness.child.case,
            submit="Save concern",
            back=_witness_url(witness),
        ),
    ).respond(request)


@login_required
@role_required(WRITERS)
def concern_to_police(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """ "Pass to police as intelligence": the intelligence form, filled in from the concern. The
    worker grades it and saves; the next page is intelligence's own police copy and "confirm it
    is you" before anything is sent."""
    concern = selectors.get_concern(user=request.user, pk=pk, request=request)
    witness = concern.witness
    family = witness.child.case.family
    if concern.intelligence_reference:
        messages.info(
            request,
            f"This concern was passed on as intelligence ({concern.intelligence_reference}).",
        )
        return redirect(_witness_url(witness))
    if concern.intelligence_submission_id:
        return redirect("intelligence:submission-edit", concern.intelligence_submission_id)
    forces = intelligence_services.forces_for(family)
    initial = selectors.intelligence_start(concern, forces=forces)

    def save(form: SubmissionForm) -> Any:
        return services.pass_concern_to_police(
            actor=request.user, concern=concern, details=form.details(), request=request
        )

    return EditPage(
        template="intelligence/submission_form.html",
        form=lambda data, _: SubmissionForm(data, family=family, forces=forces, initial=initial),
        save=save,
        success_url=lambda s: reverse("intelligence:submission-send", args=[s.pk]),
        success_message="Saved, not sent yet. Check what the police will see.",
        context={
            "family": family,
            "forces": forces,
            "back_url": _witness_url(witness),
            "from_concern": concern,
        },
    ).respond(request)


# --- Victims' Code -------------------------------------------------------------------------------


def _rights(request: AuthenticatedRequest, pk: int, kind: str, person_pk: int) -> HttpResponse:
    case = selectors.get_case(user=request.user, pk=pk, request=request)
    person = selectors.get_case_person(
        case=case, kind=kind, pk=person_pk, user=request.user, request=request
    )
    rows = selectors.rights_for(case=case, person=person)
    saved = {value: check for value, _, check in rows}
    name = person.short_name if isinstance(person, YoungPerson) else person.full_name

    def save(form: RightsForm) -> Any:
        return services.set_rights(
            actor=request.user, case=case, person=person, entries=form.entries(), request=request
        )

    return EditPage(
        template="justice/rights.html",
        form=lambda data, _: RightsForm(data, saved=saved),
        save=save,
        success_url=_case_url(case, "victims-code"),
        success_message=f"Victims' Code checklist saved for {name}.",
        context=_page(f"Victims' Code: {name}", case, person=person),
    ).respond(request)


@login_required
@role_required(WRITERS)
def rights_child(request: AuthenticatedRequest, pk: int, person_pk: int) -> HttpResponse:
    return _rights(request, pk, "child", person_pk)


@login_required
@role_required(WRITERS)
def rights_carer(request: AuthenticatedRequest, pk: int, person_pk: int) -> HttpResponse:
    return _rights(request, pk, "carer", person_pk)


# --- Support before, during and after ------------------------------------------------------------


@login_required
@role_required(WRITERS)
def support_contact(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = selectors.get_case(user=request.user, pk=pk, request=request)

    def save(form: SupportContactForm) -> Any:
        return services.record_support_contact(
            actor=request.user, case=case, request=request, **form.cleaned_data
        )

    return EditPage(
        template=FORM,
        form=lambda data, _: SupportContactForm(data),
        save=save,
        success_url=_case_url(case, "support"),
        success_message=lambda c: f"Support recorded ({c.get_stage_display()}).",
        context=_page(
            "Record support given",
            case,
            submit="Save support",
            intro="It is placed in the stage the case was in on that date.",
        ),
    ).respond(request)


@login_required
@role_required(WRITERS)
def support_step(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = selectors.get_case(user=request.user, pk=pk, request=request)

    def save(form: SupportStepForm) -> SupportStep:
        return services.record_support_step(
            actor=request.user, case=case, request=request, **form.cleaned_data
        )

    return EditPage(
        template=FORM,
        form=lambda data, _: SupportStepForm(data),
        save=save,
        success_url=_case_url(case, "support"),
        success_message=lambda s: f"{s.get_kind_display()}.",
        context=_page(
            "Review, step down or re-engage support",
            case,
            submit="Save",
            intro=f"Support is '{case.get_support_display()}'. After the verdict it goes on for as "
            "long as you decide, with a review date.",
        ),
    ).respond(request)


# --- Calendar feeds ------------------------------------------------------------------------------


def _calendar_page(
    request: AuthenticatedRequest, template: str, context: dict[str, Any]
) -> HttpResponse:
    """GET shows whether there is an address; POST ``rotate`` issues a new one (shown once, the
    old one stops working), POST ``detail`` saves a family member's choice."""
    user = request.user
    token = ""
    form = CalendarDetailForm(
        initial={"shows_detail": "yes" if selectors.shows_detail(user) else "no"}
    )
    if request.method == "POST":
        if request.POST.get("action") == "detail" and user.role in FAMILY_ROLES:
            form = CalendarDetailForm(request.POST)
            if form.is_valid():
                services.choose_calendar_detail(
                    actor=user, shows_detail=form.cleaned_data["shows_detail"], request=request
                )
        else:
            token = services.issue_calendar_feed(actor=user, request=request)
    feed_url = request.build_absolute_uri(calendar.feed_path(token)) if token else ""
    return render(
        request,
        template,
        {
            **context,
            "feed": selectors.live_feed(user=user),
            "feed_url": feed_url,
            "form": form,
            "shows_detail": selectors.shows_detail(user),
        },
    )


@never_cache
@login_required
@role_required(READERS)
def staff_calendar(request: AuthenticatedRequest) -> HttpResponse:
    return _calendar_page(request, "justice/calendar.html", {})


@never_cache
@login_required
@role_required(FAMILY_ROLES)
def family_calendar(request: AuthenticatedRequest, family_pk: int) -> HttpResponse:
    family = selectors.own_family_for_journey(
        user=request.user, family_pk=family_pk, request=request
    )
    return _calendar_page(request, "justice/family_calendar.html", {"family": family})


@require_safe
def feed(request: HttpRequest) -> HttpResponse:
    """The calendar itself, at its secret address (calendar apps cannot sign in). An unknown or
    rotated key is a plain 404. The key travels in the query string, which the access log never
    records (gunicorn.conf.py)."""
    found = selectors.feed_for_token(request.GET.get("key", ""))
    if found is None:
        raise Http404("Not found")
    events = selectors.feed_events(feed=found, request=request)
    response = HttpResponse(calendar.to_ics(events), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "no-store"
    response["Content-Disposition"] = 'inline; filename="relsafe.ics"'
    return response


# --- The family's court journey ------------------------------------------------------------------


@login_required
@role_required(FAMILY_ROLES)
@require_safe
def journey(request: AuthenticatedRequest, family_pk: int) -> HttpResponse:
    family = selectors.own_family_for_journey(
        user=request.user, family_pk=family_pk, request=request
    )
    journeys = selectors.court_journey(user=request.user, family=family, request=request)
    return render(
        request,
        "justice/journey.html",
        {
            "family": family,
            "journeys": journeys,
            "young": request.user.role == Role.YOUNG_PERSON,
        },
    )


# --- Reports -------------------------------------------------------------------------------------


@login_required
@role_required({Role.TEAM_MANAGER, Role.COMMISSIONER})
@require_safe
def report(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "justice/report.html",
        {"report": selectors.report(user=request.user, request=request)},
    )
