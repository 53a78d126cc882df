"""Pairing test helpers: a helping agency unit and a pairing of it with a village."""

import datetime as dt

import pytest

from zugong.organizations.models import WorkUnit
from zugong.pairing import services


@pytest.fixture
def agency_unit(county):
    return WorkUnit.objects.create(name="县财政局", kind=WorkUnit.Kind.AGENCY, managed_by=county.agency_branch,
                                   covered_by=county.agency_branch)


def pair(actor, helper, village, started_on=dt.date(2025, 3, 1), **extra):
    return services.create_pairing(actor, village=village, helper_unit=helper, started_on=started_on, **extra)


def project(actor, pairing, planned, spent, *, status="under_way", planned_on=dt.date(2025, 4, 1), **extra):
    return services.add_project(actor, pairing, title=extra.pop("title", "特色种植基地"), kind="industry",
                                funds_planned=planned, funds_spent=spent, status=status, planned_on=planned_on,
                                completed_on=extra.pop("completed_on", None))
