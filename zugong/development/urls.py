from django.urls import path

from zugong.development import import_views, views, vote_views

app_name = "development"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_create, name="create"),
    path("export.xlsx", import_views.case_export, name="export"),
    path("import/", import_views.case_import, name="import"),
    path("due/", views.due_list, name="due"),
    path("due/export.xlsx", views.due_export, name="due_export"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/record.docx", views.case_record, name="record"),
    path("<int:pk>/steps/<str:kind>/", views.step_new, name="step_new"),
    path("<int:pk>/steps/<str:kind>/ballot/", vote_views.vote_open, name="vote_open"),
    path("<int:pk>/three-votes/ballot/<str:body>/", vote_views.three_vote_open, name="three_vote_open"),
    path("<int:pk>/extend/", views.case_extend, name="extend"),
    path("<int:pk>/close/", views.case_close, name="close"),
    path("evaluations/", views.evaluation_list, name="evaluations"),
    path("evaluations/<int:pk>/<int:year>/", views.evaluation_edit, name="evaluation_edit"),
    path("steps/<int:pk>/document/", views.step_document, name="step_document"),
]
