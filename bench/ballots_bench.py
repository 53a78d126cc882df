"""Secret ballots: 500 voters casting at once over loopback HTTP, and the tally of 100,000 ballots against
hand-written SQL.

Run: .venv/bin/python bench/ballots_bench.py [--postgres] [--voters 500] [--ballots 100000] [--runs 5]
     [--parts cast,tally] [--gunicorn-workers N]
Each part builds its own database (a temporary SQLite file, or with ``--postgres`` the database
``zugong_ballots_bench`` at 127.0.0.1:5432, dropped and recreated).

cast: an electronic ballot (逐人表决, 3 candidates) with one code per voter. gunicorn (config/gunicorn.py, DEBUG off)
serves it on a free loopback port; every voter is a thread that opens its code's page and posts its choices, all
released together by a barrier; a tenth of the voters post their code a second time at the same moment. Checked
afterwards: exactly one ballot per code (no ballot lost, none doubled: every repeat refused), every code used, and
the tally equal to the choices the voters made. Prints the wall time, the p50/p95 of a vote and the refusals.

The server's CPU time per vote (its processes and gunicorn's workers, from /proc) is the figure that hardly
depends on what else the machine runs; wall times on a shared machine do.

tally: N cast ballots of 5 candidates (N × 5 marks, 1 in 50 ballots invalid), bulk inserted. Best of ``--runs``:
- zugong: ``selectors.tally(ballot)`` (one aggregate query, the rule applied);
- floor: two hand-written GROUP BY queries (the box by validity, the marks by candidate and choice).
The counts must agree; the bench exits non-zero otherwise. Target from issue 16: zugong ≤ 1.5 × the floor.
The seal over the same ballots (``seal.compute_seal``) is timed too.
"""

import argparse
import concurrent.futures
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
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
from bench.load_bench import _cpu_seconds  # noqa: E402  (the server's CPU time from /proc)

RUNS = 5
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/zugong_ballots_bench"
TARGET = 1.5
CHOICES = ("yes", "no", "abstain")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgres", action="store_true", help=f"run on {POSTGRES_URL} (dropped and recreated)")
    parser.add_argument("--voters", type=int, default=500)
    parser.add_argument("--ballots", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=RUNS, help="best of how many runs for each method")
    parser.add_argument("--parts", default="cast,tally")
    parser.add_argument("--gunicorn-workers", type=int, default=0, help="default: config/gunicorn.py's (cores + 1)")
    args = parser.parse_args()
    label = "PostgreSQL" if args.postgres else "SQLite"
    with tempfile.TemporaryDirectory() as tmp:
        for part in args.parts.split(","):
            url = POSTGRES_URL if args.postgres else f"sqlite:///{tmp}/ballots-{part}.sqlite3"
            if args.postgres:
                recreate_postgres_database(url)
            env = production_env(url, args.runs)
            if part == "cast":
                write_figures(label, cast(env, args), label_width=11)
            elif part == "tally":
                found = figures_in_child("ballots_bench", f"b.tally_figures({args.ballots})", env, "tally bench")
                write_figures(label, found, label_width=11)
            else:
                sys.exit(f"unknown part {part!r}")


# ---------------------------------------------------------------- cast: 500 voters over HTTP


