"""Two grants at once (80,000 each from 150,000; the policy caps one grant at 100,000) that together exceed the fund's balance (PostgreSQL): one is paid, the other refused in
Chinese, and the balance is the deposit minus the one paid."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import close_old_connections

from tests.concurrency import at_once, failures, needs_postgres
from tests.fixtures import make_user
from zugong.core.access import DomainError
from zugong.talent import services
from zugong.talent.models import Application, FundEntry, Program, ProgramRound, TalentFund
from zugong.talent.tests.conftest import make_talent

race = pytest.mark.django_db(transaction=True)


@needs_postgres
@race
def test_two_grants_that_together_exceed_the_balance_one_is_refused(county, department_admin, today):
    fund = TalentFund.objects.create(name="人才工作发展基金", organization=county.county)
    services.deposit(department_admin, fund, amount="150000", day=today)
    round_ = ProgramRound.objects.create(
        program=Program.objects.create(name="高层次人才1123工程"), title="第一批", organization=county.county,
        opens_on=today - dt.timedelta(days=9), closes_on=today - dt.timedelta(days=1), fund=fund,
        status=ProgramRound.Status.REVIEWING)
    applications = [Application.objects.create(round=round_, project="项目", status=Application.Status.APPROVED,
                                               talent=make_talent(department_admin, county.village, name))
                    for name in ("甲", "乙")]
    other_admin = make_user("admin2", "department_admin", county.county)

    def pay(actor, application):
        def run():
            try:
                return services.grant(actor, Application.objects.select_related("round", "round__fund").get(
                    pk=application.pk), amount="80000", day=today)
            finally:
                close_old_connections()
        return run

    results = at_once(pay(department_admin, applications[0]), pay(other_admin, applications[1]))
    lost = failures(results)
    assert len(lost) == 1 and isinstance(lost[0], DomainError), results
    assert lost[0].message == "资助金额 80,000.00 元超过「人才工作发展基金」余额 70,000.00 元，未发放"
    fund.refresh_from_db()
    assert fund.balance == Decimal("70000.00")  # 150,000 − 80,000
    assert FundEntry.objects.filter(kind=FundEntry.Kind.GRANT).count() == 1
