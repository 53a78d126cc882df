"""Read and write .lrmx files, the 干部任免审批表 as 干部管理 software exchanges it, to and from ``AppointmentForm``.

The file is XML: a ``<Person>`` root with one flat element per field of the form (``ELEMENTS``, in the file's
order) and the family rows as ``<Item>`` children of ``<JiaTingChengYuan>``. Decisions the format leaves open:

* Text: surrounding whitespace is dropped and every line end reads as CRLF, the form's line end. On write each CR
  goes out as ``&#13;``, since an XML parser turns a literal CRLF into LF; so ``read_lrmx(write_lrmx(form))``
  gives the form back (with ``version`` set to the version written).
* 简历: one ``ResumeLine.formatted()`` line per resume line. A line without a leading period continues the line
  before it and joins its text after a CRLF, so a text spanning lines survives the round trip; such a line first
  in the 简历 is an error. Blank lines are skipped.
* Dates: ``YYYYMM``; ``YYYYMMDD``, which some software writes, reads as its month. Always written as ``YYYYMM``.
* Codes: 民族, 称谓 and 政治面貌 are written as names and read from a name, an alias or the numeric code.
* Encodings: UTF-8 (with or without BOM), UTF-16 with BOM, or what the XML declaration names; the GB family
  (gb2312, gbk, cp936) decodes as GB18030, its superset, because expat itself reads no multi-byte encoding.
* Security: a DOCTYPE is refused outright (entities can be declared only there) by an expat pass before
  ElementTree builds the tree; any other parser complaint is told in Chinese. A batch of files is imported all or
  nothing (``importer.import_lrmx``).
* Version: written as ``LRMX_VERSION`` unless told otherwise; the version of a file read is kept in ``form.version``.
"""

import base64
import binascii
import codecs
import datetime as dt
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from typing import NoReturn
from xml.parsers import expat

from zugong.cadres.codes import (
    POLITICAL_STATUS_ALIASES,
    POLITICAL_STATUSES,
    RELATION_ALIASES,
    RELATIONS,
    code_for,
)
from zugong.cadres.record import (
    AppointmentForm,
    Education,
    FamilyMember,
    ResumeLine,
    format_assessments,
    parse_assessments,
    parse_resume_line,
)
from zugong.core.access import DomainError
from zugong.members.codes import ETHNICITY_CHOICES

LRMX_VERSION = "3.2.1.16"

ELEMENTS = {  # tag → the form's label (for messages), in the file's order
    "XingMing": "姓名", "XingBie": "性别", "ChuShengNianYue": "出生年月", "MinZu": "民族", "JiGuan": "籍贯",
    "ChuShengDi": "出生地", "RuDangShiJian": "入党时间", "CanJiaGongZuoShiJian": "参加工作时间",
    "JianKangZhuangKuang": "健康状况", "ZhuanYeJiShuZhiWu": "专业技术职务",
    "ShuXiZhuanYeYouHeZhuanChang": "熟悉专业有何专长",
    "QuanRiZhiJiaoYu_XueLi": "全日制教育学历", "QuanRiZhiJiaoYu_XueWei": "全日制教育学位",
    "QuanRiZhiJiaoYu_XueLi_BiYeYuanXiaoXi": "全日制教育学历毕业院校系及专业",
    "QuanRiZhiJiaoYu_XueWei_BiYeYuanXiaoXi": "全日制教育学位毕业院校系及专业",
    "ZaiZhiJiaoYu_XueLi": "在职教育学历", "ZaiZhiJiaoYu_XueWei": "在职教育学位",
    "ZaiZhiJiaoYu_XueLi_BiYeYuanXiaoXi": "在职教育学历毕业院校系及专业",
    "ZaiZhiJiaoYu_XueWei_BiYeYuanXiaoXi": "在职教育学位毕业院校系及专业",
    "XianRenZhiWu": "现任职务", "NiRenZhiWu": "拟任职务", "NiMianZhiWu": "拟免职务", "JianLi": "简历",
    "JiangChengQingKuang": "奖惩情况", "NianDuKaoHeJieGuo": "年度考核结果", "RenMianLiYou": "任免理由",
    "JiaTingChengYuan": "家庭主要成员及重要社会关系", "ChengBaoDanWei": "呈报单位",
    "JiSuanNianLingShiJian": "计算年龄时间", "TianBiaoShiJian": "填表时间", "TianBiaoRen": "填表人",
    "ShenFenZheng": "身份证号", "ZhaoPian": "照片", "Version": "版本",
}
FAMILY_ELEMENTS = {"ChengWei": "称谓", "XingMing": "姓名", "ChuShengRiQi": "出生日期",
                   "ZhengZhiMianMao": "政治面貌", "GongZuoDanWeiJiZhiWu": "工作单位及职务"}
