from django.urls import path

from relsafe.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.events, name="events"),
    path("export/", views.events_export, name="events-export"),
]
