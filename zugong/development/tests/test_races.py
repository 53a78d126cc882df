"""Development decisions that race (并发办理): the same step recorded twice, approval into the register twice,
probation extended twice, a case closed while a step is taken, an evaluation saved twice. Exactly one wins;
every loser gets a Chinese message and changes nothing."""

import datetime as dt
import functools

import pytest
import time_machine
from django.test import Client

from tests.concurrency import at_once, needs_postgres
from zugong.core.access import DomainError
from zugong.core.models import AuditEvent
from zugong.core.submissions import ALREADY_SUBMITTED
from zugong.development import services
from zugong.development.evaluation import Grading, record_round
from zugong.development.models import (
    AnnualEvaluation,
    DevelopmentCase,
    DevelopmentStep,
    EvaluationRound,
    StepRefusal,
)
from zugong.development.tests.test_procedure import APPLIED, DATES, by, extras, walk
from zugong.members.models import Member
from zugong.members.tests.test_members import id_for

K = DevelopmentStep.Kind
G = AnnualEvaluation.Grade
race = pytest.mark.django_db(transaction=True)
EVALUATION_DAYS = {"self_assessed_on": "2025-12-10", "mutually_evaluated_on": "2025-12-15", "voted_on": "2025-12-20"}


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def case(county, branch_secretary, township_operator):
    return services.open_case(
        branch_secretary, name="陈晓燕", id_number=id_for(dt.date(1998, 4, 2), 22), ethnicity="01",
        education="undergraduate", occupation="professional", organization=county.village, phone="13900000001",
        applied_on=APPLIED)


def copies(case: DevelopmentCase, n: int) -> list[DevelopmentCase]:
    return [DevelopmentCase.objects.get(pk=case.pk) for _ in range(n)]


def outcome(results: list) -> tuple[list, list[str]]:
    unexpected = [r for r in results if isinstance(r, BaseException) and not isinstance(r, DomainError)]
    assert not unexpected, f"a racing call failed with {unexpected[0]!r}"
    return ([r for r in results if not isinstance(r, BaseException)],
            sorted(r.message for r in results if isinstance(r, DomainError)))


def step_at_once(user, case, kind, n: int, full_members=(), day=None):
    return at_once(*[functools.partial(services.record_step, by(user, kind), copy, kind, day or DATES[kind],
                                       **extras(kind, list(full_members))) for copy in copies(case, n)])


@needs_postgres
@race
def test_the_same_step_recorded_four_times_at_once_is_recorded_once(case, branch_secretary):
    winners, losers = outcome(step_at_once(branch_secretary, case, K.TALK, 4))
    assert len(winners) == 1
    assert losers == ["「党组织派人谈话」已于2023年3月20日办理，不能重复办理"] * 3
    assert case.steps.filter(kind=K.TALK).count() == 1
    assert not StepRefusal.objects.exists(), "a double click is not an attempt to hurry"


@needs_postgres
@race
def test_a_review_recorded_twice_at_once_for_the_same_day_is_recorded_once(case, branch_secretary, full_members):
    walk(branch_secretary, case, full_members, until=K.CANDIDATE_CHOSEN)  # one cultivation review taken
    winners, losers = outcome(step_at_once(branch_secretary, case, K.CULTIVATION, 2, day=dt.date(2024, 4, 1)))
    assert len(winners) == 1
    assert losers == ["「培养教育考察」2024年4月1日的记录已经登记，不能重复登记"]
    assert case.steps.filter(kind=K.CULTIVATION).count() == 2


@needs_postgres
@race
def test_approval_twice_at_once_puts_one_member_in_the_register(case, branch_secretary, full_members):
    walk(branch_secretary, case, full_members, until=K.APPROVAL)
    members_before = Member.objects.count()
    winners, losers = outcome(step_at_once(branch_secretary, case, K.APPROVAL, 2))
    assert len(winners) == 1
    assert losers == ["「上级党委审批」已于2024年8月1日办理，不能重复办理"]
    case.refresh_from_db()
    assert Member.objects.count() == members_before + 1
    assert case.member.name == "陈晓燕" and case.member.periods.count() == 1


