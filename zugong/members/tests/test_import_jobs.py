"""Background imports that lose their worker, confirmations sent twice, and uploads that must not outlive their
import (the ID numbers in them)."""

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.concurrency import at_once, needs_postgres
from zugong.core import uploads
from zugong.core.models import AuditEvent
from zugong.core.tasks import NIGHTLY, WORKER_START
from zugong.members import tasks
from zugong.members.models import ImportJob, Member
from zugong.members.services import create_member
from zugong.members.tests.test_import import importer, row, workbook
from zugong.members.tests.test_members import fields, id_for

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def rows(count: int, start: int = 0) -> list[dict]:
    return [row(f"党员{i}", id_for(dt.date(1960, 1, 1) + dt.timedelta(days=i), 11)) for i in range(start, start + count)]


def wait_for(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if found := condition():
            return found
        time.sleep(0.1)
    raise AssertionError(f"waited {seconds} s for {what}")


# --- the killed worker ----------------------------------------------------------------------------------------------

def start_worker(media: Path) -> subprocess.Popen:
    """A real worker process (``manage.py run_worker``, as ``make run`` starts it) on the test database."""
    database = connection.settings_dict
    user = quote(database["USER"]) + (f":{quote(database['PASSWORD'])}" if database.get("PASSWORD") else "")
    env = {**os.environ, "ZUGONG_MEDIA_ROOT": str(media), "ZUGONG_DEBUG": "true",
           "DATABASE_URL": f"postgres://{user}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
                           f"/{database['NAME']}"}
    return subprocess.Popen([sys.executable, "manage.py", "run_worker", "--no-startup-delay", "--no-reload",
                             "--interval", "0.2"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def job_status() -> str:
    return ImportJob.objects.values_list("status", flat=True).get()


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_apply_leaves_the_job_interrupted_and_a_fresh_worker_applies_every_row(
        county, township_operator, media, settings):
    settings.ZUGONG_IMPORT_INLINE_BYTES = 0
    count = 6000
    client = Client()
    client.force_login(township_operator)
    client.post(reverse("members:import"), {"workbook": SimpleUploadedFile("大.xlsx", workbook(rows(count)).getvalue())})
    job = ImportJob.objects.get()
    worker = start_worker(media)
    try:
        wait_for(lambda: job_status() == ImportJob.Status.CHECKED, 600, "the check")
        client.post(reverse("members:import_job", args=[job.pk]))
        wait_for(lambda: (tasks.applying_progress(job) or (0, 0))[0] >= 1000, 600, "the apply's first chunk")
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait()
    assert job_status() == ImportJob.Status.APPLYING  # what the page showed forever before
    assert Member.objects.count() == 0  # the rows died with the transaction

    fresh = start_worker(media)  # a worker's start marks what a killed worker left
    try:
        wait_for(lambda: job_status() == ImportJob.Status.INTERRUPTED, 120, "the worker's start to mark the job")
        page = client.get(reverse("members:import_job", args=[job.pk])).content.decode()
        assert "中断，未导入任何数据，可重新确认" in page and 'data-testid="confirm-import"' in page
        assert not tasks.progress_path(job).exists() and not tasks.heartbeat_path(job).exists()
        assert Member.objects.count() == 0
        client.post(reverse("members:import_job", args=[job.pk]))
        wait_for(lambda: job_status() == ImportJob.Status.APPLIED, 900, "the second apply")
    finally:
        fresh.terminate()
        fresh.wait()
    assert Member.objects.count() == count
    assert not tasks.upload_path(job).exists()  # applied: the ID numbers are gone


def test_a_job_whose_worker_process_is_gone_is_shown_interrupted(client, county, township_operator, media):
    job = ImportJob.objects.create(created_by=township_operator, file_name="m.xlsx", attempt=1,
                                   status=ImportJob.Status.APPLYING, report={"rows": 3, "errors": []})
    uploads.keep(SimpleUploadedFile("m.xlsx", workbook(rows(3)).getvalue()), tasks.upload_path(job))
    dead = subprocess.Popen(["true"])
    dead.wait()
    tasks.heartbeat_path(job).write_text(f"{os.uname().nodename} {dead.pid}")
    tasks._write_progress_file(job, 1, 3)
    client.force_login(township_operator)
    page = client.get(reverse("members:import_job", args=[job.pk])).content.decode()
    assert "中断，未导入任何数据，可重新确认" in page
    job.refresh_from_db()
    assert job.status == ImportJob.Status.INTERRUPTED and job.report["rows"] == 3
    assert not tasks.progress_path(job).exists() and not tasks.heartbeat_path(job).exists()


def test_a_stale_heartbeat_means_interrupted_and_a_fresh_one_does_not(county, township_operator, media, settings):
    job = ImportJob.objects.create(created_by=township_operator, file_name="m.xlsx", attempt=1,
                                   status=ImportJob.Status.CHECKING)
    tasks.upload_path(job).parent.mkdir(parents=True, exist_ok=True)
    tasks.heartbeat_path(job).write_text(f"elsewhere {os.getpid()}")  # another host: only its age tells
    assert tasks.recover_interrupted() == 0
    old = time.time() - settings.ZUGONG_IMPORT_STALE_SECONDS - 1
    os.utime(tasks.heartbeat_path(job), (old, old))
    assert tasks.recover_interrupted() == 1
    job.refresh_from_db()
    assert (job.status, job.report["interrupted"]) == (ImportJob.Status.INTERRUPTED, "checking")


def test_a_run_beats_while_it_works_and_stops_after(county, township_operator, media, monkeypatch):
    monkeypatch.setattr(tasks, "HEARTBEAT_SECONDS", 0.05)
    job = ImportJob.objects.create(created_by=township_operator, file_name="m.xlsx")
    with tasks.heartbeat(job):
        first = tasks.heartbeat_path(job).stat().st_mtime_ns
        wait_for(lambda: tasks.heartbeat_path(job).stat().st_mtime_ns > first, 5, "a beat")
        assert tasks.heartbeat_path(job).read_text() == f"{os.uname().nodename} {os.getpid()}"
    assert not tasks.heartbeat_path(job).exists()


def test_an_apply_whose_job_was_taken_from_it_rolls_every_row_back(county, township_operator):
    report = importer(township_operator).run(workbook(rows(1500)), apply=True, keep=lambda: False)
    assert not report.applied and Member.objects.count() == 0


def test_the_worker_start_and_the_nightly_housekeeping_recover_interrupted_imports():
    assert tasks.recover_interrupted in WORKER_START and tasks.recover_interrupted in NIGHTLY
    assert uploads.delete_expired in NIGHTLY


# --- confirmations decided once -----------------------------------------------------------------------------------

@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_confirmations_of_a_background_import_queue_one_run(county, township_operator, media):
    from django_tasks_db.models import DBTaskResult

    job = ImportJob.objects.create(created_by=township_operator, file_name="m.xlsx", attempt=1,
                                   status=ImportJob.Status.CHECKED, report={"rows": 3, "errors": []})
    uploads.keep(SimpleUploadedFile("m.xlsx", workbook(rows(3)).getvalue()), tasks.upload_path(job))
    results = at_once(lambda: tasks.confirm(job), lambda: tasks.confirm(job))
    assert sorted(results, key=str) == [None, "该导入已经确认过（正在导入或已经完成），未重复导入"]
    assert DBTaskResult.objects.count() == 1
    job.refresh_from_db()
    assert (job.status, job.attempt) == (ImportJob.Status.QUEUED, 2)


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_confirmations_of_an_inline_import_apply_it_once(county, township_operator, media):
    members = [create_member(township_operator, **fields(county.village, name=f"原{i}", id_number=id_for(
        dt.date(1970, 1, 1) + dt.timedelta(days=i), 21))) for i in range(3)]
    changed = workbook([row(m.name, m.id_number, 联系电话="13800000000") for m in members])
    first = Client()
    first.force_login(township_operator)
    checked = first.post(reverse("members:import"), {"workbook": SimpleUploadedFile("m.xlsx", changed.getvalue())})
    token = checked.context["token"]
    second = Client()
    second.cookies = first.cookies  # the same session, another tab
    url = reverse("members:import")
    responses = at_once(lambda: first.post(url, {"token": token}), lambda: second.post(url, {"token": token}))
    assert [r.status_code for r in responses] == [302, 302]
    said = sorted(str(m) for r in responses for m in get_messages(r.wsgi_request))
    assert said[0].startswith("导入完成：新增 0 人，更新 3 人") and len(said) == 2
    assert said[1] in ("该表单已经提交过，未重复保存。请刷新页面查看结果。",
                       "该文件已经导入，或已超过保存期限被删除；如需导入请重新上传")
    assert AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE, object_id__in=[str(m.pk) for m in members]
                                     ).count() == 3  # one change each, not two


# --- uploads do not outlive their import ----------------------------------------------------------------------------

def kept_files(media) -> list[str]:
    root = Path(media) / "imports"
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_an_inline_upload_is_deleted_when_its_check_fails_and_when_it_is_applied(client, county, township_operator,
                                                                               media):
    client.force_login(township_operator)
    bad = workbook([row("甲", "110101198001010000")])
    client.post(reverse("members:import"), {"workbook": SimpleUploadedFile("bad.xlsx", bad.getvalue())})
    assert kept_files(media) == []
    response = client.post(reverse("members:import"), {"workbook": SimpleUploadedFile("m.xlsx", workbook(rows(2)).getvalue())})
    assert len(kept_files(media)) == 1  # kept for its confirmation
    client.post(reverse("members:import"), {"token": response.context["token"]})
    assert Member.objects.count() == 2 and kept_files(media) == []


def test_uploads_older_than_the_keeping_period_are_deleted(db, media):
    root = uploads.uploads_root()
    (root / "surveys").mkdir(parents=True)
    old, recent = root / "old.xlsx", root / "surveys" / "recent.xlsx"
    for path in (old, recent):
        path.write_bytes(b"id numbers")
    eight_days = time.time() - 8 * 24 * 3600
    os.utime(old, (eight_days, eight_days))
    assert uploads.delete_expired() == 1
    assert not old.exists() and recent.exists()


def test_the_keeping_period_is_a_policy_with_its_source(db):
    from zugong.core.policy import REGISTRY

    definition = REGISTRY["core.upload_keep_days"]
    assert (definition.default, definition.unit) == (7, "天") and "个人信息保护法》第十九条" in definition.source


def test_every_upload_goes_through_the_size_cap_first():
    assert django_settings.FILE_UPLOAD_HANDLERS[0] == "zugong.core.uploads.CappedUploadHandler"
