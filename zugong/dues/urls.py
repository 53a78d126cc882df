from django.urls import path

from zugong.dues import views

app_name = "dues"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("export.xlsx", views.export, name="export"),
    path("organizations/<int:pk>/collect/", views.collect, name="collect"),
    path("members/<int:pk>/pay/", views.pay, name="pay"),
    path("members/<int:pk>/reason/", views.reason, name="reason"),
    path("rates/", views.rate_list, name="rates"),
    path("rates/<str:category>/new/", views.rate_edit, name="rate_edit"),
]
