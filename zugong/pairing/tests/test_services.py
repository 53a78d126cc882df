"""Pairing and loan use cases: bounds refused with a Chinese message naming the field, scope, audit, and a loan's
status decided under its lock (the second of two people gets a Chinese message and changes nothing)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from tests.concurrency import at_once, failures, needs_postgres
from zugong.core.access import DomainError
from zugong.core.models import AuditEvent
from zugong.core.policy import set_policy_value
from zugong.core.submissions import integrity_message
from zugong.pairing import services
from zugong.pairing.models import MicroLoan, Project
from zugong.pairing.tests.conftest import pair, project

pytestmark = pytest.mark.django_db
D = Decimal


def _refused(call, field: str, text: str) -> DomainError:
    with pytest.raises(DomainError) as caught:
        call()
    assert caught.value.field == field, caught.value.message
    assert text in caught.value.message, caught.value.message
    return caught.value


@pytest.fixture
def pairing(county, department_admin, agency_unit):
    return pair(department_admin, agency_unit, county.village)


def test_amounts_are_bounded_to_the_fen_and_by_policy(department_admin, pairing):
    admin = department_admin
    _refused(lambda: project(admin, pairing, "-1", "0"), "funds_planned", "计划资金不能为负数")
    _refused(lambda: project(admin, pairing, "100.001", "0"), "funds_planned", "最多精确到两位小数")
    _refused(lambda: project(admin, pairing, "abc", "0"), "funds_planned", "应为金额")
    _refused(lambda: project(admin, pairing, "NaN", "0"), "funds_planned", "应为金额")
    _refused(lambda: project(admin, pairing, "50000000.01", "0"), "funds_planned", "不能超过 50,000,000 元")
    _refused(lambda: project(admin, pairing, "1000", "-0.01"), "funds_spent", "到位资金不能为负数")
    set_policy_value(admin, "pairing.project_funds_max", "1000000")
    _refused(lambda: project(admin, pairing, "1000000.01", "0"), "funds_planned", "不能超过 1,000,000 元")
    made = project(admin, pairing, "1000000.00", "999999.99")
    assert (made.funds_planned, made.funds_spent) == (D("1000000.00"), D("999999.99"))
    assert Project.objects.count() == 1


def test_dates_keep_their_order(department_admin, pairing, today):
    admin = department_admin
    _refused(lambda: project(admin, pairing, "100", "100", status="completed", planned_on=dt.date(2025, 5, 1),
                             completed_on=dt.date(2025, 4, 30)), "completed_on", "完成日期不能早于立项日期")
    _refused(lambda: project(admin, pairing, "100", "0", status="completed"), "completed_on", "请填写完成日期")
    _refused(lambda: project(admin, pairing, "100", "50", status="planned"), "funds_spent", "计划中的项目尚无到位资金")
    _refused(lambda: services.record_visit(admin, pairing, visited_on=dt.date(2025, 2, 1), visitors="王",
                                           content="走访"), "visited_on", "走访日期不能早于结对日期")
    _refused(lambda: services.record_visit(admin, pairing, visited_on=today + dt.timedelta(days=1), visitors="王",
                                           content="走访"), "visited_on", "走访日期不能晚于今天")
    _refused(lambda: services.add_venue(admin, pairing.village, kind="new", area="0", funds="1",
                                        started_on=dt.date(2025, 5, 1)), "area", "建筑面积应大于0平方米")


def test_a_pairing_has_exactly_one_helper(county, department_admin, agency_unit):
    _refused(lambda: services.create_pairing(department_admin, village=county.village, started_on=dt.date(2025, 1, 1)),
             "helper_unit", "三者选其一")
    _refused(lambda: services.create_pairing(department_admin, village=county.village, helper_unit=agency_unit,
                                             helper_organization=county.agencies, started_on=dt.date(2025, 1, 1)),
             "helper_unit", "三者选其一")
    _refused(lambda: pair(department_admin, agency_unit, county.village, household="户\x00"), "household", "空字符")


def test_the_database_refuses_a_second_helper_in_chinese(county, agency_unit, pairing):
    pairing.helper_organization = county.agencies
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        pairing.save()
    assert integrity_message(caught.value) == "帮扶方须是一个单位、一个党组织或一名干部，且只能是其中之一"


def test_out_of_scope_is_refused(county, township_operator, outsider, agency_unit, pairing):
    _refused(lambda: project(outsider, pairing, "100", "0"), "village", "您无权在「东风村党支部」范围内办理")
    _refused(lambda: services.create_pairing(township_operator, village=county.other_village,
                                             helper_organization=county.township, started_on=dt.date(2025, 1, 1)),
             "village", "您无权")
    # a county agency is outside a township operator's scope: not a helper they can name
    _refused(lambda: pair(township_operator, agency_unit, county.village), "helper_unit", "不在您的权限范围内")


def test_every_change_is_audited(department_admin, pairing):
    made = project(department_admin, pairing, "1000", "0", status="planned")
    services.update_project(department_admin, made, title="特色种植基地", kind="industry", funds_planned="1000",
                            funds_spent="800.50", status="under_way", planned_on=dt.date(2025, 4, 1),
                            completed_on=None)
    event = AuditEvent.objects.filter(object_id=str(made.pk), action=AuditEvent.Action.UPDATE).get()
    assert event.changes["到位资金（元）"] == ["0.00", "800.50"]
    assert event.changes["状态"] == ["计划中", "实施中"]


@pytest.fixture
def loan(department_admin, full_members):
    return services.apply_loan(department_admin, full_members[0], amount="30000.00", bank="县农商银行",
                               applied_on=dt.date(2025, 2, 1))


def test_loan_bounds(department_admin, full_members):
    member = full_members[0]
    _refused(lambda: services.apply_loan(department_admin, member, amount="0", bank="银行",
                                         applied_on=dt.date(2025, 1, 1)), "amount", "贷款金额应大于0元")
    _refused(lambda: services.apply_loan(department_admin, member, amount="500000.01", bank="银行",
                                         applied_on=dt.date(2025, 1, 1)), "amount", "不能超过 500,000 元")
    _refused(lambda: services.apply_loan(department_admin, member, amount="100", bank=" ",
                                         applied_on=dt.date(2025, 1, 1)), "bank", "请填写贷款银行")
    assert MicroLoan.objects.count() == 0


def test_a_loan_goes_through_its_statuses_in_order(department_admin, loan):
    admin = department_admin
    _refused(lambda: services.change_loan_status(admin, loan, status="repaid", on=dt.date(2025, 3, 1),
                                                 seen="applied"), "status", "「已申请」的贷款不能改为「已还清」")
    _refused(lambda: services.change_loan_status(admin, loan, status="granted", on=dt.date(2025, 1, 31),
                                                 seen="applied", due_on=dt.date(2026, 1, 31)),
             "on", "发放日期不能早于申请日期（2025-02-01）")
    _refused(lambda: services.change_loan_status(admin, loan, status="granted", on=dt.date(2025, 2, 5),
                                                 seen="applied"), "due_on", "请填写到期日期")
    services.change_loan_status(admin, loan, status="granted", on=dt.date(2025, 2, 5), seen="applied",
                                due_on=dt.date(2026, 2, 5))
    _refused(lambda: services.change_loan_status(admin, loan, status="overdue", on=dt.date(2026, 1, 1),
                                                 seen="granted"), "on", "认定逾期日期不能早于到期日期")
    services.change_loan_status(admin, loan, status="repaid", on=dt.date(2025, 12, 1), seen="granted")
    loan.refresh_from_db()
    assert (loan.status, loan.granted_on, loan.repaid_on) == ("repaid", dt.date(2025, 2, 5), dt.date(2025, 12, 1))


def test_a_loan_changed_since_the_page_was_shown_is_not_changed_again(department_admin, township_operator, loan):
    """Two operators opened the same applied loan; the first grants it, the second's page still says 已申请."""
    services.change_loan_status(department_admin, loan, status="granted", on=dt.date(2025, 2, 5), seen="applied",
                                due_on=dt.date(2026, 2, 5))
    stale = MicroLoan.objects.get(pk=loan.pk)
    stale.status = "applied"  # what the second page showed
    _refused(lambda: services.change_loan_status(township_operator, stale, status="granted", on=dt.date(2025, 2, 9),
                                                 seen="applied", due_on=dt.date(2027, 2, 9)),
             "status", "该贷款的状态刚刚已由他人改为「已发放」（本页显示为「已申请」），本次未保存")
    loan.refresh_from_db()
    assert (loan.granted_on, loan.due_on) == (dt.date(2025, 2, 5), dt.date(2026, 2, 5))
    assert AuditEvent.objects.filter(message__startswith="党员创业贷款：已申请 → 已发放").count() == 1


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_people_grant_the_same_loan_at_once_one_wins(county, department_admin, township_operator, full_members):
    from django.db import close_old_connections

    made = services.apply_loan(department_admin, full_members[0], amount="30000.00", bank="县农商银行",
                               applied_on=dt.date(2025, 2, 1))
    days = {department_admin: dt.date(2025, 2, 5), township_operator: dt.date(2025, 2, 6)}

    def grant(actor):
        def run():
            try:
                return services.change_loan_status(actor, MicroLoan.objects.get(pk=made.pk), status="granted",
                                                   on=days[actor], seen="applied", due_on=dt.date(2026, 2, 1))
            finally:
                close_old_connections()
        return run

    results = at_once(grant(department_admin), grant(township_operator))
    lost = failures(results)
    assert len(lost) == 1 and isinstance(lost[0], DomainError), results
    assert lost[0].message.startswith("该贷款的状态刚刚已由他人改为「已发放」")
    made.refresh_from_db()
    assert made.status == "granted" and made.granted_on in days.values()
    assert AuditEvent.objects.filter(message__startswith="党员创业贷款：已申请 → 已发放").count() == 1
