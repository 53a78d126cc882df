"""Page sizes (页面大小) at county scale: the bytes of HTML every page sends, and the time it takes, largest first.

Run on a demo database:
    DATABASE_URL=sqlite:////tmp/pages.sqlite3 .venv/bin/python manage.py seed_demo --scale county --seed 1
    .venv/bin/python bench/page_sizes_bench.py --sqlite-path /tmp/pages.sqlite3 [--limit 300000]

Every page without a parameter is asked for by the county's department administrator (the widest scope, so the
largest pages), the township operator and the branch secretary of the demo; then the pages of one record (the
county, a township, a village, a member, a development case, a training class, a survey) and the pages that once
had no paging (关爱帮扶, 发展党员待办, the training-class roster picker). Downloads (.xlsx, .docx, .pdf) and the API
are not pages. The target of issue 21 is no page over 300 KB at county scale; the command exits 1 when one is.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LIMIT = 300_000
USERS = ("admin", "township", "branch")
SKIP = (".xlsx", ".docx", ".pdf", ".lrmx", "/api/", "/s/", "logout", "/static/", "/media/", "i18n")


def _plain_urls() -> list[str]:
    """Every GET-able URL pattern without a parameter (as tests/test_scope.py walks them)."""
    from django.urls import URLPattern, URLResolver, get_resolver

    found: list[str] = []

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            route = str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + route)
            elif isinstance(pattern, URLPattern) and "<" not in route and "(?P" not in route:
                url = "/" + (prefix + route).lstrip("^").rstrip("$")
                if not any(part in url for part in SKIP):
                    found.append(url)

    walk(get_resolver().url_patterns, "")
    return sorted(set(found))


def _record_urls() -> list[str]:
    from zugong.members.models import Member
    from zugong.organizations.models import Organization

    county = Organization.objects.order_by("depth", "pk").first()
    township = Organization.objects.filter(depth=2).order_by("pk").first()
    village = Organization.objects.filter(depth=3, kind=Organization.Kind.BRANCH).order_by("pk").first()
    member = Member.objects.order_by("pk").first()
    urls = []
    for org in (county, township, village):
        if org is not None:
            urls += [f"/organizations/{org.pk}/", f"/education/care/?organization={org.pk}",
                     f"/development/due/?organization={org.pk}"]
    if member is not None:
        urls.append(f"/members/{member.pk}/")
    try:
        from zugong.development.models import DevelopmentCase

        case = DevelopmentCase.objects.order_by("pk").first()
        if case is not None:
            urls.append(f"/development/{case.pk}/")
    except ImportError:
        pass
    try:
        from zugong.cadres.models import TrainingClass

        training = TrainingClass.objects.order_by("pk").first()
        if training is not None:
            urls += [f"/cadres/training/classes/{training.pk}/", f"/cadres/training/classes/{training.pk}/roster/add/"]
    except ImportError:
        pass
    return urls


def measure() -> list[tuple[int, float, str, str, int]]:
    import django

    django.setup()
    from django.test import Client

    from zugong.accounts.models import User

    rows = []
    urls = _plain_urls() + _record_urls()
    for username in USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            continue
        client = Client(raise_request_exception=False)  # a failing page is reported, not the end of the bench
        client.force_login(user)
        for url in urls:
            start = time.perf_counter()
            response = client.get(url)
            seconds = time.perf_counter() - start
            if response.status_code >= 500:
                sys.stderr.write(f"{username} {url}: {response.status_code}\n")
            if response.status_code == 200 and "html" in response.get("Content-Type", ""):
                body = b"".join(response.streaming_content) if response.streaming else response.content
                rows.append((len(body), seconds, username, url, response.status_code))
    return sorted(rows, reverse=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sqlite-path", default="/tmp/pages.sqlite3")
    parser.add_argument("--database-url", default="", help="instead of --sqlite-path")
    parser.add_argument("--limit", type=int, default=LIMIT, help="bytes a page may have")
    parser.add_argument("--top", type=int, default=40, help="how many of the largest pages to print")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{args.sqlite_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("ZUGONG_DEBUG", "false")
    os.environ.setdefault("ZUGONG_SECRET_KEY", "bench")
    rows = measure()
    sys.stdout.write(f"{'bytes':>10} {'seconds':>8}  {'user':<9} page\n")
    for size, seconds, username, url, _status in rows[:args.top]:
        mark = "  <-- over the limit" if size > args.limit else ""
        sys.stdout.write(f"{size:>10,} {seconds:>8.3f}  {username:<9} {url}{mark}\n")
    over = [row for row in rows if row[0] > args.limit]
    sys.stdout.write(f"{len(rows)} pages measured; {len(over)} over {args.limit:,} bytes; "
                     f"largest {rows[0][0]:,} bytes ({rows[0][3]})\n" if rows else "no page measured\n")
    sys.exit(1 if over else 0)


if __name__ == "__main__":
    main()
