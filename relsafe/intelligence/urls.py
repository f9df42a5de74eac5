from django.urls import URLPattern

app_name = "intelligence"
urlpatterns: list[URLPattern] = []
