"""Scope entries of the surveys API for `tests/test_scope.py` (see SURVEY_AREAS there)."""

from zugong.surveys.tests.factories import answer, make_group, make_survey

TARGETS: set[str] = {"api_survey"}


def endpoints(Endpoint, personas) -> list:  # noqa: N803  (the class is passed in: test_scope imports this module)
    viewers = personas["SURVEY_VIEWERS"]
    return [
        Endpoint("api:list_surveys", "GET", viewers, None),
        Endpoint("api:survey_results", "GET", viewers, "api_survey"),
    ]


def objects(target, org, users) -> dict:
    survey = make_survey(org)
    answer(survey, make_group(survey, org), {"M1": "好"}, times=3)
    return {"api_survey": survey}
