"""Assessment pages (/assessments/): schemes, rounds, score entry, results, the .xlsx, the 通报 .docx and each
target's 评分表 (.docx, PDF)."""

from django.urls import path

from zugong.assessments import followup_views, sheet_views, views

app_name = "assessments"
urlpatterns = [
    path("", views.round_list, name="rounds"),
    path("new/", views.round_new, name="round_new"),
    path("schemes/", views.scheme_list, name="schemes"),
    path("schemes/<int:pk>/", views.scheme_detail, name="scheme"),
    path("schemes/<int:pk>/criteria/<int:item_pk>/", views.criterion_points, name="criterion_points"),
    path("schemes/<int:pk>/grades/<int:item_pk>/", views.grade_band, name="grade_band"),
    path("<int:pk>/", views.round_detail, name="round"),
    path("<int:pk>/compute/", views.round_compute, name="compute"),
    path("<int:pk>/finalize/", views.round_finalize, name="finalize"),
    path("<int:pk>/targets/<int:result_pk>/", views.result_detail, name="result"),
    path("<int:pk>/targets/<int:result_pk>/sheet.docx", sheet_views.sheet_docx, name="sheet_docx"),
    path("<int:pk>/targets/<int:result_pk>/sheet.pdf", sheet_views.sheet_pdf, name="sheet_pdf"),
    path("<int:pk>/targets/<int:result_pk>/enter/", views.enter_target, name="enter_target"),
    path("<int:pk>/criteria/<int:criterion_pk>/enter/", views.enter_criterion, name="enter_criterion"),
    path("<int:pk>/evidence/<int:score_pk>/", views.evidence_file, name="evidence_file"),
    path("<int:pk>/results.xlsx", views.round_export, name="export"),
    path("<int:pk>/bulletin.docx", views.round_bulletin, name="bulletin"),
    # 回访复查 and a result's 述职报告 (followup_views)
    path("follow-ups/", followup_views.follow_up_list, name="follow_ups"),
    path("follow-ups/new/", followup_views.follow_up_new, name="follow_up_new"),
    path("follow-ups/<int:pk>/", followup_views.follow_up_detail, name="follow_up"),
    path("follow-ups/<int:pk>/items/", followup_views.follow_up_record, name="follow_up_record"),
    path("follow-ups/<int:pk>/items/add/", followup_views.follow_up_add_item, name="follow_up_add_item"),
    path("follow-ups/<int:pk>/close/", followup_views.follow_up_close, name="follow_up_close"),
    path("<int:pk>/targets/<int:result_pk>/follow-up/", followup_views.follow_up_plan, name="follow_up_plan"),
    path("<int:pk>/targets/<int:result_pk>/report/", followup_views.report_file, name="report_file"),
    path("<int:pk>/targets/<int:result_pk>/report/upload/", followup_views.report_upload, name="report_upload"),
]
