"""Scope entries of the organization tree's and work units' Excel pages for ``tests/test_scope.py``.

The exports list only what the user sees (their lists' own scope); the import pages need ``organizations.change``
(a branch secretary and an inspector get 404). Rows outside the scope are refused row by row: test_excel.py."""

TARGETS: set[str] = set()


def endpoints(Endpoint, personas) -> list:  # noqa: N803  (the class is passed in: test_scope imports this module)
    everyone, changers = personas["EVERYONE"], personas["CHANGERS"]
    return [
        Endpoint("organizations:export", "GET", everyone, None),
        Endpoint("organizations:import", "GET", changers, None),
        Endpoint("organizations:import", "POST", changers, None),  # no file: the form says so, nothing written
        Endpoint("organizations:unit_export", "GET", everyone, None),
        Endpoint("organizations:unit_import", "GET", changers, None),
        Endpoint("organizations:unit_import", "POST", changers, None),
    ]
