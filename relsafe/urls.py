"""Top-level URLs. Every app's URLs appear in the authorization matrix (tests/access/)."""

from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "relsafe administration"
admin.site.site_title = "relsafe administration"

urlpatterns = [
    path("", include("relsafe.core.urls")),
    path("account/", include("relsafe.accounts.urls")),
    path("families/", include("relsafe.cases.urls")),
    path("families/", include("relsafe.relationships.urls")),
    path("families/<int:family_pk>/assessments/", include("relsafe.assessments.urls")),
    path("families/<int:family_pk>/plan/", include("relsafe.plans.urls")),
    path("records/", include("relsafe.records.urls")),
    path("access/", include("relsafe.access.urls")),
    path("audit/", include("relsafe.audit.urls")),
    path("language/", include("relsafe.language.urls")),
    path("drafts/", include("relsafe.drafts.urls")),
    path("", include("relsafe.portal.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "relsafe.core.views.bad_request"
handler403 = "relsafe.core.views.permission_denied"
handler404 = "relsafe.core.views.page_not_found"
handler500 = "relsafe.core.views.server_error"
