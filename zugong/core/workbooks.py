"""Reading uploaded workbooks safely (工作簿读取): every importer reads its .xlsx through ``open_sheet``.

An uploaded workbook is a zip of XML parts written by whoever sent it. Before anything is parsed the zip's
directory is read: a file that is not a zip, a zip that is no workbook, encrypted parts, or parts whose
uncompressed size exceeds ``ZUGONG_IMPORT_MAX_UNCOMPRESSED_BYTES`` are refused. Every XML part's prolog is read
first: a DOCTYPE (the only place entities can be declared: billion laughs, external entities) or an encoding
other than UTF-8/UTF-16 is refused. The sheet's rows are counted from its bytes (``<row`` elements — the
``<dimension>`` the sheet declares can lie) and refused past ``ZUGONG_IMPORT_MAX_ROWS``; then the rows are
streamed with lxml, one row in memory at a time, each bounded while it is read: at most ``MAX_COLUMNS`` columns,
``MAX_ELEMENTS_PER_ROW`` elements and ``MAX_CELL_CHARS`` characters a cell (Excel's own limit), no NUL.
The shared-strings table is read the same way (count and length bounded) instead of openpyxl's reader, and
openpyxl is used only for the small parts (content types, workbook, styles for dates) and for turning a cell
element into its value, so that dates and numbers read exactly as they always did.

Every refusal is a ``WorkbookError`` (a ``DomainError`` on the field ``workbook``) in Chinese, naming the part,
row and column where it can. Limits are settings (config/settings.py, README); see
docs/decisions/0008-uploads-and-import-jobs.md.
"""

import re
import zipfile
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import NoReturn
from xml.parsers import expat

from django.conf import settings
from lxml import etree
from openpyxl.packaging.manifest import Manifest
from openpyxl.reader.excel import _find_workbook_part
from openpyxl.reader.workbook import WorkbookParser
from openpyxl.styles.stylesheet import Stylesheet
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.xml.constants import ARC_CONTENT_TYPES, ARC_STYLE, SHARED_STRINGS, SHEET_MAIN_NS
from openpyxl.xml.functions import fromstring

from zugong.core.access import DomainError
from zugong.core.downloads import from_text

MAX_COLUMNS = 1000  # no importer reads more; a row past it is refused, whatever its <dimension> says
MAX_ELEMENTS_PER_ROW = MAX_COLUMNS * 8  # a cell is a few elements (c, v, is, t, r …)
MAX_CELL_CHARS = 32_767  # Excel's own limit for a cell
MAX_PART_BYTES = 16 * 1024 * 1024  # parts read whole (content types, workbook, styles, relationships)
MAX_PARTS = 10_000
# The shared strings are held in memory (≈ 3 × their XML at worst) and cost per entry: bounded apart. A register of
# 200,000 rows written by Excel (names, ID numbers, addresses, phones as strings) needs about 30 MB.
MAX_STRINGS_BYTES = 48 * 1024 * 1024
MAX_STRINGS_PER_ROW = 8  # entries allowed per data row the import may have
PROLOG_BYTES = 1024 * 1024  # the root element must start within this many bytes
CHUNK = 1024 * 1024

_NS = f"{{{SHEET_MAIN_NS}}}"
ROW, CELL, SHEET_DATA, SHARED_ITEM = _NS + "row", _NS + "c", _NS + "sheetData", _NS + "si"
TEXT, RUN, PHONETIC = _NS + "t", _NS + "r", _NS + "rPh"
ROW_START = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,31}:)?row[\s/>]")  # at most 38 bytes long
ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")  # OOXML writes control characters as _xHHHH_


class WorkbookError(DomainError):
    """A workbook that cannot be read safely; the message says where and why, in Chinese."""

    def __init__(self, message: str):
        super().__init__(message, field="workbook")


def _refuse(message: str) -> NoReturn:
    raise WorkbookError(message)


def megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KB"


def shown(value, limit: int = 20) -> str:
    """A cell's text as quoted in a message: never thousands of characters."""
    text = str(value)
    return text if len(text) <= limit else f"{text[:limit]}…（共 {len(text)} 个字符）"


@dataclass
class Sheet:
    """One worksheet being read: its header (row 1), its data-row count, and its data rows as they stream."""

    title: str
    header: list[str]
    rows_total: int
    _rows: Iterator[tuple[int, tuple]]

    def rows(self) -> Iterator[tuple[int, tuple]]:
        """(row number, values) for each row after the header; values stop at the row's last cell."""
        return self._rows


@contextmanager
def open_sheet(source, sheet_name: str | None = None) -> Iterator[Sheet]:
    """The sheet named ``sheet_name`` (or the first) of the workbook at ``source`` (a path or an open file)."""
    archive = _open_zip(source)
    try:
        book = _Book(archive)
        yield book.sheet(sheet_name)
    finally:
        archive.close()


