"""The talent demo step on the test county: talents over the categories, the 30万 fund with grants kept to its
balance, a round with decided applications, a 泽州工匠 list; reset before the members."""

import datetime as dt
import random
from decimal import Decimal

from zugong.members.models import Member
from zugong.organizations import demo
from zugong.talent import demo as talent_demo
from zugong.talent.models import (
    Application,
    FundEntry,
    RecognitionList,
    Talent,
    TalentCategory,
    TalentFund,
)


def test_the_step_runs_before_the_checks_and_its_tables_are_reset_before_the_members():
    assert demo.STEPS.index(talent_demo.add_talent) < demo.STEPS.index(demo.refresh_findings)
    assert demo.RESET_MODELS.index(Talent) < demo.RESET_MODELS.index(Member)


def test_the_demo_talents_fund_round_and_recognition(county, department_admin):
    ctx = demo.DemoContext(rng=random.Random(5), today=dt.date(2026, 11, 20), scale="county", root=county.county)
    talent_demo.add_talent(ctx)
    assert Talent.objects.count() == talent_demo.TALENTS
    assert set(Talent.objects.values_list("category__code", flat=True)) == set(
        TalentCategory.objects.values_list("code", flat=True))
    fund = TalentFund.objects.get()
    grants = sum(FundEntry.objects.filter(kind="grant").values_list("amount", flat=True), Decimal(0))
    assert grants > 0 and fund.balance == Decimal("300000.00") - grants
    assert Application.objects.filter(status="approved").exists()
    assert RecognitionList.objects.get().entries.count() > 0
    assert Talent.objects.filter(level="high").exists()
