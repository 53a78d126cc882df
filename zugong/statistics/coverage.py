"""Coverage of non-public enterprises (非公企业党的组织和工作覆盖): who falls short of the policy and why, and the
rates by the national definition (enterprises with their own or a joint organization ÷ operating enterprises)."""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q

from zugong.core.access import scope_q
from zugong.core.policy import policy_values
from zugong.core.tree import subtree_q
from zugong.members.models import Member
from zugong.organizations.models import Organization, WorkUnit
from zugong.statistics import policies as P


@dataclass(frozen=True)
class Shortfall:
    unit: WorkUnit
    full_members: int
    reasons: list[str]


@dataclass(frozen=True)
class Coverage:
    enterprises: int
    covered: int
    above_scale: int
    above_scale_covered: int
    new_organizations: int
    shortfalls: list[Shortfall]

    @staticmethod
    def rate(part: int, whole: int) -> str:
        return f"{(Decimal(part * 100) / whole).quantize(Decimal('0.01'), ROUND_HALF_UP)}%" if whole else "—"

    @property
    def coverage_rate(self) -> str:
        return self.rate(self.covered, self.enterprises)

    @property
    def above_scale_rate(self) -> str:
        return self.rate(self.above_scale_covered, self.above_scale)


def enterprises(user, within: str):
    """Operating non-public enterprises managed in the subtree."""
    return WorkUnit.objects.filter(subtree_q(within, "managed_by__path"), scope_q(user, "organizations.view",
                                   "managed_by__path"), kind=WorkUnit.Kind.PRIVATE_ENTERPRISE, is_closed=False)


def shortfalls_of(units, values: dict) -> list[Shortfall]:
    """Each enterprise the policy says should have members or an organization and does not, with the reasons."""
    need_members = values[P.MEMBERS_FROM_EMPLOYEES.key]
    org_employees, org_members = values[P.ORGANIZATION_FROM_EMPLOYEES.key], values[P.ORGANIZATION_FROM_MEMBERS.key]
    found = []
    for unit in units.annotate(full_members=Count("members", filter=Q(
            members__status=Member.Status.ACTIVE, members__stage=Member.Stage.FULL))).select_related("managed_by"):
        employees = unit.employee_count or 0
        reasons = []
        if employees >= need_members and unit.full_members == 0 and not unit.covered_by_id:
            reasons.append(f"从业人员{employees}人（≥{need_members}人），还没有党员")
        if unit.covered_by_id is None:
            if unit.full_members >= org_members:
                reasons.append(f"有正式党员{unit.full_members}名（≥{org_members}名），还没有建立党组织")
            elif employees >= org_employees:
                reasons.append(f"从业人员{employees}人（≥{org_employees}人），还没有建立党组织")
        if reasons:
            found.append(Shortfall(unit, unit.full_members, reasons))
    return found


def coverage(user, within: str, today: dt.date) -> Coverage:
    units = enterprises(user, within)
    values = policy_values("coverage.")
    totals = units.aggregate(all=Count("pk"), covered=Count("pk", filter=Q(covered_by__isnull=False)),
                             above=Count("pk", filter=Q(is_above_scale=True)),
                             above_covered=Count("pk", filter=Q(is_above_scale=True, covered_by__isnull=False)))
    new = Organization.objects.filter(subtree_q(within, "path"), scope_q(user, "organizations.view", "path"),
                                      sector=Organization.Sector.PRIVATE_ENTERPRISE, founded_on__year=today.year).count()
    return Coverage(totals["all"], totals["covered"], totals["above"], totals["above_covered"], new,
                    shortfalls_of(units, values))
