"""The reporter's pages (/r/): file without signing in, get the code once, follow with it; no cookie, no link in."""

import re

import pytest
from django.test import Client

from zugong.complaints import services
from zugong.complaints.models import Report, ReportMessage
from zugong.complaints.tests.conftest import web_report
from zugong.core.models import RateWindow

FORM = {"person_name": "孙某某", "person_unit": "东风镇人民政府", "person_post": "副镇长", "kind": "selection",
        "happened": "2026年5月", "content": "提拔前突击入党，档案造假"}


@pytest.fixture
def client():
    return Client(enforce_csrf_checks=True)


def _code(response) -> str:
    return re.search(r'data-testid="receipt-code">([A-Z0-9-]+)<', response.content.decode()).group(1)


def test_a_report_filed_without_signing_in_gives_its_code_once_and_sets_no_cookie(county, client):
    response = client.post("/r/", FORM)
    assert response.status_code == 200 and not response.cookies
    code = _code(response)
    report = Report.objects.get()
    assert report.number in response.content.decode() and report.anonymous
    assert services.report_by_receipt(code) == report
    page = client.post("/r/follow/", {"code": code}).content.decode()
    assert "12380-2026-0001" in page and "待受理" in page
    assert 'href="/' not in page.replace('href="/r/', "").replace('href="/static/', "")  # no link into the system


def test_a_named_report_keeps_the_identity_sealed(county, client):
    client.post("/r/", {**FORM, "named": "on", "identity_name": "钱多多", "identity_phone": "13912345678"})
    report = Report.objects.get()
    assert not report.anonymous and "钱多多" not in report.identity.sealed


def test_missing_fields_are_named(county, client):
    page = client.post("/r/", {**FORM, "content": ""}).content.decode()
    assert "举报内容：请填写举报内容" in page and not Report.objects.exists()


def test_a_wrong_code_answers_exactly_like_a_missing_one(county, client):
    _report, code = web_report()
    wrong = code[:-1] + ("A" if code[-1] != "A" else "B")
    first = client.post("/r/follow/", {"code": wrong})
    second = client.post("/r/follow/", {"code": "ABCDEFGHJKLMNPQRSTUV"})
    assert first.status_code == second.status_code == 200
    assert first.content == second.content and "查询码不正确" in first.content.decode()


def test_a_code_opens_its_own_report_only_and_adds_to_it(county, department_admin, client):
    mine, code = web_report()
    other, _other_code = web_report()
    services.decide(department_admin, other, decision=Report.Decision.FORWARD, day=other.received_on,
                    forwarded_to="县纪委监委")
    services.reply(department_admin, other, text="别人的答复", via=Report.ReplyVia.RECEIPT, day=other.received_on)
    page = client.post("/r/follow/", {"code": code}).content.decode()
    assert mine.number in page and other.number not in page and "别人的答复" not in page
    client.post("/r/follow/add/", {"code": code, "text": "补充一条线索"})
    assert list(ReportMessage.objects.values_list("report", "text").filter(author="reporter")) == [
        (mine.pk, "补充一条线索")]


def test_wrong_codes_are_limited_per_address(county, client):
    for _ in range(10):
        assert client.post("/r/follow/", {"code": "ABCDEFGHJKLMNPQRSTUV"}).status_code == 200
    refused = client.post("/r/follow/", {"code": "ABCDEFGHJKLMNPQRSTUV"})
    assert refused.status_code == 429 and "输入查询码的次数过多" in refused.content.decode()
    assert RateWindow.objects.exists()
