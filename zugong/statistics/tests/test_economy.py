"""Village collective economy: entered and imported incomes, the share at or above the target by policy."""

import datetime as dt
from decimal import Decimal

import openpyxl
import pytest

from zugong.core.policy import set_policy_value
from zugong.organizations.models import WorkUnit
from zugong.statistics.economy import economy, import_incomes
from zugong.statistics.models import VillageIncome


@pytest.fixture
def xiling(county):
    return WorkUnit.objects.create(name="西岭村", kind=WorkUnit.Kind.VILLAGE, managed_by=county.village2,
                                   covered_by=county.village2)


def workbook(tmp_path, rows):
    book = openpyxl.Workbook()
    book.active.append(["村", "年度", "集体经济年纯收入（万元）"])
    for row in rows:
        book.active.append(row)
    path = tmp_path / "incomes.xlsx"
    book.save(path)
    return path


def test_the_share_of_villages_at_the_target_follows_the_policy(county, xiling, department_admin, client):
    VillageIncome.objects.create(village=county.village_unit, year=2025, amount=Decimal("5.00"))
    VillageIncome.objects.create(village=xiling, year=2025, amount=Decimal("4.99"))
    figures = economy(department_admin, county.county, [county.township, county.other_township], 2025)
    assert (figures.villages, figures.reported, figures.at_target, figures.share) == (3, 2, 1, "33.33%")
    assert not figures.meets_target
    rows = {row.organization.name: row for row in figures.rows}
    assert [(v.name, amount) for v, amount in rows["东风镇党委"].below] == [("西岭村", Decimal("4.99"))]
    assert [(v.name, amount) for v, amount in rows["南山镇党委"].below] == [("南山村", None)]
    set_policy_value(department_admin, "economy.village_income_target", "4.5")
    assert economy(department_admin, county.county, [county.township], 2025).at_target == 2


def test_an_import_reports_every_bad_row_and_writes_nothing(county, xiling, department_admin, tmp_path):
    path = workbook(tmp_path, [["东风村", 2025, 6], ["北山村", 2025, 3], ["西岭村", "二〇二五", 2],
                               ["西岭村", 2025, "很多"], ["东风村", 2025, 7], ["南山村", 2099, 1]])
    result = import_incomes(department_admin, path, apply=True)
    assert result.errors == [
        (3, "村", "找不到名为「北山村」的行政村（或不在您的权限范围内）"),
        (4, "年度", "「二〇二五」不是有效年度"),
        (5, "集体经济年纯收入（万元）", "收入「很多」不是有效金额（万元，如 5 或 12.5）"),
        (6, "村", "东风村2025年的收入在第 2 行已经填写"),
        (7, "年度", f"年度应在2000年至{dt.date.today().year}年之间"),
    ]
    assert not result.applied and not VillageIncome.objects.exists()
    good = workbook(tmp_path, [["东风村", 2025, 6], ["西岭村", 2025, "4.2"]])
    assert import_incomes(department_admin, good, apply=True).applied
    assert dict(VillageIncome.objects.values_list("village__name", "amount")) == {
        "东风村": Decimal("6.00"), "西岭村": Decimal("4.20")}


def test_a_township_enters_its_villages_and_cannot_import_anothers(county, xiling, township_operator, tmp_path, client):
    client.force_login(township_operator)
    response = client.post(f"/statistics/economy/{county.township.pk}/2025/",
                           {f"v{county.village_unit.pk}": "8", f"v{xiling.pk}": ""})
    assert response.status_code == 302
    assert list(VillageIncome.objects.values_list("village__name", "amount")) == [("东风村", Decimal("8.00"))]
    result = import_incomes(township_operator, workbook(tmp_path, [["南山村", 2025, 9]]), apply=True)
    assert result.errors == [(2, "村", "找不到名为「南山村」的行政村（或不在您的权限范围内）")]
    page = client.get("/statistics/economy/", {"year": 2025}).content.decode()
    assert 'data-testid="economy-share">50.00%<' in page
