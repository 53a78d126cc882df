"""Pages of the cadres' supervision."""

from django.urls import path  # noqa: F401

urlpatterns: list = []


def tab_context(request, cadre, on) -> dict:
    """What the cadre page's supervision tab shows."""
    return {}
