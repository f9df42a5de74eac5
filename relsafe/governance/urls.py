from django.urls import path

from relsafe.governance import views

app_name = "governance"
urlpatterns = [
    path("", views.index, name="index"),
    path("subject-access/new/", views.sar_create, name="sar-new"),
    path("subject-access/<int:pk>/", views.sar_detail, name="sar"),
    path("subject-access/<int:pk>/sign-off/", views.sign_off, name="sign-off"),
    path("subject-access/<int:pk>/pack/", views.pack, name="pack"),
    path("passages/<int:pk>/redact/", views.redact, name="redact"),
    path("redactions/<int:pk>/remove/", views.redaction_remove, name="redaction-remove"),
    path("corrections/new/", views.correction_create, name="correction-new"),
    path("corrections/<int:pk>/", views.correction_detail, name="correction"),
    path("erasure/new/", views.erasure_create, name="erasure-new"),
    path("erasure/<int:pk>/", views.erasure_detail, name="erasure"),
    path("retention/", views.retention_page, name="retention"),
    path("agreements/", views.agreements, name="agreements"),
    path("shares/<int:pk>/agreement/", views.share_agreement, name="share-agreement"),
]
