"""Scope entries of the surveys' design pages for `tests/test_scope.py` (see SURVEY_AREAS there).

`objects(target, org, users)` makes this area's targets in the persona's organization (or outside it);
`state()` is what a refused request must leave unchanged.
"""

TARGETS: set[str] = set()


def endpoints(Endpoint, personas) -> list:  # noqa: N803  (the class is passed in: test_scope imports this module)
    return []


def objects(target, org, users) -> dict:
    return {}


def state() -> tuple:
    return ()
