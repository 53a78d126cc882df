"""Totals of pairing aid and micro-credit, computed by hand to the fen: by village, rolled up by township, by
campaign, and the villages at the collective-income target."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from zugong.pairing import selectors, services
from zugong.pairing.tests.conftest import pair, project
from zugong.statistics.models import VillageIncome

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def aid(county, department_admin, agency_unit, full_members):
    """东风镇: 东风村 two projects and a venue, 西岭村 one project and a venue; 南山镇: one of each; loans in 东风村."""
    admin = department_admin
    east = pair(admin, agency_unit, county.village)
    project(admin, east, "300000.00", "250000.55")
    project(admin, east, "100000.00", "0", status="planned", title="村道硬化")
    services.add_venue(admin, county.village, kind="new", area="320.50", funds="120000.10",
                       started_on=dt.date(2025, 5, 1), completed_on=dt.date(2025, 9, 30), pairing=east)
    west = services.create_pairing(admin, village=county.village2, helper_organization=county.agency_branch,
                                   household="张三", started_on=dt.date(2025, 3, 2))
    project(admin, west, "50000.00", "49999.45")
    services.add_venue(admin, county.village2, kind="renovated", area="180", funds="99999.90",
                       started_on=dt.date(2025, 6, 1), pairing=west)
    services.record_visit(admin, west, visited_on=dt.date(2025, 7, 1), visitors="县财政局王局长", content="走访帮扶户")
    south = pair(admin, agency_unit, county.other_village)
    project(admin, south, "20000.00", "20000.00")
    services.add_venue(admin, county.other_village, kind="new", area="100", funds="1000.00",
                       started_on=dt.date(2025, 6, 1))
    li, wang, zhao = full_members
    granted = services.apply_loan(admin, li, amount="30000", bank="县农商银行", applied_on=dt.date(2025, 2, 1))
    services.change_loan_status(admin, granted, status="granted", on=dt.date(2025, 2, 10), seen="applied",
                                due_on=dt.date(2026, 2, 10))
    services.apply_loan(admin, wang, amount="20000.50", bank="县农商银行", applied_on=dt.date(2025, 3, 1))
    repaid = services.apply_loan(admin, zhao, amount="15000", bank="邮储银行", applied_on=dt.date(2025, 1, 5))
    services.change_loan_status(admin, repaid, status="granted", on=dt.date(2025, 1, 10), seen="applied",
                                due_on=dt.date(2025, 7, 10))
    services.change_loan_status(admin, repaid, status="repaid", on=dt.date(2025, 7, 1), seen="granted")
    VillageIncome.objects.create(village=county.village_unit, year=2025, amount=D("6.00"))
    VillageIncome.objects.create(village=county.other_village_unit, year=2025, amount=D("4.99"))
    return east, west, south


def _rows(figures):
    return {row.organization.name: row for row in figures.rows}


def test_the_county_rolls_up_each_township_subtree(county, department_admin, aid):
    figures = selectors.totals(department_admin, county.county, income_year=2025)
    rows = _rows(figures)
    assert set(rows) == {"东风镇党委", "南山镇党委", "县直机关工委"}
    east = rows["东风镇党委"]
    assert (east.pairings, east.projects, east.funds_planned, east.funds_spent) == (2, 3, D("450000.00"),
                                                                                     D("300000.00"))
    assert (east.venues, east.venue_funds, east.visits) == (2, D("220000.00"), 1)
    assert (east.villages, east.villages_at_target, east.income_share) == (1, 1, "100.0%")
    south = rows["南山镇党委"]
    assert (south.projects, south.funds_spent, south.venues, south.venue_funds) == (1, D("20000.00"), 1, D("1000.00"))
    assert (south.villages, south.villages_at_target) == (1, 0)  # 4.99万 is below the 5万 target
    total = figures.total
    assert (total.projects, total.funds_spent, total.spent_wan) == (4, D("320000.00"), D("32.00"))
    assert (total.venues, total.venue_funds, total.venue_wan) == (3, D("221000.00"), D("22.10"))
    assert (total.villages, total.villages_at_target, total.income_share) == (2, 1, "50.0%")


def test_loans_by_status_to_the_fen(county, department_admin, aid):
    total = selectors.totals(department_admin, county.county, income_year=2025).total
    assert (total.loans["applied"].count, total.loans["applied"].amount) == (1, D("20000.50"))
    assert (total.loans["granted"].count, total.loans["granted"].amount) == (1, D("30000.00"))
    assert (total.loans["repaid"].count, total.loans["repaid"].amount) == (1, D("15000.00"))
    assert total.loans["overdue"].count == 0
    assert (total.granted_count, total.granted_amount, total.granted_wan) == (2, D("45000.00"), D("4.50"))
    assert (total.loan_count, total.loan_amount) == (3, D("65000.50"))


def test_a_township_lists_its_villages(county, department_admin, aid):
    rows = _rows(selectors.totals(department_admin, county.township, income_year=2025))
    assert (rows["东风村党支部"].projects, rows["东风村党支部"].funds_spent) == (2, D("250000.55"))
    assert (rows["西岭村党支部"].projects, rows["西岭村党支部"].funds_spent) == (1, D("49999.45"))
    assert rows["东风村党支部"].loan_count == 3 and rows["西岭村党支部"].loan_count == 0


def test_a_village_has_its_own_row(county, department_admin, aid):
    figures = selectors.totals(department_admin, county.village, income_year=2025)
    assert [(r.organization, r.own_only, r.projects, r.venue_funds) for r in figures.rows] == [
        (county.village, True, 2, D("120000.10"))]


def test_a_year_counts_projects_planned_that_year(county, department_admin, aid):
    east, _west, _south = aid
    project(department_admin, east, "8000.00", "8000.00", planned_on=dt.date(2024, 5, 1))
    figures = selectors.totals(department_admin, county.county, year=2024, income_year=2024)
    assert (figures.total.projects, figures.total.funds_spent, figures.total.venues) == (1, D("8000.00"), 0)


def test_an_operator_counts_only_their_township(county, township_operator, aid):
    figures = selectors.totals(township_operator, county.county, income_year=2025)
    assert (figures.total.projects, figures.total.funds_spent) == (3, D("300000.00"))


def test_totals_per_campaign(county, department_admin, aid):
    from zugong.campaigns.models import Campaign

    east, west, _south = aid
    campaign = Campaign.objects.create(title="三抓三促", organization=county.county, starts_on=dt.date(2025, 1, 1),
                                       ends_on=dt.date(2025, 10, 31))
    type(east).objects.filter(pk=west.pk).update(campaign=campaign)
    total = selectors.totals(department_admin, county.county, income_year=2025, campaign=campaign).total
    assert (total.pairings, total.projects, total.funds_spent, total.venues, total.venue_funds) == (
        1, 1, D("49999.45"), 1, D("99999.90"))
    assert total.villages == 0  # 西岭村党支部 manages no 行政村 unit in the fixture


def test_the_totals_page_reads_like_the_seed(client, county, department_admin, aid):
    client.force_login(department_admin)
    page = client.get(reverse("pairing:totals"), {"organization": county.county.pk}).content.decode()
    assert "帮扶项目4个、到位资金32.00万元；活动场所3个、资金22.10万元。" in page
    assert "2笔党员创业贷款获得4.50万元信贷支持。" in page
