from django.core.management.base import BaseCommand

from zugong.core.checks import run_checks


class Command(BaseCommand):
    help = "运行全部检查项，刷新问题预警（每晚由计划任务调用）"

    def handle(self, *args, **options):
        count = run_checks()
        self.stdout.write(f"检查完成，当前问题预警 {count} 条")
