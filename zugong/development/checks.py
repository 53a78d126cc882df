"""Checks on member development: steps overdue by the procedure table, villages without a new member."""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from zugong.core.checks import FindingData, register_check
from zugong.core.models import Finding
from zugong.core.policy import policy_int
from zugong.core.tree import subtree_q
from zugong.development.models import DevelopmentCase, DevelopmentStep
from zugong.development.policies import VILLAGE_YEARLY_TARGET
from zugong.development.selectors import Due, due_items
from zugong.development.services import rule_values
from zugong.organizations.models import WorkUnit


@register_check("development.overdue", _("发展党员步骤超期"), capability="members.view")
def steps_overdue(within: str, today: dt.date):
    cases = DevelopmentCase.objects.filter(subtree_q(within, "org_path"))
    for item in due_items(cases, today, rule_values()):
        if item.due is not Due.OVERDUE:
            continue
        case = item.case
        severity = (Finding.Severity.PROBLEM if item.bounds.latest is not None and item.bounds.latest < today
                    else Finding.Severity.WARNING)
        yield FindingData(
            subject=case, scope_path=case.organization.path, url=case.get_absolute_url(), severity=severity,
            due_on=item.bounds.due_by,
            title=f"{case.name}（{case.get_stage_display()}）的「{item.label}」已逾期",
            detail=f"{item.explanation}（所在：{case.organization}）",
        )


@register_check("development.village_none", _("村本年未发展党员"), capability="members.view")
def villages_without_new_member(within: str, today: dt.date):
    target = policy_int(VILLAGE_YEARLY_TARGET.key)
    if target <= 0:
        return
    villages = WorkUnit.objects.filter(kind=WorkUnit.Kind.VILLAGE, is_closed=False).select_related(
        "managed_by", "covered_by").filter(subtree_q(within, "managed_by__path"))
    admitted = list(DevelopmentStep.objects.filter(
        subtree_q(within, "case__org_path"), kind=DevelopmentStep.Kind.APPROVAL, done_on__year=today.year,
    ).values_list("case__org_path", flat=True))
    for village in villages:
        organization = village.covered_by or village.managed_by
        count = sum(1 for path in admitted if path.startswith(organization.path))
        if count < target:
            yield FindingData(
                subject=village, scope_path=organization.path, url=organization.get_absolute_url(),
                severity=Finding.Severity.WARNING,
                title=f"{village.name}{today.year}年已发展党员{count}名，未达到每村每年至少{target}名",
                detail=f"{VILLAGE_YEARLY_TARGET.source}（党组织：{organization}）",
            )
