"""API of branch work (支部工作接口): the meetings in the user's scope, one meeting with its attendance counts and
quorum, and an organization's meetings held against the rules in a year.

Reading only, with ``members.view`` within the user's part of the tree, through the same selectors as the pages:
a missing and an out-of-scope meeting or organization are the same 404.
"""

import datetime as dt
from typing import Annotated

from django.db.models import F
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from zugong.branchlife import selectors
from zugong.branchlife.models import Meeting
from zugong.core.api_types import Id, Page, Year, column
from zugong.core.tree import subtree_q
from zugong.organizations.selectors import access_organization

router = Router(tags=["branchlife"])

MeetingKind = Annotated[Meeting.Kind, column(Meeting, "kind")]


class MeetingOut(Schema):
    id: int
    organization_id: int
    organization_name: str = Field(title="党组织名称")
    kind: MeetingKind
    held_on: dt.date
    topic: str
    lecturer: str


class CountsOut(Schema):
    roll: int = Field(title="应到")
    present: int = Field(title="出席")
    excused: int = Field(title="请假")
    absent: int = Field(title="缺席")


class QuorumOut(Schema):
    rule: str = Field(title="规则：general（支部党员大会，超过应到有表决权党员的比例）或 committee（支部委员会，"
                            "不少于委员的比例）")
    counted_over: int = Field(title="应到（有表决权的党员或委员）")
    present: int = Field(title="其中出席")
    numerator: int
    denominator: int
    met: bool = Field(title="是否符合法定人数")
    basis: str = Field(title="委员人数依据：committee（在任班子成员）、roll（应到名单）；支部党员大会为 roll")
    source: str


class MeetingDetailOut(MeetingOut):
    minutes: str
    resolutions: str
    counts: CountsOut
    quorum: QuorumOut | None = None


class TallyOut(Schema):
    kind: MeetingKind
    period: str = Field(title="期间：month、quarter 或 year")
    per_period: int = Field(title="每个期间规定次数")
    periods: int = Field(title="已结束的完整期间数")
    expected: int = Field(title="应召开")
    held: int = Field(title="已召开")
    short: bool = Field(title="是否未达到")
    source: str


class HeldOut(Schema):
    organization_id: int
    year: int
    counted_until: dt.date = Field(title="计至（已结束期间的最后一天）")
    tallies: list[TallyOut]


def _quorum(meeting: Meeting) -> QuorumOut | None:
    general = selectors.general_meeting_quorum(meeting)
    if general is not None:
        return QuorumOut(rule="general", counted_over=general.entitled, present=general.present,
                         numerator=general.numerator, denominator=general.denominator, met=general.met,
                         basis=selectors.ROLL_BASIS, source=general.source)
    committee = selectors.committee_quorum(meeting)
    if committee is not None:
        return QuorumOut(rule="committee", counted_over=committee.size, present=committee.present,
                         numerator=committee.numerator, denominator=committee.denominator, met=committee.met,
                         basis=committee.basis, source=committee.source)
    return None


@router.get("/branch-work/meetings", response=list[MeetingOut])
@paginate(Page)
def branchlife_meetings(request, organization_id: Id | None = None, kind: MeetingKind | None = None,
                        year: Year | None = None):
    """Meetings in scope, newest first: under an organization (its subtree), of a kind, in a year."""
    meetings = selectors.meetings_visible_to(request.user)
    if organization_id is not None:
        organization = access_organization(request.user, organization_id, capability=selectors.VIEW)
        meetings = meetings.filter(subtree_q(organization.path, "org_path"))
    if kind:
        meetings = meetings.filter(kind=kind)
    if year is not None:
        meetings = meetings.filter(held_on__year=year)
    return meetings.annotate(organization_name=F("organization__name")).order_by("-held_on", "-pk")


@router.get("/branch-work/meetings/{pk}", response=MeetingDetailOut)
def branchlife_meeting(request, pk: Id):
    meeting = selectors.access_meeting(request.user, pk)
    return {"id": meeting.pk, "organization_id": meeting.organization_id, "organization_name": meeting.organization.name,
            "kind": meeting.kind, "held_on": meeting.held_on, "topic": meeting.topic, "lecturer": meeting.lecturer,
            "minutes": meeting.minutes, "resolutions": meeting.resolutions,
            "counts": selectors.attendance_counts(meeting), "quorum": _quorum(meeting)}


@router.get("/branch-work/organizations/{pk}/held", response=HeldOut)
def branchlife_held(request, pk: Id, year: Year | None = None):
    """For each kind the organization owes: the meetings held in the year against the periods already ended
    (the whole year once it is over)."""
    organization = access_organization(request.user, pk, capability=selectors.VIEW)
    today = timezone.localdate()
    year = year or today.year
    until = min(dt.date(year, 12, 31), today - dt.timedelta(days=1))
    tallies = selectors.held_vs_expected(organization, dt.date(year, 1, 1), until) if until.year == year else []
    return HeldOut(organization_id=organization.pk, year=year, counted_until=until, tallies=[
        TallyOut(kind=Meeting.Kind(t.frequency.kind), period=t.frequency.period, per_period=t.per_period, periods=t.periods,
                 expected=t.expected, held=t.held, short=t.is_short, source=t.source) for t in tallies])
