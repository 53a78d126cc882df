"""A 12380 handler's whole case in the browser: a web report matched to a cadre who is a candidate (the selection
case held), accepted, assigned, verified, found true (the candidate dropped with the reason on record), answered
through the receipt and closed — and a step out of order refused with its rule."""

import datetime as dt

import pytest
from cryptography.fernet import Fernet
from playwright.sync_api import expect

from tests.browser.conftest import log_in, shot
from tests.fixtures import PASSWORD
from zugong.appointments.models import CaseCandidate, SelectionCase
from zugong.appointments.tests.conftest import make_cadre
from zugong.cadres.models import Position
from zugong.complaints import services
from zugong.complaints.models import Report

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def _candidate_case(county):
    cadre = make_cadre(county.village, "孙某某", dt.date(2020, 1, 1))
    position = Position.objects.create(organization=county.township, title="东风镇副镇长", rank="section_deputy")
    case = SelectionCase.objects.create(title="东风镇副镇长人选", unit=county.township, last_step_on=dt.date(2026, 11, 2))
    case.positions.set([position])
    candidate = CaseCandidate.objects.create(case=case, cadre=cadre, name=cadre.name, position=position,
                                             named_on=dt.date(2026, 11, 2))
    return cadre, case, candidate


def test_a_handler_takes_a_report_about_a_candidate_from_matching_to_closing(page, county, department_admin,
                                                                             monkeypatch):
    monkeypatch.setenv("ZUGONG_SEALING_KEY", Fernet.generate_key().decode())
    cadre, case, candidate = _candidate_case(county)
    report, code = services.register_report(None, channel="", received_on=None, person_name="孙某某",
                                            person_unit="东风村", content="提拔前档案造假", kind="selection")
    log_in(page, "admin", PASSWORD)
    page.goto("/complaints/")
    page.get_by_role("link", name=report.number).click()
    expect(page.get_by_test_id("report-status")).to_have_text("待受理")

    page.get_by_test_id("link-person").click()
    page.get_by_label("对应人员").select_option(f"cadre:{cadre.pk}")
    page.get_by_test_id("form-submit").click()
    expect(page.get_by_test_id("linked")).to_contain_text("孙某某")
    expect(page.get_by_test_id("unit")).to_have_text(county.village.name)
    expect(page.get_by_test_id("report-holds")).to_contain_text("东风镇副镇长人选")

    page.get_by_test_id("take-close").wait_for(state="detached")
    page.goto(f"/complaints/{report.pk}/step/close/")
    expect(page.get_by_test_id("step-refusal")).to_contain_text("结案须在「已答复，待结案」时办理")
    page.get_by_test_id("form-submit").click()
    expect(page.get_by_test_id("form-error").or_(page.get_by_test_id("field-error")).first).to_contain_text(
        "结案须在「已答复，待结案」时办理")

    page.goto(report.get_absolute_url())
    page.get_by_test_id("take-decide").click()
    page.get_by_label("受理决定").select_option("accept")
    page.get_by_test_id("form-submit").click()
    expect(page.get_by_test_id("report-status")).to_have_text("已受理，待交办")
    page.get_by_test_id("take-assign").click()
    page.get_by_label("承办人").select_option(str(department_admin.pk))
    page.get_by_test_id("form-submit").click()
    page.get_by_test_id("take-verify").click()
    page.get_by_test_id("form-submit").click()
    expect(page.get_by_test_id("report-status")).to_have_text("核查中")
    page.get_by_test_id("take-conclude").click()
    page.get_by_label("核查结论").select_option("true")
    page.get_by_label("核查情况").fill("经调阅档案，出生日期被改动，反映属实")
    page.get_by_test_id("form-submit").click()
    expect(page.get_by_test_id("report-outcome")).to_have_text("属实")
    candidate.refresh_from_db()
    assert candidate.dropped_reason.startswith(f"12380举报{report.number}经核查属实")
    expect(page.get_by_test_id("report-holds")).to_have_count(0)

    page.get_by_test_id("take-reply").click()
    page.get_by_label("答复方式").select_option("receipt")
    page.get_by_label("答复内容", exact=False).fill("经核查，您反映的问题属实，已作处理。")
    page.get_by_test_id("form-submit").click()
    page.get_by_test_id("take-close").click()
    page.get_by_test_id("form-submit").click()
    expect(page.get_by_test_id("report-status")).to_have_text("已结案")
    shot(page, "complaints-closed-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "complaints-closed-phone")
    assert services.report_by_receipt(code).messages.get().text == "经核查，您反映的问题属实，已作处理。"
    assert Report.objects.get().status == Report.Status.CLOSED

    page.goto(case.get_absolute_url())
    expect(page.get_by_test_id("candidates")).to_contain_text("12380举报")
