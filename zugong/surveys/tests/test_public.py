"""The public answering pages: no login, only the survey's questions, a code used once, nothing kept of the request."""

import html
import logging
import re

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from zugong.core.models import AuditEvent
from zugong.surveys.models import Answer, Invitation, Question, Response
from zugong.surveys.tests.factories import make_group, make_invitation, make_survey

pytestmark = pytest.mark.django_db

CODE = "ABCD2345"
USED = "此邀请码已经提交过答卷，每个邀请码只能使用一次"


@pytest.fixture
def survey(county):
    return make_survey(county.county, name="2026年组织工作满意度民意调查", status="open")


@pytest.fixture
def group(survey, county):
    group = make_group(survey, county.village)
    make_invitation(group, CODE)
    return group


def text(response) -> str:
    return html.unescape(response.content.decode())


def answer_url(code=CODE) -> str:
    return reverse("survey_public:answer", args=[code])


def filled(survey, skip=()) -> dict:
    """Every question answered: the first option of each choice question, a sentence for the text one."""
    data = {}
    for question in survey.questions.prefetch_related("options"):
        if question.number in skip:
            continue
        if question.kind == Question.Kind.TEXT:
            data[f"q{question.pk}"] = "希望多听取基层意见"
        else:
            data[f"q{question.pk}"] = str(question.options.all()[0].pk)
    return data


def test_the_answer_page_shows_only_this_surveys_questions_and_no_link(client, county, survey, group):
    other = make_survey(county.county, name="另一项换届风气测评", kind="election_conduct")
    make_invitation(make_group(other, county.village2), "ZZZZ9999")
    response = client.get(answer_url())
    assert response.status_code == 200
    page = text(response)
    for question in survey.questions.all():
        assert f"{question.number}. {question.text}" in page
    assert "本调查采取无记名方式" in page  # the design's intro
    assert "<a " not in page, "the public page links nowhere"
    forms = re.findall(r'<form[^>]*action="([^"]*)"', page)
    assert forms == [answer_url()]
    for elsewhere in ("另一项换届风气测评", "示范县委", "东风村党支部", "东风镇党委", "退出", "组织工作平台", "ZZZZ9999"):
        assert elsewhere not in page
    assert 'type="radio"' in page and "<textarea" in page


def test_the_code_page_takes_a_code_typed_in_lower_case_and_refuses_an_unknown_one(client, group):
    page = text(client.get(reverse("survey_public:start")))
    assert "请输入邀请码" in page and "<a " not in page
    response = client.post(reverse("survey_public:start"), {"code": " abcd2345 "})
    assert response.status_code == 302 and response["Location"] == answer_url()
    response = client.post(reverse("survey_public:start"), {"code": "WXYZ7777"})
    assert response.status_code == 200 and "邀请码无效，请核对后重新输入" in text(response)
    response = client.get(answer_url("WXYZ7777"))
    assert response.status_code == 404 and "邀请码无效，请核对后重新输入" in text(response)
    assert "请输入邀请码" in text(client.post(reverse("survey_public:start"), {"code": ""}))


def test_a_code_works_once(client, survey, group):
    response = client.post(answer_url(), filled(survey))
    assert response.status_code == 302 and response["Location"] == reverse("survey_public:done")
    assert "提交成功，感谢您的参与！" in text(client.get(response["Location"]))
    assert Response.objects.count() == 1 and Invitation.objects.get(code=CODE).used
    assert Answer.objects.count() == 15
    response = client.post(answer_url(), filled(survey))
    assert response.status_code == 200 and USED in text(response)
    assert Response.objects.count() == 1 and Answer.objects.count() == 15
    assert USED in text(client.get(answer_url()))
    assert USED in text(client.get(answer_url(), follow=True))


