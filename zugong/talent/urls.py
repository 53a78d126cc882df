from django.urls import path

from zugong.talent import views

app_name = "talent"
urlpatterns = [
    path("", views.talent_list, name="list"),
    path("export.xlsx", views.talent_export, name="export"),
    path("import/", views.talent_import, name="import"),
    path("new/", views.talent_new, name="new"),
    path("statistics/", views.statistics, name="statistics"),
    path("<int:pk>/", views.talent_detail, name="detail"),
    path("<int:pk>/edit/", views.talent_edit, name="edit"),
    path("<int:pk>/phone/", views.talent_reveal_phone, name="reveal_phone"),
    path("<int:pk>/sharing/", views.talent_sharing, name="sharing"),
    path("<int:pk>/awards/new/", views.award_new, name="award_new"),
    path("<int:pk>/apply/", views.talent_apply, name="apply"),
    path("<int:pk>/recognize/", views.talent_recognize, name="recognize"),
    path("<int:pk>/rural/", views.talent_rural, name="rural"),
    path("rules/", views.level_rules, name="rules"),
    path("rules/new/", views.level_rule_new, name="rule_new"),
    path("rules/<int:pk>/toggle/", views.level_rule_toggle, name="rule_toggle"),
    path("programs/", views.programs, name="programs"),
    path("programs/new/", views.program_new, name="program_new"),
    path("rounds/new/", views.round_new, name="round_new"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/status/", views.round_status, name="round_status"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/score/", views.application_score, name="score"),
    path("applications/<int:pk>/decide/", views.application_decide, name="decide"),
    path("applications/<int:pk>/grant/", views.application_grant, name="grant"),
    path("funds/<int:pk>/", views.fund_detail, name="fund"),
    path("funds/<int:pk>/deposit/", views.fund_deposit, name="fund_deposit"),
    path("recognitions/", views.recognitions, name="recognitions"),
    path("recognitions/new/", views.recognition_new, name="recognition_new"),
    path("recognitions/<int:pk>/", views.recognition_detail, name="recognition"),
]
