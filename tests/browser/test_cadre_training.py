"""Cadres' training as the department's cadre section works it: a training recorded on a cadre's page (the leave
hours refused above 1/7, then corrected), the status following; the county's hours filtered to those short; a
class's roster filled by searching and ticking; the share of township leaders exchanged."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, shot
from tests.fixtures import PASSWORD
from zugong.cadres.models import Mobility, TrainingClass, TrainingRecord
from zugong.cadres.tests.test_training import attended, make_cadre

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_record_a_training_see_the_status_and_find_who_is_short(page, county, department_admin):
    today = dt.date.today()
    jan1 = dt.date(today.year, 1, 1)
    cadre = make_cadre(county.township, name="张建国", rank="section_head")
    met = make_cadre(county.village, name="李达标")
    attended(met, 96, jan1)
    make_cadre(county.county, name="王县长", rank="county_deputy")
    log_in(page, "admin", PASSWORD)
    page.goto(f"/cadres/{cadre.pk}/?tab=training")
    expect(page.get_by_test_id("training-status")).to_contain_text(f"{today.year}年度：已完成 0.0 学时，应完成 90.0 学时")
    expect(page.get_by_test_id("training-short")).to_have_text("尚差 90.0 学时")

    page.get_by_test_id("training-new").click()
    page.get_by_label("培训内容").fill("县委党校乡科级干部进修班")
    page.get_by_label("主办单位").fill("中共示范县委党校")
    page.get_by_label("方式").select_option(label="脱产")
    page.get_by_label("开始日期").fill(jan1.isoformat())
    page.get_by_label("结束日期").fill(jan1.isoformat())
    page.get_by_label(re.compile(r"^学时")).fill("80")
    page.get_by_label("请假学时").fill("12")
    page.get_by_label("学分").fill("8")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("field-error")).to_contain_text(
        "请假学时超过总学时的1/7：总学时80.0，脱产培训最多可请假11.4学时，填写为12.0学时（依据：《干部教育培训工作条例》（2023）")
    shot(page, "cadres-training-refused")
    assert not TrainingRecord.objects.filter(cadre=cadre).exists()
    page.get_by_label("请假学时").fill("10")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("alert")).to_contain_text("已登记张建国的培训「县委党校乡科级干部进修班」，80.0学时。")
    expect(page.get_by_test_id("training-records")).to_contain_text("县委党校乡科级干部进修班")
    expect(page.get_by_test_id("training-done")).to_have_text("70.0")
    expect(page.get_by_test_id("training-short")).to_have_text("尚差 20.0 学时")
    Mobility.objects.create(cadre=cadre, kind=Mobility.Kind.EXCHANGE, started_on=jan1, destination="南山镇党委副书记")
    page.reload()
    expect(page.get_by_test_id("mobility-records")).to_contain_text("南山镇党委副书记")
    shot(page, "cadres-training")

    page.get_by_role("link", name="全县培训学时").click()
    expect(page.get_by_test_id("figure-total")).to_have_text("3")
    expect(page.get_by_test_id("figure-short")).to_have_text("2")
    page.get_by_label("只看未达标").check()
    page.get_by_label("排序").select_option(label="按差额（大→小）")
    page.get_by_role("button", name="查询").click()
    rows = page.get_by_test_id("training-table").locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("王县长")  # 550 short in the cycle
    expect(rows.nth(1)).to_contain_text("张建国")
    expect(page.get_by_test_id("training-table")).not_to_contain_text("李达标")
    shot(page, "cadres-training-overview")


def test_fill_a_class_roster_by_searching_and_see_the_exchange_share(page, county, department_admin):
    today = dt.date.today()
    course = TrainingClass.objects.create(
        name=f"{today.year}年全县年轻干部培训班", kind=TrainingClass.Kind.YOUNG, organizer="中共示范县委组织部、县委党校",
        organization=county.county, started_on=dt.date(today.year, 1, 1), ended_on=dt.date(today.year, 1, 1),
        hours=Decimal(56))
    young = make_cadre(county.township, name="赵青年", birth=dt.date(today.year - 28, 1, 1))
    also = make_cadre(county.village, name="钱青年", birth=dt.date(today.year - 30, 1, 1))
    make_cadre(county.agency_branch, name="孙老成", birth=dt.date(today.year - 50, 1, 1))
    leader = make_cadre(county.township, name="周书记", rank="section_head", since=dt.date(2015, 1, 1))
    Mobility.objects.create(cadre=leader, kind=Mobility.Kind.EXCHANGE, started_on=dt.date(today.year, 1, 1),
                            destination="南山镇党委书记")
    log_in(page, "admin", PASSWORD)
    page.goto("/cadres/training/classes/")
    page.get_by_role("link", name=course.name).click()
    # The picker lists nobody until one searches; the server answers the words typed, in the user's scope.
    expect(page.get_by_test_id("roster-hint")).to_be_visible()
    page.get_by_label("只看35岁及以下").check()
    expect(page.get_by_label("赵青年")).to_be_visible()
    expect(page.get_by_label("孙老成")).to_have_count(0)
    page.get_by_test_id("roster-search").fill("赵青")
    expect(page.get_by_label("钱青年")).to_have_count(0)
    page.get_by_label("赵青年").check()
    page.get_by_test_id("roster-search").fill("钱")  # a ticked cadre stays ticked through the next search
    page.get_by_label("钱青年").check()
    expect(page.get_by_test_id("roster-chosen").get_by_role("checkbox")).to_have_count(2)
    page.get_by_test_id("roster-submit").click()
    expect(page.get_by_role("alert")).to_contain_text(f"已将2名干部加入「{course.name}」名单，每人记入56.0学时。")
    expect(page.get_by_test_id("roster")).to_contain_text("赵青年")
    expect(page.get_by_test_id("roster-size")).to_have_text("2")
    shot(page, "cadres-training-class")
    assert {r.cadre for r in course.records.all()} == {young, also}

    page.goto("/cadres/mobility/")
    expect(page.get_by_test_id("exchange-share")).to_contain_text("交流 1 人 / 共 2 人")
    expect(page.get_by_test_id("share")).to_have_text("50.00%")
    expect(page.get_by_test_id("exchanged")).to_contain_text("南山镇党委书记")
    shot(page, "cadres-mobility")
