"""Reading branch work: what a user may see (meetings and 四议两公开 matters in their scope), who is on a meeting's
roll, a general meeting's quorum, and how many meetings of each kind an organization held against how many the
rules expect (``FREQUENCIES``, used by the pages and by the nightly check alike).

Who owes which meetings (``owed_kinds``):
* 党支部 (branch, joint and mobile branches) and 党总支: a general meeting and a party lecture a quarter, a theme
  day a month, an organizational life meeting a year.
* A committee meeting a month only where there is a committee: a 党总支 always has one; a branch only with at least
  ``branchlife.committee_min_full_members`` (7) full members — a smaller branch elects a secretary (and a deputy),
  not a committee (支部工作条例 第六章), so it owes no committee meeting. The count is today's register: the
  register keeps no history of stages by month, and a branch rarely crosses the line within a period.
* 党小组: a group meeting a month. A branch without groups owes none.
* 党委 / 党工委: a 民主生活会 of the leadership group a year (``branchlife.democratic_life_per_year``), except in
  non-public enterprises and social organizations (``NO_DEMOCRATIC_LIFE``), whose party committees hold the
  members' 组织生活会 rather than a leadership group's 民主生活会. Nothing else: their branches hold 三会一课.
* 临时党支部 owe nothing (set up for a course or a project, they do not run 三会一课 as a standing branch), nor
  does an organization without active members, nor one founded after the period began.

Quorum: a general meeting needs more than half of its full members present (``general_meeting_quorum``), a
committee meeting at least half of the committee (``committee_quorum``, 第十二条 “半数以上委员到会”).
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from zugong.branchlife import policies as P
from zugong.branchlife.models import Attendance, Meeting, VillageDecision
from zugong.branchlife.procedure import quorum_met
from zugong.core.access import get_in_scope, scope_q
from zugong.core.dates import add_months
from zugong.core.policy import PolicyDefinition, policy_values
from zugong.core.tree import SEGMENT_WIDTH, outermost, subtree_q
from zugong.members.models import Member
from zugong.organizations.models import CommitteeMember, Organization

VIEW, CHANGE = "members.view", "members.change"
K, OK, SECTOR = Meeting.Kind, Organization.Kind, Organization.Sector
MONTH, QUARTER, YEAR = "month", "quarter", "year"
MONTHS_IN = {MONTH: 1, QUARTER: 3, YEAR: 12}

# Organizations that run a branch's meetings (临时党支部 excepted, see the module's docstring).
BRANCH_HOLDERS = frozenset({OK.BRANCH, OK.JOINT_BRANCH, OK.MOBILE_BRANCH, OK.GENERAL_BRANCH})
COMMITTEES = frozenset({OK.COMMITTEE, OK.WORKING_COMMITTEE})
# Sectors whose party committees hold no leadership group's 民主生活会 (see the module's docstring).
NO_DEMOCRATIC_LIFE = frozenset({SECTOR.PRIVATE_ENTERPRISE, SECTOR.SOCIAL_ORG})
# Every organization that may owe a meeting of some kind (``owed_kinds``).
OWING_KINDS = BRANCH_HOLDERS | COMMITTEES | {OK.GROUP}
# Which organizations may record a meeting of each kind at all.
HELD_BY: dict[str, frozenset[str]] = {
    K.GENERAL_MEETING: BRANCH_HOLDERS | {OK.TEMPORARY_BRANCH},
    K.COMMITTEE: BRANCH_HOLDERS | COMMITTEES,
    K.GROUP: frozenset({OK.GROUP}) | BRANCH_HOLDERS,
    K.LECTURE: BRANCH_HOLDERS | COMMITTEES | {OK.TEMPORARY_BRANCH, OK.GROUP},
    K.LIFE_MEETING: BRANCH_HOLDERS | {OK.TEMPORARY_BRANCH},
    K.DEMOCRATIC_LIFE: COMMITTEES,
    K.THEME_DAY: BRANCH_HOLDERS | {OK.TEMPORARY_BRANCH},
    K.STUDY_DAY: BRANCH_HOLDERS | {OK.TEMPORARY_BRANCH},  # held where a general meeting is (``study_days``)
}
# Meetings whose roll is every active member of the organization (its groups included); the others' roll is the
# people the recorder names (the committee's members, a group's members, a leadership group).
WHOLE_ROLL = frozenset({K.GENERAL_MEETING, K.LECTURE, K.LIFE_MEETING, K.THEME_DAY, K.STUDY_DAY})


@dataclass(frozen=True)
class Frequency:
    kind: str
    period: str  # MONTH, QUARTER or YEAR: the regulation's wording
    policy: PolicyDefinition  # how many in each period

    @property
    def label(self) -> str:
        return str(K(self.kind).label)


FREQUENCIES = [
    Frequency(K.GENERAL_MEETING, QUARTER, P.GENERAL_MEETINGS_PER_QUARTER),
    Frequency(K.COMMITTEE, MONTH, P.COMMITTEE_MEETINGS_PER_MONTH),
    Frequency(K.GROUP, MONTH, P.GROUP_MEETINGS_PER_MONTH),
    Frequency(K.LECTURE, QUARTER, P.LECTURES_PER_QUARTER),
    Frequency(K.LIFE_MEETING, YEAR, P.LIFE_MEETINGS_PER_YEAR),
    Frequency(K.THEME_DAY, MONTH, P.THEME_DAYS_PER_MONTH),
    Frequency(K.DEMOCRATIC_LIFE, YEAR, P.DEMOCRATIC_LIFE_PER_YEAR),
]


# --- Scope -----------------------------------------------------------------------------------------------------

def meetings_visible_to(user, capability: str = VIEW) -> QuerySet[Meeting]:
    return Meeting.objects.filter(scope_q(user, capability, "org_path")).select_related("organization")


def access_meeting(user, pk, for_change: bool = False) -> Meeting:
    return get_in_scope(meetings_visible_to(user, CHANGE if for_change else VIEW), pk)


def decisions_visible_to(user, capability: str = VIEW) -> QuerySet[VillageDecision]:
    return VillageDecision.objects.filter(scope_q(user, capability, "org_path")).select_related("organization")


def access_decision(user, pk, for_change: bool = False) -> VillageDecision:
    return get_in_scope(decisions_visible_to(user, CHANGE if for_change else VIEW), pk)


# --- Rolls and quorum ------------------------------------------------------------------------------------------

def roll_candidates(organization: Organization) -> QuerySet[Member]:
    """Who may be on a meeting's roll: the active members of the organization and of its groups (its subtree)."""
    return Member.objects.active().under(organization.path).order_by("name", "pk")


