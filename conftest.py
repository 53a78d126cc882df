import pytest
from django.conf import settings
from django.test import override_settings

# The shared fixtures (a small county tree and the five personas) serve every test in the project.
pytest_plugins = ["tests.fixtures"]


@pytest.fixture(scope="session", autouse=True)
def _plain_static_names():
    """Pages in tests link static files by their plain names, found where they lie (no collectstatic needed, and
    the live server's static handler finds them); the hashed names production serves are tested by starting the
    production server (tests/test_production.py)."""
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    with override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain}):
        yield


@pytest.fixture(scope="session", autouse=True)
def _cache_in_memory():
    """Each test process keeps its own cache in memory: the installation's files under var/cache are shared by every
    process on purpose (config/settings.py), which would let one xdist worker or an earlier run serve another's
    pages."""
    memory = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "zugong-tests"}}
    with override_settings(CACHES=memory):
        yield


@pytest.fixture(autouse=True)
def _chinese_between_tests():
    """Each test starts in Chinese: a request made in English activates English in the worker's thread
    (ChosenLanguageMiddleware), which would otherwise reach the next test's service messages."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
