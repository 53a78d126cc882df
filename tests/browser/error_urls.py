"""The site's URLs and one that fails, to see the 500 page as a browser gets it (tests/browser/test_error_pages.py)."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


@login_not_required
def fail(request):
    raise RuntimeError("a deliberate failure: the 500 page")


urlpatterns = [*site_urlpatterns, path("test-failure/", fail)]
