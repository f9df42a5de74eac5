"""Top-level URLs. Every app's URLs appear in the authorization matrix (tests/access/)."""

from django.contrib import admin
from django.urls import include, path

from relsafe.audit import urls as audit_urls
from relsafe.cases import views as cases_views

admin.site.site_header = "relsafe administration"
admin.site.site_title = "relsafe administration"

# "Who has viewed this family" is the family's page (``cases``, over audit's generic
# ``family_trail``), kept at the address and name it has always had, beside the trail it reads.
_audit_pages = [
    *audit_urls.urlpatterns,
    path("families/<int:family_pk>/", cases_views.family_access, name="family-access"),
]

urlpatterns = [
    path("", include("relsafe.core.urls")),
    path("account/", include("relsafe.accounts.urls")),
    path("families/", include("relsafe.cases.urls")),
    path("families/", include("relsafe.relationships.urls")),
    path("families/<int:family_pk>/assessments/", include("relsafe.assessments.urls")),
    path("families/<int:family_pk>/plan/", include("relsafe.plans.urls")),
    path("records/", include("relsafe.records.urls")),
    path("access/", include("relsafe.access.urls")),
    path("audit/", include((_audit_pages, audit_urls.app_name))),
    path("language/", include("relsafe.language.urls")),
    path("drafts/", include("relsafe.drafts.urls")),
    path("", include("relsafe.portal.urls")),
    path("resources/", include("relsafe.resources.urls")),
    path("evidence/", include("relsafe.evidence.urls")),
    path("intelligence/", include("relsafe.intelligence.urls")),
    path("justice/", include("relsafe.justice.urls")),
    path("outcomes/", include("relsafe.outcomes.urls")),
    path("governance/", include("relsafe.governance.urls")),
    path("api/", include("relsafe.api.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "relsafe.core.views.bad_request"
handler403 = "relsafe.core.views.permission_denied"
handler404 = "relsafe.core.views.page_not_found"
handler500 = "relsafe.core.views.server_error"
