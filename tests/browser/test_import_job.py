"""A large member workbook: checked and imported in the background while the page shows progress."""

import datetime as dt
import io
import os
import socket

import openpyxl
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, shot
from tests.fixtures import PASSWORD
from zugong.members.models import ImportJob, Member
from zugong.members.tasks import heartbeat_path, progress_path, run_import
from zugong.members.tests.test_import import row, workbook
from zugong.members.tests.test_members import id_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_the_page_follows_a_background_import_until_it_is_done(page, county, township_operator, settings, tmp_path):
    settings.ZUGONG_IMPORT_INLINE_BYTES = 0
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}  # the test plays worker
    path = tmp_path / "大名册.xlsx"
    path.write_bytes(workbook([row("后台甲", id_for(dt.date(1990, 5, 5), 31)),
                               row("后台乙", id_for(dt.date(1991, 6, 6), 33))]).getvalue())
    log_in(page, "township", PASSWORD)
    page.goto("/members/import/")
    page.get_by_label("党员信息表（.xlsx）").set_input_files(path)
    page.get_by_role("button", name="上传并检查").click()
    expect(page.get_by_test_id("import-status")).to_have_text("排队中")
    expect(page.get_by_test_id("import-progress")).to_have_attribute("aria-valuenow", "0")
    shot(page, "import-job-queued")

    job = ImportJob.objects.get()
    run_import.call(str(job.pk), False)
    expect(page.get_by_test_id("import-summary")).to_contain_text("将新增 2 人", timeout=5000)
    expect(page.get_by_test_id("import-progress")).to_have_attribute("aria-valuenow", "100")
    assert not Member.objects.exists()
    page.get_by_test_id("confirm-import").click()
    expect(page.get_by_test_id("import-status")).to_have_text("排队中")
    # the worker (this process, alive) halfway through writing, as its heartbeat and progress files say
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.APPLYING)
    heartbeat_path(job).write_text(f"{socket.gethostname()} {os.getpid()}")
    progress_path(job).write_text("1 2")
    expect(page.get_by_test_id("import-progress")).to_have_attribute("aria-valuenow", "50", timeout=5000)
    expect(page.get_by_test_id("import-job")).to_contain_text("已处理 1 / 2 行，正在写入，全部成功后一次生效")
    shot(page, "import-job-applying")
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.QUEUED)  # the run takes it from the queue
    run_import.call(str(job.pk), True)
    expect(page.get_by_test_id("import-summary")).to_contain_text("已新增 2 人", timeout=5000)
    shot(page, "import-job-done")
    assert sorted(Member.objects.values_list("name", flat=True)) == ["后台乙", "后台甲"]


def test_the_problems_of_a_large_bad_workbook_are_listed_and_download_as_excel(page, county, township_operator,
                                                                               settings, tmp_path):
    settings.ZUGONG_IMPORT_INLINE_BYTES = 0
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    path = tmp_path / "有误的名册.xlsx"
    path.write_bytes(workbook([row(f"错{n}", id_for(dt.date(1980, 1, 1), 101 + 2 * n), **{"入党日期": "2099-07-01"})
                               for n in range(205)]).getvalue())
    log_in(page, "township", PASSWORD)
    page.goto("/members/import/")
    page.get_by_label("党员信息表（.xlsx）").set_input_files(path)
    page.get_by_role("button", name="上传并检查").click()
    run_import.call(str(ImportJob.objects.get().pk), False)
    expect(page.get_by_test_id("import-errors-cut")).to_have_text("共 205 处问题，下表列出前 200 处。", timeout=5000)
    expect(page.get_by_test_id("import-errors").locator("tbody tr")).to_have_count(200)
    expect(page.get_by_test_id("confirm-import")).to_have_count(0)
    shot(page, "import-job-problems")
    with page.expect_download() as download:
        page.get_by_test_id("import-errors-download").click()
    rows = list(openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes())).active.iter_rows(values_only=True))
    assert len(rows) == 206 and rows[-1] == (206, "入党日期", "入党日期不能晚于今天")
    assert not Member.objects.exists()