def default_roll(organization: Organization, kind: str) -> QuerySet[Member]:
    """Who is on the roll unless the recorder names them: everyone for a whole-roll meeting, else nobody."""
    candidates = roll_candidates(organization)
    return candidates if kind in WHOLE_ROLL else candidates.none()


def may_vote(member: Member, on: dt.date) -> bool:
    """A full member (正式党员) on that day has a vote; a probationary one attends without it."""
    return member.stage == Member.Stage.FULL and (member.full_member_on is None or member.full_member_on <= on)


@dataclass(frozen=True)
class Quorum:
    entitled: int  # full members on the roll (有表决权的应到人数)
    present: int  # of them present
    numerator: int
    denominator: int
    met: bool
    source: str

    @property
    def text(self) -> str:
        verdict = "符合" if self.met else "不符合"
        return (f"应到有表决权的党员{self.entitled}人，实到{self.present}人，须超过{self.numerator}/{self.denominator}："
                f"{verdict}")


def quorum_fraction() -> tuple[int, int]:
    values = policy_values("ballots.due_quorum")
    return int(values[P.QUORUM_NUMERATOR.key]), int(values[P.QUORUM_DENOMINATOR.key])


def general_meeting_quorum(meeting: Meeting) -> Quorum | None:
    """The quorum of a general meeting from its roll (None for other kinds): more than half of the full members
    present (``ballots.due_quorum``) is 符合; exactly half is not."""
    if meeting.kind != K.GENERAL_MEETING:
        return None
    counts = Attendance.objects.filter(meeting=meeting, may_vote=True).aggregate(
        entitled=Count("pk"), present=Count("pk", filter=Q(status=Attendance.Status.PRESENT)))
    numerator, denominator = quorum_fraction()
    entitled, present = counts["entitled"], counts["present"]
    return Quorum(entitled, present, numerator, denominator, quorum_met(entitled, present, (numerator, denominator)),
                  P.QUORUM_NUMERATOR.source)


