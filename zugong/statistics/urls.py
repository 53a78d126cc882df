from django.urls import path

from zugong.statistics import report_views, views

app_name = "statistics"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("cell/", views.cell, name="cell"),
    path("finalize/", views.finalize, name="finalize"),
    path("coverage/", views.coverage_page, name="coverage"),
    path("charts/", views.charts, name="charts"),
    path("economy/", views.economy_page, name="economy"),
    path("economy/import/", views.economy_import, name="economy_import"),
    path("economy/<int:pk>/<int:year>/", views.economy_edit, name="economy_edit"),
    path("by-child/<str:table>/", views.breakdown, name="breakdown"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("export.docx", views.export_docx, name="export_docx"),
    path("reports/", report_views.reports_page, name="reports"),
    path("reports/lower/", report_views.register_lower, name="report_lower"),
    path("reports/export/<int:pk>/", report_views.export_package, name="report_export"),
]
