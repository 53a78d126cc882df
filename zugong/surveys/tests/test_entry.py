"""Paper questionnaire entry (纸质问卷录入) through its pages: single entry, double entry by two tellers, the
mismatch resolved from the paper, and every refusal with its message and nothing written."""

import html

import pytest
from django.urls import reverse

from tests.fixtures import make_user
from zugong.accounts.capabilities import Role
from zugong.surveys.models import Answer, Option, PaperSheet, Question, Response
from zugong.surveys.services import questions_of
from zugong.surveys.tests.factories import make_group, make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(county):
    return make_survey(county.township)


@pytest.fixture
def group(survey, county):
    return make_group(survey, county.village, "members")


@pytest.fixture
def teller2(county):
    return make_user("teller2", Role.OPERATOR, county.township, "东风镇录入员")


def typed(survey, group, number="1001", **digits) -> dict:
    """What a teller types: ``q3="4"`` for question 3; every other choice question "1", text questions empty."""
    data = {"group": group.pk, "number": number}
    for question in questions_of(survey):
        default = "" if question.kind == Question.Kind.TEXT else "1"
        data[f"q{question.pk}"] = digits.get(f"q{question.number}", default)
    return data


def enter(client, user, survey, data):
    client.force_login(user)
    return client.post(reverse("surveys:paper", args=[survey.pk]), data, follow=True)


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def written() -> tuple:
    return (Response.objects.count(), Answer.objects.count(),
            list(PaperSheet.objects.order_by("pk").values_list("number", "status", "second_by_id")))


def test_single_entry_stores_a_response_and_keeps_the_group(client, survey, group, township_operator):
    response = enter(client, township_operator, survey, typed(survey, group, q2="2", q5="5"))
    assert response.redirect_chain[-1][0] == f"{reverse('surveys:paper', args=[survey.pk])}?group={group.pk}"
    text = page_text(response)
    assert "问卷编号「1001」已入库" in text
    stored = Response.objects.get()
    assert (stored.group, stored.channel) == (group, Response.Channel.PAPER)
    chosen = {a.question.number: a.option.label for a in stored.answers.select_related("question", "option")}
    assert chosen[1] == "好" and chosen[2] == "较好" and chosen[5] == "不了解"
    assert PaperSheet.objects.get().status == PaperSheet.Status.DONE
    form = response.context["form"]
    assert form["group"].value() == group.pk and form["number"].value() is None  # a blank form, the group kept
    assert response.context["counts"]["today"] == 1


def test_double_entry_needs_a_second_teller_with_the_same_answers(client, survey, group, township_operator, teller2):
    survey.double_entry = True
    survey.save()
    response = enter(client, township_operator, survey, typed(survey, group))
    assert "问卷编号「1001」已保存第一次录入，等待另一名录入员第二次录入" in page_text(response)
    assert Response.objects.count() == 0
    assert PaperSheet.objects.get().status == PaperSheet.Status.AWAITING_SECOND
    assert response.context["counts"]["awaiting"] == 1 and response.context["counts"]["awaiting_others"] == 0

    before = written()
    response = enter(client, township_operator, survey, typed(survey, group))
    assert response.context["form"].errors["number"] == ["问卷编号「1001」的第二次录入须由另一名录入员完成"]
    assert written() == before

    response = enter(client, teller2, survey, typed(survey, group))
    assert "问卷编号「1001」已入库" in page_text(response)
    assert Response.objects.count() == 1
    sheet = PaperSheet.objects.get()
    assert (sheet.status, sheet.second_by) == (PaperSheet.Status.DONE, teller2)


def test_a_mismatch_is_listed_first_and_resolved_once(client, survey, group, township_operator, teller2):
    survey.double_entry = True
    survey.save()
    enter(client, township_operator, survey, typed(survey, group, number="0007"))
    enter(client, township_operator, survey, typed(survey, group, number="0008"))
    response = enter(client, teller2, survey, typed(survey, group, number="0008", q2="3"))
    assert "问卷编号「0008」两次录入不一致，已列入待核对" in page_text(response)
    assert response.context["counts"]["mismatch"] == 1
    assert Response.objects.count() == 0

    sheets = client.get(reverse("surveys:sheets", args=[survey.pk]))
    assert [s.number for s in sheets.context["page"]] == ["0008", "0007"]  # the mismatch first
    assert ("mismatch", "两次录入不一致", 1) in sheets.context["statuses"]
    sheet = PaperSheet.objects.get(number="0008")
    url = reverse("surveys:sheet_resolve", args=[survey.pk, sheet.pk])
    page = client.get(url)
    differing = [row["question"].number for row in page.context["rows"] if row["differs"]]
    assert differing == [2]
    text = page_text(page)
    assert "1 好" in text and "3 一般" in text
    assert page.context["form"]["q" + str(questions_of(survey)[1].pk)].value() == "1"  # prefilled: first entry

    response = client.post(url, typed(survey, group, number="", q2="3"), follow=True)
    assert "问卷编号「0008」已按原件核定并入库" in page_text(response)
    stored = Response.objects.get()
    assert stored.answers.get(question__number=2).option.label == "一般"
    assert PaperSheet.objects.get(pk=sheet.pk).status == PaperSheet.Status.DONE

    before = written()
    again = client.post(url, typed(survey, group, number=""))
    assert again.context["form"].non_field_errors() == ["问卷编号「0008」没有待处理的不一致"]
    assert written() == before