@needs_postgres
@race
def test_probation_extended_twice_at_once_is_extended_once(case, branch_secretary, full_members):
    walk(branch_secretary, case, full_members, until=K.CONFIRMATION_APPLICATION)
    results = at_once(*[functools.partial(services.extend_probation, branch_secretary, copy, months=6,
                                          reason="学习不够", decided_on=dt.date(2025, 6, 1)) for copy in copies(case, 2)])
    winners, losers = outcome(results)
    assert len(winners) == 1
    assert len(losers) == 1 and losers[0].startswith("预备期已延长过一次（6个月），只能延长一次")
    case.refresh_from_db()
    assert (case.extension_months, case.probation_ends_on) == (6, dt.date(2026, 1, 1))
    assert AuditEvent.objects.filter(object_id=str(case.pk), message__contains="延长预备期").count() == 1


@needs_postgres
@race
def test_a_case_closed_twice_at_once_is_closed_once(case, branch_secretary):
    results = at_once(*[functools.partial(services.close_case, branch_secretary, copy, reason=reason)
                        for copy, reason in zip(copies(case, 2), ("本人撤回", "不予发展"), strict=True)])
    winners, losers = outcome(results)
    assert len(winners) == 1
    assert losers == ["该档案已终止，未作更改"]
    case.refresh_from_db()
    assert case.closed_reason == winners[0].closed_reason


@needs_postgres
@race
def test_a_probationer_cancelled_twice_at_once_leaves_the_register_once(case, branch_secretary, full_members):
    walk(branch_secretary, case, full_members, until=K.CONFIRMATION_APPLICATION)
    results = at_once(*[functools.partial(services.close_case, branch_secretary, copy, reason="违反纪律")
                        for copy in copies(case, 2)])
    winners, losers = outcome(results)
    assert len(winners) == 1 and losers == ["该档案取消预备党员资格，未作更改"]
    case.refresh_from_db()
    assert case.member.status == Member.Status.PROBATION_CANCELLED
    assert case.member.periods.filter(end_reason="probation_cancelled").count() == 1


@needs_postgres
@race
def test_a_step_taken_while_the_case_is_closed_leaves_one_story(case, branch_secretary):
    closing, stepping = copies(case, 2)
    results = at_once(lambda: services.close_case(branch_secretary, closing, reason="本人撤回"),
                      lambda: services.record_step(branch_secretary, stepping, K.TALK, DATES[K.TALK]))
    winners, losers = outcome(results)
    case.refresh_from_db()
    assert case.status == DevelopmentCase.Status.WITHDRAWN
    if losers:  # closed first: the step is refused
        assert losers == ["该档案已终止，不能再办理"]
        assert not case.steps.filter(kind=K.TALK).exists()
    else:  # the step first, then the closing: both happened, in that order
        events = list(AuditEvent.objects.filter(subject_id=str(case.pk)).order_by("pk").values_list("message", flat=True))
        assert events.index("党组织派人谈话（2023年3月20日）") < events.index("本人撤回")


@needs_postgres
@race
def test_the_same_application_registered_twice_at_once_opens_one_case(county, branch_secretary):
    person = {"name": "陈晓燕", "id_number": id_for(dt.date(1998, 4, 2), 22), "ethnicity": "01",
              "education": "undergraduate", "occupation": "professional", "organization": county.village,
              "applied_on": APPLIED}
    winners, losers = outcome(at_once(*[functools.partial(services.open_case, branch_secretary, **person)
                                        for _ in range(2)]))
    assert len(winners) == 1
    assert losers == ["该身份证号已有正在进行的发展党员档案"]
    assert DevelopmentCase.objects.count() == 1 and DevelopmentStep.objects.count() == 1


# --- the democratic evaluation ----------------------------------------------------------------------------------


def evaluation_post(full_members, token: str) -> dict:
    return {**EVALUATION_DAYS, "submission_token": token, "loaded": "False",
            **{f"grade_{m.pk}": G.QUALIFIED for m in full_members}}


@needs_postgres
@race
def test_the_evaluation_form_sent_twice_at_once_saves_once(county, branch_secretary, full_members):
    url = f"/development/evaluations/{county.village.pk}/2025/"
    pages = [Client() for _ in range(2)]
    for page in pages:
        page.force_login(branch_secretary)
    token = pages[0].get(url).context["form"]["submission_token"].value()
    responses = at_once(*[functools.partial(page.post, url, evaluation_post(full_members, token)) for page in pages])
    assert sorted(r.status_code for r in responses) == [200, 302]
    refused = next(r for r in responses if r.status_code == 200)
    assert refused.context["form"].non_field_errors() == [ALREADY_SUBMITTED]
    round_ = EvaluationRound.objects.get()
    assert AuditEvent.objects.filter(message__startswith="2025年民主评议").count() == 1
    assert round_.results.count() == 3


