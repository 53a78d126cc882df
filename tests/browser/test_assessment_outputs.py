"""A county round's outputs in the browser: the grades stacked per township beside the ranking chart, on a desktop
and on a phone without sideways scrolling, and a target's 评分表 downloaded as PDF from its result page."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import log_in, shot
from tests.fixtures import PASSWORD
from zugong.assessments.models import Criterion, Grade, Result, Round, Scheme

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
PHONE = {"width": 390, "height": 844}


def test_the_grades_stack_per_township_and_a_score_sheet_downloads(page, county, department_admin):
    scheme = Scheme.objects.create(code="chart_browser", name="图表方案", target_kind="branch", source="测试依据")
    Criterion.objects.create(scheme=scheme, code="work", label="工作实绩", max_points=Decimal(100))
    for label, floor in (("优秀", 90), ("合格", 60), ("不合格", 0)):
        Grade.objects.create(scheme=scheme, label=label, min_total=Decimal(floor))
    round_ = Round.objects.create(scheme=scheme, organization=county.county, name="全县图表", year=2025,
                                  starts_on=dt.date(2025, 1, 1), ends_on=dt.date(2025, 12, 31),
                                  status=Round.Status.FINALIZED, finalized_at=timezone.now())
    results = [Result.objects.create(round=round_, organization=org, target_label=str(org), total=Decimal(total),
                                     grade_label=grade, rank=rank)
               for rank, (org, total, grade) in enumerate(((county.village, 95, "优秀"), (county.village2, 70, "合格"),
                                                           (county.other_village, 65, "合格")), start=1)]
    log_in(page, "admin", PASSWORD)
    page.goto(f"/assessments/{round_.pk}/")
    chart = page.get_by_test_id("chart-grades")
    expect(chart).to_have_attribute("data-ready", "true")
    expect(chart.locator("svg")).to_be_visible()
    expect(chart).to_contain_text("优秀")
    shot(page, "assessments-grades-by-township")
    page.set_viewport_size(PHONE)
    page.reload()
    expect(page.get_by_test_id("chart-grades").locator("svg")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

    page.goto(f"/assessments/{round_.pk}/targets/{results[0].pk}/")
    with page.expect_download() as download:
        page.get_by_test_id("sheet-pdf").click()
    assert open(download.value.path(), "rb").read().startswith(b"%PDF")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    shot(page, "assessments-result-sheet-links-phone")
