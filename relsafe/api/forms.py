from __future__ import annotations

from django import forms
from django.conf import settings

from relsafe.api.models import ApiToken
from relsafe.core.forms import GovUKForm


class TokenForm(GovUKForm):
    name = forms.CharField(
        label="What is this token for?",
        help_text="For example, 'MASH system sync'. Only you see it.",
        max_length=100,
        error_messages={"required": "Enter what this token is for"},
    )
    scope = forms.ChoiceField(
        label="What may it do?",
        choices=ApiToken.Scope.choices,
        widget=forms.RadioSelect,
        initial=ApiToken.Scope.READ,
        error_messages={"required": "Choose what the token may do"},
    )
    days = forms.IntegerField(
        label="For how many days?",
        help_text=f"At most {settings.API_TOKEN_MAX_DAYS}. It stops working after that.",
        min_value=1,
        max_value=settings.API_TOKEN_MAX_DAYS,
        initial=30,
        error_messages={
            "required": "Enter for how many days the token works",
            "invalid": "Enter a whole number of days",
            "min_value": "Enter at least 1 day",
            "max_value": f"Enter {settings.API_TOKEN_MAX_DAYS} days or fewer",
        },
    )
