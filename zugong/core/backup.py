"""Backup and restore (备份与恢复): the database and the uploaded files (MEDIA_ROOT) in one archive.

The archive is a gzip-compressed tar file holding
- ``manifest.json``: format, time, database engine, the applied migrations, the number of uploaded files;
- ``database.sqlite3`` — SQLite's online backup API (``sqlite3.Connection.backup``): a consistent copy while the
  web server and the worker go on writing — or ``database.pgdump`` — ``pg_dump --format=custom``, one snapshot;
- ``media/…``: the uploaded files.

A restore goes into an empty database (no rows outside Django's own content types and permissions) and an
empty MEDIA_ROOT unless ``force`` is given; then ``migrate`` brings a backup of an earlier version up to date. A
backup from a later version (a migration this code does not know) or from the other engine is refused. See
docs/decisions (backup).
"""

import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DUMP_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
ENGINE_LABELS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
# Django's own bookkeeping, filled by `migrate` itself: a migrated database with only these is empty.
BOOKKEEPING = {"contenttypes.contenttype", "auth.permission", "sessions.session"}


class BackupError(Exception):
    """A Chinese message saying why nothing was backed up or restored."""


@dataclass
class Summary:
    path: Path
    engine: str
    media_files: int
    size_bytes: int
    created_at: str = ""


def default_archive_path() -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return Path(settings.ZUGONG_BACKUP_DIR) / f"zugong-{stamp}.tar.gz"


def _engine() -> str:
    if connection.vendor not in DUMP_NAMES:
        raise BackupError(f"不支持的数据库：{connection.vendor}（只支持 SQLite 与 PostgreSQL）")
    return connection.vendor


def _media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


# --- backup --------------------------------------------------------------------------------------


def back_up(destination: Path) -> Summary:
    """Write the archive to ``destination`` (readable by its owner only; it holds ID numbers)."""
    engine = _engine()
    if connection.in_atomic_block:  # SQLite's backup would wait for this very transaction forever
        raise BackupError("备份须在事务之外进行。")
    destination.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if destination.exists():
        raise BackupError(f"文件 {destination} 已存在，未覆盖。")
    media = _media_files()
    with tempfile.TemporaryDirectory(prefix="zugong-backup-") as work:
        dump = Path(work) / DUMP_NAMES[engine]
        if engine == "sqlite":
            _dump_sqlite(dump)
        else:
            _dump_postgresql(dump)
        created_at = timezone.now().isoformat()
        manifest = {"format": FORMAT, "created_at": created_at, "engine": engine,
                    "migrations": sorted(MigrationRecorder(connection).applied_migrations()),
                    "media_files": len(media)}
        (Path(work) / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
        draft = destination.with_name(destination.name + ".part")
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
                archive.add(Path(work) / MANIFEST, arcname=MANIFEST)
                archive.add(dump, arcname=dump.name)
                for path in media:
                    archive.add(path, arcname=f"{MEDIA}/{path.relative_to(settings.MEDIA_ROOT).as_posix()}")
            draft.rename(destination)  # a half-written archive never carries the final name
        finally:
            draft.unlink(missing_ok=True)
    return Summary(destination, engine, len(media), destination.stat().st_size, created_at)


def _dump_sqlite(target_path: Path) -> None:
    connection.ensure_connection()
    target = sqlite3.connect(target_path)
    try:
        connection.connection.backup(target)
    finally:
        target.close()


def _pg_env() -> dict[str, str]:
    params = connection.settings_dict
    env = {**os.environ, "PGDATABASE": params["NAME"]}
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if params.get(key):
            env[variable] = str(params[key])
    for option, variable in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT")):
        if params.get("OPTIONS", {}).get(option):
            env[variable] = str(params["OPTIONS"][option])
    return env


def _run_pg_tool(command: list[str], what: str) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"未找到 {command[0]}：请安装 PostgreSQL 客户端（Debian: apt-get install postgresql-client）。")
    run = subprocess.run(command, env=_pg_env(), capture_output=True, text=True)
    if run.returncode != 0:
        raise BackupError(f"{what}失败：{run.stderr.strip()[-2000:]}")


def _dump_postgresql(target_path: Path) -> None:
    _run_pg_tool(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target_path}"],
                 "pg_dump 导出数据库")


# --- restore -------------------------------------------------------------------------------------


