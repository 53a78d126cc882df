"""Checks on dues: months unpaid, a warning first, then what 党章 第九条 treats as lapsed."""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from zugong.core.checks import FindingData, register_check
from zugong.core.models import Finding
from zugong.core.tree import subtree_q
from zugong.dues.models import DuesArrearsReason
from zugong.dues.services import arrears_runs, arrears_thresholds, month_label
from zugong.members.models import Member


@register_check("dues.arrears", _("党员未按月交纳党费"), capability="members.view")
def dues_arrears(within: str, today: dt.date):
    warning, lapse = arrears_thresholds()
    members = Member.objects.active().filter(subtree_q(within, "org_path"))
    runs = [run for run in arrears_runs(members, today) if run.months >= warning]
    if not runs:
        return
    people = Member.objects.select_related("organization").in_bulk([run.member_id for run in runs])
    reasons: dict[int, dt.date] = {}
    for member_id, recorded_on in DuesArrearsReason.objects.filter(member__in=list(people)).values_list(
            "member_id", "recorded_on"):
        reasons[member_id] = max(recorded_on, reasons.get(member_id, recorded_on))
    for run in runs:
        member = people[run.member_id]
        since = f"自{month_label(run.first_unpaid)}起已连续 {run.months} 个月未交纳党费"
        excused = reasons.get(member.pk, dt.date.min) >= run.first_unpaid
        if run.months >= lapse and not excused:
            yield FindingData(
                subject=member, scope_path=member.organization.path, url=f"{member.get_absolute_url()}?tab=dues",
                severity=Finding.Severity.PROBLEM, due_on=run.first_unpaid,
                title=f"党员{member.name}{since}，且未登记正当理由",
                detail=f"按《党章》第九条，连续{lapse}个月不交纳党费又没有正当理由的，应当认为是自行脱党，"
                       f"由党支部研究处理（所在：{member.organization}）",
            )
        else:
            yield FindingData(
                subject=member, scope_path=member.organization.path, url=f"{member.get_absolute_url()}?tab=dues",
                severity=Finding.Severity.WARNING, due_on=run.first_unpaid,
                title=f"党员{member.name}{since}" + ("（已登记未缴原因）" if excused else ""),
                detail=f"请党支部提醒其按月交纳（所在：{member.organization}）",
            )
