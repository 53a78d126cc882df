"""The printed 干部任免审批表: each value next to its label in the Word form, and on the right page of the PDF.

The PDF's pages are also rendered to test-artifacts/screenshots/cadre-form-*.png for a person to look at.
"""

import datetime as dt
import io
from dataclasses import replace
from itertools import pairwise
from pathlib import Path

import pypdf
import pypdfium2
import pytest
from django.utils import translation
from docx import Document
from docx.oxml.ns import qn
from docx.table import Table, _Cell
from PIL import Image, ImageDraw

from zugong.cadres.codes import Grade
from zugong.cadres.printed import NORMAL_SIZE, SMALLEST_SIZE, form_docx, form_pdf, form_sheets
from zugong.cadres.record import (
    AppointmentForm,
    AssessmentResult,
    Education,
    FamilyMember,
    ResumeLine,
)

SCREENSHOTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "screenshots"


def month(year: int, month: int) -> dt.date:
    return dt.date(year, month, 1)


def jpeg_photo() -> bytes:
    image = Image.new("RGB", (250, 350), "#dfe7f0")
    drawing = ImageDraw.Draw(image)
    drawing.ellipse((75, 60, 175, 180), fill="#c49a74")
    drawing.rectangle((40, 200, 210, 350), fill="#2b3b55")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG")
    return buffer.getvalue()


RESUME = [
    ResumeLine(month(1993, 9), month(1997, 7), "河北大学经济系经济学专业学习"),
    ResumeLine(month(1997, 7), month(2003, 12), "某县财政局科员"),
    ResumeLine(month(2003, 12), month(2011, 6),
               "某县某某乡党委委员、副乡长（其间：2006.09--2009.07在中央党校研究生院经济管理专业在职研究生学习）"),
    ResumeLine(month(2011, 6), month(2016, 9), "某县某某镇党委书记"),
    ResumeLine(month(2016, 9), month(2021, 10), "中共某县委组织部副部长"),
    ResumeLine(month(2021, 10), None, "中共某县委常委、组织部部长"),
]
# 称谓, 姓名, 年龄 on 2026.03, 政治面貌, 工作单位及职务: the family as the form prints it.
FAMILY_PRINTED = [
    ("妻子", "王丽", "48", "中共党员", "某县第一中学教师"),
    ("儿子", "张晓明", "23", "共青团员", "某大学学生"),
    ("父亲", "张德福", "", "中共党员", "已去世"),
    ("母亲", "李秀兰", "75", "群众", "退休"),
]
PHOTO = jpeg_photo()
FORM = AppointmentForm(
    name="张建国", gender="男", birth=month(1975, 3), ethnicity="01", native_place="河北保定", birthplace="河北清苑",
    party_joined=month(1996, 6), work_started=month(1997, 7), health="健康", professional_title="高级经济师",
    speciality="经济管理",
    full_time_education=Education("大学", "学士", "河北大学经济系经济学专业", "河北大学经济学学士"),
    in_service_education=Education("研究生", "硕士", "中央党校研究生院经济管理专业", "中央党校经济学硕士"),
    current_post="中共某县委常委、组织部部长", proposed_post="某县人民政府副县长（试用期一年）",
    proposed_removal="中共某县委组织部部长", resume=RESUME,
    rewards_and_penalties="2019年被评为全省优秀共产党员；2022年记三等功一次。",
    assessments=[AssessmentResult(2025, Grade.EXCELLENT), AssessmentResult(2023, Grade.COMPETENT),
                 AssessmentResult(2024, Grade.EXCELLENT)],
    appointment_reason="工作需要。",
    family=[FamilyMember("12", "王丽", month(1977, 5), "01", "某县第一中学教师"),
            FamilyMember("20", "张晓明", month(2002, 9), "03", "某大学学生"),
            FamilyMember("51", "张德福", None, "01", "已去世"),
            FamilyMember("52", "李秀兰", month(1950, 11), "13", "退休")],
    reporting_unit="中共某县委组织部", age_as_of=month(2026, 3), filled_on=month(2026, 3), filled_by="李明",
    photo=PHOTO,
)
LONG_RESUME = RESUME + [
    ResumeLine(month(2000 + year, 1), month(2001 + year, 1), "某县某单位某某科科长" * (1 + year % 3))
    for year in range(14)
]


def squeezed(text: str) -> str:
    return "".join(text.split())


# --- Word ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def document():
    return Document(io.BytesIO(form_docx(FORM)))


def distinct(cells: tuple[_Cell, ...]) -> list[_Cell]:
    """A row's cells as printed: python-docx repeats a merged cell in each grid column it spans."""
    printed: list[_Cell] = []
    for cell in cells:
        if not printed or cell._tc is not printed[-1]._tc:
            printed.append(cell)
    return printed


