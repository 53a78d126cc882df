"""Member register figures: import throughput and memory, and list-page latency.

Run: .venv/bin/python bench/members_bench.py [--rows 10000] [--scale county|city] [--database-url URL]
    [--parts import,import-export,list]
- import: N generated rows from an .xlsx with full validation (dry run + apply), against a floor that
  reads the same workbook and loads the rows with no validation (PostgreSQL: COPY; SQLite: executemany);
  seconds, ratio, peak RSS of the process.
- import-export: the same workbook through django-import-export (a ModelResource with the same columns,
  dry run then import), for comparison.
- list: p50 and p95 of the member list page for the township operator (page 1 and a deep page,
  filtered and not) at the chosen demo scale.
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import figures_in_child, production_env, recreate_postgres_database, write_figures  # noqa: E402  (after the path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10000)
    parser.add_argument("--scale", default="county")
    parser.add_argument("--database-url", default="", help="a PostgreSQL URL; its database is dropped and recreated")
    parser.add_argument("--parts", default="import,import-export,list")
    parser.add_argument("--sqlite-path", default="", help="keep the SQLite database here (reused when it exists)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{args.sqlite_path or tmp + '/bench.sqlite3'}"
        if url.startswith("postgres"):
            recreate_postgres_database(url)
        parts = args.parts.split(",")
        if {"import", "import-export"} & set(parts):
            # seeded and written in a child of its own, so that the import's peak RSS is the import's
            figures_in_child("members_bench", f"b.prepare({args.rows})", production_env(url, 1), "members bench (prepare)")
        for part in parts:
            env = production_env(url, 1)
            if part == "list":  # the page as developers run it
                env.pop("ZUGONG_DEBUG")
            found = figures_in_child("members_bench", f"b.{part.replace('-', '_')}_figures({args.rows}, {args.scale!r})",
                                     env, f"members bench ({part})")
            write_figures(part, found, label_width=14, key_width=60)


def _setup():
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def import_figures(rows: int, scale: str) -> dict:
    import resource

    _setup()
    from django.db import connection

    from zugong.accounts.models import User
    from zugong.members.importer import Importer
    from zugong.members.models import Member
    from zugong.organizations.models import Organization, WorkUnit

    path, org_ids = _workbook_path(rows), _villages()
    _remove_bench_members()
    admin = User.objects.get(username="admin")
    before = Member.objects.count()

    start = time.perf_counter()
    _floor_load(path, org_ids)
    floor = time.perf_counter() - start
    floor_rows = Member.objects.filter(id_number__startswith="F")
    floor_rows._raw_delete(floor_rows.db)

    start = time.perf_counter()
    checked = Importer(admin, Organization.objects.all(), WorkUnit.objects.all()).run(path, apply=False)
    check_seconds = time.perf_counter() - start
    assert not checked.errors, checked.errors[:3]
    start = time.perf_counter()
    report = Importer(admin, Organization.objects.all(), WorkUnit.objects.all()).run(path, apply=True)
    seconds = time.perf_counter() - start
    assert report.applied and not report.errors, report.errors[:3]
    return {
        "rows": rows,
        "created": Member.objects.count() - before,
        "dry run seconds (check every row, write nothing)": round(check_seconds, 1),
        "validated import seconds (check again, then write)": round(seconds, 1),
        f"floor seconds (read + {'COPY' if connection.vendor == 'postgresql' else 'executemany'})": round(floor, 1),
        "ratio to floor (validated import)": round(seconds / floor, 1),
        "dry run + import seconds (what a user waits in all)": round(check_seconds + seconds, 1),
        "peak RSS MB": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def prepare(rows: int) -> dict:
    """The county demo (when the database has none) and the workbook of ``rows`` generated members."""
    _setup()
    from zugong.organizations import demo

    if not demo.has_data():
        demo.generate("county", seed=1)
    _write_workbook(rows, sorted(_villages()))
    return {}


def _workbook_path(rows: int) -> Path:
    return Path(tempfile.gettempdir()) / f"zugong-bench-members-v2-{rows}.xlsx"  # v2: with 党费类别, required since issue 21


def _villages() -> dict[str, int]:
    """The organization id of each of the 300 village branches the workbook places its members in, by label."""
    from zugong.members.excel import duplicate_organization_names, organization_label
    from zugong.organizations.models import Organization

    duplicates = duplicate_organization_names()
    return {organization_label(o, duplicates): o.pk for o in
            Organization.objects.filter(sector="rural", kind="branch").select_related("parent").order_by("pk")[:300]}


def _write_workbook(rows: int, labels: list[str]) -> None:
    """N valid rows in the export's columns (gender and birth date filled, as an office's register has them)."""
    import datetime as dt
    import random

    import openpyxl

    from zugong.core.validators import id_check_char
    from zugong.members.importer import HEADERS

    rng = random.Random(5)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADERS)
    for i in range(rows):
        birth = dt.date(1950, 1, 1) + dt.timedelta(days=i % 15000)
        sequence = i // 15000  # with the 15,000 birth dates: unique up to 15 million rows
        first17 = f"110101{birth:%Y%m%d}{sequence:03d}"
        values = {"姓名": f"测试{i}", "身份证号": first17 + id_check_char(first17),
                  "性别": "男" if sequence % 2 else "女", "出生日期": birth, "学历": "高中", "职业": "农牧渔民",
                  "入党日期": dt.date(2015, 7, 1), "转正日期": dt.date(2016, 7, 1), "党员类别": "正式党员",
                  "所在党组织": rng.choice(labels), "党费类别": "农民"}
        sheet.append([values.get(h, "") for h in HEADERS])  # every cell written: tablib needs full rows
    book.save(_workbook_path(rows))


def _remove_bench_members() -> None:
    from zugong.core.models import AuditEvent
    from zugong.members.models import Member, MembershipPeriod

    # Raw deletes: Django's delete() would load every row first and count in the import's peak memory.
    events = AuditEvent.objects.filter(object_type__model="member", object_repr__startswith="测试")
    events._raw_delete(events.db)
    periods = MembershipPeriod.objects.filter(member__id_number__startswith="110101")
    periods._raw_delete(periods.db)
    members = Member.objects.filter(id_number__startswith="110101")
    members._raw_delete(members.db)


def _floor_load(path: Path, org_ids: dict[str, int]) -> None:
    """Read the workbook and load its rows as they are: no validation, no audit, the database's fastest path."""
    import datetime as dt

    import openpyxl
    from django.db import connection, transaction
    from django.utils import timezone

    from zugong.organizations.models import Organization

    reader = openpyxl.load_workbook(path, read_only=True).worksheets[0].iter_rows(values_only=True)
    header = next(reader)
    at = {title: header.index(title) for title in header}
    now, month = timezone.now(), dt.date.today().replace(day=1)
    paths = dict(Organization.objects.filter(pk__in=org_ids.values()).values_list("pk", "path"))
    columns = ("name", "name_initials", "id_number", "gender", "birth_date", "ethnicity", "education", "occupation",
               "joined_on", "full_member_on", "stage", "organization_id", "phone", "address", "is_in_hardship",
               "status", "dues_category", "dues_from", "created_at", "org_path")
    rows = ((r[at["姓名"]], "", "F" + r[at["身份证号"]][1:], "male", r[at["出生日期"]], "01", "high_school", "farmer",
             r[at["入党日期"]], r[at["转正日期"]], "full", org_ids[r[at["所在党组织"]]], "", "", False, "active",
             "farmer", month, now, paths[org_ids[r[at["所在党组织"]]]]) for r in reader)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY members_member ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO members_member ({', '.join(columns)}) VALUES "
                               f"({', '.join(['%s'] * len(columns))})", list(rows))


