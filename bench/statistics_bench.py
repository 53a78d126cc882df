"""The annual statistics: zugong against hand-written SQL (the floor) and against pandas on the exported register.

Run: .venv/bin/python bench/statistics_bench.py [--scales county,city] [--database-url URL] [--sqlite-path PATH]
For each scale: a demo database (seeded unless ``--sqlite-path`` already holds one), then the tables as of today
for the whole scope, computed three ways in the same run:
- zugong: ``statistics.selectors.tables`` (one aggregate query of conditional counts per source of records);
- floor: hand-written SQL, one GROUP BY per table over the same rows;
- pandas: the member register exported to .xlsx (as an office has it today), read and counted with pandas
  (above Excel's 1,048,576 rows the export is a CSV, as Excel cannot hold it).
The three must give identical tables; the bench stops with an error otherwise. zugong and the floor compute
every table of the annual statistics (members, development, admitted, left, dues, organizations); pandas the
seven member tables from the exported register (the other tables need other exports), against zugong's time for
the same seven. Then the day is finalized (``statistics.snapshots.freeze``: every table for every organization
counted once and kept) — its time against the floor — and the tables are read back from the snapshot (checked
identical to the floor) — that time against pandas.
"""

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import (  # noqa: E402  (after the path)
    best_of,
    figures_in_child,
    production_env,
    recreate_postgres_database,
    write_figures,
)

