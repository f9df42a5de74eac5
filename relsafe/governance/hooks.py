"""The share form's saved-form hook: a share between organisations names the agreement it relies
on. When exactly one agreement covers both organisations it is named at once; otherwise the worker
is asked to name one, or say why none applies, on the share's agreement page."""

from __future__ import annotations

from django.contrib import messages
from django.forms import BaseForm
from django.http import HttpRequest
from django.urls import reverse

from relsafe.accounts.people import signed_in_user
from relsafe.cases.forms import ShareForm
from relsafe.cases.models import OrganisationShare
from relsafe.governance import selectors, services


def after_share(request: HttpRequest, form: BaseForm) -> None:
    if not isinstance(form, ShareForm) or request.resolver_match is None:
        return
    family_pk = request.resolver_match.kwargs.get("pk")
    if family_pk is None:
        return
    share = (
        OrganisationShare.objects.filter(
            family_id=family_pk,
            organisation=form.cleaned_data.get("organisation"),
            revoked_at__isnull=True,
        )
        .select_related("family", "organisation")
        .order_by("-decided_at")
        .first()
    )
    if share is None:
        return
    agreements = list(selectors.agreements_for_share(share=share))
    if len(agreements) == 1:
        services.link_share_to_agreement(
            actor=signed_in_user(request), share=share, agreement=agreements[0], request=request
        )
        messages.info(request, f"This share relies on the agreement “{agreements[0]}”.")
        return
    url = reverse("governance:share-agreement", args=[share.pk])
    messages.warning(
        request,
        "Name the information-sharing agreement this share relies on, or say why none applies, "
        f"at {url}",
    )
