from django.urls import path

from relsafe.evidence import views

app_name = "evidence"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("why-keep-a-log/", views.guide, name="guide"),
    path("families/<int:family_pk>/", views.log, name="log"),
    path("families/<int:family_pk>/new/", views.entry_create, name="entry-create"),
    path("families/<int:family_pk>/export/", views.export, name="export"),
    path("entries/<int:pk>/", views.entry_detail, name="entry"),
    path("entries/<int:pk>/correct/", views.entry_correct, name="entry-correct"),
    path("entries/<int:pk>/review/", views.entry_review, name="entry-review"),
    path("photos/<int:pk>/", views.photo, name="photo"),
]
