"""The REST API's views: thin, like the pages. Every read starts from the selectors that take the
user (the same ones the pages use, which audit reads of case data); every write calls the domain
services, which call ``access.policy.require``. Lists are audited here as one page view each."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils.dateparse import parse_datetime
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotAuthenticated, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from relsafe.access import policy
from relsafe.access.policy import Action, require
from relsafe.access.sections import Section
from relsafe.accounts.models import User
from relsafe.api import serializers as s
from relsafe.api.errors import PreconditionFailed, PreconditionRequired
from relsafe.audit.models import AuditAction
from relsafe.audit.services import record
from relsafe.cases import selectors as cases
from relsafe.cases.models import Family, YoungPerson
from relsafe.plans import selectors as plans
from relsafe.plans import services as plan_services
from relsafe.records import selectors as records
from relsafe.records import services as record_services

ErrorBody = inline_serializer(
    name="Error",
    fields={
        "error": inline_serializer(
            name="ErrorDetail",
            fields={
                "code": serializers.CharField(),
                "message": serializers.CharField(),
                "fields": serializers.DictField(
                    child=serializers.ListField(child=serializers.CharField())
                ),
            },
        )
    },
)
_ERR = OpenApiResponse(ErrorBody, description="The one error shape (docs/API.md).")
READ_ERRORS: dict[int, Any] = {c: _ERR for c in (400, 401, 403, 404, 429)}
WRITE_ERRORS: dict[int, Any] = {c: _ERR for c in (400, 401, 403, 404, 412, 413, 415, 428, 429)}

MODIFIED_SINCE = OpenApiParameter(
    "modified_since",
    OpenApiTypes.DATETIME,
    description="Only records changed at or after this time (ISO 8601), for synchronisation.",
)
IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=True,
    description="The ETag from your last read of this record.",
)

_ETAG = re.compile(r'^(?:W/)?"([a-z_]+)-(\d+)-v(\d+)"$')


def etag(obj: Model) -> str:
    return f'"{obj._meta.model_name}-{obj.pk}-v{obj.version}"'  # type: ignore[attr-defined]


def expected_version(request: Request, obj: Model) -> int:
    """The version the client read, from If-Match; 428 without one, 412 if it is not this record's
    current ETag (the service checks again inside its transaction)."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        raise PreconditionRequired()
    match = _ETAG.match(header)
    if not match or header.removeprefix("W/") != etag(obj):
        raise PreconditionFailed()
    return int(match.group(3))


def with_etag(response: Response, obj: Model) -> Response:
    response["ETag"] = etag(obj)
    return response


def modified_since(request: Request) -> dt.datetime | None:
    raw = request.query_params.get("modified_since")
    if raw is None:
        return None
    try:
        when = parse_datetime(raw)
    except ValueError:
        when = None
    if when is None:
        raise ValidationError({"modified_since": ["Give a date and time in ISO 8601."]})
    if when.tzinfo is None:
        raise ValidationError({"modified_since": ["Include a time zone, e.g. Z or +01:00."]})
    if not s.EARLIEST_YEAR <= when.year <= s.LATEST_YEAR:
        raise ValidationError({"modified_since": ["Give a date between 1900 and 2100."]})
    return when


class Base(generics.GenericAPIView):
    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        # Ids past the database's integer range are simply not found (never an overflow).
        if any(isinstance(v, int) and v > 2**62 for v in kwargs.values()):
            raise Http404

    @property
    def actor(self) -> User:
        user = self.request.user
        if not isinstance(user, User):  # TokenScope lets no one else through
            raise NotAuthenticated()
        return user

    @property
    def django_request(self) -> Any:
        return self.request._request

    work: Action | None = None  # the kind of work the endpoint needs, checked before any lookup

    def check_permissions(self, request: Request) -> None:
        """The token's scope (DRF permissions), then the kind of work, as the pages' role guards
        ask it: a refusal is audited by the policy and is a 403, before any family is looked up."""
        super().check_permissions(request)
        if self.work is not None:
            require(self.actor, self.work, request=self.django_request)

    def audit_list(self, kind: str, count: int, family: Family | None = None) -> None:
        record(
            action=AuditAction.VIEW,
            actor=self.actor,
            request=self.django_request,
            object_type=f"api.{kind}",
            family_id=family.pk if family else None,
            detail={"via": "api", "path": self.request.path[:200], "count": count},
        )

    def family(self) -> Family:
        return cases.get_family(
            user=self.actor, pk=int(self.kwargs["family_pk"]), request=self.django_request
        )


