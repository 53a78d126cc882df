"""manage.py backup [FILE]: the database and the uploaded files in one archive (see zugong/core/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zugong.core import backup


class Command(BaseCommand):
    help = "备份数据库与上传文件到一个文件（默认 ZUGONG_BACKUP_DIR/zugong-日期-时间.tar.gz）"

    def add_arguments(self, parser):
        parser.add_argument("archive", nargs="?", help="备份文件路径（.tar.gz）；不可已存在")

    def handle(self, *args, archive, **options):
        destination = Path(archive) if archive else backup.default_archive_path()
        try:
            summary = backup.back_up(destination.absolute())
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write("已备份：" + backup.describe(summary))
        self.stdout.write("备份文件含全部身份证号等敏感信息，请妥善保管（文件只允许本用户读取）。")
