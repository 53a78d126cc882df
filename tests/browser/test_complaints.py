"""12380 reports in the browser: a report filed on a phone (390×844) without signing in, its receipt code shown
once, and the report followed up with the code — the department's reply read, information added."""

import pytest
from cryptography.fernet import Fernet
from playwright.sync_api import expect

from tests.browser.conftest import shot
from zugong.complaints import services
from zugong.complaints.models import Report, ReportMessage

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
PHONE = {"width": 390, "height": 844}


def fits(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "no sideways scrolling"


def test_a_report_filed_on_a_phone_and_followed_up_with_its_code(chromium, live_server, county, department_admin,
                                                                 monkeypatch, tmp_path):
    monkeypatch.setenv("ZUGONG_SEALING_KEY", Fernet.generate_key().decode())
    phone = chromium.new_context(base_url=live_server.url, locale="zh-CN", viewport=PHONE, is_mobile=True,
                                 has_touch=True)
    reporter = phone.new_page()
    reporter.goto("/r/")
    reporter.get_by_label("被举报人姓名").fill("孙某某")
    reporter.get_by_label("被举报人单位").fill("东风镇人民政府")
    reporter.get_by_label("问题类别").select_option(label="选人用人")
    reporter.get_by_label("举报内容").fill("提拔前档案造假")
    (tmp_path / "证据.pdf").write_bytes(b"%PDF-1.4 evidence")
    reporter.get_by_label("证据材料（图片、PDF、Office文档）").set_input_files(str(tmp_path / "证据.pdf"))
    fits(reporter, 390)
    shot(reporter, "complaints-new-phone")
    reporter.get_by_role("button", name="提交举报").click()
    expect(reporter.get_by_test_id("report-number")).to_have_text("12380-2026-0001")
    code = reporter.get_by_test_id("receipt-code").inner_text()
    fits(reporter, 390)
    shot(reporter, "complaints-receipt-phone")
    report = Report.objects.get()
    assert report.evidence.count() == 1

    services.decide(department_admin, report, decision=Report.Decision.FORWARD, day=report.received_on,
                    forwarded_to="县纪委监委")
    services.reply(department_admin, report, text="您反映的问题已转县纪委监委办理", via=Report.ReplyVia.RECEIPT,
                   day=report.received_on)

    reporter.goto("/r/follow/")
    reporter.get_by_label("查询码").fill(code.lower().replace("-", ""))
    reporter.get_by_role("button", name="查看").click()
    expect(reporter.get_by_test_id("report-status")).to_have_text("已答复，待结案")
    expect(reporter.get_by_test_id("report-message")).to_contain_text("您反映的问题已转县纪委监委办理")
    reporter.get_by_label("补充内容").fill("还有一份转账记录")
    fits(reporter, 390)
    shot(reporter, "complaints-follow-phone")
    reporter.get_by_role("button", name="提交补充").click()
    expect(reporter.get_by_test_id("report-message")).to_have_count(2)
    assert ReportMessage.objects.filter(author="reporter").get().text == "还有一份转账记录"
    assert phone.cookies() == []
    phone.close()