def import_export_figures(rows: int, scale: str) -> dict:
    """The same workbook through django-import-export: what a Django project would reach for first."""
    import datetime as dt

    _setup()
    from import_export import fields, resources, widgets
    from import_export.formats.base_formats import XLSX

    from zugong.members.codes import Education, Occupation
    from zugong.members.models import Member
    from zugong.organizations.models import Organization

    path, org_ids = _workbook_path(rows), _villages()
    _remove_bench_members()  # the same rows as new members, as in the import part
    organizations = Organization.objects.in_bulk(list(org_ids.values()))

    class Choice(widgets.Widget):
        def __init__(self, choices):
            super().__init__()
            self.by_label = {str(label): value for value, label in choices}

        def clean(self, value, row=None, **kwargs):
            return self.by_label[value]

    class OrganizationByLabel(widgets.Widget):
        def clean(self, value, row=None, **kwargs):
            return organizations[org_ids[value]]

    class Day(widgets.Widget):
        def clean(self, value, row=None, **kwargs):
            return value.date() if isinstance(value, dt.datetime) else value

    class MemberResource(resources.ModelResource):
        name = fields.Field("name", "姓名")
        id_number = fields.Field("id_number", "身份证号")
        gender = fields.Field("gender", "性别", widget=Choice(Member.Gender.choices))
        birth_date = fields.Field("birth_date", "出生日期", widget=Day())
        education = fields.Field("education", "学历", widget=Choice(Education.choices))
        occupation = fields.Field("occupation", "职业", widget=Choice(Occupation.choices))
        joined_on = fields.Field("joined_on", "入党日期", widget=Day())
        full_member_on = fields.Field("full_member_on", "转正日期", widget=Day())
        stage = fields.Field("stage", "党员类别", widget=Choice(Member.Stage.choices))
        organization = fields.Field("organization", "所在党组织", widget=OrganizationByLabel())

        class Meta:
            model = Member
            fields = ("name", "id_number", "gender", "birth_date", "education", "occupation", "joined_on",
                      "full_member_on", "stage", "organization")
            import_id_fields = ("id_number",)

    before = Member.objects.count()
    start = time.perf_counter()
    dataset = XLSX().create_dataset(path.read_bytes())
    checked = MemberResource().import_data(dataset, dry_run=True)
    assert not checked.has_errors() and not checked.has_validation_errors()
    result = MemberResource().import_data(dataset, dry_run=False)
    seconds = time.perf_counter() - start
    assert not result.has_errors()
    return {"rows": rows, "created": Member.objects.count() - before,
            "django-import-export seconds (dry run + import)": round(seconds, 1)}


def list_figures(rows: int, scale: str) -> dict:
    _setup()
    from django.test import Client

    from zugong.accounts.models import User
    from zugong.members.models import Member
    from zugong.organizations import demo

    if not demo.has_data():
        demo.generate(scale, seed=1)
    from zugong.members.selectors import members_visible_to

    figures: dict = {"members in database": Member.objects.count()}
    for username in ("township", "admin"):
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)
        visible = members_visible_to(user).active().count()
        deep = min(500, max(1, (visible + 49) // 50 - 1))
        figures[f"members the {username} sees"] = visible
        for label, query in (("page 1", {}), (f"page {deep}", {"page": deep}),
                             ("filtered page 1 (female, 51-55)", {"gender": "female", "age_band": "51-55"})):
            times = []
            for _ in range(30 if username == "township" else 10):
                start = time.perf_counter()
                assert client.get("/members/", query).status_code == 200
                times.append((time.perf_counter() - start) * 1000)
            times.sort()
            figures[f"{username} {label} p50 ms"] = round(statistics.median(times), 1)
            figures[f"{username} {label} p95 ms"] = round(times[max(0, int(len(times) * 0.95) - 1)], 1)
    return figures


if __name__ == "__main__":
    main()
