"""Anonymous by construction: what a response can and cannot lead to, codes used once, anonymity kept."""

import pytest
from django.contrib.auth import get_user_model
from django.db import models

from zugong.core.access import DomainError
from zugong.surveys import services
from zugong.surveys.models import Answer, Invitation, PaperSheet, Response, Survey
from zugong.surveys.tests.factories import answer, make_group, make_invitation, make_survey

# Every field and relation a response and an answer may have. A new one fails here on purpose: decide first
# whether it could lead to a person (an invitation, a user, an address, a time of day) — then it must not be added.
RESPONSE_FIELDS = {"id", "survey", "group", "submitted_on", "channel", "answers"}
ANSWER_FIELDS = {"id", "response", "question", "option", "text", "indicator", "score"}
LEADS_TO_A_PERSON = {get_user_model(), Invitation, PaperSheet}


@pytest.mark.parametrize(("model", "expected"), [(Response, RESPONSE_FIELDS), (Answer, ANSWER_FIELDS)])
def test_responses_hold_nothing_that_leads_to_a_person(model, expected):
    fields = model._meta.get_fields(include_hidden=True)
    assert {f.name for f in fields if not f.name.endswith("+")} == expected
    for field in fields:
        assert field.related_model not in LEADS_TO_A_PERSON, field
        assert not isinstance(field, (models.DateTimeField, models.TimeField, models.GenericIPAddressField)), field
    assert [f.name for f in Response._meta.concrete_fields if isinstance(f, models.DateField)] == ["submitted_on"]


def test_no_model_points_from_an_invitation_or_a_sheet_to_a_response():
    for model in (Invitation, PaperSheet):
        assert not [f for f in model._meta.get_fields() if f.related_model in (Response, Answer)], model


@pytest.fixture
def open_survey(county):
    survey = make_survey(county.county)
    group = make_group(survey, county.village)
    make_invitation(group, "ABCD2345")
    return survey


def _answers(survey):
    return {q.pk: (q.options.first().pk if q.kind != "text" else "") for q in survey.questions.all()}


def test_a_code_answers_once(open_survey):
    services.submit_online("abcd2345", _answers(open_survey))  # typed in lower case: still the code
    response = Response.objects.get()
    assert (response.channel, response.group.organization.name) == ("online", "东风村党支部")
    assert Invitation.objects.get().used
    with pytest.raises(DomainError) as refused:
        services.submit_online("ABCD2345", _answers(open_survey))
    assert refused.value.message == "此邀请码已经提交过答卷，每个邀请码只能使用一次"
    assert Response.objects.count() == 1 and Answer.objects.count() == 14  # 14 scale questions; the empty text is no answer


def test_unknown_code_and_closed_survey_are_refused(open_survey):
    with pytest.raises(DomainError, match="^邀请码无效，请核对后重新输入$"):
        services.submit_online("ZZZZ9999", _answers(open_survey))
    Survey.objects.update(status="closed")
    with pytest.raises(DomainError, match="^本调查未开始或已结束，不能提交$"):
        services.submit_online("ABCD2345", _answers(open_survey))
    assert not Response.objects.exists() and not Invitation.objects.get().used


def test_missing_answers_are_named_and_nothing_is_used(open_survey):
    raw = _answers(open_survey)
    first, second = list(open_survey.questions.order_by("number"))[:2]
    del raw[first.pk]
    raw[second.pk] = 999999
    with pytest.raises(DomainError) as refused:
        services.submit_online("ABCD2345", raw)
    assert refused.value.message == "第1题未作答；第2题的选项无效"
    assert not Response.objects.exists() and not Invitation.objects.get().used


def test_anonymity_cannot_be_switched_off_once_answered(county, department_admin, open_survey):
    services.update_survey(department_admin, open_survey, anonymous=True)  # unchanged: fine
    answer(open_survey, open_survey.groups.get(), {"M1": "好"})
    with pytest.raises(DomainError) as refused:
        services.update_survey(department_admin, open_survey, anonymous=False, name="改名")
    assert refused.value.message == "「组织工作满意度民意调查」已有答卷，匿名设置不能再更改。"
    open_survey.refresh_from_db()
    assert open_survey.anonymous and open_survey.name == "组织工作满意度民意调查"


def test_anonymous_codes_carry_no_names(county, department_admin, open_survey):
    with pytest.raises(DomainError, match="^匿名调查的邀请码不能记名$"):
        services.issue_invitations(department_admin, open_survey.groups.get(), invitees=["张三"])
    assert Invitation.objects.count() == 1
    made = services.issue_invitations(department_admin, open_survey.groups.get(), count=40)
    assert len({i.code for i in made}) == 40 and all(len(i.code) == 8 and not i.invitee for i in made)
    assert not set("01OIL") & set("".join(i.code for i in made))