def test_the_evaluation_form_sent_again_saves_nothing_more(county, branch_secretary, full_members, client):
    client.force_login(branch_secretary)
    url = f"/development/evaluations/{county.village.pk}/2025/"
    page = client.get(url)
    assert 'name="submission_token"' in page.content.decode()
    token = page.context["form"]["submission_token"].value()
    assert client.post(url, evaluation_post(full_members, token)).status_code == 302
    again = client.post(url, evaluation_post(full_members, token))
    assert again.context["form"].non_field_errors() == [ALREADY_SUBMITTED]
    assert AuditEvent.objects.filter(message__startswith="2025年民主评议").count() == 1


@needs_postgres
@race
def test_two_people_saving_a_new_evaluation_at_once_do_not_overwrite_each_other(county, branch_secretary,
                                                                                 full_members):
    days = {k: dt.date.fromisoformat(v) for k, v in EVALUATION_DAYS.items()}
    grades = [[Grading(m, G.QUALIFIED) for m in full_members],
              [Grading(m, G.EXCELLENT if i == 0 else G.QUALIFIED) for i, m in enumerate(full_members)]]
    results = at_once(*[functools.partial(record_round, branch_secretary, county.village, 2025, gradings=g,
                                          replacing=False, **days) for g in grades])
    winners, losers = outcome(results)
    assert len(winners) == 1
    assert losers == ["东风村党支部2025年的民主评议已由他人保存，未作更改；请重新打开本页，在其基础上修改"]
    assert EvaluationRound.objects.count() == 1 and AnnualEvaluation.objects.count() == 3


# --- constraints: the database's refusal is a Chinese message on the page, never a 500 -------------------------


def test_a_step_recorded_meanwhile_is_a_message_on_the_page(case, branch_secretary, client, monkeypatch):
    services.record_step(branch_secretary, case, K.TALK, DATES[K.TALK])
    monkeypatch.setattr(services, "_check_not_taken", lambda case, kind, day: None)
    monkeypatch.setattr(services, "timing_refusal", lambda *args: None)
    client.force_login(branch_secretary)
    response = client.post(f"/development/{case.pk}/steps/{K.TALK}/", {"done_on": "2023-03-21"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["该步骤已经登记（可能是他人刚刚登记），未作更改，请刷新页面查看"]
    assert case.steps.filter(kind=K.TALK).count() == 1


def test_an_application_registered_meanwhile_is_a_message_on_the_page(case, county, branch_secretary, client,
                                                                      monkeypatch):
    monkeypatch.setattr(services, "_check_no_open_case", lambda number: None)
    client.force_login(branch_secretary)
    response = client.post("/development/new/", {
        "name": "陈晓燕", "id_number": case.id_number, "ethnicity": "01", "education": "undergraduate",
        "occupation": "professional", "organization": county.village.pk, "applied_on": "2023-03-10"})
    assert response.status_code == 200
    assert response.context["form"].errors["id_number"] == ["该身份证号已有正在进行的发展党员档案"]
    assert DevelopmentCase.objects.count() == 1


def test_an_evaluation_saved_meanwhile_is_a_message_on_the_page(county, branch_secretary, full_members, client,
                                                               monkeypatch):
    from zugong.development import evaluation

    days = {k: dt.date.fromisoformat(v) for k, v in EVALUATION_DAYS.items()}
    record_round(branch_secretary, county.village, 2025, gradings=[Grading(m, G.QUALIFIED) for m in full_members],
                 **days)
    monkeypatch.setattr(evaluation, "_locked_round", lambda organization, year: None)
    client.force_login(branch_secretary)
    page = client.get(f"/development/evaluations/{county.village.pk}/2025/")
    token = page.context["form"]["submission_token"].value()
    response = client.post(f"/development/evaluations/{county.village.pk}/2025/", evaluation_post(full_members, token))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "该支部这一年度的民主评议已由他人保存，未作更改；请重新打开本页，在其基础上修改"]
    assert EvaluationRound.objects.count() == 1
