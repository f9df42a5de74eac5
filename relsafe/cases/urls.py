from django.urls import path

from relsafe.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("find/", views.find, name="find"),
    path("<int:pk>/", views.family_detail, name="family"),
]
