from django.urls import path

from relsafe.resources import views

app_name = "resources"
urlpatterns = [
    path("", views.library, name="library"),
    path("articles/<slug:slug>/", views.article, name="article"),
    path("manage/", views.manage, name="manage"),
    path("manage/new/", views.article_create, name="article-create"),
    path("manage/<int:pk>/", views.article_edit, name="article-edit"),
    path("manage/<int:pk>/publish/", views.article_publish, name="article-publish"),
    path("manage/<int:pk>/unpublish/", views.article_unpublish, name="article-unpublish"),
]
