"""The background worker (后台任务进程): django-tasks-db's ``db_worker`` with the same options, after the work a
killed worker left half done is settled (``core.tasks.on_worker_start`` hooks: imports marked interrupted)."""

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from zugong.core.tasks import worker_started


class Command(DbWorkerCommand):
    help = "运行后台任务进程（先标记上次中断的导入等，再按 db_worker 的选项运行）"

    def handle(self, *args, **options) -> None:
        worker_started()
        super().handle(*args, **options)