def _open_zip(source) -> zipfile.ZipFile:
    size = _size(source)
    if size == 0:
        _refuse("文件为空")
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        _refuse("不是 Excel 工作簿（.xlsx）：文件不是 .xlsx 所用的 ZIP 格式。"
                "旧版 .xls、加密的工作簿或改了扩展名的文件请先在 Excel/WPS 中另存为 .xlsx")
    try:
        _check_directory(archive)
    except BaseException:
        archive.close()
        raise
    return archive


def _size(source) -> int | None:
    if hasattr(source, "size"):
        return source.size
    if hasattr(source, "seek") and hasattr(source, "tell"):
        position = source.tell()
        end = source.seek(0, 2)
        source.seek(position)
        return end
    try:
        return source.stat().st_size if hasattr(source, "stat") else None
    except OSError:
        return None


def _check_directory(archive: zipfile.ZipFile) -> None:
    """What the zip's central directory says, before any part is decompressed (zipfile never yields more than
    an entry's declared size, so the declared sizes bound what is read)."""
    entries = archive.infolist()
    if len(entries) > MAX_PARTS:
        _refuse(f"不是正常的 Excel 工作簿：压缩包内有 {len(entries)} 个文件")
    names = {entry.filename for entry in entries}
    if ARC_CONTENT_TYPES not in names or not any(name.startswith("xl/") for name in names):
        _refuse("不是 Excel 工作簿（.xlsx）：这是一个 ZIP 压缩包，但其中没有工作簿（可能是 Word 文档或其他压缩文件）")
    if any(entry.flag_bits & 0x1 for entry in entries):
        _refuse("工作簿已加密，无法读取；请取消密码后另存为 .xlsx")
    total = sum(entry.file_size for entry in entries)
    cap = settings.ZUGONG_IMPORT_MAX_UNCOMPRESSED_BYTES
    if total > cap:
        _refuse(f"工作簿解压后有 {megabytes(total)}，超过上限 {megabytes(cap)}（可能是异常文件）；"
                f"请删除多余的工作表、图片和格式，或拆分后分批导入")


class _Book:
    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        for entry in archive.infolist():
            if entry.filename.endswith((".xml", ".rels")):
                _check_prolog(archive, entry)
        try:
            manifest = Manifest.from_tree(fromstring(self._small(ARC_CONTENT_TYPES)))
            workbook_part = _find_workbook_part(manifest)
            if workbook_part is None:
                _refuse("不是 Excel 工作簿（.xlsx）：压缩包中没有工作簿")
            parser = WorkbookParser(archive, workbook_part.PartName[1:], keep_links=False)
            self._small(workbook_part.PartName[1:])
            parser.parse()
            self.sheets = [(sheet.name, rel.target) for sheet, rel in parser.find_sheets()
                           if "worksheet" in (rel.Type or "")]
            self.epoch = parser.wb.epoch
            self.date_formats, self.timedelta_formats = self._styles()
            strings = manifest.find(SHARED_STRINGS)
        except WorkbookError:
            raise
        except Exception as error:  # any other fault in the workbook's own description of itself
            raise WorkbookError("无法读取该工作簿：工作簿的结构不完整或已损坏；请在 Excel/WPS 中打开后另存为 .xlsx") from error
        self.shared_strings = self._shared_strings(strings.PartName[1:]) if strings is not None else []

    def _small(self, name: str) -> bytes:
        try:
            info = self.archive.getinfo(name)
        except KeyError:
            _refuse(f"工作簿缺少 {name}，已损坏")
        if info.file_size > MAX_PART_BYTES:
            _refuse(f"工作簿中的 {name} 有 {megabytes(info.file_size)}，超过 {megabytes(MAX_PART_BYTES)}（可能是异常文件）")
        return self.archive.read(name)

    def _styles(self) -> tuple[set, set]:
        if ARC_STYLE not in self.archive.namelist():
            return set(), set()
        stylesheet = Stylesheet.from_tree(fromstring(self._small(ARC_STYLE)))
        return stylesheet.date_formats, stylesheet.timedelta_formats

    def _shared_strings(self, name: str) -> list[str]:
        """The workbook's table of strings, read like a sheet: one entry in memory at a time, each bounded."""
        if name not in self.archive.namelist():
            _refuse(f"工作簿缺少 {name}，已损坏")
        info = self.archive.getinfo(name)
        if info.file_size > MAX_STRINGS_BYTES:
            _refuse(f"工作簿的共享字符串表解压后有 {megabytes(info.file_size)}，超过上限 {megabytes(MAX_STRINGS_BYTES)}；"
                    "请拆分后分批导入")
        strings: list[str] = []
        elements = 0
        for element in _stream(self.archive, name, "共享字符串表"):
            elements += 1
            if element.tag == SHARED_ITEM:
                text = _unescape("".join(_string_parts(element)))
                if len(text) > MAX_CELL_CHARS:
                    _refuse(f"工作簿的共享字符串表第 {len(strings) + 1} 项有 {len(text)} 个字符，"
                            f"超过 Excel 单元格的上限 {MAX_CELL_CHARS} 个字符")
                strings.append(text)
                _forget(element)
                elements = 0
                if len(strings) > settings.ZUGONG_IMPORT_MAX_ROWS * MAX_STRINGS_PER_ROW:
                    _refuse(f"工作簿的共享字符串表超过 {settings.ZUGONG_IMPORT_MAX_ROWS * MAX_STRINGS_PER_ROW} 项，"
                            "超出每次导入的行数上限所需；请拆分后分批导入")
            elif elements > MAX_ELEMENTS_PER_ROW:
                _refuse(f"工作簿的共享字符串表第 {len(strings) + 1} 项格式异常（元素过多），不予读取")
        return strings

    def sheet(self, sheet_name: str | None) -> Sheet:
        if not self.sheets:
            _refuse("工作簿中没有工作表")
        found = [(title, target) for title, target in self.sheets if title == sheet_name] or self.sheets[:1]
        title, target = found[0]
        if target not in self.archive.namelist():
            _refuse(f"工作表「{title}」缺少其内容（{target}），工作簿已损坏")
        rows_total = max(_count_rows(self.archive, target, title) - 1, 0)
        cap = settings.ZUGONG_IMPORT_MAX_ROWS
        if rows_total > cap:
            _refuse(f"工作表「{title}」有 {rows_total} 行数据，超过每次导入的上限 {cap} 行；请拆分后分批导入")
        reader = _SheetRows(self, target, title)
        header_row = next(reader, None)
        header = ["" if v is None else str(v).strip() for v in (header_row[1] if header_row else ())]
        return Sheet(title, header, rows_total, reader)


