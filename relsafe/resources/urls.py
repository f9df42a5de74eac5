from django.urls import URLPattern

app_name = "resources"
urlpatterns: list[URLPattern] = []
