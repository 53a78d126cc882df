"""Chart labels (图表标签) never overlap: the month's dues in hundreds of thousands of yuan on twelve bars, and the
findings of every kind with their long names, on a desktop and on a phone."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType

from tests.browser.conftest import log_in, shot
from tests.fixtures import PASSWORD
from zugong.core.checks import REGISTRY
from zugong.core.models import Finding
from zugong.dues.models import DuesPayment
from zugong.members.services import create_member
from zugong.members.tests.test_members import fields
from zugong.organizations.models import Organization

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

# Pairs of text elements of one chart whose boxes cross (a pixel's touch allowed).
OVERLAPS = """(chart) => {
  const boxes = [...chart.querySelectorAll("svg text")].filter((t) => t.textContent.trim())
    .map((t) => ({text: t.textContent.trim(), box: t.getBoundingClientRect()}));
  const found = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i].box, b = boxes[j].box;
      if (Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1) {
        found.push(`${boxes[i].text} × ${boxes[j].text}`);
      }
    }
  }
  const frame = chart.getBoundingClientRect();
  for (const {text, box} of boxes) {
    if (box.left < frame.left - 1 || box.right > frame.right + 1) found.push(`${text} outside the chart`);
  }
  return found;
}"""


def _texts_apart(page, test_id: str) -> list[str]:
    chart = page.get_by_test_id(test_id)
    page.wait_for_selector(f'[data-testid="{test_id}"][data-ready="true"]')
    return chart.evaluate(OVERLAPS)


def test_dues_by_month_and_findings_by_kind_keep_their_labels_apart(page, county, department_admin):
    today = dt.date.today()
    member = create_member(department_admin, **fields(county.village, name="张建国"))
    for month in range(1, today.month + 1):  # about 600,000 yuan a month, as the demo county collects
        DuesPayment.objects.create(member=member, month=dt.date(today.year, month, 1),
                                   paid_on=min(today, dt.date(today.year, month, 15)),
                                   amount=Decimal(612_908 + month * 1_111), due_amount=Decimal(1),
                                   organization=county.village)
    kind = ContentType.objects.get_for_model(Organization)
    Finding.objects.bulk_create(
        Finding(check_code=code, key=f"{code}-{n}", severity=Finding.Severity.WARNING, title=check.label, url="/",
                scope_path=county.village.path, subject_type=kind, subject_id=str(county.village.pk))
        for number, (code, check) in enumerate(sorted(REGISTRY.items())) for n in range(number + 1))
    log_in(page, "admin", PASSWORD)
    for name, viewport in (("desktop", {"width": 1366, "height": 900}), ("phone", {"width": 390, "height": 844})):
        page.set_viewport_size(viewport)
        page.goto("/statistics/charts/?module=dues")
        assert _texts_apart(page, "chart-1") == [], f"党费图表的标签重叠（{name}）"
        shot(page, f"chart-labels-dues-{name}")
        page.goto("/statistics/charts/?module=dues")
        findings = page.locator("[data-chart]").last
        test_id = findings.get_attribute("data-testid")
        assert _texts_apart(page, test_id) == [], f"问题预警图表的标签重叠（{name}）"
        findings.scroll_into_view_if_needed()
        shot(page, f"chart-labels-findings-{name}")
