"""Backup and restore (备份与恢复): a backup restored into an empty database holds every record and every history
event as they were, and the uploaded files; a database with data is not overwritten without --yes.

The suite's own database (SQLite or PostgreSQL, whichever the run uses) holds the demo county and is backed up by
`manage.py backup`; `manage.py restore` then runs in a separate process against a new, empty database of the same
engine and another media folder, as an installation on a new machine would.
"""

import datetime as dt
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection

from zugong.core.models import AuditEvent
from zugong.core.validators import id_check_char
from zugong.members.services import create_member, reveal_id_number
from zugong.organizations.models import Organization
from zugong.organizations.services import record_election, update_organization

ROOT = Path(__file__).resolve().parents[3]
UPLOAD = ("imports/2026/名册.xlsx", b"PK\x03\x04 the bytes of an uploaded workbook \x00\xff")


def table_contents() -> dict[str, list]:
    """Every table of every model (many-to-many tables too): its row count and a digest of all its rows, read in
    primary-key order through the database connection as Django configures it."""
    contents = {}
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            meta = model._meta
            if meta.proxy or not meta.managed:
                continue
            table, key = connection.ops.quote_name(meta.db_table), connection.ops.quote_name(meta.pk.column)
            cursor.execute(f"SELECT * FROM {table} ORDER BY {key}")
            rows = cursor.fetchall()
            contents[meta.db_table] = [len(rows), hashlib.sha256(repr(rows).encode()).hexdigest()]
    return contents


def _run(args: list[str], env: dict, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, input=stdin, capture_output=True, text=True)


def _empty_database(tmp_path: Path) -> str:
    """A new database of the suite's engine with nothing in it (not even tables)."""
    if connection.vendor == "sqlite":
        return f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    import psycopg

    params = connection.settings_dict
    name = f"{params['NAME']}_restored"
    server = f"postgres://{params['USER']}@{params['HOST']}:{params['PORT'] or 5432}"
    with psycopg.connect(f"{server}/postgres", autocommit=True, password=params.get("PASSWORD") or None) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"


def _drop(url: str) -> None:
    if url.startswith("postgres"):
        import psycopg

        server, name = url.rsplit("/", 1)
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    upload = settings.MEDIA_ROOT / UPLOAD[0]
    upload.parent.mkdir(parents=True)
    upload.write_bytes(UPLOAD[1])
    return settings.MEDIA_ROOT


def id_for(birth: dt.date, sequence: int) -> str:
    first17 = f"360721{birth:%Y%m%d}{sequence:03d}"
    return first17 + id_check_char(first17)


def some_history(county, admin) -> None:
    """Records of several kinds written through their services, each with its history event (dates, decimals,
    JSON changes, Chinese text, empty values)."""
    for number in range(1, 31):
        member = create_member(
            admin, name=f"测试党员{number}", id_number=id_for(dt.date(1940 + number, 3, 5), number), gender=None,
            birth_date=None, ethnicity="01", education="college", occupation="farmer", joined_on=dt.date(1995, 7, 1),
            full_member_on=dt.date(1996, 7, 1), stage="full", organization=county.village, work_unit=None, phone="",
            address="", is_in_hardship=number % 7 == 0, dues_category="farmer")
    reveal_id_number(admin, member)
    record_election(admin, county.village, elected_on=dt.date(2024, 5, 1), seats=3, candidates_count=4,
                    elected=[("刘书记", "secretary"), ("王委员", "member")])
    update_organization(admin, county.agency_branch, name="县财政局党支部")