EDUCATIONS = {"QuanRiZhiJiaoYu": "full_time_education", "ZaiZhiJiaoYu": "in_service_education"}

ETHNICITIES = dict(ETHNICITY_CHOICES)
ETHNICITY_ALIASES = {name.removesuffix("族"): code for code, name in ETHNICITY_CHOICES}  # 汉 for 汉族
CODE_TABLES = {  # element → (table, aliases, the table's name in messages)
    "MinZu": (ETHNICITIES, ETHNICITY_ALIASES, "GB 3304 民族代码表"),
    "ChengWei": (RELATIONS, RELATION_ALIASES, "GB/T 4761 家庭关系代码表"),
    "ZhengZhiMianMao": (POLITICAL_STATUSES, POLITICAL_STATUS_ALIASES, "GB/T 4762 政治面貌代码表"),
}
REQUIRED = ("XingMing", "XingBie", "ChuShengNianYue", "MinZu")
BOMS = {codecs.BOM_UTF8: "utf-8-sig", codecs.BOM_UTF16_LE: "utf-16", codecs.BOM_UTF16_BE: "utf-16"}
GB_ENCODINGS = {"gb2312", "gbk", "cp936", "gb18030", "x-gbk", "euc-cn"}
DECLARED_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
YEAR_MONTH = re.compile(r"(\d{4})(\d{2})(\d{2})?")
LINE_END = re.compile(r"\r\n|\r|\n")
PARSER_REASONS = {  # expat's wording → what the user reads
    "not well-formed (invalid token)": "含有无效字符", "mismatched tag": "开始与结束标签不匹配",
    "no element found": "内容为空或不完整", "unclosed token": "标记未闭合", "syntax error": "语法错误",
    "junk after document element": "根元素之后还有内容", "undefined entity": "使用了未定义的实体",
    "reference to invalid character number": "含有不允许的字符（如空字符 NUL）",
}


class LrmxError(DomainError):
    """A file that cannot be read as an 任免审批表; the message names the file, the element and why."""


def read_lrmx(data: bytes, filename: str = "") -> AppointmentForm:
    """The form in an .lrmx file; ``LrmxError`` names the file (``filename``), the element and what is wrong."""
    reader = _Reader(filename or "LRMX 文件")
    return reader.form(_parse(_decode(data, reader), reader))


def read_many(files: list[tuple[str, bytes]]) -> tuple[list[tuple[str, AppointmentForm]], list[str]]:
    """Each good file's form under its name, and one message per file that could not be read."""
    forms, errors = [], []
    for filename, data in files:
        try:
            forms.append((filename, read_lrmx(data, filename)))
        except LrmxError as error:
            errors.append(error.message)
    return forms, errors


def write_lrmx(form: AppointmentForm, version: str = LRMX_VERSION) -> bytes:
    """The form as an UTF-8 .lrmx file of the given version (``form.version`` is what was read, not written)."""
    values = _values(form) | {"Version": version}
    root = ET.Element("Person")
    for tag in ELEMENTS:
        element = ET.SubElement(root, tag)
        element.text = values.get(tag, "")
        if tag == "JiaTingChengYuan":
            for row, member in enumerate(form.family, start=1):
                item = ET.SubElement(element, "Item")
                for member_tag, text in _member_values(member, row).items():
                    ET.SubElement(item, member_tag).text = text
    ET.indent(root)
    # A parser reads a literal CRLF as LF; the character reference keeps the CR of the form's line ends.
    body = ET.tostring(root, encoding="unicode", short_empty_elements=False)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body.replace("\r", "&#13;") + "\n").encode()


def _values(form: AppointmentForm) -> dict[str, str]:
    values = {
        "XingMing": form.name, "XingBie": form.gender, "ChuShengNianYue": _month(form.birth),
        "MinZu": _name("MinZu", form.ethnicity, "民族"), "JiGuan": form.native_place,
        "ChuShengDi": form.birthplace, "RuDangShiJian": _month(form.party_joined),
        "CanJiaGongZuoShiJian": _month(form.work_started), "JianKangZhuangKuang": form.health,
        "ZhuanYeJiShuZhiWu": form.professional_title, "ShuXiZhuanYeYouHeZhuanChang": form.speciality,
        "XianRenZhiWu": form.current_post, "NiRenZhiWu": form.proposed_post,
        "NiMianZhiWu": form.proposed_removal, "JianLi": "\r\n".join(line.formatted() for line in form.resume),
        "JiangChengQingKuang": form.rewards_and_penalties,
        "NianDuKaoHeJieGuo": format_assessments(form.assessments), "RenMianLiYou": form.appointment_reason,
        "ChengBaoDanWei": form.reporting_unit, "JiSuanNianLingShiJian": _month(form.age_as_of),
        "TianBiaoShiJian": _month(form.filled_on), "TianBiaoRen": form.filled_by,
        "ShenFenZheng": form.id_number, "ZhaoPian": base64.b64encode(form.photo).decode("ascii"),
    }
    for prefix, attribute in EDUCATIONS.items():
        education: Education = getattr(form, attribute)
        values |= {f"{prefix}_XueLi": education.level, f"{prefix}_XueWei": education.degree,
                   f"{prefix}_XueLi_BiYeYuanXiaoXi": education.level_school,
                   f"{prefix}_XueWei_BiYeYuanXiaoXi": education.degree_school}
    return values


