"""The nightly check of 回访复查: a planned follow-up review past its date (计划复查日期) is a finding on its
organization; once the review is closed (已复查) the next run marks the finding 已消除. One finding per review (its
key), so two overdue reviews of one organization are two findings."""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from zugong.assessments.followups import CHECK_CODE
from zugong.assessments.models import FollowUp
from zugong.assessments.selectors import VIEW
from zugong.core.checks import FindingData, register_check
from zugong.core.dates import chinese_date
from zugong.core.models import Finding
from zugong.core.tree import subtree_q


@register_check(CHECK_CODE, _("回访复查逾期未完成"), capability=VIEW)
def followup_overdue(within: str, today: dt.date):
    overdue = (FollowUp.objects.filter(subtree_q(within, "org_path"), status=FollowUp.Status.PLANNED,
                                       due_on__lt=today).select_related("organization").order_by("org_path", "pk"))
    for follow_up in overdue.iterator(chunk_size=500):
        org = follow_up.organization
        yield FindingData(
            subject=org, scope_path=org.path, url=follow_up.get_absolute_url(), key=f"followup:{follow_up.pk}",
            severity=Finding.Severity.WARNING, due_on=follow_up.due_on,
            title=f"「{org}」回访复查逾期未完成",
            detail=f"{follow_up.title}：应于{chinese_date(follow_up.due_on)}前完成复查，已逾期"
                   f"{(today - follow_up.due_on).days}天",
        )
