from django.urls import path

from relsafe.records import views

app_name = "records"
urlpatterns = [
    path("families/<int:family_pk>/contacts/", views.contact_list, name="contacts"),
    path("families/<int:family_pk>/contacts/new/", views.contact_create, name="contact-create"),
    path("contacts/<int:pk>/", views.contact_detail, name="contact"),
    path("contacts/<int:pk>/edit/", views.contact_edit, name="contact-edit"),
    path("contacts/<int:pk>/attachments/", views.attachment_upload, name="attachment-upload"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment-download"),
    path(
        "families/<int:family_pk>/missing/new/",
        views.missing_episode_create,
        name="missing-episode-create",
    ),
    path("missing/<int:pk>/", views.missing_episode_detail, name="missing-episode"),
    path("missing/<int:pk>/return/", views.missing_episode_return, name="missing-episode-return"),
    path("missing/<int:pk>/interview/", views.return_interview, name="return-interview"),
    path("families/<int:family_pk>/chronology/", views.chronology, name="chronology"),
    path(
        "families/<int:family_pk>/chronology/new/",
        views.chronology_entry_create,
        name="chronology-entry-create",
    ),
    path("families/<int:family_pk>/chronology/pdf/", views.chronology_pdf, name="chronology-pdf"),
    path("families/<int:family_pk>/chronology/csv/", views.chronology_csv, name="chronology-csv"),
    path("search/", views.search, name="search"),
]
