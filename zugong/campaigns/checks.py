"""Checks on campaigns: overdue tasks (a finding on the unit that owes it), work groups outside the size rule,
organization cadres whose contact points fall short of the pattern, leaders short of visits in a month, and
inspection rectifications past their day. The decisions are the procedure's (``procedure.py``)."""

import datetime as dt
from collections import Counter, defaultdict

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from zugong.campaigns import procedure
from zugong.campaigns.models import (
    Campaign,
    ContactPoint,
    InspectionFinding,
    Task,
    Visit,
    WorkGroup,
)
from zugong.core.checks import FindingData, register_check
from zugong.core.dates import chinese_date
from zugong.core.models import Finding
from zugong.core.tree import subtree_q

VIEW = "organizations.view"


def _running(within: str, today: dt.date):
    """Campaigns run under ``within`` that have started (their findings sit at the campaign's organization, so a run
    for a part of the tree finds only the campaigns held there)."""
    return Campaign.objects.filter(subtree_q(within, "org_path"), starts_on__lte=today)


@register_check("campaigns.task_overdue", _("活动任务超期未报送"), capability=VIEW)
def tasks_overdue(within: str, today: dt.date):
    tasks = (Task.objects.filter(subtree_q(within, "org_path"), status__in=procedure.OWED, deadline__lt=today)
             .select_related("organization", "campaign"))
    for task in tasks:
        if not procedure.overdue(task, today):
            continue
        days = (today - task.deadline).days
        yield FindingData(
            subject=task, scope_path=task.org_path, url=task.get_absolute_url(), due_on=task.deadline,
            severity=Finding.Severity.PROBLEM,
            title=f"{task.campaign}：{task.organization}「{task.title}」已超期{days}天未报送",
            detail=f"完成期限为{chinese_date(task.deadline)}，目前「{task.get_status_display()}」",
        )


@register_check("campaigns.group_size", _("工作组人数不符合规定"), capability=VIEW)
def group_sizes(within: str, today: dt.date):
    settings = procedure.values()
    groups = (WorkGroup.objects.filter(campaign__in=_running(within, today), campaign__ends_on__gte=today)
              .annotate(size=Count("members")).select_related("campaign", "village"))
    for group in groups:
        problem = procedure.group_size_problem(group.size, settings)
        if problem:
            yield FindingData(subject=group, scope_path=group.campaign.org_path,
                              url=group.campaign.get_absolute_url() + f"#group-{group.pk}",
                              title=f"{group.campaign}：{group.name}（帮扶{group.village}）人数不符合规定",
                              detail=problem)


@register_check("campaigns.points_short", _("组工干部联系点不足"), capability=VIEW)
def points_short(within: str, today: dt.date):
    settings = procedure.values()
    points = (ContactPoint.objects.filter(holder=ContactPoint.Holder.ORGANIZATION_CADRE,
                                          campaign__in=_running(within, today), campaign__ends_on__gte=today)
              .select_related("campaign", "cadre"))
    counts: dict[tuple, Counter] = defaultdict(Counter)
    first: dict[tuple, ContactPoint] = {}
    for point in points:
        counts[(point.campaign_id, point.cadre_id)][point.kind] += 1
        first.setdefault((point.campaign_id, point.cadre_id), point)
    for key, counted in counts.items():
        problems = procedure.points_shortfalls(counted, settings)
        if problems:
            point = first[key]
            yield FindingData(subject=point.campaign, scope_path=point.campaign.org_path, key=f"cadre-{point.cadre_id}",
                              url=point.campaign.get_absolute_url() + "#points",
                              title=f"{point.campaign}：{point.cadre}的联系点不符合规定",
                              detail="；".join(problems))


@register_check("campaigns.visits_short", _("县级领导深入基层次数不足"), capability=VIEW)
def visits_short(within: str, today: dt.date):
    """Each leader with a 挂点 in a campaign: the months already over in the campaign with too few visits."""
    settings = procedure.values()
    leaders = _leaders(within, today)
    for point in leaders:
        campaign = point.campaign
        end = min(today, campaign.ends_on + dt.timedelta(days=1))
        months = procedure.months_between(campaign.starts_on, end)
        if not months:
            continue
        per_month = Counter(
            day.replace(day=1) for day in Visit.objects.filter(campaign=campaign, cadre=point.cadre_id)
            .values_list("visited_on", flat=True))
        short = [(month, procedure.visits_short(per_month[month], settings)) for month in months]
        short = [(month, text) for month, text in short if text]
        if short:
            yield FindingData(subject=campaign, scope_path=campaign.org_path, key=f"leader-{point.cadre_id}",
                              url=campaign.get_absolute_url() + "#visits",
                              title=f"{campaign}：{point.cadre}有{len(short)}个月深入基层次数不足",
                              detail="；".join(f"{month.year}年{month.month}月{text}" for month, text in short))


def _leaders(within: str, today: dt.date):
    seen, leaders = set(), []
    for point in (ContactPoint.objects.filter(holder=ContactPoint.Holder.LEADER, campaign__in=_running(within, today))
                  .select_related("campaign", "cadre")
                  .order_by("campaign_id", "cadre_id")):
        if (point.campaign_id, point.cadre_id) not in seen:
            seen.add((point.campaign_id, point.cadre_id))
            leaders.append(point)
    return leaders


@register_check("campaigns.rectification_overdue", _("督查整改超期未完成"), capability=VIEW)
def rectifications_overdue(within: str, today: dt.date):
    findings = (InspectionFinding.objects.filter(subtree_q(within, "org_path"), rectify_by__lt=today,
                                                 rectified_on__isnull=True)
                .exclude(rectification="").select_related("inspection__campaign", "organization"))
    for item in findings:
        campaign = item.inspection.campaign
        yield FindingData(subject=item, scope_path=item.org_path, url=campaign.get_absolute_url() + "#inspections",
                          due_on=item.rectify_by, severity=Finding.Severity.PROBLEM,
                          title=f"{item.organization}：{item.inspection}提出的整改已超期",
                          detail=f"整改要求：{item.rectification}；期限{chinese_date(item.rectify_by)}")
