"""Checks on coverage: each non-public enterprise that falls short of the policy is a finding."""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from zugong.core.checks import FindingData, register_check
from zugong.core.policy import policy_values
from zugong.core.tree import subtree_q
from zugong.organizations.models import WorkUnit
from zugong.statistics.coverage import shortfalls_of


@register_check("coverage.shortfall", _("非公企业党建覆盖不足"), capability="organizations.view")
def enterprise_shortfalls(within: str, today: dt.date):
    units = WorkUnit.objects.filter(subtree_q(within, "managed_by__path"), kind=WorkUnit.Kind.PRIVATE_ENTERPRISE,
                                    is_closed=False)
    for shortfall in shortfalls_of(units, policy_values("coverage.")):
        unit = shortfall.unit
        yield FindingData(
            subject=unit, scope_path=unit.managed_by.path, url=unit.get_absolute_url(),
            title=f"{unit.name}：{shortfall.reasons[0]}", detail="；".join(shortfall.reasons[1:]) or
            f"主管党组织：{unit.managed_by}",
        )
