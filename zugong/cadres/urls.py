from django.urls import path

from zugong.cadres import import_views, reserve_views, supervision_views, training_views, views

app_name = "cadres"
urlpatterns = [
    path("", views.cadre_list, name="list"),
    path("export.xlsx", views.cadre_export, name="export"),
    path("new/", views.cadre_new, name="new"),
    path("<int:pk>/", views.cadre_detail, name="detail"),
    path("<int:pk>/edit/", views.cadre_edit, name="edit"),
    path("<int:pk>/form.lrmx", views.cadre_lrmx, name="lrmx"),
    path("<int:pk>/form.pdf", views.cadre_printed, {"fmt": "pdf"}, name="form_pdf"),
    path("<int:pk>/form.docx", views.cadre_printed, {"fmt": "docx"}, name="form_docx"),
    path("<int:pk>/family/add/", views.family_add, name="family_add"),
    path("<int:pk>/family/<int:number>/remove/", views.family_remove, name="family_remove"),
    path("<int:pk>/resume/add/", views.resume_line, name="resume_add"),
    path("<int:pk>/resume/<int:number>/", views.resume_line, name="resume_line"),
    path("<int:pk>/assess/", views.assess, name="assess"),
    path("<int:pk>/routine/", views.routine, name="routine"),
    path("<int:pk>/component-score/", views.component_score, name="component_score"),
    path("<int:pk>/appoint/", views.appoint, name="appoint"),
    path("<int:pk>/tenures/<int:tenure_pk>/end/", views.end_tenure, name="end_tenure"),
]
urlpatterns += (training_views.urlpatterns + reserve_views.urlpatterns + supervision_views.urlpatterns
                + import_views.urlpatterns)
