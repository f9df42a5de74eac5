from django.urls import path

from relsafe.intelligence import views

app_name = "intelligence"
urlpatterns = [
    # The worker's side: write, check what the police will see, send.
    path("families/<int:family_pk>/new/", views.submission_create, name="submission-create"),
    path("sent/<int:pk>/", views.submission_detail, name="submission"),
    path("sent/<int:pk>/edit/", views.submission_edit, name="submission-edit"),
    path("sent/<int:pk>/send/", views.submission_send, name="submission-send"),
    # The police side: the force's queue, what it received, people of concern, the network.
    path("queue/", views.queue, name="queue"),
    path("received/<int:pk>/", views.received, name="received"),
    path("received/<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("received/<int:pk>/outcome/", views.outcome, name="outcome"),
    path(
        "received/<int:pk>/export.<str:fmt>",
        views.received_export,
        name="received-export",
    ),
    path("people/<int:pk>/", views.person, name="person"),
    path("people/<int:pk>/confirm/", views.person_confirm, name="person-confirm"),
    path("people/<int:pk>/split/", views.person_split, name="person-split"),
    path("people/<int:pk>/link/", views.person_link, name="person-link"),
    path("network/", views.network_map, name="network"),
    path("network/mace-pack.pdf", views.network_mace, name="network-mace"),
    path("network/entities.csv", views.network_entities, name="network-entities"),
    path("network/links.csv", views.network_links, name="network-links"),
    path("relink/", views.relink, name="relink"),
    path("relink/<int:pk>/progress/", views.relink_progress, name="relink-progress"),
]