def right_of(table: Table, heading: str, occurrence: int = 0) -> _Cell:
    """The cell right of a label; ``occurrence`` counts labels printed more than once (毕业院校系及专业)."""
    found = []
    for row in table.rows:
        cells = distinct(row.cells)
        found += [right for cell, right in pairwise(cells) if squeezed(cell.text) == heading]
    return found[occurrence]


@pytest.mark.parametrize(("heading", "printed"), [
    ("姓名", "张建国"), ("性别", "男"), ("出生年月（岁）", "1975.03（51岁）"), ("民族", "汉族"), ("籍贯", "河北保定"),
    ("出生地", "河北清苑"), ("入党时间", "1996.06"), ("参加工作时间", "1997.07"), ("健康状况", "健康"),
    ("专业技术职务", "高级经济师"), ("熟悉专业有何专长", "经济管理"), ("现任职务", "中共某县委常委、组织部部长"),
    ("拟任职务", "某县人民政府副县长（试用期一年）"), ("拟免职务", "中共某县委组织部部长"),
])
def test_docx_first_page_values_sit_right_of_their_labels(document, heading, printed):
    assert squeezed(right_of(document.tables[0], heading).text) == printed


def test_docx_education_prints_level_and_degree_then_schools_on_two_lines(document):
    first_page = document.tables[0]
    assert right_of(first_page, "全日制教育").text == "大学\n学士"
    assert right_of(first_page, "毕业院校系及专业").text == "河北大学经济系经济学专业\n河北大学经济学学士"
    assert right_of(first_page, "在职教育").text == "研究生\n硕士"
    assert right_of(first_page, "毕业院校系及专业", 1).text == "中央党校研究生院经济管理专业\n中央党校经济学硕士"


def test_docx_resume_cell_holds_every_line_in_order(document):
    assert right_of(document.tables[0], "简历").text.split("\n") == [line.formatted() for line in RESUME]


def test_docx_photo_fills_the_photo_cell(document):
    photo_cell = document.tables[0].rows[0].cells[-1]
    assert [row.cells[-1]._tc for row in document.tables[0].rows[:4]] == [photo_cell._tc] * 4  # spans rows 1–4
    blips = photo_cell._tc.xpath(".//a:blip/@r:embed")
    assert document.part.related_parts[blips[0]].blob == PHOTO


def test_docx_second_page_values(document):
    second_page = document.tables[1]
    assert right_of(second_page, "奖惩情况").text == FORM.rewards_and_penalties
    assert right_of(second_page, "年度考核结果").text == "2023年度称职；2024年度优秀；2025年度优秀"
    assert right_of(second_page, "任免理由").text == "工作需要。"
    assert right_of(second_page, "呈报单位").text.split("\n")[:2] == ["中共某县委组织部", "（盖章）"]
    assert squeezed(document.paragraphs[-1].text) == "计算年龄时间：2026.03填表人：李明填表时间：2026.03"


def test_docx_prints_chinese_grades_for_a_reader_using_english():
    with translation.override("en"):
        document = Document(io.BytesIO(form_docx(FORM)))
    assert right_of(document.tables[1], "年度考核结果").text == "2023年度称职；2024年度优秀；2025年度优秀"


def test_docx_family_rows_in_order_with_age_at_the_forms_date(document):
    rows = document.tables[1].rows
    header = next(index for index, row in enumerate(rows) if squeezed(row.cells[1].text) == "称谓")

    def printed(row) -> tuple[str, ...]:  # the family label spans every row in the first column
        return tuple(squeezed(cell.text) for cell in distinct(row.cells)[1:])

    assert printed(rows[header]) == ("称谓", "姓名", "年龄", "政治面貌", "工作单位及职务")
    assert [printed(row) for row in rows[header + 1:header + 8]] == FAMILY_PRINTED + [("",) * 5] * 3


def test_docx_is_a4_in_songti_with_page_two_on_a_new_page(document):
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "宋体"
    assert document.paragraphs[0].text == "干部任免审批表"
    assert document.paragraphs[1].paragraph_format.page_break_before  # the paragraph between the two tables


def test_docx_without_photo_or_birth_leaves_the_cells_empty():
    document = Document(io.BytesIO(form_docx(replace(FORM, photo=b"", birth=None))))
    assert not document.tables[0]._tbl.xpath(".//a:blip")
    assert right_of(document.tables[0], "出生年月（岁）").text == ""


# --- PDF -------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return form_pdf(FORM)


