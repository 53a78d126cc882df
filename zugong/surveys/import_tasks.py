"""Background imports of paper questionnaires (纸质问卷导入任务), run by the django-tasks-db worker like the member
register's (``members.tasks``: its heartbeat, progress file and interruption rules are reused as they are).

A ``SheetImportJob`` is checked as soon as it is uploaded (progress in the job's row, every 1,000 rows); the rows
that passed are kept beside the upload as ``<job>.plan.json`` and the workbook is deleted — read once. The
confirmation queues the apply with one conditional UPDATE (two clicks queue one run); the apply writes every row
in one transaction, its progress in a file (no other connection sees the transaction), and sets the job
``APPLIED`` as its last statement only while the attempt is still its own (fenced).
"""

import json
import logging
from pathlib import Path
from typing import Any

from django.db import OperationalError, transaction
from django.db.models import F
from django.tasks import task

from zugong.core.access import DomainError
from zugong.members import tasks as member_tasks
from zugong.surveys.importer import Plan, SheetImporter, SheetImportReport
from zugong.surveys.models import SheetImportJob

FAILURE = member_tasks.FAILURE
log = logging.getLogger(__name__)


def _shared(job: SheetImportJob) -> Any:
    """The member import's helpers read only a job's ``pk`` and ``status`` (the same values here): pass ours."""
    return job


def upload_path(job: SheetImportJob) -> Path:  # <uploads>/<job uuid>.xlsx — job ids are UUIDs, shared with no one
    return member_tasks.upload_path(_shared(job))


def progress_path(job: SheetImportJob) -> Path:
    return member_tasks.progress_path(_shared(job))


def heartbeat_path(job: SheetImportJob) -> Path:
    return member_tasks.heartbeat_path(_shared(job))


def applying_progress(job: SheetImportJob) -> tuple[int, int] | None:
    return member_tasks.applying_progress(_shared(job))


def plan_path(job: SheetImportJob) -> Path:
    return upload_path(job).with_suffix(".plan.json")


def _discard(job: SheetImportJob) -> None:
    for path in (upload_path(job), plan_path(job)):
        path.unlink(missing_ok=True)


def importer_for(job: SheetImportJob) -> SheetImporter:
    return SheetImporter(job.created_by, job.survey, required=job.required)


def start(job: SheetImportJob) -> None:
    run_sheet_import.enqueue(str(job.pk), False, job.attempt)


def confirm(job: SheetImportJob) -> str | None:
    """Queue the apply of a checked job (or a run again of an interrupted one), once. Returns why not, or None."""
    if job.status not in (SheetImportJob.Status.CHECKED, SheetImportJob.Status.INTERRUPTED):
        return "该导入已经确认过（正在导入或已经完成），未重复导入"
    checked = "rows" in job.report
    if checked and SheetImportReport.from_json(job.report).problems:
        return "该文件未通过检查，不能导入；请修改后重新上传"
    if not (plan_path(job) if checked else upload_path(job)).exists():
        return "上传的文件已不在（导入已结束，或超过保存期限已删除），请重新上传"
    with transaction.atomic():
        queued = SheetImportJob.objects.filter(
            pk=job.pk, status__in=(SheetImportJob.Status.CHECKED, SheetImportJob.Status.INTERRUPTED),
        ).update(status=SheetImportJob.Status.QUEUED, rows_done=0, attempt=F("attempt") + 1)
        if not queued:
            return "该导入已经确认过（正在导入或已经完成），未重复导入"
        attempt = SheetImportJob.objects.values_list("attempt", flat=True).get(pk=job.pk)
        run_sheet_import.enqueue(str(job.pk), checked, attempt)
    return None


