"""What the API shows and accepts. Output serializers are read only; input serializers refuse
unknown fields, so a typo is a 400 rather than silently ignored."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from relsafe.access.sections import CONTENT_FREE_FIELDS
from relsafe.cases.models import Family, YoungPerson
from relsafe.core.text_limits import LONG_TEXT
from relsafe.plans.models import Plan, PlanAction, Referral
from relsafe.records.models import Contact, MissingEpisode, Tag

EARLIEST_YEAR, LATEST_YEAR = 1900, 2100


class Moment(serializers.DateTimeField):
    """A date and time in a sensible range: a year like 0964 is a typo, and far dates break
    deadline arithmetic and time-zone conversion."""

    def to_internal_value(self, value: Any) -> Any:
        parsed = super().to_internal_value(value)
        if not EARLIEST_YEAR <= parsed.year <= LATEST_YEAR:
            raise serializers.ValidationError(
                f"Give a date between {EARLIEST_YEAR} and {LATEST_YEAR}."
            )
        return parsed


class Day(serializers.DateField):
    """A date in the same sensible range as ``Moment``."""

    def to_internal_value(self, value: Any) -> Any:
        parsed = super().to_internal_value(value)
        if not EARLIEST_YEAR <= parsed.year <= LATEST_YEAR:
            raise serializers.ValidationError(
                f"Give a date between {EARLIEST_YEAR} and {LATEST_YEAR}."
            )
        return parsed


class Strict(serializers.Serializer):
    """An input body: a JSON object with only the declared fields."""

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, dict):
            raise serializers.ValidationError({"non_field_errors": ["Send a JSON object."]})
        unknown = sorted(set(data) - set(self.fields))
        if unknown:
            raise serializers.ValidationError({name: ["Unknown field."] for name in unknown})
        return super().to_internal_value(data)


class FamilySerializer(serializers.ModelSerializer):
    lead_organisation = serializers.CharField(source="lead_organisation.name")

    class Meta:
        model = Family
        fields = [
            "id",
            "reference",
            "name",
            "status",
            "lead_organisation",
            "opened_at",
            "closed_at",
            "review_due",
            "updated_at",
            "version",
        ]
        read_only_fields = fields


class YoungPersonSerializer(serializers.ModelSerializer):
    """A child's profile as this person may see it: the view passes ``fields_shown`` (from
    ``access.policy.visible_fields``); without it only the content-free fields are given."""

    def to_representation(self, instance: Any) -> Any:
        data = super().to_representation(instance)
        shown = self.context.get("fields_shown", CONTENT_FREE_FIELDS)
        return {name: value for name, value in data.items() if name in shown}

    class Meta:
        model = YoungPerson
        fields = [
            "id",
            "family",
            "first_name",
            "last_name",
            "preferred_name",
            "date_of_birth",
            "language",
            "version",
        ]
        read_only_fields = fields


class ContactSerializer(serializers.ModelSerializer):
    young_people = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    recorded_by_organisation = serializers.CharField(source="recorded_by_organisation.name")

    class Meta:
        model = Contact
        fields = [
            "id",
            "family",
            "kind",
            "occurred_at",
            "young_people",
            "present",
            "discussed",
            "young_person_voice",
            "parent_voice",
            "actions_agreed",
            "significant",
            "chronology_tag",
            "share_with_police",
            "recorded_by_organisation",
            "recorded_at",
            "updated_at",
            "version",
        ]
        read_only_fields = fields


def _text(required: bool = False) -> serializers.CharField:
    return serializers.CharField(
        required=required, allow_blank=not required, max_length=LONG_TEXT, trim_whitespace=True
    )


class ContactWrite(Strict):
    kind = serializers.ChoiceField(choices=Contact.Kind.choices)
    occurred_at = Moment()
    discussed = _text(required=True)
    young_people = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, max_length=50
    )
    present = serializers.CharField(required=False, allow_blank=True, max_length=500)
    young_person_voice = _text()
    parent_voice = _text()
    actions_agreed = _text()
    significant = serializers.BooleanField(required=False)
    chronology_tag = serializers.ChoiceField(choices=Tag.choices, required=False)
    share_with_police = serializers.BooleanField(required=False)


class ContactChange(ContactWrite):
    """A partial change (PATCH): every field optional."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["partial"] = True
        super().__init__(*args, **kwargs)


class ChronologyItemSerializer(serializers.Serializer):
    when = serializers.DateTimeField()
    kind = serializers.CharField()
    tag = serializers.CharField()
    title = serializers.CharField()
    body_text = serializers.CharField()
    organisation = serializers.CharField()
    young_people = serializers.ListField(child=serializers.CharField())


