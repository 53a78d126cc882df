"""The member tables as of a day: hand-counted cells, history (not today's state), drill-downs equal to cells."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
import time_machine
from django.urls import reverse

from zugong.development.models import DevelopmentCase, DevelopmentStep
from zugong.development.services import open_case
from zugong.dues.models import DuesPayment
from zugong.members import transfers
from zugong.members.services import create_member, leave_register
from zugong.members.tests.test_members import fields, id_for
from zugong.organizations.models import Election
from zugong.statistics.selectors import cell_records, member_tables, tables
from zugong.statistics.tables import ALL_TABLES

DAY = dt.date(2025, 12, 31)


@pytest.fixture
def register(county, department_admin, township_operator, outsider):
    """东风镇 on 2025-12-31: 张 (m, 1970, farmer, college, joined 1995), 李 (f, 1998, minority, probationary since
    2025-07-01), 王 (m, 1960, joined 1985, transferred to 南山镇 in 2026 — still 东风镇's on the day),
    赵 (f, 1950, died 2026-03-01 — still counted), 陈 (joined 2026-02-01 — not yet a member on the day)."""
    with time_machine.travel(dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC), tick=False):
        people = {
            "张": fields(county.village, name="张", id_number=id_for(dt.date(1970, 3, 5), 11)),
            "李": fields(county.village, name="李", id_number=id_for(dt.date(1998, 6, 1), 22), ethnicity="03",
                        education="undergraduate", occupation="professional", joined_on=dt.date(2025, 7, 1),
                        full_member_on=dt.date(2026, 7, 1), stage="full"),
            "王": fields(county.village2, name="王", id_number=id_for(dt.date(1960, 1, 1), 31), education="high_school",
                        occupation="worker", joined_on=dt.date(1985, 7, 1), full_member_on=dt.date(1986, 7, 1)),
            "赵": fields(county.village2, name="赵", id_number=id_for(dt.date(1950, 2, 2), 42),
                        education="middle_school", occupation="retired", joined_on=dt.date(1975, 7, 1),
                        full_member_on=dt.date(1976, 7, 1)),
            "陈": fields(county.village, name="陈", id_number=id_for(dt.date(2000, 2, 2), 51), joined_on=dt.date(2026, 2, 1),
                        full_member_on=None, stage="probationary"),
            "孙": fields(county.other_village, name="孙", id_number=id_for(dt.date(1980, 8, 8), 61),
                        joined_on=dt.date(2005, 7, 1), full_member_on=dt.date(2006, 7, 1)),
        }
        made = {name: create_member(department_admin, **values) for name, values in people.items()}
        transfer = transfers.start_transfer(township_operator, made["王"], county.other_village)
        transfers.accept_transfer(outsider, transfer)
        leave_register(township_operator, made["赵"], reason="deceased", on=dt.date(2026, 3, 1))
    return made


def counts(user, root, day=DAY):
    return {f.table.key: (f.total, f.counts) for f in member_tables(user, day, root.path)}


def test_every_table_is_counted_as_the_register_stood_on_the_day(register, county, department_admin):
    figures = counts(department_admin, county.township)
    assert figures["gender"] == (4, {"male": 2, "female": 2})
    assert figures["ethnicity"] == (4, {"han": 3, "minority": 1})
    assert figures["education"] == (4, {"tertiary": 2, "postgraduate": 0, "undergraduate": 1, "college": 1,
                                         "secondary": 0, "high_school": 1, "middle_school": 1})
    assert figures["age"][1] == {"30": 1, "31-35": 0, "36-40": 0, "41-45": 0, "46-50": 0, "51-55": 1, "56-60": 0,
                                 "61": 2}
    assert figures["joined"][1] == {"before_1949": 0, "1949_1978": 1, "1979_2012": 2, "since_2012": 1}
    assert figures["occupation"][1]["farmer"] == 1 and figures["occupation"][1]["retired"] == 1
    assert figures["stage"] == (4, {"full": 3, "probationary": 1})  # 李 was still probationary on the day
    assert counts(department_admin, county.other_township)["gender"][0] == 1  # 孙 only; 王 moved in 2026


def test_today_the_same_tables_follow_the_transfer_the_death_and_the_new_member(register, county, department_admin):
    with time_machine.travel(dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC), tick=False):
        today = dt.date(2026, 11, 20)
        assert counts(department_admin, county.township, today)["gender"] == (3, {"male": 2, "female": 1})  # 陈 joined
        assert counts(department_admin, county.other_township, today)["gender"][0] == 2


def test_every_cell_opens_exactly_the_records_it_counts(register, county, department_admin):
    for day in (DAY, dt.date(2026, 11, 20)):
        for figure in tables(department_admin, day, county.county.path):
            assert cell_records(department_admin, day, county.county.path, figure.table.key, None).count() == figure.total
            for cell, count in figure.rows():
                assert cell_records(department_admin, day, county.county.path, figure.table.key, cell.key).count() == count
            if figure.table.adds_up:
                assert sum(count for cell, count in figure.rows() if not cell.subtotal) == figure.total


def test_the_year_tables_count_who_left_and_the_organizations(register, county, department_admin, branch_secretary):
    with time_machine.travel(dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC), tick=False):
        open_case(branch_secretary, name="吴", id_number=id_for(dt.date(2001, 1, 1), 71), ethnicity="01",
                  education="college", occupation="worker", organization=county.village, applied_on=dt.date(2026, 5, 1))
        open_case(branch_secretary, name="郑", id_number=id_for(dt.date(2001, 1, 2), 73), ethnicity="01",
                  education="college", occupation="worker", organization=county.village, applied_on=dt.date(2025, 5, 1))
    DevelopmentStep.objects.create(case=DevelopmentCase.objects.get(name="吴"), kind="approval",
                                   done_on=dt.date(2026, 8, 1))  # as if admitted (the procedure is tested elsewhere)
    year = {f.table.key: f for f in tables(department_admin, dt.date(2026, 11, 20), county.county.path)}
    assert year["development"].counts["applied"] == 1
    assert year["admitted"].counts == {"all": 1, "female": 0, "minority": 0, "tertiary": 1, "young": 1, "farmer": 0,
                                       "worker": 1}
    for branch, seats in ((county.village, 3), (county.village2, 1)):  # a committee, and a secretary alone
        Election.objects.create(organization=branch, elected_on=dt.date(2025, 6, 1), term_years=5, seats=seats,
                                term_ends_on=dt.date(2030, 6, 1), candidates_count=seats)
    figures = {f.table.key: f for f in tables(department_admin, dt.date(2026, 11, 20), county.county.path)}
    assert figures["left"].counts["deceased"] == 1 and figures["left"].total == 1
    assert figures["org_kind"].counts == {"committee": 3, "working_committee": 1, "general_branch": 0, "branch": 4,
                                          "joint_branch": 0, "temporary_branch": 0, "mobile_branch": 0, "group": 0,
                                          "branch_committees": 1}
    last_year = {f.table.key: f for f in tables(department_admin, DAY, county.county.path)}
    assert last_year["left"].total == 0  # nobody had left in 2025


def test_the_dues_table_sums_what_was_paid_in_the_year_by_the_year_of_the_month(register, county, department_admin,
                                                                              client):
    paid = [("张", "2025-12-01", "2025-12-20", "10.00"), ("张", "2025-11-01", "2026-01-10", "10.00"),
            ("张", "2026-01-01", "2026-01-10", "12.50"), ("张", "2026-02-01", "2026-02-05", "12.50"),
            ("孙", "2027-01-01", "2026-11-01", "30.00")]
    for name, month, paid_on, amount in paid:
        member = register[name]
        DuesPayment.objects.create(member=member, month=month, paid_on=paid_on, amount=Decimal(amount),
                                   due_amount=Decimal(amount), organization=member.organization)
    day = dt.date(2026, 11, 20)
    dues = next(f for f in tables(department_admin, day, county.county.path) if f.table.key == "dues")
    assert (dues.total, dues.total_amount) == (4, Decimal("65.00"))  # the payment of 2025-12-20 is last year's
    assert dues.counts == {"this_year": 2, "back": 1, "ahead": 1}
    assert dues.amounts == {"this_year": Decimal("25.00"), "back": Decimal("10.00"), "ahead": Decimal("30.00")}
    township = next(f for f in tables(department_admin, day, county.township.path) if f.table.key == "dues")
    assert township.total_amount == Decimal("35.00")
    last_year = next(f for f in tables(department_admin, DAY, county.county.path) if f.table.key == "dues")
    assert (last_year.total, last_year.amounts["this_year"]) == (1, Decimal("10.00"))
    client.force_login(department_admin)
    query = {"organization": county.county.pk, "day": "2026-11-20"}
    page = client.get(reverse("statistics:overview"), query).content.decode()
    assert 'data-testid="amount-dues-total">65.00<' in page and 'data-testid="amount-dues-back">10.00<' in page
    listing = client.get(reverse("statistics:cell"), {**query, "table": "dues", "cell": "this_year"})
    assert listing.context["page"].paginator.count == 2 and listing.context["amount"] == Decimal("25.00")
    january = client.get(reverse("statistics:cell"), {**query, "table": "dues", "month": "1"})  # the chart's bar
    assert january.context["amount"] == Decimal("22.50")
    book = openpyxl.load_workbook(io.BytesIO(client.get(reverse("statistics:export_xlsx"), query).content))
    assert [tuple(r) for r in book["本年党费收缴"].iter_rows(min_row=3, values_only=True)] == [
        ("项目", "笔数", "金额（元）", "占比"), ("合计", 4, 65, "100.00%"), ("交纳本年度党费", 2, 25, "38.46%"),
        ("补交以前年度党费", 1, 10, "15.38%"), ("预交以后年度党费", 1, 30, "46.15%")]
    api = client.get("/api/v1/statistics/members", {"organization_id": county.county.pk, "day": "2026-11-20"}).json()
    api_dues = next(t for t in api["tables"] if t["key"] == "dues")
    assert api_dues["total_amount"] == "65.00" and api_dues["cells"][0]["amount"] == "25.00"


def test_a_township_sees_only_its_own_figures(register, county, township_operator, outsider):
    assert counts(township_operator, county.county)["gender"][0] == 4  # its own subtree, whatever the root asked
    assert counts(outsider, county.county)["gender"][0] == 1


def test_the_pages_drill_down_compare_break_down_and_export(client, register, county, department_admin):
    client.force_login(department_admin)
    query = {"organization": county.township.pk, "day": "2025-12-31"}
    page = client.get(reverse("statistics:overview"), {**query, "compare": "2024-12-31"}).content.decode()
    assert 'data-testid="cell-gender-female">2<' in page
    listing = client.get(reverse("statistics:cell"), {**query, "table": "stage", "cell": "probationary"})
    assert listing.context["page"].paginator.count == 1 and "李" in listing.content.decode()
    rows = client.get(reverse("statistics:breakdown", args=["gender"]), query).context["rows"]
    assert [(r["organization"].name, r["total"]) for r in rows] == [("东风村党支部", 2), ("西岭村党支部", 2)]
    book = openpyxl.load_workbook(io.BytesIO(client.get(reverse("statistics:export_xlsx"), query).content))
    assert book.sheetnames == [t.title for t in ALL_TABLES]
    assert [tuple(r) for r in book["党员性别"].iter_rows(min_row=4, values_only=True)] == [
        ("合计", 4, "100.00%"), ("男", 2, "50.00%"), ("女", 2, "50.00%")]
    assert client.get(reverse("statistics:overview"), {"day": "2099-01-01"}).context["form"].errors["day"] == [
        "统计时点不能晚于今天"]


def test_each_module_has_its_dashboard_of_charts(client, register, county, department_admin):
    client.force_login(department_admin)
    titles = {module: [c["title"] for c in client.get(reverse("statistics:charts"), {"module": module}).context["charts"]]
              for module in ("members", "organizations", "development", "dues")}
    assert titles["members"] == ["党员年龄结构", "党员学历结构", "问题预警（按类别）"]
    assert titles["organizations"] == ["党组织类别", "问题预警（按类别）"]
    assert titles["development"][0].endswith("年各月发展党员") and titles["dues"][0].endswith("年各月党费收缴")
    age = client.get(reverse("statistics:charts")).context["charts"][0]
    assert sum(age["values"]) == 5  # today: 张, 李, 陈 in 东风镇, 王 and 孙 in 南山镇