def _check_prolog(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> None:
    """Read a part up to its root element: a DOCTYPE or an encoding other than UTF-8/16 is refused."""

    class RootReached(Exception):
        pass

    def refuse_doctype(*_args) -> NoReturn:
        _refuse(f"工作簿中的 {entry.filename} 含有 DOCTYPE（文档类型或实体声明），为安全起见不予读取")

    def check_encoding(_version, encoding, _standalone) -> None:
        if encoding and encoding.lower().replace("_", "-") not in ("utf-8", "utf8", "utf-16", "utf16"):
            _refuse(f"工作簿中的 {entry.filename} 使用 {shown(encoding)} 编码，.xlsx 只能是 UTF-8 或 UTF-16 编码；"
                    "请在 Excel/WPS 中打开后另存为 .xlsx")

    def reached(*_args) -> NoReturn:
        raise RootReached

    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = refuse_doctype
    parser.XmlDeclHandler = check_encoding
    parser.StartElementHandler = reached
    read = 0
    with archive.open(entry) as part:
        try:
            while read < PROLOG_BYTES:
                chunk = part.read(64 * 1024)
                read += len(chunk)
                parser.Parse(chunk, not chunk)
                if not chunk:
                    break
        except RootReached:
            return
        except expat.ExpatError as error:
            _refuse(_xml_problem(entry.filename, expat.ErrorString(error.code), error.lineno, error.offset + 1))
        except (zipfile.BadZipFile, OSError, EOFError, ValueError):
            _refuse(f"工作簿中的 {entry.filename} 已损坏，无法解压")
    _refuse(f"工作簿中的 {entry.filename} 不是格式正确的 XML（没有根元素）")


def _xml_problem(part: str, reason: str, line: int | None, column: int | None) -> str:
    lowered = reason.lower()
    if "utf-8" in lowered or "encoding" in lowered or "invalid token" in lowered or "invalid character" in lowered:
        why = "含有不是 UTF-8 编码的字符或无效字符"
    elif "huge" in lowered or "too long" in lowered or "limit" in lowered:
        why = "内容过长（单元格文字过长或异常文件）"
    elif "entity" in lowered:
        why = "使用了未定义的实体"
    elif "depth" in lowered:
        why = "嵌套层次过深（异常文件）"
    else:
        why = "格式错误"
    where = f"（第 {line} 行第 {column} 列）" if line else ""
    return f"工作簿中的 {part} 不是格式正确的 XML{where}：{why}；请在 Excel/WPS 中打开后另存为 .xlsx"


def _stream(archive: zipfile.ZipFile, name: str, what: str) -> Generator:
    """End events of the part ``name``, with libxml2's limits on (no entities, no network, 10 MB per text)."""
    with archive.open(name) as part:
        events = etree.iterparse(part, events=("end",), resolve_entities=False, no_network=True, load_dtd=False,
                                 huge_tree=False, remove_comments=True, remove_pis=True)
        try:
            for _event, element in events:
                yield element
        except etree.XMLSyntaxError as error:
            line, column = error.position if error.position else (None, None)
            raise WorkbookError(_xml_problem(f"{name}（{what}）", error.msg or "", line, column)) from error
        except (zipfile.BadZipFile, OSError, EOFError) as error:
            raise WorkbookError(f"工作簿中的 {name}（{what}）已损坏，无法解压") from error


def _forget(element) -> None:
    """Drop an element once read, and its already-read siblings, so memory holds one row at a time."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def _string_parts(item) -> Iterator[str]:
    for child in item:
        if child.tag == TEXT:
            yield child.text or ""
        elif child.tag == RUN:
            for text in child.iter(TEXT):
                yield text.text or ""


def _unescape(text: str) -> str:
    return ESCAPED.sub(lambda match: chr(int(match.group(1), 16)), text) if "_x" in text else text


def _count_rows(archive: zipfile.ZipFile, name: str, title: str) -> int:
    """How many row elements the sheet has, counted from its bytes (its declared dimension can lie)."""
    count, buffer = 0, b""
    try:
        with archive.open(name) as part:
            while chunk := part.read(CHUNK):
                buffer += chunk
                complete = max(len(buffer) - 64, 0)  # a tag starting before this ends inside the buffer
                count += len(ROW_START.findall(buffer)) - len(ROW_START.findall(buffer, complete))
                buffer = buffer[complete:]
            count += len(ROW_START.findall(buffer))
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise WorkbookError(f"工作表「{title}」已损坏，无法解压") from error
    return count


class _SheetRows:
    """The rows of one sheet as (row number, values), each row bounded while it is read."""

    def __init__(self, book: _Book, name: str, title: str):
        self.title = title
        self.header: list[str] | None = None
        self.cells = WorkSheetParser(None, book.shared_strings, data_only=True, epoch=book.epoch,
                                     date_formats=book.date_formats, timedelta_formats=book.timedelta_formats)
        self.events = _stream(book.archive, name, f"工作表「{title}」")

    def __iter__(self):
        return self

    def __next__(self) -> tuple[int, tuple]:
        elements = 0
        for element in self.events:
            tag = element.tag
            if tag == ROW:
                return self._row(element)
            if tag == SHEET_DATA:
                break
            elements += 1
            if elements > MAX_ELEMENTS_PER_ROW:
                _refuse(f"工作表「{self.title}」第 {self.cells.row_counter + 1} 行的单元格超过 {MAX_COLUMNS} 列"
                        "（或格式异常），不予读取")
            if tag in (_NS + "v", TEXT, _NS + "f") and element.text and len(element.text) > MAX_CELL_CHARS:
                _refuse(f"工作表「{self.title}」第 {self.cells.row_counter + 1} 行有单元格的内容有 {len(element.text)} "
                        f"个字符，超过 Excel 单元格的上限 {MAX_CELL_CHARS} 个字符")
        self.events.close()
        raise StopIteration

    def _row(self, element) -> tuple[int, tuple]:
        try:
            number, cells = self.cells.parse_row(element)
        except (ValueError, IndexError, KeyError, TypeError, OverflowError) as error:
            _refuse(f"工作表「{self.title}」第 {self.cells.row_counter} 行无法读取（单元格格式异常）")
            raise AssertionError from error  # not reached
        _forget(element)
        width = max((cell["column"] for cell in cells), default=0)
        if width > MAX_COLUMNS:
            _refuse(f"工作表「{self.title}」第 {number} 行有第 {get_column_letter(min(width, 16384))} 列的单元格，"
                    f"超过 {MAX_COLUMNS} 列，不予读取")
        values: list = [None] * width
        for cell in cells:
            values[cell["column"] - 1] = self._value(cell, number)
        if self.header is None:
            self.header = ["" if v is None else str(v).strip() for v in values]
        return number, tuple(values)

    def _value(self, cell: dict, number: int):
        value = cell["value"]
        if not isinstance(value, str):
            return value
        value = _unescape(value)
        if len(value) > MAX_CELL_CHARS:
            _refuse(f"{self._where(number, cell['column'])}有 {len(value)} 个字符，超过 Excel 单元格的上限 "
                    f"{MAX_CELL_CHARS} 个字符")
        if "\x00" in value:
            _refuse(f"{self._where(number, cell['column'])}含有空字符（NUL），不能导入；请删除该字符后重新上传")
        # An export put an apostrophe before a leading = + - @ so Excel shows it as text; the import takes it off.
        return from_text(value)

    def _where(self, number: int, column: int) -> str:
        header = self.header or []
        title = header[column - 1] if column - 1 < len(header) else ""
        named = f"「{shown(title)}」列" if title else f"第 {get_column_letter(column)} 列"
        return f"工作表「{self.title}」第 {number} 行{named}"
