"""Load on the production server against runserver: pages under many connections at once, over loopback.

Run: .venv/bin/python bench/load_bench.py [--seconds 60] [--connections 32] [--servers gunicorn,runserver]
    [--pages members,survey] [--gunicorn-workers N] [--database-url URL] [--sqlite-path PATH]
A demo county (seed 1) in a database of its own (a temporary SQLite file, ``--sqlite-path`` kept and reused, or a
PostgreSQL URL, dropped and recreated), then for each server, started with the production settings (DEBUG off,
as `make run` and `make serve` run), each page for ``--seconds`` with ``--connections`` open connections:
- members: the member list, page 1, signed in as the county's department administrator (``admin``);
- survey: ``/s/<code>/``, the page a respondent opens with an unused code of the open satisfaction survey
  (each opening is a code entry counted on the database rate windows, and given back since the code is right);
- entry: ``/s/``, the empty code entry page.
Servers: ``gunicorn`` (config/gunicorn.py; workers = cores + 1 unless ``--gunicorn-workers``), ``runserver``
(Django's development server with the same settings) and ``runserver-debug`` (DEBUG on: how `make run` served
the demo before issue 15).

The load comes from wrk (Debian's package; `make bench` installs it when missing): a C program whose two threads
cost the server far less CPU than a Python client would, on a machine where client and server share the cores.
Its Lua ``done`` hook prints the figures: requests, errors (connection, read, write, timeout, status ≥ 400),
p50 and p95 latency and requests per second. The one-minute load average of the machine before each run is
printed beside them: other work on the same cores lowers every figure but one, the server's CPU time per request
(its processes' user + system time from /proc over the run, divided by the requests), from which an idle
machine's ceiling is cores × 1000 / that many requests per second.
"""

import argparse
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import figures_in_child, production_env, recreate_postgres_database, write_figures  # noqa: E402

PAGES = {"members": "/members/", "survey": "/s/{code}/", "entry": "/s/"}
# wrk's Lua hook: its summary as one JSON line (latencies are in microseconds).
WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "connect": %d, "read": %d, "write": %d, "timeout": %d, "status": %d, '
    .. '"p50": %d, "p95": %d}\\n',
    summary.requests, summary.duration / 1e6, e.connect, e.read, e.write, e.timeout, e.status,
    latency:percentile(50), latency:percentile(95)))
end
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--servers", default="gunicorn,runserver")
    parser.add_argument("--pages", default="members,survey,entry")
    parser.add_argument("--gunicorn-workers", type=int, default=0, help="default: config/gunicorn.py's (cores + 1)")
    parser.add_argument("--database-url", default="", help="a PostgreSQL URL; its database is dropped and recreated")
    parser.add_argument("--sqlite-path", default="", help="keep the SQLite database here (reused when it exists)")
    args = parser.parse_args()
    if subprocess.run(["which", "wrk"], capture_output=True).returncode != 0:
        sys.exit("wrk is needed: apt-get install wrk (make bench installs it)")
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{args.sqlite_path or tmp + '/load.sqlite3'}"
        if url.startswith("postgres"):
            recreate_postgres_database(url)
        env = {**production_env(url, 1), "ZUGONG_SECURE_COOKIES": "false", "ZUGONG_STATIC_ROOT": f"{tmp}/static",
               "ZUGONG_SECRET_KEY": "load-bench-" + "x" * 50}
        code = figures_in_child("load_bench", "b.prepare()", env, "load bench (demo county)")["code"]
        for server in args.servers.split(","):
            found = run_server(server, env, args, code)
            write_figures(server, found, label_width=16, key_width=50)


def prepare() -> dict:
    """The county demo (unless the database has it) and an unused code of its open satisfaction survey."""
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from zugong.organizations import demo
    from zugong.surveys.models import Invitation, Survey

    if not demo.has_data():
        demo.generate("county", seed=1)
    invitation = Invitation.objects.filter(used=False, group__survey__status=Survey.Status.OPEN).order_by("pk").first()
    return {"code": invitation.code}


