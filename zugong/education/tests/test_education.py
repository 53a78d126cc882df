"""Study days, pledges, the 100-point score and stars, the care allowance: what each computes and refuses."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from zugong.core.access import DomainError
from zugong.core.checks import run_checks
from zugong.core.models import Finding
from zugong.core.policy import set_policy_value
from zugong.dues.models import DuesPayment
from zugong.education import services
from zugong.education.models import CarePayment, PointsEntry, ScoreItem
from zugong.education.selectors import care_eligibility, stars_for, year_scores
from zugong.members.models import Member
from zugong.members.services import create_member
from zugong.members.tests.test_members import fields, id_for

TODAY = dt.date(2026, 11, 20)


def test_the_default_scheme_adds_up_to_100_and_a_change_must_too(department_admin, items):
    assert sum(ScoreItem.objects.values_list("max_points", flat=True)) == 100
    points = {item: item.max_points for item in ScoreItem.objects.all()}
    points[items["attendance"]] = 35
    with pytest.raises(DomainError) as error:
        services.set_scheme(department_admin, points)
    assert error.value.message == "各项分值合计应为100分，现为105分"
    assert ScoreItem.objects.get(pk=items["attendance"].pk).max_points == 30
    points[items["entered"]] -= 5
    services.set_scheme(department_admin, points)
    assert ScoreItem.objects.get(pk=items["attendance"].pk).max_points == 35


def test_a_year_score_is_computed_from_attendance_dues_and_pledges_and_entered_points(
        county, branch_secretary, full_members, items):
    li, wang, zhao = full_members
    for member in full_members:
        member.dues_from = dt.date(2026, 1, 1)
        member.save()
    for month in range(1, 11):  # 李红 paid every month on time; 王强 paid late in the month after
        DuesPayment.objects.create(member=li, month=dt.date(2026, month, 1), amount=1, due_amount=1,
                                   paid_on=dt.date(2026, month, 5), organization=county.village)
        DuesPayment.objects.create(member=wang, month=dt.date(2026, month, 1), amount=1, due_amount=1,
                                   paid_on=dt.date(2026, month, 1) + dt.timedelta(days=40), organization=county.village)
    for day in (dt.date(2026, 3, 6), dt.date(2026, 6, 5), dt.date(2026, 9, 4), dt.date(2026, 10, 9)):
        services.record_study_session(branch_secretary, county.village, held_on=day, topic="学习党章",
                                      attendees=[li, wang] if day.month != 10 else [li])
    pledge = services.record_pledge(branch_secretary, li, year=2026, content="帮扶一户困难群众")
    services.review_pledge(branch_secretary, pledge, leader_comment="落实到位", public_review="satisfied", kept=True)
    entered = [i for i in ScoreItem.objects.filter(source="entered")]
    for item in entered:
        services.enter_points(branch_secretary, li, year=2026, item=item, points=Decimal(item.max_points))
    services.enter_points(branch_secretary, wang, year=2026, item=None, points=Decimal("-5"), reason="无故缺席主题党日")

    rows = {row.member.name: row for row in year_scores(county.village, 2026, TODAY)}
    by_item = {s.item.source: s for s in rows["王强"].items if s.item.source != "entered"}
    assert (by_item["attendance"].points, by_item["attendance"].basis) == (Decimal("22.5"), "出勤 3/4")
    assert (by_item["dues"].points, by_item["dues"].basis) == (Decimal("0.0"), "按月交纳 0/11")
    assert rows["李红"].total == Decimal("30") + Decimal("18.2") + Decimal("20") + Decimal("30")
    assert rows["王强"].total == Decimal("17.5") and rows["赵敏"].total == Decimal("0")
    assert (rows["李红"].rank, rows["王强"].rank, rows["赵敏"].rank) == (1, 2, 3)
    assert rows["李红"].stars == 5 and rows["王强"].stars == 0


def test_stars_follow_the_policy_thresholds(department_admin):
    assert [stars_for(Decimal(p)) for p in (95, 90, 89.9, 80, 70, 60, 50, 49)] == [5, 5, 4, 4, 3, 2, 1, 0]
    set_policy_value(department_admin, "education.star_5_points", "95")
    assert stars_for(Decimal(90)) == 4


@pytest.mark.parametrize(("item_source", "points", "reason", "message"), [
    ("entered", "16", "", "「志愿服务」应在 0–15 分之间，收到 16"),
    (None, "-5", " ", "加分或扣分须写明事由"),
    (None, "0", "表现好", "加分或扣分不能为0"),
])
def test_wrong_points_are_refused(item_source, points, reason, message, branch_secretary, full_members, items):
    item = ScoreItem.objects.get(name="志愿服务") if item_source else None
    with pytest.raises(DomainError) as error:
        services.enter_points(branch_secretary, full_members[0], year=2026, item=item, points=Decimal(points),
                              reason=reason)
    assert error.value.message == message
    assert not PointsEntry.objects.exists()


def test_a_pledge_is_judged_kept_only_after_the_public_review(branch_secretary, full_members, outsider):
    pledge = services.record_pledge(branch_secretary, full_members[0], year=2026, content="调解邻里纠纷")
    with pytest.raises(DomainError) as error:
        services.review_pledge(branch_secretary, pledge, leader_comment="好", public_review="", kept=True)
    assert error.value.message == "认定是否践诺前，请先登记群众评议结果"
    with pytest.raises(DomainError):
        services.record_pledge(outsider, full_members[0], year=2026, content="越权")


def test_care_eligibility_follows_the_policy_and_says_why_not(elders):
    found = {e.member.name: e for e in care_eligibility(Member.objects.all(), TODAY)}
    assert found["老张"].eligible and found["老张"].since == dt.date(2020, 3, 1)
    assert found["老李"].reasons == ["党龄不满30年"]
    assert found["老王"].reasons == ["有工资收入"]
    assert found["老赵"].eligible and found["老赵"].since == dt.date(2026, 11, 5)
    assert "李红" not in found  # under 70


def test_the_care_allowance_is_paid_monthly_to_the_eligible_only(county, branch_secretary, elders):
    with pytest.raises(DomainError) as error:
        services.pay_care_allowance(branch_secretary, county.village, dt.date(2026, 11, 1),
                                    [elders["老张"], elders["老王"]], TODAY)
    assert error.value.message == "老王不符合关爱金发放条件"
    assert not CarePayment.objects.exists()
    paid = services.pay_care_allowance(branch_secretary, county.village, dt.date(2026, 11, 1), [elders["老张"]], TODAY)
    assert [p.amount for p in paid] == [Decimal(30)]
    with pytest.raises(DomainError) as error:
        services.pay_care_allowance(branch_secretary, county.village, dt.date(2026, 11, 1), [elders["老张"]], TODAY)
    assert error.value.message == "老张2026年11月的关爱金已发放"


def test_a_member_newly_eligible_this_month_is_a_finding(elders):
    run_checks(today=TODAY, codes=["education.care_newly_eligible"])
    assert list(Finding.objects.values_list("title", flat=True)) == ["老赵自2026-11-05起符合党组织关爱金发放条件"]


def test_the_care_page_lists_the_eligible_and_the_totals(client, county, township_operator, branch_secretary, elders):
    services.pay_care_allowance(branch_secretary, county.village, dt.date(2026, 11, 1), [elders["老张"]], TODAY)
    services.record_visit(branch_secretary, elders["老张"], visited_on=TODAY, visitor="村支书")
    services.grant_mutual_aid(branch_secretary, elders["老李"], granted_on=TODAY, amount=Decimal(500), reason="因病")
    client.force_login(township_operator)
    page = client.get(reverse("education:care")).content.decode()
    assert 'data-testid="care-eligible-count">2<' in page
    assert "党龄不满30年" in page
    totals = client.get(reverse("education:care"), {"year": 2026}).context["totals"]
    assert [(t.organization.name, t.allowance_people, t.allowance_total, t.aid_total, t.visited) for t in totals] == [
        ("东风村党支部", 1, Decimal("30.00"), Decimal("500.00"), 1), ("西岭村党支部", 0, Decimal(0), Decimal(0), 0)]


def test_the_plaques_list_holds_members_at_or_above_the_policy_stars(client, county, branch_secretary,
                                                                     department_admin, full_members):
    for item in ScoreItem.objects.all():
        services.enter_points(branch_secretary, full_members[0], year=2026, item=item, points=Decimal(item.max_points))
        services.enter_points(branch_secretary, full_members[1], year=2026, item=item,
                              points=Decimal(item.max_points) * Decimal("0.7"))
    client.force_login(department_admin)
    book = openpyxl.load_workbook(io.BytesIO(client.get(reverse("education:plaques"), {"year": 2026}).content))
    rows = list(book.active.iter_rows(min_row=2, values_only=True))
    assert rows == [("东风村党支部", "李红", 100.0, "★★★★★", 1)]


def test_branches_are_ranked_by_their_members_mean_score(client, county, branch_secretary, department_admin,
                                                         full_members):
    other = create_member(department_admin, **fields(county.village2, name="孙立", id_number=id_for(dt.date(1970, 5, 5), 7)))
    for item in ScoreItem.objects.all():
        services.enter_points(branch_secretary, full_members[0], year=2026, item=item, points=Decimal(item.max_points))
        services.enter_points(department_admin, other, year=2026, item=item, points=Decimal(item.max_points) / 2)
    client.force_login(department_admin)
    ranking = client.get(reverse("education:points"), {"organization": county.township.pk, "year": 2026}).context[
        "ranking"]
    assert [(r.organization.name, r.members, r.mean, r.starred, r.rank) for r in ranking] == [
        ("西岭村党支部", 1, Decimal("50.0"), 0, 1), ("东风村党支部", 3, Decimal("33.3"), 1, 2)]


def test_the_grades_that_count_as_passed_for_the_care_allowance_are_a_policy(elders, branch_secretary,
                                                                             department_admin, county):
    from zugong.core.policy import REGISTRY, set_policy_value
    from zugong.development.evaluation import Grading, record_round
    from zugong.development.models import AnnualEvaluation

    G = AnnualEvaluation.Grade
    grades = {"老张": G.BASICALLY_QUALIFIED, "老赵": G.EXCELLENT}
    record_round(branch_secretary, county.village, 2026, self_assessed_on=dt.date(2026, 11, 1),
                 mutually_evaluated_on=dt.date(2026, 11, 2), voted_on=dt.date(2026, 11, 3),
                 gradings=[Grading(m, grades.get(m.name, G.QUALIFIED)) for m in
                           Member.objects.active().filter(organization=county.village)])
    policy = REGISTRY["education.care_lowest_passing_grade"]
    assert (policy.default, policy.unit) == (2, "（等次）") and "关爱金" in policy.source

    def verdicts():
        found = {e.member.name: e for e in care_eligibility(Member.objects.all(), TODAY)}
        return found["老张"].reasons, found["老赵"].eligible, found["老李"].reasons

    assert verdicts() == (["2026年民主评议为“基本合格”，未达到“合格”"], True, ["党龄不满30年"])
    set_policy_value(department_admin, "education.care_lowest_passing_grade", 3)
    assert verdicts() == ([], True, ["党龄不满30年"])
    set_policy_value(department_admin, "education.care_lowest_passing_grade", 1)
    assert verdicts()[0] == ["2026年民主评议为“基本合格”，未达到“优秀”"]
    found = {e.member.name: e for e in care_eligibility(Member.objects.all(), TODAY)}
    assert found["老赵"].eligible and not found["老李"].eligible
