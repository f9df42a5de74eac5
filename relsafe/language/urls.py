from django.urls import path

from relsafe.language import views

app_name = "language"
urlpatterns = [
    path("check/", views.live_check, name="check"),
    path("try/", views.try_wording, name="try"),
]
