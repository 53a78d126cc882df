"""Deployment settings fail loudly on a bad value instead of falling back to a default; production is the default
(DEBUG off, a secret key of its own); every static file a page links is served."""

import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parents[1]


def test_booleans_integers_and_lists_parse(monkeypatch):
    monkeypatch.setenv("X_BOOL", "Yes")
    monkeypatch.setenv("X_INT", "42")
    monkeypatch.setenv("X_LIST", "a.example, b.example,")
    assert env_bool("X_BOOL", False) is True
    assert env_int("X_INT", 0) == 42
    assert env_list("X_LIST", []) == ["a.example", "b.example"]
    assert env_bool("X_UNSET", True) is True


@pytest.mark.parametrize(("name", "value", "parser"), [("X_BOOL", "maybe", env_bool), ("X_INT", "4O", env_int)])
def test_a_bad_value_stops_with_a_message_naming_the_variable(monkeypatch, name, value, parser):
    monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=name):
        parser(name, 0)


def _settings_in_a_new_process(expression: str, tmp_path: Path, **env) -> subprocess.CompletedProcess:
    """``expression`` evaluated on the settings of a fresh process with a bare environment (no ZUGONG_DEBUG)."""
    code = f"import django.conf as c; print({expression})"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "DJANGO_SETTINGS_MODULE": "config.settings",
             "ZUGONG_SECRET_KEY_FILE": str(tmp_path / "var" / "secret_key"), **env},
    )


def test_debug_is_off_unless_asked_for(tmp_path):
    assert _settings_in_a_new_process("c.settings.DEBUG", tmp_path).stdout.strip() == "False"
    assert _settings_in_a_new_process("c.settings.DEBUG", tmp_path, ZUGONG_DEBUG="true").stdout.strip() == "True"


def test_every_process_reads_one_cache_in_the_directory_given(tmp_path):
    """The web server's workers and the scheduler are separate processes: what one puts in the cache (a new version
    of the public portal) another reads (docs/decisions/0025-shared-page-cache.md)."""
    directory = tmp_path / "shared-cache"
    cache = "__import__('django.core.cache', fromlist=['cache']).cache"
    for expression in (f"{cache}.set('k', '已撤下', 60)", f"{cache}.get('k')"):
        run = _settings_in_a_new_process(expression, tmp_path, ZUGONG_CACHE_DIR=str(directory))
        assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "已撤下"
    assert _settings_in_a_new_process("c.settings.CACHES['default']['LOCATION']", tmp_path).stdout.strip() == str(
        ROOT / "var" / "cache")


def test_without_a_secret_key_one_is_made_once_into_a_file_only_its_owner_reads(tmp_path):
    # The web server's workers, the task worker and the scheduler start at once: they must all get the same key.
    code = "import django.conf as c; print(c.settings.SECRET_KEY)"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "DJANGO_SETTINGS_MODULE": "config.settings",
           "ZUGONG_SECRET_KEY_FILE": str(tmp_path / "var" / "secret_key")}
    starting = [subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
                for _ in range(6)]
    keys = {process.communicate()[0].strip() for process in starting}
    key_file = tmp_path / "var" / "secret_key"
    assert keys == {key_file.read_text()}
    assert len(key_file.read_text()) >= 50
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert _settings_in_a_new_process("c.settings.SECRET_KEY", tmp_path).stdout.strip() in keys  # kept
    given = _settings_in_a_new_process("c.settings.SECRET_KEY", tmp_path, ZUGONG_SECRET_KEY="k" * 60)
    assert given.stdout.strip() == "k" * 60


def test_a_key_file_others_may_read_or_the_published_development_key_is_refused(tmp_path):
    key_file = tmp_path / "var" / "secret_key"
    key_file.parent.mkdir()
    key_file.write_text("x" * 64)
    key_file.chmod(0o644)
    refused = _settings_in_a_new_process("c.settings.SECRET_KEY", tmp_path)
    assert refused.returncode != 0 and f"chmod 600 {key_file}" in refused.stderr
    published = "zugong-development-only-secret-key-not-for-production-use-0123456789"
    refused = _settings_in_a_new_process("c.settings.SECRET_KEY", tmp_path, ZUGONG_SECRET_KEY=published)
    assert refused.returncode != 0 and "曾公开的开发密钥" in refused.stderr


STATIC_TAG = re.compile(r"""{%\s*static\s+['"]([^'"]+)['"]\s*%}""")


def test_every_static_file_a_template_links_is_found():
    """Front-end files come from node_modules only when config/staticfiles.VENDOR_FILES lists them."""
    templates = [*(ROOT / "templates").rglob("*.html"), *(ROOT / "zugong").rglob("templates/**/*.html")]
    linked = {name for template in templates for name in STATIC_TAG.findall(template.read_text())}
    assert any(name.startswith("vendor/") for name in linked)
    assert sorted(name for name in linked if not finders.find(name)) == []


def test_a_method_a_url_does_not_take_is_refused_in_chinese(client, department_admin):
    client.force_login(department_admin)
    api = client.delete("/api/v1/organizations")
    assert api.status_code == 405 and api.json()["detail"].startswith("该地址不支持 DELETE 请求")
    assert "GET" in api["Allow"]
    page = client.put("/findings/")
    assert page.status_code == 405 and "该地址不支持 PUT 请求" in page.content.decode()
