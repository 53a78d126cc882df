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
        # While applying, every write is inside one transaction: progress would only show after the commit.
        report = importer_for(job.created_by).run(upload_path(job), apply=apply, progress=None if apply else progress)
    except Exception:  # an unreadable file or a crash: the user sees a message, the log has the details
        log.exception("member import %s failed", job.pk)
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.FAILED, report={"failure": "无法读取该文件，或处理中出错；未导入任何数据"})
        return ImportJob.Status.FAILED
    status = ImportJob.Status.APPLIED if report.applied else ImportJob.Status.CHECKED
    ImportJob.objects.filter(pk=job.pk).update(status=status, report=report.to_json())
    if report.applied:
        upload_path(job).unlink(missing_ok=True)
    return status
