from django.urls import path

from relsafe.portal import views

app_name = "portal"
urlpatterns = [
    path("exit/", views.exit_page, name="exit"),
    path("before-you-start/", views.interruption, name="interruption"),
    path("staying-safe-online/", views.staying_safe_online, name="staying-safe-online"),
    # Invitations: the worker's side, then the link a family member opens.
    path(
        "portal/families/<int:family_pk>/invite/carer/<int:pk>/",
        views.invite,
        {"kind": "carer"},
        name="invite-carer",
    ),
    path(
        "portal/families/<int:family_pk>/invite/young-person/<int:pk>/",
        views.invite,
        {"kind": "young_person"},
        name="invite-young-person",
    ),
    path(
        "portal/invitations/<int:pk>/withdraw/",
        views.invitation_withdraw,
        name="invitation-withdraw",
    ),
    path("join/<str:token>/", views.join, name="join"),
    # Messages between a family and their workers.
    path("messages/", views.own_messages, name="messages"),
    path(
        "portal/families/<int:family_pk>/messages/", views.family_messages, name="family-messages"
    ),
    path("messages/<int:pk>/file/", views.message_file, name="message-file"),
    # Parents' check-ins.
    path("check-in/", views.check_in, name="check-in"),
    path(
        "portal/families/<int:family_pk>/check-ins/",
        views.family_check_ins,
        name="family-check-ins",
    ),
    # The young person's space.
    path("my-space/", views.space, name="space"),
    path("portal/young-people/<int:pk>/space/", views.space_switch, name="space-switch"),
    # A young person's own messages with their worker.
    path("my-space/messages/", views.my_messages, name="my-messages"),
    path(
        "portal/young-people/<int:pk>/messages/",
        views.young_person_messages,
        name="young-person-messages",
    ),
    # Appointments and meetings: the worker's side, then the parent's.
    path(
        "portal/families/<int:family_pk>/appointments/",
        views.appointments,
        name="appointments-family",
    ),
    path(
        "portal/families/<int:family_pk>/appointments/new/",
        views.appointment_new,
        name="appointment-new",
    ),
    path("portal/appointments/<int:pk>/change/", views.appointment_edit, name="appointment-edit"),
    path(
        "portal/appointments/<int:pk>/cancel/",
        views.appointment_cancel,
        name="appointment-cancel",
    ),
    path("portal/appointments/<int:pk>/held/", views.appointment_held, name="appointment-held"),
    path("appointments/", views.own_appointments, name="appointments"),
    path(
        "appointments/<int:pk>/calendar.ics",
        views.appointment_calendar,
        name="appointment-calendar",
    ),
    path(
        "appointments/<int:pk>/rearrange/",
        views.appointment_rearrange,
        name="appointment-rearrange",
    ),
]
