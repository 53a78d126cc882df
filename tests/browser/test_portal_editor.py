"""The portal's staff side in the browser: a township's officer drafts a 公示 and lists its person, the department
reviews and publishes it, a visitor reads it on the public pages on a phone, and the nightly job withdraws it the
day after its end (the clock moved to that day). The editor's pages are looked at on a desktop and at 390×844."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import log_in, shot
from tests.fixtures import PASSWORD
from zugong.core.models import PolicyValue
from zugong.core.tasks import NIGHTLY
from zugong.portal import procedure
from zugong.portal.models import Article

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
TITLE = "东风镇2026年第四批发展党员公示"


def fits(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "no sideways scrolling"


def _signed_in(chromium, live_server, username: str, viewport=DESKTOP):
    context = chromium.new_context(base_url=live_server.url, locale="zh-CN", viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, username, PASSWORD)
    return context, page


def test_an_editor_drafts_a_publicity_a_reviewer_publishes_it_and_it_withdraws_after_its_end(
        chromium, live_server, county, township_operator, department_admin):
    PolicyValue.objects.create(key="portal.public_cache_seconds", value=0)  # the visitor sees each change at once
    today = timezone.localdate()
    end = procedure.publicity_end(today, 5).end

    editor_context, editor = _signed_in(chromium, live_server, "township")
    editor.get_by_role("link", name="党务公开").click()
    editor.get_by_test_id("new-article").click()
    editor.get_by_test_id("new-publicity").click()
    editor.get_by_label("发布单位").select_option(str(county.township.pk))
    editor.get_by_label("标题").fill(TITLE)
    editor.get_by_label("正文").fill("经党支部委员会审查，现将拟接收为预备党员的发展对象予以公示。")
    editor.get_by_label("发布日期").fill(today.isoformat())
    editor.get_by_label("截止日期").fill(end.isoformat())
    editor.get_by_label("受理电话").fill("0356-2021001")
    shot(editor, "portal-editor-new")
    editor.get_by_test_id("form-submit").click()
    expect(editor.get_by_test_id("article-status")).to_have_text("草稿")
    expect(editor.get_by_test_id("step-submit")).to_contain_text("公示须列出至少一名公示对象")

    editor.get_by_test_id("edit-entries").click()
    row = editor.get_by_test_id("entry-row").first
    row.locator("input[name$='-name']").fill("陈静")
    row.locator("select[name$='-sex']").select_option("女")
    row.locator("input[name$='-birth_month']").fill("1996-04")
    row.locator("input[name$='-education']").fill("大学本科")
    row.locator("input[name$='-current_post']").fill("东风村村民委员会")
    row.locator("input[name$='-proposed_post']").fill("拟接收为预备党员")
    editor.get_by_test_id("form-submit").click()
    expect(editor.get_by_test_id("entry-problems")).to_contain_text("第1行：出生年月「1996-04」应写作「1990.05」")
    editor.get_by_test_id("entry-row").first.locator("input[name$='-birth_month']").fill("1996.04")
    shot(editor, "portal-editor-entries")
    editor.get_by_test_id("form-submit").click()
    expect(editor.get_by_test_id("entries")).to_contain_text("陈静")
    editor.get_by_test_id("take-submit").click()
    expect(editor.get_by_test_id("article-status")).to_have_text("待审核")
    expect(editor.get_by_test_id("step-publish")).to_contain_text("您在「东风镇党委」没有审核党务公开信息的权限")
    shot(editor, "portal-editor-detail")
    editor.set_viewport_size(PHONE)
    editor.reload()
    fits(editor, 390)
    shot(editor, "portal-editor-detail-phone")
    editor.goto("/portal/")
    fits(editor, 390)
    shot(editor, "portal-editor-list-phone")
    editor.goto(f"/portal/development/?organization={county.township.pk}")
    expect(editor.get_by_test_id("no-due-cases")).to_be_visible()
    fits(editor, 390)
    shot(editor, "portal-editor-development-phone")
    editor_context.close()

    reviewer_context, reviewer = _signed_in(chromium, live_server, "admin")
    reviewer.goto("/portal/?status=review")
    reviewer.get_by_role("link", name=TITLE).click()
    reviewer.get_by_test_id("take-publish").click()
    expect(reviewer.get_by_test_id("article-status")).to_have_text("已发布")
    expect(reviewer.get_by_test_id("step-withdraw")).to_contain_text("现在可以办理")
    shot(reviewer, "portal-reviewer-published")
    reviewer.goto("/portal/")
    shot(reviewer, "portal-editor-list")
    reviewer_context.close()

    phone = chromium.new_context(base_url=live_server.url, locale="zh-CN", viewport=PHONE, is_mobile=True,
                                 has_touch=True)
    visitor = phone.new_page()
    visitor.goto("/publicity/")
    visitor.get_by_role("link", name=TITLE).click()
    expect(visitor.get_by_test_id("publicity-entries")).to_contain_text("陈静")
    expect(visitor.get_by_test_id("publicity-entries")).to_contain_text("拟接收为预备党员")
    fits(visitor, 390)
    article_url = visitor.url

    article = Article.objects.get(title=TITLE)
    with time_machine.travel(dt.datetime.combine(end + dt.timedelta(days=1), dt.time(2, 0)), tick=False):
        for job in NIGHTLY:  # as the scheduler's nightly task runs them
            job()
    article.refresh_from_db()
    assert (article.status, article.withdrawn_on) == (Article.Status.WITHDRAWN, end + dt.timedelta(days=1))
    visitor.goto("/publicity/")
    expect(visitor.get_by_role("link", name=TITLE)).to_have_count(0)
    assert visitor.goto(article_url).status == 404
    phone.close()
