"""Paper questionnaires from .xlsx (纸质问卷导入): one row per questionnaire, a check that reports every bad
row at once (summarised by kind of problem), then all rows or none — run in the background (``import_tasks``).
The workbook is read once: the check keeps the rows that passed as a ``Plan``, which the apply checks again
against the design as it is then and writes.

The department chooses which questions a file must answer (``required``; by default the design's 必答题), so a
file that answers only the four main indicators can be imported.

Columns: 问卷编号, 被调查单位, 调查对象, then ``第N题 …`` per question (matched by the number, so a shortened
heading still fits); other columns (the export's 提交日期, 方式) are read past. A cell holds the option's label,
labels separated by 、 for a multiple choice, or the text. Every imported row becomes a ``Response`` and a
``PaperSheet`` (status 已入库) so its 问卷编号 cannot be imported or typed again.
"""

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from zugong.core.access import DomainError, path_in_scope
from zugong.core.audit import record_event
from zugong.core.models import AuditEvent
from zugong.core.workbooks import open_sheet, shown
from zugong.members.importer import RollBack, RowError, index_by_name
from zugong.organizations.models import Organization
from zugong.surveys import services
from zugong.surveys.models import PaperSheet, Question, RespondentGroup, Response, Survey

NUMBER, ORGANIZATION, KIND = "问卷编号", "被调查单位", "调查对象"
REQUIRED = [NUMBER, ORGANIZATION, KIND]
QUESTION_HEADER = re.compile(r"^第\s*(\d{1,4})\s*题")
LABEL_SEPARATORS = re.compile(r"[、，,；;]")
KIND_BY_LABEL = {str(label): value for value, label in RespondentGroup.Kind.choices}
NUMBER_MAX = PaperSheet._meta.get_field("number").max_length
DATA_SHEET = "答卷"


def question_header(question: Question) -> str:
    return f"第{question.number}题 {question.text}"


def cell_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a 问卷编号 typed as a number comes back as 1001.0
    return "" if value is None else str(value).strip()


QUOTED = re.compile(r"「[^」]*」")
DIGITS = re.compile(r"\d+")
UNANSWERED = "必答题未作答"
FIRST_ROWS = 5  # rows named per kind of problem on the page; all of them are in the .xlsx
CHUNK = 1000  # rows between two progress reports, and written per statement when applying


def kind_of(message: str) -> str:
    """Problems of one kind differ only in the values they quote and the numbers they name."""
    return DIGITS.sub("N", QUOTED.sub("「…」", message))


@dataclass
class ProblemKind:
    """One kind of problem on the page: how often, in which columns, first at which rows, with an example."""

    example: str
    count: int = 0
    messages: int = 0  # how many different messages of this kind (the example is one of them)
    columns: list[str] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)


@dataclass
class SheetImportReport:
    """What a check found: rows, how many would be imported (per respondent group), and the problems — kept
    grouped by (column, message) with their rows, so 244,440 「必答题未作答」 are a few lines, not a page each."""

    rows: int = 0
    good: int = 0
    by_group: dict[str, int] = field(default_factory=dict)
    problems: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    applied: bool = False

    def add(self, row: int, column: str, message: str) -> None:
        self.problems.setdefault((column, message), []).append(row)

    @property
    def count(self) -> int:
        return sum(len(rows) for rows in self.problems.values())

    @property
    def errors(self) -> list[RowError]:
        """Every problem, by row (within a row, in the order found)."""
        found = [(row, order, column, message) for order, ((column, message), rows) in enumerate(self.problems.items())
                 for row in rows]
        return [RowError(row, column, message) for row, _order, column, message in sorted(found)]

    def kinds(self) -> list[ProblemKind]:
        """The problems summarised by kind, the most frequent first."""
        kinds: dict[str, ProblemKind] = {}
        for (column, message), rows in self.problems.items():
            kind = kinds.setdefault(kind_of(message), ProblemKind(message))
            kind.count += len(rows)
            kind.messages += 1
            if column not in kind.columns:
                kind.columns.append(column)
            kind.rows = sorted(set(kind.rows) | set(rows[:FIRST_ROWS]))[:FIRST_ROWS]
        return sorted(kinds.values(), key=lambda k: -k.count)

    @property
    def unanswered(self) -> bool:
        """Whether some questionnaires left a question blank that this import requires."""
        return any(message == UNANSWERED for _column, message in self.problems)

    def to_json(self) -> dict:
        return {"rows": self.rows, "good": self.good, "by_group": self.by_group, "applied": self.applied,
                "problems": [[column, message, rows] for (column, message), rows in self.problems.items()]}

    @classmethod
    def from_json(cls, data: dict) -> "SheetImportReport":
        return cls(rows=data.get("rows", 0), good=data.get("good", 0), by_group=data.get("by_group", {}),
                   applied=data.get("applied", False),
                   problems={(column, message): rows for column, message, rows in data.get("problems", [])})


