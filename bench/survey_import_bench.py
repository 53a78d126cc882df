"""The paper-questionnaire import (issue 21, item 16): a year's workbook checked and applied as the background job
does it — the workbook read once by the check, the apply writing the checked plan.

Run: .venv/bin/python bench/survey_import_bench.py [--postgres] [--rows 24000]
Builds its own database (the surveys bench's county of 100 respondent groups, no answers yet; a temporary SQLite
file, or with ``--postgres`` the database ``zugong_surveys_bench``), writes a workbook of N questionnaires (the
fourteen scored questions answered, one of them a 不了解), then times ``SheetImporter.check`` and
``SheetImporter.apply`` once each (an import is done once). Before issue 21 the page read the workbook twice in
the request (the dry run, then the confirmation): about 20 s for 24,000 rows. The figures are the worker's; the
page only polls.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import (  # noqa: E402  (after the path)
    figures_in_child,
    production_env,
    recreate_postgres_database,
    write_figures,
)

POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/zugong_surveys_bench"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgres", action="store_true", help=f"run on {POSTGRES_URL} (dropped and recreated)")
    parser.add_argument("--rows", type=int, default=24_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = POSTGRES_URL if args.postgres else f"sqlite:///{tmp}/survey_import.sqlite3"
        if args.postgres:
            recreate_postgres_database(url)
        found = figures_in_child("survey_import_bench", f"b.figures({args.rows}, {tmp!r})", production_env(url, 1),
                                 "survey import bench")
        write_figures("PostgreSQL" if args.postgres else "SQLite", found, label_width=11)


def figures(rows: int, tmp: str) -> dict:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from bench.surveys_bench import _build
    from zugong.accounts.capabilities import Role
    from zugong.accounts.models import RoleAssignment, User
    from zugong.surveys.importer import SheetImporter
    from zugong.surveys.models import Response

    survey = _build(0)
    user = User.objects.create(username="bench", display_name="基准")
    RoleAssignment.objects.create(user=user, role=Role.DEPARTMENT_ADMIN, organization=survey.organization)
    path = Path(tmp) / "questionnaires.xlsx"
    start = time.perf_counter()
    _workbook(survey, rows, path)
    written_seconds = time.perf_counter() - start

    importer = SheetImporter(user, survey)
    start = time.perf_counter()
    report, plan = importer.check(path)
    check_seconds = time.perf_counter() - start
    assert not report.problems, report.kinds()[:3]
    start = time.perf_counter()
    report = SheetImporter(user, survey).apply(plan, report)
    apply_seconds = time.perf_counter() - start
    assert report.applied and Response.objects.count() == rows
    return {
        "questionnaires": rows,
        "workbook size (MB)": round(path.stat().st_size / 1e6, 1),
        "writing the workbook seconds (not counted)": round(written_seconds, 1),
        "check seconds (the workbook read once)": round(check_seconds, 1),
        "apply seconds (from the checked plan)": round(apply_seconds, 1),
        "check + apply seconds": round(check_seconds + apply_seconds, 1),
    }


def _workbook(survey, rows: int, path: Path) -> None:
    import random

    import xlsxwriter

    from zugong.core.downloads import write_cells
    from zugong.surveys.services import questions_of

    rng = random.Random(21)
    questions = questions_of(survey)
    groups = list(survey.groups.select_related("organization"))
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("答卷")
    write_cells(sheet, 0, 0, ["问卷编号", "被调查单位", "调查对象", *(f"第{q.number}题 {q.text}" for q in questions)])
    labels = [[o.label for o in q.options.all()] if q.indicator_id else [] for q in questions]  # read once
    for n in range(1, rows + 1):
        group = rng.choice(groups)
        answers = [rng.choice(options) if options else "" for options in labels]
        write_cells(sheet, n, 0, [f"B{n:06d}", group.organization.name, group.get_kind_display(), *answers])
    book.close()


if __name__ == "__main__":
    main()
