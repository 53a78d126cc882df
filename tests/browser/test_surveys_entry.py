"""Paper questionnaires typed in twice, as two tellers of a township do it: keyboard only, one sheet after
another; the second teller's slip on one answer shows up as a mismatch, which is opened and corrected from the
paper. Only then do both sheets count as answers."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, shot, wait_for_entry_keys
from tests.fixtures import PASSWORD, make_user
from zugong.accounts.capabilities import Role
from zugong.surveys.models import PaperSheet, Response
from zugong.surveys.tests.factories import make_group, make_survey

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

SHEET_1 = "12345123451234"  # the fourteen scored questions; the fifteenth is text
SHEET_2 = "21112111121111"
SHEET_2_SLIP = "21312111121111"  # the second teller types 3 (一般) for question 3, the paper says 1 (好)


def type_sheet(page, number: str, digits: str, comment: str = "") -> None:
    """问卷编号, Enter, one digit per question (each moves on by itself), the comment, Enter saves."""
    wait_for_entry_keys(page)
    expect(page.get_by_label("问卷编号")).to_be_focused()
    page.keyboard.type(number)
    page.keyboard.press("Enter")
    expect(page.get_by_label("第1题", exact=True)).to_be_focused()
    for digit in digits:
        page.keyboard.type(digit)
    expect(page.get_by_label("第15题")).to_be_focused()
    if comment:
        page.keyboard.insert_text(comment)
    page.keyboard.press("Enter")


def choose_group_by_keyboard(page) -> None:
    expect(page.get_by_label("调查对象组")).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("调查对象组")).to_have_value(re.compile(r"\d+"))
    page.keyboard.press("Enter")


def test_two_tellers_type_the_same_sheets_and_the_mismatch_is_resolved(page, county, township_operator):
    survey = make_survey(county.township, double_entry=True)
    make_group(survey, county.village, "members")
    make_group(survey, county.village2, "members")
    make_user("teller2", Role.OPERATOR, county.township, "东风镇录入员")
    responses_before = Response.objects.count()

    log_in(page, "township", PASSWORD)
    page.goto(f"/surveys/{survey.pk}/paper/")
    expect(page.get_by_test_id("survey-tabs").get_by_role("link", name="纸质问卷录入")).to_have_class(re.compile("active"))
    choose_group_by_keyboard(page)
    type_sheet(page, "0001", SHEET_1, "建议多开展谈心谈话")
    expect(page.get_by_role("alert")).to_have_text("问卷编号「0001」已保存第一次录入，等待另一名录入员第二次录入")
    expect(page.get_by_label("调查对象组")).to_have_value(str(survey.groups.get(organization=county.village).pk))
    type_sheet(page, "0002", SHEET_2)
    expect(page.get_by_role("alert")).to_contain_text("问卷编号「0002」已保存第一次录入")
    expect(page.get_by_test_id("count-today")).to_have_text("2")
    expect(page.get_by_test_id("count-awaiting")).to_have_text("2")
    expect(page.get_by_test_id("count-awaiting-others")).to_have_text("0")
    assert Response.objects.count() == responses_before

    page.get_by_role("button", name="退出").click()
    log_in(page, "teller2", PASSWORD)
    page.goto(f"/surveys/{survey.pk}/paper/")
    expect(page.get_by_test_id("count-awaiting-others")).to_have_text("2")
    choose_group_by_keyboard(page)
    type_sheet(page, "0001", SHEET_1, "建议多开展谈心谈话")
    expect(page.get_by_role("alert")).to_have_text("问卷编号「0001」已入库")
    type_sheet(page, "0002", SHEET_2_SLIP)
    expect(page.get_by_role("alert")).to_have_text("问卷编号「0002」两次录入不一致，已列入待核对")
    expect(page.get_by_test_id("count-mismatch")).to_have_text("1")
    expect(page.get_by_label("问卷编号")).to_be_focused()
    shot(page, "surveys-paper-entry")
    assert Response.objects.count() == responses_before + 1

    page.get_by_test_id("mismatch-link").click()
    expect(page.get_by_test_id("sheet-table")).to_contain_text("两次录入不一致")
    expect(page.get_by_test_id("status-mismatch")).to_contain_text("1")
    shot(page, "surveys-paper-sheets")
    page.get_by_test_id("resolve-0002").click()
    expect(page.get_by_test_id("differs-3")).to_contain_text("1 好")
    expect(page.get_by_test_id("differs-3")).to_contain_text("3 一般")
    expect(page.locator("[data-testid^=differs-]")).to_have_count(1)
    expect(page.get_by_label("第3题", exact=True)).to_have_value("1")  # the first entry, which the paper confirms
    wait_for_entry_keys(page)
    expect(page.get_by_label("第3题", exact=True)).to_be_focused()
    shot(page, "surveys-paper-resolve")
    page.keyboard.type("1")  # read from the paper again
    expect(page.get_by_label("第4题", exact=True)).to_be_focused()
    page.get_by_test_id("resolve-save").click()
    expect(page.get_by_role("alert")).to_have_text("问卷编号「0002」已按原件核定并入库")
    expect(page.get_by_test_id("status-mismatch")).to_contain_text("0")

    assert Response.objects.count() == responses_before + 2
    stored = Response.objects.get(answers__question__number=2, answers__option__label="好")
    assert stored.answers.get(question__number=3).option.label == "好"
    assert set(PaperSheet.objects.values_list("status", flat=True)) == {PaperSheet.Status.DONE}


def test_an_import_reports_every_bad_row_then_imports_all(page, county, township_operator, tmp_path, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}  # the worker, at once
    survey = make_survey(county.township)
    make_group(survey, county.village, "members")
    header = ["问卷编号", "被调查单位", "调查对象", *(f"第{n}题" for n in range(1, 16))]
    good = [["A001", "东风村党支部", "党员", *["好"] * 14, "无"], ["A002", "东风村党支部", "党员", *["较好"] * 14, ""]]
    bad = [*good, ["A001", "西岭村党支部", "学生", "很好", *["好"] * 13, ""]]
    log_in(page, "township", PASSWORD)
    page.goto(f"/surveys/{survey.pk}/paper/")
    page.get_by_test_id("survey-tabs").get_by_role("link", name="Excel导入").click()
    shot(page, "surveys-import-page")
    page.get_by_label("纸质问卷录入表（.xlsx）").set_input_files(_workbook(tmp_path / "bad.xlsx", header, bad))
    page.get_by_test_id("import-check").click()
    kinds = page.get_by_test_id("import-kinds")
    expect(kinds).to_contain_text("问卷编号「A001」与第2行重复")
    expect(kinds).to_contain_text("「西岭村党支部」不是本调查的被调查单位")
    expect(kinds).to_contain_text("「学生」不是有效的调查对象")
    expect(kinds).to_contain_text("「很好」不是本题的选项（可填：好、较好、一般、差、不了解）")
    expect(page.get_by_test_id("confirm-import")).to_have_count(0)
    shot(page, "surveys-import-errors")

    page.get_by_role("link", name="返回导入页面").click()
    page.get_by_label("纸质问卷录入表（.xlsx）").set_input_files(_workbook(tmp_path / "good.xlsx", header, good))
    page.get_by_test_id("import-check").click()
    expect(page.get_by_test_id("import-plan")).to_contain_text("东风村党支部·党员")
    expect(page.get_by_test_id("import-progress")).to_contain_text("100%")
    assert Response.objects.count() == 0
    page.get_by_test_id("confirm-import").click()
    expect(page.get_by_test_id("import-summary")).to_have_text("导入完成：2 份问卷已入库。")
    assert Response.objects.filter(survey=survey, channel="import").count() == 2


def test_a_file_of_the_main_indicators_is_summarised_and_imported_when_the_department_says_so(
        page, county, township_operator, tmp_path, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    survey = make_survey(county.county)
    make_group(survey, county.village, "members")
    header = ["问卷编号", "被调查单位", "调查对象", *(f"第{n}题" for n in range(1, 16))]
    rows = [[f"B{i:03d}", "东风村党支部", "党员", *["好"] * 4, *[""] * 11] for i in range(120)]
    log_in(page, "township", PASSWORD)
    page.goto(f"/surveys/{survey.pk}/import/")
    page.get_by_label("纸质问卷录入表（.xlsx）").set_input_files(_workbook(tmp_path / "main.xlsx", header, rows))
    page.get_by_test_id("import-check").click()
    expect(page.get_by_test_id("import-kind")).to_have_count(1)
    expect(page.get_by_test_id("kind-count")).to_have_text("1200")  # 120 questionnaires × 第5–14题
    expect(page.get_by_test_id("kind-rows")).to_have_text("2、3、4、5、6 …")
    shot(page, "surveys-import-summary")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "surveys-import-summary-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1366, "height": 900})

    page.get_by_role("link", name="返回导入页面").click()
    page.get_by_label("纸质问卷录入表（.xlsx）").set_input_files(_workbook(tmp_path / "main.xlsx", header, rows))
    page.get_by_label("只有计入主要指标的题目").check()
    page.get_by_test_id("import-check").click()
    expect(page.get_by_test_id("import-required")).to_contain_text("第1题、第2题、第3题、第4题")
    page.get_by_test_id("confirm-import").click()
    expect(page.get_by_test_id("import-summary")).to_have_text("导入完成：120 份问卷已入库。")
    shot(page, "surveys-import-done")
    assert Response.objects.filter(survey=survey, channel="import").count() == 120


def test_a_running_import_shows_its_progress_and_polls(page, county, township_operator):
    import os
    import socket

    from zugong.surveys import import_tasks
    from zugong.surveys.models import SheetImportJob

    survey = make_survey(county.county)
    make_group(survey, county.village, "members")
    job = SheetImportJob.objects.create(survey=survey, created_by=township_operator, file_name="2026年全县问卷.xlsx",
                                        status="checking", rows_done=9000, rows_total=24000, attempt=1)
    beat = import_tasks.heartbeat_path(job)
    beat.parent.mkdir(parents=True, exist_ok=True)
    beat.write_text(f"{socket.gethostname()} {os.getpid()}")  # a live worker holds it
    try:
        log_in(page, "township", PASSWORD)
        page.goto(f"/surveys/{survey.pk}/import/{job.pk}/")
        expect(page.get_by_test_id("import-progress")).to_contain_text("37%")
        shot(page, "surveys-import-progress")
        SheetImportJob.objects.filter(pk=job.pk).update(rows_done=18000)
        expect(page.get_by_test_id("import-progress")).to_contain_text("75%")  # htmx polled the job again
        page.set_viewport_size({"width": 390, "height": 844})
        shot(page, "surveys-import-progress-phone")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        beat.unlink(missing_ok=True)


def _workbook(path, header, rows) -> str:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    book.save(path)
    return str(path)
