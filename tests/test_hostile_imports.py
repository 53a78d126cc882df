"""Every importer against hostile and broken files: a Chinese message on the page saying where and why, never a
500, nothing written. To cover a new importer, add an ``Importer`` to ``IMPORTERS`` (how to post a file to its
page, a good header and row, and what its rows write); every case below then runs against it too.

Workbook cases are built by hand (``xlsx``: the zip and its XML parts), so that the hostile parts — a DOCTYPE, a
lying dimension, 16,384 columns, a bomb of repeated rows — are exactly what an attacker would send.
"""

import datetime as dt
import io
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zugong.cadres.models import Cadre
from zugong.core import workbooks
from zugong.core.validators import id_check_char
from zugong.members.models import Member
from zugong.statistics.models import VillageIncome
from zugong.surveys.models import Response
from zugong.surveys.services import questions_of
from zugong.surveys.tests.factories import make_group, make_survey


def id_for(birth: dt.date, sequence: int) -> str:
    first17 = f"110101{birth:%Y%m%d}{sequence:03d}"
    return first17 + id_check_char(first17)


@dataclass
class Importer:
    name: str
    url: Callable[[object], str]  # the page, given the test's context
    field: str  # the file field
    header: Callable[[object], list[str]]
    row: Callable[[object], list]  # one good row
    written: Callable[[], int]  # rows its import writes, counted
    long_column: str  # a text column, and the words its too-long message starts with
    long_message: str
    extra: Callable[[object], dict] = field(default=lambda ctx: {"action": "check", "submission_token": uuid.uuid4()})
    settings: dict = field(default_factory=dict)  # e.g. the member import's size that goes to the background


def _survey_url(ctx) -> str:
    return reverse("surveys:import", args=[ctx.survey.pk])


IMPORTERS = [
    Importer("members", lambda ctx: reverse("members:import"), "workbook",
             lambda ctx: ["姓名", "身份证号", "学历", "职业", "入党日期", "党员类别", "所在党组织"],
             lambda ctx: ["张三", id_for(dt.date(1980, 1, 1), 11), "大学", "农牧渔民", "2010-07-01", "正式党员",
                          "东风村党支部"],
             Member.objects.count, "姓名", "最多 50 个字符", extra=lambda ctx: {},
             settings={"ZUGONG_IMPORT_INLINE_BYTES": 10**9}),
    Importer("members in the background", lambda ctx: reverse("members:import"), "workbook",
             lambda ctx: ["姓名", "身份证号", "学历", "职业", "入党日期", "党员类别", "所在党组织"],
             lambda ctx: ["张三", id_for(dt.date(1980, 1, 1), 11), "大学", "农牧渔民", "2010-07-01", "正式党员",
                          "东风村党支部"],
             Member.objects.count, "姓名", "最多 50 个字符", extra=lambda ctx: {},
             settings={"ZUGONG_IMPORT_INLINE_BYTES": 0,
                       "TASKS": {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}}),
    Importer("cadres", lambda ctx: reverse("cadres:xlsx_import"), "workbook",
             lambda ctx: ["姓名", "性别", "出生年月", "管理单位"], lambda ctx: ["李四", "男", "1980.05", "东风镇党委"],
             Cadre.objects.count, "姓名", "最多 50 个字符"),
    Importer("village economy", lambda ctx: reverse("statistics:economy_import"), "workbook",
             lambda ctx: ["村", "年度", "集体经济年纯收入（万元）"], lambda ctx: ["东风村", 2024, 12.5],
             VillageIncome.objects.count, "村", "找不到名为「"),
    Importer("surveys", _survey_url, "workbook",
             lambda ctx: ["问卷编号", "被调查单位", "调查对象",
                          *(f"第{q.number}题 {q.text}" for q in questions_of(ctx.survey))],
             lambda ctx: ["0001", "东风村党支部", "党员", *(q.options.first().label if q.options.exists() else "好"
                                                          for q in questions_of(ctx.survey))],
             Response.objects.count, "问卷编号", "问卷编号最多", extra=lambda ctx: {"must_answer": "design"},
             settings={"TASKS": {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}}),
]


