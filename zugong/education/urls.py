from django.urls import path

from zugong.education import study_import_views, views, visit_views

app_name = "education"
urlpatterns = [
    path("", views.study_list, name="study"),
    path("study/<int:pk>/new/", views.study_new, name="study_new"),
    path("study/export.xlsx", study_import_views.study_export, name="study_export"),
    path("study/import/", study_import_views.study_import, name="study_import"),
    path("pledges/", views.pledge_list, name="pledges"),
    path("pledges/member/<int:pk>/new/", views.pledge_new, name="pledge_new"),
    path("pledges/<int:pk>/review/", views.pledge_review, name="pledge_review"),
    path("points/", views.points, name="points"),
    path("points/member/<int:pk>/new/", views.points_entry, name="points_entry"),
    path("points/plaques.xlsx", views.plaques, name="plaques"),
    path("points/export.xlsx", study_import_views.points_export, name="points_export"),
    path("points/import/", study_import_views.points_import, name="points_import"),
    path("points/scheme/", views.scheme, name="scheme"),
    path("points/scheme/edit/", views.scheme_edit, name="scheme_edit"),
    path("care/", views.care, name="care"),
    path("care/unvisited/", visit_views.unvisited, name="unvisited"),
    path("care/unvisited.xlsx", visit_views.unvisited_export, name="unvisited_export"),
    path("care/<int:pk>/pay/", views.care_pay, name="care_pay"),
    path("care/member/<int:pk>/aid/", views.aid_new, name="aid_new"),
    path("care/member/<int:pk>/visit/", views.visit_new, name="visit_new"),
]
