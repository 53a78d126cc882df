"""Pages of campaigns (/campaigns/): the list, a campaign and its set-up, tasks, inspections, the due list, bulletins."""

from django.urls import path

from zugong.campaigns import views

app_name = "campaigns"
urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("new/", views.campaign_new, name="new"),
    path("due/", views.due_list, name="due"),
    path("bulletins/", views.bulletin_list, name="bulletins"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("<int:pk>/phase/new/", views.phase_new, name="phase_new"),
    path("<int:pk>/group/new/", views.group_new, name="group_new"),
    path("<int:pk>/point/new/", views.point_new, name="point_new"),
    path("<int:pk>/visit/new/", views.visit_new, name="visit_new"),
    path("<int:pk>/task/new/", views.task_new, name="task_new"),
    path("<int:pk>/inspection/new/", views.inspection_new, name="inspection_new"),
    path("<int:pk>/bulletin/new/", views.bulletin_new, name="bulletin_new"),
    path("task/<int:pk>/", views.task_detail, name="task"),
    path("task/<int:pk>/report/", views.task_report, name="task_report"),
    path("task/<int:pk>/review/", views.task_review, name="task_review"),
    path("file/<int:pk>/", views.report_file, name="file"),
    path("inspection/<int:pk>/", views.inspection_detail, name="inspection"),
    path("finding/<int:pk>/rectified/", views.finding_rectified, name="finding_rectified"),
    path("bulletin/<int:pk>/", views.bulletin_detail, name="bulletin"),
    path("bulletin/<int:pk>/issue/", views.bulletin_issue, name="bulletin_issue"),
    path("bulletin/<int:pk>/docx/", views.bulletin_docx, name="bulletin_docx"),
    path("bulletin/<int:pk>/pdf/", views.bulletin_pdf, name="bulletin_pdf"),
]
