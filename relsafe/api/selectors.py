"""Reads for the token pages: a person sees only their own tokens."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from relsafe.accounts.models import User
from relsafe.api.models import ApiToken


def tokens_for(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def get_own_token(*, user: User, pk: int) -> ApiToken:
    token = tokens_for(user=user).filter(pk=pk).first()
    if token is None:
        raise Http404("No such token")
    return token
