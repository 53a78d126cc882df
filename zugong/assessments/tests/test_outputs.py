"""The round's outputs: a target's 评分表 (.docx and PDF, read back with python-docx and pypdf) with hand-computed
figures — a computed criterion with its value and explanation, entered ones with their evidence, the total, grade,
rank among the round's targets and the frozen state — and its access (the result page's)."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document
from docx.shared import Mm
from pypdf import PdfReader

from zugong.assessments import services
from zugong.assessments.models import Criterion, Grade, Result, Round, Scheme, Score
from zugong.dues.models import DuesPayment
from zugong.members.models import Member
from zugong.members.services import create_member
from zugong.members.tests.test_members import fields, id_for

pytestmark = pytest.mark.django_db
START, END = dt.date(2025, 1, 1), dt.date(2025, 10, 31)


def sheet_scheme() -> Scheme:
    made = Scheme.objects.create(code="sheet_test", name="评分表测试方案", target_kind="village_committee",
                                 source="测试依据")
    Criterion.objects.create(scheme=made, code="dues_rate", label="按月足额交纳党费", max_points=Decimal(10), order=1,
                             method="computed", measure="dues_rate", scoring="proportional", full_at=Decimal(100))
    Criterion.objects.create(scheme=made, code="work", label="工作实绩", max_points=Decimal(60), order=2)
    Criterion.objects.create(scheme=made, code="team", label="班子建设", max_points=Decimal(30), order=3)
    Grade.objects.create(scheme=made, label="优秀", min_total=Decimal(90))
    Grade.objects.create(scheme=made, label="合格", min_total=Decimal(60))
    Grade.objects.create(scheme=made, label="差", min_total=Decimal(0))
    return made


def a_round(county, admin) -> Round:
    """东风村: dues paid 8 of 10 months (8 of 10 points), 55.5 and 28 entered: 91.5, 优秀, first of two.
    西岭村: no member owes dues, so its dues are entered (5), with 40 and 20: 65, 合格, second."""
    member = create_member(admin, **fields(county.village, name="李红", id_number=id_for(dt.date(1970, 1, 1))))
    Member.objects.filter(pk=member.pk).update(dues_from=START)
    for month in range(1, 9):
        DuesPayment.objects.create(member=member, month=dt.date(2025, month, 1), amount=Decimal("1.00"),
                                   due_amount=Decimal("1.00"), paid_on=dt.date(2025, month, 5),
                                   organization=county.village)
    round_ = services.open_round(admin, sheet_scheme(), county.township, year=2025, starts_on=START, ends_on=END)
    typed = {(county.village, "work"): "55.5", (county.village, "team"): "28", (county.village2, "dues_rate"): "5",
             (county.village2, "work"): "40", (county.village2, "team"): "20"}
    for s in Score.objects.filter(result__round=round_, points__isnull=True).select_related(
            "result__round", "result__organization", "criterion"):
        services.enter_score(admin, s, typed[(s.result.organization, s.criterion.code)], evidence="现场检查记录")
    return round_


def docx_text(content: bytes) -> tuple[list[str], list[list[str]], Document]:
    document = Document(io.BytesIO(content))
    table = document.tables[0]
    return ([p.text for p in document.paragraphs], [[c.text for c in row.cells] for row in table.rows], document)


def test_the_score_sheet_of_a_finalized_round_reads_back_with_its_figures(client, county, department_admin):
    round_ = services.finalize_round(department_admin, a_round(county, department_admin))
    result = Result.objects.get(round=round_, organization=county.village)
    client.force_login(department_admin)
    response = client.get(reverse("assessments:sheet_docx", args=[round_.pk, result.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f"attachment; filename=assessment-{round_.pk}-{result.pk}-sheet.docx"
    paragraphs, rows, document = docx_text(response.content)
    section = document.sections[0]
    assert (round(section.page_width / Mm(1)), round(section.page_height / Mm(1))) == (210, 297)
    assert (round(section.top_margin / Mm(1)), round(section.left_margin / Mm(1))) == (37, 28)
    assert paragraphs[0] == "评分表测试方案评分表"
    assert "考核对象：东风村党支部　组织考核：东风镇党委" in paragraphs
    assert "考核期：2025年01月01日至2025年10月31日" in paragraphs
    assert any(p.startswith("本轮考核已于") and p.endswith("定稿：各项得分、总分、等次、名次不再更改。")
               for p in paragraphs)
    today = timezone.localdate()
    assert rows == [
        ["序号", "考核指标", "分值", "计分方式", "得分", "计算值与说明 / 评分依据"],
        ["1", "按月足额交纳党费", "10", "按记录计算", "8", "计算值：80；计算说明：应交10人月，已交8人月，收缴率80.00%"],
        ["2", "工作实绩", "60", "考核人录入", "55.5",
         f"评分依据：现场检查记录；评分人：{department_admin}，评分时间：{today:%Y-%m-%d}"],
        ["3", "班子建设", "30", "考核人录入", "28",
         f"评分依据：现场检查记录；评分人：{department_admin}，评分时间：{today:%Y-%m-%d}"],
    ]
    assert {"总分：91.5分（满分100分）", "等次：优秀", "名次：第1名（共2个考核对象）"} <= set(paragraphs)

    second = Result.objects.get(round=round_, organization=county.village2)
    _paragraphs, rows, _document = docx_text(client.get(reverse("assessments:sheet_docx",
                                                                args=[round_.pk, second.pk])).content)
    assert rows[1][4:] == ["5", "计算说明：考核期内没有应交党费的党员；评分依据：现场检查记录；"
                              f"评分人：{department_admin}，评分时间：{today:%Y-%m-%d}"]  # not measured: entered
    assert {"总分：65分（满分100分）", "等次：合格", "名次：第2名（共2个考核对象）"} <= set(_paragraphs)

    pdf = client.get(reverse("assessments:sheet_pdf", args=[round_.pk, result.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf.content))
    page = reader.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)  # A4 in points
    text = "".join(p.extract_text() for p in reader.pages).replace("\n", "").replace(" ", "")
    for expected in ("评分表测试方案评分表", "东风村党支部", "收缴率80.00%", "总分：91.5分（满分100分）", "等次：优秀",
                     "名次：第1名（共2个考核对象）", "定稿"):
        assert expected in text, expected


def test_the_sheet_of_an_open_round_says_it_is_not_frozen_and_has_no_rank(client, county, department_admin):
    round_ = a_round(county, department_admin)
    result = Result.objects.get(round=round_, organization=county.village)
    client.force_login(department_admin)
    paragraphs, rows, _document = docx_text(
        client.get(reverse("assessments:sheet_docx", args=[round_.pk, result.pk])).content)
    assert "本轮考核尚未定稿（进行中）：总分随录入和记录变化，等次、名次在定稿时评定。" in paragraphs
    assert {"总分：91.5分（满分100分）", "等次：—", "名次：—（共2个考核对象）"} <= set(paragraphs)


def test_the_result_page_and_the_round_rows_link_the_sheets(client, county, department_admin):
    round_ = a_round(county, department_admin)
    result = Result.objects.get(round=round_, organization=county.village)
    client.force_login(department_admin)
    page = client.get(reverse("assessments:result", args=[round_.pk, result.pk])).content.decode()
    assert reverse("assessments:sheet_docx", args=[round_.pk, result.pk]) in page
    assert reverse("assessments:sheet_pdf", args=[round_.pk, result.pk]) in page
    listing = client.get(reverse("assessments:round", args=[round_.pk])).content.decode()
    for r in round_.results.all():
        assert reverse("assessments:sheet_pdf", args=[round_.pk, r.pk]) in listing


def test_a_township_reads_its_own_targets_sheet_only(client, county, department_admin, township_operator, outsider):
    round_ = a_round(county, department_admin)
    result = Result.objects.get(round=round_, organization=county.village)
    client.force_login(outsider)
    assert client.get(reverse("assessments:sheet_pdf", args=[round_.pk, result.pk])).status_code == 404
    assert client.get(reverse("assessments:sheet_docx", args=[round_.pk, 999999])).status_code == 404
    client.force_login(township_operator)
    assert client.get(reverse("assessments:sheet_docx", args=[round_.pk, result.pk])).status_code == 200


# --- the API ---------------------------------------------------------------------------------------------------------

def test_the_api_gives_the_rounds_a_round_with_its_results_and_a_result_with_its_scores(client, county,
                                                                                      department_admin):
    round_ = services.finalize_round(department_admin, a_round(county, department_admin))
    first = Result.objects.get(round=round_, organization=county.village)
    client.force_login(department_admin)
    listed = client.get("/api/v1/assessments/rounds?year=2025&status=finalized").json()
    assert listed["count"] == 1
    assert listed["items"][0]["name"] == "东风镇党委2025年度评分表测试方案"
    assert Decimal(listed["items"][0]["scheme"]["max_total"]) == 100  # decimals travel as strings
    assert client.get("/api/v1/assessments/rounds?year=2024").json()["count"] == 0

    detail = client.get(f"/api/v1/assessments/rounds/{round_.pk}").json()
    assert (detail["status"], detail["targets"]) == ("finalized", 2)
    assert [(r["target"], Decimal(r["total"]), r["grade"], r["rank"]) for r in detail["results"]] == [
        ("东风村党支部", Decimal("91.5"), "优秀", 1), ("西岭村党支部", Decimal(65), "合格", 2)]

    result = client.get(f"/api/v1/assessments/results/{first.pk}").json()
    assert (Decimal(result["total"]), result["grade"], result["rank"], result["of_count"]) == (
        Decimal("91.5"), "优秀", 1, 2)
    assert result["round"]["id"] == round_.pk
    assert [(s["criterion_code"], s["method"], Decimal(s["points"]), s["value"] and Decimal(s["value"]))
            for s in result["scores"]] == [("dues_rate", "computed", 8, 80), ("work", "entered", Decimal("55.5"), None),
                                           ("team", "entered", 28, None)]
    assert result["scores"][0]["explanation"] == "应交10人月，已交8人月，收缴率80.00%"
    assert result["scores"][1]["evidence"] == "现场检查记录"


def test_the_api_gives_each_township_its_own_results_only(client, county, department_admin, township_operator,
                                                         outsider):
    """The round is run by the county over two townships' villages: each township sees the round with its own."""
    from zugong.assessments.tests.scope_assessments import make_round

    round_, result, _score = make_round(county.county, finalized=True)
    other = Result.objects.create(round=round_, organization=county.other_village, target_label="另一个村")
    mine = Result.objects.create(round=round_, organization=county.village, target_label="本乡镇的村")
    client.force_login(township_operator)
    detail = client.get(f"/api/v1/assessments/rounds/{round_.pk}").json()
    assert (detail["targets"], [r["id"] for r in detail["results"]]) == (3, [mine.pk])
    assert client.get(f"/api/v1/assessments/results/{mine.pk}").status_code == 200
    assert client.get(f"/api/v1/assessments/results/{other.pk}").status_code == 404
    assert client.get(f"/api/v1/assessments/results/{result.pk}").status_code == 404  # the county's own target
    client.force_login(outsider)  # 南山镇: its village is a target, so it sees the round with that result alone
    assert [r["id"] for r in client.get(f"/api/v1/assessments/rounds/{round_.pk}").json()["results"]] == [other.pk]
    assert client.get(f"/api/v1/assessments/results/{mine.pk}").status_code == 404
    Result.objects.filter(pk=other.pk).delete()
    assert client.get(f"/api/v1/assessments/rounds/{round_.pk}").status_code == 404
    assert client.get("/api/v1/assessments/rounds").json()["count"] == 0


