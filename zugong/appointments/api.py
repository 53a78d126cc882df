"""API of selection and appointment (选拔任用接口): cases with their steps and candidates, what is next and why
not (the procedure's one decision function), taking a step with a ballot, the due list."""

import datetime as dt
from decimal import Decimal
from typing import Annotated

from django.http import Http404
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from zugong.appointments import selectors, services
from zugong.appointments.models import CaseCandidate, CaseStep, Notice, SelectionCase
from zugong.appointments.procedure import Attempt, stored_refusal
from zugong.ballots.models import Ballot
from zugong.ballots.selectors import ballots_visible_to
from zugong.core import bounds
from zugong.core.access import DomainError
from zugong.core.api_types import Id, Page, column, text

router = Router(tags=["appointments"])
StepKind = Annotated[CaseStep.Kind, column(CaseStep, "kind")]


class SelectionCandidateOut(Schema):
    id: int
    cadre_id: int | None
    name: str
    position_id: int
    recommended: bool
    vote_share: Decimal | None
    chosen: bool
    decided: bool
    appointed: bool
    dropped_reason: str
    qualification: list

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.name


class SelectionStepOut(Schema):
    id: int
    kind: StepKind
    candidate_id: int | None
    done_on: dt.date
    handled_by: str
    number: str
    talks: int | None
    figures: dict
    ballot_id: int | None
    note: str


class SelectionCaseOut(Schema):
    id: int
    title: str
    kind: Annotated[SelectionCase.Kind, column(SelectionCase, "kind")]
    status: Annotated[SelectionCase.Status, column(SelectionCase, "status")]
    stage: str
    unit_id: int
    last_step_on: dt.date | None


class SelectionNextOut(Schema):
    kind: StepKind
    candidate_id: int | None
    possible_today: bool
    refusal: str | None
    earliest: dt.date | None
    due_by: dt.date | None


class SelectionCaseDetailOut(SelectionCaseOut):
    candidates: list[SelectionCandidateOut]
    steps: list[SelectionStepOut]
    holds: list[str]
    next: list[SelectionNextOut]


class SelectionStepIn(Schema):
    kind: StepKind
    done_on: Annotated[dt.date, column(CaseStep, "done_on")]
    candidate: Id | None = None
    ballot: Id | None = None
    handled_by: Annotated[str, column(CaseStep, "handled_by")] = ""
    number: Annotated[str, column(CaseStep, "number")] = ""
    note: Annotated[str, column(CaseStep, "note")] = ""
    talks: Annotated[int, column(CaseStep, "talks")] | None = None
    recommended: Annotated[list[Id], Field(max_length=bounds.LIST_ITEMS_MAX, title="推荐人选")] = []
    chosen: Annotated[list[Id], Field(max_length=bounds.LIST_ITEMS_MAX, title="考察对象")] = []
    result: Annotated[str, text(20, "考核结论")] = ""
    notice_text: Annotated[str, text(5000, "公示内容")] = ""
    phone: Annotated[str, column(Notice, "phone")] = ""


class SelectionDueOut(Schema):
    case_id: int
    title: str
    kind: StepKind
    candidate_id: int | None
    due: str
    explanation: str


def _require_view(user) -> None:
    if not user.has_capability("appointments.view"):
        raise Http404


def _detail(case: SelectionCase) -> SelectionCaseDetailOut:
    history = services.history_of(case)
    values, today = services.rule_values(), timezone.localdate()
    upcoming = []
    for kind, candidate, limits in selectors.pending_steps(case, history, values):
        why = stored_refusal(Attempt(kind, today, candidate.pk if candidate else None), history, values, today)
        upcoming.append(SelectionNextOut(kind=kind, candidate_id=candidate.pk if candidate else None, possible_today=why is None,
                                refusal=why, earliest=None if limits.earliest == dt.date.min else limits.earliest,
                                due_by=limits.due_by))
    return SelectionCaseDetailOut(
        id=case.pk, title=case.title, kind=case.kind, status=case.status, stage=case.stage, unit_id=case.unit_id,
        last_step_on=case.last_step_on, holds=[h.text for h in history.holds], next=upcoming,
        candidates=list(case.candidates.select_related("cadre")), steps=list(case.steps.all()))


@router.get("/appointments/selection-cases", response=list[SelectionCaseOut])
@paginate(Page)
def list_selection_cases(request, status: Annotated[SelectionCase.Status, column(SelectionCase, "status")] | None = None,
               kind: Annotated[SelectionCase.Kind, column(SelectionCase, "kind")] | None = None):
    _require_view(request.user)
    cases = selectors.cases_visible_to(request.user)
    if status:
        cases = cases.filter(status=status)
    if kind:
        cases = cases.filter(kind=kind)
    return cases


@router.get("/appointments/selection-cases/{pk}", response=SelectionCaseDetailOut)
def get_selection_case(request, pk: Id):
    return _detail(selectors.access_case(request.user, pk))


def _candidate(case: SelectionCase, pk: int | None) -> CaseCandidate | None:
    if pk is None:
        return None
    found = case.candidates.filter(pk=pk).select_related("cadre", "position").first()
    if found is None:
        raise DomainError("该人选不属于本事项", field="candidate")
    return found


@router.post("/appointments/selection-cases/{pk}/steps", response={201: SelectionStepOut})
def take_selection_step(request, pk: Id, payload: SelectionStepIn):
    case = selectors.access_case(request.user, pk, for_change=True)
    ballot = None
    if payload.ballot is not None:
        ballot = ballots_visible_to(request.user).filter(pk=payload.ballot, status=Ballot.Status.CLOSED).first()
        if ballot is None:
            raise DomainError("未找到该表决票，或尚未结束计票", field="ballot")
    picked = {c.pk: c for c in case.candidates.filter(pk__in=[*payload.recommended, *payload.chosen])}
    step = services.record_step(
        request.user, case, payload.kind, payload.done_on, candidate=_candidate(case, payload.candidate),
        handled_by=payload.handled_by, number=payload.number, note=payload.note, talks=payload.talks, ballot=ballot,
        recommended=[picked[i] for i in payload.recommended if i in picked],
        chosen=[picked[i] for i in payload.chosen if i in picked], result=payload.result,
        notice_text=payload.notice_text, phone=payload.phone)
    return 201, step


@router.get("/appointments/due", response=list[SelectionDueOut])
def appointments_due(request):
    _require_view(request.user)
    items = selectors.due_items(selectors.cases_visible_to(request.user), timezone.localdate(),
                                services.rule_values())
    return [SelectionDueOut(case_id=i.case.pk, title=i.case.title, kind=i.kind,
                   candidate_id=i.candidate.pk if i.candidate else None, due=i.due.value,
                   explanation=i.explanation) for i in items]
