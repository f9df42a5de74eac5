from django.urls import path

from relsafe.access import views

app_name = "access"
urlpatterns = [
    path("break-glass/reviews/", views.reviews, name="reviews"),
]
