from django.urls import path

from relsafe.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.events, name="events"),
    path("export/", views.events_export, name="events-export"),
    path("families/<int:family_pk>/", views.family_access, name="family-access"),
]
