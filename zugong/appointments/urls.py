from django.urls import path

from zugong.appointments import views

app_name = "appointments"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_create, name="create"),
    path("due/", views.due_list, name="due"),
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
    path("<int:pk>/<str:name>.<str:fmt>", views.case_document, name="case_document"),
    path("candidates/<int:pk>/drop/", views.candidate_drop, name="candidate_drop"),
    path("candidates/<int:pk>/appointment.<str:fmt>", views.appointment_document, name="appointment_document"),
    path("notices/<int:pk>/withdraw/", views.notice_withdraw, name="notice_withdraw"),
    path("notices/<int:pk>.<str:fmt>", views.notice_document, name="notice_document"),
    path("opinions/<int:pk>/resolve/", views.opinion_resolve, name="opinion_resolve"),
    path("holds/<int:pk>/lift/", views.hold_lift, name="hold_lift"),
    path("steps/<int:pk>/document/", views.step_document, name="step_document"),
]
