"""The public portal's page cache (docs/decisions/0025-shared-page-cache.md): a page is kept under a key holding
the current *version* of the portal, and every change of what a visitor may read — an article or a notice saved,
published, withdrawn or corrected, its people or files changed, the nightly withdrawal — gives the portal a new
version once the change is committed. The pages kept under the old version are never read again (they expire on
their own), so a withdrawn item is gone from every worker at once, not after the policy's seconds.

The version is a random token, not a counter: two changes at the same moment cannot both write the same next
number, and a version culled from a full cache is replaced by a fresh one (never an old one whose pages still lie
there).
"""

import uuid

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "portal:version"


def version() -> str:
    """The portal's current version (made when the cache has none)."""
    current = cache.get(VERSION_KEY)
    if current is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        current = cache.get(VERSION_KEY) or ""
    return current


def _new_version() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def pages_changed(**_signal) -> None:
    """What visitors may read has changed: after the commit (a page made meanwhile from the old rows would otherwise
    be kept under the new version), every cached public page is out of date. Also a signal receiver."""
    transaction.on_commit(_new_version)
