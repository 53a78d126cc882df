"""``manage.py ensure_assessment_schemes``: add the shipped assessment schemes that are missing (考核方案目录)."""

from django.core.management.base import BaseCommand

from zugong.assessments.catalogue import ensure_catalogue


class Command(BaseCommand):
    help = "添加缺少的内置考核方案（已有的方案保持不变）"

    def handle(self, *args, **options) -> None:
        created = ensure_catalogue()
        self.stdout.write(f"新建考核方案{created}个")
