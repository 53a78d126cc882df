"""Deployment settings fail loudly on a bad value instead of falling back to a default."""

import subprocess
import sys
from pathlib import Path

import pytest
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


def test_production_without_its_own_secret_key_does_not_start():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, capture_output=True, text=True,
        env={"PATH": "/usr/bin:/bin", "ZUGONG_DEBUG": "false", "HOME": "/tmp"},
    )
    assert result.returncode != 0
    assert "ZUGONG_SECRET_KEY" in result.stderr
