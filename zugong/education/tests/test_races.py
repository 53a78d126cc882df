"""Decisions that race and pages submitted twice (并发与重复提交) in education and care, run for real on PostgreSQL:
exactly one wins, the others are told why in Chinese and change nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.concurrency import at_once, failures, needs_postgres
from tests.same_page import logged_in, outcome, post_at_once, token_of
from zugong.branchlife.models import Attendance
from zugong.branchlife.study_days import study_days
from zugong.core.access import DomainError
from zugong.core.models import AuditEvent
from zugong.core.submissions import ALREADY_SUBMITTED
from zugong.education import services
from zugong.education.models import (
    CarePayment,
    CareVisit,
    MutualAidGrant,
    Pledge,
    PointsEntry,
    ScoreItem,
)
from zugong.education.tests.test_education import TODAY

pytestmark = [needs_postgres, pytest.mark.django_db(transaction=True)]
NOVEMBER = dt.date(2026, 11, 1)


def _messages(results) -> list[str]:
    errors = failures(results)
    assert all(isinstance(e, DomainError) for e in errors), errors
    return sorted(e.message for e in errors)


def test_a_month_of_care_paid_three_times_at_once_is_paid_once(county, branch_secretary, elders):
    results = at_once(*[lambda: services.pay_care_allowance(branch_secretary, county.village, NOVEMBER,
                                                            [elders["老张"]], TODAY)] * 3)
    assert _messages(results) == ["老张2026年11月的关爱金已发放"] * 2
    assert CarePayment.objects.filter(member=elders["老张"], month=NOVEMBER).count() == 1


def test_the_care_page_sent_at_once_by_two_people_pays_once_and_tells_the_other(county, branch_secretary,
                                                                                 township_operator, elders):
    url = reverse("education:care_pay", args=[county.village.pk])
    data = {"month": "2026-11", "paid_on": "2026-11-20", "members": [elders["老张"].pk]}
    results = at_once(*[lambda u=u: logged_in(u).post(url, data) for u in (branch_secretary, township_operator)])
    saved, pages = outcome(results)
    assert saved == 1 and "老张2026年11月的关爱金已发放" in pages[0]
    assert CarePayment.objects.count() == 1


@pytest.mark.parametrize(("name", "data", "model"), [
    ("aid_new", {"granted_on": "2026-11-20", "amount": "500", "reason": "因病住院"}, MutualAidGrant),
    ("visit_new", {"visited_on": "2026-11-20", "visitor": "村支书", "note": "送去慰问品"}, CareVisit),
    ("pledge_new", {"year": "2026", "content": "帮扶一户困难群众"}, Pledge),
    ("points_entry", {"year": "2026", "item": "", "points": "-5", "reason": "无故缺席主题党日"}, PointsEntry),
])
def test_a_member_form_submitted_twice_at_once_saves_once(name, data, model, branch_secretary, full_members):
    responses = post_at_once(branch_secretary, reverse(f"education:{name}", args=[full_members[0].pk]), data)
    saved, pages = outcome(responses)
    assert saved == 1 and ALREADY_SUBMITTED in pages[0]
    assert model.objects.count() == 1


def test_a_study_day_submitted_twice_at_once_is_recorded_once(county, branch_secretary, full_members):
    data = {"held_on": "2026-11-20", "topic": "学习党章", "attendees": [m.pk for m in full_members]}
    responses = post_at_once(branch_secretary, reverse("education:study_new", args=[county.village.pk]), data, 3)
    saved, pages = outcome(responses)
    assert saved == 1 and all(ALREADY_SUBMITTED in page for page in pages)
    assert study_days().count() == 1
    assert Attendance.objects.filter(meeting=study_days().get(), status=Attendance.Status.PRESENT).count() == 3


def test_an_item_entered_at_once_by_three_people_is_kept_once(branch_secretary, township_operator,
                                                              department_admin, full_members):
    """An entered item's points replace an earlier entry; entered at the same moment, the constraint decides and
    the others are told (one that starts after another's commit replaces it, as a later entry would)."""
    item = ScoreItem.objects.get(name="志愿服务")
    results = at_once(*[lambda u=u, p=p: services.enter_points(u, full_members[0], year=2026, item=item,
                                                               points=Decimal(p))
                        for u, p in ((branch_secretary, 10), (township_operator, 12), (department_admin, 14))])
    assert set(_messages(results)) <= {"「志愿服务」2026年的积分刚刚已由他人登记，本次未保存；请刷新页面查看后再修改"}
    [kept] = PointsEntry.objects.filter(item=item)
    assert kept.points in {r.points for r in results if isinstance(r, PointsEntry)}


def test_the_points_page_of_one_item_sent_at_once_by_two_people_is_a_message_not_a_500(
        branch_secretary, township_operator, full_members):
    item = ScoreItem.objects.get(name="志愿服务")
    url = reverse("education:points_entry", args=[full_members[0].pk])
    people = [(user, token_of(logged_in(user).get(url).content.decode())) for user in (branch_secretary,
                                                                                         township_operator)]
    results = at_once(*[lambda u=u, t=t: logged_in(u).post(
        url, {"year": "2026", "item": item.pk, "points": "10", "reason": "", "submission_token": t})
        for u, t in people])
    saved, others = outcome(results)  # never a 500; at the same moment the second is told (else it replaces)
    assert saved >= 1 and all("「志愿服务」2026年的积分刚刚已由他人登记" in page for page in others)
    assert PointsEntry.objects.filter(item=item).count() == 1


def test_two_reviews_of_one_pledge_at_once_one_decides(branch_secretary, township_operator, full_members):
    pledge = services.record_pledge(branch_secretary, full_members[0], year=2026, content="调解邻里纠纷")
    seen = services.review_version(pledge)
    results = at_once(  # each request loads its own copy of the pledge
        lambda: services.review_pledge(branch_secretary, Pledge.objects.get(pk=pledge.pk), leader_comment="落实到位",
                                       public_review="satisfied", kept=True, seen=seen),
        lambda: services.review_pledge(township_operator, Pledge.objects.get(pk=pledge.pk), leader_comment="尚未落实",
                                       public_review="dissatisfied", kept=False, seen=seen))
    assert _messages(results) == [services.REVIEW_CHANGED]
    pledge.refresh_from_db()
    winner = next(r for r in results if isinstance(r, Pledge))
    assert (pledge.kept, pledge.leader_comment) == (winner.kept, winner.leader_comment)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE, object_id=str(pledge.pk)).count() == 1


def test_two_scheme_edits_at_once_one_wins_and_the_scheme_adds_up_to_100(department_admin):
    seen = services.scheme_version()
    first, second = ({item.name: item for item in ScoreItem.objects.all()} for _page in range(2))  # two pages
    first_points = {item: {"参加组织生活和学习": 35, "志愿服务": 10}.get(name, item.max_points) for name, item in first.items()}
    second_points = {item: {"按时足额交纳党费": 25, "志愿服务": 10}.get(name, item.max_points)
                     for name, item in second.items()}
    results = at_once(lambda: services.set_scheme(department_admin, first_points, seen=seen),
                      lambda: services.set_scheme(department_admin, second_points, seen=seen))
    assert _messages(results) == [services.SCHEME_CHANGED]
    assert sum(ScoreItem.objects.values_list("max_points", flat=True)) == 100
