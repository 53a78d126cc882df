"""The pairing demo step on the test county: seed 000's projects and venues, exactly, over the weakest villages;
loans granted adding up to their figure; the tables reset before the members and the tree."""

import datetime as dt
import random
from decimal import Decimal

from django.db.models import Sum

from zugong.members.models import Member
from zugong.organizations import demo
from zugong.organizations.models import Organization, WorkUnit
from zugong.pairing import demo as pairing_demo
from zugong.pairing.models import MicroLoan, Pairing, Project, Venue, Visit
from zugong.statistics.models import VillageIncome

TODAY = dt.date(2026, 11, 20)


def test_the_step_runs_before_the_checks_and_its_tables_are_reset_before_the_members():
    assert demo.STEPS.index(pairing_demo.add_pairing) < demo.STEPS.index(demo.refresh_findings)
    for model in (Visit, Venue, Project, MicroLoan, Pairing):
        assert demo.RESET_MODELS.index(model) < demo.RESET_MODELS.index(Member)
    assert demo.RESET_MODELS.index(Project) < demo.RESET_MODELS.index(Pairing)


def test_seed_figures_over_the_weakest_villages(county, department_admin, agency_unit, monkeypatch):
    from zugong.branchlife.tests.conftest import add_members

    village2_unit = WorkUnit.objects.create(name="西岭村", kind=WorkUnit.Kind.VILLAGE, managed_by=county.village2)
    VillageIncome.objects.create(village=county.village_unit, year=2025, amount=Decimal("9.00"))
    VillageIncome.objects.create(village=village2_unit, year=2025, amount=Decimal("1.00"))
    VillageIncome.objects.create(village=county.other_village_unit, year=2025, amount=Decimal("3.00"))
    add_members(department_admin, county.village, 6)
    monkeypatch.setattr(pairing_demo, "PAIRINGS", 2)
    monkeypatch.setattr(pairing_demo, "LOANS", 4)
    monkeypatch.setattr(pairing_demo, "APPLIED", 1)
    monkeypatch.setattr(pairing_demo, "LOAN_FUNDS", Decimal("100000.00"))
    ctx = demo.DemoContext(rng=random.Random(5), today=TODAY, scale="county", root=county.county)
    pairing_demo.add_pairing(ctx)

    assert {p.village for p in Pairing.objects.all()} == {county.village2, county.other_village}  # the two weakest
    assert all(p.org_path == p.village.path and p.helper_unit == agency_unit for p in Pairing.objects.all())
    projects = Project.objects.aggregate(spent=Sum("funds_spent"))
    assert (Project.objects.count(), projects["spent"]) == (13, Decimal("6012000.00"))
    assert Project.objects.filter(funds_spent__gt=0).count() == 13
    assert Venue.objects.count() == 3  # one a village with income, the 71 of the seed where the county has them
    assert Venue.objects.aggregate(funds=Sum("funds"))["funds"] == Decimal("3219100.00")
    assert Venue.objects.filter(funds__lte=0).count() == 0
    assert Visit.objects.filter(visited_on__gt=TODAY).count() == 0
    reached = MicroLoan.objects.exclude(status=MicroLoan.Status.APPLIED)
    assert (reached.count(), reached.aggregate(total=Sum("amount"))["total"]) == (4, Decimal("100000.00"))
    assert MicroLoan.objects.filter(status=MicroLoan.Status.APPLIED).count() == 1
    assert all(loan.org_path == loan.member.org_path for loan in MicroLoan.objects.select_related("member"))
    assert not Organization.objects.filter(pairings__isnull=False, is_closed=True).exists()
