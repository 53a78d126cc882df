"""What education and care compute from the records: a branch's yearly scores and stars, care eligibility,
totals by organization."""

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum

from zugong.branchlife.models import Attendance
from zugong.core.access import scope_q
from zugong.core.dates import add_years, month_start
from zugong.core.policy import policy_int, policy_values
from zugong.core.tree import subtree_q
from zugong.development.models import AnnualEvaluation
from zugong.dues.models import DuesPayment
from zugong.education.models import (
    CarePayment,
    CareVisit,
    MutualAidGrant,
    Pledge,
    PointsEntry,
    ScoreItem,
)
from zugong.education.policies import (
    CARE_LOWEST_PASSING_GRADE,
    CARE_MIN_AGE,
    CARE_MIN_PARTY_YEARS,
    STAR_THRESHOLDS,
)
from zugong.members.codes import DuesCategory
from zugong.members.models import Member

S = ScoreItem.Source
ONE = Decimal("0.1")


@dataclass
class ItemScore:
    item: ScoreItem
    points: Decimal
    basis: str  # how it was reached: "出勤 8/10", "录入", "无记录"


@dataclass
class ScoreRow:
    member: Member
    items: list[ItemScore]
    adjustments: Decimal
    total: Decimal = Decimal(0)
    stars: int = 0
    rank: int = 0
    notes: list[str] = field(default_factory=list)


def stars_for(total: Decimal, values: dict | None = None) -> int:
    values = values or policy_values("education.star_")
    for definition in STAR_THRESHOLDS:  # 5 stars first
        if total >= values[definition.key]:
            return int(definition.key.split("_")[1])
    return 0


def _share(max_points: int, done: int, of: int) -> Decimal:
    return (Decimal(max_points) * done / of).quantize(ONE, ROUND_HALF_UP)


def year_scores(organization, year: int, today: dt.date) -> list[ScoreRow]:
    """Every active member of the branch: each item computed from the records or entered, additions and deductions,
    the total on 100 points, the star rating, and the rank in the branch (ties share a rank)."""
    members = list(Member.objects.active().filter(organization=organization).order_by("name", "pk"))
    items = list(ScoreItem.objects.all())
    start, end = dt.date(year, 1, 1), min(dt.date(year, 12, 31), today)
    attendance = _attendance(members, items, start, end)
    on_time: dict[int, int] = defaultdict(int)
    for member_id, month, paid_on in DuesPayment.objects.filter(
            member__in=members, month__range=(start, end)).values_list("member_id", "month", "paid_on"):
        if paid_on <= month.replace(day=calendar.monthrange(month.year, month.month)[1]):
            on_time[member_id] += 1
    pledges: dict[int, list] = defaultdict(list)
    for member_id, was_kept in Pledge.objects.filter(member__in=members, year=year).values_list("member_id", "kept"):
        pledges[member_id].append(was_kept)
    entered: dict[tuple[int, int], Decimal] = {}
    adjustments: dict[int, Decimal] = defaultdict(lambda: Decimal("0.0"))
    for entry in PointsEntry.objects.filter(member__in=members, year=year):
        if entry.item_id is None:
            adjustments[entry.member_id] += entry.points
        else:
            entered[(entry.member_id, entry.item_id)] = entry.points
    stars = policy_values("education.star_")
    rows = []
    for member in members:
        scored = []
        for item in items:
            if (member.pk, item.pk) in entered:
                scored.append(ItemScore(item, entered[(member.pk, item.pk)], "录入"))
            elif item.source == S.ATTENDANCE and (roll := attendance.get((item.pk, member.pk), (0, 0)))[0]:
                on_roll, present = roll
                scored.append(ItemScore(item, _share(item.max_points, present, on_roll), f"出勤 {present}/{on_roll}"))
            elif item.source == S.DUES and (due := _months_due(member, start, end)):
                paid = min(on_time[member.pk], due)
                scored.append(ItemScore(item, _share(item.max_points, paid, due), f"按月交纳 {paid}/{due}"))
            elif item.source == S.PLEDGES and pledges[member.pk]:
                kept_count = sum(1 for k in pledges[member.pk] if k)
                scored.append(ItemScore(item, _share(item.max_points, kept_count, len(pledges[member.pk])),
                                        f"践诺 {kept_count}/{len(pledges[member.pk])}"))
            else:
                scored.append(ItemScore(item, Decimal("0.0"), "无记录"))
        row = ScoreRow(member, scored, adjustments[member.pk])
        row.total = min(Decimal(100), max(Decimal(0), sum((s.points for s in scored), Decimal(0)) + row.adjustments)
                        ).quantize(ONE)
        row.stars = stars_for(row.total, stars)
        rows.append(row)
    ordered = sorted(rows, key=lambda r: -r.total)
    for position, row in enumerate(ordered, start=1):
        row.rank = position if position == 1 or row.total != ordered[position - 2].total else ordered[position - 2].rank
    return rows


