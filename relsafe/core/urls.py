from django.urls import path

from relsafe.core import views

app_name = "core"
urlpatterns = [
    path("", views.start, name="start"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("csp-report/", views.csp_report, name="csp-report"),
]
