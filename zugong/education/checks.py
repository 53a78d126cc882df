"""Checks on care: members who became eligible for the care allowance this month."""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from zugong.core.checks import FindingData, register_check
from zugong.core.dates import month_start
from zugong.core.tree import subtree_q
from zugong.education.models import CarePayment
from zugong.education.selectors import care_eligibility
from zugong.members.models import Member


@register_check("education.care_newly_eligible", _("本月新符合关爱金条件的党员"), capability="members.view")
def newly_eligible(within: str, today: dt.date):
    month = month_start(today)
    members = Member.objects.filter(subtree_q(within, "org_path")).select_related("organization")
    found = [e for e in care_eligibility(members, today) if e.eligible and e.since is not None and e.since >= month]
    paid = set(CarePayment.objects.filter(member__in=[e.member for e in found]).values_list("member_id", flat=True))
    for entry in found:
        member = entry.member
        if member.pk in paid:
            continue
        yield FindingData(
            subject=member, scope_path=member.organization.path, url=member.get_absolute_url(),
            title=f"{member.name}自{entry.since:%Y-%m-%d}起符合党组织关爱金发放条件",
            detail=f"请{member.organization}从本月起按月发放关爱金", due_on=entry.since,
        )