def page_texts(data: bytes) -> list[str]:
    return [squeezed(page.extract_text()) for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def boxes(page: pypdfium2.PdfPage, text: str) -> list[tuple[float, float, float, float]]:
    """(left, bottom, right, top) in points of each place the text is printed, y growing upwards."""
    textpage = page.get_textpage()
    searcher = textpage.search(text, match_case=True)
    found = []
    while match := searcher.get_next():
        first, count = match
        left, bottom, _, top = textpage.get_charbox(first, loose=True)  # loose: the em box, not the ink
        right = textpage.get_charbox(first + count - 1, loose=True)[2]
        found.append((left, bottom, right, top))
    return found


def screenshot(data: bytes, name: str, pages: int | None = None) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for number, page in enumerate(list(pypdfium2.PdfDocument(data))[:pages], start=1):
        page.render(scale=150 / 72).to_pil().save(SCREENSHOTS / f"{name}-page-{number}.png")


def test_pdf_is_two_pages_with_each_value_on_its_page(pdf):
    screenshot(pdf, "cadre-form")
    first, second = page_texts(pdf)
    for printed in ["干部任免审批表", "张建国", "1975.03", "（51岁）", "汉族", "河北大学经济系经济学专业", "中共某县委常委、组织部部长"]:
        assert printed in first
    for line in RESUME:
        assert squeezed(line.formatted()) in first
    for printed in ["奖惩情况", "2023年度称职；2024年度优秀；2025年度优秀", "工作需要。", "中共某县委组织部", "填表人：李明"]:
        assert printed in second
    for relation, name, age, status, unit in FAMILY_PRINTED:
        assert f"{relation}{name}{age}{status}{unit}" in second


def test_pdf_embeds_the_chinese_font(pdf):
    fonts = [font.get_object() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages
             for font in page["/Resources"]["/Font"].values()]
    cjk = [font for font in fonts if "CJK" in font["/BaseFont"]]
    assert cjk and all(font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get("/FontFile2")
                       or font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get("/FontFile3")
                       for font in cjk)


def test_pdf_values_are_right_of_their_labels_on_the_same_line(pdf):
    page = pypdfium2.PdfDocument(pdf)[0]
    for heading, printed in [("姓名", "张建国"), ("性别", "男"), ("民族", "汉族"), ("出生地", "河北清苑"),
                             ("现任职务", "中共某县委常委")]:
        _, label_bottom, label_right, _ = boxes(page, heading)[0]
        value_left, value_bottom, _, _ = boxes(page, printed)[0]
        assert value_left > label_right
        assert abs(value_bottom - label_bottom) < 3


def test_pdf_resume_lines_stack_top_to_bottom_in_order(pdf):
    page = pypdfium2.PdfDocument(pdf)[0]
    # The 简历 is the last thing on the page: its match of a text is the last one.
    periods = [boxes(page, line.formatted()[:16].strip())[-1] for line in RESUME]
    tops = [top for _, _, _, top in periods]
    assert tops == sorted(tops, reverse=True) and len(set(tops)) == len(tops)
    lefts = [left for left, _, _, _ in periods]
    assert max(lefts) - min(lefts) < 0.5  # one left edge
    assert tops[0] < boxes(page, "拟免职务")[0][1]  # below the last row above the 简历
    texts = [boxes(page, line.text[:8])[-1][0] for line in RESUME]
    assert max(texts) - min(texts) < 0.5  # the texts align too, whether the period is open or not


def test_pdf_family_rows_stack_in_order_on_page_two(pdf):
    page = pypdfium2.PdfDocument(pdf)[1]
    tops = [boxes(page, name)[0][3] for _, name, _, _, _ in FAMILY_PRINTED]
    assert tops == sorted(tops, reverse=True)
    assert boxes(page, "称谓")[0][1] > tops[0]


def test_pdf_long_resume_shrinks_to_stay_on_two_pages():
    form = replace(FORM, resume=LONG_RESUME)
    resume_cell = form_sheets(form)[0].rows[-1].cells[1]
    assert SMALLEST_SIZE < resume_cell.size < NORMAL_SIZE
    data = form_pdf(form)
    screenshot(data, "cadre-form-long-resume", pages=1)
    first, second = page_texts(data)
    for line in LONG_RESUME:
        assert squeezed(line.formatted()) in first
    assert "奖惩情况" in second


def test_pdf_of_a_sparse_form_still_prints_both_pages():
    form = AppointmentForm(name="李四", gender="女", birth=None, ethnicity="99")
    first, second = page_texts(form_pdf(form))
    assert "李四" in first
    assert f"计算年龄时间：{dt.date.today():%Y.%m}" in second  # the month ages are counted at when unset


def test_pdf_large_family_takes_room_from_the_text_boxes():
    relatives = [FamilyMember("97", f"亲属{number}", month(1960 + number, 1), "13", "务农") for number in range(12)]
    form = replace(FORM, family=FORM.family + relatives)
    first, second = page_texts(form_pdf(form))
    assert "亲属0" in second and "亲属11" in second and "行政机关任免意见" in second
