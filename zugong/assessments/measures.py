"""The measure registry (计算方法): what a computed criterion reads from records zugong already keeps.

``register_measure(code, label, target_kinds, function)``; the function takes a ``Target`` (the organization, the
member for a member scheme, the period, the round's linked survey) and returns ``Measured(value, explanation)``:
the value a criterion's ``scoring`` turns into points, and a Chinese sentence saying what was counted. A value of
``None`` means the records hold nothing to measure (the explanation says why); the assessor may then enter the
score by hand.

Other apps register their own measures the same way. The hook for branch life (三会一课, zugong/branchlife) is
``BRANCH_MEETINGS``: the catalogue's 五好支部 criterion names it, and until branchlife registers a function under
that code the criterion is entered by hand (``measure_available`` says so); this module never imports branchlife.
The survey measure lives in ``survey_measure`` (registered from the app's ``ready``).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext_noop

from zugong.assessments.models import TargetKind
from zugong.core.dates import month_start
from zugong.core.models import Finding
from zugong.core.tree import subtree_q
from zugong.members.models import Member
from zugong.organizations.models import Organization, WorkUnit

BRANCH_MEETINGS = "branch_meetings"  # 三会一课 held against the frequency policies — registered by branchlife
ALL_ORGANIZATIONS = tuple(kind for kind in TargetKind if kind != TargetKind.MEMBER)


@dataclass(frozen=True)
class Target:
    organization: Organization
    starts_on: dt.date
    ends_on: dt.date
    member: Member | None = None
    survey_id: int | None = None

    @property
    def counted_until(self) -> dt.date:
        """The period's end, or today when the period is still running."""
        return min(self.ends_on, timezone.localdate())


@dataclass(frozen=True)
class Measured:
    value: Decimal | None
    explanation: str


@dataclass(frozen=True)
class Measure:
    code: str
    label: str
    target_kinds: tuple[str, ...]
    function: Callable[[Target], Measured]


REGISTRY: dict[str, Measure] = {}


def register_measure(code: str, label: str, target_kinds, function: Callable[[Target], Measured]) -> Measure:
    if code in REGISTRY:
        raise ValueError(f"measure {code} registered twice")
    measure = Measure(code, label, tuple(str(kind) for kind in target_kinds), function)
    REGISTRY[code] = measure
    return measure


def measure_available(code: str) -> bool:
    return code in REGISTRY


def measure(code: str, target: Target) -> Measured:
    found = REGISTRY.get(code)
    if found is None:
        return Measured(None, f"计算方法「{code}」尚未接入，请考核人录入得分")
    return found.function(target)


def _percent(done: int, of: int) -> Decimal:
    return (Decimal(100) * done / of).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    months, month = [], month_start(first)
    while month <= last:
        months.append(month)
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return months


def dues_rate(target: Target) -> Measured:
    """党费收缴率: months paid ÷ months due (from each member's 党费起算月份) of the members now on the register in
    the target's subtree, over the period's months up to today."""
    from zugong.dues.models import DuesPayment

    members = Member.objects.active().under(target.organization.path)
    if target.member is not None:
        members = members.filter(pk=target.member.pk)
    months = _months(target.starts_on, target.counted_until)
    due: dict[int, set[dt.date]] = {pk: {m for m in months if m >= month_start(since)}
                                    for pk, since in members.values_list("pk", "dues_from")}
    owed = sum(len(ms) for ms in due.values())
    if not owed:
        return Measured(None, "考核期内没有应交党费的党员")
    paid = sum(1 for member_id, month in DuesPayment.objects.filter(
        member_id__in=list(due), month__in=months).values_list("member_id", "month") if month in due[member_id])
    rate = _percent(paid, owed)
    return Measured(rate, f"应交{owed}人月，已交{paid}人月，收缴率{rate}%")


def development_admitted(target: Target) -> Measured:
    """发展党员: cases approved (上级党委审批, entering the register as probationary members) in the period."""
    from zugong.development.models import DevelopmentStep

    count = DevelopmentStep.objects.filter(
        subtree_q(target.organization.path, "case__org_path"), kind=DevelopmentStep.Kind.APPROVAL,
        done_on__range=(target.starts_on, target.ends_on)).count()
    return Measured(Decimal(count), f"考核期内发展党员{count}名（上级党委审批）")


