"""The family portal's pages: the quick-exit target, the interruption page that explains it and
the safety content page (GOV.UK "Exit a page quickly" pattern); invitations and setting a
password; messages between a family and their workers; parents' check-ins; a young person's space.
Thin: each calls one selector or service."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from relsafe.access.decorators import role_required
from relsafe.access.policy import Action
from relsafe.accounts.middleware import ends_session
from relsafe.accounts.people import AuthenticatedRequest
from relsafe.accounts.roles import CASEWORK_ROLES, FAMILY_ROLES, Role
from relsafe.cases.selectors import get_young_person
from relsafe.core import files
from relsafe.core.editing import ConflictPage, EditPage
from relsafe.core.forms import apply_validation_error
from relsafe.portal import selectors, services
from relsafe.portal.calendar import appointment_ics
from relsafe.portal.charts import check_in_chart_svg
from relsafe.portal.forms import (
    AppointmentForm,
    CancelAppointmentForm,
    CheckInForm,
    InviteForm,
    MessageForm,
    RearrangeForm,
    SetPasswordForm,
    SpaceForm,
)
from relsafe.portal.scales import CHECK_IN_SCALES, TRUST_STATEMENTS

# "cache" also drops pages kept for the back button; "cookies" the session and CSRF cookies;
# "storage" anything a script stored. The browser does this itself, even if the server is slow.
CLEAR_SITE_DATA = '"cache", "cookies", "storage"'


@ends_session
@require_safe
def exit_page(request: HttpRequest) -> HttpResponse:
    """Where "Exit this page" goes (a plain link, so it works without JavaScript): end the
    session on the server, tell the browser to forget this site, and leave for a neutral page.

    A GET with a side effect on purpose: it must work from the button, Shift x3 and the
    secondary link alike. It only ever ends a family member's session, so a forged link can do
    no more than sign a parent or young person out. Staff never see the button; one who follows
    a link here stays signed in and goes back to their start page, told how to sign out. The
    redirect has no body or title, is never stored, and tells the neutral site nothing about
    where the person came from.
    """
    if not services.quick_exit(request=request):
        messages.info(
            request,
            "You are still signed in. 'Exit this page' is for parents and young people. "
            "To sign out, use 'Sign out'.",
        )
        response = redirect("core:start")
        response["Cache-Control"] = "no-store"
        return response
    response = HttpResponseRedirect(settings.EXIT_THIS_PAGE_URL)
    response["Clear-Site-Data"] = CLEAR_SITE_DATA
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _safe_next(request: HttpRequest) -> str:
    """The page to carry on to after the interruption page: only ever one on this site."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@login_required
@role_required(FAMILY_ROLES)
@require_http_methods(["GET", "HEAD", "POST"])
def interruption(request: AuthenticatedRequest) -> HttpResponse:
    """Shown once after a parent's or young person's first sign-in, and whenever they open it
    from their account page: how to leave quickly, before they see any family information.
    "Continue" remembers it has been seen."""
    next_url = _safe_next(request)
    if request.method == "POST":
        services.mark_exit_guidance_seen(user=request.user)
        return redirect(next_url)
    return render(
        request,
        "portal/interruption.html",
        {"next": next_url, "exit_site": urlsplit(settings.EXIT_THIS_PAGE_URL).hostname},
    )


@require_safe
def staying_safe_online(request: HttpRequest) -> HttpResponse:
    """Safety advice anyone can read, signed in or not: no case data here."""
    return render(
        request,
        "portal/staying_safe_online.html",
        {"exit_site": urlsplit(settings.EXIT_THIS_PAGE_URL).hostname},
    )


# --- Invitations (worker side) ----------------------------------------------------------------------


def _posted(request: HttpRequest) -> Any:
    """The posted data, even when empty (an empty POST must still show its errors)."""
    return request.POST if request.method == "POST" else None


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


