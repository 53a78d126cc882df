"""Fixtures of the education tests: the clock stands on 2026-11-20; the scheme's items; four elderly members."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from zugong.development.evaluation import Grading, record_round
from zugong.development.models import AnnualEvaluation
from zugong.education.models import ScoreItem
from zugong.members.models import Member
from zugong.members.services import create_member
from zugong.members.tests.test_members import fields, id_for


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def items():
    return {item.source: item for item in ScoreItem.objects.all()}


@pytest.fixture
def elders(county, department_admin, branch_secretary, full_members):
    """Four members aged 70+: 老张 eligible; 老李 party age too short; 老王 on a wage; 老赵 became eligible this month."""
    people = [
        ("老张", dt.date(1950, 3, 1), dt.date(1975, 7, 1), "farmer"),
        ("老李", dt.date(1950, 3, 2), dt.date(2000, 7, 1), "farmer"),
        ("老王", dt.date(1950, 3, 3), dt.date(1975, 7, 1), "wage"),
        ("老赵", dt.date(1956, 11, 5), dt.date(1980, 1, 1), "farmer"),
    ]
    made = {}
    for n, (name, birth, full, category) in enumerate(people, start=1):
        made[name] = create_member(department_admin, **fields(
            county.village, name=name, id_number=id_for(birth, 40 + n), joined_on=full - dt.timedelta(days=365),
            full_member_on=full, dues_category=category, dues_base=Decimal(3000) if category == "wage" else None))
    record_round(branch_secretary, county.village, 2025, self_assessed_on=dt.date(2025, 12, 1),
                 mutually_evaluated_on=dt.date(2025, 12, 2), voted_on=dt.date(2025, 12, 3),
                 gradings=[Grading(m, AnnualEvaluation.Grade.QUALIFIED) for m in
                           Member.objects.active().filter(organization=county.village)])
    return made
