"""The performance pages: a period's ranking, its .xlsx and 通报, typing values with evidence, the department's
steps refused in Chinese on the page, and the cadre's page showing the year's result beside the grade."""

import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from docx.shared import Mm

from tests.fixtures import make_user
from zugong.performance import services
from zugong.performance.models import Actual, Period
from zugong.performance.tests import helpers as h

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(county, department_admin):
    h.agencies(county)
    return h.template(county, department_admin)


def test_a_periods_page_ranks_the_agencies_and_names_the_laggards(client, year, department_admin):
    period = h.run_period(department_admin, year, 1, h.FIRST)
    client.force_login(department_admin)
    page = client.get(reverse("performance:period", args=[period.pk])).content.decode()
    rows = [(h.card(year, name).pk, name) for name in ("县商务局", "县教育局", "县水利局", "县审计局")]
    for (pk, _name), (total, rank) in zip(rows, [("92.00", 1), ("82.00", 2), ("82.00", 2), ("20.00", 4)], strict=True):
        row = page.split(f'data-testid="score-{pk}"')[1].split("</tr>")[0]
        assert f'data-testid="rank">{rank}<' in row and f'data-testid="total">{total}<' in row
    laggards = page.split('data-testid="laggards"')[1].split("</div>")[0]
    assert "县教育局（第2名）" in laggards and "县水利局（第2名）" in laggards and "县审计局（第4名）" in laggards
    assert "县商务局" not in laggards


def test_the_ranking_workbook_holds_values_points_and_totals(client, year, department_admin):
    period = h.run_period(department_admin, year, 1, h.FIRST)
    client.force_login(department_admin)
    response = client.get(reverse("performance:export", args=[period.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
    # 名次, 机关, then (value, points) per indicator, total, missing
    assert rows[0][:2] == [1, "县商务局"] and rows[0][2:12] == [12, 40, 81, 27, 0, 20, 4, 5, 92, 0]
    assert rows[3][:2] == [4, "县审计局"] and rows[3][2:12] == [5, 20, None, 0, None, 0, None, 0, 20, 3]


def test_the_bulletin_is_a4_and_names_the_laggards(client, year, department_admin, outsider):
    period = h.run_period(department_admin, year, 1, h.FIRST)
    services.take_step(department_admin, period, Period.Step.BULLETIN, dt.date(2026, 1, 16), number="县绩效办〔2026〕1号")
    client.force_login(department_admin)
    response = client.get(reverse("performance:bulletin", args=[period.pk]))
    document = Document(io.BytesIO(response.content))
    section = document.sections[0]
    assert (round(section.page_width / Mm(1)), round(section.page_height / Mm(1))) == (210, 297)
    assert (round(section.top_margin / Mm(1)), round(section.bottom_margin / Mm(1)), round(section.left_margin / Mm(1)),
            round(section.right_margin / Mm(1))) == (37, 35, 28, 26)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "关于2026年第1期机关绩效考核情况的通报" in text and "县绩效办〔2026〕1号" in text
    assert ("四、排名靠后、予以通报的：县教育局（第2名，82.00分）、县水利局（第2名，82.00分）、"
            "县审计局（第4名，20.00分，3项指标未填报）。") in text
    cells = [c.text for row in document.tables[0].rows for c in row.cells]
    assert cells[4:8] == ["1", "县商务局", "92.00", ""]
    client.force_login(outsider)
    assert client.get(reverse("performance:bulletin", args=[period.pk])).status_code == 404


def test_an_agency_types_its_values_with_evidence_and_a_file(client, year, department_admin, settings):
    card = h.card(year, "县教育局")
    operator = make_user("education", "operator", card.organization, "教育局党建指导员")
    first = h.period(year, 1)
    services.take_step(department_admin, first, Period.Step.DEPLOYED, first.starts_on)
    client.force_login(operator)
    url = reverse("performance:actuals", args=[card.pk, first.pk])
    indicators = list(year.indicators.all())
    data = {f"i{i.pk}-value": value for i, value in zip(indicators, ["8", "90", "4", "8"], strict=True)}
    data |= {f"i{i.pk}-evidence": "台账" for i in indicators}
    data[f"i{indicators[0].pk}-evidence_file"] = SimpleUploadedFile("list.exe", b"MZ")
    refused = client.post(url, data)
    assert refused.status_code == 422 and "请上传 .pdf" in refused.content.decode()
    data[f"i{indicators[0].pk}-evidence_file"] = SimpleUploadedFile("list.pdf", b"%PDF-1.4")
    data[f"i{indicators[1].pk}-evidence"] = ""
    refused = client.post(url, data)
    assert refused.status_code == 422 and Actual.objects.count() == 0
    data[f"i{indicators[1].pk}-evidence"] = "满意度调查"
    data[f"i{indicators[0].pk}-evidence_file"] = SimpleUploadedFile("list.pdf", b"%PDF-1.4")  # the last was read
    assert client.post(url, data).status_code == 302
    kept = Actual.objects.get(indicator=indicators[0])
    assert (kept.value, kept.entered_by) == (8, operator) and kept.evidence_file.name.endswith(".pdf")
    assert client.get(reverse("performance:evidence", args=[card.pk, kept.pk])).status_code == 200
    other = h.card(year, "县商务局")
    assert client.get(reverse("performance:actuals", args=[other.pk, first.pk])).status_code == 404


def test_a_step_refused_on_the_page_says_why(client, year, department_admin):
    first = h.period(year, 1)
    client.force_login(department_admin)
    response = client.post(reverse("performance:step", args=[first.pk]),
                           {"done": "assessed", "on": "2026-01-20"}, follow=True)
    assert f"{first}须先部署，才能考核" in response.content.decode()
    first.refresh_from_db()
    assert first.step == Period.Step.PLANNED


def test_the_cadres_page_shows_the_years_result_beside_the_grade(client, year, county, department_admin):
    from zugong.cadres.tests.test_training import make_cadre

    card = h.card(year, "县教育局")
    cadre = make_cadre(card.organization, rank=None)
    line = services.add_breakdown(department_admin, card, h.indicator(year, "重点项目完成数"), target="4", cadre=cadre)
    services.enter_breakdown_actual(department_admin, line, "3", "完成3个")
    h.run_period(department_admin, year, 1, h.FIRST)
    client.force_login(department_admin)
    page = client.get(reverse("cadres:detail", args=[cadre.pk]), {"tab": "assessments"}).content.decode()
    block = page.split('data-testid="cadre-performance"')[1]
    assert 'data-testid="cadre-performance-score">75.00<' in block  # 3 of 4
    assert "县教育局" in block and ">82.00<" in block and ">2/4<" in block
