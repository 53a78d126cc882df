"""Scope entries of the cadres' supervision pages for `tests/test_scope.py` (see CADRE_AREAS there)."""

TARGETS: set[str] = set()  # object kinds this area's URLs point at; a cadre is made for each


def endpoints(Endpoint, personas) -> list:  # noqa: N803  (the class is passed in: test_scope imports this module)
    return []


def objects(target, cadre, org) -> dict:
    return {}


def state() -> tuple:
    return ()
