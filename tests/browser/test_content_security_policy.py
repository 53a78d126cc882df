"""The main pages run under the Content-Security-Policy without one refusal, and what they do still works.

The ``page`` fixture fails a test on any refusal the browser reports in the console; here a listener for
``securitypolicyviolation`` also collects them page by page, and every document must carry the header. The
behaviour that moved out of inline attributes is used: the tree's toggles (Alpine CSP build + htmx), a
tick-all box, the roster filter, a chart's tooltip, the API docs, a form's 取消, the public code pages.
"""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, shot
from tests.fixtures import PASSWORD
from zugong.cadres.tests.test_training import a_class, make_cadre
from zugong.core.models import PolicyValue
from zugong.members.services import create_member
from zugong.members.tests.test_members import fields, id_for
from zugong.surveys.policies import CODE_ATTEMPTS_PER_ADDRESS
from zugong.surveys.tests.factories import make_group, make_invitation, make_survey

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

WATCH = """window.__refused = [];
document.addEventListener("securitypolicyviolation", (e) => window.__refused.push(
  e.violatedDirective + " " + (e.sourceFile || "") + " " + (e.target && e.target.outerHTML || "").slice(0, 120)));"""


@pytest.fixture
def watched(page):
    """The page, recording refusals and the documents that came without the header."""
    page.add_init_script(WATCH)
    unprotected: list[str] = []
    page.on("response", lambda r: unprotected.append(r.url) if r.request.resource_type == "document"
            and "content-security-policy" not in r.headers else None)
    yield page
    assert not unprotected, f"没有内容安全策略的页面：{unprotected}"


def refusals(page) -> list[str]:
    return page.evaluate("window.__refused")


def test_the_main_pages_work_under_the_policy(watched, county, department_admin):
    page = watched
    create_member(department_admin, **fields(county.village, name="张建国"))
    create_member(department_admin, **fields(county.village, name="李芳", id_number=id_for(dt.date(1970, 4, 4), 22)))
    course = a_class(department_admin, county.county)
    make_cadre(county.township, name="赵青年", birth=dt.date(dt.date.today().year - 28, 1, 1))
    make_cadre(county.village, name="孙老成", birth=dt.date(1970, 1, 1))
    log_in(page, "admin", PASSWORD)

    expect(page.get_by_test_id("dashboard-charts").get_by_test_id("chart-1")).to_have_attribute("data-ready", "true")
    assert refusals(page) == []

    page.goto("/organizations/")  # Alpine treeNode loads the children with htmx
    page.get_by_test_id(f"toggle-{county.county.pk}").click()
    page.get_by_test_id(f"toggle-{county.township.pk}").click()
    expect(page.get_by_test_id("org-tree").get_by_role("link", name="东风村党支部")).to_be_visible()
    expect(page.get_by_test_id(f"toggle-{county.township.pk}").locator("i")).to_have_class("bi bi-dash-square")
    page.get_by_test_id(f"toggle-{county.township.pk}").click()
    expect(page.get_by_test_id("org-tree").get_by_role("link", name="东风村党支部")).to_be_hidden()
    assert refusals(page) == []

    page.goto(f"/dues/organizations/{county.village.pk}/collect/")  # tickAll
    boxes = page.locator("input[name=members]")
    expect(boxes).to_have_count(2)
    page.get_by_role("checkbox", name="全选").check()
    assert all(boxes.nth(i).is_checked() for i in range(2))
    page.get_by_role("checkbox", name="全选").uncheck()
    assert not any(boxes.nth(i).is_checked() for i in range(2))

    page.goto(f"/cadres/training/classes/{course.pk}/")  # rosterPicker: htmx search, the chosen rows kept
    page.get_by_test_id("roster-search").fill("青年")
    expect(page.get_by_role("checkbox", name="赵青年")).to_be_visible()
    expect(page.locator("input[aria-label='孙老成']")).to_have_count(0)  # not a match: not offered
    page.get_by_role("button", name="全选查找结果").click()
    expect(page.get_by_test_id("roster-chosen").get_by_role("checkbox", name="赵青年")).to_be_checked()
    assert refusals(page) == []

    page.goto("/statistics/charts/")  # ECharts (SVG) with its tooltip drawn in the chart
    chart = page.get_by_test_id("chart-1")
    expect(chart).to_have_attribute("data-ready", "true")
    chart.locator("svg path[fill='#b5121b']").filter(visible=True).first.hover(force=True)
    expect(chart.locator("svg")).to_contain_text("2")
    shot(page, "csp-charts-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    expect(page.get_by_test_id("chart-1")).to_have_attribute("data-ready", "true")
    shot(page, "csp-charts-390")
    page.set_viewport_size({"width": 1366, "height": 900})
    assert refusals(page) == []

    other = create_member(department_admin, **fields(county.village2, name="王五", id_number=id_for(dt.date(1970, 2, 2), 33)))
    page.goto("/education/points/")
    page.goto(f"/education/care/member/{other.pk}/aid/")
    page.get_by_role("button", name="取消").click()  # data-history-back, was a javascript: link
    expect(page).to_have_url(re.compile(r"/education/points/$"))

    page.goto("/api/v1/docs")  # ninja's Swagger UI: its own files, no inline script
    expect(page.locator(".opblock").first).to_be_visible()
    page.locator(".opblock-summary").first.click()
    expect(page.locator(".opblock-body").first).to_be_visible()
    assert refusals(page) == []

    page.goto("/no-such-page/")
    expect(page.get_by_test_id("not-found")).to_be_visible()
    assert refusals(page) == []


def test_the_public_pages_work_under_the_policy_on_a_phone(watched, county):
    page = watched
    survey = make_survey(county.county, name="2026年组织工作满意度民意调查", status="open")
    make_invitation(make_group(survey, county.village), "ABCD2345")
    page.goto("/s/")
    shot(page, "csp-public-start-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    page.get_by_label("邀请码").fill("abcd2345")
    shot(page, "csp-public-start-390")
    page.get_by_role("button", name="开始填写").click()
    expect(page.get_by_text("2026年组织工作满意度民意调查")).to_be_visible()
    page.locator(".question .form-check").first.click()  # the bordered choices come from the stylesheet now
    shot(page, "csp-public-answer-390")
    assert refusals(page) == []

    PolicyValue.objects.create(key=CODE_ATTEMPTS_PER_ADDRESS.key, value=1)
    for typed in ("WXYZ7777", "WXYZ7778"):
        page.goto("/s/")
        page.get_by_label("邀请码").fill(typed)
        page.get_by_role("button", name="开始填写").click()
    expect(page.get_by_test_id("public-message")).to_contain_text("输入邀请码的次数过多，请于")
    shot(page, "csp-public-too-many-390")
    assert refusals(page) == []
