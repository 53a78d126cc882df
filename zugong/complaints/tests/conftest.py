"""Fixtures of the 12380 tests: a sealing key of the test's own (never var/sealing_key), a fixed day, reports."""

import datetime as dt

import pytest
import time_machine
from cryptography.fernet import Fernet

from zugong.complaints import services
from zugong.complaints.models import Report

TODAY = dt.date(2026, 11, 20)
IDENTITY = {"name": "钱多多", "phone": "13912345678", "id_number": "110101198001011234", "address": "东风镇幸福路8号"}


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture(autouse=True)
def sealing_key(monkeypatch, tmp_path):
    key = Fernet.generate_key()
    monkeypatch.setenv("ZUGONG_SEALING_KEY", key.decode())
    monkeypatch.setenv("ZUGONG_SEALING_KEY_FILE", str(tmp_path / "sealing_key"))
    return key


def staff_report(actor, unit, *, received_on=dt.date(2026, 11, 2), identity=None, name="孙某某", **extra) -> Report:
    report, _code = services.register_report(
        actor, channel=Report.Channel.LETTER, received_on=received_on, unit=unit, person_name=name,
        person_unit="东风镇人民政府", person_post="副镇长", content="违规收受礼金", kind=Report.Kind.DISCIPLINE,
        identity=identity, **extra)
    return report


def web_report(identity=None, **extra) -> tuple[Report, str]:
    return services.register_report(None, channel="", received_on=None, person_name="孙某某",
                                    person_unit="东风镇人民政府", person_post="副镇长", content="违规收受礼金",
                                    kind=Report.Kind.DISCIPLINE, identity=identity, **extra)
