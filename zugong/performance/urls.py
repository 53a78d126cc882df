"""Agency performance pages (/performance/): templates, periods (四个一), agencies' cards, the .xlsx and the 通报."""

from django.urls import path

from zugong.performance import views

app_name = "performance"
urlpatterns = [
    path("", views.template_list, name="templates"),
    path("new/", views.template_new, name="template_new"),
    path("<int:pk>/", views.template_detail, name="template"),
    path("<int:pk>/perspectives/", views.perspective_new, name="perspective_new"),
    path("<int:pk>/indicators/new/", views.indicator_new, name="indicator_new"),
    path("<int:pk>/issue/", views.template_issue, name="issue"),
    path("<int:pk>/periods/", views.template_periods, name="periods"),
    path("periods/<int:pk>/", views.period_detail, name="period"),
    path("periods/<int:pk>/step/", views.period_step, name="step"),
    path("periods/<int:pk>/ranking.xlsx", views.period_export, name="export"),
    path("periods/<int:pk>/bulletin.docx", views.period_bulletin, name="bulletin"),
    path("cards/<int:pk>/", views.card_detail, name="card"),
    path("cards/<int:pk>/targets/", views.card_targets, name="targets"),
    path("cards/<int:pk>/breakdown/", views.breakdown_new, name="breakdown_new"),
    path("cards/<int:pk>/breakdown/<int:line_pk>/", views.breakdown_actual, name="breakdown_actual"),
    path("cards/<int:pk>/periods/<int:period_pk>/", views.card_actuals, name="actuals"),
    path("cards/<int:pk>/evidence/<int:actual_pk>/", views.evidence_file, name="evidence"),
]
