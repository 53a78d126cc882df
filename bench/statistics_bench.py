"""Annual member statistics: zugong against hand-written SQL (the floor) and against pandas on the exported workbook.

Run: .venv/bin/python bench/statistics_bench.py [--scales county,city] [--database-url URL] [--sqlite-path PATH]
For each scale: a demo database (seeded unless ``--sqlite-path`` already holds one), then the seven member tables
as of today for the whole scope, computed three ways in the same run:
- zugong: ``statistics.selectors.member_tables`` (one aggregate query over membership periods);
- floor: hand-written SQL, one GROUP BY per table over the same rows;
- pandas: the member register exported to .xlsx (as an office has it today), read and counted with pandas
  (above Excel's 1,048,576 rows the export is a CSV, as Excel cannot hold it).
The three must give identical tables; the bench stops with an error otherwise.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RUNS = 5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", default="county")
    parser.add_argument("--database-url", default="", help="a PostgreSQL URL; its database is dropped and recreated")
    parser.add_argument("--sqlite-path", default="", help="keep the SQLite database here (reused when it exists)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for scale in args.scales.split(","):
            url = args.database_url or f"sqlite:///{args.sqlite_path or f'{tmp}/{scale}.sqlite3'}"
            if url.startswith("postgres"):
                from bench.members_bench import _recreate_postgres_database

                _recreate_postgres_database(url)
            env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings",
                   "ZUGONG_DEBUG": "false", "ZUGONG_SECRET_KEY": os.environ.get("ZUGONG_SECRET_KEY", "bench")}
            code = f"import bench.statistics_bench as b, json; print(json.dumps(b.figures({scale!r})))"
            run = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True)
            if run.returncode != 0:
                sys.exit(f"statistics bench failed at {scale}:\n{run.stderr[-3000:]}")
            for key, value in json.loads(run.stdout.strip().splitlines()[-1]).items():
                print(f"{scale:<9}{key:<52}{value}")


def figures(scale: str) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from zugong.accounts.models import User
    from zugong.organizations import demo

    call_command("migrate", verbosity=0)
    if not demo.has_data():
        demo.generate(scale, seed=1)
    admin = User.objects.get(username="admin")
    root_path = admin.scope_prefixes("members.view")[0]
    day = timezone.localdate()

    ours, ours_seconds = _best(lambda: _ours(admin, day, root_path))
    floor, floor_seconds = _best(lambda: _floor(day, root_path))
    start = time.perf_counter()
    exported, rows = _export(day)
    export_seconds = time.perf_counter() - start
    start = time.perf_counter()
    from_pandas = _pandas(exported, day)
    pandas_seconds = time.perf_counter() - start
    for name, other in (("hand-written SQL", floor), ("pandas", from_pandas)):
        if other != ours:
            raise AssertionError(f"{name} disagrees with zugong: {json.dumps([ours, other], ensure_ascii=False)}")
    return {
        "members counted": ours["gender"]["total"],
        "zugong seconds (best of 5)": round(ours_seconds, 3),
        "hand-written SQL seconds (best of 5)": round(floor_seconds, 3),
        "ratio to the floor": round(ours_seconds / floor_seconds, 2),
        f"export to {'xlsx' if exported.suffix == '.xlsx' else 'csv'} seconds (not counted)": round(export_seconds, 1),
        "pandas seconds (read the file + count)": round(pandas_seconds, 2),
        "zugong × faster than pandas": round(pandas_seconds / ours_seconds, 1),
        "rows exported": rows,
        "tables identical": True,
    }


def _best(run):
    best, result = float("inf"), None
    for _ in range(RUNS):
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    return result, best


def _ours(user, day, root_path) -> dict:
    from zugong.statistics.selectors import member_tables

    return {f.table.key: {"total": f.total, **f.counts} for f in member_tables(user, day, root_path)}


def _floor(day, root_path) -> dict:
    """The same seven tables in hand-written SQL: the rows open on the day, grouped once per table."""
    from django.db import connection

    from zugong.core.dates import add_years
    from zugong.core.tree import subtree_upper_bound
    from zugong.statistics.tables import AGE_BANDS, JOINING_PERIODS

    base = ("FROM members_membershipperiod p JOIN members_member m ON m.id = p.member_id "
            "WHERE p.org_path >= %s AND p.org_path < %s AND p.started_on <= %s "
            "AND (p.ended_on IS NULL OR p.ended_on > %s)")
    params = [root_path, subtree_upper_bound(root_path), day, day]
    age_case = " ".join(
        f"WHEN m.birth_date {'<=' if low is not None else '>'} %s"
        f"{' AND m.birth_date > %s' if low is not None and high is not None else ''} THEN '{key}'"
        for key, _label, low, high in AGE_BANDS)
    age_params = []
    for _key, _label, low, high in AGE_BANDS:
        if low is not None:
            age_params.append(add_years(day, -low))
            if high is not None:
                age_params.append(add_years(day, -(high + 1)))
        else:
            age_params.append(add_years(day, -(high + 1)))
    joined_case = " ".join(
        f"WHEN m.joined_on {'>= %s' if first else 'IS NOT NULL'}{' AND m.joined_on <= %s' if last else ''} THEN '{key}'"
        for key, _label, first, last in JOINING_PERIODS)
    joined_params = [d for _k, _l, first, last in JOINING_PERIODS for d in (first, last) if d is not None]
    groups = {
        "gender": ("m.gender", []),
        "ethnicity": ("CASE WHEN m.ethnicity = '01' THEN 'han' ELSE 'minority' END", []),
        "education": ("m.education", []),
        "age": (f"CASE {age_case} END", age_params),
        "joined": (f"CASE {joined_case} END", joined_params),
        "occupation": ("m.occupation", []),
        "stage": ("CASE WHEN m.full_member_on IS NULL OR m.full_member_on > %s THEN 'probationary' ELSE 'full' END",
                  [day]),
    }
    result = {}
    with connection.cursor() as cursor:
        for table, (expression, extra) in groups.items():
            cursor.execute(f"SELECT {expression} AS k, COUNT(*) {base} GROUP BY k", extra + params)
            counts = dict(cursor.fetchall())
            result[table] = counts
    return _shape(result)


def _shape(raw: dict) -> dict:
    """Every cell of every table (zero where nothing was counted), the total, and 大专及以上."""
    from zugong.members.codes import TERTIARY
    from zugong.statistics.tables import MEMBER_TABLES

    shaped = {}
    for table in MEMBER_TABLES:
        counts = raw[table.key]
        total = sum(counts.values())
        cells = {}
        for cell in table.cells:
            cells[cell.key] = (sum(counts.get(e, 0) for e in TERTIARY) if cell.key == "tertiary"
                               else int(counts.get(cell.key, 0)))
        shaped[table.key] = {"total": int(total), **cells}
    return shaped


def _export(day) -> tuple[Path, int]:
    """The register as an office exports it: the members on the register today with the columns counted."""
    import csv

    import xlsxwriter

    from zugong.members.models import Member

    rows = Member.objects.active().values_list("gender", "ethnicity", "education", "birth_date", "joined_on",
                                               "occupation", "full_member_on")
    count = rows.count()
    header = ["性别", "民族", "学历", "出生日期", "入党日期", "职业", "转正日期"]
    if count < 1_048_000:
        path = Path(tempfile.gettempdir()) / "zugong-statistics-bench.xlsx"
        book = xlsxwriter.Workbook(path, {"constant_memory": True})
        sheet = book.add_worksheet()
        sheet.write_row(0, 0, header)
        for number, row in enumerate(rows.iterator(chunk_size=5000), start=1):
            sheet.write_row(number, 0, [v.isoformat() if hasattr(v, "isoformat") else v for v in row])
        book.close()
    else:
        path = Path(tempfile.gettempdir()) / "zugong-statistics-bench.csv"
        with path.open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(rows.iterator(chunk_size=5000))
    return path, count


def _pandas(path: Path, day) -> dict:
    import pandas as pd

    from zugong.core.dates import add_years
    from zugong.statistics.tables import AGE_BANDS, JOINING_PERIODS

    frame = pd.read_excel(path, dtype=str) if path.suffix == ".xlsx" else pd.read_csv(path, dtype=str)
    birth = pd.to_datetime(frame["出生日期"]).dt.date
    joined = pd.to_datetime(frame["入党日期"]).dt.date
    full = pd.to_datetime(frame["转正日期"]).dt.date
    age = pd.Series(None, index=frame.index, dtype=object)
    for key, _label, low, high in AGE_BANDS:
        mask = pd.Series(True, index=frame.index)
        if low is not None:
            mask &= birth <= add_years(day, -low)
        if high is not None:
            mask &= birth > add_years(day, -(high + 1))
        age[mask & age.isna()] = key
    period = pd.Series(None, index=frame.index, dtype=object)
    for key, _label, first, last in JOINING_PERIODS:
        mask = pd.Series(True, index=frame.index)
        if first is not None:
            mask &= joined >= first
        if last is not None:
            mask &= joined <= last
        period[mask & period.isna()] = key
    stage = (full.isna() | (full > day)).map({True: "probationary", False: "full"})
    raw = {
        "gender": frame["性别"].value_counts().to_dict(),
        "ethnicity": (frame["民族"] == "01").map({True: "han", False: "minority"}).value_counts().to_dict(),
        "education": frame["学历"].value_counts().to_dict(),
        "age": age.value_counts().to_dict(),
        "joined": period.value_counts().to_dict(),
        "occupation": frame["职业"].value_counts().to_dict(),
        "stage": stage.value_counts().to_dict(),
    }
    return _shape(raw)


if __name__ == "__main__":
    main()
