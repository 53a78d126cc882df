"""Programs: criteria as data at application, review scores, the decision by the procedure, grants from the fund
whose balance is kept (a grant above it refused), recognitions adding an award that raises the level."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.fixtures import make_user
from zugong.core.access import DomainError
from zugong.core.policy import set_policy_value
from zugong.talent import services
from zugong.talent.models import Application, FundEntry, Level, Program, TalentFund
from zugong.talent.tests.conftest import make_talent

pytestmark = pytest.mark.django_db


def _round(admin, county, today, *, balance="300000", criteria=()):
    fund = TalentFund.objects.create(name="人才工作发展基金", organization=county.county)
    services.deposit(admin, fund, amount=balance, day=today, note="县财政拨入")
    program = Program.objects.create(name="高层次人才1123工程")
    round_ = services.create_round(admin, program=program, title="第一批", organization=county.county,
                                   opens_on=today - dt.timedelta(days=3), closes_on=today + dt.timedelta(days=3),
                                   fund=fund, criteria=criteria)
    return fund, round_


def _reviewed(admin, others, round_, talents_scores):
    """Each talent applies, the round goes to review, each is scored by the admin and ``others`` in turn."""
    applications = [services.apply(admin, round_, talent=talent, project="新材料项目", amount_requested="50000")
                    for talent, _scores in talents_scores]
    services.set_round_status(admin, round_, "reviewing", expected="open")
    for application, (_talent, scores) in zip(applications, talents_scores, strict=True):
        for reviewer, value in zip([admin, *others], scores, strict=False):
            services.score(reviewer, application, score=Decimal(value))
    return applications


def test_a_talent_below_the_criteria_is_refused_with_every_unmet_criterion(county, department_admin, today):
    _fund, round_ = _round(department_admin, county, today, criteria=(("min_level", "high"), ("max_age", "40")))
    talent = make_talent(department_admin, county.village, "王工", own_birth_date=dt.date(today.year - 50, 1, 1))
    with pytest.raises(DomainError) as refused:
        services.apply(department_admin, round_, talent=talent, project="项目")
    assert refused.value.message == ("「王工」不符合申报条件：人才层次须不低于高层次人才（现为一般人才）；"
                                     f"年龄须不超过40周岁（现为{talent.age_on(today)}）")
    assert Application.objects.count() == 0


def test_a_decision_needs_the_policy_scores_and_approval_the_pass_mark(county, department_admin, today):
    _fund, round_ = _round(department_admin, county, today)
    talent = make_talent(department_admin, county.village, degree="doctor")
    [application] = _reviewed(department_admin, [], round_, [(talent, ["90"])])
    with pytest.raises(DomainError) as refused:
        services.decide(department_admin, application, approve=True)
    assert refused.value.message == "评审评分只有 1 份，作出决定至少需要 3 份（政策规则）"
    set_policy_value(department_admin, "talent.review_min_scores", 2)
    reviewer = make_user("reviewer2", "department_admin", county.county)
    services.score(reviewer, application, score=Decimal("45"))  # mean (90 + 45) / 2 = 67.5 < 70
    with pytest.raises(DomainError) as refused:
        services.decide(department_admin, application, approve=True)
    assert refused.value.message == "平均评分 67.5 分，低于入选分数线 70 分（政策规则），不能决定入选"
    services.decide(department_admin, application, approve=False, note="评分未达入选分数线")
    application.refresh_from_db()
    assert application.status == Application.Status.REJECTED


def test_grants_keep_the_balance_and_one_above_it_is_refused(county, department_admin, today):
    fund, round_ = _round(department_admin, county, today, balance="80000")
    reviewers = [make_user(f"r{i}", "department_admin", county.county) for i in (1, 2)]
    first, second = _reviewed(department_admin, reviewers, round_, [
        (make_talent(department_admin, county.village, "甲", degree="doctor"), ["80", "85", "90"]),
        (make_talent(department_admin, county.village, "乙", degree="doctor"), ["75", "80", "85"])])
    for application in (first, second):
        services.decide(department_admin, application, approve=True)
    services.grant(department_admin, first, amount="50000", day=today)
    fund.refresh_from_db()
    assert fund.balance == Decimal("30000.00")  # 80,000 − 50,000
    with pytest.raises(DomainError) as refused:
        services.grant(department_admin, second, amount="50000", day=today)
    assert refused.value.message == "资助金额 50,000.00 元超过「人才工作发展基金」余额 30,000.00 元，未发放"
    fund.refresh_from_db()
    assert fund.balance == Decimal("30000.00")
    assert list(FundEntry.objects.order_by("pk").values_list("kind", "amount", "balance_after")) == [
        ("deposit", Decimal("80000.00"), Decimal("80000.00")), ("grant", Decimal("50000.00"), Decimal("30000.00"))]


def test_a_rejected_application_gets_no_grant(county, department_admin, today):
    set_policy_value(department_admin, "talent.review_min_scores", 1)
    _fund, round_ = _round(department_admin, county, today)
    [application] = _reviewed(department_admin, [], round_, [(make_talent(department_admin, county.village), ["50"])])
    services.decide(department_admin, application, approve=False)
    with pytest.raises(DomainError) as refused:
        services.grant(department_admin, application, amount="1000", day=today)
    assert refused.value.message == "该申报未入选，不能发放资助"


def test_a_township_operator_applies_but_cannot_review_the_county_round(county, department_admin,
                                                                         township_operator, today):
    _fund, round_ = _round(department_admin, county, today)
    talent = make_talent(township_operator, county.village, degree="doctor")
    application = services.apply(township_operator, round_, talent=talent, project="项目")
    services.set_round_status(department_admin, round_, "reviewing", expected="open")
    with pytest.raises(DomainError):
        services.score(township_operator, application, score=Decimal("90"))


def test_a_recognition_puts_an_award_on_the_talent_and_a_provincial_one_makes_it_high_level(
        client, county, department_admin, today):
    talent = make_talent(department_admin, county.village, "李师傅")
    recognition = services.create_recognition(department_admin, title="省级技能大师", year=today.year,
                                              level="provincial", organization=county.county, announced_on=today)
    services.recognize(department_admin, recognition, talent=talent, citation="技艺精湛")
    talent.refresh_from_db()
    assert talent.level == Level.HIGH
    assert list(talent.awards.values_list("title", "level")) == [("省级技能大师", "provincial")]
    client.force_login(department_admin)
    page = client.get(reverse("talent:recognition", args=[recognition.pk])).content.decode()
    assert "李师傅" in page and "技艺精湛" in page


def test_rural_evaluation_totals_the_criteria_and_grades_by_policy(county, department_admin):
    from zugong.talent.models import RuralCriterion
    from zugong.talent.tests.conftest import category

    talent = make_talent(department_admin, county.village, category=category("rural"))
    points = {c.pk: Decimal(c.max_points) - 3 for c in RuralCriterion.objects.all()}  # 100 − 5 × 3 = 85
    evaluation = services.evaluate_rural(department_admin, talent, year=2025, points=points)
    assert (evaluation.total, evaluation.grade) == (Decimal("85.0"), "first")
    points = {pk: value - 1 for pk, value in points.items()}  # 80
    evaluation = services.evaluate_rural(department_admin, talent, year=2025, points=points)
    assert (evaluation.total, evaluation.grade) == (Decimal("80.0"), "second")
    assert evaluation.scores.count() == 5
