"""A campaign in the browser: the village's secretary reports a task from a phone (390x844, with a photo), the
department accepts it and issues a bulletin that names the village among the units ahead (its task due today)."""

import io
import re

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from tests.browser.conftest import log_in, shot
from tests.fixtures import PASSWORD
from zugong.campaigns.models import Bulletin, Task
from zugong.campaigns.tests.conftest import campaign, group, task  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
MOBILE = {"width": 390, "height": 844}


def _photo(tmp_path):
    path = tmp_path / "现场照片.png"
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())
    return path


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_village_reports_from_a_phone_and_the_department_accepts_and_issues_a_bulletin(
        page, county, department_admin, branch_secretary, task, tmp_path):  # noqa: F811
    Task.objects.filter(pk=task.pk).update(deadline=timezone.localdate())  # due today: in time, and counted
    page.set_viewport_size(MOBILE)
    log_in(page, "branch", PASSWORD)
    page.goto("/campaigns/due/")
    page.get_by_test_id("due-soon").get_by_role("link", name="整顿转化一批后进支部").click()
    assert _fits(page)
    page.get_by_test_id("task-report").click()
    page.get_by_label("完成情况").fill("已整顿转化后进支部1个，建立整改台账")
    page.get_by_label("完成数量（件、户、人）").fill("1")
    page.locator("input[type=file]").set_input_files(str(_photo(tmp_path)))
    assert _fits(page)
    shot(page, "campaign-task-report-390")
    page.get_by_test_id("form-submit").click()
    expect(page.get_by_test_id("task-status")).to_have_text("已报送，待审核")
    expect(page.get_by_test_id("reports")).to_contain_text("建立整改台账")
    assert _fits(page)
    assert Task.objects.get(pk=task.pk).reports.get().files.count() == 1

    page.context.clear_cookies()
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, "admin", PASSWORD)
    page.goto("/campaigns/due/")
    page.get_by_test_id("due-review").get_by_role("link", name="整顿转化一批后进支部").click()
    page.get_by_test_id("review-form").get_by_label("通过", exact=True).check()
    page.get_by_test_id("review-submit").click()
    expect(page.get_by_test_id("task-status")).to_have_text("已通过")

    page.goto(task.campaign.get_absolute_url())
    expect(page.get_by_test_id("count-accepted")).to_contain_text("1")
    page.get_by_test_id("bulletin-new").click()
    page.get_by_test_id("form-submit").click()
    body = page.get_by_label("通报正文")
    expect(body).to_have_value(re.compile("已审核通过1项"))
    page.get_by_test_id("issue-form").get_by_role("button").click()
    expect(page.get_by_test_id("bulletin-status")).to_contain_text("已印发")
    expect(page.get_by_test_id("bulletin-body")).to_contain_text("到期任务已全部完成并通过审核：东风村党支部（共1个）")
    expect(page.get_by_test_id("bulletin-concerns")).to_have_text("东风村党支部")
    bulletin = Bulletin.objects.get()
    assert bulletin.serial == 1 and bulletin.status == "issued"
    with page.expect_download() as download:
        page.get_by_test_id("bulletin-docx").click()
    assert download.value.suggested_filename.endswith(".docx")
    shot(page, "campaign-bulletin-issued")
