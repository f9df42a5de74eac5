from django.urls import URLPattern, path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.authentication import SessionAuthentication

from relsafe.api import intelligence, pages, views
from relsafe.api.authentication import ApiTokenAuthentication
from relsafe.api.errors import not_found
from relsafe.api.permissions import SignedInStaff

app_name = "api"

schema_view = pages.hidden_from_the_public(
    SpectacularAPIView.as_view(
        authentication_classes=[SessionAuthentication, ApiTokenAuthentication],
        permission_classes=[SignedInStaff],
    )
)

urlpatterns: list[URLPattern] = [
    path("schema/", schema_view, name="schema"),
    path("docs/", pages.api_docs, name="docs"),
    path("tokens/", pages.token_list, name="tokens"),
    path("tokens/new/", pages.token_create, name="token-create"),
    path("tokens/<int:pk>/revoke/", pages.token_revoke, name="token-revoke"),
    path("v1/families/", views.FamilyList.as_view(), name="families"),
    path("v1/families/<int:family_pk>/", views.FamilyDetail.as_view(), name="family"),
    path(
        "v1/families/<int:family_pk>/young-people/",
        views.FamilyYoungPeople.as_view(),
        name="family-young-people",
    ),
    path("v1/young-people/<int:pk>/", views.YoungPersonDetail.as_view(), name="young-person"),
    path(
        "v1/families/<int:family_pk>/contacts/",
        views.FamilyContacts.as_view(),
        name="family-contacts",
    ),
    path("v1/contacts/<int:pk>/", views.ContactDetail.as_view(), name="contact"),
    path(
        "v1/families/<int:family_pk>/chronology/",
        views.FamilyChronology.as_view(),
        name="family-chronology",
    ),
    path(
        "v1/families/<int:family_pk>/missing-episodes/",
        views.FamilyMissingEpisodes.as_view(),
        name="family-missing-episodes",
    ),
    path(
        "v1/missing-episodes/<int:pk>/",
        views.MissingEpisodeDetail.as_view(),
        name="missing-episode",
    ),
    path("v1/families/<int:family_pk>/plan/", views.FamilyPlan.as_view(), name="family-plan"),
    path(
        "v1/families/<int:family_pk>/plan/actions/",
        views.FamilyPlanActions.as_view(),
        name="family-plan-actions",
    ),
    path(
        "v1/families/<int:family_pk>/plan/actions/<int:pk>/",
        views.PlanActionDetail.as_view(),
        name="plan-action",
    ),
    path(
        "v1/families/<int:family_pk>/referrals/",
        views.FamilyReferrals.as_view(),
        name="family-referrals",
    ),
    path(
        "v1/families/<int:family_pk>/referrals/<int:pk>/",
        views.ReferralDetail.as_view(),
        name="referral",
    ),
    path(
        "v1/families/<int:family_pk>/intelligence/",
        intelligence.FamilyIntelligence.as_view(),
        name="family-intelligence",
    ),
    path(
        "v1/intelligence/submissions/<int:pk>/",
        intelligence.WorkerSubmissionDetail.as_view(),
        name="intelligence-submission",
    ),
    path(
        "v1/intelligence/submissions/<int:pk>/send/",
        intelligence.WorkerSubmissionSend.as_view(),
        name="intelligence-submission-send",
    ),
    path("v1/intelligence/received/", intelligence.ReceivedList.as_view(), name="received"),
    path(
        "v1/intelligence/received/<int:pk>/",
        intelligence.ReceivedDetail.as_view(),
        name="received-detail",
    ),
    path(
        "v1/intelligence/received/<int:pk>/acknowledge/",
        intelligence.ReceivedAcknowledge.as_view(),
        name="received-acknowledge",
    ),
    path(
        "v1/intelligence/received/<int:pk>/outcome/",
        intelligence.ReceivedOutcome.as_view(),
        name="received-outcome",
    ),
    path("v1/intelligence/people/", intelligence.PeopleList.as_view(), name="people"),
    path("v1/intelligence/people/<int:pk>/", intelligence.PersonDetail.as_view(), name="person"),
    # Anything else under v1 is a JSON 404 in the one error shape, not an HTML page.
    re_path(r"^v1/.*$", not_found, name="not-found"),
]
