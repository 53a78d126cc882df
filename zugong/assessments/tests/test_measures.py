"""Measures read the records zugong already keeps, and a scheme turns them into points (hand-computed here)."""

import datetime as dt
from decimal import Decimal

import pytest

from zugong.assessments import services
from zugong.assessments.models import Scheme, Score
from zugong.complaints.models import Report
from zugong.core.access import DomainError
from zugong.core.policy import set_policy_value
from zugong.development.models import DevelopmentCase, DevelopmentStep
from zugong.education.models import PointsEntry, ScoreItem
from zugong.members.services import create_member
from zugong.members.tests.test_members import fields, id_for
from zugong.statistics.models import VillageIncome
from zugong.surveys.tests.factories import answer, make_group, make_survey

pytestmark = pytest.mark.django_db
START, END = dt.date(2025, 1, 1), dt.date(2025, 12, 31)


def scored(round_, organization, code: str) -> tuple:
    s = Score.objects.get(result__round=round_, result__organization=organization, criterion__code=code)
    return s.value, s.points, s.explanation


def test_development_reports_and_income_of_a_village(county, department_admin):
    case = DevelopmentCase.objects.create(name="李四", id_number="x", gender="male", birth_date=dt.date(2000, 1, 1),
                                          education="college", occupation="worker", organization=county.village)
    DevelopmentStep.objects.create(case=case, kind=DevelopmentStep.Kind.APPROVAL, done_on=dt.date(2025, 5, 1))
    Report.objects.create(number="12380-2025-0001", year=2025, serial=1, channel=Report.Channel.LETTER,
                          received_on=dt.date(2025, 3, 1), person_name="赵六", unit=county.village, content="x",
                          outcome=Report.Outcome.PARTLY, concluded_on=dt.date(2025, 6, 1))
    Report.objects.create(number="12380-2025-0002", year=2025, serial=2, channel=Report.Channel.LETTER,
                          received_on=dt.date(2025, 3, 1), person_name="钱七", unit=county.village, content="x",
                          outcome=Report.Outcome.FALSE, concluded_on=dt.date(2025, 6, 1))
    VillageIncome.objects.create(village=county.village_unit, year=2025, amount=Decimal("12.50"))
    round_ = services.open_round(department_admin, Scheme.objects.get(code="five_good_village"), county.township,
                                 year=2025, starts_on=START, ends_on=END)

    assert scored(round_, county.village, "development") == (Decimal(1), Decimal("10.0"),
                                                             "考核期内发展党员1名（上级党委审批）")
    assert scored(round_, county.village2, "development")[1] == Decimal("0.0")
    assert scored(round_, county.village, "reports_found") == (Decimal(1), Decimal("5.0"),
                                                               "考核期内12380举报经核查属实或部分属实1件")
    assert scored(round_, county.village, "collective_income") == (Decimal("12.50"), Decimal("20.0"),
                                                                   "东风村2025年度集体经济收入12.50万元")
    assert scored(round_, county.village2, "collective_income") == (None, None, "没有2025年度村级集体经济收入记录")


def test_five_star_member_reads_the_education_stars_and_follows_their_policy(county, department_admin):
    member = create_member(department_admin, **fields(county.village, name="李红", id_number=id_for(dt.date(1970, 1, 1))))
    for item, points in zip(ScoreItem.objects.order_by("order"), ("25", "20", "20", "15", "5"), strict=True):
        PointsEntry.objects.create(member=member, year=2025, item=item, points=Decimal(points))
    five_star = Scheme.objects.get(code="five_star_member")
    round_ = services.open_round(department_admin, five_star, county.village, year=2025, starts_on=START, ends_on=END)
    assert scored(round_, county.village, "stars") == (Decimal(4), Decimal("48.0"), "2025年度百分制积分85.0分，4星")

    set_policy_value(department_admin, "education.star_4_points", "86")  # the education rule decides the stars
    services.compute_round(department_admin, round_)
    assert scored(round_, county.village, "stars") == (Decimal(3), Decimal("36.0"), "2025年度百分制积分85.0分，3星")


def test_the_secretaries_evaluation_is_read_from_the_linked_survey(county, department_admin):
    survey = make_survey(county.county, year=2025)
    group = make_group(survey, county.township)
    answer(survey, group, {"M1": "好", "M2": "好", "M3": "好", "M4": "较好"}, times=10)
    round_ = services.open_round(department_admin, Scheme.objects.get(code="secretary_report"), county.county,
                                 year=2025, starts_on=START, ends_on=END, survey=survey)

    assert scored(round_, county.township, "evaluation") == (Decimal("95.00"), Decimal("66.5"),
                                                             "「组织工作满意度民意调查」主要指标平均得分95.00分")
    assert scored(round_, county.other_township, "evaluation") == (
        None, None, "「组织工作满意度民意调查」中该对象无得分（未参加或样本不足）")
    assert {r.target_label for r in round_.results.all()} == {"东风镇党委书记", "南山镇党委书记", "县直机关工委书记"}


def test_a_survey_outside_the_assessors_scope_is_refused(county, township_operator):
    survey = make_survey(county.other_township, year=2025)
    with pytest.raises(DomainError) as refused:
        services.open_round(township_operator, Scheme.objects.get(code="five_good_village"), county.township,
                            year=2025, starts_on=START, ends_on=END, survey=survey)
    assert (refused.value.message, refused.value.field) == ("您无权查看测评问卷「组织工作满意度民意调查」", "survey")
