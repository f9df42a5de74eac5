"""Relationship map pages. Thin: parse input, call one selector or service, render."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from relsafe.access.decorators import role_required
from relsafe.access.policy import Action, can
from relsafe.accounts.people import AuthenticatedRequest
from relsafe.accounts.roles import CASEWORK_ROLES, Role
from relsafe.core.editing import ConflictPage, ConflictRow, EditPage, shown_value
from relsafe.language.forms import age_of
from relsafe.relationships import selectors, services
from relsafe.relationships.forms import (
    CompareForm,
    EndConnectionForm,
    PersonForm,
    PlaceForm,
    form_class_for,
)
from relsafe.relationships.models import Connection

MAP_READERS = CASEWORK_ROLES | {Role.POLICE_ANALYST}


def _map_url(family_pk: int, young_person_pk: int) -> str:
    return reverse(
        "relationships:map", kwargs={"family_pk": family_pk, "young_person_pk": young_person_pk}
    )


@login_required
@role_required(MAP_READERS)
@require_safe
def map_page(request: AuthenticatedRequest, family_pk: int, young_person_pk: int) -> HttpResponse:
    ecomap = selectors.map_for(
        user=request.user, family_pk=family_pk, young_person_pk=young_person_pk, request=request
    )
    return render(
        request,
        "relationships/map.html",
        {
            "ecomap": ecomap,
            "data": ecomap.elements(),
            "can_change": can(request.user, Action.EDIT_MAP, family=ecomap.family),
            "compare_form": CompareForm(),
        },
    )


def _add(
    request: AuthenticatedRequest,
    family_pk: int,
    young_person_pk: int,
    form_class: type[PersonForm] | type[PlaceForm],
) -> HttpResponse:
    young_person = selectors.get_young_person(
        user=request.user, family_pk=family_pk, young_person_pk=young_person_pk, request=request
    )
    child_age = age_of(young_person)
    is_place = form_class is PlaceForm

    def save(form: Any) -> Connection:
        return services.add_connection(
            actor=request.user,
            young_person=young_person,
            details=services.ConnectionDetails.from_data(form.cleaned_data),
            someone_else=bool(form.cleaned_data.get("someone_else")),
            request=request,
        )

    return EditPage(
        template="relationships/connection_form.html",
        form=lambda data, _: form_class(data, child_age=child_age),
        save=save,
        success_url=_map_url(family_pk, young_person_pk),
        success_message=lambda connection: f"{connection.name} was added to the map.",
        context={
            "young_person": young_person,
            "heading": "Add a place" if is_place else "Add a person",
            "submit": "Add place" if is_place else "Add person",
            "on_map": [] if is_place else selectors.people_on_map(young_person=young_person),
        },
    ).respond(request)


@login_required
@role_required(CASEWORK_ROLES)
def add_person(request: AuthenticatedRequest, family_pk: int, young_person_pk: int) -> HttpResponse:
    return _add(request, family_pk, young_person_pk, PersonForm)


@login_required
@role_required(CASEWORK_ROLES)
def add_place(request: AuthenticatedRequest, family_pk: int, young_person_pk: int) -> HttpResponse:
    return _add(request, family_pk, young_person_pk, PlaceForm)


def _tie_conflict(connection: Connection, **wording: Any) -> ConflictPage:
    return ConflictPage(
        heading=f"Someone else changed the tie with {connection.name}",
        # The browser title goes into history and shared screens: no names in it.
        title="Change a tie on the map",
        **wording,
    )


@login_required
@role_required(CASEWORK_ROLES)
def change_connection(
    request: AuthenticatedRequest, family_pk: int, young_person_pk: int, pk: int
) -> HttpResponse:
    connection = selectors.connection_for_change(
        user=request.user,
        family_pk=family_pk,
        young_person_pk=young_person_pk,
        connection_pk=pk,
        request=request,
    )
    form_class = form_class_for(connection)
    child_age = age_of(connection.young_person)

    def save(form: Any) -> Connection:
        return services.update_connection(
            actor=request.user,
            connection=connection,
            expected_version=form.cleaned_data["version"],
            details=services.ConnectionDetails.from_data(form.cleaned_data),
            request=request,
        )

    return EditPage(
        template="relationships/connection_form.html",
        form=lambda data, saved: form_class(data, instance=saved, child_age=child_age),
        record=connection,
        save=save,
        success_url=_map_url(family_pk, young_person_pk),
        success_message=lambda saved: f"The tie with {saved.name} was changed.",
        context={
            "young_person": connection.young_person,
            "connection": connection,
            "heading": f"Change the tie with {connection.name}",
            # The browser title goes into history and shared screens: no names in it.
            "title": "Change a tie on the map",
            "submit": "Save changes",
        },
        read_only=connection.ended_at is not None,
        conflict=_tie_conflict(connection, submit="Save your version instead"),
    ).respond(request)


def _end_rows(form: EndConnectionForm, saved: Connection) -> list[ConflictRow]:
    ended = f"Ended {shown_value(saved.ended_at.date())}" if saved.ended_at else "Live"
    return [
        ConflictRow("Quality of tie", saved.get_quality_display(), ""),
        ConflictRow("Who said so", saved.get_said_by_display(), ""),
        ConflictRow("Status", ended, "Ended"),
        ConflictRow("Why it ended", saved.ended_reason, form.cleaned_data["reason"]),
    ]


@login_required
@role_required(CASEWORK_ROLES)
def end_connection(
    request: AuthenticatedRequest, family_pk: int, young_person_pk: int, pk: int
) -> HttpResponse:
    connection = selectors.connection_for_change(
        user=request.user,
        family_pk=family_pk,
        young_person_pk=young_person_pk,
        connection_pk=pk,
        request=request,
    )

    def save(form: EndConnectionForm) -> Connection:
        return services.end_connection(
            actor=request.user,
            connection=connection,
            expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
            request=request,
        )

    return EditPage(
        template="relationships/end_connection.html",
        form=lambda data, saved: EndConnectionForm(data, initial={"version": saved.version}),
        record=connection,
        save=save,
        success_url=_map_url(family_pk, young_person_pk),
        success_message=f"The tie with {connection.name} was ended.",
        context={"connection": connection, "young_person": connection.young_person},
        read_only=connection.ended_at is not None,
        conflict=_tie_conflict(
            connection,
            submit="End this tie",
            fields_template="components/form.html",
            rows=_end_rows,
        ),
    ).respond(request)


@login_required
@role_required(MAP_READERS)
@require_safe
def compare(request: AuthenticatedRequest, family_pk: int, young_person_pk: int) -> HttpResponse:
    form = CompareForm(request.GET or None)
    if form.is_bound and form.is_valid():
        comparison = selectors.compare_map(
            user=request.user,
            family_pk=family_pk,
            young_person_pk=young_person_pk,
            on=form.cleaned_data["on"],
            request=request,
        )
        return render(
            request,
            "relationships/compare.html",
            {"comparison": comparison, "young_person": comparison.now.young_person, "form": form},
        )
    young_person = selectors.get_young_person(
        user=request.user, family_pk=family_pk, young_person_pk=young_person_pk, request=request
    )
    return render(
        request,
        "relationships/compare_choose.html",
        {"form": form, "young_person": young_person},
    )
