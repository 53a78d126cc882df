"""A branch records a study day, a pledge and points, and sees its members' scores and stars; the township sees care."""

import datetime as dt
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, shot
from tests.fixtures import PASSWORD
from zugong.development.evaluation import Grading, record_round
from zugong.development.models import AnnualEvaluation
from zugong.members.services import create_member
from zugong.members.tests.test_members import fields, id_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_a_branch_keeps_study_pledges_and_points(page, county, branch_secretary, full_members):
    year = dt.date.today().year
    log_in(page, "branch", PASSWORD)
    page.get_by_role("link", name="教育管理").click()
    page.get_by_text("登记学习日").click()
    page.get_by_test_id(f"study-new-{county.village.pk}").click()
    page.get_by_label("学习内容").fill("学习新修订的党章")
    page.locator("input[name=attendees]").and_(page.get_by_label("赵敏")).uncheck()
    page.get_by_role("button", name="确定").click()
    expect(page.get_by_role("alert").first).to_have_text("已登记学习日，出席 2/3 人。")
    expect(page.get_by_test_id("study-table")).to_contain_text("学习新修订的党章")

    page.goto(f"/members/{full_members[0].pk}/")
    page.get_by_role("link", name="公开承诺").click()
    page.get_by_label("承诺内容").fill("帮扶一户困难群众")
    page.get_by_role("button", name="确定").click()
    page.get_by_role("link", name="点评与评议").click()
    page.get_by_label("领导点评").fill("帮扶措施具体")
    page.get_by_label("群众评议").select_option(label="满意")
    page.get_by_label("是否践诺").select_option(label="已践诺")
    page.get_by_role("button", name="确定").click()
    expect(page.get_by_test_id("pledge-table")).to_contain_text("帮扶措施具体")

    page.goto(f"/members/{full_members[1].pk}/")
    page.get_by_role("link", name="登记积分").click()
    page.get_by_label("分数").fill("-5")
    page.get_by_role("button", name="确定").click()
    expect(page.get_by_test_id("field-error")).to_have_text("加分或扣分须写明事由")
    page.get_by_label("事由").fill("无故缺席主题党日")
    page.get_by_role("button", name="确定").click()
    expect(page.get_by_role("alert").first).to_have_text("已登记积分。")
    first = page.get_by_test_id(f"points-row-{full_members[0].pk}")
    expect(first).to_contain_text("出勤 1/1")
    expect(first).to_contain_text("践诺 1/1")
    expect(page.get_by_test_id(f"points-row-{full_members[1].pk}").get_by_test_id("points-total")).to_have_text("25.0")
    expect(page.get_by_test_id(f"points-row-{full_members[2].pk}").get_by_test_id("points-total")).to_have_text("0.0")
    shot(page, "education-points")
    assert str(year) in page.get_by_role("heading", level=1).inner_text()


def test_the_township_sees_who_is_eligible_for_care(page, county, department_admin, branch_secretary, township_operator):
    elder = create_member(department_admin, **fields(county.village, name="老张", id_number=id_for(dt.date(1950, 3, 1), 41),
                                                     joined_on=dt.date(1974, 7, 1), full_member_on=dt.date(1975, 7, 1)))
    record_round(branch_secretary, county.village, dt.date.today().year - 1, self_assessed_on=dt.date.today(),
                 mutually_evaluated_on=dt.date.today(), voted_on=dt.date.today(),
                 gradings=[Grading(elder, AnnualEvaluation.Grade.QUALIFIED)])
    log_in(page, "township", PASSWORD)
    page.goto("/education/care/")
    expect(page.get_by_test_id("care-eligible")).to_contain_text("老张")
    page.get_by_role("link", name="按月发放").click()
    page.get_by_role("button", name="确定").click()
    expect(page.get_by_role("alert").first).to_have_text("已发放关爱金 1 人。")
    expect(page.get_by_test_id("care-totals")).to_contain_text(str(Decimal("30.00")))
    shot(page, "education-care")
