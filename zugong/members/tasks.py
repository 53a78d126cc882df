"""Background work of the member register: large imports (大批量导入), run by the django-tasks-db worker.

A run of an ``ImportJob`` (check, or apply) holds the job while it works:

* Heartbeat (心跳): before it takes the job, the run writes ``<job>.beat`` beside the upload, naming its host and
  process, and a thread touches it every ``HEARTBEAT_SECONDS``. The apply writes every row inside one transaction
  that no other connection sees (on SQLite it even holds the only write lock), so the heartbeat and the
  progress (``<job>.progress``) are files that any process can read.
* Interrupted (中断): a working job whose heartbeat is older than ``ZUGONG_IMPORT_STALE_SECONDS``, or whose process
  on this host no longer exists (``kill -9``, a crash, a restart), is marked ``INTERRUPTED`` — by the job page
  when it is looked at, by every worker when it starts (``manage.py run_worker``) and by the nightly
  housekeeping. Nothing was imported (the rows died with the transaction); its progress files are removed and the
  user may confirm again while the upload is kept.
* Fenced (只算一次): every write of a run names its ``attempt``; the apply's last statement inside its transaction
  sets the job ``APPLIED`` only while the attempt and status are still its own, so a worker wrongly thought dead
  rolls back instead of importing a second time.
* The upload holds ID numbers: it is deleted when the import is applied, fails or cannot be confirmed, and at
  the latest after the policy ``core.upload_keep_days`` (``core.uploads.delete_expired``, nightly).
"""

import logging
import os
import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import OperationalError, transaction
from django.db.models import F
from django.tasks import task

from zugong.core.uploads import uploads_root
from zugong.core.workbooks import WorkbookError
from zugong.members.importer import ImportReport
from zugong.members.models import ImportJob

HEARTBEAT_SECONDS = 5  # well under ZUGONG_IMPORT_STALE_SECONDS (default 120)
INTERRUPTED_MESSAGE = "中断，未导入任何数据，可重新确认"
FAILURE = "无法读取该文件，或处理中出错；未导入任何数据"
log = logging.getLogger(__name__)


def upload_path(job: ImportJob) -> Path:
    return uploads_root() / f"{job.pk}.xlsx"


def progress_path(job: ImportJob) -> Path:
    return uploads_root() / f"{job.pk}.progress"


def heartbeat_path(job: ImportJob) -> Path:
    return uploads_root() / f"{job.pk}.beat"


def _replace(path: Path, text: str) -> None:
    """Write a small file whole: a reader sees the old content or the new, never half of it."""
    partial = path.with_name(path.name + "-partial")
    partial.write_text(text)
    partial.replace(path)


def _write_progress_file(job: ImportJob, done: int, total: int) -> None:
    """While applying, every write is inside one transaction that no other connection sees until it commits (and
    on SQLite, whose one writer it is, another connection could not even record progress): the count goes to a
    file beside the upload."""
    _replace(progress_path(job), f"{done} {total}")


def applying_progress(job: ImportJob) -> tuple[int, int] | None:
    """(rows done, rows in all) of an import being applied, or None before its first chunk."""
    try:
        done, total = progress_path(job).read_text().split()
        return int(done), int(total)
    except (OSError, ValueError):
        return None