# --- building workbooks by hand -----------------------------------------------------------------------------------

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '{strings}</Types>')
STRINGS_TYPE = ('<Override PartName="/xl/sharedStrings.xml" '
                'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')
ROOT_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
             'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
             'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
            '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            '<sheet name="答卷" sheetId="1" r:id="rId1"/></sheets></workbook>')
WORKBOOK_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
                 '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
                 '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>{strings}</Relationships>')
STRINGS_REL = ('<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
               'sharedStrings" Target="sharedStrings.xml"/>')
SHEET_OPEN = ('<?xml version="1.0" encoding="UTF-8"?>{doctype}<worksheet xmlns="http://schemas.openxmlformats.org/'
              'spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>')
SHEET_CLOSE = "</sheetData></worksheet>"


def cell(value, column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    if isinstance(value, int | float):
        return f'<c r="{letters}{{row}}"><v>{value}</v></c>'
    return f'<c r="{letters}{{row}}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def sheet_rows(rows: list[list]) -> str:
    return "".join(f'<row r="{n}">' + "".join(cell(v, i) for i, v in enumerate(values, 1)).replace("{row}", str(n))
                   + "</row>" for n, values in enumerate(rows, 1))


def xlsx(sheet: str | bytes, strings: str | None = None, compression=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES.format(strings=STRINGS_TYPE if strings else ""))
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.format(strings=STRINGS_REL if strings else ""))
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        if strings:
            archive.writestr("xl/sharedStrings.xml", strings)
    return out.getvalue()


def sheet_xml(rows: list[list], doctype: str = "", dimension: str = "A1:C2") -> str:
    return SHEET_OPEN.format(doctype=doctype, dimension=dimension) + sheet_rows(rows) + SHEET_CLOSE


# --- the cases: (name, builder(importer, ctx) -> bytes, the words the page must show) -----------------------------

BILLION_LAUGHS = ('<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
                  '<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]>')
EXTERNAL_ENTITY = '<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def good(importer: Importer, ctx) -> list[list]:
    return [importer.header(ctx), importer.row(ctx)]


def with_cell(importer: Importer, ctx, column: str, value) -> list[list]:
    header, row = importer.header(ctx), list(importer.row(ctx))
    row[header.index(column)] = value
    return [header, row]


def zip_of(name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(name, content)
    return out.getvalue()


def non_utf8(importer, ctx) -> bytes:
    body = sheet_xml(good(importer, ctx)).replace('encoding="UTF-8"', 'encoding="GBK"')
    return xlsx(body.encode("gbk"))


def invalid_utf8(importer, ctx) -> bytes:
    return xlsx(sheet_xml(good(importer, ctx)).encode("utf-8").replace("东风".encode(), "东风".encode("gbk")))


def zip_bomb(importer, ctx) -> bytes:
    """Rows enough to pass the row cap, each highly compressible: a few hundred KB that unpack to 100 MB."""
    row = '<row><c t="inlineStr"><is><t>x</t></is></c></row>'
    return xlsx(SHEET_OPEN.format(doctype="", dimension="A1:A2") + row * 2_100_000 + SHEET_CLOSE)


def many_columns(importer, ctx) -> bytes:
    rows = good(importer, ctx)
    body = sheet_xml(rows).replace("</row></sheetData>", '<c r="XFD2"><v>1</v></c></row></sheetData>')
    return xlsx(body)


def cells_without_positions(importer, ctx) -> bytes:
    """A row of 20,000 cells that name no column: counted while they stream, not after the row is built."""
    body = sheet_xml(good(importer, ctx)).replace("</row></sheetData>", "<c><v>1</v></c>" * 20_000 + "</row></sheetData>")
    return xlsx(body)


def huge_shared_strings(importer, ctx, monkeypatch) -> bytes:
    monkeypatch.setattr(workbooks, "MAX_STRINGS_BYTES", 1024 * 1024)
    items = "".join(f"<si><t>字符串{i}</t></si>" for i in range(100_000))
    strings = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{items}</sst>'
    return xlsx(sheet_xml(good(importer, ctx)), strings=strings)


def shared_string_over_excel_limit(importer, ctx) -> bytes:
    strings = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
               f'2006/main"><si><t>{"长" * 40_000}</t></si></sst>')
    return xlsx(sheet_xml(good(importer, ctx)), strings=strings)