@login_required
@role_required(CASEWORK_ROLES)
@require_http_methods(["GET", "HEAD", "POST"])
def invite(request: AuthenticatedRequest, family_pk: int, kind: str, pk: int) -> HttpResponse:
    """Invite a parent, carer or young person into the portal, or give them a new link. The link
    is shown once, on the page that answers the POST (never in a URL, never stored)."""
    person = selectors.family_member(
        user=request.user, family_pk=family_pk, kind=kind, pk=pk, request=request
    )
    has_account = person.portal_user_id is not None
    form = InviteForm(_posted(request))
    if has_account:
        form.fields["email"].required = False
    if request.method == "POST" and (has_account or form.is_valid()):
        try:
            invitation, token = services.invite_family_member(
                actor=request.user,
                person=person,
                email="" if has_account else form.cleaned_data["email"],
                request=request,
            )
        except ValidationError as error:
            apply_validation_error(form, error, field="email")
        else:
            link = request.build_absolute_uri(reverse("portal:join", args=[token]))
            return _no_store(
                render(
                    request,
                    "portal/invitation_link.html",
                    {"invitation": invitation, "person": person, "link": link},
                )
            )
    return render(
        request,
        "portal/invite.html",
        {"form": form, "person": person, "family": person.family, "has_account": has_account},
    )


@login_required
@role_required(CASEWORK_ROLES)
@require_POST
def invitation_withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    invitation = selectors.get_invitation(user=request.user, pk=pk, request=request)
    try:
        services.withdraw_invitation(actor=request.user, invitation=invitation, request=request)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, "The link has been withdrawn. It no longer works.")
    return redirect(reverse("cases:family", args=[invitation.family_id]) + "#portal")


# --- Setting a password from a link (anyone with the link) ------------------------------------------

INVITATION_PROBLEMS = {
    "unknown": "This link does not work",
    "used": "This link has already been used",
    "withdrawn": "This link has been withdrawn",
    "expired": "This link has expired",
}


@sensitive_post_parameters("password", "password_again")
@require_http_methods(["GET", "HEAD", "POST"])
def join(request: HttpRequest, token: str) -> HttpResponse:
    """Set a password from an invitation link: once, within 72 hours. A link that cannot be used
    gets a page that says why and what to do, never an error code."""
    invitation, state = selectors.invitation_from_link(token)
    if invitation is None or state != "open":
        services.refuse_invitation(state=state, request=request)
        response = render(
            request,
            "portal/invitation_problem.html",
            {"heading": INVITATION_PROBLEMS[state], "state": state},
            status=410 if state in ("used", "withdrawn", "expired") else 404,
        )
        response["Referrer-Policy"] = "no-referrer"
        return _no_store(response)
    form = SetPasswordForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.accept_invitation(
                token=token, password=form.cleaned_data["password"], request=request
            )
        except services.InvitationUnusable as problem:
            services.refuse_invitation(state=problem.state, request=request)
            return _no_store(
                render(
                    request,
                    "portal/invitation_problem.html",
                    {"heading": INVITATION_PROBLEMS[problem.state], "state": problem.state},
                    status=410,
                )
            )
        except ValidationError as error:
            apply_validation_error(form, error, field="password")
        else:
            messages.success(
                request,
                "Your password is set. Sign in with your email address and your new password.",
            )
            return redirect("accounts:sign-in")
    response = render(
        request,
        "portal/join.html",
        {"form": form, "email": invitation.user.email, "expires_at": invitation.expires_at},
    )
    response["Referrer-Policy"] = "no-referrer"
    return _no_store(response)


# --- Messages -----------------------------------------------------------------------------------------


