"""Mounted at ``families/<family_pk>/plan/`` (see relsafe/urls.py)."""

from django.urls import path

from relsafe.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.plan, name="plan"),
    path("start/", views.plan_start, name="plan-start"),
    path("edit/", views.plan_edit, name="plan-edit"),
    path("actions/new/", views.action_new, name="action-new"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action-edit"),
    path("actions/<int:pk>/done/", views.family_action_done, name="family-action-done"),
    path("referrals/new/", views.referral_new, name="referral-new"),
    path("referrals/<int:pk>/edit/", views.referral_edit, name="referral-edit"),
]