CASES: list[tuple[str, Callable, str]] = [
    ("empty file", lambda i, c: b"", "文件为空"),
    ("not a zip", lambda i, c: b"PK\x03\x04 this is not a workbook at all", "文件不是 .xlsx 所用的 ZIP 格式"),
    ("a zip that is no workbook", lambda i, c: zip_of("word/document.xml", b"<w:document/>"), "其中没有工作簿"),
    ("billion laughs", lambda i, c: xlsx(sheet_xml(good(i, c), doctype=BILLION_LAUGHS)), "含有 DOCTYPE"),
    ("external entity", lambda i, c: xlsx(sheet_xml(good(i, c), doctype=EXTERNAL_ENTITY)), "含有 DOCTYPE"),
    ("non-UTF-8 encoding", non_utf8, "使用 GBK 编码"),
    ("bytes that are not UTF-8", invalid_utf8, "不是 UTF-8 编码"),
    ("a cell beyond Excel's limit", lambda i, c: xlsx(sheet_xml(with_cell(i, c, i.long_column, "长" * 40_000))),
     "超过 Excel 单元格的上限 32767 个字符"),
    ("a shared string beyond Excel's limit", shared_string_over_excel_limit, "超过 Excel 单元格的上限"),
    ("NUL in a cell", lambda i, c: xlsx(sheet_xml(with_cell(i, c, i.long_column, "张_x0000_三"))),
     "列含有空字符（NUL）"),
    ("16,384 columns", many_columns, "超过 1000 列"),
    ("a row of cells without positions", cells_without_positions, "超过 1000 列"),
    ("a zip bomb of rows", zip_bomb, "超过每次导入的上限 200000 行"),
]


@pytest.fixture
def ctx(county, department_admin, client):
    client.force_login(department_admin)
    survey = make_survey(county.county)
    make_group(survey, county.village, "members")
    county.survey = survey
    return county


def post(client, importer: Importer, ctx, content: bytes, name: str = "hostile.xlsx"):
    """The page that answers the upload (a background import's job page, once its check has run)."""
    from django.test import override_settings

    data = {importer.field: SimpleUploadedFile(name, content), **importer.extra(ctx)}
    with override_settings(**importer.settings):
        return client.post(importer.url(ctx), data, follow=True)


@pytest.mark.parametrize("importer", IMPORTERS, ids=lambda i: i.name)
@pytest.mark.parametrize(("case", "build", "message"), CASES, ids=[c[0] for c in CASES])
def test_a_hostile_or_broken_workbook_is_refused_in_chinese_and_writes_nothing(
        client, ctx, importer, case, build, message, monkeypatch):
    content = build(importer, ctx, monkeypatch) if build is huge_shared_strings else build(importer, ctx)
    before = importer.written()
    response = post(client, importer, ctx, content)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page, f"{importer.name}/{case}: the page does not say {message!r}"
    assert importer.written() == before


@pytest.mark.parametrize("importer", IMPORTERS, ids=lambda i: i.name)
def test_a_huge_shared_strings_table_is_refused(client, ctx, importer, monkeypatch):
    response = post(client, importer, ctx, huge_shared_strings(importer, ctx, monkeypatch))
    assert "共享字符串表解压后有" in response.content.decode()


@pytest.mark.parametrize("importer", IMPORTERS, ids=lambda i: i.name)
def test_an_over_long_value_is_a_row_problem_in_the_check(client, ctx, importer):
    """The dry run measures every text column against its database column: the confirmation cannot fail on it."""
    before = importer.written()
    response = post(client, importer, ctx, xlsx(sheet_xml(with_cell(importer, ctx, importer.long_column, "长" * 5000))))
    page = response.content.decode()
    assert importer.long_message in page
    assert "长" * 100 not in page  # a message quotes at most a few characters of it
    assert importer.written() == before


