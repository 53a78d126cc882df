from django.urls import path

from zugong.members import views

app_name = "members"
urlpatterns = [
    path("", views.member_list, name="list"),
    path("export.xlsx", views.member_export, name="export"),
    path("new/", views.member_create, name="create"),
    path("<int:pk>/", views.member_detail, name="detail"),
    path("<int:pk>/edit/", views.member_edit, name="edit"),
    path("<int:pk>/id-number/", views.member_reveal_id, name="reveal_id"),
]