def open_findings(target: Target) -> Measured:
    """问题预警: findings open (or acknowledged, not closed) in the target's subtree today."""
    count = Finding.objects.filter(subtree_q(target.organization.path, "scope_path")).count()
    return Measured(Decimal(count), f"当前未关闭的问题预警{count}条")


def _member_row(target: Target):
    from zugong.education.selectors import year_scores

    if target.member is None:
        return None
    rows = year_scores(target.member.organization, target.ends_on.year, timezone.localdate())
    return next((row for row in rows if row.member.pk == target.member.pk), None)


def member_score(target: Target) -> Measured:
    """党员百分制积分: the member's total of the year, as the education module computes it."""
    row = _member_row(target)
    if row is None:
        return Measured(None, "没有该党员本年度的百分制积分")
    return Measured(row.total, f"{target.ends_on.year}年度百分制积分{row.total}分")


def member_stars(target: Target) -> Measured:
    """星级党员: the stars the education module gives the member's 100-point total (its policy thresholds)."""
    row = _member_row(target)
    if row is None:
        return Measured(None, "没有该党员本年度的百分制积分")
    return Measured(Decimal(row.stars), f"{target.ends_on.year}年度百分制积分{row.total}分，{row.stars}星")


def branch_mean_score(target: Target) -> Measured:
    """支部党员平均积分: the mean 100-point total of the branch's members (education's branch ranking)."""
    from zugong.education.selectors import branch_ranking

    ranked = branch_ranking([target.organization], target.ends_on.year, timezone.localdate(), 5)
    if not ranked:
        return Measured(None, "该支部没有党员的百分制积分")
    return Measured(ranked[0].mean, f"{ranked[0].members}名党员平均积分{ranked[0].mean}分")


def reports_found(target: Target) -> Measured:
    """12380举报查实: reports about anyone in the target's subtree concluded 属实 or 部分属实 in the period."""
    from zugong.complaints.models import Report
    from zugong.complaints.statistics import FOUND

    reports = Report.objects.filter(subtree_q(target.organization.path, "org_path"), outcome__in=FOUND,
                                    concluded_on__range=(target.starts_on, target.ends_on))
    if target.member is not None:
        reports = reports.filter(member=target.member)
    count = reports.count()
    return Measured(Decimal(count), f"考核期内12380举报经核查属实或部分属实{count}件")


def village_income(target: Target) -> Measured:
    """村级集体经济收入: the year's collective net income (万元) of the villages the target manages."""
    from zugong.statistics.models import VillageIncome

    year = target.ends_on.year
    villages = WorkUnit.objects.filter(subtree_q(target.organization.path, "managed_by__path"),
                                       kind=WorkUnit.Kind.VILLAGE, is_closed=False)
    incomes = list(VillageIncome.objects.filter(village__in=villages, year=year).select_related("village"))
    if not incomes:
        return Measured(None, f"没有{year}年度村级集体经济收入记录")
    amount = sum((income.amount for income in incomes), Decimal(0))
    names = "、".join(income.village.name for income in incomes[:3]) + ("等" if len(incomes) > 3 else "")
    return Measured(amount, f"{names}{year}年度集体经济收入{amount}万元")


K = TargetKind
register_measure("dues_rate", gettext_noop("党费收缴率（%）"), (*ALL_ORGANIZATIONS, K.MEMBER), dues_rate)
register_measure("development_admitted", gettext_noop("考核期内发展党员数"), ALL_ORGANIZATIONS, development_admitted)
register_measure("open_findings", gettext_noop("未关闭的问题预警数"), ALL_ORGANIZATIONS, open_findings)
register_measure("member_score", gettext_noop("党员百分制积分"), (K.MEMBER,), member_score)
register_measure("member_stars", gettext_noop("党员星级（百分制积分）"), (K.MEMBER,), member_stars)
register_measure("branch_mean_score", gettext_noop("支部党员平均积分"), (K.BRANCH, K.VILLAGE_COMMITTEE, K.COMMUNITY_COMMITTEE),
                 branch_mean_score)
register_measure("reports_found", gettext_noop("12380举报查实件数"), (*ALL_ORGANIZATIONS, K.MEMBER), reports_found)
register_measure("village_income", gettext_noop("村级集体经济年纯收入（万元）"), (K.VILLAGE_COMMITTEE, K.TOWNSHIP_COMMITTEE),
                 village_income)