@pytest.mark.django_db(transaction=True)
def test_a_backup_restored_into_an_empty_database_has_every_record_and_history_event(
        media, tmp_path, county, department_admin):
    some_history(county, department_admin)
    assert AuditEvent.objects.count() >= 33
    before = table_contents()
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive))
    assert archive.stat().st_mode & 0o777 == 0o600  # it holds every ID number

    url = _empty_database(tmp_path)
    try:
        env = {**os.environ, "DATABASE_URL": url, "ZUGONG_MEDIA_ROOT": str(tmp_path / "restored-media"),
               "DJANGO_SETTINGS_MODULE": "config.settings"}
        restored = _run(["manage.py", "restore", str(archive)], env)
        assert restored.returncode == 0, restored.stderr
        assert "已恢复" in restored.stdout
        read = _run(["-c", "import django, json; django.setup(); from zugong.core.tests.test_backup import "
                           "table_contents; print(json.dumps(table_contents()))"], env)
        assert read.returncode == 0, read.stderr
        after = json.loads(read.stdout.strip().splitlines()[-1])
    finally:
        _drop(url)
    differing = sorted(table for table in before.keys() | after.keys() if before.get(table) != after.get(table))
    assert not differing, [(t, before.get(t, ["-"])[0], after.get(t, ["-"])[0]) for t in differing]
    assert before["core_auditevent"][0] >= 33 and before["members_member"][0] == 30
    assert (tmp_path / "restored-media" / UPLOAD[0]).read_bytes() == UPLOAD[1]


@pytest.mark.django_db(transaction=True)
def test_a_database_with_data_is_not_overwritten_unless_confirmed(media, tmp_path, county):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive))
    before = table_contents()
    Organization.objects.filter(pk=county.agency_branch.pk).update(name="备份之后改的名字")
    (media / "later.xlsx").write_bytes(b"after the backup")

    with pytest.raises(CommandError, match="当前数据库已有数据.*确认覆盖请加 --yes；未作任何改动"):
        call_command("restore", str(archive))
    assert Organization.objects.get(pk=county.agency_branch.pk).name == "备份之后改的名字"

    if connection.vendor == "sqlite":  # on PostgreSQL the overwrite drops the schema this test run stands on
        call_command("restore", str(archive), force=True)
        assert table_contents() == before
        assert sorted(p.relative_to(media).as_posix() for p in media.rglob("*") if p.is_file()) == [UPLOAD[0]]


@pytest.mark.django_db(transaction=True)
def test_uploaded_files_alone_are_not_overwritten_either(media, tmp_path):
    call_command("flush", interactive=False)  # no rows at all (a migration's own rows stay until the first flush)
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive))
    with pytest.raises(CommandError, match="上传文件目录 .* 不是空的"):
        call_command("restore", str(archive))


@pytest.mark.django_db(transaction=True)
def test_a_backup_of_a_later_version_or_another_engine_or_not_a_backup_is_refused(media, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive))
    with tarfile.open(archive) as backup:
        manifest = json.loads(backup.extractfile("manifest.json").read())
        dump = backup.extractfile(next(n for n in backup.getnames() if n.startswith("database."))).read()

    def rewritten(name: str, **changes) -> Path:
        path = tmp_path / name
        with tarfile.open(path, "w:gz") as out:
            for member_name, data in (("manifest.json", json.dumps({**manifest, **changes}).encode()),
                                      ("database.x", dump)):
                info = tarfile.TarInfo(member_name)
                info.size = len(data)
                out.addfile(info, io.BytesIO(data))
        return path

    later = rewritten("later.tar.gz", migrations=[*manifest["migrations"], ["members", "9999_from_the_future"]])
    with pytest.raises(CommandError, match="备份来自较新版本的 zugong（本版本没有迁移 members.9999_from_the_future）"):
        call_command("restore", str(later))
    other = rewritten("other.tar.gz", engine="postgresql" if connection.vendor == "sqlite" else "sqlite")
    with pytest.raises(CommandError, match="只能恢复到同一种数据库"):
        call_command("restore", str(other))
    not_a_backup = tmp_path / "notes.tar.gz"
    not_a_backup.write_bytes(b"not a tar file")
    with pytest.raises(CommandError, match="不是 zugong 备份文件"):
        call_command("restore", str(not_a_backup))
    with pytest.raises(CommandError, match="已存在，未覆盖"):
        call_command("backup", str(archive))
