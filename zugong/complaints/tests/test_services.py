"""12380 reports: numbers, sealing, receipts, the audited identity, the procedure and its deadlines, holds."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from PIL import Image

from tests.fixtures import make_user
from zugong.accounts.authority import grant_refusal
from zugong.accounts.capabilities import Role
from zugong.appointments.holds import holds_on
from zugong.appointments.models import CaseCandidate, SelectionCase
from zugong.appointments.tests.conftest import make_cadre
from zugong.complaints import procedure, sealing, services
from zugong.complaints.models import Evidence, Report
from zugong.complaints.tests.conftest import IDENTITY, staff_report, web_report
from zugong.core.access import DomainError
from zugong.core.models import AuditEvent

S = Report.Status


def test_numbers_run_per_year(county, department_admin):
    first = staff_report(department_admin, county.township)
    second = staff_report(department_admin, county.village)
    earlier = staff_report(department_admin, county.village, received_on=dt.date(2025, 12, 30))
    web, _code = web_report()
    assert [first.number, second.number, earlier.number, web.number] == [
        "12380-2026-0001", "12380-2026-0002", "12380-2025-0001", "12380-2026-0003"]
    assert web.unit == county.county and web.channel == Report.Channel.WEB and web.received_on == dt.date(2026, 11, 20)


def _all_raw_rows() -> str:
    with connection.cursor() as cursor:
        text = []
        for table in ("complaints_report", "complaints_reporteridentity", "complaints_receipt",
                      "complaints_reportmessage", "core_auditevent"):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 (fixed table names)
            text.append(repr(cursor.fetchall()))
    return "\n".join(text)


def test_nothing_identifying_is_stored_in_clear(county):
    report, code = web_report(identity=IDENTITY)
    assert not report.anonymous and report.identity.sealed
    raw = _all_raw_rows()
    for value in (*IDENTITY.values(), "13912345678", "1234", "钱", code, code[:8]):
        assert value not in raw, value
    assert sealing.unseal(report.identity.sealed)["name"] == "钱多多"  # sealed, not lost


def test_a_receipt_opens_its_own_report_only_and_a_wrong_one_is_a_missing_one(county):
    mine, code = web_report()
    other, other_code = web_report()
    assert len(code) >= 16 and code != other_code
    assert services.report_by_receipt(code) == mine
    assert services.report_by_receipt(sealing.grouped(code).lower()) == mine  # typed in groups, lower case
    assert services.report_by_receipt(other_code) == other
    wrong = code[:-1] + ("A" if code[-1] != "A" else "B")
    assert services.report_by_receipt(wrong) is None
    assert services.report_by_receipt("") is None
    assert services.report_by_receipt("X" * 20) is None


def test_staff_intake_has_no_receipt_unless_asked(county, department_admin):
    report = staff_report(department_admin, county.township)
    assert not hasattr(report, "receipt") or report.receipt is None
    with pytest.raises(DomainError, match="12380电话"):
        services.register_report(department_admin, channel=Report.Channel.WEB, received_on=dt.date(2026, 11, 2),
                                 unit=county.township, person_name="孙某某", content="x")


def test_intake_outside_ones_scope_is_refused(county, outsider):
    with pytest.raises(DomainError, match="无权"):
        staff_report(outsider, county.township)


def test_reading_the_identity_is_refused_without_the_capability_and_audited_with_it(county, department_admin):
    report = staff_report(department_admin, county.township, identity=IDENTITY)
    assert services.identity_label(report) == "实名（身份已加密）"
    with pytest.raises(DomainError, match="没有查看举报人身份的权限"):
        services.reveal_identity(department_admin, report, "核实举报人联系方式")
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.VIEW_SENSITIVE).exists()
    keeper = make_user("keeper", Role.IDENTITY_KEEPER, county.county, "身份查看人")
    with pytest.raises(DomainError, match="请填写查看举报人身份的理由"):
        services.reveal_identity(keeper, report, "  ")
    shown = services.reveal_identity(keeper, report, "核实举报人联系方式")
    assert shown == {"姓名": "钱多多", "联系电话": "13912345678", "身份证号": "110101198001011234",
                     "住址": "东风镇幸福路8号"}
    event = AuditEvent.objects.get(action=AuditEvent.Action.VIEW_SENSITIVE)
    assert event.actor == keeper and event.message == "查看举报人身份，理由：核实举报人联系方式"
    assert event.object_id == str(report.pk)


def test_only_a_top_administrator_names_an_identity_keeper(county, department_admin, township_operator):
    assert grant_refusal(department_admin, Role.IDENTITY_KEEPER, county.township) is None
    township_admin = make_user("tadmin", Role.DEPARTMENT_ADMIN, county.township, "镇管理员")
    assert "查看12380举报人身份" in grant_refusal(township_admin, Role.IDENTITY_KEEPER, county.township)
    assert not department_admin.has_capability("complaints.identity")


def test_the_acceptance_deadline_skips_national_day(county, department_admin):
    report = staff_report(department_admin, county.township, received_on=dt.date(2026, 9, 29))
    deadline = procedure.accept_deadline(report)
    # 9/30, then 10/1–10/7 are holidays, 10/10 (Saturday) is a make-up working day: the 15th is 10/26, not 10/20.
    assert deadline.due == dt.date(2026, 10, 26)
    assert deadline.rule == "收到举报后15个工作日内作出受理决定" and deadline.note == ""
    assert "本县规定（可调整）" in deadline.source


def test_the_acceptance_deadline_skips_the_spring_festival(county, department_admin):
    report = staff_report(department_admin, county.township, received_on=dt.date(2026, 2, 12))
    # 2/13, then 2/14 (Saturday) a make-up working day, 2/15–2/23 the holiday, 2/28 (Saturday) a make-up working
    # day: the 15th working day is 3/11; counted Monday to Friday it would be 3/5.
    assert procedure.accept_deadline(report).due == dt.date(2026, 3, 11)


def test_a_whole_report_from_letter_to_closing(county, department_admin, township_operator):
    handler = make_user("handler", Role.DEPARTMENT_ADMIN, county.township, "东风镇承办人")
    report = staff_report(department_admin, county.township)
    services.decide(department_admin, report, decision=Report.Decision.ACCEPT, day=dt.date(2026, 11, 3))
    assert procedure.conclude_deadline(report).due == dt.date(2027, 1, 2)
    with pytest.raises(DomainError, match="承办人须在被举报人单位范围内有办理12380举报的权限"):
        services.assign(department_admin, report, handler=township_operator, day=dt.date(2026, 11, 4))
    services.assign(department_admin, report, handler=handler, day=dt.date(2026, 11, 4))
    with pytest.raises(DomainError, match="早于上一步骤的日期2026年11月4日"):
        services.start_verification(handler, report, day=dt.date(2026, 11, 3))
    services.start_verification(department_admin, report, day=dt.date(2026, 11, 5))
    services.extend(department_admin, report, days=20, reason="需要调取银行流水", day=dt.date(2026, 11, 6))
    assert procedure.conclude_deadline(report).due == dt.date(2027, 1, 22)
    with pytest.raises(DomainError, match="已于2026年11月6日延长过一次"):
        services.extend(department_admin, report, days=5, reason="再延", day=dt.date(2026, 11, 7))
    with pytest.raises(DomainError, match="结案须在「已答复，待结案」时办理"):
        services.close(department_admin, report, day=dt.date(2026, 11, 10))
    services.conclude(department_admin, report, outcome=Report.Outcome.PARTLY, day=dt.date(2026, 11, 10),
                      note="收受礼金属实，金额不符")
    with pytest.raises(DomainError, match="没有查询码"):
        services.reply(department_admin, report, text="已核查", via=Report.ReplyVia.RECEIPT, day=dt.date(2026, 11, 11))
    services.reply(department_admin, report, text="已电话告知核查结果", via=Report.ReplyVia.PHONE,
                   day=dt.date(2026, 11, 11))
    services.close(department_admin, report, day=dt.date(2026, 11, 12))
    report.refresh_from_db()
    assert (report.status, report.outcome, report.handler) == (S.CLOSED, "partly", handler)
    with pytest.raises(DomainError, match="已于2026年11月12日结案"):
        services.decide(department_admin, report, decision=Report.Decision.ACCEPT, day=dt.date(2026, 11, 13))


def test_a_step_is_never_dated_after_today(county, department_admin):
    report = staff_report(department_admin, county.township)
    with pytest.raises(DomainError, match="晚于今天"):
        services.decide(department_admin, report, decision=Report.Decision.ACCEPT, day=dt.date(2026, 11, 21))
    report.refresh_from_db()
    assert report.status == S.REGISTERED


def test_forwarded_reports_are_replied_to_by_receipt_and_closed(county, department_admin):
    report, code = web_report()
    with pytest.raises(DomainError, match="请填写转办机关"):
        services.decide(department_admin, report, decision=Report.Decision.FORWARD, day=dt.date(2026, 11, 20))
    services.decide(department_admin, report, decision=Report.Decision.FORWARD, day=dt.date(2026, 11, 20),
                    forwarded_to="县纪委监委")
    assert procedure.current_deadline(report) is None
    services.add_from_reporter(services.report_by_receipt(code), "补充：有转账截图")
    services.reply(department_admin, report, text="已转县纪委监委办理", via=Report.ReplyVia.RECEIPT,
                   day=dt.date(2026, 11, 20))
    services.close(department_admin, report, day=dt.date(2026, 11, 20))
    texts = [(m.author, m.text, m.on) for m in report.messages.all()]
    assert texts == [("reporter", "补充：有转账截图", dt.date(2026, 11, 20)),
                     ("department", "已转县纪委监委办理", dt.date(2026, 11, 20))]
    with pytest.raises(DomainError, match="已结案，不能再补充"):
        services.add_from_reporter(report, "再补充")


def test_an_open_report_about_a_candidate_holds_the_case_until_closed(county, department_admin):
    cadre = make_cadre(county.township, "孙某某", dt.date(2018, 1, 1))
    case = SelectionCase.objects.create(title="东风镇镇长", unit=county.township)
    candidate = CaseCandidate.objects.create(case=case, cadre=cadre, name=cadre.name,
                                             position=cadre.tenures.first().position, named_on=dt.date(2026, 11, 1))
    report = staff_report(department_admin, county.township)
    assert [h.code for h in holds_on(case)] == []
    services.link_person(department_admin, report, unit=county.township, cadre=cadre)
    held = [h for h in holds_on(case) if h.code == "reports12380"]
    assert [(h.text, h.candidate_id) for h in held] == [("孙某某有12380举报（12380-2026-0001）尚未查结", candidate.pk)]
    services.decide(department_admin, report, decision=Report.Decision.OUTSIDE, day=dt.date(2026, 11, 3),
                    note="反映的是家庭纠纷")
    services.reply(department_admin, report, text="不属于受理范围", via=Report.ReplyVia.LETTER, day=dt.date(2026, 11, 4))
    assert [h.code for h in holds_on(case)] == ["reports12380"]
    services.close(department_admin, report, day=dt.date(2026, 11, 5))
    assert [h.code for h in holds_on(case)] == []


def _jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (8, 8), "red")
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0x8825] = {2: (39.0, 54.0, 0.0)}  # GPS
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def test_evidence_is_sniffed_by_content_and_images_lose_their_metadata(county):
    data = _jpeg_with_exif()
    assert b"CameraMaker" in data
    report, _code = web_report(files=[SimpleUploadedFile("照片.png", data), SimpleUploadedFile("a.txt", b"%PDF-1.4 x")])
    photo, pdf = Evidence.objects.filter(report=report)
    assert (photo.kind, photo.extension, photo.stripped) == ("图片（JPEG）", ".jpg", True)
    stored = photo.file.read()
    assert b"CameraMaker" not in stored and not Image.open(io.BytesIO(stored)).getexif()
    assert (pdf.kind, pdf.extension) == ("PDF文档", ".pdf")
    assert "照片" not in photo.file.name


def test_evidence_of_another_kind_is_refused_by_name(county):
    with pytest.raises(DomainError, match="文件「说明.pdf」不是可接受的类型"):
        web_report(files=[SimpleUploadedFile("说明.pdf", b"MZ\x90\x00 an executable")])
    assert not Report.objects.exists()


def test_a_report_found_true_about_a_candidate_ends_the_appointment(county, department_admin):
    cadre = make_cadre(county.township, "孙某某", dt.date(2018, 1, 1))
    case = SelectionCase.objects.create(title="东风镇镇长", unit=county.township)
    candidate = CaseCandidate.objects.create(case=case, cadre=cadre, name=cadre.name,
                                             position=cadre.tenures.first().position, named_on=dt.date(2026, 11, 1))
    report = staff_report(department_admin, county.township)
    services.link_person(department_admin, report, unit=county.township, cadre=cadre)
    services.decide(department_admin, report, decision=Report.Decision.ACCEPT, day=dt.date(2026, 11, 3))
    services.assign(department_admin, report, handler=department_admin, day=dt.date(2026, 11, 3))
    services.start_verification(department_admin, report, day=dt.date(2026, 11, 4))
    services.conclude(department_admin, report, outcome=Report.Outcome.TRUE, day=dt.date(2026, 11, 10),
                      note="收受礼金属实")
    candidate.refresh_from_db()
    assert candidate.dropped_reason == "12380举报12380-2026-0001经核查属实（2026年11月10日办结）"
    assert AuditEvent.objects.filter(message__startswith="孙某某不再作为人选：12380举报").count() == 1
