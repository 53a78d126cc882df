"""Scope entries of the 12380 statistics page and its .xlsx for ``tests/test_scope.py`` (COMPLAINT_AREAS there).

Viewers: department administrators and inspectors (``complaints.view``); everyone else gets 404, also for the
statistics of an organization in their own part of the tree. ``formula_export`` serves
``tests/test_export_formulas.py``: a report whose person reported is named with the payload."""

import datetime as dt

from django.urls import reverse

from zugong.complaints.models import Report

TARGETS = {"report12380_stats"}


def _query(o) -> dict:
    return {"year": o["report12380_stats"].year, "unit": o["org"].pk}


def endpoints(Endpoint, personas) -> list:  # noqa: N803  (the class is passed in: test_scope imports this module)
    viewers = personas["COMPLAINT_VIEWERS"]
    return [
        Endpoint("complaints:statistics", "GET", viewers, None),
        Endpoint("complaints:statistics", "GET", viewers, "report12380_stats", data=_query, url_kwargs=lambda o: {},
                 label=" of an organization"),
        Endpoint("complaints:statistics_export", "GET", viewers, None),
        Endpoint("complaints:statistics_export", "GET", viewers, "report12380_stats", data=_query,
                 url_kwargs=lambda o: {}, label=" of an organization"),
    ]


def _report(org, person_name: str = "范被举报") -> Report:
    today = dt.date.today()
    serial = Report.objects.filter(year=today.year).count() + 9001
    return Report.objects.create(number=f"12380-{today.year}-{serial}", year=today.year, serial=serial,
                                 channel=Report.Channel.LETTER, received_on=today, person_name=person_name,
                                 person_post=person_name, unit=org, kind=Report.Kind.CONDUCT, content="反映其作风问题")


def objects(target, org, users) -> dict:
    return {"report12380_stats": _report(org)}


def formula_export(county, admin, text):
    """For tests/test_export_formulas.py: the reported person's name and post are the payload."""
    _report(county.village, text[:50])
    return reverse("complaints:statistics_export"), {"year": dt.date.today().year}
