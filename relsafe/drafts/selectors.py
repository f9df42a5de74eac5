"""Reading drafts: only their owner, only while they have not expired, and only while the owner
may still see the family. A form page asks :func:`draft_for_form` what to offer and what to bind."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TypeVar

from django.conf import settings
from django.db.models import QuerySet
from django.forms import BaseForm
from django.forms.utils import ErrorDict
from django.http import HttpRequest, QueryDict
from django.utils import timezone

from relsafe.access import policy
from relsafe.access.policy import Action
from relsafe.accounts.models import User
from relsafe.accounts.people import AnyUser
from relsafe.audit.models import AuditAction
from relsafe.audit.services import record
from relsafe.cases.models import Family
from relsafe.drafts import keys
from relsafe.drafts.models import Draft
from relsafe.drafts.services import forget_draft, retention

F = TypeVar("F", bound=BaseForm)

RESTORE_PARAM = "draft"
RESTORE_VALUE = "restore"


def live_drafts(user: AnyUser) -> QuerySet[Draft]:
    """The person's own drafts that have not expired. Nobody reads anyone else's."""
    if not isinstance(user, User) or not user.is_authenticated:
        return Draft.objects.none()
    return Draft.objects.filter(owner=user, updated_at__gte=timezone.now() - retention())


def get_own_draft(*, user: User, pk: int, request: HttpRequest | None = None) -> Draft:
    """One of the person's own live drafts; anyone else's is a 404, audited as a refusal."""
    draft = live_drafts(user).filter(pk=pk).first()
    if draft is None:
        raise policy.not_found(
            user, Action.DISCARD_DRAFT, object_type="drafts.draft", object_id=pk, request=request
        )
    return draft


def as_form_data(draft: Draft) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, values in draft.fields.items():
        data.setlist(name, list(values))
    return data


@dataclass
class DraftForm:
    """What a form page needs to keep and offer drafts.

    ``data`` is what to bind the form to: the POST, the restored draft, or None. ``pending`` is a
    draft newer than the saved record, offered in the banner; ``restored`` the one put back."""

    key: str
    token: str
    data: QueryDict | None
    pending: Draft | None = None
    restored: Draft | None = None

    @property
    def delay_seconds(self) -> int:
        """How long after typing stops the page saves a draft."""
        return int(settings.DRAFT_AUTOSAVE_SECONDS)

    def quiet(self, form: F) -> F:
        """A restored draft is half-written on purpose: show its text, not "enter X" errors."""
        if self.restored is not None:
            form._errors = ErrorDict()  # type: ignore[attr-defined]
        return form

    def forget(self, *, actor: User, request: HttpRequest) -> None:
        """The form was saved: its draft is no longer needed."""
        forget_draft(actor=actor, form_key=self.key, request=request)


def draft_for_form(
    *,
    user: User,
    request: HttpRequest,
    family: Family | None,
    changed_at: dt.datetime | None,
) -> DraftForm:
    """Call after the page's own access check. ``changed_at`` is when the record was last saved
    (None for a new record): only a draft written after that is offered."""
    key = keys.form_key(request)
    token = keys.issue(user=user, request=request, family_id=family.pk if family else None)
    if request.method == "POST":
        return DraftForm(key=key, token=token, data=request.POST or None)
    draft = live_drafts(user).filter(form_key=key).first()
    if draft is not None and family is not None and not policy.can_view_family(user, family):
        draft = None
    if draft is None or (changed_at is not None and draft.updated_at <= changed_at):
        return DraftForm(key=key, token=token, data=None)
    if request.GET.get(RESTORE_PARAM) == RESTORE_VALUE:
        record(
            action=AuditAction.VIEW,
            actor=user,
            request=request,
            obj=draft,
            family_id=draft.family_id,
            detail={"form": key, "restored": True},
        )
        return DraftForm(key=key, token=token, data=as_form_data(draft), restored=draft)
    return DraftForm(key=key, token=token, data=None, pending=draft)
