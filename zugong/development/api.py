"""API for member development (发展党员接口): cases with their steps, taking a step, the due lists."""

import datetime as dt
from typing import Annotated

from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from zugong.ballots.models import Ballot
from zugong.core import bounds
from zugong.core.api_types import Id, Page, column
from zugong.development import selectors, services
from zugong.development.models import BranchVote, DevelopmentCase, DevelopmentStep
from zugong.members.models import Member

router = Router(tags=["development"])


class VoteIO(Schema):
    entitled: Annotated[int, column(BranchVote, "entitled")]
    present: Annotated[int, column(BranchVote, "present")]
    yes: Annotated[int, column(BranchVote, "yes")]
    no: Annotated[int, column(BranchVote, "no")]
    abstain: Annotated[int, column(BranchVote, "abstain")]


class VoteOut(VoteIO):
    ballot_reference: str = Field("", title="票决编号（由票决计票结果登记时）")


StepKind = Annotated[DevelopmentStep.Kind, column(DevelopmentStep, "kind")]


class StepOut(Schema):
    id: int
    kind: StepKind
    done_on: dt.date
    handled_by: str
    number: str
    people: list[int]
    training_days: int | None
    training_hours: int | None
    note: str
    rules: dict
    vote: VoteOut | None = None

    @staticmethod
    def resolve_people(obj) -> list[int]:
        return [person.pk for person in obj.people.all()]

    @staticmethod
    def resolve_vote(obj):
        return getattr(obj, "vote", None)


class CaseOut(Schema):
    id: int
    name: str
    gender: Annotated[Member.Gender, column(DevelopmentCase, "gender")]
    birth_date: dt.date
    stage: Annotated[DevelopmentCase.Stage, column(DevelopmentCase, "stage")]
    status: Annotated[DevelopmentCase.Status, column(DevelopmentCase, "status")]
    organization_id: int
    member_id: int | None
    probation_ends_on: dt.date | None


class CaseDetailOut(CaseOut):
    steps: list[StepOut]

    @staticmethod
    def resolve_steps(obj):
        return obj.steps.prefetch_related("people").select_related("vote")


class StepIn(Schema):
    kind: StepKind
    done_on: Annotated[dt.date, column(DevelopmentStep, "done_on")]
    handled_by: Annotated[str, column(DevelopmentStep, "handled_by")] = ""
    number: Annotated[str, column(DevelopmentStep, "number")] = ""
    note: Annotated[str, column(DevelopmentStep, "note")] = ""
    people: Annotated[list[Id], Field(max_length=bounds.LIST_ITEMS_MAX, title="相关党员")] = []
    training_days: Annotated[int, column(DevelopmentStep, "training_days")] | None = None
    training_hours: Annotated[int, column(DevelopmentStep, "training_hours")] | None = None
    vote: VoteIO | None = None
    ballot: Id | None = None  # the case's own ballot for this step, closed: its tally gives the figures


class DueOut(Schema):
    case_id: int
    name: str
    organization_id: int
    kind: StepKind
    due: str
    earliest: dt.date | None
    due_by: dt.date | None
    explanation: str


@router.get("/development/cases", response=list[CaseOut])
@paginate(Page)
def list_cases(request, stage: Annotated[DevelopmentCase.Stage, column(DevelopmentCase, "stage")] | None = None,
               status: Annotated[DevelopmentCase.Status, column(DevelopmentCase, "status")] | None = None):
    cases = selectors.cases_visible_to(request.user)
    if stage:
        cases = cases.filter(stage=stage)
    if status:
        cases = cases.filter(status=status)
    return cases


@router.get("/development/cases/{pk}", response=CaseDetailOut)
def get_case(request, pk: Id):
    return selectors.access_case(request.user, pk)


@router.post("/development/cases/{pk}/steps", response={201: StepOut})
def take_step(request, pk: Id, payload: StepIn):
    case = selectors.access_case(request.user, pk, for_change=True)
    people = list(Member.objects.active().under(case.organization.path).filter(pk__in=payload.people))
    step = services.record_step(
        request.user, case, payload.kind, payload.done_on, handled_by=payload.handled_by, note=payload.note,
        number=payload.number, people=people if len(people) == len(set(payload.people)) else [],
        training_days=payload.training_days, training_hours=payload.training_hours,
        vote=payload.vote.dict() if payload.vote else None,
        ballot=Ballot(pk=payload.ballot) if payload.ballot else None)  # vote_from_ballot: the case's own, sealed
    return 201, step


@router.get("/development/due", response=list[DueOut])
def due_list(request):
    items = selectors.due_items(selectors.cases_visible_to(request.user), timezone.localdate(),
                                services.rule_values())
    return [DueOut(case_id=i.case.pk, name=i.case.name, organization_id=i.case.organization_id, kind=i.kind,
                   due=i.due.value, earliest=None if i.bounds.earliest == dt.date.min else i.bounds.earliest,
                   due_by=i.bounds.due_by, explanation=i.explanation) for i in items]
