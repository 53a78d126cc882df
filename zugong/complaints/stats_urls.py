"""Statistics of 12380 reports (/complaints/statistics/), included by ``urls.py`` into the ``complaints`` namespace."""

urlpatterns: list = []
