from django.urls import path

from zugong.members import import_views, mobile_views, transfer_views, views

app_name = "members"
urlpatterns = [
    path("", views.member_list, name="list"),
    path("export.xlsx", views.member_export, name="export"),
    path("new/", views.member_create, name="create"),
    path("import/", import_views.member_import, name="import"),
    path("import/template.xlsx", import_views.import_template, name="import_template"),
    path("import/jobs/<uuid:pk>/", import_views.import_job, name="import_job"),
    path("import/jobs/<uuid:pk>/problems.xlsx", import_views.import_job_errors, name="import_job_errors"),
    path("<int:pk>/", views.member_detail, name="detail"),
    path("<int:pk>/edit/", views.member_edit, name="edit"),
    path("<int:pk>/id-number/", views.member_reveal_id, name="reveal_id"),
    path("<int:pk>/leave/", views.member_leave, name="leave"),
    path("<int:pk>/transfer/", transfer_views.transfer_start, name="transfer_start"),
    path("<int:pk>/transfer-out/", transfer_views.transfer_out, name="transfer_out"),
    path("<int:pk>/mobile/", mobile_views.mobile_start, name="mobile_start"),
    path("<int:pk>/mobile/<str:action>/", mobile_views.mobile_update, name="mobile_update"),
    path("transfers/", transfer_views.transfer_list, name="transfers"),
    path("transfers/receive/", transfer_views.transfer_receive, name="transfer_receive"),
    path("transfers/<int:pk>/return/", transfer_views.transfer_return, name="transfer_return"),
    path("transfers/<int:pk>/receipt/", transfer_views.transfer_receipt, name="transfer_receipt"),
    path("transfers/<int:pk>/letter.docx", transfer_views.transfer_letter, name="transfer_letter"),
    path("transfers/<int:pk>/letter.pdf", transfer_views.transfer_letter, {"fmt": "pdf"}, name="transfer_letter_pdf"),
    path("transfers/<int:pk>/<str:decision>/", transfer_views.transfer_decide, name="transfer_decide"),
]
