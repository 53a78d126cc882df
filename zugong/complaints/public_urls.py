"""The reporter's pages, reachable without signing in (/r/): file a report, follow it with the receipt code."""

from zugong.complaints import public_views

app_name = "report_public"
urlpatterns = public_views.urlpatterns
