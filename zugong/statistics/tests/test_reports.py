"""Reporting upward (逐级汇总上报): a finalized day exported as a signed package and imported by the higher
instance — a good package, a tampered one, one that does not add up, one from an unregistered instance, and a
second version that supersedes the first while both are kept."""

import base64
import datetime as dt
import hashlib
import json

import pytest
import time_machine
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.fixtures import _child
from zugong.core.access import DomainError
from zugong.organizations.models import Organization
from zugong.statistics import reports, snapshots
from zugong.statistics.models import ReportPackage
from zugong.statistics.selectors import children_tables, tables
from zugong.statistics.tables import TABLES

DAY = dt.date(2025, 12, 31)
NOW = dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC)


@pytest.fixture
def lower_key(settings, tmp_path):
    settings.ZUGONG_REPORT_KEY_FILE = tmp_path / "lower_key"
    return settings


def _as_higher(settings, tmp_path):
    settings.ZUGONG_REPORT_KEY_FILE = tmp_path / "higher_key"


def _export(user, root, settings, tmp_path, when=NOW) -> bytes:
    """东风镇 finalizes 2025-12-31 (4 members on the day) and exports it with the lower instance's key."""
    settings.ZUGONG_REPORT_KEY_FILE = tmp_path / "lower_key"
    with time_machine.travel(when, tick=False):
        snapshot = snapshots.freeze(user, DAY, root)
        return reports.build_package(user, snapshot)


@pytest.fixture
def higher(county, department_admin, settings, tmp_path):
    """The city's side: 甲县委 stands for the county that runs its own zugong, its key registered."""
    settings.ZUGONG_REPORT_KEY_FILE = tmp_path / "lower_key"
    _identity, public_key = reports.own_identity()
    _as_higher(settings, tmp_path)
    stand_in = _child(county.county, "甲县委", Organization.Kind.COMMITTEE, Organization.Sector.AGENCY)
    return reports.register_lower(department_admin, name="甲县委组织部", organization=stand_in, public_key=public_key)


def _resign(package: dict, key: Ed25519PrivateKey) -> bytes:
    """Sign a changed package properly, as a lower instance with a bug (or a forger holding the key) would."""
    body = {k: v for k, v in package.items() if k not in ("checksum", "signature")}
    canonical = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    package["checksum"] = hashlib.sha256(canonical).hexdigest()
    package["signature"] = base64.b64encode(key.sign(canonical)).decode()
    return json.dumps(package, ensure_ascii=False).encode()


def test_a_good_package_is_checked_then_imported_and_counts_as_its_organizations_figures(
        register, county, department_admin, higher, settings, tmp_path):
    raw = _export(department_admin, county.township, settings, tmp_path)
    package = json.loads(raw)
    assert package["installation"]["id"] == higher.installation and package["day"] == "2025-12-31"
    assert [o["name"] for o in package["organizations"]] == ["东风镇党委", "东风村党支部", "西岭村党支部"]
    assert package["organizations"][0]["counts"]["members__total"] == 4
    _as_higher(settings, tmp_path)
    checked = reports.import_package(department_admin, raw, apply=False)
    assert (checked.errors, checked.applied, ReportPackage.objects.count()) == ([], False, 0)
    checked = reports.import_package(department_admin, raw, apply=True)
    assert checked.applied and ReportPackage.objects.get().counts["members__total"] == 4
    live = {f.table.key: f.total for f in tables(department_admin, DAY, county.county.path, live=True)}
    with time_machine.travel(NOW, tick=False):
        snapshots.freeze(department_admin, DAY, county.county)
    finalized = {f.table.key: f for f in tables(department_admin, DAY, county.county.path)}
    assert finalized["gender"].total == live["gender"] + 4  # the county's own records and 甲县 imported
    assert finalized["stage"].counts["probationary"] == 1 + 1  # 李 here, 李 in the package
    children = dict(children_tables(department_admin, DAY, county.county, Organization.objects.filter(
        parent=county.county).order_by("path"), [TABLES["gender"]]))
    assert {c.name: f[0].counts for c, f in children.items()}["甲县委"] == {"male": 2, "female": 2}


def test_a_tampered_package_is_refused_and_nothing_is_imported(register, county, department_admin, higher,
                                                                settings, tmp_path):
    package = json.loads(_export(department_admin, county.township, settings, tmp_path))
    package["organizations"][1]["counts"]["gender__male"] += 1
    _as_higher(settings, tmp_path)
    checked = reports.import_package(department_admin, json.dumps(package).encode(), apply=True)
    assert checked.errors == ["校验和不符：数据包的内容在导出后被改动过，或文件不完整",
                              "签名验证失败：数据包不是「甲县委组织部」用登记的密钥签发的，或签发后被改动过"]
    assert not checked.applied and not ReportPackage.objects.exists()
    stranger = Ed25519PrivateKey.generate()  # signed by a key nobody registered, with its own identity
    package["installation"]["public_key"] = reports.public_key_text(stranger.public_key())
    package["installation"]["id"] = reports.installation_id(package["installation"]["public_key"])
    checked = reports.import_package(department_admin, _resign(package, stranger), apply=True)
    assert checked.errors == [f"数据包来自安装标识 {package['installation']['id']}（东风镇党委），未在您负责的范围内"
                              "登记为下级实例；请先登记该实例的公钥"]
    assert reports.import_package(department_admin, b"not json", apply=True).errors == [
        "文件不是有效的上报数据包：应为 zugong 导出的 JSON 文件"]
    assert not ReportPackage.objects.exists()


