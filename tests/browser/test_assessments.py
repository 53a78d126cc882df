"""The department runs a 五会支书 round in the browser: opens it over a township, types one criterion's scores for
every target on one form (a score above the criterion refused on its field, the typing kept), the other criteria,
finalizes, sees ranks and grades and downloads the 通报; the secretary's own result on a phone without sideways
scrolling."""

import datetime as dt
import io

import pytest
from docx import Document
from playwright.sync_api import expect

from tests.browser.conftest import log_in, shot
from tests.fixtures import PASSWORD
from zugong.assessments.models import Result, Round, Scheme

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
PHONE = {"width": 390, "height": 844}


def _type_criterion(page, label: str, values: dict[str, str]) -> None:
    page.get_by_role("link", name=label, exact=True).click()
    for row in page.get_by_test_id("entry-row").all():
        name = row.locator("td").first.inner_text()
        value = next(v for target, v in values.items() if target in name)
        row.locator("input[name$='-points']").fill(value)
    page.get_by_label("评分依据（各行未填写时适用）").fill("查阅台账、实地察看")
    page.get_by_test_id("form-submit").click()


def test_the_department_runs_a_round_and_a_secretary_reads_the_result_on_a_phone(page, county, department_admin,
                                                                                 branch_secretary):
    scheme = Scheme.objects.get(code="five_skill_secretary")
    log_in(page, "admin", PASSWORD)
    page.goto("/assessments/")
    page.get_by_test_id("round-new").click()
    page.get_by_label("考核方案").select_option(str(scheme.pk))
    page.get_by_label("组织考核的党组织").select_option(str(county.township.pk))
    page.get_by_label("考核年度").fill("2025")
    page.get_by_label("考核期起").fill("2025-01-01")
    page.get_by_label("考核期止").fill("2025-12-31")
    page.get_by_test_id("form-submit").click()
    expect(page.get_by_test_id("round-status")).to_have_text("进行中")
    round_ = Round.objects.get()

    page.get_by_role("link", name="会带班子", exact=True).click()
    rows = page.get_by_test_id("entry-row")
    expect(rows).to_have_count(2)
    rows.nth(0).locator("input[name$='-points']").fill("25")
    rows.nth(1).locator("input[name$='-points']").fill("18.5")
    page.get_by_label("评分依据（各行未填写时适用）").fill("班子测评")
    page.get_by_test_id("form-submit").click()
    expect(page.get_by_test_id("field-error").first).to_have_text("得分不能超过该项分值20分")
    expect(rows.nth(1).locator("input[name$='-points']")).to_have_value("18.5")
    shot(page, "assessments-entry-refused")
    rows.nth(0).locator("input[name$='-points']").fill("20")
    page.get_by_test_id("form-submit").click()
    expect(page.get_by_test_id("round-status")).to_be_visible()

    for label in ("会抓党建", "会谋发展", "会做群众工作", "会依法办事"):
        _type_criterion(page, label, {"东风村": "19", "西岭村": "12"})
    page.get_by_test_id("round-finalize").click()
    expect(page.get_by_test_id("round-status")).to_have_text("已定稿")
    expect(page.get_by_test_id("frozen")).to_be_visible()
    grades = page.get_by_test_id("grade")
    expect(grades).to_have_text(["五会支书", "合格"])
    expect(page.get_by_test_id("rank")).to_have_text(["1", "2"])
    expect(page.get_by_test_id("chart-ranking").locator("svg")).to_be_visible()
    shot(page, "assessments-round-finalized")

    with page.expect_download() as download:
        page.get_by_test_id("round-bulletin").click()
    document = Document(io.BytesIO(open(download.value.path(), "rb").read()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "等次分布：五会支书1个；合格1个；不合格0个" in text

    mine = Result.objects.get(round=round_, organization=county.village)
    assert (mine.total, mine.grade_label, mine.rank) == (96, "五会支书", 1)
    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    log_in(page, "branch", PASSWORD)
    page.goto(f"/assessments/{round_.pk}/")
    expect(page.get_by_test_id("score-table")).to_contain_text("东风村党支部")
    expect(page.get_by_test_id("score-table")).not_to_contain_text("西岭村党支部")
    expect(page.get_by_test_id("partial")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    shot(page, "assessments-round-phone")
    page.goto(f"/assessments/{round_.pk}/targets/{mine.pk}/")
    expect(page.get_by_test_id("result-grade")).to_have_text("五会支书")
    expect(page.get_by_test_id("result-rank")).to_contain_text("1")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    shot(page, "assessments-result-phone")


def test_a_top_administrator_edits_a_scheme_in_place_and_a_township_reads_a_computed_round(page, county,
                                                                                          department_admin,
                                                                                          township_operator):
    from zugong.assessments import services

    scheme = Scheme.objects.get(code="five_good_village")
    round_ = services.open_round(department_admin, scheme, county.township, year=2025,
                                 starts_on=dt.date(2025, 1, 1), ends_on=dt.date(2025, 12, 31))
    leadership = scheme.criteria.get(code="leadership")
    services.enter_score(department_admin, round_.results.get(organization=county.village).scores.get(
        criterion=leadership), "18", evidence="班子测评")
    log_in(page, "admin", PASSWORD)
    page.goto(f"/assessments/schemes/{scheme.pk}/")
    row = page.get_by_test_id("criterion-leadership")
    row.locator("input[type=number]").fill("15")
    row.get_by_role("button").click()
    expect(page.get_by_test_id("criterion-leadership").get_by_test_id("field-error")).to_have_text(
        "进行中的考核中「东风村党支部」此项已得18分，分值不能低于该得分")
    shot(page, "assessments-scheme-refused")
    page.get_by_test_id("criterion-leadership").locator("input[type=number]").fill("25")
    page.get_by_test_id("criterion-leadership").get_by_role("button").click()
    expect(page.get_by_text("已调整「领导班子好」的分值。")).to_be_visible()

    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    log_in(page, "township", PASSWORD)
    page.goto(f"/assessments/{round_.pk}/")
    expect(page.get_by_test_id("score-table")).to_contain_text("应交")  # a computed value's explanation
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    shot(page, "assessments-computed-round-phone")
