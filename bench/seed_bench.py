"""Demo-data generator timings at county and city scale (and province on request).

Run: .venv/bin/python bench/seed_bench.py [--scales county,city,province] [--database-url URL]
Each scale gets a fresh throwaway SQLite database unless --database-url is given.
Prints one row per scale: organizations, units, elections, seconds, peak RSS, and one subtree query.
"""

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", default="county,city")
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    print(f"{'scale':<9}{'orgs':>8}{'units':>8}{'elections':>11}{'seconds':>9}{'peak RSS MB':>13}{'subtree ms':>12}")
    for scale in args.scales.split(","):
        with tempfile.TemporaryDirectory() as tmp:
            url = args.database_url or f"sqlite:///{tmp}/bench.sqlite3"
            row = run_scale(scale, url)
        print(f"{scale:<9}{row['orgs']:>8}{row['units']:>8}{row['elections']:>11}{row['seconds']:>9.1f}"
              f"{row['rss']:>13.0f}{row['subtree_ms']:>12.2f}")


def run_scale(scale: str, url: str) -> dict:
    """Each scale in its own process, so peak RSS is that scale's own."""
    import json
    import subprocess

    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings"}
    code = f"import bench.seed_bench as b; import json; print(json.dumps(b.measure({scale!r})))"
    output = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def measure(scale: str) -> dict:
    import django

    django.setup()
    from django.core.management import call_command

    from zugong.organizations import demo
    from zugong.organizations.models import Election, Organization, WorkUnit

    call_command("migrate", verbosity=0)
    if demo.has_data():
        demo.reset()
    start = time.perf_counter()
    ctx = demo.generate(scale=scale, seed=1)
    seconds = time.perf_counter() - start
    township = ctx.first_townships[0]
    start = time.perf_counter()
    for _ in range(100):
        Organization.objects.under(township).count()
    subtree_ms = (time.perf_counter() - start) * 10
    return {
        "orgs": Organization.objects.count(),
        "units": WorkUnit.objects.count(),
        "elections": Election.objects.count(),
        "seconds": seconds,
        "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "subtree_ms": subtree_ms,
    }


if __name__ == "__main__":
    main()
