"""Member register figures: import throughput and memory, and list-page latency.

Run: .venv/bin/python bench/members_bench.py [--rows 10000] [--scale county|city]
- import: N generated rows from an .xlsx with full validation (dry run + apply), against a floor that
  reads the same workbook and bulk-inserts the rows with no validation; seconds, ratio, peak RSS.
- list: p50 and p95 of the member list page for the township operator (page 1 and a deep page,
  filtered and not) at the chosen demo scale.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10000)
    parser.add_argument("--scale", default="county")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3", "DJANGO_SETTINGS_MODULE": "config.settings"}
        for part in ("import", "list"):
            code = f"import bench.members_bench as b; import json; print(json.dumps(b.{part}_figures({args.rows}, {args.scale!r})))"
            out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, check=True, capture_output=True,
                                 text=True).stdout.strip().splitlines()[-1]
            for key, value in json.loads(out).items():
                print(f"{part:<7}{key:<44}{value}")


def _setup():
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def import_figures(rows: int, scale: str) -> dict:
    import datetime as dt
    import random
    import resource

    import openpyxl

    _setup()
    from zugong.accounts.models import User
    from zugong.core.validators import id_check_char
    from zugong.members.importer import HEADERS, Importer
    from zugong.members.models import Member
    from zugong.organizations import demo
    from zugong.organizations.models import Organization, WorkUnit

    if not demo.has_data():
        demo.generate("county", seed=1)
    admin = User.objects.get(username="admin")
    from zugong.members.excel import duplicate_organization_names, organization_label

    duplicates = duplicate_organization_names()
    villages = [organization_label(o, duplicates) for o in
                Organization.objects.filter(sector="rural", kind="branch").select_related("parent")[:300]]
    rng = random.Random(5)
    path = Path(tempfile.mkdtemp()) / "members.xlsx"
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADERS)
    for i in range(rows):
        birth = dt.date(1950, 1, 1) + dt.timedelta(days=i % 15000)
        first17 = f"110101{birth:%Y%m%d}{i % 1000:03d}"
        values = {"姓名": f"测试{i}", "身份证号": first17 + id_check_char(first17), "学历": "高中", "职业": "农牧渔民",
                  "入党日期": dt.date(2015, 7, 1), "转正日期": dt.date(2016, 7, 1), "党员类别": "正式党员",
                  "所在党组织": rng.choice(villages)}
        sheet.append([values.get(h) for h in HEADERS])
    book.save(path)
    before = Member.objects.count()

    start = time.perf_counter()
    reader = openpyxl.load_workbook(path, read_only=True).worksheets[0].iter_rows(values_only=True)
    next(reader)
    org_ids = {organization_label(o, duplicates): o.pk for o in Organization.objects.select_related("parent")}
    Member.objects.bulk_create(
        (Member(name=r[0], name_initials="", id_number="F" + r[1][1:], gender="male", birth_date=dt.date(1980, 1, 1),
                education="high_school", occupation="farmer", joined_on=dt.date(2015, 7, 1), stage="full",
                organization_id=org_ids[r[10]]) for r in reader),
        batch_size=2000,
    )
    floor = time.perf_counter() - start
    Member.objects.filter(id_number__startswith="F").delete()

    importer = Importer(admin, Organization.objects.all(), WorkUnit.objects.all())
    start = time.perf_counter()
    report = importer.run(path, apply=True)
    seconds = time.perf_counter() - start
    assert report.applied and not report.errors, report.errors[:3]
    return {
        "rows": rows,
        "created": Member.objects.count() - before,
        "validated import seconds (dry run + apply)": round(seconds, 1),
        "floor seconds (read + bulk insert)": round(floor, 1),
        "ratio to floor": round(seconds / floor, 1),
        "peak RSS MB": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def list_figures(rows: int, scale: str) -> dict:
    _setup()
    from django.test import Client

    from zugong.accounts.models import User
    from zugong.members.models import Member
    from zugong.organizations import demo

    if not demo.has_data():
        demo.generate(scale, seed=1)
    from zugong.members.selectors import members_visible_to

    township = User.objects.get(username="township")
    client = Client()
    client.force_login(township)
    visible = members_visible_to(township).active().count()
    deep = max(1, (visible + 49) // 50 - 1)
    figures = {"members in database": Member.objects.count(), "members the township sees": visible}
    for label, query in (("page 1", {}), (f"page {deep}", {"page": deep}),
                         ("filtered page 1 (female, 51-55)", {"gender": "female", "age_band": "51-55"})):
        times = []
        for _ in range(30):
            start = time.perf_counter()
            assert client.get("/members/", query).status_code == 200
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        figures[f"{label} p50 ms"] = round(statistics.median(times), 1)
        figures[f"{label} p95 ms"] = round(times[int(len(times) * 0.95) - 1], 1)
    return figures


if __name__ == "__main__":
    main()
