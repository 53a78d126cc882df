"""Staff pages of 12380 reports (/complaints/): the list, intake, a report's procedure, the due list, statistics."""

from django.urls import include, path

app_name = "complaints"
urlpatterns = [
    path("statistics/", include("zugong.complaints.stats_urls")),
]
