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
        "<int:pk>/shares/<int:share_pk>/covers/",
        views.family_share_scopes,
        name="family-share-scopes",
    ),
    path(
        "<int:pk>/shares/<int:share_pk>/revoke/",
        views.family_share_revoke,
        name="family-share-revoke",
    ),
    path("<int:pk>/household/", views.household, name="household"),
    path("<int:pk>/household/carers/new/", views.carer_add, name="carer-add"),
    path("<int:pk>/household/carers/<int:carer_pk>/edit/", views.carer_edit, name="carer-edit"),
    path("<int:pk>/household/carers/<int:carer_pk>/left/", views.carer_end, name="carer-end"),
    path("<int:pk>/household/children/new/", views.child_add, name="child-add"),
    path("<int:pk>/household/children/<int:child_pk>/left/", views.child_end, name="child-end"),
    path(
        "<int:pk>/household/carers/<int:person_pk>/addresses/new/",
        views.address_add,
        {"kind": "carers"},
        name="carer-address-add",
    ),
    path(
        "<int:pk>/household/children/<int:person_pk>/addresses/new/",
        views.address_add,
        {"kind": "children"},
        name="child-address-add",
    ),
    path(
        "<int:pk>/household/carers/<int:person_pk>/safe-contact/",
        views.safe_contact_add,
        {"kind": "carers"},
        name="carer-safe-contact",
    ),
    path(
        "<int:pk>/household/children/<int:person_pk>/safe-contact/",
        views.safe_contact_add,
        {"kind": "children"},
        name="child-safe-contact",
    ),
    path("<int:pk>/referrals/", views.referrals, name="referrals"),
    path("<int:pk>/referrals/new/", views.referral_add, name="referral-add"),
    path("<int:pk>/referrals/<int:referral_pk>/edit/", views.referral_edit, name="referral-edit"),
    path("young-people/<int:pk>/", views.young_person, name="young-person"),
    path("young-people/<int:pk>/edit/", views.young_person_edit, name="young-person-edit"),
    path("young-people/<int:pk>/strengths/new/", views.strength_add, name="strength-add"),
    path(
        "young-people/<int:pk>/strengths/<int:entry_pk>/edit/",
        views.strength_edit,
        name="strength-edit",
    ),
]