def _maybe_blank(choices: Any) -> serializers.ChoiceField:
    """A read-only choice that may be "" (not known yet): ModelSerializer drops ``allow_blank``
    from read-only fields, and then the schema would wrongly forbid ""."""
    return serializers.ChoiceField(choices=choices, allow_blank=True, read_only=True)


class MissingEpisodeSerializer(serializers.ModelSerializer):
    found_by = _maybe_blank(MissingEpisode.FoundBy.choices)

    class Meta:
        model = MissingEpisode
        fields = [
            "id",
            "family",
            "young_person",
            "reported_missing_at",
            "reported_by",
            "returned_at",
            "where_found",
            "found_by",
            "found_by_detail",
            "police_reference",
            "risk_level",
            "share_with_police",
            "recorded_at",
            "version",
        ]
        read_only_fields = fields


class MissingEpisodeWrite(Strict):
    young_person = serializers.IntegerField(min_value=1)
    reported_missing_at = Moment()
    reported_by = serializers.CharField(max_length=200)
    risk_level = serializers.ChoiceField(choices=MissingEpisode.Risk.choices)
    returned_at = Moment(required=False, allow_null=True)
    where_found = serializers.CharField(required=False, allow_blank=True, max_length=300)
    found_by = serializers.ChoiceField(
        choices=MissingEpisode.FoundBy.choices, required=False, allow_blank=True
    )
    found_by_detail = serializers.CharField(required=False, allow_blank=True, max_length=200)
    police_reference = serializers.CharField(required=False, allow_blank=True, max_length=50)
    share_with_police = serializers.BooleanField(required=False)


class PlanActionSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanAction
        fields = [
            "id",
            "plan",
            "description",
            "owner_type",
            "owner_name",
            "owner_user",
            "due_on",
            "status",
            "completed_on",
            "updated_at",
            "version",
        ]
        read_only_fields = fields


class PlanSerializer(serializers.ModelSerializer):
    actions = PlanActionSerializer(many=True, read_only=True)

    class Meta:
        model = Plan
        fields = [
            "id",
            "family",
            "summary",
            "review_on",
            "shared_with_family",
            "updated_at",
            "version",
            "actions",
        ]
        read_only_fields = fields


class PlanActionChange(Strict):
    description = serializers.CharField(required=False, max_length=2000)
    owner_type = serializers.ChoiceField(choices=PlanAction.OwnerType.choices, required=False)
    owner_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    owner_user = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        help_text="A worker in the team around the family.",
    )
    due_on = Day(required=False)
    status = serializers.ChoiceField(choices=PlanAction.Status.choices, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("partial", True)
        super().__init__(*args, **kwargs)


class PlanActionWrite(PlanActionChange):
    """A new action on the family's plan (POST)."""

    description = serializers.CharField(max_length=2000)
    owner_type = serializers.ChoiceField(choices=PlanAction.OwnerType.choices)
    due_on = Day()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["partial"] = False
        super().__init__(*args, **kwargs)


class ReferralSerializer(serializers.ModelSerializer):
    reasonable_grounds_outcome = _maybe_blank(Referral.Decision.choices)
    conclusive_grounds_outcome = _maybe_blank(Referral.Decision.choices)

    class Meta:
        model = Referral
        fields = [
            "id",
            "family",
            "young_person",
            "kind",
            "submitted_on",
            "reference",
            "reasonable_grounds_on",
            "reasonable_grounds_outcome",
            "conclusive_grounds_on",
            "conclusive_grounds_outcome",
            "meeting_on",
            "outcome_on",
            "next_decision",
            "next_decision_on",
            "updated_at",
            "version",
        ]
        read_only_fields = fields


class ReferralChange(Strict):
    """A change to a referral (PATCH): every field optional."""

    submitted_on = Day(required=False)
    reference = serializers.CharField(required=False, allow_blank=True, max_length=100)
    reasonable_grounds_on = Day(required=False, allow_null=True)
    reasonable_grounds_outcome = serializers.ChoiceField(
        choices=Referral.Decision.choices, required=False, allow_blank=True
    )
    conclusive_grounds_on = Day(required=False, allow_null=True)
    conclusive_grounds_outcome = serializers.ChoiceField(
        choices=Referral.Decision.choices, required=False, allow_blank=True
    )
    meeting_on = Day(required=False, allow_null=True)
    outcome_on = Day(required=False, allow_null=True)
    outcome = serializers.CharField(required=False, allow_blank=True, max_length=LONG_TEXT)


class ReferralWrite(ReferralChange):
    """A new referral (POST)."""

    young_person = serializers.IntegerField(min_value=1)
    kind = serializers.ChoiceField(choices=Referral.Kind.choices)
    submitted_on = Day()
