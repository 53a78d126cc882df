"""Enqueue the nightly checks once a day; the task worker runs them."""

import datetime as dt
import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from zugong.core.tasks import run_nightly_task


def seconds_until(hour: int, now: dt.datetime) -> float:
    target = now.replace(hour=hour, minute=0, second=0, microsecond=0)
    if target <= now:
        target += dt.timedelta(days=1)
    return (target - now).total_seconds()


class Command(BaseCommand):
    help = "每天定时（默认凌晨 2 点）提交一次全量检查及清理任务（过期的上传文件等）"

    def add_arguments(self, parser):
        parser.add_argument("--hour", type=int, default=2, help="每天运行的时刻（0–23）")

    def handle(self, *args, hour, **options):
        while True:
            wait = seconds_until(hour, timezone.localtime())
            self.stdout.write(f"下次全量检查将在 {wait / 3600:.1f} 小时后提交", ending="\n")
            self.stdout.flush()
            time.sleep(wait)
            run_nightly_task.enqueue()  # the checks, then housekeeping (expired uploads …)