@pytest.mark.parametrize("status", ["closed", "draft"])
def test_a_survey_that_is_not_open_takes_no_answers(client, survey, group, status):
    survey.status = status
    survey.save()
    page = text(client.get(answer_url()))
    assert "本调查未开始或已结束" in page and "提交问卷" not in page
    assert "本调查未开始或已结束" in text(client.post(answer_url(), filled(survey)))
    assert not Response.objects.exists() and not Invitation.objects.get(code=CODE).used


def test_a_required_question_unanswered_is_named_and_the_answers_stay(client, survey, group):
    data = filled(survey, skip=(3, 5))
    response = client.post(answer_url(), data)
    page = text(response)
    assert response.status_code == 200
    assert "第3题未作答；第5题未作答" in page
    first = survey.questions.get(number=1)
    assert re.search(rf'name="q{first.pk}"[^>]*value="{data[f"q{first.pk}"]}" checked', page)
    assert "希望多听取基层意见</textarea>" in page
    third = survey.questions.get(number=3)
    assert not re.search(rf'name="q{third.pk}"[^>]*checked', page)
    assert not Response.objects.exists() and not Invitation.objects.get(code=CODE).used
    assert client.post(answer_url(), filled(survey)).status_code == 302


def test_an_option_of_another_question_is_refused(client, survey, group):
    data = filled(survey)
    first, second = survey.questions.get(number=1), survey.questions.get(number=2)
    data[f"q{first.pk}"] = str(second.options.first().pk)
    assert "第1题的选项无效" in text(client.post(answer_url(), data))
    assert not Response.objects.exists()


def test_the_response_written_holds_only_survey_group_day_and_channel(client, survey, group, today):
    client.post(answer_url(), filled(survey))
    fields = {f.name for f in Response._meta.concrete_fields}
    assert fields == {"id", "survey", "group", "submitted_on", "channel"}
    row = Response.objects.values("survey_id", "group_id", "submitted_on", "channel").get()
    assert row == {"survey_id": survey.pk, "group_id": group.pk, "submitted_on": today, "channel": "online"}
    m1 = Answer.objects.get(question__number=1)
    assert (m1.option.label, m1.score, m1.indicator.code) == ("好", 100, "M1")


def test_answering_needs_no_login_writes_no_session_and_keeps_no_address(client, survey, group, caplog):
    events = AuditEvent.objects.count()
    with caplog.at_level(logging.DEBUG):
        responses = [client.get(reverse("survey_public:start")),
                     client.post(reverse("survey_public:start"), {"code": CODE}),
                     client.get(answer_url()), client.post(answer_url(), filled(survey)),
                     client.get(reverse("survey_public:done"))]
    assert [r.status_code for r in responses] == [200, 302, 200, 302, 200]
    assert [dict(r.cookies) for r in responses] == [{}] * 5  # no session, no CSRF cookie: nothing to follow

    assert not Session.objects.exists()
    assert "127.0.0.1" not in caplog.text
    assert AuditEvent.objects.count() == events


def test_a_multiple_choice_question_takes_several_options(client, survey, group):
    section = survey.sections.last()
    question = Question.objects.create(survey=survey, section=section, number=16, text="您通过哪些渠道了解组织工作？",
                                       kind=Question.Kind.MULTIPLE, required=True)
    paper, web, meeting = (question.options.create(label=label, order=i) for i, label in
                           enumerate(("报刊", "网站", "会议"), 1))
    data = filled(survey)
    page = text(client.get(answer_url()))
    assert f'type="checkbox" name="q{question.pk}"' in page and "可多选" in page
    data[f"q{question.pk}"] = [str(paper.pk), str(meeting.pk)]
    assert client.post(answer_url(), data).status_code == 302
    assert sorted(Answer.objects.filter(question=question).values_list("option__label", flat=True)) == ["会议", "报刊"]
    assert web.answers.count() == 0


def test_answering_works_where_csrf_is_enforced_and_sets_no_cookie(survey, group):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    response = browser.post(answer_url(), filled(survey))
    assert response.status_code == 302 and not response.cookies
    assert Response.objects.count() == 1
