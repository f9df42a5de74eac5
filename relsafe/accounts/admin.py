"""The Django admin for organisations, teams, people and their sessions.

Only administrators who passed MFA reach it (``middleware.RequireMFAMiddleware``), and each sees
and changes only their own organisation: its people, teams and sessions (``accounts.selectors``,
``manageable_*``), with form choices limited to match. Nobody changes their own role,
organisation or team. Every change it makes is also written to the audit trail
(``audit_log_entry``), and role, team and active-flag changes go through ``accounts.services``
(``add_person``, ``change_work``), so a change that opens case data waits for a second
administrator's approval (``RoleChangeRequestAdmin``) exactly as it would anywhere else.
"""

from __future__ import annotations

import json
from typing import Any, cast
from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import RelatedOnlyFieldListFilter
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import BaseUserCreationForm
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import ForeignKey, Model, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from relsafe.accounts import selectors, services
from relsafe.accounts.middleware import current_admin_request
from relsafe.accounts.models import Organisation, RoleChangeRequest, Team, User, UserSession
from relsafe.accounts.people import signed_in_user
from relsafe.accounts.reauth import recently_reauthenticated
from relsafe.accounts.roles import Role
from relsafe.audit.models import AuditAction
from relsafe.audit.services import record

_FLAG_WORDS = {ADDITION: "added", CHANGE: "changed", DELETION: "deleted"}
# Set on the request by PersonAdmin.save_model when the change only waits for approval.
_WAITING_ATTR = "relsafe_role_change_waiting"


def audit_log_entry(entry: LogEntry) -> None:
    """Copy one admin LogEntry into the audit trail (called from a post_save signal)."""
    content_type = cast(ContentType | None, entry.content_type)
    record(
        action=AuditAction.ADMIN_CHANGE,
        actor=entry.user,
        request=current_admin_request.get(),
        object_type=f"{content_type.app_label}.{content_type.model}" if content_type else "",
        object_id=entry.object_id or "",
        reason=entry.get_change_message()[:500],
        detail={"change": _FLAG_WORDS.get(entry.action_flag, str(entry.action_flag))},
    )


class AuditedAdmin(admin.ModelAdmin[Any]):
    """Bulk deletions write their LogEntry rows with bulk_create, which sends no signal."""

    def log_deletions(self, request: HttpRequest, queryset: Any) -> Any:
        entries = super().log_deletions(request, queryset)
        if isinstance(entries, list) and len(entries) > 1:
            for entry in entries:
                audit_log_entry(entry)
        return entries


