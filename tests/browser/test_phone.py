"""A branch secretary's daily pages on a phone (手机, 390×844): the menu folds into the top bar and no page scrolls
sideways — neither the document nor any element wider than the screen outside a box that scrolls on its own."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, shot
from tests.fixtures import PASSWORD
from zugong.development.services import open_case
from zugong.education.services import record_pledge, record_study_session
from zugong.members.tests.test_members import id_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PHONE = {"width": 390, "height": 844}

# Elements that stick out of the screen and are not inside a box that clips or scrolls them. The offcanvas menu
# is off the screen while closed (hidden), so invisible elements are left out.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const found = [];
  if (document.documentElement.scrollWidth > width) {
    found.push(`document ${document.documentElement.scrollWidth} > ${width}`);
  }
  const scrolls = (el) => {
    for (let box = el.parentElement; box && box !== document.body; box = box.parentElement) {
      const style = getComputedStyle(box);
      if (style.overflowX !== "visible" || style.position === "fixed") return true;
    }
    return false;
  };
  for (const el of document.body.querySelectorAll("*")) {
    const rect = el.getBoundingClientRect();
    if (!rect.width || getComputedStyle(el).visibility === "hidden") continue;
    if ((rect.right > width + 1 || rect.left < -1) && !scrolls(el)) {
      const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
        (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\\s+/).join(".") : "");
      found.push(`${name} [${Math.round(rect.left)}, ${Math.round(rect.right)}] ${el.textContent.trim().slice(0, 30)}`);
    }
  }
  return found.slice(0, 10);
}"""

# A label broken after every character: a text element far taller than it is wide.
CHARACTER_COLUMNS = """() => {
  const found = [];
  const labels = ".main-content h1, .main-content h2, .main-content h5, .main-content th, .main-content .card-title, " +
    ".main-content .stat-card *, .main-content label";
  for (const el of document.querySelectorAll(labels)) {
    const text = el.textContent.trim();
    const rect = el.getBoundingClientRect();
    const line = parseFloat(getComputedStyle(el).lineHeight) || 20;
    if (text.length >= 3 && rect.width && rect.height > line * Math.min(text.length, 4) * 0.9 && rect.width < 40) {
      found.push(`${el.tagName.toLowerCase()} ${Math.round(rect.width)}×${Math.round(rect.height)} ${text.slice(0, 20)}`);
    }
  }
  return found.slice(0, 10);
}"""


def fits(page, name: str) -> None:
    page.wait_for_load_state("load")
    shot(page, f"phone-{name}")
    overflow = page.evaluate(OVERFLOW)
    assert overflow == [], f"{name}：在手机上横向溢出：{overflow}"
    assert page.evaluate(CHARACTER_COLUMNS) == [], f"{name}：标题或标签一字一行"


def test_a_branch_secretary_works_on_a_phone(page, county, branch_secretary, full_members):
    today = dt.date.today()
    case = open_case(branch_secretary, applied_on=today - dt.timedelta(days=30), name="陈晓燕",
                     id_number=id_for(dt.date(1998, 4, 2), 22), education="undergraduate", occupation="professional",
                     organization=county.village)
    record_study_session(branch_secretary, county.village, held_on=today, topic="学习新修订的党章",
                         attendees=full_members[:2])
    record_pledge(branch_secretary, full_members[0], year=today.year, content="帮扶一户困难群众，帮助发展庭院经济")
    page.set_viewport_size(PHONE)
    log_in(page, "branch", PASSWORD)
    response = page.goto("/")
    assert response is not None and response.status == 200

    # The menu is folded: the page has the whole width, and the menu button opens the modules.
    fits(page, "dashboard")
    sidebar = page.locator("#sidebar")
    assert sidebar.locator("a[href=\"/members/\"]").is_hidden()
    page.get_by_test_id("menu-toggle").click()
    expect(sidebar.locator("a[href=\"/members/\"]")).to_be_visible()
    expect(sidebar).to_have_class(re.compile(r"\bshow\b"))
    page.wait_for_timeout(400)  # the menu slides in (Bootstrap's transition)
    page.screenshot(path=str(shot(page, "phone-menu")))  # the screen as seen, not the whole page
    sidebar.locator("a[href=\"/members/\"]").click()
    expect(page).to_have_url("/members/")
    fits(page, "members")

    for name, url in [
        ("member", f"/members/{full_members[0].pk}/"),
        ("member-dues", f"/members/{full_members[0].pk}/?tab=dues"),
        ("dues", f"/dues/?organization={county.village.pk}"),
        ("dues-collect", f"/dues/organizations/{county.village.pk}/collect/"),
        ("development", "/development/"),
        ("development-due", "/development/due/"),
        ("development-case", f"/development/{case.pk}/"),
        ("study", "/education/"),
        ("study-new", f"/education/study/{county.village.pk}/new/"),
        ("pledges", "/education/pledges/"),
        ("points", "/education/points/"),
        ("care", "/education/care/"),
        ("organization", f"/organizations/{county.village.pk}/"),
        ("member-edit", f"/members/{full_members[0].pk}/edit/"),
    ]:
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        fits(page, name)
