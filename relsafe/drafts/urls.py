from django.urls import path

from relsafe.drafts import views

app_name = "drafts"
urlpatterns = [
    path("save/", views.save, name="save"),
    path("<int:pk>/discard/", views.discard, name="discard"),
]
