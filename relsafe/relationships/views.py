"""Relationship map pages. Thin: parse input, call one selector or service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from relsafe.access.decorators import role_required
from relsafe.access.policy import Action, can
from relsafe.accounts.roles import CASEWORK_ROLES, Role
from relsafe.core.concurrency import EditConflict
from relsafe.language.forms import add_language_warnings, age_of
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


def _add_errors(form: Any, error: ValidationError) -> None:
    """Put a service's validation error by the field it is about, or above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
@role_required(MAP_READERS)
@require_safe
def map_page(request: HttpRequest, family_pk: int, young_person_pk: int) -> HttpResponse:
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


def _add(request: HttpRequest, family_pk: int, young_person_pk: int, form_class: Any) -> Any:
    young_person = selectors.get_young_person(
        user=request.user, family_pk=family_pk, young_person_pk=young_person_pk, request=request
    )
    form = form_class(request.POST or None, child_age=age_of(young_person))
    if request.method == "POST" and form.is_valid():
        try:
            connection = services.add_connection(
                actor=request.user,
                young_person=young_person,
                details=services.ConnectionDetails.from_data(form.cleaned_data),
                request=request,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"{connection.name} was added to the map.")
            add_language_warnings(request, form)
            return redirect(_map_url(family_pk, young_person_pk))
    is_place = form_class is PlaceForm
    return render(
        request,
        "relationships/connection_form.html",
        {
            "form": form,
            "young_person": young_person,
            "heading": "Add a place" if is_place else "Add a person",
            "submit": "Add place" if is_place else "Add person",
        },
    )


@login_required
@role_required(CASEWORK_ROLES)
def add_person(request: HttpRequest, family_pk: int, young_person_pk: int) -> HttpResponse:
    return _add(request, family_pk, young_person_pk, PersonForm)


@login_required
@role_required(CASEWORK_ROLES)
def add_place(request: HttpRequest, family_pk: int, young_person_pk: int) -> HttpResponse:
    return _add(request, family_pk, young_person_pk, PlaceForm)


def _conflict(
    request: HttpRequest, form: Any, current: Connection, mine: dict[str, Any]
) -> HttpResponse:
    rows = []
    for name, label in selectors.COMPARED_FIELDS:
        if name not in form.fields:
            continue
        theirs = selectors._display(name, getattr(current, name))
        ours = selectors._display(name, mine.get(name))
        rows.append({"label": label, "theirs": theirs, "mine": ours, "differs": theirs != ours})
    hidden = [
        (name, value)
        for name, value in mine.items()
        if name in form.fields and name != "version" and value not in (None, False, "")
    ]
    hidden.append(("version", current.version))
    return render(
        request,
        "relationships/conflict.html",
        {"connection": current, "rows": rows, "hidden": hidden},
        status=409,
    )


@login_required
@role_required(CASEWORK_ROLES)
def change_connection(
    request: HttpRequest, family_pk: int, young_person_pk: int, pk: int
) -> HttpResponse:
    connection = selectors.connection_for_change(
        user=request.user,
        family_pk=family_pk,
        young_person_pk=young_person_pk,
        connection_pk=pk,
        request=request,
    )
    form_class = form_class_for(connection)
    heading = f"Change the tie with {connection.name}"
    form = form_class(
        request.POST or None, instance=connection, child_age=age_of(connection.young_person)
    )
    if request.method == "POST" and connection.ended_at is None and form.is_valid():
        try:
            services.update_connection(
                actor=request.user,
                connection=connection,
                expected_version=form.cleaned_data["version"],
                details=services.ConnectionDetails.from_data(form.cleaned_data),
                request=request,
            )
        except EditConflict as conflict:
            return _conflict(request, form, conflict.current, form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"The tie with {form.cleaned_data['name']} was changed.")
            add_language_warnings(request, form)
            return redirect(_map_url(family_pk, young_person_pk))
    return render(
        request,
        "relationships/connection_form.html",
        {
            "form": form,
            "young_person": connection.young_person,
            "connection": connection,
            "heading": heading,
            # The browser title goes into history and shared screens: no names in it.
            "title": "Change a tie on the map",
            "submit": "Save changes",
        },
    )


@login_required
@role_required(CASEWORK_ROLES)
def end_connection(
    request: HttpRequest, family_pk: int, young_person_pk: int, pk: int
) -> HttpResponse:
    connection = selectors.connection_for_change(
        user=request.user,
        family_pk=family_pk,
        young_person_pk=young_person_pk,
        connection_pk=pk,
        request=request,
    )
    form = EndConnectionForm(request.POST or None, initial={"version": connection.version})
    if request.method == "POST" and connection.ended_at is None and form.is_valid():
        try:
            services.end_connection(
                actor=request.user,
                connection=connection,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except EditConflict as conflict:
            return render(
                request,
                "relationships/end_conflict.html",
                {"connection": conflict.current},
                status=409,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"The tie with {connection.name} was ended.")
            return redirect(_map_url(family_pk, young_person_pk))
    return render(
        request,
        "relationships/end_connection.html",
        {"form": form, "connection": connection, "young_person": connection.young_person},
    )


@login_required
@role_required(MAP_READERS)
@require_safe
def compare(request: HttpRequest, family_pk: int, young_person_pk: int) -> HttpResponse:
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
