from django.urls import URLPattern

app_name = "justice"
urlpatterns: list[URLPattern] = []