def cast(env: dict, args) -> dict:
    setup = figures_in_child("ballots_bench", f"b.cast_setup({args.voters})", env, "cast setup")
    codes = setup["codes"]
    rng = random.Random(16)
    votes = {code: {f"c{n}": rng.choice(CHOICES) for n in (1, 2, 3)} for code in codes}
    repeats = set(rng.sample(codes, max(1, len(codes) // 10)))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    extra = ["--workers", str(args.gunicorn_workers)] if args.gunicorn_workers else []
    log = tempfile.NamedTemporaryFile("w+", suffix=".log")
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "config.wsgi", "--config", "config/gunicorn.py",
                               "--bind", f"127.0.0.1:{port}", *extra], cwd=ROOT, env=env, stdout=log,
                              stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(base, server)
        attempts = [(code, False) for code in codes] + [(code, True) for code in repeats]
        barrier = threading.Barrier(len(attempts))
        for _ in range(3):  # the workers import and connect before the clock starts (3 wrong codes of the 20 allowed)
            _vote(base, "WARMUP23", {}, threading.Barrier(1))
        cpu_before = _cpu_seconds(server.pid)
        start = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(max_workers=len(attempts)) as pool:
            outcomes = list(pool.map(lambda a: _vote(base, a[0], votes[a[0]], barrier), attempts))
        wall = time.perf_counter() - start
        cpu = _cpu_seconds(server.pid) - cpu_before
    finally:
        server.terminate()
        server.wait(timeout=60)
        log.seek(0)
        errors = [line for line in log.read().splitlines() if "Error" in line or "error" in line]
        if errors:
            sys.stderr.write(f"gunicorn: {len(errors)} error lines in its log, the last: {errors[-5:]}\n")
        log.close()
    accepted = [o for o in outcomes if o[0] == "done"]
    refused = [o for o in outcomes if o[0] == "used"]
    failed = [o for o in outcomes if o[0] not in ("done", "used")]
    expected = {f"c{n}": {c: 0 for c in CHOICES} for n in (1, 2, 3)}
    for choices in votes.values():
        for key, choice in choices.items():
            expected[key][choice] += 1
    check = figures_in_child("ballots_bench", f"b.cast_check({setup['ballot']})", env, "cast check")
    seconds = sorted(o[1] for o in outcomes)
    figures = {
        "voters (one code each)": len(codes),
        "of them posting their code twice at once": len(repeats),
        "gunicorn workers": args.gunicorn_workers or "config/gunicorn.py",
        "wall seconds, all votes": round(wall, 2),
        "server CPU ms per vote (page + post; hardly load-dependent)": round(1000 * cpu / len(attempts), 1),
        "machine load average (1 min) at the end": os.getloadavg()[0],
        "vote (page + post) p50 ms": round(1000 * statistics.median(seconds)),
        "vote (page + post) p95 ms": round(1000 * seconds[int(0.95 * (len(seconds) - 1))]),
        "votes accepted": len(accepted),
        "repeats refused (此投票码已经投过票)": len(refused),
        "other failures": len(failed),
        "ballots in the box": check["cast"],
        "codes used": check["used"],
        "tally equals the voters' choices": check["counts"] == expected,
    }
    if failed:
        sys.stderr.write(f"failures: {failed[:5]}\n")
    if check["cast"] != len(codes) or check["used"] != len(codes) or check["counts"] != expected or failed:
        write_figures("FAILED", figures, label_width=11)
        sys.exit("lost or doubled ballots")
    return figures


def _vote(base: str, code: str, choices: dict, barrier: threading.Barrier) -> tuple[str, float]:
    url = f"{base}/v/{code}/"
    barrier.wait(120)
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=300) as page:
            page.read()
        request = urllib.request.Request(url, urllib.parse.urlencode(choices).encode())
        opener = urllib.request.build_opener(_NoRedirect)
        with opener.open(request, timeout=300) as response:
            body = response.read().decode()
            status = response.status
    except urllib.error.HTTPError as error:
        body, status = error.read().decode(), error.code
    except OSError as error:
        return (f"error {error}", time.perf_counter() - start)
    elapsed = time.perf_counter() - start
    if status == 302:
        return ("done", elapsed)
    if "此投票码已经投过票" in body:
        return ("used", elapsed)
    return (f"HTTP {status}", elapsed)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _wait_for(base: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit("the server stopped while starting")
        try:
            urllib.request.urlopen(base + "/v/", timeout=5).close()
            return
        except OSError:
            time.sleep(0.5)
    sys.exit("the server did not start within 120 s")


def _django():
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _ballot(kind: str, candidates: list[str], entitled: int, method: str):
    from zugong.ballots.models import Ballot
    from zugong.organizations.services import create_root_organization

    root = create_root_organization("基准县委")
    ballot = Ballot.objects.create(organization=root, title="基准票决", kind=kind, rule="majority_of_present",
                                   method=method, held_on="2026-06-01", entitled=entitled, roll_on_paper=True)
    for position, name in enumerate(candidates, start=1):
        ballot.candidates.create(position=position, name=name)
    return ballot


def cast_setup(voters: int) -> dict:
    _django()
    from zugong.ballots.models import VotingCode
    from zugong.ballots.services import code_length
    from zugong.surveys.codes import new_code

    ballot = _ballot("approval", ["张三", "李四", "王五"], voters, "electronic")
    codes: set[str] = set()
    while len(codes) < voters:
        codes.add(new_code(code_length()))
    VotingCode.objects.bulk_create(VotingCode(ballot=ballot, code=code) for code in sorted(codes))
    return {"ballot": ballot.pk, "codes": sorted(codes)}


def cast_check(ballot_pk: int) -> dict:
    import django

    django.setup()
    from zugong.ballots.models import Ballot, CastBallot, VotingCode
    from zugong.ballots.selectors import tally

    ballot = Ballot.objects.get(pk=ballot_pk)
    result = tally(ballot)
    return {"cast": CastBallot.objects.filter(ballot=ballot).count(),
            "used": VotingCode.objects.filter(ballot=ballot, used=True).count(),
            "counts": {f"c{n}": {"yes": row.yes, "no": row.no, "abstain": row.abstain}
                       for n, row in enumerate(result.rows, start=1)}}


# ---------------------------------------------------------------- tally: 100,000 ballots against SQL


def tally_figures(ballots: int) -> dict:
    _django()
    start = time.perf_counter()
    ballot = _build(ballots)
    build_seconds = time.perf_counter() - start

    from zugong.ballots.seal import compute_seal
    from zugong.ballots.selectors import tally

    result, ours_seconds = best_of(lambda: tally(ballot))
    floor, floor_seconds = best_of(lambda: _floor(ballot))
    ours = ({"valid": result.valid, "invalid": result.invalid},
            {(row.candidate.pk, choice): getattr(row, choice) for row in result.rows for choice in CHOICES
             if getattr(row, choice)})
    if ours != floor:
        raise AssertionError(f"hand-written SQL disagrees with tally: {ours[0]} / {floor[0]}")
    _seal, seal_seconds = best_of(lambda: compute_seal(ballot))
    from zugong.ballots.models import Mark

    ratio = ours_seconds / floor_seconds
    return {
        "ballots": ballots,
        "marks": Mark.objects.filter(ballot=ballot).count(),
        "build seconds (bulk insert, not counted)": round(build_seconds, 1),
        "zugong selectors.tally seconds (best of runs)": round(ours_seconds, 4),
        "hand-written SQL seconds (best of runs)": round(floor_seconds, 4),
        "ratio to the floor": round(ratio, 2),
        f"target ≤ {TARGET}×": "met" if ratio <= TARGET else "MISSED",
        "counts identical": True,
        "seal (SHA-256 over every ballot) seconds": round(seal_seconds, 3),
    }


def _build(ballots: int):
    """The ballot and its cast ballots; rows go in with executemany (no ORM objects for 500,000 marks)."""
    import uuid

    from django.db import connection, transaction

    rng = random.Random(16)
    with transaction.atomic():
        ballot = _ballot("approval", ["甲", "乙", "丙", "丁", "戊"], ballots, "paper")
        candidates = list(ballot.candidates.values_list("pk", flat=True))
        chunk = 10_000
        for first in range(0, ballots, chunk):
            boxes, marks = [], []
            for _ in range(min(chunk, ballots - first)):
                box = uuid.uuid4()
                valid = rng.random() >= 0.02
                boxes.append((_uuid(box), ballot.pk, "2026-06-01", "paper", valid))
                if valid:
                    marks += [(_uuid(uuid.uuid4()), _uuid(box), ballot.pk, candidate,
                               rng.choices(CHOICES, weights=(70, 20, 10))[0], "") for candidate in candidates]
            with connection.cursor() as cursor:
                cursor.executemany("INSERT INTO ballots_castballot (id, ballot_id, cast_on, channel, valid) "
                                   "VALUES (%s, %s, %s, %s, %s)", boxes)
                cursor.executemany("INSERT INTO ballots_mark (id, cast_ballot_id, ballot_id, candidate_id, choice, "
                                   "written_name) VALUES (%s, %s, %s, %s, %s, %s)", marks)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return ballot


def _uuid(value):
    from django.db import connection

    return value if connection.vendor == "postgresql" else value.hex  # Django stores UUIDs as 32 hex on SQLite


BOX_SQL = "SELECT valid, COUNT(*) FROM ballots_castballot WHERE ballot_id = %s GROUP BY valid"
MARKS_SQL = ("SELECT candidate_id, choice, COUNT(*) FROM ballots_mark WHERE ballot_id = %s "
             "GROUP BY candidate_id, choice")


def _floor(ballot):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(BOX_SQL, [ballot.pk])
        box = {"valid": 0, "invalid": 0} | {("valid" if valid else "invalid"): n for valid, n in cursor.fetchall()}
        cursor.execute(MARKS_SQL, [ballot.pk])
        marks = {(candidate, choice): n for candidate, choice, n in cursor.fetchall()}
    return box, marks


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