def test_a_package_that_does_not_add_up_is_refused_even_when_properly_signed(register, county, department_admin,
                                                                             higher, settings, tmp_path):
    package = json.loads(_export(department_admin, county.township, settings, tmp_path))
    key = reports.signing_key()
    village = package["organizations"][1]
    village["counts"]["gender__male"] += 1  # the village's men no longer add up to its members
    package["organizations"][2]["counts"]["members__total"] += 1  # nor the township to its villages
    package["organizations"][2]["counts"]["gender__female"] += 1
    package["organizations"][2]["counts"]["age__61"] += 1
    raw = _resign(package, key)
    _as_higher(settings, tmp_path)
    errors = reports.import_package(department_admin, raw, apply=True).errors
    assert f"「{village['name']}」的「党员性别」各项之和 {village['counts']['gender__male'] + 1} 不等于合计 2" in errors
    assert "「东风镇党委」的「党员性别·男」为 2，不等于本级 0 加下级合计 3（3）" in errors
    assert "「东风镇党委」的「党员总数」为 4，不等于本级 0 加下级合计 5（5）" in errors
    assert not ReportPackage.objects.exists()


def test_a_second_version_supersedes_the_first_and_both_are_listed(register, county, department_admin, higher,
                                                                   settings, tmp_path, client):
    first = _export(department_admin, county.township, settings, tmp_path)
    second = _export(department_admin, county.township, settings, tmp_path, when=NOW + dt.timedelta(hours=2))
    _as_higher(settings, tmp_path)
    with time_machine.travel(NOW, tick=False):
        snapshots.freeze(department_admin, DAY, county.county)  # the city finalized before the packages came
    before = {f.table.key: f.total for f in tables(department_admin, DAY, county.county.path)}["gender"]
    assert reports.import_package(department_admin, first, apply=True).applied
    assert reports.import_package(department_admin, second, apply=True).applied
    after = {f.table.key: f.total for f in tables(department_admin, DAY, county.county.path)}["gender"]
    assert after == before + 4  # corrected by the newest version, not by both
    latest = ReportPackage.objects.order_by("-version").first()
    assert reports.import_package(department_admin, first, apply=True).errors == [
        f"「甲县委组织部」2025-12-31的版本{json.loads(first)['version']}不新于已导入的版本{latest.version}"
        f"（{timezone.localtime(latest.imported_at):%Y-%m-%d %H:%M}导入），未导入"]
    assert latest.version == json.loads(second)["version"]
    assert ReportPackage.objects.count() == 2
    client.force_login(department_admin)
    page = client.get(reverse("statistics:reports")).content.decode()
    assert page.count("已被新版本取代") == 1 and page.count(">现行<") == 1


def test_the_import_page_checks_first_and_names_what_is_wrong(register, county, department_admin, higher,
                                                              settings, tmp_path, client):
    raw = _export(department_admin, county.township, settings, tmp_path)
    _as_higher(settings, tmp_path)
    client.force_login(department_admin)
    url = reverse("statistics:reports")
    token = client.get(url).context["form"]["submission_token"].value()
    response = client.post(url, {"package": SimpleUploadedFile("p.json", raw), "action": "check",
                                 "submission_token": token})
    assert "签名有效、各表平衡，可以导入" in response.content.decode() and not ReportPackage.objects.exists()
    response = client.post(url, {"package": SimpleUploadedFile("p.json", raw.replace(b'"members__total": 4',
                                                                                     b'"members__total": 5')),
                                 "action": "apply", "submission_token": token})
    assert "校验和不符" in response.content.decode() and not ReportPackage.objects.exists()
    response = client.post(url, {"package": SimpleUploadedFile("p.json", raw), "action": "apply",
                                 "submission_token": token})
    assert "已导入「甲县委组织部」2025-12-31 的数据包" in response.content.decode()
    assert ReportPackage.objects.count() == 1


def test_registering_a_lower_instance_refuses_a_bad_key_and_a_second_registration(county, department_admin,
                                                                                  higher, settings, tmp_path):
    other = _child(county.county, "乙县委", Organization.Kind.COMMITTEE, Organization.Sector.AGENCY)
    with pytest.raises(DomainError) as error:
        reports.register_lower(department_admin, name="乙县", organization=other, public_key="abc")
    assert (error.value.field, error.value.message) == (
        "public_key", "公钥格式不正确：应为下级实例「上报数据包」页面显示的 Ed25519 公钥（44个字符）")
    with pytest.raises(DomainError) as error:
        reports.register_lower(department_admin, name="乙县", organization=other, public_key=higher.public_key)
    assert error.value.message == f"该公钥（安装标识 {higher.installation}）已登记为「甲县委组织部」"
    with pytest.raises(DomainError) as error:
        reports.register_lower(department_admin, name="乙县", organization=other,
                               public_key=reports.own_identity()[1])
    assert error.value.message == "这是本系统自己的公钥，下级实例应登记下级系统的公钥"


def test_only_those_who_finalize_reach_the_pages(county, branch_secretary, township_operator, client):
    client.force_login(branch_secretary)
    assert client.get(reverse("statistics:reports")).status_code == 404
