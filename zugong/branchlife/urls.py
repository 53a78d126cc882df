"""Pages of branch work (/branch-work/): an organization's meetings, the quick entry, a meeting, 四议两公开."""

from django.urls import path

from zugong.branchlife import views

app_name = "branchlife"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("overview.xlsx", views.overview_export, name="overview_export"),
    path("org/<int:pk>/record/", views.meeting_new, name="meeting_new"),
    path("org/<int:pk>/record/<str:kind>/", views.meeting_record, name="meeting_record"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/delete/", views.meeting_delete, name="meeting_delete"),
    path("meetings/<int:pk>/document/", views.meeting_document, name="meeting_document"),
    path("import/", views.meeting_import, name="import"),
    path("decisions/", views.decision_list, name="decisions"),
    path("org/<int:pk>/decisions/new/", views.decision_new, name="decision_new"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision"),
    path("decisions/<int:pk>/step/<str:code>/", views.decision_step, name="decision_step"),
]