def tables_with_rows() -> list[str]:
    """The models whose tables exist and hold rows, Django's own bookkeeping left out."""
    existing = set(connection.introspection.table_names())
    return [model._meta.label for model in apps.get_models(include_auto_created=True)
            if model._meta.label_lower not in BOOKKEEPING and model._meta.db_table in existing
            and model._base_manager.exists()]


def read_manifest(archive_path: Path) -> dict:
    try:
        with tarfile.open(archive_path, mode="r:gz") as archive:
            member = archive.extractfile(MANIFEST)
            manifest = json.loads(member.read()) if member else None
    except (OSError, tarfile.TarError, KeyError, ValueError) as error:
        raise BackupError(f"{archive_path} 不是 zugong 备份文件（{error}）。") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{archive_path} 不是本版本可读的 zugong 备份文件。")
    return manifest


def restore(archive_path: Path, *, force: bool = False) -> Summary:
    manifest = read_manifest(archive_path)
    engine = _engine()
    if manifest["engine"] != engine:
        raise BackupError(f"备份来自 {ENGINE_LABELS[manifest['engine']]} 数据库，当前数据库是 {ENGINE_LABELS[engine]}："
                          f"只能恢复到同一种数据库。")
    _refuse_later_version(manifest)
    if not force:
        _refuse_overwriting()
    with tempfile.TemporaryDirectory(prefix="zugong-restore-") as work, tarfile.open(archive_path, "r:gz") as archive:
        dump_name = DUMP_NAMES[engine]
        archive.extract(dump_name, work, filter="data")
        if engine == "sqlite":
            _load_sqlite(Path(work) / dump_name)
        else:
            _load_postgresql(Path(work) / dump_name)
        media = _restore_media(archive)
    call_command("migrate", interactive=False, verbosity=0)  # a backup of an earlier version, brought up to date
    return Summary(archive_path, engine, media, archive_path.stat().st_size, manifest["created_at"])


def _refuse_later_version(manifest: dict) -> None:
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = sorted({tuple(m) for m in manifest["migrations"]} - known)
    if unknown:
        names = "、".join(f"{app}.{name}" for app, name in unknown[:5])
        raise BackupError(f"备份来自较新版本的 zugong（本版本没有迁移 {names}）：请先升级程序再恢复。")


def _refuse_overwriting() -> None:
    filled = tables_with_rows()
    if filled:
        raise BackupError(f"当前数据库已有数据（{', '.join(filled[:5])} 等 {len(filled)} 个表），恢复会覆盖它们。"
                          f"确认覆盖请加 --yes；未作任何改动。")
    if _media_files():
        raise BackupError(f"上传文件目录 {settings.MEDIA_ROOT} 不是空的，恢复会覆盖其中的文件。确认覆盖请加 --yes；"
                          f"未作任何改动。")


def _load_sqlite(source_path: Path) -> None:
    connection.ensure_connection()
    source = sqlite3.connect(source_path)
    try:
        source.backup(connection.connection)  # replaces every page of the current database
    finally:
        source.close()
        connection.close()


def _load_postgresql(dump_path: Path) -> None:
    with connection.cursor() as cursor:
        # Waits at most this long for other sessions (a running server or worker) instead of hanging.
        cursor.execute("SET lock_timeout = '10s'")
        try:
            cursor.execute("DROP SCHEMA IF EXISTS public CASCADE")
            cursor.execute("CREATE SCHEMA public")
        except Exception as error:
            raise BackupError(f"无法清空当前数据库（{error}）：请先停止网站、后台任务进程和调度进程。") from error
    connection.close()
    _run_pg_tool(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
                  f"--dbname={connection.settings_dict['NAME']}", str(dump_path)], "pg_restore 恢复数据库")


def _restore_media(archive: tarfile.TarFile) -> int:
    root = Path(settings.MEDIA_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    for child in root.iterdir():  # only with force: the backup's files replace what is there
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    count = 0
    for member in archive.getmembers():
        if member.isfile() and member.name.startswith(MEDIA + "/"):
            member.name = member.name.removeprefix(MEDIA + "/")
            archive.extract(member, root, filter="data")  # the data filter refuses absolute paths and ../
            count += 1
    return count


def describe(summary: Summary) -> str:
    size = f"{summary.size_bytes / 1_048_576:.1f} MB"
    created = dt.datetime.fromisoformat(summary.created_at).astimezone(timezone.get_current_timezone())
    return (f"{summary.path}（{ENGINE_LABELS[summary.engine]} 数据库与上传文件 {summary.media_files} 个，{size}，"
            f"备份时间 {created:%Y-%m-%d %H:%M:%S}）")