RUNS = 5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", default="county")
    parser.add_argument("--database-url", default="", help="a PostgreSQL URL; its database is dropped and recreated")
    parser.add_argument("--sqlite-path", default="", help="keep the SQLite database here (reused when it exists)")
    parser.add_argument("--runs", type=int, default=RUNS, help="best of how many runs for zugong and the floor")
    parser.add_argument("--no-pandas", action="store_true", help="zugong against the floor only (pandas takes "
                                                                  "minutes at province scale)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for scale in args.scales.split(","):
            url = args.database_url or f"sqlite:///{args.sqlite_path or f'{tmp}/{scale}.sqlite3'}"
            if url.startswith("postgres"):
                recreate_postgres_database(url)
            found = figures_in_child("statistics_bench", f"b.figures({scale!r}, pandas={not args.no_pandas!r})",
                                     production_env(url, args.runs), f"statistics bench at {scale}")
            write_figures(scale, found)


def figures(scale: str, pandas: bool = True) -> dict:
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

    ours, ours_seconds = best_of(lambda: _ours(admin, day, root_path))
    _members, members_seconds = best_of(lambda: _ours_members(admin, day, root_path))
    floor, floor_seconds = best_of(lambda: _floor(day, root_path))
    compared = {
        "members counted": ours["gender"]["total"],
        "zugong seconds, all tables (best of runs)": round(ours_seconds, 3),
        "hand-written SQL seconds, all tables (best of runs)": round(floor_seconds, 3),
        "ratio to the floor": round(ours_seconds / floor_seconds, 2),
        "zugong seconds, the seven member tables": round(members_seconds, 3),
    }
    # finalized (年报定稿): every table for every organization counted once and kept, then read back
    from zugong.organizations.models import Organization
    from zugong.statistics import snapshots

    start = time.perf_counter()
    snapshots.freeze(admin, day, Organization.objects.get(path=root_path))
    freeze_seconds = time.perf_counter() - start
    kept, kept_seconds = best_of(lambda: _ours(admin, day, root_path, live=False))
    _kept_members, kept_members_seconds = best_of(lambda: _ours_members(admin, day, root_path, live=False))
    if kept != floor:
        raise AssertionError(f"the finalized tables disagree with the floor: {json.dumps([kept, floor], default=str)}")
    compared |= {
        "finalizing seconds (all tables, every organization)": round(freeze_seconds, 3),
        "ratio of finalizing to the floor": round(freeze_seconds / floor_seconds, 2),
        "finalized: read all tables, seconds (best of runs)": round(kept_seconds, 4),
        "finalized: read the seven member tables, seconds": round(kept_members_seconds, 4),
    }
    compared |= _breakdown(admin, root_path, day)
    if not pandas:
        if floor != ours:
            raise AssertionError(f"hand-written SQL disagrees with zugong: {json.dumps([ours, floor], default=str)}")
        return compared | {"tables identical": True}
    start = time.perf_counter()
    exported, rows = _export(day)
    export_seconds = time.perf_counter() - start
    start = time.perf_counter()
    from_pandas = _pandas(exported, day)
    pandas_seconds = time.perf_counter() - start
    for name, mine, other in (("hand-written SQL", ours, floor), ("pandas", _members_only(ours), from_pandas)):
        if other != mine:
            raise AssertionError(f"{name} disagrees with zugong: {json.dumps([mine, other], ensure_ascii=False, default=str)}")
    return compared | {
        f"export to {'xlsx' if exported.suffix == '.xlsx' else 'csv'} seconds (not counted)": round(export_seconds, 1),
        "pandas seconds (read the file + count)": round(pandas_seconds, 2),
        "zugong × faster than pandas (member tables)": round(pandas_seconds / members_seconds, 1),
        "finalized: × faster than pandas (member tables)": round(pandas_seconds / kept_members_seconds, 1),
        "rows exported": rows,
        "tables identical": True,
    }


def _breakdown(admin, root_path: str, day) -> dict:
    """Statistics by lower organization (按下级组织分列) for the township with the most children, as the county's
    administrator opens it: before — every child's tables counted one child at a time (what the page did until
    issue 21) — and now — one grouped query per source, or the finalized rows read once —, counted live and
    from the finalized day (frozen above); then the whole page, as the server answers it."""
    from django.db.models import Count
    from django.test import Client

    from zugong.organizations.models import Organization
    from zugong.statistics.selectors import children_tables, tables
    from zugong.statistics.tables import TABLES

    township = (Organization.objects.filter(depth=Organization.objects.get(path=root_path).depth + 1)
                .annotate(n_children=Count("children")).order_by("-n_children", "pk").first())
    children = list(Organization.objects.filter(parent=township).open().order_by("pk"))
    found: dict[str, object] = {"breakdown: children of the township": len(children)}
    for live in (True, False):
        label = "live" if live else "finalized"
        before, before_seconds = best_of(lambda live=live: [
            (child, [f for f in tables(admin, day, child.path, live=live) if f.table.key == "gender"])
            for child in children])
        after, after_seconds = best_of(lambda live=live: children_tables(
            admin, day, township, children, [TABLES["gender"]], live=live))
        if [(c.pk, f[0].counts) for c, f in before] != [(c.pk, f[0].counts) for c, f in after]:
            raise AssertionError(f"the breakdown ({label}) disagrees with each child's own tables")
        found[f"breakdown {label}: before (one child at a time), seconds"] = round(before_seconds, 3)
        found[f"breakdown {label}: now (grouped), seconds"] = round(after_seconds, 4)
    client = Client()
    client.force_login(admin)
    for label, extra in (("live", "&live=1"), ("finalized", "")):
        url = f"/statistics/by-child/gender/?organization={township.pk}&day={day:%Y-%m-%d}{extra}"

        def get(url=url):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response

        _response, seconds = best_of(get)
        found[f"breakdown page of the township, {label}, seconds"] = round(seconds, 3)
    return found


def _ours(user, day, root_path, live=True) -> dict:
    from zugong.statistics.selectors import tables

    found = {}
    for figure in tables(user, day, root_path, live=live):
        found[figure.table.key] = {"total": figure.total, **figure.counts}
        if figure.table.amount:
            found[figure.table.key] |= {"amount": figure.total_amount,
                                        **{f"{key} amount": value for key, value in figure.amounts.items()}}
    return found


def _ours_members(user, day, root_path, live=True) -> dict:
    from zugong.statistics.selectors import MEMBER_TABLES, tables

    return {f.table.key: {"total": f.total, **f.counts} for f in tables(user, day, root_path, MEMBER_TABLES, live=live)}


def _members_only(tables: dict) -> dict:
    from zugong.statistics.tables import MEMBER_TABLES

    return {table.key: tables[table.key] for table in MEMBER_TABLES}


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
        return _shape(result) | _floor_year_tables(cursor, day, root_path)


def _floor_year_tables(cursor, day, root_path) -> dict:
    """The tables of the year (development, admitted, left, dues) and of organizations, in hand-written SQL."""
    from decimal import Decimal

    from zugong.core.dates import add_years
    from zugong.core.policy import policy_int
    from zugong.core.tree import subtree_upper_bound
    from zugong.members.codes import HAN, TERTIARY
    from zugong.statistics.policies import BRANCH_COMMITTEE_SEATS
    from zugong.statistics.selectors import money
    from zugong.statistics.tables import TABLES

    within = [root_path, subtree_upper_bound(root_path)]
    year = [day.replace(month=1, day=1), day]
    found = {}

    def grouped(table_key, sql, params):
        cursor.execute(sql, params)
        counts = {str(k): n for k, n in cursor.fetchall()}
        cells = {c.key: counts.get(c.key, 0) for c in TABLES[table_key].cells}
        found[table_key] = {"total": sum(counts.values()), **cells}

    steps = ("FROM development_developmentstep s JOIN development_developmentcase c ON c.id = s.case_id "
             "WHERE c.org_path >= %s AND c.org_path < %s AND s.done_on >= %s AND s.done_on <= %s")
    cursor.execute(f"SELECT s.kind, COUNT(*) {steps} GROUP BY s.kind", within + year)
    kinds = dict(cursor.fetchall())
    cursor.execute(f"SELECT COUNT(*) {steps}", within + year)
    found["development"] = {"total": cursor.fetchone()[0], **{
        cell: kinds.get(kind, 0) for cell, kind in (("applied", "application"), ("activists", "activist_chosen"),
                                                    ("candidates", "candidate_chosen"), ("admitted", "approval"),
                                                    ("confirmed", "confirmation_approval"))}}
    tertiary = ", ".join(f"'{e}'" for e in sorted(TERTIARY))
    cursor.execute(
        "SELECT COUNT(*), SUM(CASE WHEN c.gender = 'female' THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN c.ethnicity <> '{HAN}' THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN c.education IN ({tertiary}) THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN c.birth_date > %s THEN 1 ELSE 0 END), SUM(CASE WHEN c.occupation = 'farmer' THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN c.occupation = 'worker' THEN 1 ELSE 0 END) {steps} AND s.kind = 'approval'",
        [add_years(day, -36)] + within + year)
    admitted = [int(n or 0) for n in cursor.fetchone()]
    found["admitted"] = {"total": found["development"]["total"],
                         **dict(zip(("all", "female", "minority", "tertiary", "young", "farmer", "worker"), admitted,
                                    strict=True))}
    grouped("left", "SELECT end_reason, COUNT(*) FROM members_membershipperiod WHERE org_path >= %s AND org_path < %s "
            "AND ended_on >= %s AND ended_on <= %s AND end_reason <> 'transferred' GROUP BY end_reason", within + year)
    cursor.execute(
        "SELECT CASE WHEN p.month < %s THEN 'back' WHEN p.month > %s THEN 'ahead' ELSE 'this_year' END AS k, "
        "COUNT(*), SUM(p.amount) FROM dues_duespayment p JOIN organizations_organization o ON o.id = p.organization_id "
        "WHERE o.path >= %s AND o.path < %s AND p.paid_on >= %s AND p.paid_on <= %s GROUP BY k",
        [year[0], day.replace(month=12, day=31)] + within + year)
    dues = {k: (n, Decimal(str(amount))) for k, n, amount in cursor.fetchall()}
    found["dues"] = {"total": sum(n for n, _a in dues.values()),
                     **{key: dues.get(key, (0, 0))[0] for key in ("this_year", "back", "ahead")},
                     "amount": money(sum(a for _n, a in dues.values())),
                     **{f"{key} amount": money(dues.get(key, (0, 0))[1]) for key in ("this_year", "back", "ahead")}}
    existing = ("FROM organizations_organization WHERE path >= %s AND path < %s "
                "AND (founded_on IS NULL OR founded_on <= %s) AND (closed_on IS NULL OR closed_on > %s)")
    grouped("org_sector", f"SELECT sector, COUNT(*) {existing} GROUP BY sector", within + [day, day])
    grouped("org_kind", f"SELECT kind, COUNT(*) {existing} GROUP BY kind", within + [day, day])
    cursor.execute(f"SELECT COUNT(*) {existing} AND kind IN ('branch', 'joint_branch') AND id IN "
                   "(SELECT organization_id FROM organizations_election WHERE elected_on <= %s AND seats >= %s)",
                   within + [day, day, day, policy_int(BRANCH_COMMITTEE_SEATS.key)])
    found["org_kind"]["branch_committees"] = cursor.fetchone()[0]
    return found


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
