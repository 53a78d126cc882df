"""The annual party statistics (党内统计年报) as data: each table a list of cells, each cell one condition.

A cell's condition is a ``Q`` over ``MembershipPeriod`` (the member as they stood on the day, where they were);
the same condition counts the cell and lists the records behind it, so a drill-down list always has the cell's
count. Cells of a table add up to its total, except those marked ``subtotal`` (e.g. 大专及以上).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zugong.core.dates import add_years
from zugong.core.policy import policy_int
from zugong.development.models import DevelopmentStep
from zugong.members.codes import HAN, TERTIARY, Education, Occupation
from zugong.members.models import Member, MembershipPeriod
from zugong.organizations.models import Election, Organization
from zugong.statistics.policies import BRANCH_COMMITTEE_SEATS

M = "member__"


@dataclass(frozen=True)
class Cell:
    key: str
    label: str
    condition: Callable[[dt.date], Q]
    subtotal: bool = False


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    cells: list[Cell]
    source: str = "members"  # what the cells count: see ``selectors.SOURCES``
    adds_up: bool = True  # cells (but subtotals) add up to the total
    amount: str = ""  # a money field summed beside the count (e.g. dues paid); shares then follow the amounts

    def cell(self, key: str) -> Cell:
        return next(c for c in self.cells if c.key == key)


def _field(name: str, value) -> Callable[[dt.date], Q]:
    return lambda day: Q(**{f"{M}{name}": value})


def _age(low: int | None, high: int | None) -> Callable[[dt.date], Q]:
    def condition(day: dt.date) -> Q:
        query = Q()
        if low is not None:
            query &= Q(**{f"{M}birth_date__lte": add_years(day, -low)})
        if high is not None:
            query &= Q(**{f"{M}birth_date__gt": add_years(day, -(high + 1))})
        return query
    return condition


def _joined(first: dt.date | None, last: dt.date | None) -> Callable[[dt.date], Q]:
    def condition(day: dt.date) -> Q:
        query = Q()
        if first is not None:
            query &= Q(**{f"{M}joined_on__gte": first})
        if last is not None:
            query &= Q(**{f"{M}joined_on__lte": last})
        return query
    return condition


AGE_BANDS = [("30", _("30岁及以下"), None, 30), ("31-35", _("31至35岁"), 31, 35), ("36-40", _("36至40岁"), 36, 40),
             ("41-45", _("41至45岁"), 41, 45), ("46-50", _("46至50岁"), 46, 50), ("51-55", _("51至55岁"), 51, 55),
             ("56-60", _("56至60岁"), 56, 60), ("61", _("61岁及以上"), 61, None)]
JOINING_PERIODS = [  # RULES.md (Statistics): before 1949 / 1949–1978 / 1978–2012 / since 2012 (the 18th congress)
    ("before_1949", _("1949年9月及以前"), None, dt.date(1949, 9, 30)),
    ("1949_1978", _("1949年10月至1978年12月"), dt.date(1949, 10, 1), dt.date(1978, 12, 31)),
    ("1979_2012", _("1979年1月至2012年10月"), dt.date(1979, 1, 1), dt.date(2012, 10, 31)),
    ("since_2012", _("2012年11月以来"), dt.date(2012, 11, 1), None),
]


def _probationary(day: dt.date) -> Q:
    return Q(**{f"{M}full_member_on__isnull": True}) | Q(**{f"{M}full_member_on__gt": day})


MEMBER_TABLES = [
    Table("gender", _("党员性别"), [Cell(v, label, _field("gender", v)) for v, label in Member.Gender.choices]),
    Table("ethnicity", _("党员民族"), [Cell("han", _("汉族"), _field("ethnicity", HAN)),
                                    Cell("minority", _("少数民族"), lambda day: ~Q(**{f"{M}ethnicity": HAN}))]),
    Table("education", _("党员学历"), [
        Cell("tertiary", _("大专及以上"), _field("education__in", sorted(TERTIARY)), subtotal=True),
        *[Cell(v, label, _field("education", v)) for v, label in Education.choices]]),
    Table("age", _("党员年龄"), [Cell(k, label, _age(low, high)) for k, label, low, high in AGE_BANDS]),
    Table("joined", _("党员入党时间"), [Cell(k, label, _joined(a, b)) for k, label, a, b in JOINING_PERIODS]),
    Table("occupation", _("党员职业"), [Cell(v, label, _field("occupation", v)) for v, label in Occupation.choices]),
    Table("stage", _("党员类别"), [Cell("full", _("正式党员"), lambda day: ~_probationary(day)),
                                Cell("probationary", _("预备党员"), _probationary)]),
]
def _step(kind: str) -> Callable[[dt.date], Q]:
    return lambda day: Q(kind=kind)


def _admitted(**lookups) -> Callable[[dt.date], Q]:
    """New members of the year (approved by the higher committee), with a breakdown's condition on the person."""
    return lambda day: Q(kind=DevelopmentStep.Kind.APPROVAL, **lookups)


