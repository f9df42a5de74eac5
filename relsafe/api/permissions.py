"""What a token may do: any signed-in staff token reads; only a read-write token writes. Which
families and records it reaches is decided by the same selectors and services as the pages."""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from relsafe.accounts.roles import STAFF_ROLES
from relsafe.api.models import ApiToken


class ScopeTooSmall(PermissionDenied):
    default_code = "scope_too_small"
    default_detail = "This token is read only: make a read-and-write token to change records."


class TokenScope(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        token = request.auth
        if not isinstance(token, ApiToken):
            return False
        if request.method not in SAFE_METHODS and not token.may_write:
            raise ScopeTooSmall()
        return True


class SignedInStaff(BasePermission):
    """The schema: for staff signed in on the web or holding a token."""

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(
            user is not None
            and getattr(user, "is_authenticated", False)
            and user.role in STAFF_ROLES
        )
