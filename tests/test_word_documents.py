"""Every Word document the system produces is A4 with the Chinese official-document margins (GB/T 9704: top 37,
bottom 35, left 28, right 26 mm), each generated through its own download page.

The documents (every python-docx ``new_document()`` caller; ``test_every_docx_producer_is_listed`` fails on one
not listed here):
- statistics/export.docx — 党内统计 (zugong/statistics/views.py)
- development/<pk>/record.docx — 发展党员工作纪实表 (zugong/development/documents.py)
- members/transfers/<pk>/letter.docx — 党员组织关系介绍信 (zugong/members/documents.py)
- surveys/<pk>/report.docx — 民意调查结果报告 (zugong/surveys/report_docs.py)
- cadres/<pk>/form.docx — 干部任免审批表 (zugong/cadres/printed.py): A4 with the form's own margins, since its
  boxes are laid out in millimetres to fill that print area
Appointments' papers, the ballots' 计票单, the assessments', the agency performance's and the campaigns' 通报 are A4 with these margins too, read back by their
areas' page tests; so is the assessments' 评分表 of a target (assessments/<pk>/targets/<pk>/sheet.docx).
"""

import datetime as dt
import io
import pathlib
import re

import pytest
from django.urls import reverse
from docx import Document
from docx.shared import Mm

from zugong.cadres import printed
from zugong.cadres import services as cadre_services
from zugong.cadres.tests.test_cadres import a_form
from zugong.development import services as development_services
from zugong.members import transfers
from zugong.members.services import create_member
from zugong.members.tests.test_members import fields, id_for
from zugong.surveys.tests.scope_report import objects as survey_objects

pytestmark = pytest.mark.django_db

OFFICIAL = {"top": 37, "bottom": 35, "left": 28, "right": 26}
FORM = {"top": printed.MARGIN_TOP, "bottom": printed.MARGIN_BOTTOM, "left": printed.MARGIN_SIDE,
        "right": printed.MARGIN_SIDE}
PRODUCERS = {"zugong/statistics/views.py", "zugong/development/documents.py", "zugong/members/documents.py",
             "zugong/surveys/report_docs.py", "zugong/cadres/printed.py"}
# Built A4 with the GB/T 9704 margins by their own code and read back by their own page tests (test_pages.py).
CHECKED_BY_THEIR_AREA = {"zugong/appointments/documents.py", "zugong/ballots/documents.py",
                         "zugong/assessments/documents.py", "zugong/performance/documents.py",
                         "zugong/campaigns/bulletin.py"}
# Files the demo writes once as sample uploads (the portal's 资料下载), through new_document; nobody downloads them
# from a producer of their own.
DEMO_SAMPLES = {"zugong/portal/demo.py"}


def mm(length) -> float:
    return round(length / Mm(1), 1)


def pages(content: bytes) -> list[tuple]:
    document = Document(io.BytesIO(content))
    return [((mm(s.page_width), mm(s.page_height)),
             {"top": mm(s.top_margin), "bottom": mm(s.bottom_margin), "left": mm(s.left_margin),
              "right": mm(s.right_margin)}) for s in document.sections]


@pytest.fixture
def downloads(county, department_admin, township_operator, client):
    member = create_member(department_admin, **fields(county.village, id_number=id_for(dt.date(1970, 3, 5), 11)))
    transfer = transfers.start_transfer(township_operator, member, county.other_village)
    case = development_services.open_case(
        department_admin, name="陈晓燕", id_number=id_for(dt.date(1998, 4, 2), 22), ethnicity="01",
        education="undergraduate", occupation="professional", organization=county.village, phone="13900000001",
        applied_on=dt.date(2023, 3, 1))
    cadre = cadre_services.save_form(department_admin, a_form(), county.township)
    survey = survey_objects("report_survey", county.township, {})["report_survey"]
    return {
        "statistics": (reverse("statistics:export_docx"), {"organization": county.county.pk}, OFFICIAL),
        "development record": (reverse("development:record", args=[case.pk]), {}, OFFICIAL),
        "transfer letter": (reverse("members:transfer_letter", args=[transfer.pk]), {}, OFFICIAL),
        "survey report": (reverse("surveys:report_docx", args=[survey.pk]), {"org": county.township.pk}, OFFICIAL),
        "cadre form": (reverse("cadres:form_docx", args=[cadre.pk]), {}, FORM),
    }


def test_every_word_document_is_a4_with_official_margins(downloads, client, department_admin):
    client.force_login(department_admin)
    seen = {}
    for name, (url, query, margins) in downloads.items():
        response = client.get(url, query)
        assert response.status_code == 200, name
        assert response["Content-Type"].startswith("application/vnd.openxmlformats"), name
        seen[name] = pages(response.content)
        assert seen[name] and all(size == (210.0, 297.0) and found == margins for size, found in seen[name]), (
            name, seen[name])
    assert len(seen) == len(PRODUCERS)


def test_every_docx_producer_is_listed():
    root = pathlib.Path(__file__).resolve().parent.parent
    calls = re.compile(r"\bnew_document\(|\bDocument\(\)")
    found = {str(path.relative_to(root)) for path in (root / "zugong").rglob("*.py")
             if "tests" not in path.parts and calls.search(path.read_text(encoding="utf-8"))}
    assert found - {"zugong/core/documents.py"} == PRODUCERS | CHECKED_BY_THEIR_AREA | DEMO_SAMPLES
