"""Scope entries of the Excel export and import of study days and points entries for ``tests/test_scope.py``
(EXCEL_AREAS there).

No page takes a record: an export holds only what the user's scope covers (and follows its list's filters), an
import refuses every row outside the scope (``test_study_excel.py``, ``test_points_excel.py``); viewing needs
``members.view``, importing ``members.change``."""

TARGETS: set[str] = set()


def endpoints(Endpoint, personas) -> list:  # noqa: N803  (the class is passed in: test_scope imports this module)
    return [
        Endpoint("education:study_export", "GET", personas["EVERYONE"], None),
        Endpoint("education:study_import", "GET", personas["MEMBER_CHANGERS"], None),
        Endpoint("education:study_import", "POST", personas["MEMBER_CHANGERS"], None),
        Endpoint("education:points_export", "GET", personas["EVERYONE"], None),
        Endpoint("education:points_import", "GET", personas["MEMBER_CHANGERS"], None),
        Endpoint("education:points_import", "POST", personas["MEMBER_CHANGERS"], None),
    ]


def objects(target, org, users) -> dict:
    return {}
