"""Reporting upward in the browser: the city's department administrator checks and imports the package a county
exported, is told what is wrong with a tampered one, and sees the versions (desktop and phone)."""

import datetime as dt
import json

import pytest
import time_machine
from playwright.sync_api import expect

from tests.browser.conftest import log_in, shot
from tests.fixtures import PASSWORD, _child
from zugong.organizations.models import Organization
from zugong.statistics import reports, snapshots
from zugong.statistics.models import ReportPackage
from zugong.statistics.tests.test_statistics import register  # noqa: F401  (fixture)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
DAY = dt.date(2025, 12, 31)


def test_a_package_is_checked_imported_and_a_tampered_one_refused(page, register, county, department_admin,  # noqa: F811
                                                                  settings, tmp_path):
    settings.ZUGONG_REPORT_KEY_FILE = tmp_path / "lower_key"
    with time_machine.travel(dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC), tick=False):
        raw = reports.build_package(department_admin, snapshots.freeze(department_admin, DAY, county.township))
    public_key = reports.own_identity()[1]
    settings.ZUGONG_REPORT_KEY_FILE = tmp_path / "higher_key"
    stand_in = _child(county.county, "甲县委", Organization.Kind.COMMITTEE, Organization.Sector.AGENCY)
    reports.register_lower(department_admin, name="甲县委组织部", organization=stand_in, public_key=public_key)
    good, bad = tmp_path / "甲县2025.json", tmp_path / "甲县2025-改.json"
    good.write_bytes(raw)
    package = json.loads(raw)
    package["organizations"][0]["counts"]["members__total"] += 100
    bad.write_bytes(json.dumps(package, ensure_ascii=False).encode())

    page.set_default_timeout(60_000)  # the shared machine is slow at times; the assertions stay exact
    log_in(page, "admin", PASSWORD)
    page.goto("/statistics/reports/")
    expect(page.get_by_test_id("identity")).to_contain_text("安装标识")
    page.get_by_label("上报数据包（.json）").set_input_files(str(bad))
    page.get_by_role("button", name="检查并导入").click()
    expect(page.get_by_test_id("import-errors")).to_contain_text("校验和不符")
    expect(page.get_by_test_id("import-errors")).to_contain_text("签名验证失败")
    shot(page, "statistics-reports-refused")
    assert not ReportPackage.objects.exists()
    page.get_by_label("上报数据包（.json）").set_input_files(str(good))
    page.get_by_role("button", name="检查", exact=True).click()
    expect(page.get_by_test_id("import-result")).to_contain_text("签名有效、各表平衡，可以导入")
    page.get_by_label("上报数据包（.json）").set_input_files(str(good))
    page.get_by_role("button", name="检查并导入").click()
    expect(page.get_by_test_id("import-result")).to_contain_text("已导入「甲县委组织部」2025-12-31 的数据包")
    expect(page.get_by_test_id(f"lower-{stand_in.lower_instance.pk}")).to_contain_text("现行")
    shot(page, "statistics-reports")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/statistics/reports/")  # not a reload: that would send the import again
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot(page, "statistics-reports-phone")
