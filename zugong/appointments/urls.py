from django.urls import path

from zugong.appointments import competition_views, report_views, views

app_name = "appointments"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_create, name="create"),
    path("due/", views.due_list, name="due"),
    path("due.xlsx", views.due_export, name="due_export"),
    path("key-posts/", views.key_posts, name="key_posts"),
    path("key-posts/<int:pk>/remove/", views.key_post_remove, name="key_post_remove"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/steps/<str:kind>/", views.step_new, name="step_new"),
    path("<int:pk>/candidates/new/", views.candidate_new, name="candidate_new"),
    path("<int:pk>/exceptional/", views.case_exceptional, name="exceptional"),
    path("<int:pk>/stop/", views.case_stop, name="stop"),
    path("<int:pk>/inspection-notice/", views.inspection_notice, name="inspection_notice"),
    path("<int:pk>/opinions/new/", views.opinion_new, name="opinion_new"),
    path("<int:pk>/holds/new/", views.hold_new, name="hold_new"),
    path("<int:pk>/competition/announce/", competition_views.announce, name="competition_announce"),
    path("<int:pk>/competition/register/", competition_views.register, name="competition_register"),
    path("<int:pk>/competition/panel/new/", competition_views.panel_member_new, name="competition_panel_new"),
    path("<int:pk>/competition/scores/", competition_views.scores, name="competition_scores"),
    path("<int:pk>/competition/scores/import/", competition_views.scores_import, name="competition_scores_import"),
    path("<int:pk>/competition/ranking.xlsx", competition_views.ranking_export, name="competition_ranking"),
    path("registrations/<int:pk>/review/", competition_views.review, name="registration_review"),
    path("registrations/<int:pk>/panel-scores/", competition_views.panel_scores, name="registration_panel_scores"),
    path("<int:pk>/<str:name>.<str:fmt>", views.case_document, name="case_document"),
    path("candidates/<int:pk>/drop/", views.candidate_drop, name="candidate_drop"),
    path("candidates/<int:pk>/enter-register/", competition_views.enter_register, name="candidate_enter_register"),
    path("candidates/<int:pk>/appointment.<str:fmt>", views.appointment_document, name="appointment_document"),
    path("notices/<int:pk>/withdraw/", views.notice_withdraw, name="notice_withdraw"),
    path("notices/<int:pk>.<str:fmt>", views.notice_document, name="notice_document"),
    path("opinions/<int:pk>/resolve/", views.opinion_resolve, name="opinion_resolve"),
    path("holds/<int:pk>/lift/", views.hold_lift, name="hold_lift"),
    path("steps/<int:pk>/document/", views.step_document, name="step_document"),
]
urlpatterns += report_views.urlpatterns  # the 一报告