class StepUpAdmin(admin.ModelAdmin[Any]):
    """Changing who someone is, what they may do or how they sign in asks the administrator to
    confirm who they are first (ASVS 7.5.1), as our own sensitive pages do. They come back to
    the page by GET; a list action is chosen again."""

    def _confirm_first(self, request: HttpRequest) -> HttpResponse | None:
        if recently_reauthenticated(request):
            return None
        query = urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(f"{reverse('accounts:confirm-identity')}?{query}")

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> Any:
        if request.method == "POST" and request.POST.get("action"):
            refused = self._confirm_first(request)
            if refused is not None:
                return refused
        return super().changelist_view(request, extra_context)


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    """An administrator sees and renames only their own organisation. Its kind (charity,
    council, police force) is fixed, and new organisations are set up by whoever runs relsafe."""

    list_display = ("name", "kind", "created_at")
    search_fields = ("name",)
    readonly_fields = ("kind", "created_at")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Organisation]:
        return super().get_queryset(request) & selectors.manageable_organisations(
            actor=signed_in_user(request)
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(Team)
class TeamAdmin(AuditedAdmin):
    list_display = ("name", "organisation")
    search_fields = ("name",)
    list_select_related = ("organisation",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Team]:
        return super().get_queryset(request) & selectors.manageable_teams(
            actor=signed_in_user(request)
        )

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> Any:
        if db_field.name == "organisation":
            kwargs["queryset"] = selectors.manageable_organisations(actor=signed_in_user(request))
            kwargs["initial"] = getattr(request.user, "organisation_id", None)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class PersonCreationForm(BaseUserCreationForm[User]):
    """A new person with a first password; the password rules for their role apply. Only in the
    administrator's own organisation, in a role and team that fit it (``services.add_person``)."""

    actor: Any = None  # the administrator, set by PersonAdmin.get_form

    class Meta:
        model = User
        fields = ("email", "full_name", "role", "organisation", "team")

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("A person with this email address already exists.")
        return email

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if not cleaned.get("role") or not cleaned.get("organisation"):
            return cleaned
        newcomer = User(
            role=cleaned["role"], organisation=cleaned["organisation"], team=cleaned.get("team")
        )
        try:
            services.check_new_person(actor=self.actor, person=newcomer)
        except services.NotPermitted as refusal:
            raise ValidationError(str(refusal)) from refusal
        return cleaned


class PersonChangeForm(forms.ModelForm[User]):
    """No password field at all: not even its hash summary is shown."""

    actor: Any = None  # the administrator, set by PersonAdmin.get_form

    class Meta:
        model = User
        fields = ("email", "full_name", "role", "team", "is_active")

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("A person with this email address already exists.")
        return email

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        # On their own page an administrator's role and team are read-only (not in the form).
        role = cleaned.get("role") if "role" in self.fields else self.instance.role
        team = cleaned.get("team") if "team" in self.fields else self.instance.team
        if not role:
            return cleaned
        try:
            services.check_work(actor=self.actor, person=self.instance, role=role, team=team)
        except services.NotPermitted as refusal:
            raise ValidationError(str(refusal)) from refusal
        return cleaned


def _noting_waiting(request: HttpRequest, message: Any) -> Any:
    """The admin's own change message says 'Changed role' even when the change only waits for
    approval: say so, so the trail never reads as if it had been made."""
    waiting = getattr(request, _WAITING_ATTR, None)
    if waiting is None:
        return message
    text = LogEntry(change_message=message if isinstance(message, str) else json.dumps(message))
    return (
        f"{text.get_change_message()} Not yet made: {waiting.summary} waits for a second "
        f"administrator's approval (request {waiting.pk})."
    ).strip()


@admin.register(User)
class PersonAdmin(AuditedAdmin, StepUpAdmin, UserAdmin):  # type: ignore[type-arg]  # our User is not an AbstractUser
    form = PersonChangeForm
    add_form = PersonCreationForm
    list_display = ("full_name", "email", "role", "team", "is_active", "last_login")
    list_filter = ("role", ("team", RelatedOnlyFieldListFilter), "is_active")
    search_fields = ("full_name", "email")
    ordering = ("full_name",)
    list_select_related = ("organisation", "team__organisation")
    filter_horizontal = ()
    readonly_fields = ("is_staff", "last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("email", "full_name")}),
        (
            "Work",
            {
                "fields": ("role", "organisation", "team", "waiting_for_approval"),
                "description": (
                    "Giving someone a casework, manager, police or administrator role, a team, "
                    "or switching them back on waits for another administrator of your "
                    "organisation to approve it. Taking access away happens at once."
                ),
            },
        ),
        (
            "Status",
            {
                "fields": ("is_active", "is_staff", "last_login", "date_joined"),
                "description": "Unticking 'active' signs the person out everywhere at once.",
            },
        ),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "email",
                    "full_name",
                    "role",
                    "organisation",
                    "team",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    actions = ["end_all_sessions", "reset_authenticator"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        return super().get_queryset(request) & selectors.manageable_people(
            actor=signed_in_user(request)
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))
        if obj is None:
            return fields
        # Someone's organisation is fixed once they are added; an administrator's own role and
        # team are not theirs to change.
        fields += ["organisation", "waiting_for_approval"]
        if obj.pk == request.user.pk:
            fields += ["role", "team"]
        return fields

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        form.actor = request.user  # type: ignore[attr-defined]  # a class made per request
        return form

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> Any:
        if db_field.name == "organisation":
            kwargs["queryset"] = selectors.manageable_organisations(actor=signed_in_user(request))
            kwargs["initial"] = getattr(request.user, "organisation_id", None)
            kwargs["required"] = True
        elif db_field.name == "team":
            kwargs["queryset"] = selectors.manageable_teams(actor=signed_in_user(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="Waiting for approval")
    def waiting_for_approval(self, obj: User) -> str:
        pending = selectors.pending_role_change(person=obj)
        if pending is None:
            return "Nothing"
        return f"{pending.summary} (asked by {pending.requested_by or 'someone since removed'})"

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> Any:
        return self._confirm_first(request) or super().add_view(request, form_url, extra_context)

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> Any:
        return self._confirm_first(request) or super().change_view(
            request, object_id, form_url, extra_context
        )

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> Any:
        """An administrator sets a new password for someone who forgot theirs, after checking who
        they are. Their MFA stays in place (ASVS 6.4.3) and every session they hold ends. Only
        for their own organisation's people (the page looks them up through get_queryset)."""
        refused = self._confirm_first(request)
        if refused is not None:
            return refused
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            person = self.get_queryset(request).filter(pk=id).first()
            if person is not None and person != request.user:
                services.end_sessions(user=person, ended_by=request.user)
        return response

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        if not change:
            waiting = services.add_person(person=obj, added_by=request.user)
        else:
            before = User.objects.get(pk=obj.pk)
            role, team, active = obj.role, obj.team, obj.is_active
            obj.role, obj.team, obj.is_active = before.role, before.team, before.is_active
            super().save_model(request, obj, form, change)  # name and email
            waiting = services.change_work(
                person=obj, role=role, team=team, is_active=active, changed_by=request.user
            )
        if waiting is not None:
            setattr(request, _WAITING_ATTR, waiting)
            self.message_user(
                request,
                f"{obj}: {waiting.summary} waits for another administrator of "
                f"{waiting.organisation} to approve it. Until then their access is as it was.",
                messages.WARNING,
            )

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        return super().log_change(request, obj, _noting_waiting(request, message))

    def log_addition(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        return super().log_addition(request, obj, _noting_waiting(request, message))

    @admin.action(description="Sign the selected people out everywhere", permissions=["change"])
    def end_all_sessions(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        ended = sum(services.end_sessions(user=u, ended_by=request.user) for u in queryset)
        self.message_user(request, f"Ended {ended} session(s).", messages.SUCCESS)

    @admin.action(
        description="Reset authenticator app (after checking who they are)",
        permissions=["change"],
    )
    def reset_authenticator(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for person in queryset:
            services.remove_authenticator(
                user=person, removed_by=request.user, reason="administrator reset"
            )
        self.message_user(
            request,
            "Authenticator removed. Staff must set up a new one at their next sign-in.",
            messages.SUCCESS,
        )


@admin.register(UserSession)
class UserSessionAdmin(StepUpAdmin):
    """Read-only list of who in the organisation is signed in where. The session key itself is
    never shown."""

    list_display = ("user", "created_at", "last_seen_at", "ip_address", "browser")
    list_filter = ("user__role",)
    search_fields = ("user__email", "user__full_name", "ip_address")
    list_select_related = ("user",)
    fields = ("user", "created_at", "last_seen_at", "ip_address", "user_agent")
    readonly_fields = fields
    actions = ["end_selected_sessions"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[UserSession]:
        return super().get_queryset(request) & selectors.manageable_sessions(
            actor=signed_in_user(request)
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_end_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("accounts.view_usersession")

    @admin.action(description="End the selected sessions", permissions=["end"])
    def end_selected_sessions(self, request: HttpRequest, queryset: QuerySet[UserSession]) -> None:
        count = 0
        for session in queryset.select_related("user"):
            services.end_session(
                user=session.user, session_id=session.pk, current_key=None, ended_by=request.user
            )
            count += 1
        self.message_user(request, f"Ended {count} session(s).", messages.SUCCESS)


@admin.register(RoleChangeRequest)
class RoleChangeRequestAdmin(StepUpAdmin):
    """Changes that would open case data, waiting for a second administrator of the same
    organisation. Nothing here is edited: each is approved (and only then made) or rejected, by
    someone other than whoever asked and other than the person it is about."""

    list_display = (
        "person",
        "change",
        "requested_by",
        "requested_at",
        "status",
        "decided_by",
        "decided_at",
    )
    list_filter = ("status",)
    search_fields = ("person__full_name", "person__email")
    fields = list_display
    readonly_fields = list_display
    actions = ["approve_selected", "reject_selected"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[RoleChangeRequest]:
        return selectors.role_changes_for(actor=signed_in_user(request))

    @admin.display(description="Change")
    def change(self, obj: RoleChangeRequest) -> str:
        return obj.summary

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_decide_permission(self, request: HttpRequest) -> bool:
        return bool(
            request.user.has_perm("accounts.view_rolechangerequest")
            and getattr(request.user, "role", None) == Role.ADMINISTRATOR
        )

    @admin.action(description="Approve the selected changes", permissions=["decide"])
    def approve_selected(self, request: HttpRequest, queryset: QuerySet[RoleChangeRequest]) -> None:
        for change in queryset:
            try:
                decided = services.approve_role_change(change=change, approved_by=request.user)
            except services.NotPermitted as refusal:
                self.message_user(request, f"{change.person}: {refusal}.", messages.ERROR)
                continue
            if decided.status == RoleChangeRequest.Status.APPROVED:
                self.message_user(
                    request, f"{change.person}: {change.summary}: made.", messages.SUCCESS
                )
            elif decided.status == RoleChangeRequest.Status.WITHDRAWN:
                self.message_user(
                    request,
                    f"{change.person}: not made. Their work changed after it was asked: ask "
                    "again if it is still needed.",
                    messages.WARNING,
                )
            else:
                self.message_user(
                    request,
                    f"{change.person}: already {decided.get_status_display().lower()}.",
                    messages.INFO,
                )

    @admin.action(description="Reject the selected changes", permissions=["decide"])
    def reject_selected(self, request: HttpRequest, queryset: QuerySet[RoleChangeRequest]) -> None:
        for change in queryset:
            try:
                services.reject_role_change(change=change, rejected_by=request.user)
            except services.NotPermitted as refusal:
                self.message_user(request, f"{change.person}: {refusal}.", messages.ERROR)
                continue
            self.message_user(request, f"{change.person}: not made.", messages.SUCCESS)


# Groups follow roles (services.sync_role_groups) and device secrets must never be on screen:
# an administrator resets an authenticator with the action on the person instead.
for _model in (Group, TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
