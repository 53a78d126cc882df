"""manage.py restore FILE: a backup made by `manage.py backup`, into an empty database (see zugong/core/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zugong.core import backup


class Command(BaseCommand):
    help = "从 manage.py backup 生成的备份文件恢复数据库与上传文件（默认只恢复到空数据库）"

    def add_arguments(self, parser):
        parser.add_argument("archive", help="备份文件路径")
        parser.add_argument("--yes", "--force", action="store_true", dest="force",
                            help="当前数据库或上传文件目录已有数据时，确认用备份覆盖")

    def handle(self, *args, archive, force, **options):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"未找到备份文件 {path}。")
        try:
            summary = backup.restore(path.absolute(), force=force)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write("已恢复：" + backup.describe(summary))