COMMITTEE_BASIS, ROLL_BASIS = "committee", "roll"


@dataclass(frozen=True)
class CommitteeQuorum:
    """Whether a 支部委员会 meeting had at least ``numerator/denominator`` of the committee present."""

    size: int  # the committee (应到委员)
    present: int  # of them present
    numerator: int
    denominator: int
    basis: str  # COMMITTEE_BASIS: the organization's 班子成员 in office that day; ROLL_BASIS: the meeting's roll
    source: str

    @property
    def met(self) -> bool:
        return self.size > 0 and self.present * self.denominator >= self.numerator * self.size

    @property
    def by_committee(self) -> bool:
        return self.basis == COMMITTEE_BASIS


def committee_quorum_fraction() -> tuple[int, int]:
    values = policy_values("branchlife.committee_quorum_")
    return int(values[P.COMMITTEE_QUORUM_NUMERATOR.key]), int(values[P.COMMITTEE_QUORUM_DENOMINATOR.key])


def committee_quorum(meeting: Meeting) -> CommitteeQuorum | None:
    """The quorum of a committee meeting (None for other kinds). The attendees named are the committee; its size is
    the organization's 班子成员 in office on the meeting's day when every name on the roll is one of them (members
    of the committee left off the roll then count as away), else the roll itself."""
    if meeting.kind != K.COMMITTEE:
        return None
    roll = list(Attendance.objects.filter(meeting=meeting).values_list("member__name", "status"))
    present = sum(1 for _name, status in roll if status == Attendance.Status.PRESENT)
    committee = set(CommitteeMember.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=meeting.held_on), organization_id=meeting.organization_id,
        started_on__lte=meeting.held_on).values_list("name", flat=True))
    numerator, denominator = committee_quorum_fraction()
    if committee and all(name in committee for name, _status in roll):
        return CommitteeQuorum(len(committee), present, numerator, denominator, COMMITTEE_BASIS,
                               P.COMMITTEE_QUORUM_SOURCE)
    return CommitteeQuorum(len(roll), present, numerator, denominator, ROLL_BASIS, P.COMMITTEE_QUORUM_SOURCE)


def attendance_counts(meeting: Meeting) -> dict[str, int]:
    """应到 (the roll), and how many were present, excused and absent."""
    rows = dict(Attendance.objects.filter(meeting=meeting).values_list("status").annotate(n=Count("pk")))
    return {"roll": sum(rows.values()), **{status: rows.get(status, 0) for status in Attendance.Status.values}}


# --- Frequencies ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive
    label: str


def period_containing(period: str, day: dt.date) -> Period:
    if period == MONTH:
        start = day.replace(day=1)
        return Period(start, add_months(start, 1) - dt.timedelta(days=1), f"{start.year}年{start.month}月")
    if period == QUARTER:
        quarter = (day.month - 1) // 3
        start = dt.date(day.year, 3 * quarter + 1, 1)
        return Period(start, add_months(start, 3) - dt.timedelta(days=1), f"{start.year}年第{quarter + 1}季度")
    start = dt.date(day.year, 1, 1)
    return Period(start, dt.date(day.year, 12, 31), f"{day.year}年")


def last_complete_period(period: str, today: dt.date) -> Period:
    """The last month, quarter or year that has ended before ``today``."""
    return period_containing(period, period_containing(period, today).start - dt.timedelta(days=1))


def periods_within(period: str, start: dt.date, end: dt.date) -> list[Period]:
    """The whole months, quarters or years that lie in [start, end]."""
    found, current = [], period_containing(period, start)
    while current.start <= end:
        if current.start >= start and current.end <= end:
            found.append(current)
        current = period_containing(period, current.end + dt.timedelta(days=1))
    return found


