"""Scope entries of the surveys' design pages for `tests/test_scope.py` (see SURVEY_AREAS there).

The survey is run by the persona's organization (or one outside it) with a cadres' group there; it is still
in design (三度测评's three indicators, so one more main indicator fits). The public answering pages are in
the test's ALLOWLIST (no login, no scope: the code is the key) and tested in `test_public.py`.
"""

import uuid

from zugong.surveys.tests.factories import make_group, make_invitation, make_survey

TARGETS: set[str] = {"design_survey", "design_group", "design_question"}


def endpoints(Endpoint, personas) -> list:  # noqa: N803  (the class is passed in: test_scope imports this module)
    viewers, managers = personas["SURVEY_VIEWERS"], personas["SURVEY_MANAGERS"]
    question = {"text": "您对本单位组织工作的评价是？", "kind": "single", "required": "on", "options": "好=100\n差=0\n不了解=不计分"}

    def group_kwargs(o):
        return {"pk": o["design_survey"].pk, "group_pk": o["design_group"].pk}

    def question_kwargs(o):
        return {"pk": o["design_survey"].pk, "question_pk": o["design_question"].pk}

    return [
        Endpoint("surveys:list", "GET", viewers, None),
        Endpoint("surveys:list", "GET", viewers, None, data=lambda o: {"year": "2026", "status": "draft"}, label=" filtered"),
        Endpoint("surveys:create", "GET", managers, None),
        Endpoint("surveys:create", "POST", managers, None, ok=(302,), data=lambda o: {
            "name": "作风满意度测评", "kind": "three_degree", "year": "2026", "organization": o["org"].pk,
            "anonymous": "on", "from_template": "on"}),
        Endpoint("surveys:detail", "GET", viewers, "design_survey"),
        Endpoint("surveys:edit", "GET", managers, "design_survey"),
        Endpoint("surveys:edit", "POST", managers, "design_survey", ok=(302,),
                 data=lambda o: {"name": "作风测评（改）", "year": "2026", "anonymous": "on"}),
        Endpoint("surveys:status", "POST", managers, "design_survey", ok=(302,), data=lambda o: {"status": "open"}),
        Endpoint("surveys:new_version", "POST", managers, "design_survey", ok=(302,)),
        Endpoint("surveys:cadre_questions", "POST", managers, "design_survey", ok=(302,)),
        Endpoint("surveys:indicator_new", "GET", managers, "design_survey"),
        Endpoint("surveys:indicator_new", "POST", managers, "design_survey", ok=(302,),
                 data=lambda o: {"code": "D4", "name": "公信度", "level": "main"}),
        Endpoint("surveys:section_new", "GET", managers, "design_survey"),
        Endpoint("surveys:section_new", "POST", managers, "design_survey", ok=(302,), data=lambda o: {"title": "二、补充"}),
        Endpoint("surveys:question_new", "GET", managers, "design_survey"),
        Endpoint("surveys:question_new", "POST", managers, "design_survey", ok=(302,),
                 data=lambda o: question | {"section": o["design_survey"].sections.get().pk}),
        Endpoint("surveys:question_edit", "GET", managers, "design_question", url_kwargs=question_kwargs),
        Endpoint("surveys:question_edit", "POST", managers, "design_question", ok=(302,), url_kwargs=question_kwargs,
                 data=lambda o: question | {"section": o["design_question"].section_id}),
        Endpoint("surveys:question_delete", "POST", managers, "design_question", ok=(302,), url_kwargs=question_kwargs),
        Endpoint("surveys:groups", "GET", viewers, "design_survey"),
        Endpoint("surveys:group_new", "POST", managers, "design_survey", ok=(302,),
                 data=lambda o: {"organization": o["org"].pk, "kind": "members", "quota": "30"}),
        Endpoint("surveys:groups_copy", "POST", managers, "design_survey", ok=(302,), data=lambda o: {
            "copy-source": o["design_last_year"].pk, "copy-submission_token": str(uuid.uuid4())}),
        # the persona's organization is a branch without children: refused with a message, nothing added
        Endpoint("surveys:groups_for_children", "POST", managers, "design_survey", data=lambda o: {
            "children-parent": o["org"].pk, "children-kind": "members", "children-quota": "10",
            "children-submission_token": str(uuid.uuid4())}),
        Endpoint("surveys:invitations", "POST", managers, "design_group", ok=(302,), url_kwargs=group_kwargs,
                 data=lambda o: {"count": "5"}),
        Endpoint("surveys:slips", "GET", managers, "design_group", url_kwargs=group_kwargs),
        Endpoint("surveys:links", "GET", managers, "design_group", url_kwargs=group_kwargs),
    ]


def objects(target, org, users) -> dict:
    survey = make_survey(org, name="组工干部形象三度测评", kind="three_degree", status="draft")
    group = make_group(survey, org)
    make_invitation(group, code=f"SCOPE{org.pk:03d}")
    last_year = make_survey(org, name="组工干部形象三度测评", kind="three_degree", year=2025, status="closed")
    make_group(last_year, org, "members")
    return {"design_survey": survey, "design_group": group, "design_question": survey.questions.first(),
            "design_last_year": last_year}
