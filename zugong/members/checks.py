"""Checks on the member register: overdue transfers, mobile members who lost contact."""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from zugong.core.checks import FindingData, register_check
from zugong.core.dates import add_months
from zugong.core.models import Finding
from zugong.core.policy import policy_int
from zugong.core.tree import subtree_q
from zugong.members.models import MembershipTransfer, MobileRecord
from zugong.members.policies import LOST_CONTACT_MONTHS


@register_check("members.transfer_overdue", _("组织关系转接超期未办结"), capability="members.view")
def transfers_overdue(within: str, today: dt.date):
    pending = MembershipTransfer.objects.filter(
        status=MembershipTransfer.Status.PENDING, valid_until__lt=today
    ).select_related("member", "from_organization", "to_organization")
    for transfer in pending:
        # Both sides are told: the receiver must decide, the sender follows up.
        for side, org in (("to", transfer.to_organization), ("from", transfer.from_organization)):
            if org is not None and org.path.startswith(within):
                yield FindingData(
                    subject=transfer, scope_path=org.path, url="/members/transfers/", due_on=transfer.valid_until,
                    key=side,
                    severity=Finding.Severity.PROBLEM,
                    title=f"{transfer.member}的组织关系转接（介绍信 {transfer.letter_number}）已过有效期仍未办结",
                    detail=f"由「{transfer.from_label}」转往「{transfer.to_label}」，请接收或退回",
                )




@register_check("members.lost_contact", _("流动党员失去联系"), capability="members.view")
def lost_contact(within: str, today: dt.date):
    months = policy_int(LOST_CONTACT_MONTHS.key)
    records = MobileRecord.objects.filter(
        subtree_q(within, "member__org_path"), ended_on__isnull=True,
        last_contact_on__lt=add_months(today, -months), member__status="active",
    ).select_related("member__organization")
    for record in records:
        yield FindingData(
            subject=record.member, scope_path=record.member.organization.path, url=record.member.get_absolute_url(),
            severity=Finding.Severity.PROBLEM, due_on=record.last_contact_on,
            title=f"流动党员{record.member}自 {record.last_contact_on} 起失去联系已超过 {months} 个月",
            detail="按《党员教育管理工作条例》第二十四条，可由党支部研究提出停止党籍的意见",
        )
