"""The results report: seed 002's table for a hand-built survey of the test county (every figure worked out
below by hand), suppression on the page, scope of ``?org=``, the .docx, the outside averages form, shares.

This year (2026), 组织工作满意度民意调查 run by 示范县委, compared with 2025's:
  东风村 10 × (M1 好, M2 较好) + 2 × (M1 一般, M2 不了解)   → M1 1120/12 = 93.33, M2 800/10 = 80.00
  西岭村 10 × (M1 较好, M2 好)                                → M1 80.00, M2 100.00
  南山村 11 × (M1 一般, M2 一般)                              → M1 60.00, M2 60.00
  东风镇 pools its villages: M1 1920/22 = 87.27, M2 1800/20 = 90.00; 南山镇 60.00 / 60.00
  示范县委: M1 2580/33 = 78.18, M2 2460/31 = 79.35
2025: 东风村 10 × (较好, 较好), 南山村 10 × (较好, 较好)       → every score 80.00
Outside averages of M1: 全国 75.17, 全区 74.61, 全市 78.31.
"""

import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from docx import Document

from zugong.core.models import AuditEvent
from zugong.surveys.models import ExternalAverage
from zugong.surveys.tests.factories import answer, make_group, make_survey

pytestmark = pytest.mark.django_db


def build(county):
    last = make_survey(county.county, year=2025, status="closed")
    answer(last, make_group(last, county.village), {"M1": "较好", "M2": "较好"}, times=10)
    answer(last, make_group(last, county.other_village), {"M1": "较好", "M2": "较好"}, times=10)
    survey = make_survey(county.county, compare_with=last)
    village = make_group(survey, county.village)
    answer(survey, village, {"M1": "好", "M2": "较好"}, times=10)
    answer(survey, village, {"M1": "一般", "M2": "不了解"}, times=2)
    answer(survey, make_group(survey, county.village2), {"M1": "较好", "M2": "好"}, times=10)
    answer(survey, make_group(survey, county.other_village), {"M1": "一般", "M2": "一般"}, times=11)
    m1 = survey.indicators.get(code="M1")
    for level, value in (("national", "75.17"), ("region", "74.61"), ("city", "78.31")):
        ExternalAverage.objects.create(survey=survey, indicator=m1, level=level, value=Decimal(value))
    return survey


