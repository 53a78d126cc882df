"""The annual party statistics (党内统计年报) as data: each table a list of cells, each cell one condition.

A cell's condition is a ``Q`` over ``MembershipPeriod`` (the member as they stood on the day, where they were);
the same condition counts the cell and lists the records behind it, so a drill-down list always has the cell's
count. Cells of a table add up to its total, except those marked ``subtotal`` (e.g. 大专及以上).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q

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


AGE_BANDS = [("30", "30岁及以下", None, 30), ("31-35", "31至35岁", 31, 35), ("36-40", "36至40岁", 36, 40),
             ("41-45", "41至45岁", 41, 45), ("46-50", "46至50岁", 46, 50), ("51-55", "51至55岁", 51, 55),
             ("56-60", "56至60岁", 56, 60), ("61", "61岁及以上", 61, None)]
JOINING_PERIODS = [  # RULES.md (Statistics): before 1949 / 1949–1978 / 1978–2012 / since 2012 (the 18th congress)
    ("before_1949", "1949年9月及以前", None, dt.date(1949, 9, 30)),
    ("1949_1978", "1949年10月至1978年12月", dt.date(1949, 10, 1), dt.date(1978, 12, 31)),
    ("1979_2012", "1979年1月至2012年10月", dt.date(1979, 1, 1), dt.date(2012, 10, 31)),
    ("since_2012", "2012年11月以来", dt.date(2012, 11, 1), None),
]


def _probationary(day: dt.date) -> Q:
    return Q(**{f"{M}full_member_on__isnull": True}) | Q(**{f"{M}full_member_on__gt": day})


MEMBER_TABLES = [
    Table("gender", "党员性别", [Cell(v, str(label), _field("gender", v)) for v, label in Member.Gender.choices]),
    Table("ethnicity", "党员民族", [Cell("han", "汉族", _field("ethnicity", HAN)),
                                    Cell("minority", "少数民族", lambda day: ~Q(**{f"{M}ethnicity": HAN}))]),
    Table("education", "党员学历", [
        Cell("tertiary", "大专及以上", _field("education__in", sorted(TERTIARY)), subtotal=True),
        *[Cell(v, str(label), _field("education", v)) for v, label in Education.choices]]),
    Table("age", "党员年龄", [Cell(k, label, _age(low, high)) for k, label, low, high in AGE_BANDS]),
    Table("joined", "党员入党时间", [Cell(k, label, _joined(a, b)) for k, label, a, b in JOINING_PERIODS]),
    Table("occupation", "党员职业", [Cell(v, str(label), _field("occupation", v)) for v, label in Occupation.choices]),
    Table("stage", "党员类别", [Cell("full", "正式党员", lambda day: ~_probationary(day)),
                                Cell("probationary", "预备党员", _probationary)]),
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
    Table("development", "本年发展党员工作", source="development", adds_up=False, cells=[
        Cell("applied", "递交入党申请", _step(K.APPLICATION)),
        Cell("activists", "确定为入党积极分子", _step(K.ACTIVIST_CHOSEN)),
        Cell("candidates", "确定为发展对象", _step(K.CANDIDATE_CHOSEN)),
        Cell("admitted", "发展党员（上级党委批准）", _step(K.APPROVAL)),
        Cell("confirmed", "预备党员转为正式党员", _step(K.CONFIRMATION_APPROVAL)),
    ]),
    Table("admitted", "本年发展党员构成", source="development", adds_up=False, cells=[
        Cell("all", "发展党员", _admitted()),
        Cell("female", "其中：女性", _admitted(case__gender=Member.Gender.FEMALE)),
        Cell("minority", "其中：少数民族", lambda day: _admitted()(day) & ~Q(case__ethnicity=HAN)),
        Cell("tertiary", "其中：大专及以上学历", _admitted(case__education__in=sorted(TERTIARY))),
        Cell("young", "其中：35岁及以下（统计时点）", lambda day: _admitted()(day) & Q(case__birth_date__gt=add_years(day, -36))),
        Cell("farmer", "其中：农牧渔民", _admitted(case__occupation=Occupation.FARMER)),
        Cell("worker", "其中：工人（工勤技能人员）", _admitted(case__occupation=Occupation.WORKER)),
    ]),
    Table("left", "本年减少党员", source="left", cells=[
        Cell(str(reason), str(reason.label), _left(reason)) for reason in
        (R.TRANSFERRED_OUT, R.DECEASED, R.LAPSED, R.EXPELLED, R.PROBATION_CANCELLED)]),
]
def _dues_month(relation: str) -> Callable[[dt.date], Q]:
    """Payments by the year the paid month belongs to, against the statistics year."""
    return lambda day: Q(**{f"month__year__{relation}": day.year})


DUES_TABLES = [
    Table("dues", "本年党费收缴", source="dues", amount="amount", cells=[
        Cell("this_year", "交纳本年度党费", _dues_month("exact")),
        Cell("back", "补交以前年度党费", _dues_month("lt")),
        Cell("ahead", "预交以后年度党费", _dues_month("gt")),
    ]),
]
ORGANIZATION_TABLES = [
    Table("org_kind", "党组织（按类别）", source="organizations", cells=[
        *[Cell(str(kind), str(kind.label), _org(kind=kind)) for kind in OrgKind],
        Cell("branch_committees", "设立支部委员会的党支部", _branch_with_committee, subtotal=True)]),
    Table("org_sector", "党组织（按领域）", source="organizations", cells=[
        Cell(str(sector), str(sector.label), _org(sector=sector)) for sector in Sector]),
]
ALL_TABLES = MEMBER_TABLES + YEAR_TABLES + DUES_TABLES + ORGANIZATION_TABLES
TABLES = {table.key: table for table in ALL_TABLES}
