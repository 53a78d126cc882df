"""Background work of the member register: large imports (run by the django-tasks-db worker)."""

import logging
from pathlib import Path

from django.conf import settings
from django.tasks import task

from zugong.members.models import ImportJob

UPLOADS = Path(settings.MEDIA_ROOT) / "imports"
log = logging.getLogger(__name__)


def upload_path(job: ImportJob) -> Path:
    return UPLOADS / f"{job.pk}.xlsx"


def progress_path(job: ImportJob) -> Path:
    return UPLOADS / f"{job.pk}.progress"


def _write_progress_file(job: ImportJob, done: int, total: int) -> None:
    """While applying, every write is inside one transaction that no other connection sees until it commits (and
    on SQLite, whose one writer it is, another connection could not even record progress): the count goes to a
    file beside the upload, replaced whole so that a reader never sees half of it."""
    path = progress_path(job)
    partial = path.with_suffix(".progress-partial")
    partial.write_text(f"{done} {total}")
    partial.replace(path)


def applying_progress(job: ImportJob) -> tuple[int, int] | None:
    """(rows done, rows in all) of an import being applied, or None before its first chunk."""
    try:
        done, total = progress_path(job).read_text().split()
        return int(done), int(total)
    except (OSError, ValueError):
        return None


@task()
def run_import(job_id: str, apply: bool) -> str:
    """Check (and, when asked and every row passes, apply) an uploaded workbook as the user who uploaded it."""
    from zugong.members.import_views import importer_for

    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.APPLYING if apply else ImportJob.Status.CHECKING, rows_done=0)

    def progress(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(rows_done=done, rows_total=total)

    try:
        report = importer_for(job.created_by).run(
            upload_path(job), apply=apply, progress=(lambda d, t: _write_progress_file(job, d, t)) if apply else progress,
            rows_expected=job.report.get("rows") if apply else None)
    except Exception:  # an unreadable file or a crash: the user sees a message, the log has the details
        log.exception("member import %s failed", job.pk)
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.FAILED, report={"failure": "无法读取该文件，或处理中出错；未导入任何数据"})
        return ImportJob.Status.FAILED
    finally:
        progress_path(job).unlink(missing_ok=True)
    status = ImportJob.Status.APPLIED if report.applied else ImportJob.Status.CHECKED
    ImportJob.objects.filter(pk=job.pk).update(status=status, report=report.to_json())
    if report.applied:
        upload_path(job).unlink(missing_ok=True)
    return status