class AuditedList(Base, generics.ListAPIView):
    kind = ""
    changed_field = "updated_at"

    def scoped(self) -> QuerySet[Any]:
        raise NotImplementedError

    def audit_family(self) -> Family | None:
        return None

    def get_queryset(self) -> QuerySet[Any]:
        qs = self.scoped()
        since = modified_since(self.request)
        if since is not None and self.changed_field:
            qs = qs.filter(**{f"{self.changed_field}__gte": since})
        return qs.order_by(self.changed_field or "pk", "pk")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)
        count = response.data.get("count", 0) if isinstance(response.data, dict) else 0
        self.audit_list(self.kind, count, self.audit_family())
        return response


# --- Families and young people -------------------------------------------------------------------


@extend_schema(
    tags=["families"],
    parameters=[MODIFIED_SINCE],
    responses={200: s.FamilySerializer, **READ_ERRORS},
)
class FamilyList(AuditedList):
    """The families this token's person may open (their caseload, as on the web)."""

    serializer_class = s.FamilySerializer
    kind = "family"

    def scoped(self) -> QuerySet[Any]:
        return cases.caseload(user=self.actor)


@extend_schema(tags=["families"], responses={200: s.FamilySerializer, **READ_ERRORS})
class FamilyDetail(Base):
    serializer_class = s.FamilySerializer

    def get(self, request: Request, family_pk: int) -> Response:
        family = self.family()
        return with_etag(Response(s.FamilySerializer(family).data), family)


@extend_schema(tags=["families"], responses={200: s.YoungPersonSerializer, **READ_ERRORS})
class FamilyYoungPeople(AuditedList):
    serializer_class = s.YoungPersonSerializer
    kind = "youngperson"
    changed_field = ""

    def scoped(self) -> QuerySet[Any]:
        self._family = self.family()
        if not policy.sees(self.actor, self._family, Section.IDENTITY):
            return YoungPerson.objects.none()
        return YoungPerson.objects.filter(family=self._family)

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        context["fields_shown"] = policy.visible_fields(self.actor, self._family)
        return context

    def audit_family(self) -> Family | None:
        return self._family


@extend_schema(tags=["families"], responses={200: s.YoungPersonSerializer, **READ_ERRORS})
class YoungPersonDetail(Base):
    serializer_class = s.YoungPersonSerializer

    def get(self, request: Request, pk: int) -> Response:
        person = cases.get_young_person(user=self.actor, pk=int(pk), request=self.django_request)
        shown = policy.visible_fields(self.actor, person.family)
        data = s.YoungPersonSerializer(person, context={"fields_shown": shown}).data
        return with_etag(Response(data), person)


# --- Contacts ---------------------------------------------------------------------------------------


def _young_people(family: Family, ids: list[int]) -> list[YoungPerson]:
    people = list(YoungPerson.objects.filter(family=family, pk__in=ids))
    if len(people) != len(set(ids)):
        raise ValidationError({"young_people": ["Choose young people from this family."]})
    return people