# --- grades by township ----------------------------------------------------------------------------------------------

def test_a_finalized_rounds_page_stacks_the_grades_per_township(client, county, department_admin, township_operator):
    """The county's round over three villages of two townships: 东风镇 one 优秀 and one 合格, 南山镇 one 合格."""
    import json
    import re

    scheme = Scheme.objects.create(code="chart_test", name="图表测试方案", target_kind="branch", source="测试依据")
    Criterion.objects.create(scheme=scheme, code="work", label="工作实绩", max_points=Decimal(100))
    for label, floor in (("优秀", 90), ("合格", 60), ("不合格", 0)):
        Grade.objects.create(scheme=scheme, label=label, min_total=Decimal(floor))
    round_ = Round.objects.create(scheme=scheme, organization=county.county, name="全县图表测试", year=2025,
                                  starts_on=START, ends_on=END, status=Round.Status.FINALIZED,
                                  finalized_at=timezone.now())
    for rank, (org, total, grade) in enumerate(((county.village, 95, "优秀"), (county.village2, 70, "合格"),
                                                (county.other_village, 65, "合格")), start=1):
        Result.objects.create(round=round_, organization=org, target_label=str(org), total=Decimal(total),
                              grade_label=grade, rank=rank)

    def chart(user):
        client.force_login(user)
        page = client.get(reverse("assessments:round", args=[round_.pk])).content.decode()
        found = re.search(r'<script id="chart-grades" type="application/json">(.*?)</script>', page)
        return json.loads(found.group(1)) if found else None

    shown = chart(department_admin)
    assert shown["labels"] == [county.township.name, county.other_township.name]
    assert shown["series"] == [{"name": "优秀", "values": [1, 0]}, {"name": "合格", "values": [1, 1]},
                               {"name": "不合格", "values": [0, 0]}]
    assert chart(township_operator) is None  # its own villages, under one township: nothing to compare
