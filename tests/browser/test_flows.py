"""Each foundation flow as a person clicks through it in Debian's chromium."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, shot
from tests.fixtures import PASSWORD
from zugong.core.checks import run_checks
from zugong.core.dates import add_months
from zugong.core.models import AuditEvent
from zugong.organizations.models import Election, Organization
from zugong.organizations.services import record_election

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def _elect(user, org, elected_on, secretary="王建国"):
    return record_election(
        user, org, elected_on=elected_on, seats=3, candidates_count=4,
        elected=[(secretary, "secretary"), ("刘芳", "member"), ("陈军", "member")],
    )


def test_login_shows_dashboard_with_findings_for_own_scope(page, county, township_operator, outsider, department_admin, today):
    _elect(department_admin, county.village, add_months(today, -12 * 5 + 2))  # ends in 2 months
    _elect(department_admin, county.other_village, add_months(today, -12 * 5 - 1))  # overdue
    run_checks()
    log_in(page, "township", PASSWORD)
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()
    findings = page.get_by_test_id("findings")
    expect(findings).to_contain_text("东风村党支部任期将于")
    expect(findings).to_contain_text("西岭村党支部没有换届选举记录")
    expect(findings).not_to_contain_text("南山村党支部")
    expect(page.get_by_test_id("org-total")).to_have_text("3")
    shot(page, "dashboard-township")


def test_repeated_wrong_passwords_lock_the_account_with_a_clear_message(page, township_operator):
    for remaining in (4, 3, 2, 1):
        log_in(page, "township", "wrong-password")
        expect(page.get_by_test_id("login-error")).to_have_text(f"用户名或密码错误。再错 {remaining} 次将暂停登录。")
    log_in(page, "township", "wrong-password")
    expect(page.get_by_test_id("login-error")).to_contain_text("因连续 5 次密码错误，该账户已暂停从您所在的地址登录")
    log_in(page, "township", PASSWORD)
    expect(page.get_by_test_id("login-error")).to_contain_text("已暂停从您所在的地址登录")
    shot(page, "login-locked")


def test_tree_drill_down_and_search(page, county, department_admin):
    log_in(page, "admin", PASSWORD)
    page.get_by_role("link", name="组织体系").first.click()
    tree = page.get_by_test_id("org-tree")
    expect(tree).to_contain_text("示范县委")
    page.get_by_test_id(f"toggle-{county.county.pk}").click()
    expect(tree.get_by_role("link", name="东风镇党委")).to_be_visible()
    page.get_by_test_id(f"toggle-{county.township.pk}").click()
    expect(tree.get_by_role("link", name="东风村党支部")).to_be_visible()
    shot(page, "tree-expanded")
    tree.get_by_role("link", name="东风村党支部").click()
    expect(page.get_by_test_id("org-name")).to_contain_text("东风村党支部")
    crumbs = page.get_by_test_id("breadcrumbs")
    expect(crumbs).to_contain_text("示范县委")
    expect(crumbs).to_contain_text("东风镇党委")
    expect(page.get_by_test_id("org-units")).to_contain_text("东风村")
    shot(page, "organization-detail")
    crumbs.get_by_role("link", name="东风镇党委").click()
    expect(page.get_by_test_id("org-name")).to_contain_text("东风镇党委")
    page.goto("/organizations/")
    page.get_by_placeholder("按名称搜索党组织").fill("南山")
    page.get_by_role("button", name="搜索").click()
    results = page.get_by_test_id("search-results")
    expect(results).to_contain_text("南山镇党委")
    expect(results).to_contain_text("南山村党支部")
    expect(results).not_to_contain_text("东风")


def test_township_operator_creates_and_moves_with_refusal(page, county, township_operator):
    log_in(page, "township", PASSWORD)
    page.goto(f"/organizations/{county.township.pk}/")
    page.get_by_role("link", name="新建下级组织").click()
    page.get_by_label("名称").fill("东风镇机关党总支")
    page.get_by_label("组织类别").select_option(label="党总支")
    page.get_by_label("所属领域").select_option(label="机关")
    page.get_by_role("button", name="确定").click()
    expect(page.get_by_test_id("org-name")).to_contain_text("东风镇机关党总支")
    created = Organization.objects.get(name="东风镇机关党总支")

    # Moving the township under its own new general branch is refused and changes nothing.
    page.goto(f"/organizations/{county.township.pk}/")
    expect(page.get_by_role("link", name="调整隶属")).to_have_count(0)  # top of their scope: parent not theirs
    page.goto(f"/organizations/{county.village.pk}/move/")
    page.get_by_label("调整到（新的上级党组织）").select_option(label="　　东风镇机关党总支")
    page.get_by_role("button", name="确定").click()
    expect(page.get_by_test_id("org-name")).to_contain_text("东风村党支部")
    county.village.refresh_from_db()
    assert county.village.parent_id == created.pk

    page.goto(f"/organizations/{created.pk}/move/")
    page.get_by_label("调整到（新的上级党组织）").select_option(label="　　东风镇机关党总支")
    page.get_by_role("button", name="确定").click()
    expect(page.get_by_test_id("field-error")).to_have_text(
        "不能把「东风镇机关党总支」调整到它自己或它的下级组织「东风镇机关党总支」之下"
    )
    shot(page, "move-refused")
    created.refresh_from_db()
    assert created.parent_id == county.township.pk

    page.goto(f"/organizations/{created.pk}/")
    history = page.get_by_test_id("history")
    expect(history).to_contain_text("东风镇组织委员")
    expect(history).to_contain_text("新建")


def test_recording_an_election_restarts_the_term(page, county, township_operator, department_admin, today):
    _elect(department_admin, county.village, add_months(today, -12 * 5 - 3))
    run_checks()
    log_in(page, "township", PASSWORD)
    page.goto(f"/organizations/{county.village.pk}/")
    expect(page.get_by_test_id("term-status")).to_have_text("已超期未换届")
    expect(page.get_by_test_id("org-findings")).to_contain_text("尚未换届")
    page.get_by_role("link", name="登记换届选举", exact=True).click()
    elected_on = today - dt.timedelta(days=1)
    page.get_by_label("选举日期").fill(elected_on.isoformat())
    page.get_by_label("应选名额").fill("3")
    page.get_by_label("候选人数").fill("4")
    page.locator("#id_elected-0-name").fill("赵明")
    page.locator("#id_elected-0-position").select_option(label="书记")
    page.locator("#id_elected-1-name").fill("孙丽")
    page.locator("#id_elected-1-position").select_option(label="委员")
    shot(page, "election-form")
    page.get_by_role("button", name="登记").click()
    expect(page.get_by_test_id("term-status")).to_have_text("任期内")
    ends_on = elected_on.replace(year=elected_on.year + 5)
    expect(page.get_by_test_id("term-ends-on")).to_have_text(ends_on.isoformat())
    expect(page.get_by_test_id("committee")).to_contain_text("赵明（书记）")
    expect(page.get_by_test_id("committee")).not_to_contain_text("王建国")
    expect(page.get_by_test_id("org-findings")).to_have_count(0)
    expect(page.get_by_test_id("history")).to_contain_text("换届选举")
    shot(page, "election-recorded")
    assert Election.objects.filter(organization=county.village).count() == 2


def test_department_admin_edits_a_policy_setting(page, department_admin):
    log_in(page, "admin", PASSWORD)
    page.get_by_role("link", name="政策规则").click()
    row = page.locator("tr[data-key='organizations.term_reminder_months']")
    expect(row).to_contain_text("6 个月")
    expect(row).to_contain_text("《中国共产党支部工作条例（试行）》(2018)")
    shot(page, "policy-list")
    row.get_by_role("link", name="修改").click()
    page.get_by_label("新取值").fill("abc")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("field-error")).to_have_text("「任期届满提前提醒」应为整数，收到「abc」")
    page.get_by_label("新取值").fill("9")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("tr[data-key='organizations.term_reminder_months']")).to_contain_text("9 个月")
    page.locator("tr[data-key='organizations.term_reminder_months']").get_by_role("link", name="修改").click()
    expect(page.get_by_test_id("history")).to_contain_text("6个月 → 9个月")
    assert AuditEvent.objects.filter(action=AuditEvent.Action.POLICY, actor=department_admin).count() == 1


def test_switching_the_interface_to_english_and_back(page, county, inspector):
    log_in(page, "inspector", PASSWORD)
    page.get_by_test_id("lang-switch").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    expect(page.locator("aside").get_by_role("link", name="Organizations")).to_be_visible()
    shot(page, "dashboard-english")
    page.locator("aside").get_by_role("link", name="Organizations").click()
    expect(page.get_by_role("button", name="Search")).to_be_visible()
    page.get_by_test_id("lang-switch").click()
    expect(page.get_by_role("button", name="搜索")).to_be_visible()


def test_api_documentation_renders_without_other_hosts(page, department_admin):
    log_in(page, "admin", PASSWORD)
    page.goto("/api/v1/docs")
    expect(page.get_by_text("组工 zugong API")).to_be_visible()
    expect(page.get_by_text("/api/v1/organizations").first).to_be_visible()
    shot(page, "api-docs")


def test_department_admin_creates_an_account_for_a_township(page, county, department_admin):
    log_in(page, "admin", PASSWORD)
    page.get_by_role("link", name="用户与角色").click()
    page.get_by_role("link", name="新建用户").click()
    page.get_by_label("用户名").fill("xiling")
    page.get_by_label("姓名").fill("西岭村书记")
    page.get_by_label("角色").select_option(label="支部书记")
    page.get_by_label("负责范围").select_option(label="　　　西岭村党支部")
    page.get_by_role("button", name="确定").click()
    temporary = page.get_by_test_id("temporary-password").inner_text().strip()  # shown once, never typed by the admin
    page.get_by_role("link", name="返回用户详情").click()
    expect(page.get_by_test_id("account-name")).to_contain_text("西岭村书记")
    expect(page.get_by_test_id("assignments")).to_contain_text("支部书记 · 西岭村党支部")
    expect(page.get_by_test_id("history")).to_contain_text("组织部管理员")
    shot(page, "user-created")
    page.get_by_role("button", name="退出").click()
    log_in(page, "xiling", temporary)
    page.get_by_label("当前密码").fill(temporary)
    page.locator("#id_new_password1").fill("xiling-village-path")
    page.get_by_label("再次输入新密码").fill("xiling-village-path")
    page.get_by_role("button", name="修改密码").click()
    expect(page.get_by_test_id("org-counts")).to_contain_text("负责范围：西岭村党支部")
    page.goto(f"/organizations/{county.village.pk}/")
    expect(page.get_by_test_id("not-found")).to_have_text("未找到该页面或记录，或它不在您的权限范围内。")


def test_creating_a_work_unit_warns_on_a_bad_credit_code_but_saves(page, county, township_operator):
    from zugong.core.validators import uscc_check_char

    valid = "91360000MA35" + "ABCDE"
    valid += uscc_check_char(valid)
    wrong = valid[:-1] + ("0" if valid[-1] != "0" else "1")
    log_in(page, "township", PASSWORD)
    page.goto(f"/organizations/{county.township.pk}/")
    page.get_by_role("link", name="新建单位").click()
    page.get_by_label("单位名称").fill("东风镇红星机械厂")
    page.get_by_label("单位类别").select_option(label="行政村")
    page.get_by_label("规模以上").check()
    page.get_by_role("button", name="确定").click()
    expect(page.get_by_test_id("field-error")).to_have_text("只有企业才能标记为规模以上")
    page.get_by_label("单位类别").select_option(label="非公企业")
    page.get_by_label("统一社会信用代码").fill(wrong)
    page.get_by_label("从业人员数").fill("56")
    page.get_by_role("button", name="确定").click()
    expect(page.get_by_test_id("unit-name")).to_have_text("东风镇红星机械厂")
    expect(page.get_by_role("alert").filter(has_text="校验位不符")).to_contain_text(
        f"统一社会信用代码校验位不符（按 GB 32100 应为 {valid[-1]}），请核对"
    )
    shot(page, "unit-created-with-warning")
    page.get_by_role("link", name="修改", exact=True).click()
    page.get_by_label("统一社会信用代码").fill(valid.lower())
    page.get_by_role("button", name="确定").click()
    expect(page.get_by_role("alert").filter(has_text="校验位不符")).to_have_count(0)
    expect(page.locator("dl")).to_contain_text(valid)
    expect(page.get_by_test_id("history")).to_contain_text(f"{wrong} → {valid}")
