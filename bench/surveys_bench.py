"""The survey tally: ``scoring.compute`` against hand-written SQL computing the same scores in the same run.

Run: .venv/bin/python bench/surveys_bench.py [--postgres] [--responses 100000] [--runs 5]
Builds its own database (a temporary SQLite file, or with ``--postgres`` the database ``zugong_surveys_bench``
at 127.0.0.1:5432, dropped and recreated): a county, 10 townships × 9 villages (100 organizations with
respondent groups: each village's cadres and each township's own), the satisfaction design (14 indicators)
and N responses of 14 answers each (about 1 in 20 answers 不了解, which is not counted), bulk inserted.
Then, best of ``--runs``:
- zugong: ``scoring.compute(survey)`` (sums per organization and indicator, roll-up, suppression);
- floor: one hand-written GROUP BY over answers joined to responses and groups, rolled up the paths in Python
  and rounded half up to the cent.
Every organization's score and respondent count on every indicator must agree; the bench exits non-zero
otherwise. Target from issue 7: zugong ≤ 1.5 × the floor.
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
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/zugong_surveys_bench"
TARGET = 1.5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgres", action="store_true", help=f"run on {POSTGRES_URL} (dropped and recreated)")
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=RUNS, help="best of how many runs for each method")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = POSTGRES_URL if args.postgres else f"sqlite:///{tmp}/surveys.sqlite3"
        if args.postgres:
            recreate_postgres_database(url)
        found = figures_in_child("surveys_bench", f"b.figures({args.responses})", production_env(url, args.runs),
                                 "surveys bench")
        write_figures("PostgreSQL" if args.postgres else "SQLite", found, label_width=11)


def figures(responses: int) -> dict:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    survey = _build(responses)
    build_seconds = time.perf_counter() - start

    from zugong.surveys import scoring

    results, ours_seconds = best_of(lambda: scoring.compute(survey))
    floor, floor_seconds = best_of(lambda: _floor(survey))
    ours = _scores(results)
    if ours != floor:
        wrong = sorted(key for key in ours.keys() | floor.keys() if ours.get(key) != floor.get(key))[:5]
        raise AssertionError("hand-written SQL disagrees with scoring.compute: " + json.dumps(
            [(key, ours.get(key), floor.get(key)) for key in wrong], default=str, ensure_ascii=False))
    from zugong.surveys.models import Answer

    ratio = ours_seconds / floor_seconds
    return {
        "responses": responses,
        "answers": Answer.objects.count(),
        "organizations × indicators compared (to the cent)": len(ours),
        "build seconds (bulk insert, not counted)": round(build_seconds, 1),
        "zugong scoring.compute seconds (best of runs)": round(ours_seconds, 3),
        "hand-written SQL seconds (best of runs)": round(floor_seconds, 3),
        "ratio to the floor": round(ratio, 2),
        f"target ≤ {TARGET}×": "met" if ratio <= TARGET else "MISSED",
        "scores identical": True,
    }


def _build(responses: int):
    """The tree, the survey and its answers; answers go in with executemany (no ORM objects for 1.4 M rows)."""
    import datetime as dt
    import random

    from django.db import connection, transaction

    from zugong.core.tree import child_path, depth_of
    from zugong.organizations.models import Organization
    from zugong.organizations.services import create_root_organization
    from zugong.surveys import design
    from zugong.surveys.models import RespondentGroup, Response, Survey
    from zugong.surveys.services import install_design, questions_of

    rng = random.Random(7)
    K, S = Organization.Kind, Organization.Sector
    with transaction.atomic():
        root = create_root_organization("基准县委")

        def child(parent, name, kind):
            org = Organization.objects.create(parent=parent, name=name, kind=kind, sector=S.RURAL, path=f"new-{name}")
            org.path = child_path(parent.path, org.pk)
            org.depth = depth_of(org.path)
            org.save(update_fields=["path", "depth"])
            return org

        survey = Survey.objects.create(name="组织工作满意度民意调查", kind="satisfaction", year=2026, organization=root,
                                       status="open")
        install_design(survey, design.SATISFACTION)
        groups = []
        for t in range(10):
            township = child(root, f"第{t + 1}镇党委", K.COMMITTEE)
            groups.append(RespondentGroup.objects.create(survey=survey, organization=township, kind="cadres"))
            for v in range(9):
                village = child(township, f"第{t + 1}镇第{v + 1}村党支部", K.BRANCH)
                groups.append(RespondentGroup.objects.create(survey=survey, organization=village, kind="members"))
        scored = [(q, list(q.options.all())) for q in questions_of(survey) if q.indicator_id]
        chunk = 10_000
        for first in range(0, responses, chunk):
            made = Response.objects.bulk_create(
                Response(survey=survey, group=rng.choice(groups), submitted_on=dt.date(2026, 5, 20), channel="online")
                for _ in range(min(chunk, responses - first)))
            rows = []
            for response in made:
                for question, options in scored:
                    option = rng.choices(options, weights=(35, 33, 20, 7, 5))[0]
                    rows.append((response.pk, question.pk, option.pk, "", question.indicator_id, option.counted_score))
            with connection.cursor() as cursor:
                cursor.executemany("INSERT INTO surveys_answer (response_id, question_id, option_id, text, indicator_id, "
                                   "score) VALUES (%s, %s, %s, %s, %s, %s)", rows)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return survey


FLOOR_SQL = """
SELECT g.organization_id, a.indicator_id, SUM(a.score), COUNT(*), COUNT(DISTINCT a.response_id)
FROM surveys_answer a
JOIN surveys_response r ON r.id = a.response_id
JOIN surveys_respondentgroup g ON g.id = r.group_id
WHERE r.survey_id = %s AND a.indicator_id IS NOT NULL AND a.score IS NOT NULL
GROUP BY g.organization_id, a.indicator_id
"""


def _floor(survey) -> dict:
    """Sums per organization and indicator in one query, pooled up each organization's path, to the cent."""
    from decimal import ROUND_HALF_UP, Decimal

    from django.db import connection

    from zugong.core.tree import path_ids
    from zugong.organizations.models import Organization

    with connection.cursor() as cursor:
        cursor.execute(FLOOR_SQL, [survey.pk])
        rows = cursor.fetchall()
    paths = dict(Organization.objects.filter(pk__in={row[0] for row in rows}).values_list("pk", "path"))
    root_depth = len(path_ids(survey.organization.path))
    pooled: dict[tuple[int, int], list[int]] = {}
    for org, indicator, total, counted, respondents in rows:
        for ancestor in path_ids(paths[org])[root_depth - 1:]:
            sums = pooled.setdefault((ancestor, indicator), [0, 0, 0])
            sums[0] += total
            sums[1] += counted
            sums[2] += respondents
    cent = Decimal("0.01")
    return {key: ((Decimal(total) / Decimal(counted)).quantize(cent, rounding=ROUND_HALF_UP), respondents)
            for key, (total, counted, respondents) in pooled.items()}


def _scores(results) -> dict:
    from zugong.surveys.scoring import to_cents

    found = {}
    for node in results.root.walk():
        for indicator in results.indicators:
            value = node.exact.get(indicator.pk)
            if value is not None:
                found[(node.pk, indicator.pk)] = (to_cents(value), node.pooled[indicator.pk].respondents)
    return found


if __name__ == "__main__":
    main()