@dataclass
class PlannedSheet:
    number: str
    group: RespondentGroup
    answers: list[services.AnswerData]
    raw: dict[int, object]


@dataclass
class Plan:
    """The checked rows, to apply without reading the workbook again: the question ids they were checked
    against, and per row its number, group and answers in question order."""

    questions: list[int]
    rows: list[list]

    def to_json(self) -> dict:
        return {"questions": self.questions, "rows": self.rows}

    @classmethod
    def from_json(cls, data: dict) -> "Plan":
        return cls(data["questions"], data["rows"])


class SheetImporter:
    """Check a workbook once (every row, every problem), keep what passed as a ``Plan``; apply the plan."""

    def __init__(self, actor, survey: Survey, required: Collection[int] | None = None):
        self.actor = actor
        self.survey = survey
        self.questions = services.questions_of(survey)
        self.required = set(q.pk for q in self.questions if q.required) if required is None else set(required)
        self.groups = {(g.organization_id, g.kind): g for g in survey.groups.select_related("organization")}
        self.organizations: dict[str, list] = {}  # every organization by name, read when a file is checked

    def must_answer(self, question: Question) -> bool:
        return question.pk in self.required

    def _open(self) -> None:
        if self.survey.status != Survey.Status.OPEN:
            raise DomainError("本调查未开始或已结束，不能导入", field="workbook")

    def check(self, path, progress: Callable[[int, int], None] | None = None) -> tuple[SheetImportReport, Plan]:
        """Every row checked; ``progress(rows done, rows in all)`` after every ``CHUNK`` rows and at the end."""
        self._open()
        report = SheetImportReport()
        rows = []
        for planned in self._plan(path, report, progress):
            rows.append([planned.number, planned.group.pk, [planned.raw.get(q.pk) for q in self.questions]])
        return report, Plan([q.pk for q in self.questions], rows if not report.problems else [])

    def apply(self, plan: Plan, report: SheetImportReport, progress: Callable[[int, int], None] | None = None,
              keep: Callable[[], bool] | None = None) -> SheetImportReport:
        """Write every planned row in one transaction, checked again against the design and groups as they are
        now; any problem (a number typed meanwhile, the design changed) writes nothing. ``keep`` is asked last
        inside the transaction: False rolls everything back."""
        self._open()
        try:
            with transaction.atomic():
                if services._hold_design(self.survey) != Survey.Status.OPEN:
                    raise DomainError("本调查未开始或已结束，不能导入", field="workbook")
                if [q.pk for q in self.questions] != plan.questions:
                    raise DomainError("检查之后问卷的题目已有改动，未导入任何数据；请重新上传检查", field="workbook")
                groups = {g.pk: g for g in self.survey.groups.select_related("organization")}
                batch: list[PlannedSheet] = []
                for done, (number, group_id, values) in enumerate(plan.rows, start=1):
                    batch.append(self._replanned(number, groups.get(group_id), values))
                    if len(batch) >= CHUNK or done == len(plan.rows):
                        self._write(batch)
                        batch = []
                        if progress is not None:
                            progress(done, len(plan.rows))
                record_event(self.actor, AuditEvent.Action.CREATE, self.survey, subject=self.survey,
                             message=f"Excel导入纸质问卷{len(plan.rows)}份")
                if keep is not None and not keep():
                    raise RollBack
        except IntegrityError:  # a teller typed one of these numbers since the check
            report.add(0, NUMBER, "导入期间有问卷编号已被录入，未导入任何数据；请重新上传检查")
            return report
        except RollBack:
            return report
        report.applied = True
        return report

    def _replanned(self, number: str, group: RespondentGroup | None, values: list) -> PlannedSheet:
        if group is None or not path_in_scope(self.actor, "surveys.enter", group.org_path):
            raise DomainError(f"问卷编号「{number}」的调查对象组已删除或不在您的权限范围内，未导入任何数据",
                              field="workbook")
        raw = {q.pk: v for q, v in zip(self.questions, values, strict=True) if v not in (None, "")}
        try:
            answers = services.check_answers(self.questions, raw, self.required)
        except DomainError as error:
            raise DomainError(f"问卷编号「{number}」：{error.message}；未导入任何数据", field="workbook") from error
        return PlannedSheet(number, group, answers, raw)

    def _write(self, planned: list[PlannedSheet]) -> None:
        services.record_responses(self.survey, [(p.group, p.answers) for p in planned],
                                  channel=Response.Channel.IMPORT, day=timezone.localdate())
        PaperSheet.objects.bulk_create(
            PaperSheet(survey=self.survey, group=p.group, number=p.number, first_by=self.actor,
                       first_entry=services.entry_json(p.answers), status=PaperSheet.Status.DONE)
            for p in planned)

    def _plan(self, path, report: SheetImportReport, progress):
        with open_sheet(path, DATA_SHEET) as sheet:
            header = [cell_text(cell) for cell in sheet.header]
            columns = self._columns(header, report)
            if report.problems:
                return
            self.organizations = index_by_name(Organization.objects.all())
            entered = set(PaperSheet.objects.filter(survey=self.survey).values_list("number", flat=True))
            seen: dict[str, int] = {}
            total = sheet.rows_total or 0
            for row, values in sheet.rows():
                if all(cell_text(v) == "" for v in values):
                    continue
                report.rows += 1
                cells = {key: values[i] if i < len(values) else None for key, i in columns.items()}
                planned = _Row(self, row, cells, report).check(seen, entered)
                if progress is not None and report.rows % CHUNK == 0:
                    progress(report.rows, max(total, report.rows))
                if planned is not None:
                    report.good += 1
                    report.by_group[str(planned.group)] = report.by_group.get(str(planned.group), 0) + 1
                    yield planned
            if progress is not None:
                progress(report.rows, report.rows)

    def _columns(self, header: list[str], report: SheetImportReport) -> dict:
        """Where each needed column is: the three fixed titles, and each question under its number."""
        def fail(column: str, message: str) -> None:
            report.add(1, column, message)

        missing = [title for title in REQUIRED if title not in header]
        if missing:
            fail("、".join(missing), "缺少必需的列")
        columns: dict = {title: header.index(title) for title in REQUIRED if title in header}
        by_number = {q.number: q for q in self.questions}
        for i, title in enumerate(header):
            match = QUESTION_HEADER.match(title)
            if match is None:
                continue
            question = by_number.get(int(match.group(1)))
            if question is None:
                fail(shown(title), f"本调查没有第{shown(match.group(1))}题")
            elif question in columns:
                fail(title, f"第{question.number}题的列出现了两次")
            else:
                columns[question] = i
        absent = [f"第{q.number}题" for q in self.questions if self.must_answer(q) and q not in columns]
        if absent:
            fail("、".join(absent), "缺少必答题的列")
        return columns


