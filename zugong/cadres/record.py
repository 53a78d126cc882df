"""The 干部任免审批表 (cadre appointment form) as plain data, independent of storage.

An .lrmx file reads into an ``AppointmentForm`` and is written from one; the printed form (.docx, PDF) is laid
out from one; the ``Cadre`` model fills one from its records and is updated from one. Year-month fields are
``dt.date`` on the first of the month (the form and the file know only the month).
"""

import datetime as dt
import re
from dataclasses import dataclass, field

from django.utils import timezone

from zugong.cadres.codes import GRADE_NAMES, Grade


@dataclass(frozen=True)
class Education:
    """One of the form's two education rows (全日制教育, 在职教育)."""

    level: str = ""  # 学历, as written: 大学, 研究生, 中专 …
    degree: str = ""  # 学位: 学士, 硕士 …
    level_school: str = ""  # 毕业院校系及专业 (of the 学历)
    degree_school: str = ""  # 毕业院校系及专业 (of the 学位)


@dataclass(frozen=True)
class ResumeLine:
    """One line of the 简历: from a month to a month (``end`` None: to date), what the person did."""

    start: dt.date
    end: dt.date | None
    text: str

    def formatted(self) -> str:
        """The line as forms print it: ``1998.09--2002.07  某某大学中文系学生`` (an open end leaves blanks)."""
        end = f"{self.end:%Y.%m}" if self.end else " " * 7
        return f"{self.start:%Y.%m}--{end}  {self.text}"


RESUME_LINE = re.compile(r"^\s*(\d{4})\.(\d{1,2})\s*[-—－~～]{1,2}\s*(?:(\d{4})\.(\d{1,2}))?\s*(.*)$")


def parse_resume_line(line: str) -> ResumeLine | None:
    """A resume line in the forms' usual shape, or None when the line has no leading period (a continuation)."""
    match = RESUME_LINE.match(line)
    if not match:
        return None
    start_year, start_month, end_year, end_month, text = match.groups()
    start = dt.date(int(start_year), int(start_month), 1)
    end = dt.date(int(end_year), int(end_month), 1) if end_year else None
    return ResumeLine(start, end, text.strip())


@dataclass(frozen=True)
class FamilyMember:
    """A row of 家庭主要成员及重要社会关系."""

    relation: str  # GB/T 4761 code (``codes.RELATIONS``)
    name: str
    birth: dt.date | None  # year-month; None for the deceased, as forms leave it blank
    political_status: str  # GB/T 4762 code (``codes.POLITICAL_STATUSES``)
    work_unit_and_post: str


@dataclass(frozen=True)
class AssessmentResult:
    year: int
    grade: Grade


ASSESSMENT = re.compile(r"(\d{4})\s*年度?[^0-9优称基不]*?(基本称职|不称职|优秀|称职)")


def format_assessments(results: list[AssessmentResult]) -> str:
    """The form's 年度考核结果 line: ``2023年度称职；2024年度优秀；2025年度优秀``."""
    return "；".join(f"{r.year}年度{GRADE_NAMES[r.grade]}" for r in sorted(results, key=lambda r: r.year))


def parse_assessments(text: str) -> list[AssessmentResult]:
    """Every ``<year>年度 … <grade>`` found in the text, in the form's order (other wording between is allowed)."""
    by_name = {name: grade for grade, name in GRADE_NAMES.items()}
    return [AssessmentResult(int(year), by_name[name]) for year, name in ASSESSMENT.findall(text)]


def age_on(birth: dt.date, on: dt.date) -> int:
    """Whole years at a day, counted by month as the form counts (born 1975.03: 51 from 2026.03)."""
    return on.year - birth.year - (1 if on.month < birth.month else 0)


@dataclass(frozen=True)
class AppointmentForm:
    """Every field of the 干部任免审批表, in the order of the LRMX file."""

    name: str
    gender: str  # 男 / 女
    birth: dt.date | None
    ethnicity: str  # GB 3304 code
    native_place: str = ""  # 籍贯
    birthplace: str = ""  # 出生地
    party_joined: dt.date | None = None  # 入党时间
    work_started: dt.date | None = None  # 参加工作时间
    health: str = ""  # 健康状况
    professional_title: str = ""  # 专业技术职务
    speciality: str = ""  # 熟悉专业有何专长
    full_time_education: Education = field(default_factory=Education)
    in_service_education: Education = field(default_factory=Education)
    current_post: str = ""  # 现任职务
    proposed_post: str = ""  # 拟任职务
    proposed_removal: str = ""  # 拟免职务
    resume: list[ResumeLine] = field(default_factory=list)  # 简历
    rewards_and_penalties: str = ""  # 奖惩情况
    assessments: list[AssessmentResult] = field(default_factory=list)  # 年度考核结果 (the last three)
    appointment_reason: str = ""  # 任免理由
    family: list[FamilyMember] = field(default_factory=list)
    reporting_unit: str = ""  # 呈报单位
    age_as_of: dt.date | None = None  # 计算年龄时间
    filled_on: dt.date | None = None  # 填表时间
    filled_by: str = ""  # 填表人
    id_number: str = ""  # 身份证号
    photo: bytes = b""  # JPEG
    version: str = ""  # the LRMX version of the file read, or the one written

    def age(self) -> int | None:
        """Age in whole years at the form's 计算年龄时间 (today's month when unset), counted by month as forms do."""
        if self.birth is None:
            return None
        return age_on(self.birth, self.age_as_of or timezone.localdate())
