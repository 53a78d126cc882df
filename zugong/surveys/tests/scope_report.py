"""Scope entries of the surveys' report pages for `tests/test_scope.py` (see SURVEY_AREAS there).

`objects(target, org, users)` makes this area's targets in the persona's organization (or outside it): a survey
run by that organization, asking its own cadres, with a dozen answered questionnaires.
"""

from zugong.surveys.tests.factories import answer, make_group, make_survey

TARGETS: set[str] = {"report_survey"}


def endpoints(Endpoint, personas) -> list:  # noqa: N803  (the class is passed in: test_scope imports this module)
    viewers, managers = personas["SURVEY_VIEWERS"], personas["SURVEY_MANAGERS"]

    def average(o):
        return {f"avg-{o['report_survey'].indicators.get(code='M1').pk}-national": "75.17"}

    return [
        Endpoint("surveys:report", "GET", viewers, "report_survey"),
        Endpoint("surveys:report", "GET", viewers, "report_survey", data=lambda o: {"org": o["org"].pk},
                 label=" org", ),
        Endpoint("surveys:report_docx", "GET", viewers, "report_survey", data=lambda o: {"org": o["org"].pk}),
        Endpoint("surveys:averages", "GET", managers, "report_survey"),
        Endpoint("surveys:averages", "POST", managers, "report_survey", ok=(302,), data=average),
    ]


def objects(target, org, users) -> dict:
    if target != "report_survey":
        return {}
    survey = make_survey(org, name="满意度调查（范围测试）")
    answer(survey, make_group(survey, org), {"M1": "好", "M2": "较好"}, times=12)
    return {"report_survey": survey}
