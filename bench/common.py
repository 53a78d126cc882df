"""What the benches share: each figure set is computed in a child process on its own database (a fresh Django
setup per database), returned as JSON, and written as the command's output, one aligned line per figure."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def recreate_postgres_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def production_env(url: str, runs: int) -> dict[str, str]:
    """DEBUG off as in production (DEBUG keeps every SQL statement in memory)."""
    return {**os.environ, "DATABASE_URL": url, "ZUGONG_BENCH_RUNS": str(runs),
            "DJANGO_SETTINGS_MODULE": "config.settings", "ZUGONG_DEBUG": "false",
            "ZUGONG_SECRET_KEY": os.environ.get("ZUGONG_SECRET_KEY", "bench")}


def figures_in_child(module: str, expression: str, env: dict[str, str], what: str) -> dict:
    """Evaluate ``expression`` (on ``bench.<module>`` imported as ``b``; it returns a dict) in a child process."""
    code = f"import json, sys, bench.{module} as b; sys.stdout.write(json.dumps({expression}) + chr(10))"
    run = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"{what} failed:\n{run.stderr[-3000:]}")
    return json.loads(run.stdout.strip().splitlines()[-1])


def write_figures(label: str, figures: dict, label_width: int = 9, key_width: int = 52) -> None:
    for key, value in figures.items():
        sys.stdout.write(f"{label:<{label_width}}{key:<{key_width}}{value}\n")


def best_of(run):
    """The result and the shortest time of ``ZUGONG_BENCH_RUNS`` runs."""
    best, result = float("inf"), None
    for _ in range(int(os.environ.get("ZUGONG_BENCH_RUNS", 5))):
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    return result, best
