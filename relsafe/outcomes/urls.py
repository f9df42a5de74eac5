from django.urls import path

from relsafe.outcomes import views

app_name = "outcomes"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("figures.csv", views.figures_csv, name="figures-csv"),
    path("figures.xlsx", views.figures_xlsx, name="figures-xlsx"),
    path("reports/", views.report_list, name="reports"),
    path("reports/publish/", views.publish, name="publish"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>/report.pdf", views.report_pdf, name="report-pdf"),
    path("reports/<int:pk>/report.csv", views.report_csv, name="report-csv"),
    path("reports/<int:pk>/report.xlsx", views.report_xlsx, name="report-xlsx"),
    path("families/<int:family_pk>/", views.family_proof, name="family"),
    path("families/<int:family_pk>/new/", views.outcome_create, name="record"),
    path("families/<int:family_pk>/<int:pk>/edit/", views.outcome_edit, name="edit"),
    path("tables/", views.cost_tables, name="tables"),
    path("tables/costs/new/", views.unit_cost_edit, name="unit-cost-new"),
    path("tables/costs/<slug:key>/", views.unit_cost_edit, name="unit-cost-edit"),
    path("tables/probabilities/<slug:kind>/", views.assumption_edit, name="assumption-edit"),
    path("tables/index/", views.index_edit, name="index-edit"),
]