def cells(html: str, testid: str) -> list[str]:
    """The texts of the cells of the first row marked ``testid``."""
    row = re.search(rf'<tr data-testid="{testid}">(.*?)</tr>', html, re.S).group(1)
    return [re.sub(r"<[^>]+>|\s+", "", cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]


def children(html: str) -> list[list[str]]:
    rows = re.findall(r'<tr data-testid="child-row">(.*?)</tr>', html, re.S)
    return [[re.sub(r"<[^>]+>|\s+", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)] for row in rows]


def page(client, user, survey, **query):
    client.force_login(user)
    return client.get(reverse("surveys:report", args=[survey.pk]), query)


# columns: 指标 得分 有效样本 上年 比上年 全国 比全国 全区 比全区 全市 比全市 上级 比上级 排名 与上一名差 领先下一名


def test_the_county_report_reproduces_seed_002s_table(client, county, department_admin):
    survey = build(county)
    html = page(client, department_admin, survey).content.decode()
    assert cells(html, "line-M1") == ["对组织工作的总体评价", "78.18", "33", "80.00", "-1.82", "75.17", "+3.01",
                                      "74.61", "+3.57", "78.31", "-0.13", "", "", "", "", ""]
    assert cells(html, "line-M2") == ["对组工干部的评价", "79.35", "31", "80.00", "-0.65", "", "", "", "", "", "",
                                      "", "", "", "", ""]
    assert children(html) == [["东风镇党委", "22", "87.27第1/2", "90.00第1/2", "—", "—"],
                              ["南山镇党委", "11", "60.00第2/2", "60.00第2/2", "—", "—"]]
    assert "计入得分的选项分值之和 ÷ 计入得分的答案数" in html
    assert "上级单位得分合并其下全部答卷计算" in html
    assert 'data-chart="chart-children-1"' in html and 'data-years-chart="chart-years"' in html


def test_a_township_and_a_village_are_compared_with_their_parent_and_ranked(client, county, department_admin):
    survey = build(county)
    html = page(client, department_admin, survey, org=county.township.pk).content.decode()
    assert cells(html, "line-M1") == ["对组织工作的总体评价", "87.27", "22", "80.00", "+7.27", "75.17", "+12.10",
                                      "74.61", "+12.66", "78.31", "+8.96", "78.18", "+9.09", "第1/2", "", "27.27"]
    assert cells(html, "line-M2")[1:] == ["90.00", "20", "80.00", "+10.00", "", "", "", "", "", "", "79.35",
                                          "+10.65", "第1/2", "", "30.00"]
    html = page(client, department_admin, survey, org=county.village2.pk).content.decode()
    assert cells(html, "line-M1")[1:] == ["80.00", "10", "", "", "75.17", "+4.83", "74.61", "+5.39", "78.31",
                                          "+1.69", "87.27", "-7.27", "第2/2", "13.33", ""]


def test_children_sort_by_an_indicator(client, county, department_admin):
    survey = build(county)
    html = page(client, department_admin, survey, org=county.township.pk, sort="M2").content.decode()
    assert [row[0] for row in children(html)] == ["西岭村党支部", "东风村党支部"]
    html = page(client, department_admin, survey, org=county.township.pk, sort="M1").content.decode()
    assert [row[0] for row in children(html)] == ["东风村党支部", "西岭村党支部"]


def test_hidden_organizations_show_no_number(client, county, department_admin):
    survey = build(county)
    # 3 answers at 县直机关工委: hidden; 南山镇 (the next-smallest) too, or 县委 − 东风镇 would give it away
    answer(survey, make_group(survey, county.agency_branch), {"M1": "差", "M2": "差"}, times=3)
    html = page(client, department_admin, survey).content.decode()
    assert children(html) == [["东风镇党委", "22", "87.27第1/1", "90.00第1/1", "—", "—"],
                              ["南山镇党委", "样本不足，不显示"], ["县直机关工委", "样本不足，不显示"]]
    html = page(client, department_admin, survey, org=county.other_township.pk).content.decode()
    assert "样本不足，不显示" in html and "60.00" not in html
    assert cells(html, "line-M1")[1] == "样本不足，不显示"
    html = page(client, department_admin, survey, org=county.other_village.pk).content.decode()
    assert "60.00" not in html


def test_a_township_sees_only_its_part_and_other_organizations_are_404(client, county, township_operator, outsider):
    survey = build(county)
    html = page(client, township_operator, survey).content.decode()
    assert '<h2 class="h5 mb-0" data-testid="report-org">东风镇党委' in html
    assert "南山镇党委" not in html and "示范县委</a>" not in html  # the county is only its parent's score
    assert cells(html, "line-M1")[1] == "87.27" and [row[0] for row in children(html)] == ["东风村党支部", "西岭村党支部"]
    for org in (county.county, county.other_township, county.other_village, county.agency_branch):
        assert page(client, township_operator, survey, org=org.pk).status_code == 404
    assert page(client, township_operator, survey, org="x").status_code == 404
    assert page(client, outsider, survey, org=county.village.pk).status_code == 404
    assert page(client, outsider, survey, org=county.other_village.pk).status_code == 200
    docx = reverse("surveys:report_docx", args=[survey.pk])
    assert client.get(docx, {"org": county.village.pk}).status_code == 404


def test_the_docx_holds_the_tables(client, county, department_admin):
    survey = build(county)
    client.force_login(department_admin)
    response = client.get(reverse("surveys:report_docx", args=[survey.pk]), {"org": county.township.pk})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    document = Document(io.BytesIO(response.content))
    assert document.paragraphs[0].text == "2026年组织工作满意度民意调查结果报告"
    main, secondary, levels, kids = document.tables
    assert [c.text for c in levels.rows[1].cells] == ["对组织工作的总体评价", "87.27", "78.18", "+9.09"]
    assert [c.text for c in main.rows[1].cells] == ["对组织工作的总体评价", "87.27", "22", "80.00", "+7.27", "75.17",
                                                   "+12.10", "74.61", "+12.66", "78.31", "+8.96", "78.18", "+9.09",
                                                   "第1/2", "", "27.27"]
    assert len(secondary.rows) == 11
    assert [c.text for c in kids.rows[1].cells][:4] == ["东风村党支部", "12", "93.33（第1/2）", "80.00（第2/2）"]
    assert any("计入得分的答案数" in p.text for p in document.paragraphs)


def averages_url(survey):
    return reverse("surveys:averages", args=[survey.pk])


def saved(survey):
    return sorted(survey.external_averages.values_list("indicator__code", "level", "value"))


def test_averages_are_entered_and_removed(client, county, department_admin):
    survey = build(county)
    m1, m2 = survey.indicators.get(code="M1"), survey.indicators.get(code="M2")
    client.force_login(department_admin)
    assert client.get(averages_url(survey)).status_code == 200
    response = client.post(averages_url(survey), {f"avg-{m1.pk}-national": "75.17", f"avg-{m1.pk}-city": "78.31",
                                                   f"avg-{m2.pk}-national": "75.54"})
    assert response.status_code == 302
    assert saved(survey) == [("M1", "city", Decimal("78.31")), ("M1", "national", Decimal("75.17")),
                             ("M2", "national", Decimal("75.54"))]  # 全区 of M1 emptied: removed


def test_an_average_above_100_is_refused_and_nothing_is_kept(client, county, department_admin):
    survey = build(county)
    m1, m2 = survey.indicators.get(code="M1"), survey.indicators.get(code="M2")
    before, events = saved(survey), AuditEvent.objects.count()
    client.force_login(department_admin)
    response = client.post(averages_url(survey), {
        f"avg-{m1.pk}-national": "75.17", f"avg-{m1.pk}-region": "74.61", f"avg-{m1.pk}-city": "78.31",
        f"avg-{m2.pk}-national": "75.54", f"avg-{m2.pk}-region": "100.5", f"avg-{m2.pk}-city": "abc"})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors[f"avg-{m2.pk}-city"] == ["请输入数字，如75.17"]
    response = client.post(averages_url(survey), {
        f"avg-{m1.pk}-national": "75.17", f"avg-{m1.pk}-region": "74.61", f"avg-{m1.pk}-city": "78.31",
        f"avg-{m2.pk}-national": "75.54", f"avg-{m2.pk}-region": "100.5"})
    assert response.status_code == 200
    assert response.context["form"].errors == {f"avg-{m2.pk}-region": ["平均分应在0—100之间，收到100.5"]}
    assert "对组工干部的评价·全区（省）平均：平均分应在0—100之间，收到100.5" in response.content.decode()
    assert saved(survey) == before and AuditEvent.objects.count() == events


def test_shares_of_the_election_conduct_form_add_up_to_100(client, county, department_admin):
    survey = make_survey(county.county, name="换届风气测评", kind="election_conduct")
    group = make_group(survey, county.village, kind="members", quota=4000)
    answer(survey, group, {"C1": "很好"}, times=3943)
    answer(survey, group, {"C1": "好"}, times=13)
    html = page(client, department_admin, survey).content.decode()
    shares = re.search(r'data-testid="shares-1">(.*?)</table>', html, re.S).group(1)
    texts = [re.sub(r"<[^>]+>|\s+", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", shares, re.S)]
    assert texts == ["很好", "3943", "99.67%", "好", "13", "0.33%", "一般", "0", "0.00%", "差", "0", "0.00%",
                     "合计", "3956", "100.00%"]


def test_an_organization_not_in_the_report_is_404_and_an_empty_survey_shows_no_figures(client, county, department_admin):
    survey = build(county)
    assert page(client, department_admin, survey, org=county.agencies.pk).status_code == 404  # asked nobody there
    empty = make_survey(county.county, name="尚无答卷的调查")
    html = page(client, department_admin, empty).content.decode()
    assert cells(html, "line-M1")[:3] == ["对组织工作的总体评价", "样本不足，不显示", ""]  # no answers yet
    assert "children-table" not in html and "chart-years" not in html


def test_the_rollup_by_children_mean_is_stated_and_used(client, county, department_admin):
    from zugong.core.policy import set_policy_value

    survey = build(county)
    set_policy_value(department_admin, "surveys.rollup_children_mean", "1")
    html = page(client, department_admin, survey).content.decode()
    assert "上级单位得分取其下级单位得分的平均数" in html
    # 东风镇 = (93.33… + 80) / 2 = 86.67; 县 = (86.666… + 60) / 2 = 73.33
    assert cells(html, "line-M1")[1] == "73.33"
    assert children(html)[0][2] == "86.67第1/2"


def test_a_village_is_compared_with_every_level_above_it(client, county, department_admin):
    survey = build(county)
    html = page(client, department_admin, survey, org=county.village2.pk).content.decode()
    table = re.search(r'data-testid="ancestors-table">(.*?)</table>', html, re.S).group(1)
    assert re.findall(r'data-testid="ancestor-name">([^<]*)<', table) == ["东风镇党委", "示范县委"]
    # 西岭村 M1 80.00: 东风镇 87.27 (−7.27), 示范县委 78.18 (+1.82); M2 100.00: 90.00 (+10.00), 79.35 (+20.65)
    assert cells(html, "ancestors-M1") == ["对组织工作的总体评价", "80.00", "87.27", "-7.27", "78.18", "+1.82"]
    assert cells(html, "ancestors-M2")[1:] == ["100.00", "90.00", "+10.00", "79.35", "+20.65"]
    county_page = page(client, department_admin, survey).content.decode()
    assert 'data-testid="ancestors-table"' not in county_page  # the survey's own organization has none above
    client.force_login(department_admin)
    response = client.get(reverse("surveys:report_docx", args=[survey.pk]), {"org": county.village2.pk})
    tables = Document(io.BytesIO(response.content)).tables
    levels = next(t for t in tables if t.rows[0].cells[0].text == "指标" and "比该级" in t.rows[0].cells[3].text)
    assert [c.text for c in levels.rows[0].cells] == ["指标", "本单位", "东风镇党委得分", "比该级", "示范县委得分", "比该级"]
    assert [c.text for c in levels.rows[1].cells] == ["对组织工作的总体评价", "80.00", "87.27", "-7.27", "78.18", "+1.82"]
