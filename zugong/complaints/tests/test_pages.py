"""The staff pages of 12380 reports as a handler, an inspector and an identity keeper meet them: intake, a whole
case through its step forms, a refused step, matching the reported person, evidence, the identity reading, the due
list."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from zugong.accounts.capabilities import Role
from zugong.accounts.models import RoleAssignment
from zugong.appointments.tests.conftest import make_cadre
from zugong.complaints.models import Evidence, Report
from zugong.complaints.tests.conftest import IDENTITY, staff_report, web_report
from zugong.core.models import AuditEvent

pytestmark = pytest.mark.django_db
S = Report.Status


def _token(client, url) -> str:
    page = client.get(url).content.decode()
    marker = 'name="submission_token" value="'
    return page.split(marker, 1)[1].split('"', 1)[0]


def test_intake_of_a_named_letter_shows_the_identity_sealed(client, county, department_admin):
    client.force_login(department_admin)
    url = reverse("complaints:intake")
    response = client.post(url, {
        "submission_token": _token(client, url), "channel": "letter", "received_on": "2026-11-16",
        "unit": county.township.pk, "person_name": "孙某某", "person_post": "副镇长", "kind": "discipline",
        "content": "违规收受礼金", "identity_name": IDENTITY["name"],
        "identity_phone": IDENTITY["phone"]})
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    assert report.number == "12380-2026-0001" and not report.anonymous and report.channel == "letter"
    page = client.get(report.get_absolute_url()).content.decode()
    assert "实名（身份已加密）" in page and IDENTITY["name"] not in page and IDENTITY["phone"] not in page
    assert "受理决定期限：2026-12-07" in page  # 15 working days from 11/17
    listing = client.get(reverse("complaints:list"), {"q": "孙某"}).content.decode()
    assert report.number in listing and "待受理" in listing


def test_intake_refuses_a_future_day_on_its_field_and_saves_nothing(client, county, department_admin):
    client.force_login(department_admin)
    url = reverse("complaints:intake")
    page = client.post(url, {
        "submission_token": _token(client, url), "channel": "phone", "received_on": "2026-11-21",
        "unit": county.township.pk, "person_name": "孙某某", "kind": "other", "content": "反映问题"}).content.decode()
    assert "收到日期不能晚于今天" in page and not Report.objects.exists()


def test_a_phone_number_without_a_name_is_refused_not_dropped(client, county, department_admin):
    client.force_login(department_admin)
    url = reverse("complaints:intake")
    page = client.post(url, {
        "submission_token": _token(client, url), "channel": "phone", "received_on": "2026-11-20",
        "unit": county.township.pk, "person_name": "孙某某", "kind": "other", "content": "反映问题",
        "identity_phone": "13912345678"}).content.decode()
    assert "实名举报请填写举报人姓名" in page and not Report.objects.exists()


def _post_step(client, report, code, **data):
    return client.post(reverse("complaints:step", args=[report.pk, code]), data)


def test_a_handler_takes_a_case_from_decision_to_closing_through_the_pages(client, county, department_admin):
    report, code = web_report()
    client.force_login(department_admin)
    detail = client.get(report.get_absolute_url()).content.decode()
    assert 'data-testid="take-decide"' in detail and 'data-testid="take-close"' not in detail
    assert _post_step(client, report, "decide", decision="accept", day="2026-11-20").status_code == 302
    assert _post_step(client, report, "assign", handler=department_admin.pk, day="2026-11-20").status_code == 302
    assert _post_step(client, report, "verify", day="2026-11-20", note="约谈知情人").status_code == 302
    assert _post_step(client, report, "extend", days=10, reason="需调取账目", day="2026-11-20").status_code == 302
    assert _post_step(client, report, "conclude", outcome="partly", day="2026-11-20",
                      note="收受礼金属实，数额较反映的少").status_code == 302
    assert _post_step(client, report, "reply", via="receipt", text="经核查，部分属实，已作处理。",
                      day="2026-11-20").status_code == 302
    assert _post_step(client, report, "close", day="2026-11-20").status_code == 302
    report.refresh_from_db()
    assert (report.status, report.outcome, report.extension_days, report.handler) == (
        S.CLOSED, "partly", 10, department_admin)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "已结案" in page and "部分属实" in page and "经核查，部分属实，已作处理。" in page
    assert 'data-testid="take-' not in page
    from zugong.complaints import services  # the reporter reads the reply with the receipt
    assert services.report_by_receipt(code).messages.get().text == "经核查，部分属实，已作处理。"


def test_a_step_out_of_order_is_refused_with_its_rule_and_changes_nothing(client, county, department_admin):
    report = staff_report(department_admin, county.township)
    client.force_login(department_admin)
    page = _post_step(client, report, "conclude", outcome="true", day="2026-11-20", note="属实").content.decode()
    assert "该举报目前「待受理」，办结须在「核查中」时办理" in page
    report.refresh_from_db()
    assert report.status == S.REGISTERED and report.outcome == ""
    shown = client.get(reverse("complaints:step", args=[report.pk, "close"])).content.decode()
    assert "今天不能办理" in shown


def test_an_inspector_reads_but_cannot_act(client, county, department_admin, inspector):
    report = staff_report(department_admin, county.township)
    client.force_login(inspector)
    page = client.get(report.get_absolute_url()).content.decode()
    assert report.number in page and 'data-testid="take-' not in page and 'data-testid="link-person"' not in page
    assert _post_step(client, report, "decide", decision="accept", day="2026-11-20").status_code == 404
    report.refresh_from_db()
    assert report.status == S.REGISTERED


def test_matching_the_person_links_the_cadre_and_moves_the_report_to_their_unit(client, county, department_admin):
    cadre = make_cadre(county.village, "孙某某", dt.date(2020, 1, 1))
    report, _code = web_report()
    assert report.unit == county.county
    client.force_login(department_admin)
    url = reverse("complaints:link", args=[report.pk])
    page = client.get(url).content.decode()
    assert f"cadre:{cadre.pk}" in page
    assert client.post(url, {"person": f"cadre:{cadre.pk}", "unit": ""}).status_code == 302
    report.refresh_from_db()
    assert report.cadre == cadre and report.unit == county.village and report.org_path == county.village.path
    refused = client.post(url, {"person": "", "unit": ""}).content.decode()
    assert "请选择被举报人所在单位，或选择对应的干部或党员" in refused


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return buffer.getvalue()


def test_verification_files_are_added_and_downloaded_in_scope_only(client, county, department_admin, outsider):
    report = staff_report(department_admin, county.village)
    client.force_login(department_admin)
    url = reverse("complaints:evidence_new", args=[report.pk])
    assert client.post(url, {"evidence": [SimpleUploadedFile("账目.png", _png())]}).status_code == 302
    evidence = Evidence.objects.get(report=report)
    assert not evidence.from_reporter and evidence.kind
    download = client.get(reverse("complaints:evidence_file", args=[evidence.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"\x89PNG")
    bad = client.post(url, {"evidence": [SimpleUploadedFile("a.pdf", b"MZ\x90\x00not a pdf")]}).content.decode()
    assert "不是可接受的类型" in bad and Evidence.objects.count() == 1
    client.force_login(outsider)
    assert client.get(reverse("complaints:evidence_file", args=[evidence.pk])).status_code == 404


def test_the_identity_is_shown_to_a_named_keeper_with_a_reason_and_the_reading_is_history(
        client, county, department_admin):
    report = staff_report(department_admin, county.township, identity=IDENTITY)
    url = reverse("complaints:identity", args=[report.pk])
    client.force_login(department_admin)
    assert 'data-testid="identity-form"' not in client.get(report.get_absolute_url()).content.decode()
    assert client.post(url, {"reason": "核实"}).status_code == 404
    RoleAssignment.objects.create(user=department_admin, role=Role.IDENTITY_KEEPER, organization=county.county)
    page = client.get(report.get_absolute_url()).content.decode()
    assert 'data-testid="identity-form"' in page and IDENTITY["name"] not in page
    empty = client.post(url, {"reason": ""}).content.decode()
    assert "请填写查看举报人身份的理由" in empty and IDENTITY["name"] not in empty
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.VIEW_SENSITIVE).exists()
    shown = client.post(url, {"reason": "需当面核实举报线索"})
    assert shown.status_code == 200 and "no-store" in shown["Cache-Control"]
    assert IDENTITY["name"] in shown.content.decode() and IDENTITY["phone"] in shown.content.decode()
    event = AuditEvent.objects.get(action=AuditEvent.Action.VIEW_SENSITIVE)
    assert event.actor == department_admin and "需当面核实举报线索" in event.message
    assert IDENTITY["name"] not in client.get(report.get_absolute_url()).content.decode()


def test_the_due_list_puts_overdue_reports_first_with_the_days_over(client, county, department_admin):
    late = staff_report(department_admin, county.township, received_on=dt.date(2026, 9, 1))
    fresh = staff_report(department_admin, county.township, received_on=dt.date(2026, 11, 19))
    concluded = staff_report(department_admin, county.village, received_on=dt.date(2026, 11, 2))
    from zugong.complaints import services
    services.decide(department_admin, concluded, decision="outside", day=dt.date(2026, 11, 3), note="属于信访事项")
    client.force_login(department_admin)
    page = client.get(reverse("complaints:due")).content.decode()
    overdue = page.split('data-testid="due-overdue"', 1)[1].split("</ul>", 1)[0]
    later = page.split('data-testid="due-later"', 1)[1].split("</ul>", 1)[0]
    reply = page.split('data-testid="due-reply"', 1)[1].split("</ul>", 1)[0]
    assert late.number in overdue and "已逾期" in overdue and fresh.number in later
    assert concluded.number in reply and concluded.number not in overdue + later
