"""The campaign demo step on the test county: the campaign over the villages with the lowest income, tasks in every
state through the procedure, two inspections and two issued bulletins; reset before the cadres and the tree."""

import datetime as dt
import random
from decimal import Decimal

from zugong.cadres.models import Cadre
from zugong.campaigns import demo as campaign_demo
from zugong.campaigns.models import Bulletin, Campaign, Inspection, Task, WorkGroup
from zugong.campaigns.tests.conftest import make_cadres
from zugong.organizations import demo
from zugong.organizations.models import WorkUnit
from zugong.statistics.models import VillageIncome

TODAY = dt.date(2026, 11, 20)


def test_the_step_runs_before_the_checks_and_is_reset_before_the_cadres():
    assert demo.STEPS.index(campaign_demo.add_campaign) < demo.STEPS.index(demo.refresh_findings)
    assert demo.RESET_MODELS.index(Campaign) < demo.RESET_MODELS.index(Cadre)


def test_the_weakest_village_gets_the_first_group_and_tasks_are_in_every_state(
        county, department_admin, time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 20, 9))
    make_cadres(county.agency_branch, 5)
    make_cadres(county.county, 3, start=10)
    extra = WorkUnit.objects.create(name="西岭村", kind=WorkUnit.Kind.VILLAGE, managed_by=county.village2,
                                    covered_by=county.village2)
    # 南山村 is the poorest, then 西岭村, then 东风村.
    for unit, amount in ((county.village_unit, "8.00"), (county.other_village_unit, "1.20"), (extra, "3.50")):
        VillageIncome.objects.create(village=unit, year=2025, amount=Decimal(amount))
    ctx = demo.DemoContext(rng=random.Random(5), today=TODAY, scale="county", root=county.county)
    campaign_demo.add_campaign(ctx)
    campaign = Campaign.objects.get()
    assert campaign.starts_on == TODAY - dt.timedelta(days=150)
    assert list(campaign.phases.values_list("name", flat=True)) == ["动员部署", "组织实施", "总结提高"]
    villages = list(WorkGroup.objects.order_by("pk").values_list("village__name", flat=True))
    assert villages == ["南山村党支部", "西岭村党支部", "东风村党支部"]
    statuses = set(Task.objects.values_list("status", flat=True))
    assert statuses == {"open", "reported", "returned", "accepted"}
    assert Task.objects.filter(status="open", deadline__lt=TODAY).exists()  # overdue ones
    assert Task.objects.filter(reported_on__gt=TODAY).count() == 0
    assert Inspection.objects.count() == 2
    issued = Bulletin.objects.filter(status="issued").order_by("issued_on")
    assert [b.serial for b in issued] == [1, 2]
