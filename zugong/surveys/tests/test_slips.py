"""Printed code slips: each code's QR code opens that code's answer page (the absolute address, its base from
``ZUGONG_PUBLIC_BASE_URL`` or the request), and the links export uses the same address."""

import html
import io
import re

import openpyxl
import pytest
import segno
from django.urls import reverse

from zugong.surveys import slips
from zugong.surveys.models import Invitation
from zugong.surveys.tests.factories import make_group, make_invitation, make_survey

pytestmark = pytest.mark.django_db


def qr_codes(page: str) -> list[tuple[str, str]]:
    """(address named on the image, image source) of every slip's QR code."""
    return [(html.unescape(u), html.unescape(src)) for src, u in
            re.findall(r'<img class="slip-qr" src="([^"]+)" alt="[^"]*" data-url="([^"]+)"', page)]


@pytest.fixture
def group(county):
    survey = make_survey(county.county, name="2026年组织工作满意度民意调查", status="open")
    group = make_group(survey, county.village)
    make_invitation(group, "AAAA2222")
    make_invitation(group, "CCCC4444")
    Invitation.objects.create(group=group, code="BBBB3333", used=True)
    return group


def test_every_slip_has_the_qr_code_of_its_own_answer_page(client, department_admin, group):
    client.force_login(department_admin)
    page = client.get(reverse("surveys:slips", args=[group.survey_id, group.pk])).content.decode()
    found = qr_codes(page)
    assert [u for u, _src in found] == ["http://testserver/s/AAAA2222/", "http://testserver/s/CCCC4444/"]
    for address, source in found:  # the picture is the QR code of exactly that address
        assert source.startswith("data:image/svg+xml")
        assert source == segno.make(address, error="m").svg_data_uri(scale=slips.QR_SCALE, border=2)
    assert reverse("survey_public:answer", args=["AAAA2222"]) == "/s/AAAA2222/"
    assert client.get("/s/AAAA2222/").status_code == 200  # the address the code points at opens the questionnaire


def test_the_public_base_url_setting_names_the_server(client, department_admin, group, settings):
    settings.ZUGONG_PUBLIC_BASE_URL = "https://dj.example.gov.cn"
    client.force_login(department_admin)
    page = client.get(reverse("surveys:slips", args=[group.survey_id, group.pk])).content.decode()
    assert [u for u, _src in qr_codes(page)] == ["https://dj.example.gov.cn/s/AAAA2222/",
                                                 "https://dj.example.gov.cn/s/CCCC4444/"]
    assert "https://dj.example.gov.cn/s/</span>" in page or "https://dj.example.gov.cn/s/</div>" in page
    response = client.get(reverse("surveys:links", args=[group.survey_id, group.pk]))
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))
    assert rows[1][:2] == ("AAAA2222", "https://dj.example.gov.cn/s/AAAA2222/")
