"""Statistics of 12380 reports (/complaints/statistics/), included by ``urls.py`` into the ``complaints`` namespace."""

from django.urls import path

from zugong.complaints import stats_views

urlpatterns = [
    path("", stats_views.statistics, name="statistics"),
    path("export.xlsx", stats_views.statistics_export, name="statistics_export"),
]