def owed_kinds(kind: str, full_members: int, min_full: int, sector: str = "") -> list[str]:
    """The meeting kinds an organization of ``kind`` (in ``sector``) with ``full_members`` owes (see the module's
    docstring)."""
    if kind == OK.GROUP:
        return [str(K.GROUP)]
    if kind in COMMITTEES:
        return [] if sector in NO_DEMOCRATIC_LIFE else [str(K.DEMOCRATIC_LIFE)]
    if kind not in BRANCH_HOLDERS:
        return []
    owed: list[str] = [K.GENERAL_MEETING, K.LECTURE, K.LIFE_MEETING, K.THEME_DAY]
    if kind == OK.GENERAL_BRANCH or full_members >= min_full:
        owed.append(K.COMMITTEE)
    return owed


@dataclass(frozen=True)
class Tally:
    frequency: Frequency
    periods: int  # whole periods in the range
    per_period: int
    held: int

    @property
    def expected(self) -> int:
        return self.periods * self.per_period

    @property
    def is_short(self) -> bool:
        return self.held < self.expected

    @property
    def source(self) -> str:
        return self.frequency.policy.source


def member_counts(organizations: Iterable[Organization], within: str | None = None) -> dict[int, tuple[int, int]]:
    """(active members, full members) of each organization's subtree, from one grouped query (over ``within``, the
    subtree holding them all, when the caller knows it)."""
    by_path = {org.path: org.pk for org in organizations}
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    if not by_path:
        return {}
    where = Q()
    for prefix in [within] if within is not None else outermost(list(by_path)):
        where |= subtree_q(prefix, "org_path")
    rows = Member.objects.active().filter(where).values_list("org_path", "stage").annotate(n=Count("pk"))
    for path, stage, n in rows:
        for end in range(SEGMENT_WIDTH, len(path) + 1, SEGMENT_WIDTH):
            pk = by_path.get(path[:end])
            if pk is not None:
                counts[pk][0] += n
                counts[pk][1] += n if stage == Member.Stage.FULL else 0
    return {pk: (total, full) for pk, (total, full) in counts.items()}


def held_vs_expected(organization: Organization, start: dt.date, end: dt.date) -> list[Tally]:
    """For each kind the organization owes: the meetings held in [start, end] against the whole periods there."""
    total, full = member_counts([organization]).get(organization.pk, (0, 0))
    if not total:
        return []
    values = policy_values("branchlife.")
    owed = owed_kinds(organization.kind, full, int(values[P.COMMITTEE_MIN_FULL_MEMBERS.key]), organization.sector)
    held = dict(Meeting.objects.filter(organization=organization, held_on__range=(start, end), kind__in=owed)
                .values_list("kind").annotate(n=Count("pk")))
    return [Tally(f, len(periods_within(f.period, start, end)), int(values[f.policy.key]), held.get(f.kind, 0))
            for f in FREQUENCIES if f.kind in owed]


@dataclass(frozen=True)
class Shortfall:
    organization: Organization
    tally: Tally
    period: Period


def shortfalls(within: str, today: dt.date) -> list[Shortfall]:
    """Each organization under ``within`` that held fewer meetings of a kind than the rules expect in that kind's
    last complete period (previous month, quarter or year), at a few grouped queries for the whole tree."""
    values = policy_values("branchlife.")
    min_full = int(values[P.COMMITTEE_MIN_FULL_MEMBERS.key])
    orgs = list(Organization.objects.open().filter(subtree_q(within, "path"), kind__in=OWING_KINDS).order_by("path"))
    counts = member_counts(orgs, within)
    found: list[Shortfall] = []
    for frequency in FREQUENCIES:
        period = last_complete_period(frequency.period, today)
        owing = [org for org in orgs if counts.get(org.pk, (0, 0))[0]
                 and (org.founded_on is None or org.founded_on <= period.start)
                 and frequency.kind in owed_kinds(org.kind, counts[org.pk][1], min_full, org.sector)]
        if not owing:
            continue
        held = dict(Meeting.objects.filter(subtree_q(within, "org_path"), kind=frequency.kind,
                                           held_on__range=(period.start, period.end))
                    .values_list("organization_id").annotate(n=Count("pk")))
        per_period = int(values[frequency.policy.key])
        for org in owing:
            tally = Tally(frequency, 1, per_period, held.get(org.pk, 0))
            if tally.is_short:
                found.append(Shortfall(org, tally, period))
    return found