def test_a_digit_out_of_range_is_refused_on_its_input_and_nothing_is_saved(client, survey, group, township_operator):
    response = enter(client, township_operator, survey, typed(survey, group, q3="6", q4="12"))
    errors = response.context["form"].errors
    assert errors["q" + str(questions_of(survey)[2].pk)] == ["第3题：只能输入1—5"]
    assert errors["q" + str(questions_of(survey)[3].pk)] == ["第4题：单选题只能输入一个数字（1—5）"]
    assert written() == (0, 0, [])


def test_a_required_question_left_empty_is_refused(client, survey, group, township_operator):
    response = enter(client, township_operator, survey, typed(survey, group, q1=""))
    assert response.context["form"].errors["q" + str(questions_of(survey)[0].pk)] == ["第1题未作答"]
    assert written() == (0, 0, [])


def test_multiple_choice_takes_the_digits_of_every_chosen_option(client, survey, group, township_operator):
    question = Question.objects.create(survey=survey, section=survey.sections.first(), number=16, text="您通过哪些渠道了解组织工作？",
                                       kind=Question.Kind.MULTIPLE, required=False)
    labels = ["报刊", "网站", "会议", "其他"]
    Option.objects.bulk_create(Option(question=question, label=label, order=i) for i, label in enumerate(labels, 1))
    enter(client, township_operator, survey, typed(survey, group, q16="31"))
    assert sorted(Answer.objects.filter(question=question).values_list("option__label", flat=True)) == ["会议", "报刊"]
    response = enter(client, township_operator, survey, typed(survey, group, number="1002", q16="15"))
    assert response.context["form"].errors[f"q{question.pk}"] == ["第16题：只能输入1—4"]
    assert Response.objects.count() == 1


def test_a_survey_that_is_not_open_refuses_entry(client, survey, group, township_operator):
    survey.status = "closed"
    survey.save()
    response = enter(client, township_operator, survey, typed(survey, group))
    assert response.context["form"].errors["number"] == ["本调查未开始或已结束，不能录入"]
    assert "本调查未开始或已结束，不能录入。" in page_text(response)
    assert written() == (0, 0, [])


def test_a_number_already_entered_is_refused(client, survey, group, township_operator):
    enter(client, township_operator, survey, typed(survey, group))
    before = written()
    response = enter(client, township_operator, survey, typed(survey, group, q1="2"))
    assert response.context["form"].errors["number"] == ["问卷编号「1001」已经录入过"]
    assert written() == before


def test_groups_outside_the_tellers_scope_are_not_offered(client, survey, group, county, outsider, township_operator):
    other = make_group(survey, county.other_village, "members")
    client.force_login(township_operator)
    page = client.get(reverse("surveys:paper", args=[survey.pk]))
    assert list(page.context["form"].fields["group"].queryset) == [group]
    response = enter(client, township_operator, survey, typed(survey, other))
    assert response.context["form"].errors["group"] == ["所选调查对象组不在可选范围内"]
    assert written() == (0, 0, [])


def test_a_different_group_is_a_mismatch_too(client, survey, group, county, township_operator, teller2):
    survey.double_entry = True
    survey.save()
    cadres = make_group(survey, county.village2, "cadres")
    enter(client, township_operator, survey, typed(survey, group))
    enter(client, teller2, survey, typed(survey, cadres))
    sheet = PaperSheet.objects.get()
    assert sheet.status == PaperSheet.Status.MISMATCH
    page = client.get(reverse("surveys:sheet_resolve", args=[survey.pk, sheet.pk]))
    assert page.context["group_rows"] == {"first": group, "second": cadres, "differs": True}
    assert not any(row["differs"] for row in page.context["rows"])
    client.post(reverse("surveys:sheet_resolve", args=[survey.pk, sheet.pk]), typed(survey, cadres, number=""))
    assert Response.objects.get().group == cadres
