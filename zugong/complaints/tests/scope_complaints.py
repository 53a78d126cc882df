"""Scope entries of the 12380 staff pages for ``tests/test_scope.py`` (COMPLAINT_AREAS there).

Viewers: department administrators and inspectors (``complaints.view``); only department administrators handle.
Every other persona gets 404 even inside their own part of the tree. The identity page answers 404 to all five:
none holds ``complaints.identity`` (a named few only)."""

import datetime as dt

from django.core.files.base import ContentFile

from zugong.complaints.models import Evidence, Report

TARGETS = {"report12380", "report_evidence", "report_named"}


def endpoints(Endpoint, personas) -> list:  # noqa: N803  (the class is passed in: test_scope imports this module)
    viewers, admin = personas["COMPLAINT_VIEWERS"], personas["ADMIN"]
    return [
        Endpoint("complaints:list", "GET", viewers, None),
        Endpoint("complaints:intake", "GET", admin, None),
        Endpoint("complaints:intake", "POST", admin, None),
        Endpoint("complaints:due", "GET", viewers, None),
        Endpoint("complaints:detail", "GET", viewers, "report12380"),
        Endpoint("complaints:step", "GET", admin, "report12380",
                 url_kwargs=lambda o: {"pk": o["report12380"].pk, "code": "decide"}),
        Endpoint("complaints:step", "POST", admin, "report12380",
                 url_kwargs=lambda o: {"pk": o["report12380"].pk, "code": "decide"}),
        Endpoint("complaints:link", "GET", admin, "report12380"),
        Endpoint("complaints:link", "POST", admin, "report12380"),
        Endpoint("complaints:evidence_new", "GET", admin, "report12380"),
        Endpoint("complaints:evidence_new", "POST", admin, "report12380"),
        Endpoint("complaints:evidence_file", "GET", viewers, "report_evidence"),
        Endpoint("complaints:identity", "POST", frozenset(), "report_named"),
    ]


def objects(target, org, users) -> dict:
    report = Report.objects.create(number=f"12380-2026-{org.pk:04d}", year=2026, serial=org.pk, channel="letter",
                                   received_on=dt.date(2026, 1, 5), unit=org, person_name="范被举报人",
                                   content="反映问题", anonymous=target != "report_named")
    found = {"report12380": report, "report_named": report}
    if target == "report_evidence":
        evidence = Evidence(report=report, token="0" * 24, extension=".pdf", kind="PDF文档", size=8,
                            added_on=dt.date(2026, 1, 5))
        evidence.file.save("scope.pdf", ContentFile(b"%PDF-1.4"), save=False)
        evidence.save()
        found["report_evidence"] = evidence
    return found
