"""The English sidebar fits its column at 1280×800 and, folded into the menu, at 390×844 (issue 21, item 6).

Beside the other browser tests so that it shares their one browser (a second Playwright in the same worker fails)."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, shot
from tests.fixtures import PASSWORD

# Every sidebar entry inside the sidebar: no link wider than its column and the column not wider than itself.
SIDEBAR_OVERFLOW = """() => {
  const aside = document.querySelector("#sidebar");
  const box = aside.getBoundingClientRect();
  const found = [];
  if (aside.scrollWidth > aside.clientWidth + 1) found.push(`sidebar ${aside.scrollWidth} > ${aside.clientWidth}`);
  for (const el of aside.querySelectorAll("a, span, h2, h6, div")) {
    const rect = el.getBoundingClientRect();
    if (!rect.width || getComputedStyle(el).visibility === "hidden") continue;
    if (rect.right > box.right + 1 || rect.left < box.left - 1 || el.scrollWidth > el.clientWidth + 1 && el.tagName === "A") {
      found.push(`${el.tagName.toLowerCase()} [${Math.round(rect.left)}, ${Math.round(rect.right)}] ${el.textContent.trim().slice(0, 30)}`);
    }
  }
  return found.slice(0, 10);
}"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("size", [{"width": 1280, "height": 800}, {"width": 390, "height": 844}], ids=["1280", "390"])
def test_the_english_sidebar_fits_its_column(page, county, department_admin, size):
    page.set_viewport_size(size)
    log_in(page, "admin", PASSWORD)
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": page.url}])
    page.goto("/")
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    sidebar = page.locator("#sidebar")
    if size["width"] < 992:  # folded into the top bar's menu button
        page.get_by_test_id("menu-toggle").click()
        expect(sidebar).to_have_class(re.compile(r"\bshow\b"))
        page.wait_for_timeout(400)  # Bootstrap's slide-in
    expect(sidebar.get_by_role("link", name="Organizations")).to_be_visible()
    page.screenshot(path=str(shot(page, f"english-sidebar-{size['width']}")))  # the screen as seen
    found = page.evaluate(SIDEBAR_OVERFLOW)
    assert found == [], f"the English sidebar overflows at {size['width']} px: {found}"