def _message_page(
    request: AuthenticatedRequest, thread: selectors.Thread, *, template: str, success_url: str
) -> HttpResponse:
    form = MessageForm(_posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("attachment")
        try:
            services.send_message(
                actor=request.user,
                family=thread.family,
                body=form.cleaned_data["body"],
                attachment_name=upload.name if upload else "",
                attachment_data=files.read_upload(upload) if upload else b"",
                young_person=thread.young_person,
                request=request,
            )
        except ValidationError as error:
            apply_validation_error(form, error, field="body")
        else:
            messages.success(request, "Message sent.")
            return redirect(success_url)
    services.mark_thread_read(
        actor=request.user,
        family=thread.family,
        young_person=thread.young_person,
        request=request,
    )
    return render(
        request,
        template,
        {
            "thread": thread,
            "form": form,
            "family": thread.family,
            "young_person": thread.young_person,
        },
    )


@login_required
@role_required({Role.PARENT})
@require_http_methods(["GET", "HEAD", "POST"])
def own_messages(request: AuthenticatedRequest) -> HttpResponse:
    """A parent's messages with the workers supporting their family."""
    thread = selectors.own_thread(user=request.user, request=request)
    if thread is None:
        return render(request, "portal/no_family_yet.html", {"title": "Messages"})
    return _message_page(
        request, thread, template="portal/messages.html", success_url=reverse("portal:messages")
    )


@login_required
@role_required(CASEWORK_ROLES)
@require_http_methods(["GET", "HEAD", "POST"])
def family_messages(request: AuthenticatedRequest, family_pk: int) -> HttpResponse:
    """A worker's side of a family's messages."""
    thread = selectors.family_thread(user=request.user, family_pk=family_pk, request=request)
    return _message_page(
        request,
        thread,
        template="portal/family_messages.html",
        success_url=reverse("portal:family-messages", args=[family_pk]),
    )


@login_required
@role_required(CASEWORK_ROLES | FAMILY_ROLES)
@require_safe
def message_file(request: AuthenticatedRequest, pk: int) -> FileResponse:
    message = selectors.get_message_file(user=request.user, pk=pk, request=request)
    return files.download_response(
        folder=services.MESSAGE_FILES,
        stored_name=message.stored_name,
        file_type=message.file_type,
        filename=message.original_name,
    )


# --- Check-ins ------------------------------------------------------------------------------------------


def _trend_context(check_ins: list[Any], *, chart_id: str, title: str) -> dict[str, Any]:
    return {
        "check_ins": check_ins,
        "chart": check_in_chart_svg(check_ins, chart_id=chart_id, title=title),
        "scales": CHECK_IN_SCALES,
    }


@login_required
@role_required({Role.PARENT})
@require_http_methods(["GET", "HEAD", "POST"])
def check_in(request: AuthenticatedRequest) -> HttpResponse:
    """A parent's check-in: three short questions, and how their answers have moved."""
    family = selectors.family_of_member(user=request.user, action=Action.CHECK_IN)
    if family is None:
        return render(request, "portal/no_family_yet.html", {"title": "Check in"})
    form = CheckInForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.record_check_in(
                actor=request.user,
                family=family,
                coping=form.cleaned_data["coping"],
                understanding=form.cleaned_data["understanding"],
                confidence=form.cleaned_data["confidence"],
                note=form.cleaned_data["note"],
                request=request,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Thank you. Your check-in is saved.")
            return redirect("portal:check-in")
    check_ins = selectors.check_in_trend(request.user, family, request=request)
    return render(
        request,
        "portal/check_in.html",
        {
            "form": form,
            **_trend_context(check_ins, chart_id="my-check-ins", title="How you have been"),
        },
    )


@login_required
@role_required(CASEWORK_ROLES)
@require_safe
def family_check_ins(request: AuthenticatedRequest, family_pk: int) -> HttpResponse:
    """A worker sees how a family's parents say they are doing, over time."""
    family = selectors.family_for_check_ins(user=request.user, family_pk=family_pk, request=request)
    check_ins = selectors.check_in_trend(request.user, family, request=request)
    return render(
        request,
        "portal/family_check_ins.html",
        {
            "family": family,
            **_trend_context(
                check_ins, chart_id="family-check-ins", title="Parents' check-ins over time"
            ),
        },
    )


# --- The young person's space ---------------------------------------------------------------------------


@login_required
@role_required({Role.YOUNG_PERSON})
@require_http_methods(["GET", "HEAD", "POST"])
def space(request: AuthenticatedRequest) -> HttpResponse:
    """A young person's own space: who they trust, what is going well, what they want."""
    own = selectors.own_space(user=request.user, request=request)
    if own is None or not own.is_on:
        return render(request, "portal/space_closed.html")
    latest = own.latest
    initial: dict[str, Any] = {}
    if latest is not None:
        initial = {
            "trusted_adult": latest.trusted_adult,
            "going_well": latest.going_well,
            "want_to_happen": latest.want_to_happen,
            **{key: getattr(latest, key) for key, _ in TRUST_STATEMENTS},
        }
    form = SpaceForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_space_entry(
                actor=request.user,
                young_person=own.young_person,
                trusted_adult=form.cleaned_data["trusted_adult"],
                ratings=form.ratings(),
                going_well=form.cleaned_data["going_well"],
                want_to_happen=form.cleaned_data["want_to_happen"],
                request=request,
            )
        except ValidationError as error:
            apply_validation_error(form, error, field="trusted_adult")
        else:
            messages.success(request, "Saved. Your worker will see what you wrote.")
            return redirect("portal:space")
    return render(request, "portal/space.html", {"form": form, "space": own})


@login_required
@role_required(CASEWORK_ROLES)
@require_POST
def space_switch(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A worker opens or closes a young person's space."""
    young_person = get_young_person(user=request.user, pk=pk, request=request)
    on = request.POST.get("on") == "1"
    services.switch_space(actor=request.user, young_person=young_person, on=on, request=request)
    messages.success(
        request,
        f"{young_person.short_name}'s space is {'open' if on else 'closed'}.",
    )
    return redirect(reverse("cases:family", args=[young_person.family_id]) + "#portal")


# --- A young person's own messages (item 3) ---------------------------------------------------------------


@login_required
@role_required({Role.YOUNG_PERSON})
@require_http_methods(["GET", "HEAD", "POST"])
def my_messages(request: AuthenticatedRequest) -> HttpResponse:
    """A young person's own messages with their worker (their parents never see them)."""
    thread = selectors.own_young_person_thread(user=request.user, request=request)
    if thread is None:
        return render(request, "portal/space_closed.html")
    return _message_page(
        request,
        thread,
        template="portal/my_messages.html",
        success_url=reverse("portal:my-messages"),
    )


@login_required
@role_required(CASEWORK_ROLES)
@require_http_methods(["GET", "HEAD", "POST"])
def young_person_messages(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A worker's side of one young person's own messages."""
    thread = selectors.young_person_thread(user=request.user, pk=pk, request=request)
    return _message_page(
        request,
        thread,
        template="portal/young_person_messages.html",
        success_url=reverse("portal:young-person-messages", args=[pk]),
    )


# --- Appointments: the worker's side -----------------------------------------------------------------------


@login_required
@role_required(CASEWORK_ROLES)
@require_safe
def appointments(request: AuthenticatedRequest, family_pk: int) -> HttpResponse:
    """A family's appointments: what is coming, and what was held or cancelled."""
    found = selectors.family_appointments(user=request.user, family_pk=family_pk, request=request)
    return render(
        request,
        "portal/appointments.html",
        {"family": found.family, "upcoming": found.upcoming, "past": found.past},
    )


def _appointment_edit_page(
    request: AuthenticatedRequest,
    *,
    family: Any,
    appointment: Any,
    save: Any,
    success_message: str,
) -> HttpResponse:
    return EditPage(
        template="portal/appointment_form.html",
        form=lambda data, saved: AppointmentForm(
            data,
            appointment=saved,
            version=saved.version if saved is not None else None,
        ),
        record=appointment,
        save=save,
        success_url=reverse("portal:appointments-family", args=[family.pk]),
        success_message=success_message,
        context={"family": family, "appointment": appointment},
        error_field="day",
        conflict=ConflictPage(
            title="Change an appointment", fields_template="portal/_appointment_fields.html"
        ),
    ).respond(request)


@login_required
@role_required(CASEWORK_ROLES)
@require_http_methods(["GET", "HEAD", "POST"])
def appointment_new(request: AuthenticatedRequest, family_pk: int) -> HttpResponse:
    """A worker arranges an appointment or meeting with the family."""
    family = selectors.family_appointments(
        user=request.user, family_pk=family_pk, request=request
    ).family

    def save(form: AppointmentForm) -> Any:
        return services.arrange_appointment(
            actor=request.user, family=family, values=form.values(), request=request
        )

    return _appointment_edit_page(
        request,
        family=family,
        appointment=None,
        save=save,
        success_message="Appointment arranged",
    )


@login_required
@role_required(CASEWORK_ROLES)
@require_http_methods(["GET", "HEAD", "POST"])
def appointment_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A worker changes a planned appointment (a colleague's change since is a conflict)."""
    appointment = selectors.get_appointment(user=request.user, pk=pk, request=request)

    def save(form: AppointmentForm) -> Any:
        return services.change_appointment(
            actor=request.user,
            appointment=appointment,
            expected_version=form.cleaned_data["version"],
            values=form.values(),
            request=request,
        )

    return _appointment_edit_page(
        request,
        family=appointment.family,
        appointment=appointment,
        save=save,
        success_message="Appointment changed",
    )


@login_required
@role_required(CASEWORK_ROLES)
@require_http_methods(["GET", "HEAD", "POST"])
def appointment_cancel(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A worker cancels an appointment, saying why if they wish."""
    appointment = selectors.get_appointment(user=request.user, pk=pk, request=request)
    form = CancelAppointmentForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_appointment(
                actor=request.user,
                appointment=appointment,
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except ValidationError as error:
            apply_validation_error(form, error, field="reason")
        else:
            messages.success(request, "Appointment cancelled")
            return redirect("portal:appointments-family", family_pk=appointment.family_id)
    return render(
        request,
        "portal/appointment_cancel.html",
        {"form": form, "appointment": appointment, "family": appointment.family},
    )


@login_required
@role_required(CASEWORK_ROLES)
@require_POST
def appointment_held(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A worker records that an appointment took place."""
    appointment = selectors.get_appointment(user=request.user, pk=pk, request=request)
    try:
        services.mark_appointment_held(actor=request.user, appointment=appointment, request=request)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, "Recorded as held. It is in the family's chronology.")
    return redirect("portal:appointments-family", family_pk=appointment.family_id)


# --- Appointments: the parent's side ------------------------------------------------------------------------


@login_required
@role_required({Role.PARENT})
@require_safe
def own_appointments(request: AuthenticatedRequest) -> HttpResponse:
    """A parent's coming appointments and meetings with the people supporting them."""
    if selectors.family_of_member(user=request.user, action=Action.SEE_APPOINTMENTS) is None:
        return render(request, "portal/no_family_yet.html", {"title": "Appointments"})
    rows = selectors.own_appointments(user=request.user, request=request)
    return render(request, "portal/own_appointments.html", {"appointments": rows})


@login_required
@role_required({Role.PARENT})
@require_safe
def appointment_calendar(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """One appointment as a calendar file. It says only "Appointment" unless the parent chose
    calendar entries with detail (their safe-contact decision): a calendar is seen by others."""
    appointment = selectors.own_appointment(user=request.user, pk=pk, request=request)
    detail = selectors.calendar_shows_detail(user=request.user, family=appointment.family)
    response = HttpResponse(
        appointment_ics(appointment, detail=detail), content_type="text/calendar; charset=utf-8"
    )
    response["Cache-Control"] = "no-store"
    response["Content-Disposition"] = 'attachment; filename="appointment.ics"'
    return response


@login_required
@role_required({Role.PARENT})
@require_http_methods(["GET", "HEAD", "POST"])
def appointment_rearrange(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A parent asks to move an appointment: a message to their worker that names it."""
    appointment = selectors.own_appointment(user=request.user, pk=pk, request=request)
    form = RearrangeForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.ask_to_rearrange(
                actor=request.user,
                appointment=appointment,
                body=form.cleaned_data["body"],
                request=request,
            )
        except ValidationError as error:
            apply_validation_error(form, error, field="body")
        else:
            messages.success(request, "Your message has been sent. Your worker will reply here.")
            return redirect("portal:messages")
    return render(
        request, "portal/appointment_rearrange.html", {"form": form, "appointment": appointment}
    )
