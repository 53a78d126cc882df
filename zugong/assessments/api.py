"""API for assessments (考核评价接口): the rounds a user may read (paged), a round with its results, a result with its
scores — for other systems.

The same access layer as the pages (``selectors``): a round is read by whoever holds ``organizations.view`` over its
organization or over one of its targets, and only the results inside the reader's scope are given; missing and
out of scope are the same 404. Read only: rounds are run on the pages.
"""

import datetime as dt
from decimal import Decimal
from typing import Annotated

from django.http import Http404
from ninja import Router, Schema
from ninja.pagination import paginate

from zugong.assessments import selectors
from zugong.assessments.models import Criterion, Round, Scheme, TargetKind
from zugong.core.api_types import Id, Page, Year, column

router = Router(tags=["assessments"])

RoundStatus = Annotated[Round.Status, column(Round, "status")]


class SchemeOut(Schema):
    id: int
    code: str
    name: str
    target_kind: Annotated[TargetKind, column(Scheme, "target_kind")]
    source: str
    max_total: Decimal
    feeds_township_ranking: bool


class RoundOut(Schema):
    id: int
    name: str
    year: int
    starts_on: dt.date
    ends_on: dt.date
    status: RoundStatus
    scheme: SchemeOut
    organization_id: int
    survey_id: int | None
    computed_at: dt.datetime | None
    finalized_at: dt.datetime | None


class ResultOut(Schema):
    id: int
    organization_id: int
    member_id: int | None
    target: str
    total: Decimal | None
    grade: str
    rank: int | None
    missed_basic_tasks: bool
    rectification_id: int | None


class RoundDetailOut(RoundOut):
    targets: int  # every target of the round; ``results`` holds those inside the reader's scope
    results: list[ResultOut]


class ScoreOut(Schema):
    criterion_code: str
    criterion: str
    max_points: Decimal
    method: Annotated[Criterion.Method, column(Criterion, "method")]
    points: Decimal | None
    value: Decimal | None
    explanation: str
    evidence: str
    has_evidence_file: bool
    entered_at: dt.datetime | None
    computed_at: dt.datetime | None


class ResultDetailOut(ResultOut):
    round: RoundOut
    of_count: int
    scores: list[ScoreOut]


def _require_view(request) -> None:
    if not request.user.has_capability(selectors.VIEW):
        raise Http404


def _scheme_out(scheme: Scheme) -> dict:
    return {"id": scheme.pk, "code": scheme.code, "name": scheme.name, "target_kind": scheme.target_kind,
            "source": scheme.source, "max_total": scheme.max_total,
            "feeds_township_ranking": scheme.feeds_township_ranking}


def _round_out(round_: Round) -> dict:
    return {"id": round_.pk, "name": round_.name, "year": round_.year, "starts_on": round_.starts_on,
            "ends_on": round_.ends_on, "status": round_.status, "scheme": _scheme_out(round_.scheme),
            "organization_id": round_.organization_id, "survey_id": round_.survey_id,
            "computed_at": round_.computed_at, "finalized_at": round_.finalized_at}


def _result_out(result) -> dict:
    return {"id": result.pk, "organization_id": result.organization_id, "member_id": result.member_id,
            "target": result.target_label, "total": result.total, "grade": result.grade_label, "rank": result.rank,
            "missed_basic_tasks": result.missed_basic_tasks, "rectification_id": result.rectification_id}


@router.get("/assessments/rounds", response=list[RoundOut])
@paginate(Page)
def list_assessment_rounds(request, year: Year | None = None, status: RoundStatus | None = None):
    _require_view(request)
    rounds = selectors.rounds_visible_to(request.user).prefetch_related("scheme__criteria")
    if year:
        rounds = rounds.filter(year=year)
    if status:
        rounds = rounds.filter(status=status)
    return rounds.order_by("-year", "-pk")  # a page of them is read through RoundOut


@router.get("/assessments/rounds/{pk}", response=RoundDetailOut)
def get_assessment_round(request, pk: Id):
    round_ = selectors.access_round(request.user, pk)
    results = (selectors.results_visible_to(request.user, round_).prefetch_related(None)
               .select_related(None).order_by("rank", "org_path", "pk"))
    return {**_round_out(round_), "targets": round_.results.count(), "results": [_result_out(r) for r in results]}


@router.get("/assessments/results/{pk}", response=ResultDetailOut)
def get_assessment_result(request, pk: Id):
    _require_view(request)
    result = selectors.access_result(request.user, pk)
    scores = sorted(result.scores.select_related("criterion"), key=lambda s: (s.criterion.order, s.pk))
    return {**_result_out(result), "round": _round_out(result.round), "of_count": result.round.results.count(),
            "scores": [{"criterion_code": s.criterion.code, "criterion": s.criterion.label,
                        "max_points": s.criterion.max_points, "method": s.criterion.method, "points": s.points,
                        "value": s.value, "explanation": s.explanation, "evidence": s.evidence,
                        "has_evidence_file": bool(s.evidence_file), "entered_at": s.entered_at,
                        "computed_at": s.computed_at} for s in scores]}
