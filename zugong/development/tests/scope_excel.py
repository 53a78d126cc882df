"""Scope entries of the development cases' Excel export and import for ``tests/test_scope.py`` (EXCEL_AREAS there).

Neither page takes a record: the export holds only the cases the user's scope covers (and follows the list's
filters), the import refuses every row outside the scope (``test_case_excel.py``); viewing needs ``members.view``,
importing ``members.change``."""

TARGETS: set[str] = set()


def endpoints(Endpoint, personas) -> list:  # noqa: N803  (the class is passed in: test_scope imports this module)
    return [
        Endpoint("development:export", "GET", personas["EVERYONE"], None),
        Endpoint("development:import", "GET", personas["MEMBER_CHANGERS"], None),
        Endpoint("development:import", "POST", personas["MEMBER_CHANGERS"], None),
    ]


def objects(target, org, users) -> dict:
    return {}
