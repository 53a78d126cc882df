"""Dues: the amount by the table in force that month, payments with their refusals, arrears, totals, API."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from zugong.core.access import DomainError
from zugong.core.checks import run_checks
from zugong.core.dates import add_months
from zugong.core.models import AuditEvent, Finding
from zugong.core.policy import set_policy_value
from zugong.dues import rates, selectors, services
from zugong.dues.models import DuesArrearsReason, DuesBracket, DuesPayment
from zugong.members.services import create_member, update_member
from zugong.members.tests.test_members import fields, id_for

D = Decimal


def this_month() -> dt.date:
    return timezone.localdate().replace(day=1)


def months_ago(n: int) -> dt.date:
    return add_months(this_month(), -n)


@pytest.fixture
def earner(county, department_admin):
    return create_member(department_admin, **fields(county.village, occupation="official", dues_category="wage",
                                                    dues_base=D("4000"), dues_from=months_ago(8)))


@pytest.fixture
def farmer(county, department_admin):
    return create_member(department_admin, **fields(county.village, name="李桂兰",
                                                    id_number=id_for(dt.date(1968, 4, 2), 22), dues_from=months_ago(2)))


@pytest.mark.parametrize(("category", "base", "due"), [
    ("wage", "3000", "15.00"), ("wage", "3000.01", "30.00"), ("wage", "5000", "50.00"), ("wage", "7321.50", "109.82"),
    ("wage", "10000", "150.00"), ("wage", "12000", "240.00"), ("annual_salary", "2500", "12.50"),
    ("self_employed", "6000", "90.00"), ("retiree", "5000", "25.00"), ("retiree", "5000.01", "50.00"),
    ("farmer", None, "0.20"), ("student", None, "0.20"), ("relief", None, "0.20"),
])
def test_the_national_table_gives_the_monthly_amount(category, base, due):
    table = rates.RateTable([])
    assert table.due(category, None if base is None else D(base), this_month()) == D(due)


def test_a_category_paid_by_share_needs_a_base():
    assert rates.RateTable([]).due("wage", None, this_month()) is None


def test_a_new_version_applies_from_its_month_and_old_months_keep_the_old_amount(department_admin):
    next_month = add_months(this_month(), 1)
    rates.set_schedule(department_admin, "farmer", next_month, [rates.Bracket(None, fixed_amount=D("0.50"))],
                       source="某省委组织部通知")
    table = rates.RateTable.load()
    assert table.due("farmer", None, this_month()) == D("0.20")
    assert table.due("farmer", None, next_month) == D("0.50")
    assert table.due("farmer", None, add_months(next_month, 5)) == D("0.50")
    event = AuditEvent.objects.get(action=AuditEvent.Action.POLICY)
    assert event.message == "来源：某省委组织部通知"


@pytest.mark.parametrize(("category", "start", "brackets", "message"), [
    ("farmer", -1, [rates.Bracket(None, fixed_amount=D("0.5"))],
     "起用月份不能早于本月：已过去月份的应缴金额按当时的标准计算，不能改动"),
    ("wage", 0, [rates.Bracket(D("3000"), rate_percent=D("0.5")), rates.Bracket(D("5000"), rate_percent=D("1"))],
     "第2档是最后一档，基数上限应留空（表示以上各档）"),
    ("wage", 0, [rates.Bracket(D("5000"), rate_percent=D("0.5")), rates.Bracket(D("3000"), rate_percent=D("1")),
                 rates.Bracket(None, rate_percent=D("2"))], "第2档的基数上限应高于第1档（5000元）"),
    ("wage", 0, [rates.Bracket(None, fixed_amount=D("5"))], "第1档：在职（工资收入）党员按基数的比例交纳，请填写比例、不填定额"),
    ("retiree", 0, [rates.Bracket(None, rate_percent=D("12"))], "第1档：比例应大于0%且不超过10%"),
    ("student", 0, [rates.Bracket(None, rate_percent=D("1"))], "学生党员每月交纳定额，请只填一档定额"),
])
def test_a_bad_table_is_refused_and_nothing_changes(department_admin, category, start, brackets, message):
    with pytest.raises(DomainError) as error:
        rates.set_schedule(department_admin, category, add_months(this_month(), start), brackets, source="文件")
    assert error.value.message == message
    assert not DuesBracket.objects.exists() and not AuditEvent.objects.exists()


def test_only_a_role_that_changes_policy_may_change_the_table(township_operator):
    with pytest.raises(DomainError) as error:
        rates.set_schedule(township_operator, "farmer", this_month(), [rates.Bracket(None, fixed_amount=D("1"))], "x")
    assert error.value.message == "您没有修改党费交纳标准的权限"


def test_the_member_record_takes_its_category_from_the_occupation_and_checks_the_base(county, branch_secretary):
    member = create_member(branch_secretary, **fields(county.village, occupation="retired"))
    assert member.dues_category == "retiree" and member.dues_from == this_month()
    with pytest.raises(DomainError) as error:
        update_member(branch_secretary, member, dues_category="farmer", dues_base=D("3000"))
    assert error.value.message == "农民党员按定额交纳党费，不填党费基数"
    with pytest.raises(DomainError) as error:
        update_member(branch_secretary, member, dues_from=dt.date(1990, 1, 1))
    assert error.value.message == "党费起算月份不能早于入党月份（预备党员从支部大会通过之日起交纳党费）"
    member.refresh_from_db()
    assert member.dues_category == "retiree" and member.dues_base is None


def test_a_member_pays_several_months_at_their_amounts(earner, branch_secretary):
    months = [months_ago(2), months_ago(1), this_month()]
    payments = services.record_payments(branch_secretary, earner, months, timezone.localdate())
    assert [p.amount for p in payments] == [D("40.00")] * 3
    assert all(p.organization == earner.organization for p in payments)
    ledger = services.ledger_of(earner)
    assert ledger.paid_total == D("120.00")
    assert ledger.arrears_months == 6 and ledger.arrears_total == D("240.00")  # the months 8 to 3 back
    statuses = {line.month: line.status for line in ledger.lines}
    assert statuses[this_month()] == "paid" and statuses[months_ago(3)] == "arrears"
    assert statuses[add_months(this_month(), 1)] == "advance"
    event = AuditEvent.objects.filter(subject_id=str(earner.pk)).order_by("-pk").first()
    assert event.changes["党费"][1] == "、".join(f"{services.month_label(m)} 40.00元" for m in months)


def test_a_later_change_of_base_leaves_paid_months_as_paid(earner, branch_secretary):
    services.record_payments(branch_secretary, earner, [months_ago(1)], timezone.localdate())
    update_member(branch_secretary, earner, dues_base=D("12000"))
    lines = {line.month: line for line in services.ledger_of(earner).lines}
    assert lines[months_ago(1)].payment.amount == D("40.00")
    assert lines[this_month()].due == D("240.00")


@pytest.mark.parametrize(("month", "message"), [
    (lambda: months_ago(7), "已超过补缴期限：补交党费一般不超过6个月（中组发〔2008〕3号 第十二条），"),
    (lambda: add_months(this_month(), 3), "超出可预交范围：最多预交至"),
    (lambda: months_ago(9), "早于其党费起算月份"),
])
def test_a_month_outside_the_rules_is_refused_and_nothing_is_recorded(earner, branch_secretary, month, message):
    with pytest.raises(DomainError) as error:
        services.record_payments(branch_secretary, earner, [this_month(), month()], timezone.localdate())
    assert message in error.value.message
    assert not DuesPayment.objects.exists()


def test_a_month_cannot_be_paid_twice(earner, branch_secretary):
    services.record_payments(branch_secretary, earner, [this_month()], timezone.localdate())
    with pytest.raises(DomainError) as error:
        services.record_payments(branch_secretary, earner, [this_month()], timezone.localdate())
    assert error.value.message == f"张建国{this_month().year}年{this_month().month}月的党费已经登记过，不能重复登记"
    assert DuesPayment.objects.count() == 1


def test_the_back_payment_limit_is_a_policy(earner, branch_secretary, department_admin):
    set_policy_value(department_admin, "dues.back_payment_months", "8")
    services.record_payments(branch_secretary, earner, [months_ago(8)], timezone.localdate())
    assert DuesPayment.objects.get().month == months_ago(8)


def test_a_base_is_needed_before_paying(county, branch_secretary):
    member = create_member(branch_secretary, **fields(county.village, occupation="official"))
    with pytest.raises(DomainError) as error:
        services.record_payments(branch_secretary, member, [this_month()], timezone.localdate())
    assert error.value.message == "张建国尚未填写党费基数，无法计算应缴金额，请先在党员信息中填写"


def test_another_township_cannot_record_dues(earner, outsider):
    with pytest.raises(DomainError):
        services.record_payments(outsider, earner, [this_month()], timezone.localdate())
    assert not DuesPayment.objects.exists()


def test_a_branch_collects_a_month_and_any_refusal_records_nothing(earner, farmer, county, branch_secretary):
    sheet = services.branch_sheet(county.village, this_month())
    assert [(line.member.name, line.due) for line in sheet] == [("张建国", D("40.00")), ("李桂兰", D("0.20"))]
    services.record_payments(branch_secretary, farmer, [this_month()], timezone.localdate())
    with pytest.raises(DomainError) as error:
        services.record_branch_payments(branch_secretary, county.village, this_month(), [earner.pk, farmer.pk],
                                        timezone.localdate())
    assert error.value.message.startswith("未登记任何党费：李桂兰")
    assert DuesPayment.objects.count() == 1
    done = services.record_branch_payments(branch_secretary, county.village, this_month(), [earner.pk],
                                           timezone.localdate())
    assert [p.amount for p in done] == [D("40.00")]


def test_a_member_of_another_branch_cannot_be_ticked(earner, county, branch_secretary, department_admin):
    other = create_member(department_admin, **fields(county.village2, id_number=id_for(dt.date(1971, 1, 1), 31)))
    with pytest.raises(DomainError) as error:
        services.record_branch_payments(branch_secretary, county.village, this_month(), [earner.pk, other.pk],
                                        timezone.localdate())
    assert error.value.message == "所选党员中有人已不在「东风村党支部」，请刷新页面后重试"


def test_months_unpaid_become_a_warning_then_a_serious_finding_unless_a_reason_is_recorded(
        earner, farmer, branch_secretary):
    # earner: 8 months unpaid; farmer: 2 months unpaid (below the warning)
    services.record_payments(branch_secretary, earner, [months_ago(4)], timezone.localdate())  # run: 3 months
    run_checks()
    finding = Finding.objects.get(check_code="dues.arrears")
    assert finding.severity == Finding.Severity.WARNING
    assert finding.title == f"党员张建国自{months_ago(3).year}年{months_ago(3).month}月起已连续 3 个月未交纳党费"
    DuesPayment.objects.all().delete()
    run_checks()
    finding = Finding.objects.get(check_code="dues.arrears")
    assert finding.severity == Finding.Severity.PROBLEM and "且未登记正当理由" in finding.title
    services.record_arrears_reason(branch_secretary, earner, "长期住院治疗")
    run_checks()
    finding = Finding.objects.get(check_code="dues.arrears")
    assert finding.severity == Finding.Severity.WARNING and finding.title.endswith("（已登记未缴原因）")


def test_the_list_filter_finds_who_has_not_paid_since_last_month(earner, farmer, branch_secretary, client):
    services.record_payments(branch_secretary, earner, [months_ago(1)], timezone.localdate())
    client.force_login(branch_secretary)
    page = client.get(reverse("members:list"), {"in_arrears": "on"}).content.decode()
    assert "李桂兰" in page and "张建国" not in page


def test_totals_by_organization_and_month_add_up_and_export(earner, farmer, county, township_operator,
                                                            branch_secretary, client):
    services.record_payments(branch_secretary, earner, [months_ago(1), this_month()], timezone.localdate())
    services.record_payments(branch_secretary, farmer, [this_month()], timezone.localdate())
    totals = selectors.totals(county.township, this_month().year)
    village = next(row for row in totals.rows if row.organization == county.village)
    if months_ago(1).year == this_month().year:
        assert village.by_month[months_ago(1).month - 1] == D("40.00")
    assert village.by_month[this_month().month - 1] == D("40.20")
    assert totals.total == village.total == sum(
        p.amount for p in DuesPayment.objects.filter(month__year=this_month().year))
    assert {row.organization.name for row in totals.rows} == {"东风村党支部", "西岭村党支部"}
    client.force_login(township_operator)
    response = client.get(reverse("dues:export"), {"organization": county.township.pk, "year": this_month().year})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[2][0] == "党组织" and rows[-1][0] == "合计"
    assert D(str(rows[-1][13])) == totals.total


def test_totals_never_show_another_township(earner, branch_secretary, outsider, county, client):
    services.record_payments(branch_secretary, earner, [this_month()], timezone.localdate())
    client.force_login(outsider)
    page = client.get(reverse("dues:overview"), {"organization": county.township.pk}).content.decode()
    assert "东风村党支部" not in page and "南山镇党委" in page
    assert client.get("/api/v1/dues/totals", {"organization_id": county.township.pk}).status_code == 404
    assert client.get(f"/api/v1/dues/totals?organization_id={county.other_township.pk}").json()["total"] == "0"


def test_the_api_gives_the_ledger_and_records_a_payment(earner, township_operator, client):
    client.force_login(township_operator)
    response = client.post(f"/api/v1/members/{earner.pk}/dues",
                           {"months": [this_month().isoformat()], "paid_on": timezone.localdate().isoformat()},
                           content_type="application/json")
    assert response.status_code == 201 and response.json()[0]["amount"] == "40.00"
    ledger = client.get(f"/api/v1/members/{earner.pk}/dues").json()
    assert ledger["paid_total"] == "40.00" and ledger["arrears_months"] == 8
    refused = client.post(f"/api/v1/members/{earner.pk}/dues",
                          {"months": [this_month().isoformat()], "paid_on": timezone.localdate().isoformat()},
                          content_type="application/json")
    assert refused.status_code == 400 and "不能重复登记" in refused.json()["detail"]


def test_a_reason_needs_words(earner, branch_secretary):
    with pytest.raises(DomainError) as error:
        services.record_arrears_reason(branch_secretary, earner, "  ")
    assert error.value.message == "请填写未缴原因"
    assert not DuesArrearsReason.objects.exists()