def mark_interrupted(job: SheetImportJob) -> bool:
    phase = "applying" if job.status == SheetImportJob.Status.APPLYING else "checking"
    try:
        marked = SheetImportJob.objects.filter(pk=job.pk, status=job.status, attempt=job.attempt).update(
            status=SheetImportJob.Status.INTERRUPTED, rows_done=0, report={**job.report, "interrupted": phase})
    except OperationalError:  # SQLite: the write lock is held, by a live apply
        return False
    if marked:
        progress_path(job).unlink(missing_ok=True)
        heartbeat_path(job).unlink(missing_ok=True)
        log.warning("survey import %s interrupted while %s (attempt %s)", job.pk, phase, job.attempt)
    return bool(marked)


def detect_interruption(job: SheetImportJob) -> SheetImportJob:
    if member_tasks.worker_gone(_shared(job)) and mark_interrupted(job):
        job.refresh_from_db()
    return job


def recover_interrupted() -> int:
    """Mark every job whose worker is gone (on worker start and nightly); return how many."""
    return sum(mark_interrupted(job) for job in SheetImportJob.objects.filter(status__in=SheetImportJob.WORKING)
               if member_tasks.worker_gone(_shared(job)))


@task()
def run_sheet_import(job_id: str, apply: bool, attempt: int) -> str:
    """Check an uploaded workbook, or apply a checked job's plan, as the user who uploaded it."""
    job = SheetImportJob.objects.select_related("created_by", "survey__organization").get(pk=job_id)
    mine = SheetImportJob.objects.filter(pk=job.pk, attempt=attempt)
    working = SheetImportJob.Status.APPLYING if apply else SheetImportJob.Status.CHECKING
    with member_tasks.heartbeat(_shared(job)):
        if not mine.filter(status=SheetImportJob.Status.QUEUED).update(status=working, rows_done=0):
            return "superseded"
        try:
            return _apply(job, mine) if apply else _check(job, mine)
        except DomainError as error:  # unreadable workbook, survey closed, design changed: a message
            mine.filter(status=working).update(status=SheetImportJob.Status.FAILED,
                                               report={**job.report, "failure": error.message})
        except Exception:
            log.exception("survey import %s failed", job.pk)
            mine.filter(status=working).update(status=SheetImportJob.Status.FAILED,
                                               report={**job.report, "failure": FAILURE})
        finally:
            progress_path(job).unlink(missing_ok=True)
        _discard(job)
        return SheetImportJob.Status.FAILED


def _check(job: SheetImportJob, mine) -> str:
    def progress(done: int, total: int) -> None:
        mine.update(rows_done=done, rows_total=total)

    report, plan = importer_for(job).check(upload_path(job), progress)
    upload_path(job).unlink(missing_ok=True)  # read once: what passed is in the plan
    if not report.problems:
        plan_path(job).write_text(json.dumps(plan.to_json(), ensure_ascii=False, separators=(",", ":")))
    if not mine.filter(status=SheetImportJob.Status.CHECKING).update(
            status=SheetImportJob.Status.CHECKED, report=report.to_json(), rows_done=report.rows,
            rows_total=report.rows):
        return "superseded"
    return SheetImportJob.Status.CHECKED


def _apply(job: SheetImportJob, mine) -> str:
    report = SheetImportReport.from_json(job.report)
    plan = Plan.from_json(json.loads(plan_path(job).read_text()))

    def still_mine() -> bool:
        return mine.filter(status=SheetImportJob.Status.APPLYING).update(
            status=SheetImportJob.Status.APPLIED, rows_done=len(plan.rows), rows_total=len(plan.rows)) == 1

    def progress(done: int, total: int) -> None:
        member_tasks._write_progress_file(_shared(job), done, total)

    report = importer_for(job).apply(plan, report, progress, keep=still_mine)
    if report.applied:
        mine.update(report=report.to_json())
        _discard(job)
        return SheetImportJob.Status.APPLIED
    if not mine.filter(status=SheetImportJob.Status.APPLYING).update(
            status=SheetImportJob.Status.CHECKED, report=report.to_json()):
        return "superseded"
    _discard(job)  # refused on the re-check: nothing more to confirm
    return SheetImportJob.Status.CHECKED