def _member_values(member: FamilyMember, row: int) -> dict[str, str]:
    return {
        "ChengWei": _name("ChengWei", member.relation, f"家庭成员第 {row} 行称谓"), "XingMing": member.name,
        "ChuShengRiQi": _month(member.birth),
        "ZhengZhiMianMao": _name("ZhengZhiMianMao", member.political_status, f"家庭成员第 {row} 行政治面貌"),
        "GongZuoDanWeiJiZhiWu": member.work_unit_and_post,
    }


def _month(date: dt.date | None) -> str:
    return f"{date.year:04d}{date.month:02d}" if date else ""  # %Y does not pad years before 1000


def _name(tag: str, code: str, label: str) -> str:
    """The name a code is written as; a code outside its table would give a file no system reads back."""
    table, _aliases, table_name = CODE_TABLES[tag]
    if not code and tag == "ZhengZhiMianMao":
        return ""
    if code not in table:
        raise LrmxError(f"无法写出 LRMX 文件：{label}代码“{code}”不在{table_name}中", field=tag)
    return table[code]


def _decode(data: bytes, reader: "_Reader") -> str:
    encoding = next((name for bom, name in BOMS.items() if data.startswith(bom)), None)
    if encoding is None:
        if not data.strip():
            reader.fail("文件为空")
        if not data.lstrip().startswith(b"<"):
            reader.fail("不是 XML 文件（LRMX 文件应以 <?xml 或 <Person> 开头）")
        declared = DECLARED_ENCODING.match(data)
        encoding = declared.group(1).decode("ascii").lower() if declared else "utf-8"
    try:
        return data.decode("gb18030" if encoding in GB_ENCODINGS else encoding)
    except LookupError:
        reader.fail(f"XML 声明中的编码“{encoding}”无法识别")
    except UnicodeDecodeError as error:
        line, name = data[: error.start].count(b"\n") + 1, encoding.removesuffix("-sig").upper()
        reader.fail(f"第 {line} 行的内容不是有效的 {name} 编码（请检查 XML 声明中的 encoding）")


def _parse(text: str, reader: "_Reader") -> ET.Element:
    def refuse_doctype(*_args: object) -> NoReturn:  # entities can be declared only in a DOCTYPE
        reader.fail("含有 DOCTYPE（文档类型或实体声明），为安全起见不予读取")

    guard = expat.ParserCreate()  # a first pass, so that ElementTree never sees a DOCTYPE
    guard.StartDoctypeDeclHandler = refuse_doctype
    try:
        guard.Parse(text, True)
    except expat.ExpatError as error:
        reason = expat.ErrorString(error.code)
        reader.fail(f"不是格式正确的 XML（第 {error.lineno} 行第 {error.offset + 1} 列："
                    f"{PARSER_REASONS.get(reason, '格式错误')}）")
    root = ET.fromstring(text)
    if root.tag != "Person":
        reader.fail(f"根元素应为 Person，实为 {root.tag}")
    return root


def _clean(text: str | None) -> str:
    return LINE_END.sub("\r\n", (text or "").strip())


