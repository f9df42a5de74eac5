"""The Django admin for organisations, teams, people and their sessions.

Only administrators who passed MFA reach it (``middleware.RequireMFAMiddleware``). Every change it
makes is also written to the audit trail (``audit_log_entry``), and role and active-flag changes go
through ``accounts.services`` so they have the same effects and audit entries as anywhere else.
"""

from __future__ import annotations

from typing import Any, cast
from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import BaseUserCreationForm
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from relsafe.accounts import services
from relsafe.accounts.middleware import current_admin_request
from relsafe.accounts.models import Organisation, Team, User, UserSession
from relsafe.accounts.reauth import recently_reauthenticated
from relsafe.audit.models import AuditAction
from relsafe.audit.services import record

_FLAG_WORDS = {ADDITION: "added", CHANGE: "changed", DELETION: "deleted"}


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


class AuditedAdmin(admin.ModelAdmin):
    """Bulk deletions write their LogEntry rows with bulk_create, which sends no signal."""

    def log_deletions(self, request: HttpRequest, queryset: Any) -> Any:
        entries = super().log_deletions(request, queryset)
        if isinstance(entries, list) and len(entries) > 1:
            for entry in entries:
                audit_log_entry(entry)
        return entries


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ("name", "kind", "created_at")
    list_filter = ("kind",)
    search_fields = ("name",)


@admin.register(Team)
class TeamAdmin(AuditedAdmin):
    list_display = ("name", "organisation")
    list_filter = ("organisation",)
    search_fields = ("name", "organisation__name")
    list_select_related = ("organisation",)


class PersonCreationForm(BaseUserCreationForm):
    """A new person with a first password; the password rules for their role apply."""

    class Meta:
        model = User
        fields = ("email", "full_name", "role", "organisation", "team")

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("A person with this email address already exists.")
        return email


class PersonChangeForm(forms.ModelForm):
    """No password field at all: not even its hash summary is shown."""

    class Meta:
        model = User
        fields = ("email", "full_name", "role", "organisation", "team", "is_active")

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("A person with this email address already exists.")
        return email


@admin.register(User)
class PersonAdmin(AuditedAdmin, UserAdmin):
    form = PersonChangeForm
    add_form = PersonCreationForm
    list_display = ("full_name", "email", "role", "organisation", "team", "is_active", "last_login")
    list_filter = ("role", "organisation", "team", "is_active")
    search_fields = ("full_name", "email")
    ordering = ("full_name",)
    list_select_related = ("organisation", "team__organisation")
    filter_horizontal = ()
    readonly_fields = ("is_staff", "last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("email", "full_name")}),
        ("Work", {"fields": ("role", "organisation", "team")}),
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

    def _confirm_first(self, request: HttpRequest) -> HttpResponse | None:
        """Changing who someone is, what they may do or how they sign in asks the administrator
        to confirm who they are first (ASVS 7.5.1), as our own sensitive pages do. They come back
        to the page by GET; a list action is chosen again."""
        if recently_reauthenticated(request):
            return None
        query = urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(f"{reverse('accounts:confirm-identity')}?{query}")

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

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> Any:
        if request.method == "POST" and request.POST.get("action"):
            refused = self._confirm_first(request)
            if refused is not None:
                return refused
        return super().changelist_view(request, extra_context)

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> Any:
        """An administrator sets a new password for someone who forgot theirs, after checking who
        they are. Their MFA stays in place (ASVS 6.4.3) and every session they hold ends."""
        refused = self._confirm_first(request)
        if refused is not None:
            return refused
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            person = User.objects.filter(pk=id).first()
            if person is not None and person != request.user:
                services.end_sessions(user=person, ended_by=request.user)
        return response

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        if not change:
            super().save_model(request, obj, form, change)
            services.finish_new_person(user=obj, created_by=request.user)
            return
        before = User.objects.get(pk=obj.pk)
        new_role, new_active = obj.role, obj.is_active
        obj.role, obj.is_active = before.role, before.is_active
        super().save_model(request, obj, form, change)
        if new_role != before.role:
            services.change_role(user=obj, role=new_role, changed_by=request.user)
        if before.is_active and not new_active:
            services.deactivate_person(user=obj, deactivated_by=request.user)
        elif new_active and not before.is_active:
            services.reactivate_person(user=obj, reactivated_by=request.user)

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
class UserSessionAdmin(admin.ModelAdmin):
    """Read-only list of who is signed in where. The session key itself is never shown."""

    list_display = ("user", "created_at", "last_seen_at", "ip_address", "browser")
    list_filter = ("user__role", "user__organisation")
    search_fields = ("user__email", "user__full_name", "ip_address")
    list_select_related = ("user",)
    fields = ("user", "created_at", "last_seen_at", "ip_address", "user_agent")
    readonly_fields = fields
    actions = ["end_selected_sessions"]

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


# Groups follow roles (services.sync_role_groups) and device secrets must never be on screen:
# an administrator resets an authenticator with the action on the person instead.
for _model in (Group, TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
