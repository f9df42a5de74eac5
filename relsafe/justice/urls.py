from django.urls import path

from relsafe.justice import views

app_name = "justice"
urlpatterns = [
    path("families/<int:family_pk>/", views.family_cases, name="family-cases"),
    path("families/<int:family_pk>/new/", views.case_create, name="case-create"),
    path("families/<int:family_pk>/journey/", views.journey, name="journey"),
    path("families/<int:family_pk>/calendar/", views.family_calendar, name="family-calendar"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>/edit/", views.case_edit, name="case-edit"),
    path("cases/<int:pk>/stage/", views.stage_move, name="stage"),
    path("cases/<int:pk>/children/new/", views.child_add, name="child-add"),
    path("cases/<int:pk>/suspects/new/", views.suspect_add, name="suspect-add"),
    path("suspects/<int:pk>/edit/", views.suspect_edit, name="suspect-edit"),
    path("cases/<int:pk>/hearings/new/", views.hearing_create, name="hearing-create"),
    path(
        "cases/<int:pk>/victims-code/child/<int:person_pk>/",
        views.rights_child,
        name="rights-child",
    ),
    path(
        "cases/<int:pk>/victims-code/carer/<int:person_pk>/",
        views.rights_carer,
        name="rights-carer",
    ),
    path("cases/<int:pk>/support/new/", views.support_contact, name="support-contact"),
    path("cases/<int:pk>/support/step/", views.support_step, name="support-step"),
    path("hearings/<int:pk>/edit/", views.hearing_edit, name="hearing-edit"),
    path("witnesses/<int:pk>/", views.witness_detail, name="witness"),
    path("witnesses/<int:pk>/edit/", views.witness_edit, name="witness-edit"),
    path("witnesses/<int:pk>/measures/", views.measure_record, name="measure"),
    path("witnesses/<int:pk>/attendance/", views.attendance_record, name="attendance"),
    path("witnesses/<int:pk>/intimidation/", views.intimidation_record, name="intimidation"),
    # An intimidation concern passed on as partnership intelligence (the form, filled in).
    path("concerns/<int:pk>/intelligence/", views.concern_to_police, name="concern-to-police"),
    path("calendar/", views.staff_calendar, name="calendar"),
    # The secret is in the query string (?key=), which the access log never records.
    path("calendar/feed.ics", views.feed, name="feed"),
    path("reports/", views.report, name="report"),
]
