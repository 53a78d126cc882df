"""Pages of campaigns (/campaigns/): the list, a campaign and its set-up, tasks, inspections, the due list, bulletins."""

from django.urls import path

from zugong.campaigns import views

app_name = "campaigns"
urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("new/", views.campaign_new, name="new"),
    path("due/", views.due_list, name="due"),
    path("bulletins/", views.bulletin_list, name="bulletins"),
    path("covers/", views.cover_candidates, name="cover_candidates"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("<int:pk>/edit/", views.campaign_edit, name="edit"),
    path("<int:pk>/phase/new/", views.phase_new, name="phase_new"),
    path("<int:pk>/group/new/", views.group_new, name="group_new"),
    path("<int:pk>/group/cadres/", views.group_cadres, name="group_cadres"),
    path("group/<int:pk>/edit/", views.group_edit, name="group_edit"),
    path("group/<int:pk>/remove/", views.group_remove, name="group_remove"),
    path("point/<int:pk>/edit/", views.point_edit, name="point_edit"),
    path("point/<int:pk>/remove/", views.point_remove, name="point_remove"),
    path("visit/<int:pk>/edit/", views.visit_edit, name="visit_edit"),
    path("visit/<int:pk>/remove/", views.visit_remove, name="visit_remove"),
    path("<int:pk>/point/new/", views.point_new, name="point_new"),
    path("<int:pk>/visit/new/", views.visit_new, name="visit_new"),
    path("<int:pk>/task/new/", views.task_new, name="task_new"),
    path("<int:pk>/inspection/new/", views.inspection_new, name="inspection_new"),
    path("<int:pk>/bulletin/new/", views.bulletin_new, name="bulletin_new"),
    path("task/<int:pk>/", views.task_detail, name="task"),
    path("task/<int:pk>/report/", views.task_report, name="task_report"),
    path("task/<int:pk>/edit/", views.task_edit, name="task_edit"),
    path("task/<int:pk>/remove/", views.task_remove, name="task_remove"),
    path("task/<int:pk>/review/", views.task_review, name="task_review"),
    path("file/<int:pk>/", views.report_file, name="file"),
    path("inspection/<int:pk>/", views.inspection_detail, name="inspection"),
    path("inspection/<int:pk>/edit/", views.inspection_edit, name="inspection_edit"),
    path("inspection/<int:pk>/remove/", views.inspection_remove, name="inspection_remove"),
    path("finding/<int:pk>/edit/", views.finding_edit, name="finding_edit"),
    path("finding/<int:pk>/remove/", views.finding_remove, name="finding_remove"),
    path("finding/<int:pk>/rectified/", views.finding_rectified, name="finding_rectified"),
    path("bulletin/<int:pk>/", views.bulletin_detail, name="bulletin"),
    path("bulletin/<int:pk>/issue/", views.bulletin_issue, name="bulletin_issue"),
    path("bulletin/<int:pk>/docx/", views.bulletin_docx, name="bulletin_docx"),
    path("bulletin/<int:pk>/pdf/", views.bulletin_pdf, name="bulletin_pdf"),
]
