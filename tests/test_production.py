"""Production as the README describes it: DEBUG off, the site's own error pages, and — from a clean state — migrate,
`setup_site`, `collectstatic` and gunicorn serving pages and hashed static files with no demo data in sight.

The end-to-end test uses the suite's engine: a new SQLite file, or on PostgreSQL a new database beside the test
database (the PostgreSQL run of the suite is the README's production path).
"""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views import defaults

ROOT = Path(__file__).resolve().parents[1]
NOT_FOUND = "未找到该页面或记录，或它不在您的权限范围内。"
PASSWORD = "Quiet-harbour-2718"


# --- the error pages ---------------------------------------------------------------------------


def test_an_out_of_scope_record_shows_the_sites_own_404_page(client, county, township_operator):
    client.force_login(township_operator)
    page = client.get(reverse("organizations:detail", args=[county.other_township.pk]))
    assert page.status_code == 404
    text = page.content.decode()
    assert NOT_FOUND in text and 'data-testid="current-user"' in text  # the signed-in layout, with navigation
    assert "Traceback" not in text and "DEBUG" not in text


@pytest.mark.django_db
def test_someone_not_signed_in_gets_the_error_layout_without_navigation():
    page = Client().get("/no-such-page/")
    text = page.content.decode()
    assert page.status_code == 404 and NOT_FOUND in text and "error-card" in text
    assert "AnonymousUser" not in text and "退出" not in text


def test_the_500_page_needs_neither_the_request_nor_the_database():
    # No database access is allowed in this test: rendering touches none (whatever failed may be the database).
    page = defaults.server_error(RequestFactory().get("/"))
    text = page.content.decode()
    assert page.status_code == 500
    assert "系统处理请求时出错，已记录日志。请稍后重试，或联系系统管理员。" in text
    assert "bootstrap.min.css" in text and "css/zugong.css" in text


@pytest.mark.django_db
def test_a_bad_request_and_a_failed_security_check_show_the_sites_pages():
    page = Client().get("/", headers={"host": "not-an-allowed-host.example"})  # refused before authentication
    assert page.status_code == 400 and "请求的格式不正确，无法处理" in page.content.decode()
    page = Client(enforce_csrf_checks=True).post(reverse("accounts:login"), {"username": "a", "password": "b"})
    text = page.content.decode()
    assert page.status_code == 403 and "请求未通过安全校验" in text and "AnonymousUser" not in text


# --- from a clean state to a served site -------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _new_database(tmp_path: Path) -> str:
    if connection.vendor == "sqlite":
        return f"sqlite:///{tmp_path / 'site.sqlite3'}"
    import psycopg

    params = connection.settings_dict
    server = f"postgres://{params['USER']}@{params['HOST']}:{params['PORT'] or 5432}"
    name = f"{params['NAME']}_site"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"


def _drop_database(url: str) -> None:
    if url.startswith("postgres"):
        import psycopg

        server, name = url.rsplit("/", 1)
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def site_env(tmp_path):
    """A production environment as the README sets it, but on this machine's loopback over plain HTTP."""
    url = _new_database(tmp_path)
    env = {key: value for key, value in os.environ.items() if not key.startswith("ZUGONG_") and key != "DATABASE_URL"}
    env.update(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="config.settings",
               ZUGONG_SECRET_KEY_FILE=str(tmp_path / "var" / "secret_key"),
               ZUGONG_STATIC_ROOT=str(tmp_path / "static"), ZUGONG_MEDIA_ROOT=str(tmp_path / "media"),
               ZUGONG_CACHE_DIR=str(tmp_path / "cache"),
               ZUGONG_SECURE_COOKIES="false", ZUGONG_WEB_WORKERS="2")
    yield env
    _drop_database(url)


def _manage(env: dict, *args: str, stdin: str | None = None) -> str:
    run = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, input=stdin,
                         capture_output=True, text=True)
    assert run.returncode == 0, f"manage.py {' '.join(args)}:\n{run.stdout}\n{run.stderr[-3000:]}"
    return run.stdout


@pytest.fixture
def served(site_env, tmp_path):
    """migrate, setup_site, collectstatic, then gunicorn with the project's configuration; its base URL."""
    _manage(site_env, "migrate", "--noinput", "--verbosity", "0")
    _manage(site_env, "setup_site", "--noinput", "--name", "青山县委", "--username", "chief",
            "--display-name", "王建国", "--password-stdin", stdin=PASSWORD + "\n")
    _manage(site_env, "collectstatic", "--noinput", "--verbosity", "0")
    port = _free_port()
    log = tmp_path / "gunicorn.log"
    with log.open("w") as output:  # the server keeps its own copy of the file
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi", "--config", "config/gunicorn.py",
             "--bind", f"127.0.0.1:{port}"], cwd=ROOT, env=site_env, stdout=output, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError("gunicorn did not start:\n" + log.read_text()[-3000:]) from None
                time.sleep(0.3)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)


def _get(opener, url: str, data: dict | None = None, **headers):
    request = urllib.request.Request(url, data=urllib.parse.urlencode(data).encode() if data else None,
                                     headers=headers)
    try:
        with opener.open(request, timeout=60) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.mark.django_db
def test_a_clean_install_is_served_by_gunicorn_with_debug_off_and_no_demo_data(served, site_env):
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    status, _, body = _get(browser, f"{served}/accounts/login/")
    login = body.decode()
    assert status == 200 and "登录" in login and "组工 · 组织工作平台" in login

    stylesheet = re.search(r'href="(/static/vendor/bootstrap/dist/css/bootstrap\.min\.[0-9a-f]{12}\.css)"', login)
    assert stylesheet, "the page links the hashed name collectstatic wrote"
    status, headers, css = _get(browser, served + stylesheet.group(1), **{"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Type"].startswith("text/css")
    assert headers["Content-Encoding"] == "gzip" and "immutable" in headers["Cache-Control"]

    status, _, body = _get(browser, f"{served}/no-such-page/")
    assert status == 404 and NOT_FOUND in body.decode() and "Django" not in body.decode()

    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login).group(1)
    status, _, body = _get(browser, f"{served}/accounts/login/",
                           {"username": "chief", "password": PASSWORD, "csrfmiddlewaretoken": token})
    assert status == 200 and "王建国" in body.decode()  # signed in, on the dashboard
    status, _, body = _get(browser, f"{served}/organizations/987654/")
    page = body.decode()
    assert status == 404 and NOT_FOUND in page and 'data-testid="current-user"' in page
    assert "Traceback" not in page and "settings.py" not in page

    # What `make run` does on this database: it says why it loads no demo, and the server starts all the same.
    assert "不能载入或重置示范数据" in _manage(site_env, "seed_demo", "--scale", "county", "--seed", "1")
    found = _manage(site_env, "shell", "--no-imports", "-c", (
        "from zugong.accounts.models import User; from zugong.core.models import Installation; "
        "from zugong.organizations.models import Organization; "
        "print(sorted(User.objects.values_list('username', flat=True)), Organization.objects.count(), "
        "Installation.objects.get().kind)"))
    assert found.strip() == "['chief'] 1 department"
