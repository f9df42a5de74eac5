"""``Authorization: Bearer rs_<prefix>_<secret>``: a personal access token (api.ApiToken)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from relsafe.api.services import TokenRefused, check_token


class TokenFailed(exceptions.AuthenticationFailed):
    pass


class ApiTokenAuthentication(BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise TokenFailed("Send one token after 'Bearer'.", code="token_invalid")
        try:
            token = check_token(header[1].decode("ascii", "replace"))
        except TokenRefused as refused:
            raise TokenFailed(refused.message, code=refused.code) from refused
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "relsafe.api.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal access token from /api/tokens/: rs_<prefix>_<secret>.",
        }