@pytest.mark.parametrize("importer", IMPORTERS, ids=lambda i: i.name)
def test_a_lying_dimension_reads_only_the_rows_and_columns_there_are(client, ctx, importer):
    """A sheet that declares A1:XFD1048576 around two rows is read as its two rows (the good file is checked)."""
    response = post(client, importer, ctx, xlsx(sheet_xml(good(importer, ctx), dimension="A1:XFD1048576")))
    page = response.content.decode()
    assert response.status_code == 200 and "不予读取" not in page and "无法读取" not in page
    assert "1 行" in page or "1 份" in page or "共 1" in page or "1 行没有问题" in page


def test_a_file_over_the_upload_cap_is_dropped_and_named_with_the_limit(client, ctx, settings):
    settings.ZUGONG_UPLOAD_MAX_BYTES = 64 * 1024
    for importer in IMPORTERS:
        before = importer.written()
        response = post(client, importer, ctx, b"x" * 200_000, name="大文件.xlsx")
        page = response.content.decode()
        assert "文件「大文件.xlsx」超过上传大小上限 64 KB" in page, importer.name
        assert importer.written() == before


# --- LRMX batches: each file is XML of its own --------------------------------------------------------------------

def lrmx_file(name: str = "王五", id_number: str = "") -> bytes:
    from zugong.cadres import lrmx
    from zugong.cadres.record import AppointmentForm

    return lrmx.write_lrmx(AppointmentForm(name=name, gender="男", birth=dt.date(1980, 5, 1), ethnicity="01",
                                           id_number=id_number or id_for(dt.date(1980, 5, 1), 21)))


LRMX_CASES: list[tuple[str, Callable[[], bytes], str]] = [
    ("empty file", lambda: b"", "文件为空"),
    ("not XML", lambda: b"PK\x03\x04 not xml", "不是 XML 文件"),
    ("billion laughs", lambda: lrmx_file().replace(b"<Person>", BILLION_LAUGHS.encode() + b"<Person>", 1),
     "含有 DOCTYPE"),
    ("external entity", lambda: lrmx_file().replace(b"<Person>", EXTERNAL_ENTITY.encode() + b"<Person>", 1),
     "含有 DOCTYPE"),
    ("bytes that are not UTF-8", lambda: lrmx_file().replace("王五".encode(), "王五".encode("gbk")), "不是有效的 UTF-8 编码"),
    ("NUL", lambda: lrmx_file().replace("王五".encode(), b"&#0;"), "含有不允许的字符"),
    ("an over-long name", lambda: lrmx_file(name="长" * 5000), "姓名最多 50 个字符，此处有 5000 个"),
]


def post_lrmx(client, ctx, files: list[tuple[str, bytes]], action: str):
    return client.post(reverse("cadres:lrmx_import"), {
        "organization": ctx.township.pk, "action": action, "submission_token": uuid.uuid4(),
        "files": [SimpleUploadedFile(name, content) for name, content in files]})


@pytest.mark.parametrize(("case", "build", "message"), LRMX_CASES, ids=[c[0] for c in LRMX_CASES])
def test_an_lrmx_batch_whose_second_file_is_bad_writes_nothing_and_names_the_file(client, ctx, case, build, message):
    for action in ("check", "apply"):
        response = post_lrmx(client, ctx, [("好.lrmx", lrmx_file("赵六", id_for(dt.date(1981, 1, 1), 31))),
                                           ("坏.lrmx", build())], action)
        assert response.status_code == 200
        page = response.content.decode()
        assert "坏.lrmx：" in page and message in page, f"{case}/{action}"
        assert "未导入任何文件" in page
        assert Cadre.objects.count() == 0


def test_an_lrmx_batch_lists_every_bad_file(client, ctx):
    files = [(f"{i}.lrmx", build()) for i, (_case, build, _message) in enumerate(LRMX_CASES)]
    page = post_lrmx(client, ctx, [("好.lrmx", lrmx_file()), *files], "apply").content.decode()
    assert all(f"{i}.lrmx：" in page for i in range(len(LRMX_CASES)))
    assert Cadre.objects.count() == 0
    assert "王五（好.lrmx）" in post_lrmx(client, ctx, [("好.lrmx", lrmx_file())], "apply").content.decode()
    assert Cadre.objects.count() == 1
