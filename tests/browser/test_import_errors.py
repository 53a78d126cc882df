"""The import pages when a file is refused, and a background import whose worker was killed, as a person sees them
on a desktop and on a phone (390 × 844)."""

import datetime as dt
import socket
import subprocess

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, shot
from tests.fixtures import PASSWORD
from tests.test_hostile_imports import (
    BILLION_LAUGHS,
    IMPORTERS,
    good,
    lrmx_file,
    sheet_xml,
    xlsx,
    zip_bomb,
)
from zugong.members.models import ImportJob
from zugong.members.tasks import heartbeat_path, upload_path
from zugong.members.tests.test_import import row, workbook
from zugong.members.tests.test_members import id_for
from zugong.surveys.tests.factories import make_group, make_survey

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
PHONE = {"width": 390, "height": 844}


def both_sizes(page, name: str) -> None:
    shot(page, name)
    page.set_viewport_size(PHONE)
    shot(page, f"{name}-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], f"{name}: wider than the phone"
    page.set_viewport_size({"width": 1366, "height": 900})


def test_a_background_import_whose_worker_was_killed_says_so_and_can_be_confirmed_again(
        page, county, township_operator, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    job = ImportJob.objects.create(created_by=township_operator, file_name="全镇党员名册.xlsx", attempt=1,
                                   status=ImportJob.Status.APPLYING, rows_total=2,
                                   report={"rows": 2, "to_create": ["甲", "乙"], "to_update": [], "unchanged": 0,
                                           "errors": [], "applied": False})
    content = workbook([row("甲", id_for(dt.date(1990, 5, 5), 31)), row("乙", id_for(dt.date(1991, 6, 6), 33))])
    upload_path(job).parent.mkdir(parents=True, exist_ok=True)
    upload_path(job).write_bytes(content.getvalue())
    killed = subprocess.Popen(["true"])  # the worker, gone (kill -9)
    killed.wait()
    heartbeat_path(job).write_text(f"{socket.gethostname()} {killed.pid}")
    log_in(page, "township", PASSWORD)
    page.goto(f"/members/import/jobs/{job.pk}/")
    expect(page.get_by_test_id("import-interrupted")).to_contain_text("中断，未导入任何数据，可重新确认")
    expect(page.get_by_test_id("import-status")).to_have_text("已中断")
    both_sizes(page, "import-job-interrupted")
    page.get_by_test_id("confirm-import").click()
    expect(page.get_by_test_id("import-status")).to_have_text("排队中")
    job.refresh_from_db()
    assert (job.status, job.attempt) == (ImportJob.Status.QUEUED, 2)


@pytest.fixture
def admin_page(page, county, department_admin):
    log_in(page, "admin", PASSWORD)
    return page


def upload(page, path: str, label: str, content: bytes, name: str, button: str, tmp_path) -> None:
    file = tmp_path / name
    file.write_bytes(content)
    page.goto(path)
    page.get_by_label(label).set_input_files(file)
    page.get_by_role("button", name=button, exact=True).click(timeout=120_000)  # a bomb takes its seconds to refuse


def test_the_import_pages_say_in_chinese_why_a_file_is_refused(admin_page, county, tmp_path, settings):
    page = admin_page
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}  # survey import job
    members, cadres, economy, surveys = IMPORTERS[0], IMPORTERS[2], IMPORTERS[3], IMPORTERS[4]
    county.survey = make_survey(county.county)
    make_group(county.survey, county.village, "members")

    upload(page, "/members/import/", "党员信息表（.xlsx）", b"PK\x03\x04 not a workbook", "名册.xlsx", "上传并检查", tmp_path)
    expect(page.get_by_test_id("field-error")).to_contain_text("不是 Excel 工作簿（.xlsx）")
    both_sizes(page, "import-error-members-not-a-workbook")

    upload(page, "/cadres/import/xlsx/", "干部信息表（.xlsx）",
           xlsx(sheet_xml(good(cadres, county), doctype=BILLION_LAUGHS)), "干部.xlsx", "检查", tmp_path)
    expect(page.get_by_test_id("field-error")).to_contain_text("含有 DOCTYPE")
    both_sizes(page, "import-error-cadres-doctype")

    upload(page, "/statistics/economy/import/", "Excel 文件（.xlsx）", zip_bomb(economy, county), "收入.xlsx", "检查",
           tmp_path)
    expect(page.get_by_test_id("field-error")).to_contain_text("超过每次导入的上限 200000 行", timeout=60_000)
    both_sizes(page, "import-error-economy-zip-bomb")

    upload(page, f"/surveys/{county.survey.pk}/import/", "纸质问卷录入表（.xlsx）",
           xlsx(sheet_xml(good(surveys, county)).replace("东风村党支部", "东风村_x0000_党支部")), "问卷.xlsx", "上传并检查",
           tmp_path)
    expect(page.get_by_test_id("import-failure")).to_contain_text("含有空字符（NUL）")  # the job's page says it
    both_sizes(page, "import-error-surveys-nul")

    page.goto("/cadres/import/lrmx/")
    files = [tmp_path / "王五.lrmx", tmp_path / "坏文件.lrmx"]
    files[0].write_bytes(lrmx_file())
    files[1].write_bytes(lrmx_file().replace("王五".encode(), b"&#0;"))
    page.get_by_label("新干部的管理单位").select_option(index=1)
    page.get_by_label("LRMX 文件").set_input_files(files)
    page.get_by_role("button", name="导入", exact=True).click()
    expect(page.get_by_test_id("lrmx-errors")).to_contain_text("坏文件.lrmx：")
    both_sizes(page, "import-error-lrmx-batch")
    assert members.written() == 0
