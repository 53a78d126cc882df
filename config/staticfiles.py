"""Static files (静态文件): the front-end files taken from node_modules, and the storage production serves them from.

``VendorFinder`` offers only the files the templates use from ``node_modules`` (under ``vendor/``), not its
4,400 files and 92 MB: collecting and compressing all of them took 11 minutes; with these 8, collecting
everything takes about 15 s of CPU. A template
that needs another front-end file adds its pattern to ``VENDOR_FILES`` (tests/test_config.py checks that every
file a template links is found).

``ManifestStaticStorage`` is whitenoise's compressed manifest storage (hashed names, cached for a year by
browsers) that gives a file's plain name when ``collectstatic`` has not listed it, instead of raising: a page
must never fail because its stylesheet was not collected (the file is then simply not found).
"""

import logging
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import Warning as CheckWarning
from django.core.files.storage import FileSystemStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage

logger = logging.getLogger(__name__)

PREFIX = "vendor"
# Glob patterns relative to node_modules.
VENDOR_FILES = (
    "bootstrap/dist/css/bootstrap.min.css",
    "bootstrap/dist/css/bootstrap.min.css.map",
    "bootstrap/dist/js/bootstrap.bundle.min.js",  # the offcanvas menu on phones (base.html)
    "bootstrap/dist/js/bootstrap.bundle.min.js.map",
    "bootstrap-icons/font/bootstrap-icons.min.css",
    "bootstrap-icons/font/fonts/*",
    "htmx.org/dist/htmx.min.js",
    "@alpinejs/csp/dist/cdn.min.js",
    "echarts/dist/echarts.min.js",
)


class VendorFinder(BaseFinder):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.root = Path(settings.ZUGONG_NODE_MODULES)
        self.storage = FileSystemStorage(location=self.root)
        self.storage.prefix = PREFIX  # type: ignore[attr-defined]  # collectstatic reads it (as FileSystemFinder's)

    def _files(self) -> list[str]:
        found = {path.relative_to(self.root).as_posix() for pattern in VENDOR_FILES
                 for path in self.root.glob(pattern) if path.is_file()}
        return sorted(found)

    def check(self, **kwargs):
        missing = [pattern for pattern in VENDOR_FILES if not any(self.root.glob(pattern))]
        if not missing:
            return []
        return [CheckWarning(f"前端文件缺失：{', '.join(missing)}（请运行 npm ci，或 make setup）",
                             hint=f"node_modules: {self.root}", id="zugong.W001")]

    def find(self, path, find_all=False):
        relative = path.removeprefix(PREFIX + "/") if path.startswith(PREFIX + "/") else None
        if relative is None or relative not in self._files():
            return []  # Django's finders answer "not found" with an empty list, whatever find_all says
        match = str(self.root / relative)
        return [match] if find_all else match

    def list(self, ignore_patterns):
        for relative in self._files():
            yield relative, self.storage


class ManifestStaticStorage(CompressedManifestStaticFilesStorage):
    _warned = False

    def stored_name(self, name):
        try:
            return super().stored_name(name)
        except ValueError:
            if not ManifestStaticStorage._warned:
                ManifestStaticStorage._warned = True
                logger.warning("静态文件 %s 不在 collectstatic 的清单中：请运行 manage.py collectstatic --noinput "
                               "(static files not collected; serving plain names)", name)
            return name
