"""Staff pages of 12380 reports (/complaints/): the list, intake, a report's procedure, the due list, statistics."""

from django.urls import include, path

from zugong.complaints import views

app_name = "complaints"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("new/", views.intake, name="intake"),
    path("due/", views.due_list, name="due"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/step/<str:code>/", views.step, name="step"),
    path("<int:pk>/link/", views.link, name="link"),
    path("<int:pk>/evidence/new/", views.evidence_new, name="evidence_new"),
    path("<int:pk>/identity/", views.identity, name="identity"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence_file"),
    path("statistics/", include("zugong.complaints.stats_urls")),
]
