"""Scope entries of 12380 report pages for ``tests/test_scope.py`` (COMPLAINT_AREAS there).

Viewers: department administrators and inspectors (``complaints.view``); only department administrators handle."""

TARGETS: set[str] = set()


def endpoints(Endpoint, personas) -> list:  # noqa: N803  (the class is passed in: test_scope imports this module)
    return []


def objects(target, org, users) -> dict:
    return {}


def state() -> tuple:
    return ()
