"""Decisions that race and pages submitted twice in surveys (并发与重复提交), run for real on PostgreSQL: two tellers
resolving one mismatch, one sheet number typed twice, a new version clicked twice, groups and codes issued twice,
a design edit meeting the first answer. Exactly one wins; the others are told why and change nothing."""

import pytest
from django.urls import reverse

from tests.concurrency import at_once, failures, needs_postgres
from tests.fixtures import make_user
from tests.same_page import logged_in, outcome, token_of
from zugong.accounts.capabilities import Role
from zugong.core.access import DomainError
from zugong.core.submissions import ALREADY_SUBMITTED
from zugong.surveys import services
from zugong.surveys.models import (
    Invitation,
    PaperSheet,
    Question,
    RespondentGroup,
    Response,
    Survey,
)
from zugong.surveys.tests.factories import make_group, make_invitation, make_survey

pytestmark = [needs_postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def survey(county):
    return make_survey(county.township)


@pytest.fixture
def group(survey, county):
    return make_group(survey, county.village, "members")


@pytest.fixture
def tellers(county, township_operator):
    return [township_operator] + [make_user(f"teller{n}", Role.OPERATOR, county.township, f"录入员{n}")
                                  for n in (2, 3)]


def raw(survey, pick: int = 0) -> dict[int, object]:
    """Every choice question answered with its option number ``pick`` (0: the first); text questions left empty."""
    chosen: dict[int, object] = {}
    for question in services.questions_of(survey):
        options = list(question.options.all())
        if question.kind == Question.Kind.SINGLE:
            chosen[question.pk] = options[min(pick, len(options) - 1)].pk
        elif question.kind == Question.Kind.MULTIPLE:
            chosen[question.pk] = [options[0].pk]
    return chosen


def _messages(results) -> list[str]:
    errors = failures(results)
    assert all(isinstance(e, DomainError) for e in errors), errors
    return sorted(e.message for e in errors)


def test_two_tellers_resolving_one_mismatch_at_once_store_it_once(survey, group, tellers):
    survey.double_entry = True
    survey.save()
    services.enter_paper_sheet(tellers[0], survey, group=group, number="0008", raw=raw(survey))
    sheet = services.enter_paper_sheet(tellers[1], survey, group=group, number="0008", raw=raw(survey, 1))
    assert sheet.status == PaperSheet.Status.MISMATCH
    results = at_once(*[lambda t=t: services.resolve_mismatch(t, PaperSheet.objects.get(pk=sheet.pk), group=group,
                                                              raw=raw(survey, 1))
                        for t in tellers[:2]])
    assert _messages(results) == ["问卷编号「0008」没有待处理的不一致"]
    assert Response.objects.count() == 1
    assert PaperSheet.objects.get().status == PaperSheet.Status.DONE


def test_one_sheet_number_typed_at_once_by_three_tellers_is_stored_once(survey, group, tellers):
    results = at_once(*[lambda t=t: services.enter_paper_sheet(t, survey, group=group, number="1001", raw=raw(survey))
                        for t in tellers])
    assert _messages(results) == ["问卷编号「1001」已经录入过"] * 2
    assert (PaperSheet.objects.count(), Response.objects.count()) == (1, 1)


def test_with_double_entry_two_first_entries_at_once_become_first_and_second(survey, group, tellers):
    survey.double_entry = True
    survey.save()
    results = at_once(*[lambda t=t: services.enter_paper_sheet(t, survey, group=group, number="1001", raw=raw(survey))
                        for t in tellers[:2]])
    assert not failures(results)
    sheet = PaperSheet.objects.get()
    assert sheet.status == PaperSheet.Status.DONE and {sheet.first_by, sheet.second_by} == set(tellers[:2])
    assert Response.objects.count() == 1


def test_a_new_version_clicked_twice_at_once_is_made_once(survey, department_admin):
    results = at_once(*[lambda: services.new_version(department_admin, survey)] * 2)
    assert len(_messages(results)) == 1
    assert _messages(results)[0].startswith("「组织工作满意度民意调查」已有尚未使用的新版本「组织工作满意度民意调查（第2版）」")
    assert list(Survey.objects.filter(previous_version=survey).values_list("version", flat=True)) == [2]


def test_a_group_added_twice_at_once_is_added_once(survey, county, department_admin, township_operator):
    results = at_once(*[lambda u=u: services.add_group(u, survey, organization=county.village, kind="public", quota=30)
                        for u in (department_admin, township_operator)])
    assert _messages(results) == ["「东风村党支部」的群众代表组已存在"]
    assert RespondentGroup.objects.filter(survey=survey, kind="public").count() == 1


def test_the_group_page_sent_by_two_people_at_once_is_a_message_not_a_500(survey, county, department_admin,
                                                                          township_operator):
    url = reverse("surveys:group_new", args=[survey.pk])
    data = {"organization": county.village.pk, "kind": "public", "quota": "30"}
    saved, pages = outcome(at_once(*[lambda u=u: logged_in(u).post(url, data)
                                     for u in (department_admin, township_operator)]))
    assert saved == 1 and "「东风村党支部」的群众代表组已存在" in pages[0]


def test_codes_issued_by_one_page_sent_twice_at_once_are_issued_once(survey, group, township_operator):
    url = reverse("surveys:invitations", args=[survey.pk, group.pk])
    page = logged_in(township_operator).get(reverse("surveys:groups", args=[survey.pk])).content.decode()
    token = token_of(page[page.index(url):])  # the token of this group's form
    clients = [logged_in(township_operator) for _ in range(2)]
    results = at_once(*[lambda c=c: c.post(url, {"count": "10", "invitees": "", "submission_token": token})
                        for c in clients])
    saved, pages = outcome(results)
    assert saved == 1 and ALREADY_SUBMITTED in pages[0]
    assert Invitation.objects.filter(group=group).count() == 10


def test_a_design_edit_and_the_first_answer_at_once_never_both_pass(survey, group, department_admin):
    """Once answered the design is frozen: either the answer waits and finds the design changed, or the edit finds
    the survey answered."""
    make_invitation(group, code="ABCD2345")
    question = survey.questions.get(number=1)
    answers = raw(survey)
    results = at_once(
        lambda: services.submit_online("ABCD2345", answers),
        lambda: services.save_question(department_admin, survey, section=question.section, text="新题目",
                                       kind="single", indicator=None, required=True,
                                       options=services.parse_options("是=100\n否=0"), question=question))
    refused = _messages(results)
    assert len(refused) == 1 and refused[0] in (
        "「组织工作满意度民意调查」已有答卷，题目、分值和匿名设置不能再修改；如需调整，请建立新版本。",
        services.DESIGN_CHANGED)
    answered = Response.objects.exists()
    assert answered == (refused[0] != services.DESIGN_CHANGED)
    assert Invitation.objects.get(code="ABCD2345").used == answered


def test_a_question_deleted_twice_at_once_is_deleted_once(county, department_admin):
    draft = make_survey(county.county, status="draft")
    question = draft.questions.get(number=3)
    results = at_once(*[lambda: services.delete_question(department_admin, draft, Question.objects.get(pk=question.pk))]
                      * 2)
    assert _messages(results) == ["第3题已删除，未重复办理"]
    assert list(draft.questions.values_list("number", flat=True)) == list(range(1, 15))