class _Reader:
    """Turns a parsed file into a form; every refusal names the file and the element."""

    def __init__(self, where: str):
        self.where = where

    def fail(self, message: str, tag: str | None = None) -> NoReturn:
        raise LrmxError(f"{self.where}：{message}", field=tag)

    def form(self, root: ET.Element) -> AppointmentForm:
        text = {tag: _clean(root.findtext(tag)) for tag in ELEMENTS if tag != "JiaTingChengYuan"}
        for tag in REQUIRED:
            if not text[tag]:
                self.fail(f"{ELEMENTS[tag]}（{tag}）缺失或为空", tag)
        if text["XingBie"] not in ("男", "女"):
            self.fail(f"性别（XingBie）“{text['XingBie']}”应为“男”或“女”", "XingBie")
        month = {tag: self.month(text[tag], f"{ELEMENTS[tag]}（{tag}）", tag) for tag in
                 ("ChuShengNianYue", "RuDangShiJian", "CanJiaGongZuoShiJian", "JiSuanNianLingShiJian",
                  "TianBiaoShiJian")}
        educations = {attribute: Education(text[f"{prefix}_XueLi"], text[f"{prefix}_XueWei"],
                                           text[f"{prefix}_XueLi_BiYeYuanXiaoXi"],
                                           text[f"{prefix}_XueWei_BiYeYuanXiaoXi"])
                      for prefix, attribute in EDUCATIONS.items()}
        return AppointmentForm(
            name=text["XingMing"], gender=text["XingBie"], birth=month["ChuShengNianYue"],
            ethnicity=self.code("MinZu", text["MinZu"], "民族（MinZu）"), native_place=text["JiGuan"],
            birthplace=text["ChuShengDi"], party_joined=month["RuDangShiJian"],
            work_started=month["CanJiaGongZuoShiJian"], health=text["JianKangZhuangKuang"],
            professional_title=text["ZhuanYeJiShuZhiWu"], speciality=text["ShuXiZhuanYeYouHeZhuanChang"],
            **educations, current_post=text["XianRenZhiWu"], proposed_post=text["NiRenZhiWu"],
            proposed_removal=text["NiMianZhiWu"], resume=self.resume(text["JianLi"]),
            rewards_and_penalties=text["JiangChengQingKuang"],
            assessments=parse_assessments(text["NianDuKaoHeJieGuo"]), appointment_reason=text["RenMianLiYou"],
            family=self.family(root.find("JiaTingChengYuan")), reporting_unit=text["ChengBaoDanWei"],
            age_as_of=month["JiSuanNianLingShiJian"], filled_on=month["TianBiaoShiJian"],
            filled_by=text["TianBiaoRen"], id_number=text["ShenFenZheng"], photo=self.photo(text["ZhaoPian"]),
            version=text["Version"],
        )

    def month(self, value: str, described: str, tag: str) -> dt.date | None:
        if not value:
            return None
        match = YEAR_MONTH.fullmatch(value)
        try:
            if match is None:
                raise ValueError(value)
            year, month, day = match.groups()
            dt.date(int(year), int(month), int(day or 1))
            return dt.date(int(year), int(month), 1)
        except ValueError:
            self.fail(f"{described}“{value}”不是有效的年月（应为 YYYYMM，如 198005）", tag)

    def code(self, tag: str, value: str, described: str) -> str:
        table, aliases, table_name = CODE_TABLES[tag]
        code = code_for(table, aliases, value.zfill(2) if value.isdigit() else value)
        if code is None:
            self.fail(f"{described}“{value}”不在{table_name}中", tag)
        return code

    def resume(self, text: str) -> list[ResumeLine]:
        lines: list[ResumeLine] = []
        for number, line in enumerate((line.strip() for line in text.split("\r\n")), start=1):
            if not line:
                continue
            try:
                parsed = parse_resume_line(line)
            except ValueError:
                self.fail(f"简历（JianLi）第 {number} 行“{line}”的年月无效", "JianLi")
            if parsed:
                lines.append(parsed)
            elif lines:
                lines[-1] = replace(lines[-1], text=f"{lines[-1].text}\r\n{line}")
            else:
                self.fail(f"简历（JianLi）第 {number} 行“{line}”不以起止年月开头"
                          f"（应如“1998.09--2002.07  某某大学学生”）", "JianLi")
        return lines

    def family(self, element: ET.Element | None) -> list[FamilyMember]:
        members = []
        for row, item in enumerate(element.findall("Item") if element is not None else [], start=1):
            text = {tag: _clean(item.findtext(tag)) for tag in FAMILY_ELEMENTS}
            if not any(text.values()):
                continue  # the blank rows some templates carry
            described = {tag: f"家庭成员第 {row} 行{label}（{tag}）" for tag, label in FAMILY_ELEMENTS.items()}
            if not text["ChengWei"]:
                self.fail(f"{described['ChengWei']}缺失或为空", "ChengWei")
            political = text["ZhengZhiMianMao"]
            members.append(FamilyMember(
                relation=self.code("ChengWei", text["ChengWei"], described["ChengWei"]),
                name=text["XingMing"],
                birth=self.month(text["ChuShengRiQi"], described["ChuShengRiQi"], "ChuShengRiQi"),
                political_status=political and self.code("ZhengZhiMianMao", political,
                                                         described["ZhengZhiMianMao"]),
                work_unit_and_post=text["GongZuoDanWeiJiZhiWu"],
            ))
        return members

    def photo(self, text: str) -> bytes:
        try:
            return base64.b64decode("".join(text.split()), validate=True)
        except (binascii.Error, ValueError):
            self.fail("照片（ZhaoPian）不是有效的 Base64 编码", "ZhaoPian")
