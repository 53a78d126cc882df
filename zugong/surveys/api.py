"""API for survey results (民意调查接口): scores per organization and indicator, for other systems.

The same access layer as the pages: a survey the user covers, and only the organizations they cover;
an organization the report hides (too few responses) has no figures here either.
"""

from decimal import Decimal

from django.http import Http404
from ninja import Router, Schema

from zugong.core.api_types import Id
from zugong.surveys import scoring, selectors

router = Router(tags=["surveys"])


class SurveyOut(Schema):
    id: int
    name: str
    kind: str
    year: int
    status: str
    version: int
    organization_id: int


class IndicatorScoreOut(Schema):
    code: str
    name: str
    main: bool
    score: Decimal | None
    respondents: int | None


class OrganizationResultOut(Schema):
    organization_id: int
    name: str
    parent_id: int | None
    hidden: bool  # fewer responses than the policy minimum, or hidden so that no total gives one away
    responses: int | None
    indicators: list[IndicatorScoreOut]


class ResultsOut(Schema):
    survey: SurveyOut
    min_group_size: int
    rollup: str
    organizations: list[OrganizationResultOut]


def _survey_out(survey) -> dict:
    return {"id": survey.pk, "name": survey.name, "kind": survey.kind, "year": survey.year, "status": survey.status,
            "version": survey.version, "organization_id": survey.organization_id}


@router.get("/surveys", response=list[SurveyOut])
def list_surveys(request):
    if not request.user.has_capability("surveys.view"):
        raise Http404
    return [_survey_out(s) for s in selectors.surveys_visible_to(request.user).order_by("-year", "name", "pk")]


@router.get("/surveys/{pk}/results", response=ResultsOut)
def survey_results(request, pk: Id):
    survey = selectors.access_survey(request.user, pk)
    results = scoring.compute(survey)
    return {
        "survey": _survey_out(survey), "min_group_size": results.min_group,
        "rollup": "children_mean" if results.children_mean else "pooled",
        "organizations": [
            {"organization_id": node.pk, "name": node.organization.name,
             "parent_id": node.parent.pk if node.parent else None, "hidden": node.hidden,
             "responses": None if node.hidden else node.responses,
             "indicators": [{"code": i.code, "name": i.name, "main": i.level == "main", "score": node.score(i.pk),
                             "respondents": node.respondents(i.pk)} for i in results.indicators]}
            for node in selectors.shown_nodes(request.user, results)],
    }
