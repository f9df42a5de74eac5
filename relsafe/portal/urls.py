from django.urls import path

from relsafe.portal import views

app_name = "portal"
urlpatterns = [
    path("exit/", views.exit_page, name="exit"),
    path("before-you-start/", views.interruption, name="interruption"),
    path("staying-safe-online/", views.staying_safe_online, name="staying-safe-online"),
]
