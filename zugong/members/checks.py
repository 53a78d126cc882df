"""Checks on the member register: transfers pending past their letter's validity."""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from zugong.core.checks import FindingData, register_check
from zugong.core.models import Finding
from zugong.members.models import MembershipTransfer


@register_check("members.transfer_overdue", _("组织关系转接超期未办结"), capability="members.view")
def transfers_overdue(within: str, today: dt.date):
    pending = MembershipTransfer.objects.filter(
        status=MembershipTransfer.Status.PENDING, valid_until__lt=today
    ).select_related("member", "from_organization", "to_organization")
    for transfer in pending:
        # Both sides are told: the receiver must decide, the sender follows up.
        for org in (transfer.to_organization, transfer.from_organization):
            if org is not None and org.path.startswith(within):
                yield FindingData(
                    subject=transfer, scope_path=org.path, url="/members/transfers/", due_on=transfer.valid_until,
                    severity=Finding.Severity.PROBLEM,
                    title=f"{transfer.member}的组织关系转接（介绍信 {transfer.letter_number}）已过有效期仍未办结",
                    detail=f"由「{transfer.from_label}」转往「{transfer.to_label}」，请接收或退回",
                )


