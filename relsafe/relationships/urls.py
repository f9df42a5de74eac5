"""Relationship maps live under a family's young person, below ``cases``' ``<int:pk>/`` pages."""

from django.urls import path

from relsafe.relationships import views

app_name = "relationships"
_map = "<int:family_pk>/young-people/<int:young_person_pk>/map/"
urlpatterns = [
    path(_map, views.map_page, name="map"),
    path(f"{_map}people/add/", views.add_person, name="add-person"),
    path(f"{_map}places/add/", views.add_place, name="add-place"),
    path(f"{_map}ties/<int:pk>/change/", views.change_connection, name="change"),
    path(f"{_map}ties/<int:pk>/end/", views.end_connection, name="end"),
    path(f"{_map}compare/", views.compare, name="compare"),
]
