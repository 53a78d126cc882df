from django.urls import path

from zugong.pairing import views

app_name = "pairing"
urlpatterns = [
    path("", views.pairing_list, name="list"),
    path("new/", views.pairing_new, name="new"),
    path("<int:pk>/", views.pairing_detail, name="detail"),
    path("<int:pk>/end/", views.pairing_end, name="end"),
    path("<int:pk>/projects/new/", views.project_new, name="project_new"),
    path("projects/<int:pk>/edit/", views.project_edit, name="project_edit"),
    path("<int:pk>/venues/new/", views.venue_new, name="venue_new"),
    path("<int:pk>/visits/new/", views.visit_new, name="visit_new"),
    path("totals/", views.totals, name="totals"),
    path("totals.xlsx", views.totals_export, name="totals_export"),
    path("loans/", views.loan_list, name="loans"),
    path("loans.xlsx", views.loans_export, name="loans_export"),
    path("loans/member/<int:pk>/new/", views.loan_new, name="loan_new"),
    path("loans/<int:pk>/status/", views.loan_status, name="loan_status"),
]
