"""A campaign's page shows its results: the pairing aid linked to it village by village and in total (seed 000's
"13 projects, 600万; 71 venues, 321.91万" kind of table) and the share of its villages at the collective income
target; a village's secretary sees the village's row only."""

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from tests.fixtures import PASSWORD
from zugong.campaigns import selectors, services
from zugong.organizations.models import WorkUnit
from zugong.pairing import services as aid
from zugong.statistics.models import VillageIncome


def test_the_campaign_results_add_up_its_villages(client, department_admin, branch_secretary, county, campaign, group):
    unit = WorkUnit.objects.create(name="县财政局", kind=WorkUnit.Kind.AGENCY, managed_by=county.agency_branch)
    day = campaign.starts_on
    there = aid.create_pairing(department_admin, village=county.village, helper_unit=unit, started_on=day,
                               campaign=campaign)
    elsewhere = aid.create_pairing(department_admin, village=county.other_village, helper_unit=unit, started_on=day,
                                   campaign=campaign)
    aid.create_pairing(department_admin, village=county.village2, helper_unit=unit, started_on=day)  # not linked
    aid.add_project(department_admin, there, title="蔬菜大棚", kind="industry", funds_planned=Decimal("500000"),
                    funds_spent=Decimal("321900.50"), status="under_way", planned_on=day, completed_on=None)
    aid.add_project(department_admin, elsewhere, title="村道硬化", kind="infrastructure",
                    funds_planned=Decimal("300000"), funds_spent=Decimal("278099.50"), status="under_way",
                    planned_on=day, completed_on=None)
    aid.add_venue(department_admin, county.other_village, pairing=elsewhere, kind="new", area=Decimal("200"),
                  funds=Decimal("120000"), started_on=day, completed_on=None)
    VillageIncome.objects.create(village=county.village_unit, year=day.year - 1, amount=Decimal("5.00"))
    VillageIncome.objects.create(village=county.other_village_unit, year=day.year - 1, amount=Decimal("4.99"))

    results = selectors.results(department_admin, campaign, campaign.starts_on + dt.timedelta(days=1))
    assert [r.organization for r in results.rows] == [county.village, county.other_village]
    total = results.total
    assert (total.pairings, total.projects, total.funds_spent, total.venues) == (2, 2, Decimal("600000.00"), 1)
    assert (total.villages, total.villages_at_target, total.income_share) == (2, 1, "50.0%")

    client.login(username=department_admin.username, password=PASSWORD)
    page = client.get(reverse("campaigns:detail", args=[campaign.pk])).content.decode()
    assert "帮扶项目2个、到位资金60.00万元；活动场所1个、资金12.00万元。" in page
    assert f"{day.year - 1}年集体经济收入达到5万元的村1个，占2个行政村的50.0%。" in page
    assert f'href="{reverse("organizations:detail", args=[county.village.pk])}"' in page

    client.login(username=branch_secretary.username, password=PASSWORD)
    page = client.get(reverse("campaigns:detail", args=[campaign.pk])).content.decode()
    assert "帮扶项目1个、到位资金32.19万元；活动场所0个" in page and "南山村党支部" not in page
    # the village's work group cannot go while a pairing there is the campaign's
    assert "登记了1项结对帮扶，不能删除该村的工作组" in services.remove_group_refusal(group)
