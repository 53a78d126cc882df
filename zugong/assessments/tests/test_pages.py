"""The assessment pages through the test client: a department administrator runs a round end to end (open → enter
a criterion for every target → finalize), refusals shown on their field, the scope (a township sees its own
results, an outsider 404s), the scheme's figures edited in place, the .xlsx and the 通报 .docx read back."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from docx import Document
from docx.shared import Mm

from zugong.assessments import services
from zugong.assessments.models import Criterion, Grade, Result, Round, Scheme, Score

pytestmark = pytest.mark.django_db
START, END = dt.date(2025, 1, 1), dt.date(2025, 12, 31)


def a_scheme(kind: str = "branch") -> Scheme:
    made = Scheme.objects.create(code="page_test", name="页面测试方案", target_kind=kind, source="测试依据")
    Criterion.objects.create(scheme=made, code="work", label="工作实绩", max_points=Decimal(60), order=1)
    Criterion.objects.create(scheme=made, code="team", label="班子建设", max_points=Decimal(40), order=2)
    Grade.objects.create(scheme=made, label="优秀", min_total=Decimal(90))
    Grade.objects.create(scheme=made, label="合格", min_total=Decimal(60))
    Grade.objects.create(scheme=made, label="软弱涣散", min_total=Decimal(0), opens_rectification=True)
    return made


def open_round(actor, under, kind: str = "branch") -> Round:
    return services.open_round(actor, a_scheme(kind), under, year=2025, starts_on=START, ends_on=END)


def rows(round_: Round, code: str) -> dict:
    return {s.result.organization.name: s for s in Score.objects.filter(result__round=round_, criterion__code=code)
            .select_related("result__organization")}


def test_a_department_admin_runs_a_round_through_the_pages(client, county, department_admin):
    scheme = a_scheme()
    client.force_login(department_admin)
    response = client.post(reverse("assessments:round_new"), {
        "scheme": scheme.pk, "organization": county.township.pk, "year": 2025, "starts_on": "2025-01-01",
        "ends_on": "2025-12-31", "name": ""})
    round_ = Round.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("assessments:round", args=[round_.pk])
    assert round_.name == "东风镇党委2025年度页面测试方案"

    for code, points in (("work", {"东风村党支部": "55.5", "西岭村党支部": "30"}),
                         ("team", {"东风村党支部": "38", "西岭村党支部": "20"})):
        criterion = scheme.criteria.get(code=code)
        url = reverse("assessments:enter_criterion", args=[round_.pk, criterion.pk])
        page = client.get(url)
        assert "东风村党支部" in page.content.decode() and "西岭村党支部" in page.content.decode()
        by_name = rows(round_, code)
        data = {"shared_evidence": "现场检查记录"}
        for name, value in points.items():
            data[f"s{by_name[name].pk}-points"] = value
        response = client.post(url, data)
        assert response.status_code == 302, response.content.decode()[:3000]

    page = client.get(reverse("assessments:round", args=[round_.pk])).content.decode()
    assert "93.5" in page and 'data-testid="round-finalize"' in page
    response = client.post(reverse("assessments:finalize", args=[round_.pk]), follow=True)
    shown = response.content.decode()
    assert "已定稿：总分、等次、名次不再更改" in shown
    results = {r.organization.name: (r.total, r.grade_label, r.rank) for r in Result.objects.filter(round=round_)}
    assert results == {"东风村党支部": (Decimal("93.5"), "优秀", 1), "西岭村党支部": (Decimal("50.0"), "软弱涣散", 2)}
    assert 'data-testid="grade">优秀<' in shown and 'data-testid="rectification"' in shown
    assert 'data-testid="round-finalize"' not in shown and 'data-testid="frozen"' in shown


def test_a_score_above_the_criterion_is_refused_on_its_field_and_the_typing_kept(client, county, department_admin):
    round_ = open_round(department_admin, county.township)
    criterion = round_.scheme.criteria.get(code="work")
    by_name = rows(round_, "work")
    client.force_login(department_admin)
    response = client.post(reverse("assessments:enter_criterion", args=[round_.pk, criterion.pk]), {
        f"s{by_name['东风村党支部'].pk}-points": "61", f"s{by_name['东风村党支部'].pk}-evidence": "台账",
        f"s{by_name['西岭村党支部'].pk}-points": "40", f"s{by_name['西岭村党支部'].pk}-evidence": "台账"})
    page = response.content.decode()
    assert response.status_code == 422
    assert "得分不能超过该项分值60分" in page
    assert 'value="61"' in page and 'value="40"' in page  # what was typed stays
    assert not Score.objects.filter(result__round=round_, points__isnull=False).exists()  # nothing half-saved

    target = by_name["西岭村党支部"].result
    response = client.post(reverse("assessments:enter_target", args=[round_.pk, target.pk]), {
        f"s{by_name['西岭村党支部'].pk}-points": "30"})
    assert response.status_code == 422
    assert "工作实绩：有得分时须填写评分依据" in response.content.decode()


def test_finalize_twice_is_refused_and_entry_after_it_too(client, county, department_admin):
    round_ = open_round(department_admin, county.township)
    for s in Score.objects.filter(result__round=round_).select_related("result__round", "criterion"):
        services.enter_score(department_admin, s, "30", evidence="检查记录")
    client.force_login(department_admin)
    client.post(reverse("assessments:finalize", args=[round_.pk]))
    second = client.post(reverse("assessments:finalize", args=[round_.pk]), follow=True).content.decode()
    assert "定稿，考核结果不再更改" in second
    entry = client.get(reverse("assessments:enter_criterion", args=[round_.pk, round_.scheme.criteria.first().pk]),
                       follow=True).content.decode()
    assert "考核结果不再更改" in entry and 'data-testid="entry-table"' not in entry


def test_finalize_with_missing_scores_names_them(client, county, department_admin):
    round_ = open_round(department_admin, county.township)
    client.force_login(department_admin)
    page = client.post(reverse("assessments:finalize", args=[round_.pk]), follow=True).content.decode()
    assert "以下得分尚未录入，不能定稿：东风村党支部「工作实绩」" in page
    assert Round.objects.get().status == Round.Status.OPEN


def test_a_township_sees_only_its_own_results_and_an_outsider_nothing(client, county, department_admin,
                                                                        township_operator, outsider):
    round_ = open_round(department_admin, county.county)
    mine = Result.objects.get(round=round_, organization=county.village)
    theirs = Result.objects.get(round=round_, organization=county.other_village)
    client.force_login(township_operator)
    page = client.get(reverse("assessments:round", args=[round_.pk])).content.decode()
    assert "东风村党支部" in page and "西岭村党支部" in page and "南山村党支部" not in page
    assert 'data-testid="round-finalize"' not in page  # the county runs it
    assert client.get(reverse("assessments:result", args=[round_.pk, mine.pk])).status_code == 200
    assert client.get(reverse("assessments:result", args=[round_.pk, theirs.pk])).status_code == 404
    assert client.post(reverse("assessments:finalize", args=[round_.pk])).status_code == 404
    book = openpyxl.load_workbook(io.BytesIO(client.get(reverse("assessments:export", args=[round_.pk])).content))
    names = {row[1] for row in book["考核结果"].iter_rows(min_row=4, values_only=True)}
    assert names == {"东风村党支部", "西岭村党支部"}

    client.force_login(outsider)
    assert client.get(reverse("assessments:result", args=[round_.pk, mine.pk])).status_code == 404
    own = client.get(reverse("assessments:round", args=[round_.pk])).content.decode()
    assert "南山村党支部" in own and "东风村党支部" not in own
    Scheme.objects.filter(code="page_test").update(code="page_test_1")
    township_only = services.open_round(department_admin, a_scheme(), county.township, year=2025, starts_on=START,
                                        ends_on=END)
    assert client.get(reverse("assessments:round", args=[township_only.pk])).status_code == 404
    assert client.get(reverse("assessments:export", args=[township_only.pk])).status_code == 404


def test_the_export_keeps_a_formula_named_target_as_text(client, county, department_admin):
    county.village.name = '=HYPERLINK("http://x.example","点我")'
    county.village.save()
    round_ = open_round(department_admin, county.township)
    client.force_login(department_admin)
    response = client.get(reverse("assessments:export", args=[round_.pk]))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    cells = [c for row in book["考核结果"].iter_rows(min_row=4) for c in row if c.column == 2]
    assert {c.value for c in cells} == {"'=HYPERLINK(\"http://x.example\",\"点我\")", "西岭村党支部"}
    assert all(c.data_type == "s" for c in cells)


def test_the_bulletin_is_a4_and_names_the_grades(client, county, department_admin, outsider):
    round_ = open_round(department_admin, county.township)
    for s in Score.objects.filter(result__round=round_).select_related("result__round", "result__organization",
                                                                        "criterion"):
        value = s.criterion.max_points if s.result.organization == county.village else Decimal(10)
        services.enter_score(department_admin, s, value, evidence="检查记录")
    services.finalize_round(department_admin, round_)
    client.force_login(department_admin)
    response = client.get(reverse("assessments:bulletin", args=[round_.pk]))
    document = Document(io.BytesIO(response.content))
    section = document.sections[0]
    assert (round(section.page_width / Mm(1)), round(section.page_height / Mm(1))) == (210, 297)
    assert round(section.top_margin / Mm(1)) == 37 and round(section.left_margin / Mm(1)) == 28
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [c.text for row in document.tables[0].rows for c in row.cells]
    assert "关于东风镇党委2025年度页面测试方案结果的通报" in text
    assert "等次分布：优秀1个；合格0个；软弱涣散1个" in text
    assert "评定为软弱涣散、列入整顿的：西岭村党支部" in text
    assert ["1", "东风村党支部", "100", "优秀"] == cells[4:8]
    client.force_login(outsider)
    assert client.get(reverse("assessments:bulletin", args=[round_.pk])).status_code == 404


def test_a_top_administrator_edits_points_in_place_and_is_refused_below_a_given_score(client, county,
                                                                                      department_admin,
                                                                                      township_operator):
    round_ = open_round(department_admin, county.township)
    work = round_.scheme.criteria.get(code="work")
    services.enter_score(department_admin, rows(round_, "work")["东风村党支部"], "50", evidence="检查记录")
    client.force_login(department_admin)
    url = reverse("assessments:criterion_points", args=[round_.scheme.pk, work.pk])
    refused = client.post(url, {f"c{work.pk}-max_points": "45"})
    assert refused.status_code == 422
    assert "进行中的考核中「东风村党支部」此项已得50分，分值不能低于该得分" in refused.content.decode()
    assert client.post(url, {f"c{work.pk}-max_points": "65"}).status_code == 302
    work.refresh_from_db()
    assert work.max_points == Decimal(65)
    grade = round_.scheme.grades.get(label="优秀")
    bad = client.post(reverse("assessments:grade_band", args=[round_.scheme.pk, grade.pk]),
                      {f"g{grade.pk}-min_total": "90.55", f"g{grade.pk}-max_share_percent": "30"})
    assert bad.status_code == 422 and "总分下限" in bad.content.decode()
    client.force_login(township_operator)
    assert client.post(url, {f"c{work.pk}-max_points": "70"}).status_code == 404
    page = client.get(reverse("assessments:scheme", args=[round_.scheme.pk])).content.decode()
    assert "测试依据" in page and f'name="c{work.pk}-max_points"' not in page


def test_a_computed_criterion_shows_its_explanation_and_is_offered_for_typing_only_where_unmeasured(
        client, county, department_admin):
    round_ = services.open_round(department_admin, Scheme.objects.get(code="five_good_village"), county.township,
                                 year=2025, starts_on=START, ends_on=END)
    client.force_login(department_admin)
    page = client.get(reverse("assessments:round", args=[round_.pk])).content.decode()
    assert "考核期内12380举报经核查属实或部分属实0件" in page  # measured: shown, not typed
    assert 'data-testid="enter-criterion-dues_rate"' in page  # nobody owes dues: typed by the assessor
    assert 'data-testid="enter-criterion-reports_found"' not in page
    village = round_.results.get(organization=county.village)
    entry = client.get(reverse("assessments:enter_target", args=[round_.pk, village.pk])).content.decode()
    assert "按月足额交纳党费" in entry and "无查实的12380举报" not in entry


def test_a_target_form_takes_an_evidence_file_that_only_its_readers_download(client, county, department_admin,
                                                                              outsider):
    from django.core.files.uploadedfile import SimpleUploadedFile

    round_ = open_round(department_admin, county.township)
    score = rows(round_, "team")["东风村党支部"]
    client.force_login(department_admin)
    url = reverse("assessments:enter_target", args=[round_.pk, score.result.pk])
    wrong = client.post(url, {f"s{score.pk}-points": "30",
                              f"s{score.pk}-file": SimpleUploadedFile("a.exe", b"MZ")})
    assert wrong.status_code == 422 and "请上传 .pdf、.doc" in wrong.content.decode()
    done = client.post(url, {f"s{score.pk}-points": "30",
                             f"s{score.pk}-file": SimpleUploadedFile("班子测评.pdf", b"%PDF-1.4 test")})
    assert done.status_code == 302
    score.refresh_from_db()
    assert score.points == Decimal(30) and score.evidence == "" and score.evidence_file
    download = client.get(reverse("assessments:evidence_file", args=[round_.pk, score.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 test"
    client.force_login(outsider)
    assert client.get(reverse("assessments:evidence_file", args=[round_.pk, score.pk])).status_code == 404


def test_the_round_list_filters_by_year_and_scheme(client, county, department_admin):
    first = open_round(department_admin, county.township)
    other = services.open_round(department_admin, Scheme.objects.get(code="five_good_village"), county.township,
                                year=2024, starts_on=dt.date(2024, 1, 1), ends_on=dt.date(2024, 12, 31))
    client.force_login(department_admin)
    page = client.get(reverse("assessments:rounds"), {"year": 2025}).content.decode()
    assert first.name in page and other.name not in page
    page = client.get(reverse("assessments:rounds"), {"scheme": other.scheme_id}).content.decode()
    assert other.name in page and first.name not in page
    bad = client.get(reverse("assessments:rounds"), {"year": 30000}).content.decode()
    assert "考核年度" in bad and 'data-testid="field-error"' in bad


def test_a_round_links_an_evaluation_survey_within_the_openers_scope(client, county, township_operator):
    from zugong.surveys.tests.factories import make_survey

    own = make_survey(county.township, name="东风镇书记述职测评", kind="report_review")
    other = make_survey(county.other_township, name="南山镇书记述职测评", kind="report_review")
    report = Scheme.objects.get(code="secretary_report")
    client.force_login(township_operator)
    form = client.get(reverse("assessments:round_new")).content.decode()
    assert "东风镇书记述职测评" in form and "南山镇书记述职测评" not in form
    data = {"scheme": report.pk, "organization": county.township.pk, "year": 2025, "starts_on": "2025-01-01",
            "ends_on": "2025-12-31"}
    refused = client.post(reverse("assessments:round_new"), {**data, "survey": other.pk})
    assert refused.status_code == 200 and not Round.objects.exists()
    assert "测评问卷" in refused.content.decode()
    assert client.post(reverse("assessments:round_new"), {**data, "survey": own.pk}).status_code == 302
    round_ = Round.objects.get()
    assert round_.survey == own
    assert {r.target_label for r in round_.results.all()} == {"东风村党支部书记", "西岭村党支部书记"}


def test_the_chart_holds_the_first_targets_by_total_and_the_counts_come_from_the_database(
        client, county, department_admin, monkeypatch):
    import json
    import re

    from zugong.assessments import views

    round_ = open_round(department_admin, county.township)
    for s in Score.objects.filter(result__round=round_).select_related("result__round", "result__organization",
                                                                        "criterion"):
        value = "40" if s.result.organization == county.village2 and s.criterion.code == "team" else "10"
        services.enter_score(department_admin, s, value, evidence="检查记录")
    services.finalize_round(department_admin, round_)
    monkeypatch.setattr(views, "CHART_BARS", 1)
    client.force_login(department_admin)
    page = client.get(reverse("assessments:round", args=[round_.pk])).content.decode()
    chart = json.loads(re.search(r'<script id="chart-ranking" type="application/json">(.*?)</script>', page).group(1))
    assert (chart["title"], chart["labels"], chart["values"]) == ("总分前1名", ["西岭村党支部"], [50.0])
    counts = re.findall(r'<div class="small text-body-secondary">(.*?)</div><div class="fs-4">(\d+)</div>', page)
    assert counts == [("优秀", "0"), ("合格", "0"), ("软弱涣散", "2")]
