"""A whole selection case from 动议 to 任职, clicked through by the department administrator (desktop and phone).

The two votes are counted on paper ballots beforehand (the tellers' own pages are the ballots app's tests); the
administrator only picks the closed ballot, the figures come from its tally."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, shot
from tests.fixtures import PASSWORD
from zugong.appointments.models import CaseCandidate, SelectionCase
from zugong.appointments.tests.conftest import make_cadre
from zugong.appointments.voting import counted_paper_vote
from zugong.cadres.models import Position, Tenure

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
PHONE = {"width": 390, "height": 844}


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def _take(page, kind: str, day: str, fill: dict | None = None, check: list[str] | None = None,
          select: dict | None = None, files: dict | None = None, name: str = ""):
    page.get_by_test_id(f"take-{kind}").first.click()
    page.get_by_label("办理日期").fill(day)
    for label, value in (fill or {}).items():
        page.get_by_label(label).fill(str(value))
    for label in check or []:
        page.get_by_label(label).check()
    for label, value in (select or {}).items():
        page.get_by_label(label).select_option(label=value)
    for label, path in (files or {}).items():
        page.get_by_label(label).set_input_files(path)
    if name:
        shot(page, name)
    page.get_by_test_id("form-submit").click()
    expect(page.get_by_role("alert").first).to_contain_text("已登记")


def test_a_case_from_motion_to_appointment_through_the_pages(page, county, department_admin, tmp_path):
    post = Position.objects.create(organization=county.township, title="东风镇镇长", rank="section_head",
                                   grassroots=True)
    cadre = make_cadre(county.township, "李明", dt.date(2018, 3, 1))
    plan = tmp_path / "方案.pdf"
    plan.write_bytes(b"%PDF-1.4 plan")
    log_in(page, "admin", PASSWORD)
    page.get_by_role("link", name="选拔任用").first.click()
    shot(page, "appointments-list-empty")
    page.get_by_test_id("case-create").click()
    page.get_by_label("事项名称").fill("东风镇镇长人选")
    page.locator("select[name=unit]").select_option(str(county.township.pk))
    page.get_by_label("拟任职位").select_option(str(post.pk))
    page.get_by_label("动议日期（部务会研究）").fill("2026-06-01")
    page.get_by_label("选拔任用工作方案（部务会研究通过）").set_input_files(str(plan))
    shot(page, "appointments-create")
    page.get_by_test_id("form-submit").click()
    expect(page.get_by_test_id("case-title")).to_contain_text("东风镇镇长人选")
    case = SelectionCase.objects.get()

    page.get_by_test_id("candidate-new").click()
    page.get_by_label("干部").select_option(label="李明（东风镇党委）")
    page.get_by_label("提名日期").fill("2026-06-01")
    page.get_by_test_id("form-submit").click()
    expect(page.get_by_test_id("candidates")).to_contain_text("任副职年限")
    candidate = CaseCandidate.objects.get()

    # Out of order: the step the page offers is the next one only; the API and the page say why not.
    expect(page.get_by_test_id("next-candidates_chosen")).to_contain_text("须先完成第2步「谈话调研推荐」")
    _take(page, "talk_recommendation", "2026-06-10", fill={"个别谈话人数": 35}, check=["李明（拟任东风镇镇长）"])
    counted_paper_vote(department_admin, case, "meeting_recommendation", [candidate], entitled=60, present=55,
                       yes=[40], held_on=dt.date(2026, 6, 12))
    _take(page, "meeting_recommendation", "2026-06-12", select={"表决票（已结束计票）": "东风镇镇长人选（会议推荐）（2026-06-12）"},
          name="appointments-step-ballot")
    expect(page.get_by_test_id("candidates")).to_contain_text("72.73%")
    _take(page, "candidates_chosen", "2026-06-20", check=["李明（拟任东风镇镇长）"])

    # The inspection is refused before its notice; then the notice, the inspection, the four opinions.
    page.get_by_test_id("take-inspection").click()
    page.get_by_label("办理日期").fill("2026-07-01")
    page.get_by_test_id("form-submit").click()
    expect(page.get_by_test_id("form-error").or_(page.get_by_test_id("field-error")).first).to_contain_text(
        "「考察」前须发布考察预告")
    page.get_by_role("link", name="取消").click()
    page.get_by_test_id("inspection-notice").click()
    page.get_by_label("考察组成员").fill("王组长、陈干事")
    page.get_by_label("举报电话").fill("0356-12380")
    page.get_by_label("发布日期").fill("2026-06-22")
    page.get_by_test_id("form-submit").click()
    _take(page, "inspection", "2026-07-01", fill={"个别谈话人数": 28}, files={"材料（扫描件等）": str(plan)})
    for source in ("纪委监委", "政法", "信访", "审计"):
        page.get_by_test_id("opinion-new").click()
        page.get_by_label("征求意见单位").select_option(label=source)
        page.get_by_label("回复日期").fill("2026-07-05")
        page.get_by_test_id("form-submit").click()
        expect(page.get_by_test_id("opinions")).to_contain_text(source)
    _take(page, "deliberation", "2026-07-10", files={"材料（扫描件等）": str(plan)})

    counted_paper_vote(department_admin, case, "decision", [candidate], entitled=11, present=10, yes=[9],
                       held_on=dt.date(2026, 7, 15))
    _take(page, "decision", "2026-07-15", select={"表决票（已结束计票）": "东风镇镇长人选（常委会讨论决定）（2026-07-15）"})
    expect(page.get_by_test_id("step-decision")).to_contain_text("应到11人，实到10人，有效票10张")
    _take(page, "public_notice", "2026-09-30", fill={"公示内容（人选基本情况和拟任职务）": "李明，拟任东风镇镇长。",
                                                      "受理电话": "0356-12380"})
    expect(page.get_by_test_id("notices")).to_contain_text("2026-09-30 — 2026-10-12")
    _take(page, "appointment", "2026-10-13", fill={"任职文号": "示组字〔2026〕12号"})
    expect(page.get_by_test_id("case-status")).to_have_text("已任职（试用期）")
    assert Tenure.objects.filter(cadre=cadre, position=post, started_on=dt.date(2026, 10, 13)).exists()
    shot(page, "appointments-case-desktop")

    page.set_viewport_size(PHONE)
    page.reload()
    _no_sideways_scroll(page)
    # On a phone each 人选 is a card that fits, each line named by its column heading; nothing scrolls in its box.
    candidates = page.get_by_test_id("candidates")
    assert candidates.evaluate("t => t.parentElement.scrollWidth <= t.parentElement.clientWidth")
    expect(candidates.locator("thead")).to_be_hidden()
    assert candidates.locator("td[data-label]").first.evaluate(
        "td => getComputedStyle(td, '::before').content") == '"姓名"'
    shot(page, "appointments-case-phone")
    page.goto("/appointments/")
    _no_sideways_scroll(page)
    shot(page, "appointments-list-phone")
    page.goto("/appointments/due/")
    _no_sideways_scroll(page)
    shot(page, "appointments-due-phone")


def test_an_open_selection_ranking_on_a_phone(page, county, department_admin):
    from decimal import Decimal  # noqa: PLC0415

    from zugong.appointments import competition  # noqa: PLC0415
    from zugong.appointments.tests.conftest import open_case  # noqa: PLC0415
    from zugong.appointments.tests.test_competition import announce, outsider, passed  # noqa: PLC0415

    post = Position.objects.create(organization=county.township, title="东风镇镇长", rank="section_head",
                                   grassroots=True)
    setup = type("Setup", (), {"post": post})
    case = open_case(department_admin, county, setup, kind=SelectionCase.Kind.OPEN)
    announce(department_admin, case)
    rows = []
    for name, written, interview in [("甲一", 70, 80), ("乙二", 90, 90), ("丙三", 80, 85), ("丁四", 90, 90)]:
        registration = passed(department_admin, outsider(department_admin, case, post, name))
        rows.append(competition.ScoreRow(registration.pk, Decimal(written), Decimal(interview)))
    competition.record_scores(department_admin, case, rows)
    page.set_viewport_size(PHONE)
    log_in(page, "admin", PASSWORD)
    page.goto(case.get_absolute_url())
    ranking = page.get_by_test_id("ranking")
    expect(ranking).to_contain_text("乙二")
    expect(ranking.locator("tbody tr").first).to_contain_text("90.00")
    _no_sideways_scroll(page)
    shot(page, "appointments-open-selection-phone")
    page.get_by_test_id("scores").click()
    page.get_by_label("甲一 笔试成绩").fill("120")
    page.get_by_test_id("form-submit").click()
    expect(page.get_by_test_id("field-error").first).to_contain_text("甲一：")
    _no_sideways_scroll(page)
    shot(page, "appointments-open-selection-scores-phone")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_nominees_are_cards_on_a_phone_in_either_language(page, county, department_admin, language):
    """Each 人选 is a card at 390 px; a heading that wraps (English "candidates for inspection") stays inside its own
    line of the card instead of running over the next one."""
    from zugong.appointments.tests.conftest import K, Setup, open_case, walk  # noqa: PLC0415

    post = Position.objects.create(organization=county.township, title="东风镇镇长", rank="section_head",
                                   grassroots=True)
    setup = Setup(post, make_cadre(county.township, "李明", dt.date(2018, 3, 1)),
                  make_cadre(county.township, "赵新", dt.date(2026, 1, 5)))
    case = open_case(department_admin, county, setup)
    walk(department_admin, case, setup, K.DECISION)
    page.set_viewport_size(PHONE)
    log_in(page, "admin", PASSWORD)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": page.url}])
    page.goto(case.get_absolute_url())
    candidates = page.get_by_test_id("candidates")
    expect(candidates).to_contain_text("李明")
    expect(candidates.locator("thead")).to_be_hidden()
    _no_sideways_scroll(page)
    overlaps = candidates.evaluate("""t => {
        const cells = [...t.querySelectorAll('td[data-label]')];
        return cells.filter(td => td.scrollHeight > td.clientHeight + 1).map(td => td.dataset.label);
    }""")
    assert overlaps == []
    shot(page, f"appointments-nominees-phone-{language}")