def _attendance(members: list[Member], items: list[ScoreItem], start: dt.date, end: dt.date
                ) -> dict[tuple[int, int], tuple[int, int]]:
    """For each attendance item and member: (meetings of the item's kinds held in [start, end] with the member on
    the roll, of them present) — from the meetings' rolls (``branchlife.Attendance``), the one record of who
    attended. Excused (请假) and absent both count as not present."""
    found: dict[tuple[int, int], tuple[int, int]] = {}
    for item in items:
        if item.source != S.ATTENDANCE or not item.meeting_kinds:
            continue
        rows = (Attendance.objects.filter(member__in=members, meeting__kind__in=item.meeting_kinds,
                                          meeting__held_on__range=(start, end))
                .values("member_id").annotate(roll=Count("pk"), present=Count("pk", filter=Q(
                    status=Attendance.Status.PRESENT))).values_list("member_id", "roll", "present"))
        for member_id, on_roll, present in rows:
            found[(item.pk, member_id)] = (on_roll, present)
    return found


def _months_due(member: Member, start: dt.date, end: dt.date) -> int:
    first = max(month_start(member.dues_from), start)
    last = month_start(end)
    return max(0, (last.year - first.year) * 12 + last.month - first.month + 1)


@dataclass(frozen=True)
class CareEligibility:
    member: Member
    eligible: bool
    reasons: list[str]
    since: dt.date | None  # the day the last condition of age and party age was met


WAGE_CATEGORIES = frozenset({DuesCategory.WAGE, DuesCategory.ANNUAL_SALARY})
# The democratic evaluation's grades from the best; policy education.care_lowest_passing_grade counts into it.
G = AnnualEvaluation.Grade
GRADE_ORDER = (G.EXCELLENT, G.QUALIFIED, G.BASICALLY_QUALIFIED, G.UNQUALIFIED)


def care_eligibility(members, on: dt.date) -> list[CareEligibility]:
    """Who is eligible for 关爱金 on a day, with the reason for everyone who is not (policy: age, party age from
    confirmation, last democratic evaluation passed, no wage income)."""
    min_age, min_years = policy_int(CARE_MIN_AGE.key), policy_int(CARE_MIN_PARTY_YEARS.key)
    lowest = GRADE_ORDER[policy_int(CARE_LOWEST_PASSING_GRADE.key) - 1]
    passing = GRADE_ORDER[: GRADE_ORDER.index(lowest) + 1]
    old_enough = members.active().filter(birth_date__lte=add_years(on, -min_age))
    candidates = list(old_enough.order_by("name", "pk"))
    last_grade: dict[int, tuple[int, str]] = {}
    # a subquery, not the list: a province's candidates are more than SQLite takes as parameters
    for member_id, year, grade in AnnualEvaluation.objects.filter(member__in=old_enough.values("pk")).values_list(
            "member_id", "round__year", "grade"):
        if member_id not in last_grade or year > last_grade[member_id][0]:
            last_grade[member_id] = (year, grade)
    found = []
    for member in candidates:
        reasons = []
        if member.full_member_on is None or member.full_member_on > add_years(on, -min_years):
            reasons.append(f"党龄不满{min_years}年")
        year_grade = last_grade.get(member.pk)
        if year_grade is None:
            reasons.append("没有民主评议记录")
        elif year_grade[1] not in passing:
            shown = G(year_grade[1]).label if year_grade[1] else "未评定等次"
            reasons.append(f"{year_grade[0]}年民主评议为“{shown}”，未达到“{lowest.label}”")
        if member.dues_category in WAGE_CATEGORIES:
            reasons.append("有工资收入")
        since = None
        if member.full_member_on is not None:
            since = max(add_years(member.birth_date, min_age), add_years(member.full_member_on, min_years))
        found.append(CareEligibility(member, not reasons, reasons, since))
    return found


@dataclass(frozen=True)
class CareTotals:
    organization: object
    allowance_people: int
    allowance_total: Decimal
    aid_people: int
    aid_total: Decimal
    visited: int


def care_totals(user, organizations, year: int) -> list[CareTotals]:
    """Per organization (each with its subtree): 关爱金 and 互助金 paid in the year and members visited."""
    rows = []
    visible = scope_q(user, "members.view", "member__org_path")
    for organization in organizations:
        under = subtree_q(organization.path, "member__org_path") & visible
        care = CarePayment.objects.filter(under, month__year=year).aggregate(
            people=Count("member", distinct=True), total=Sum("amount"))
        aid = MutualAidGrant.objects.filter(under, granted_on__year=year).aggregate(
            people=Count("member", distinct=True), total=Sum("amount"))
        visited = CareVisit.objects.filter(under, visited_on__year=year).values("member").distinct().count()
        rows.append(CareTotals(organization, care["people"], care["total"] or Decimal(0), aid["people"],
                               aid["total"] or Decimal(0), visited))
    return rows


@dataclass(frozen=True)
class BranchRank:
    organization: object
    members: int
    mean: Decimal
    starred: int  # members at or above the plaque stars
    rank: int


def branch_ranking(branches, year: int, today: dt.date, least_stars: int) -> list[BranchRank]:
    """Branches by their members' mean score for the year, highest first (ties share a rank)."""
    found = []
    for branch in branches:
        rows = year_scores(branch, year, today)
        if rows:
            mean = (sum((r.total for r in rows), Decimal(0)) / len(rows)).quantize(ONE, ROUND_HALF_UP)
            found.append((branch, len(rows), mean, sum(1 for r in rows if r.stars >= least_stars)))
    found.sort(key=lambda f: -f[2])
    ranked: list[BranchRank] = []
    for position, (branch, count, mean, starred) in enumerate(found, start=1):
        rank = ranked[-1].rank if ranked and ranked[-1].mean == mean else position
        ranked.append(BranchRank(branch, count, mean, starred, rank))
    return ranked