def _command(server: str, port: int, workers: int) -> list[str]:
    if server == "gunicorn":
        extra = ["--workers", str(workers)] if workers else []
        return [sys.executable, "-m", "gunicorn", "config.wsgi", "--config", "config/gunicorn.py",
                "--bind", f"127.0.0.1:{port}", *extra]
    return [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"]  # one thread per request


def run_server(server: str, env: dict, args, code: str) -> dict:
    if server not in {"gunicorn", "runserver", "runserver-debug"}:
        sys.exit(f"unknown server {server!r}")
    env = {**env, "ZUGONG_DEBUG": "true" if server == "runserver-debug" else "false"}
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = tempfile.NamedTemporaryFile("w+", suffix=".log")  # the server's own output, shown when requests failed
    process = subprocess.Popen(_command(server.removesuffix("-debug"), port, args.gunicorn_workers), cwd=ROOT,
                               env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(base, process)
        cookie = _sign_in(base, "admin", "zugong2026")
        figures: dict = {}
        for page in args.pages.split(","):
            path = PAGES[page].format(code=code)
            headers = {"Cookie": cookie} if page == "members" else {}
            for _ in range(3):  # warm up: each worker imports and connects before the clock starts
                _fetch(base + path, headers)
            cpu_before = _cpu_seconds(process.pid)
            found = _load(page, base + path, headers, args)
            cpu = _cpu_seconds(process.pid) - cpu_before
            found[f"{page}: server CPU ms per request"] = round(1000 * cpu / found[f"{page}: requests"], 1)
            figures.update(found)
        return figures
    finally:
        process.terminate()
        process.wait(timeout=60)
        log.seek(0)
        failures = [line for line in log.read().splitlines() if "Error" in line or "error" in line]
        if failures:
            sys.stderr.write(f"{server}: {len(failures)} error lines in its log, the last: {failures[-5:]}\n")
        log.close()


def _cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of the server process and its children (gunicorn's workers), living and reaped:
    unlike requests per second, it hardly depends on what else the machine is running."""
    children = [int(entry.name) for entry in Path("/proc").iterdir() if entry.name.isdigit() and _parent(entry) == pid]
    ticks = 0
    for process in (pid, *children):
        try:
            fields = Path(f"/proc/{process}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # a worker that ended meanwhile: its time is in the server's reaped children's
        ticks += sum(int(value) for value in fields[11:15])  # utime, stime, cutime, cstime
    return ticks / os.sysconf("SC_CLK_TCK")


def _parent(entry: Path) -> int:
    try:
        return int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return 0


def _wait_for(base: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit("the server stopped while starting")
        try:
            urllib.request.urlopen(base + "/accounts/login/", timeout=5).close()
            return
        except OSError:
            time.sleep(0.5)
    sys.exit("the server did not start within 120 s")


def _sign_in(base: str, username: str, password: str) -> str:
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(base + "/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    data = urllib.parse.urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token})
    opener.open(base + "/accounts/login/", data.encode()).read()
    cookies = {cookie.name: cookie.value for cookie in jar}
    if "sessionid" not in cookies:
        sys.exit(f"could not sign in as {username}")
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def _fetch(url: str, headers: dict) -> None:
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=120) as response:
        if response.status != 200:
            sys.exit(f"{url}: HTTP {response.status}")
        response.read()


def _load(page: str, url: str, headers: dict, args) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(WRK_REPORT)
        script.flush()
        load_before = os.getloadavg()[0]
        command = ["wrk", "--threads", "2", "--connections", str(args.connections), "--duration",
                   f"{args.seconds}s", "--timeout", "60s", "--script", script.name, "--latency"]
        for name, value in headers.items():
            command += ["--header", f"{name}: {value}"]
        run = subprocess.run([*command, url], capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"wrk failed: {run.stderr}")
    found = json.loads(run.stdout.strip().splitlines()[-1])
    errors = sum(found[key] for key in ("connect", "read", "write", "timeout", "status"))
    return {
        f"{page}: requests": found["requests"],
        f"{page}: errors (of which status ≥ 400)": f"{errors} ({found['status']})",
        f"{page}: p50 ms": round(found["p50"] / 1000),
        f"{page}: p95 ms": round(found["p95"] / 1000),
        f"{page}: requests per second": round(found["requests"] / found["seconds"], 1),
        f"{page}: load average before (1 min, {os.cpu_count()} cores)": round(load_before, 1),
    }


if __name__ == "__main__":
    main()
