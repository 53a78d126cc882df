"""A task against its deadline (to the day), its report, review and return, and the findings on the unit that owes it.

Hand-checked: a task due on 2026-06-30 is in time all through that day and overdue from 2026-07-01; the check's
finding sits at the owing village's path and names the days over; a returned task is owed again and its reason is
shown; the due list puts it under 已超期 for the village's secretary and not for the neighbouring township."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from zugong.campaigns import checks, procedure, selectors, services
from zugong.campaigns.models import Task, TaskReport
from zugong.campaigns.tests.conftest import make_cadres, make_campaign
from zugong.core.access import DomainError
from zugong.core.checks import run_checks
from zugong.core.models import Finding

DUE = dt.date(2026, 6, 30)
COUNTY = ZoneInfo("Asia/Shanghai")


def _county_clock(*wall) -> dt.datetime:
    """The instant at this wall-clock time in the county, given to the frozen clock as UTC (a zone-aware time would
    also switch the process's zone, hiding a day read from the machine's clock instead of the site's)."""
    return dt.datetime(*wall, tzinfo=COUNTY).astimezone(dt.UTC)


@pytest.fixture
def due_task(county, department_admin):
    with time_machine.travel(dt.datetime(2026, 3, 10, 9, tzinfo=dt.UTC), tick=False):
        campaign = make_campaign(department_admin, county, starts_on=dt.date(2026, 3, 1), days=300)
        return services.assign_task(department_admin, campaign, title="结对帮扶一批困难群众",
                                    organizations=[county.village], deadline=DUE)[0]


def _overdue_titles(county, day: dt.date) -> list[str]:
    return [item.title for item in checks.tasks_overdue(county.county.path, day)]


def test_overdue_from_the_day_after_the_deadline(county, due_task):
    assert not procedure.overdue(due_task, DUE)
    assert procedure.overdue(due_task, DUE + dt.timedelta(days=1))
    assert _overdue_titles(county, DUE) == []
    assert _overdue_titles(county, dt.date(2026, 7, 1)) == [
        "“三抓三促”主题实践活动：东风村党支部「结对帮扶一批困难群众」已超期1天未报送"]
    assert _overdue_titles(county, dt.date(2026, 7, 11))[0].endswith("已超期11天未报送")


def test_at_the_deadline_day_boundary_with_a_frozen_clock(county, department_admin, branch_secretary, client, due_task):
    """The day turns at midnight in the county (Asia/Shanghai), eight hours before it does on a UTC clock."""
    with time_machine.travel(_county_clock(2026, 6, 30, 23, 59), tick=False):
        run_checks(county.county.path)
        assert not Finding.objects.filter(check_code="campaigns.task_overdue").exists()
        items = selectors.due_items(branch_secretary, dt.date(2026, 6, 30), procedure.values())
        assert [(i.task.pk, i.due) for i in items] == [(due_task.pk, procedure.Due.SOON)]
    with time_machine.travel(_county_clock(2026, 7, 1, 0, 1), tick=False):  # 2026-06-30 16:01 UTC
        run_checks(county.county.path)
        finding = Finding.objects.get(check_code="campaigns.task_overdue")
        assert (finding.scope_path, finding.due_on) == (county.village.path, DUE)
        client.force_login(branch_secretary)
        page = client.get(reverse("campaigns:due")).content.decode()
        overdue = page[page.index('data-testid="due-overdue"'):page.index('data-testid="due-soon"')]
        assert "结对帮扶一批困难群众" in overdue and "已超期1天" in overdue
        # reported late: taken, no longer owed, the finding goes at the next run
        services.report_task(branch_secretary, due_task, text="帮扶困难户5户", quantity=5)
        due_task.refresh_from_db()
        assert procedure.reported_late(due_task)
        run_checks(county.county.path)
        assert not Finding.objects.filter(check_code="campaigns.task_overdue").exists()


def test_a_report_dated_today_is_taken_just_after_midnight_in_the_county(county, branch_secretary, due_task):
    """At 00:30 in the county the UTC clock still shows the day before: a report dated the county's today is not
    refused as 'later than today', and the owing village may make it."""
    with time_machine.travel(_county_clock(2026, 6, 30, 0, 30), tick=False):
        assert procedure.refusal(due_task, "report", DUE) is None
        services.report_task(branch_secretary, due_task, text="帮扶困难户5户", quantity=5)
    due_task.refresh_from_db()
    assert (due_task.status, due_task.reported_on) == (Task.Status.REPORTED, DUE)


def test_a_returned_report_is_owed_again_with_its_reason(county, department_admin, branch_secretary, due_task):
    with time_machine.travel(dt.datetime(2026, 6, 20, 9, tzinfo=dt.UTC), tick=False):
        services.report_task(branch_secretary, due_task, text="已帮扶")
        with pytest.raises(DomainError, match="退回理由"):
            services.review_task(department_admin, due_task, accept=False, reason="  ")
        with pytest.raises(DomainError, match="您无权组织"):
            services.review_task(branch_secretary, due_task, accept=True)
        services.review_task(department_admin, due_task, accept=False, reason="未附帮扶台账")
    due_task.refresh_from_db()
    assert (due_task.status, due_task.returned_on, due_task.return_reason) == (
        Task.Status.RETURNED, dt.date(2026, 6, 20), "未附帮扶台账")
    report = due_task.reports.get()
    assert (report.outcome, report.return_reason) == (TaskReport.Outcome.RETURNED, "未附帮扶台账")
    assert procedure.overdue(due_task, dt.date(2026, 7, 1))  # returned and not reported again: overdue
    with time_machine.travel(dt.datetime(2026, 6, 25, 9, tzinfo=dt.UTC), tick=False):
        services.report_task(branch_secretary, due_task, text="已补充帮扶台账", quantity=5)
        services.review_task(department_admin, due_task, accept=True)
        with pytest.raises(DomainError) as refused:
            services.report_task(branch_secretary, due_task, text="再报一次")
    assert refused.value.message == "该任务已于2026年6月25日审核通过，不能再报送"
    due_task.refresh_from_db()
    assert due_task.status == Task.Status.ACCEPTED
    assert list(due_task.reports.order_by("pk").values_list("outcome", flat=True)) == ["returned", "accepted"]


def test_only_the_owing_unit_reports(county, outsider, township_operator, due_task):
    with time_machine.travel(dt.datetime(2026, 6, 20, 9, tzinfo=dt.UTC), tick=False):
        with pytest.raises(DomainError, match="无权为「东风村党支部」报送"):
            services.report_task(outsider, due_task, text="越权报送")
        services.report_task(township_operator, due_task, text="镇里代报")  # the township over the village may


def test_group_sizes_and_contact_points_are_findings(county, department_admin, campaign):
    few = make_cadres(county.agency_branch, 2)
    services.add_group(department_admin, campaign, name="两人工作组", village=county.village, members=few,
                       leader_organization=county.agency_branch)
    found = list(checks.group_sizes(county.county.path, campaign.starts_on + dt.timedelta(days=1)))
    assert [f.detail.split("（")[0] for f in found] == ["工作组现有2名成员，应为3—5名"]
    cadre = make_cadres(county.county, 1, start=20)[0]
    for org, kind in ((county.township, "township"), (county.village, "village"), (county.village2, "village")):
        services.add_contact_point(department_admin, campaign, cadre=cadre, holder="organization_cadre", kind=kind,
                                   organization=org)
    found = list(checks.points_short(county.county.path, campaign.starts_on + dt.timedelta(days=1)))
    assert found[0].detail == ("村联系点2个，少于4个；企业联系点0个，少于1个；学校联系点0个，少于1个；"
                               "社会组织联系点0个，少于1个")


def test_a_leader_short_of_visits_in_a_month_over_is_a_finding(county, department_admin):
    with time_machine.travel(dt.datetime(2026, 5, 15, 9, tzinfo=dt.UTC), tick=False):
        campaign = make_campaign(department_admin, county, starts_on=dt.date(2026, 3, 1), days=300)
        leader = make_cadres(county.county, 1, start=30)[0]
        services.add_contact_point(department_admin, campaign, cadre=leader, holder="leader", kind="village",
                                   organization=county.village)
        for day in (dt.date(2026, 3, 3), dt.date(2026, 3, 20), dt.date(2026, 4, 8), dt.date(2026, 5, 2)):
            services.log_visit(department_admin, campaign, cadre=leader, organization=county.village, visited_on=day,
                               purpose="调研")
        found = list(checks.visits_short(county.county.path, dt.date(2026, 5, 15)))
    # March has two, April one; May is not over yet.
    assert [f.title for f in found] == [f"“三抓三促”主题实践活动：{leader.name}有1个月深入基层次数不足"]
    assert found[0].detail.startswith("2026年4月当月深入基层1次，少于2次")


def test_the_dashboard_counts_what_the_village_owes(client, county, branch_secretary, department_admin, due_task):
    with time_machine.travel(dt.datetime(2026, 7, 2, 9, tzinfo=dt.UTC), tick=False):
        client.force_login(branch_secretary)
        page = client.get(reverse("core:dashboard")).content.decode()
    start = page.index('data-testid="campaigns-overdue"')
    assert page[page.index(">", start) + 1:page.index("<", start)] == "1"