@contextmanager
def heartbeat(job: ImportJob):
    """Beat for ``job`` while the block runs: a file naming this process, touched every few seconds."""
    path = heartbeat_path(job)
    path.parent.mkdir(parents=True, exist_ok=True)
    _replace(path, f"{socket.gethostname()} {os.getpid()}")
    stop = threading.Event()

    def beat() -> None:
        while not stop.wait(HEARTBEAT_SECONDS):
            try:
                os.utime(path)
            except OSError:
                return

    thread = threading.Thread(target=beat, name=f"import-heartbeat-{job.pk}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
        path.unlink(missing_ok=True)


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def worker_gone(job: ImportJob) -> bool:
    """Whether the worker of a checking or applying job is gone."""
    if job.status not in ImportJob.WORKING:
        return False
    path = heartbeat_path(job)
    try:
        host, pid = path.read_text().split()
        age = time.time() - path.stat().st_mtime
    except (OSError, ValueError):
        return True  # a run beats before it takes the job and stops after it lets go: nobody holds this one
    if host == socket.gethostname() and not _process_exists(int(pid)):
        return True
    return age > settings.ZUGONG_IMPORT_STALE_SECONDS


def _discard_run_files(job: ImportJob) -> None:
    for path in (progress_path(job), heartbeat_path(job)):
        path.unlink(missing_ok=True)


def mark_interrupted(job: ImportJob) -> bool:
    """Mark a job whose worker is gone; False when its run moved on meanwhile (it decides, not this)."""
    phase = "applying" if job.status == ImportJob.Status.APPLYING else "checking"
    try:
        marked = ImportJob.objects.filter(pk=job.pk, status=job.status, attempt=job.attempt).update(
            status=ImportJob.Status.INTERRUPTED, rows_done=0, report={**job.report, "interrupted": phase})
    except OperationalError:  # SQLite: the write lock is held, by a live apply — so it was not interrupted
        return False
    if marked:
        _discard_run_files(job)
        log.warning("member import %s interrupted while %s (attempt %s)", job.pk, phase, job.attempt)
    return bool(marked)


def detect_interruption(job: ImportJob) -> ImportJob:
    """The job as it is: marked interrupted first if its worker is gone."""
    if worker_gone(job) and mark_interrupted(job):
        job.refresh_from_db()
    return job


def recover_interrupted() -> int:
    """Mark every job whose worker is gone (on worker start and nightly); return how many."""
    return sum(mark_interrupted(job) for job in ImportJob.objects.filter(status__in=ImportJob.WORKING)
               if worker_gone(job))


def confirm(job: ImportJob) -> str | None:
    """Queue the apply of a checked job, or run an interrupted one again, once: one conditional UPDATE on the
    job's status decides, so two confirmations at once (a double click, two tabs) queue one run. Returns why
    not, or None."""
    if not upload_path(job).exists():
        return "上传的文件已不在（导入已结束，或超过保存期限已删除），请重新上传"
    checked = "rows" in job.report
    if checked and ImportReport.from_json(job.report).errors:
        return "该文件未通过检查，不能导入；请修改后重新上传"
    with transaction.atomic():
        queued = ImportJob.objects.filter(
            pk=job.pk, status__in=(ImportJob.Status.CHECKED, ImportJob.Status.INTERRUPTED),
        ).update(status=ImportJob.Status.QUEUED, rows_done=0, attempt=F("attempt") + 1)
        if not queued:
            return "该导入已经确认过（正在导入或已经完成），未重复导入"
        attempt = ImportJob.objects.values_list("attempt", flat=True).get(pk=job.pk)
        run_import.enqueue(str(job.pk), checked, attempt)
    return None


@task()
def run_import(job_id: str, apply: bool, attempt: int | None = None) -> str:
    """Check (and, when asked and every row passes, apply) an uploaded workbook as the user who uploaded it."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    mine = ImportJob.objects.filter(pk=job.pk, attempt=job.attempt if attempt is None else attempt)
    working = ImportJob.Status.APPLYING if apply else ImportJob.Status.CHECKING
    with heartbeat(job):
        if not mine.filter(status=ImportJob.Status.QUEUED).update(status=working, rows_done=0):
            return "superseded"  # confirmed again or interrupted before this run started
        try:
            report = _run(job, mine, apply)
        except WorkbookError as error:
            mine.filter(status=working).update(status=ImportJob.Status.FAILED, report={"failure": error.message})
            upload_path(job).unlink(missing_ok=True)
            return ImportJob.Status.FAILED
        except Exception:  # a crash: the user sees a message, the log has the details
            log.exception("member import %s failed", job.pk)
            mine.filter(status=working).update(status=ImportJob.Status.FAILED, report={"failure": FAILURE})
            upload_path(job).unlink(missing_ok=True)
            return ImportJob.Status.FAILED
        finally:
            progress_path(job).unlink(missing_ok=True)
        return _finish(job, mine, working, report)


def _run(job: ImportJob, mine, apply: bool) -> ImportReport:
    from zugong.members.import_views import importer_for

    def progress(done: int, total: int) -> None:
        mine.update(rows_done=done, rows_total=total)

    def still_mine() -> bool:  # the last statement of the apply's transaction: applied only while still ours
        return mine.filter(status=ImportJob.Status.APPLYING).update(status=ImportJob.Status.APPLIED) == 1

    return importer_for(job.created_by).run(
        upload_path(job), apply=apply, progress=(lambda d, t: _write_progress_file(job, d, t)) if apply else progress,
        rows_expected=job.report.get("rows") if apply else None, keep=still_mine if apply else None)


def _finish(job: ImportJob, mine, working: str, report: ImportReport) -> str:
    if report.applied:  # the job was set APPLIED in the same transaction as the rows
        mine.update(report=report.to_json())
        status = ImportJob.Status.APPLIED
    elif not mine.filter(status=working).update(status=ImportJob.Status.CHECKED, report=report.to_json()):
        return "superseded"  # interrupted meanwhile: the rows were rolled back, the job is another run's now
    else:
        status = ImportJob.Status.CHECKED
    if report.applied or report.errors:  # nothing more to confirm: the ID numbers go
        upload_path(job).unlink(missing_ok=True)
    return status
