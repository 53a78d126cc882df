from django.urls import path

from zugong.core import views

app_name = "core"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("checks/run/", views.run_checks_now, name="run_checks"),
    path("policy/", views.policy_list, name="policy_list"),
    path("policy/<str:key>/", views.policy_edit, name="policy_edit"),
]