class FamilyContacts(AuditedList):
    """Contacts with the family the person may see; POST records a new one."""

    work = Action.VIEW_RECORDS
    serializer_class = s.ContactSerializer
    kind = "contact"

    def scoped(self) -> QuerySet[Any]:
        family, contacts = records.family_contacts(
            user=self.actor, pk=int(self.kwargs["family_pk"]), request=self.django_request
        )
        self._family = family
        return contacts.select_related("recorded_by_organisation")

    def audit_family(self) -> Family | None:
        return self._family

    @extend_schema(
        tags=["contacts"],
        parameters=[MODIFIED_SINCE],
        responses={200: s.ContactSerializer, **READ_ERRORS},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=["contacts"],
        request=s.ContactWrite,
        responses={201: s.ContactSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request, family_pk: int) -> Response:
        body = s.ContactWrite(data=request.data)
        body.is_valid(raise_exception=True)
        values = dict(body.validated_data)
        family = self.family()
        people = _young_people(family, values.pop("young_people", []))
        contact = record_services.record_contact(
            actor=self.actor,
            family=family,
            young_people=people,
            request=self.django_request,
            **values,
        )
        contact = (
            records.visible_contacts(self.actor)
            .select_related("recorded_by_organisation")
            .get(pk=contact.pk)
        )
        return with_etag(
            Response(s.ContactSerializer(contact).data, status=status.HTTP_201_CREATED), contact
        )


class ContactDetail(Base):
    work = Action.VIEW_RECORDS
    serializer_class = s.ContactSerializer

    @extend_schema(tags=["contacts"], responses={200: s.ContactSerializer, **READ_ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        contact = records.get_contact(user=self.actor, pk=int(pk), request=self.django_request)
        return with_etag(Response(s.ContactSerializer(contact).data), contact)

    @extend_schema(
        tags=["contacts"],
        parameters=[IF_MATCH],
        request=s.ContactChange,
        responses={200: s.ContactSerializer, **WRITE_ERRORS},
    )
    def patch(self, request: Request, pk: int) -> Response:
        contact = records.get_contact(user=self.actor, pk=int(pk), request=self.django_request)
        version = expected_version(request, contact)
        body = s.ContactChange(data=request.data)
        body.is_valid(raise_exception=True)
        changes = dict(body.validated_data)
        if "young_people" in changes:
            changes["young_people"] = _young_people(contact.family, changes["young_people"])
        fresh = record_services.update_contact(
            actor=self.actor,
            contact=contact,
            expected_version=version,
            changes=changes,
            request=self.django_request,
        )
        fresh = (
            records.visible_contacts(self.actor)
            .select_related("recorded_by_organisation")
            .get(pk=fresh.pk)
        )
        return with_etag(Response(s.ContactSerializer(fresh).data), fresh)


# --- Chronology -------------------------------------------------------------------------------------


class ChronologyPage(serializers.Serializer):
    family = serializers.IntegerField()
    items = s.ChronologyItemSerializer(many=True)


@extend_schema(tags=["chronology"], responses={200: ChronologyPage, **READ_ERRORS})
class FamilyChronology(Base):
    """The family's chronology as this person may see it (merged across organisations only as
    far as sharing allows), newest first."""

    work = Action.VIEW_RECORDS
    serializer_class = ChronologyPage

    def get(self, request: Request, family_pk: int) -> Response:
        family, items = records.family_chronology(
            user=self.actor, pk=int(family_pk), request=self.django_request
        )
        return Response(ChronologyPage({"family": family.pk, "items": items}).data)


# --- Missing episodes -------------------------------------------------------------------------------


class FamilyMissingEpisodes(AuditedList):
    work = Action.VIEW_RECORDS
    serializer_class = s.MissingEpisodeSerializer
    kind = "missingepisode"
    changed_field = "recorded_at"

    def scoped(self) -> QuerySet[Any]:
        self._family = self.family()
        return records.visible_missing_episodes(self.actor).filter(family=self._family)

    def audit_family(self) -> Family | None:
        return self._family

    @extend_schema(
        tags=["missing episodes"],
        parameters=[MODIFIED_SINCE],
        responses={200: s.MissingEpisodeSerializer, **READ_ERRORS},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=["missing episodes"],
        request=s.MissingEpisodeWrite,
        responses={201: s.MissingEpisodeSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request, family_pk: int) -> Response:
        body = s.MissingEpisodeWrite(data=request.data)
        body.is_valid(raise_exception=True)
        values = dict(body.validated_data)
        family = self.family()
        (person,) = _young_people(family, [values.pop("young_person")])
        episode = record_services.record_missing_episode(
            actor=self.actor,
            family=family,
            young_person=person,
            request=self.django_request,
            **values,
        )
        return with_etag(
            Response(s.MissingEpisodeSerializer(episode).data, status=status.HTTP_201_CREATED),
            episode,
        )


@extend_schema(
    tags=["missing episodes"], responses={200: s.MissingEpisodeSerializer, **READ_ERRORS}
)
class MissingEpisodeDetail(Base):
    work = Action.VIEW_RECORDS
    serializer_class = s.MissingEpisodeSerializer

    def get(self, request: Request, pk: int) -> Response:
        episode = records.get_missing_episode(
            user=self.actor, pk=int(pk), request=self.django_request
        )
        return with_etag(Response(s.MissingEpisodeSerializer(episode).data), episode)


# --- Plans, plan actions, referrals -----------------------------------------------------------------


@extend_schema(tags=["plans"], responses={200: s.PlanSerializer, **READ_ERRORS})
class FamilyPlan(Base):
    """The family's plan with its actions (404 until a plan is started)."""

    work = Action.VIEW_PLAN
    serializer_class = s.PlanSerializer

    def get(self, request: Request, family_pk: int) -> Response:
        family = self.family()
        plan = plans.visible_plans(self.actor).filter(family=family).first()
        if plan is None:
            raise Http404
        return with_etag(Response(s.PlanSerializer(plan).data), plan)


def _owner(family: Family, values: dict[str, Any]) -> dict[str, Any]:
    """The owner's id as the worker it names, from the team around the family only."""
    if values.get("owner_user") is not None:
        workers = {w.pk: w for w in plans.team_workers(family)}
        if values["owner_user"] not in workers:
            raise ValidationError(
                {"owner_user": ["Choose a worker in the team around this family."]}
            )
        values["owner_user"] = workers[values["owner_user"]]
    return values


class FamilyPlanActions(AuditedList):
    """The actions on the family's plan; POST adds one (``plans.services.add_action``)."""

    work = Action.VIEW_PLAN
    serializer_class = s.PlanActionSerializer
    kind = "planaction"

    def scoped(self) -> QuerySet[Any]:
        self._family = self.family()
        return plans.visible_plan_actions(self.actor).filter(plan__family=self._family)

    def audit_family(self) -> Family | None:
        return self._family

    @extend_schema(
        tags=["plans"],
        parameters=[MODIFIED_SINCE],
        responses={200: s.PlanActionSerializer, **READ_ERRORS},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=["plans"],
        request=s.PlanActionWrite,
        responses={201: s.PlanActionSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request, family_pk: int) -> Response:
        body = s.PlanActionWrite(data=request.data)
        body.is_valid(raise_exception=True)
        family = self.family()
        plan = plans.visible_plans(self.actor).filter(family=family).first()
        if plan is None:
            raise ValidationError({"non_field_errors": ["Start the family's plan first."]})
        action = plan_services.add_action(
            actor=self.actor,
            plan=plan,
            values=_owner(family, dict(body.validated_data)),
            request=self.django_request,
        )
        return with_etag(
            Response(s.PlanActionSerializer(action).data, status=status.HTTP_201_CREATED), action
        )


class PlanActionDetail(Base):
    work = Action.VIEW_PLAN
    serializer_class = s.PlanActionSerializer

    def _action(self) -> Any:
        family_pk, pk = int(self.kwargs["family_pk"]), int(self.kwargs["pk"])
        if (
            not plans.visible_plan_actions(self.actor)
            .filter(pk=pk, plan__family_id=family_pk)
            .exists()
        ):
            raise Http404
        return plans.get_action(
            user=self.actor, family_pk=family_pk, pk=pk, request=self.django_request
        )

    @extend_schema(tags=["plans"], responses={200: s.PlanActionSerializer, **READ_ERRORS})
    def get(self, request: Request, family_pk: int, pk: int) -> Response:
        action = self._action()
        return with_etag(Response(s.PlanActionSerializer(action).data), action)

    @extend_schema(
        tags=["plans"],
        parameters=[IF_MATCH],
        request=s.PlanActionChange,
        responses={200: s.PlanActionSerializer, **WRITE_ERRORS},
    )
    def patch(self, request: Request, family_pk: int, pk: int) -> Response:
        action = self._action()
        version = expected_version(request, action)
        body = s.PlanActionChange(data=request.data)
        body.is_valid(raise_exception=True)
        values = {
            "description": action.description,
            "owner_type": action.owner_type,
            "owner_name": action.owner_name,
            "owner_user": action.owner_user,
            "due_on": action.due_on,
            "status": action.status,
            **_owner(action.plan.family, dict(body.validated_data)),
        }
        fresh = plan_services.update_action(
            actor=self.actor,
            action=action,
            expected_version=version,
            values=values,
            request=self.django_request,
        )
        return with_etag(Response(s.PlanActionSerializer(fresh).data), fresh)


class FamilyReferrals(AuditedList):
    work = Action.VIEW_PLAN
    serializer_class = s.ReferralSerializer
    kind = "referral"

    def scoped(self) -> QuerySet[Any]:
        self._family = self.family()
        return plans.visible_referrals(self.actor).filter(family=self._family)

    def audit_family(self) -> Family | None:
        return self._family

    @extend_schema(
        tags=["referrals"],
        parameters=[MODIFIED_SINCE],
        responses={200: s.ReferralSerializer, **READ_ERRORS},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=["referrals"],
        request=s.ReferralWrite,
        responses={201: s.ReferralSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request, family_pk: int) -> Response:
        body = s.ReferralWrite(data=request.data)
        body.is_valid(raise_exception=True)
        values = dict(body.validated_data)
        family = self.family()
        (person,) = _young_people(family, [values.pop("young_person")])
        referral = plan_services.record_referral(
            actor=self.actor,
            family=family,
            young_person=person,
            kind=values.pop("kind"),
            values=values,
            request=self.django_request,
        )
        return with_etag(
            Response(s.ReferralSerializer(referral).data, status=status.HTTP_201_CREATED),
            referral,
        )


class ReferralDetail(Base):
    work = Action.VIEW_PLAN
    serializer_class = s.ReferralSerializer

    def _referral(self) -> Any:
        family_pk, pk = int(self.kwargs["family_pk"]), int(self.kwargs["pk"])
        if not plans.visible_referrals(self.actor).filter(pk=pk, family_id=family_pk).exists():
            raise Http404
        return plans.get_referral(
            user=self.actor, family_pk=family_pk, pk=pk, request=self.django_request
        )

    @extend_schema(tags=["referrals"], responses={200: s.ReferralSerializer, **READ_ERRORS})
    def get(self, request: Request, family_pk: int, pk: int) -> Response:
        referral = self._referral()
        return with_etag(Response(s.ReferralSerializer(referral).data), referral)

    @extend_schema(
        tags=["referrals"],
        parameters=[IF_MATCH],
        request=s.ReferralChange,
        responses={200: s.ReferralSerializer, **WRITE_ERRORS},
    )
    def patch(self, request: Request, family_pk: int, pk: int) -> Response:
        referral = self._referral()
        version = expected_version(request, referral)
        body = s.ReferralChange(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        # The service checks the dates together, so it is given the whole referral as changed.
        values = {name: getattr(referral, name) for name in plan_services.REFERRAL_FIELDS}
        values.update(body.validated_data)
        fresh = plan_services.update_referral(
            actor=self.actor,
            referral=referral,
            expected_version=version,
            values=values,
            request=self.django_request,
        )
        return with_etag(Response(s.ReferralSerializer(fresh).data), fresh)
