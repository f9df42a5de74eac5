"""Mounted at ``families/<family_pk>/assessments/`` (see relsafe/urls.py)."""

from django.urls import path

from relsafe.assessments import views

app_name = "assessments"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("mappings/new/", views.mapping_new, name="mapping-new"),
    path("mappings/<int:pk>/", views.mapping_detail, name="mapping"),
    path("mappings/<int:pk>/edit/", views.mapping_edit, name="mapping-edit"),
    path("screenings/new/", views.screening_new, name="screening-new"),
    path("screenings/<int:pk>/", views.screening_detail, name="screening"),
    path("screenings/<int:pk>/edit/", views.screening_edit, name="screening-edit"),
]