class _Row:
    """One questionnaire's row: every problem is reported under its column, nothing stops at the first."""

    def __init__(self, importer: SheetImporter, row: int, cells: dict, report: SheetImportReport):
        self.importer, self.row, self.cells, self.report = importer, row, cells, report
        self.failed = False

    def fail(self, column: str, message: str) -> None:
        self.report.add(self.row, column, message)
        self.failed = True

    def check(self, seen: dict[str, int], entered: set[str]) -> PlannedSheet | None:
        number = self._number(seen, entered)
        group = self._group()
        raw = {}
        for key, value in self.cells.items():
            if isinstance(key, Question):
                answer = self._answer(key, cell_text(value))
                if answer not in (None, ""):
                    raw[key.pk] = answer
        if self.failed or group is None:
            return None
        try:
            answers = services.check_answers(self.importer.questions, raw, self.importer.required)
        except DomainError as error:
            self.fail("—", error.message)
            return None
        return PlannedSheet(number, group, answers, raw)

    def _number(self, seen: dict[str, int], entered: set[str]) -> str:
        number = cell_text(self.cells[NUMBER])
        if not number:
            self.fail(NUMBER, "问卷编号不能为空（每份问卷须有编号，防止重复导入）")
        elif len(number) > NUMBER_MAX:
            self.fail(NUMBER, f"问卷编号最多{NUMBER_MAX}个字符，此处有 {len(number)} 个")
        elif number in seen:
            self.fail(NUMBER, f"问卷编号「{number}」与第{seen[number]}行重复")
        elif number in entered:
            self.fail(NUMBER, f"问卷编号「{number}」已经录入过")
        else:
            seen[number] = self.row
        return number

    def _group(self) -> RespondentGroup | None:
        organization = self._organization(cell_text(self.cells[ORGANIZATION]))
        label = cell_text(self.cells[KIND])
        kind = KIND_BY_LABEL.get(label)
        if not label:
            self.fail(KIND, "调查对象不能为空")
        elif kind is None:
            self.fail(KIND, f"「{shown(label)}」不是有效的调查对象（应为{'、'.join(KIND_BY_LABEL)}之一）")
        if organization is None or kind is None:
            return None
        group = self.importer.groups.get((organization.pk, kind))
        if group is None:
            self.fail(KIND, f"本调查没有「{organization.name}」的{label}组")
        return group

    def _organization(self, name: str) -> Organization | None:
        if not name:
            self.fail(ORGANIZATION, "被调查单位不能为空")
            return None
        found = self.importer.organizations.get(name, [])
        if len(found) != 1:
            self.fail(ORGANIZATION, f"找不到名为「{shown(name)}」的党组织" if not found
                      else f"名为「{name}」的党组织不止一个，请写成“上级党组织/{name}”")
            return None
        organization = found[0]
        if not any(org_pk == organization.pk for org_pk, _kind in self.importer.groups):
            self.fail(ORGANIZATION, f"「{name}」不是本调查的被调查单位")
            return None
        if not path_in_scope(self.importer.actor, "surveys.enter", organization.path):
            self.fail(ORGANIZATION, f"「{name}」不在您的权限范围内")
            return None
        return organization

    def _answer(self, question: Question, text: str):
        column = f"第{question.number}题"
        if question.kind == Question.Kind.TEXT:
            if len(text) > services.TEXT_ANSWER_MAX:
                self.fail(column, f"最多{services.TEXT_ANSWER_MAX}字")
            elif not text and self.importer.must_answer(question):
                self.fail(column, UNANSWERED)
            return text
        if not text:
            if self.importer.must_answer(question):
                self.fail(column, UNANSWERED)
            return None
        options = {o.label: o.pk for o in question.options.all()}
        labels = list(dict.fromkeys(part.strip() for part in LABEL_SEPARATORS.split(text) if part.strip()))
        unknown = [label for label in labels if label not in options]
        if unknown:
            self.fail(column, f"「{shown('、'.join(unknown))}」不是本题的选项（可填：{'、'.join(options)}）")
            return None
        if question.kind == Question.Kind.SINGLE and len(labels) > 1:
            self.fail(column, f"单选题只能填一个选项，收到「{shown(text)}」")
            return None
        ids = [options[label] for label in labels]
        return ids[0] if question.kind == Question.Kind.SINGLE else ids
