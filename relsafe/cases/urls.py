from django.urls import path

from relsafe.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("find/", views.find, name="find"),
    path("new/", views.family_create, name="family-create"),
    path("<int:pk>/", views.family_detail, name="family"),
    path("<int:pk>/status/", views.family_status, name="family-status"),
    path("<int:pk>/shares/new/", views.family_share, name="family-share"),
    path(
        "<int:pk>/shares/<int:share_pk>/revoke/",
        views.family_share_revoke,
        name="family-share-revoke",
    ),
    path("young-people/<int:pk>/", views.young_person, name="young-person"),
    path("young-people/<int:pk>/edit/", views.young_person_edit, name="young-person-edit"),
    path("young-people/<int:pk>/strengths/new/", views.strength_add, name="strength-add"),
    path(
        "young-people/<int:pk>/strengths/<int:entry_pk>/edit/",
        views.strength_edit,
        name="strength-edit",
    ),
]