def _left(reason: str) -> Callable[[dt.date], Q]:
    return lambda day: Q(end_reason=reason)


def _org(**lookups) -> Callable[[dt.date], Q]:
    return lambda day: Q(**lookups)


def _branch_with_committee(day: dt.date) -> Q:
    """A branch (joint or not) that had elected a committee (at least the policy's seats) by the day."""
    seats = policy_int(BRANCH_COMMITTEE_SEATS.key)
    return Q(kind__in=[Organization.Kind.BRANCH, Organization.Kind.JOINT_BRANCH],
             pk__in=Election.objects.filter(elected_on__lte=day, seats__gte=seats).values("organization_id"))


K = DevelopmentStep.Kind
R = MembershipPeriod.EndReason
OrgKind, Sector = Organization.Kind, Organization.Sector
YEAR_TABLES = [
    Table("development", _("本年发展党员工作"), source="development", adds_up=False, cells=[
        Cell("applied", _("递交入党申请"), _step(K.APPLICATION)),
        Cell("activists", _("确定为入党积极分子"), _step(K.ACTIVIST_CHOSEN)),
        Cell("candidates", _("确定为发展对象"), _step(K.CANDIDATE_CHOSEN)),
        Cell("admitted", _("发展党员（上级党委批准）"), _step(K.APPROVAL)),
        Cell("confirmed", _("预备党员转为正式党员"), _step(K.CONFIRMATION_APPROVAL)),
    ]),
    Table("admitted", _("本年发展党员构成"), source="development", adds_up=False, cells=[
        Cell("all", _("发展党员"), _admitted()),
        Cell("female", _("其中：女性"), _admitted(case__gender=Member.Gender.FEMALE)),
        Cell("minority", _("其中：少数民族"), lambda day: _admitted()(day) & ~Q(case__ethnicity=HAN)),
        Cell("tertiary", _("其中：大专及以上学历"), _admitted(case__education__in=sorted(TERTIARY))),
        Cell("young", _("其中：35岁及以下（统计时点）"), lambda day: _admitted()(day) & Q(case__birth_date__gt=add_years(day, -36))),
        Cell("farmer", _("其中：农牧渔民"), _admitted(case__occupation=Occupation.FARMER)),
        Cell("worker", _("其中：工人（工勤技能人员）"), _admitted(case__occupation=Occupation.WORKER)),
    ]),
    Table("left", _("本年减少党员"), source="left", cells=[
        Cell(str(reason), reason.label, _left(reason)) for reason in
        (R.TRANSFERRED_OUT, R.DECEASED, R.LAPSED, R.EXPELLED, R.PROBATION_CANCELLED)]),
]
def _dues_month(relation: str) -> Callable[[dt.date], Q]:
    """Payments by the year the paid month belongs to, against the statistics year."""
    return lambda day: Q(**{f"month__year__{relation}": day.year})


DUES_TABLES = [
    Table("dues", _("本年党费收缴"), source="dues", amount="amount", cells=[
        Cell("this_year", _("交纳本年度党费"), _dues_month("exact")),
        Cell("back", _("补交以前年度党费"), _dues_month("lt")),
        Cell("ahead", _("预交以后年度党费"), _dues_month("gt")),
    ]),
]
ORGANIZATION_TABLES = [
    Table("org_kind", _("党组织（按类别）"), source="organizations", cells=[
        *[Cell(str(kind), kind.label, _org(kind=kind)) for kind in OrgKind],
        Cell("branch_committees", _("设立支部委员会的党支部"), _branch_with_committee, subtotal=True)]),
    Table("org_sector", _("党组织（按领域）"), source="organizations", cells=[
        Cell(str(sector), sector.label, _org(sector=sector)) for sector in Sector]),
]
ALL_TABLES = MEMBER_TABLES + YEAR_TABLES + DUES_TABLES + ORGANIZATION_TABLES
TABLES = {table.key: table for table in ALL_TABLES}
