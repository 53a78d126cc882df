"""Development cases from .xlsx (发展党员档案导入): the export's columns read back, checked, then all or none.

A row whose 身份证号 has an open case (or a closed one with the same 递交入党申请书 date) adds the steps the file
dates and the case lacks; any other row opens a case (``services.open_case``) and records its steps. Every step
goes through ``services.record_step``, so the procedure's ``timing_refusal`` decides it as on the step page: a
refused step is that row's problem, with the rule's own message. A step already recorded keeps its date (a
different date in the file is a problem, not a change), and a blank cell removes nothing.

The check runs the rows exactly as the import would, each in a savepoint, inside one transaction that is then
rolled back: nothing it wrote stays. The import does the same and keeps everything only when no row failed.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from zugong.core.access import DomainError, path_in_scope
from zugong.core.bounds import NUL, NUL_MESSAGE
from zugong.core.validators import parse_identity_number
from zugong.core.workbooks import shown
from zugong.development import services
from zugong.development.case_excel import DATES_SEPARATOR, PEOPLE_COLUMN
from zugong.development.models import DevelopmentCase, DevelopmentStep
from zugong.development.procedure import REPEATABLE, STAGES, VOTES, chinese_date, label
from zugong.members.codes import ETHNICITY_CHOICES, Education, Occupation
from zugong.members.importer import (
    ImportReport,
    RowFailed,
    cell_date,
    find_by_name,
    import_rows,
    index_by_name,
)
from zugong.members.models import Member

K = DevelopmentStep.Kind
REQUIRED = ["姓名", "身份证号", "所在党支部"]
NEW_CASE_REQUIRED = ["学历", "职业", label(K.APPLICATION)]
STEP_COLUMNS = {label(kind): kind for _stage, kinds in STAGES for kind in kinds}
CHOICES = {
    "民族": {label: value for value, label in ETHNICITY_CHOICES},
    "学历": {str(label): value for value, label in Education.choices},
    "职业": {str(label): value for value, label in Occupation.choices},
}
MAX_LENGTHS = {"姓名": 50, "联系电话": 30, "入党志愿书编号": 50, "培养联系人": 200, "入党介绍人": 200}
FIELD_COLUMN = {"name": "姓名", "id_number": "身份证号", "organization": "所在党支部", "ethnicity": "民族",
                "education": "学历", "occupation": "职业", "phone": "联系电话", "work_unit": "工作单位",
                "people": None, "training_days": "培训天数", "training_hours": "培训学时", "number": "入党志愿书编号"}
VOTE_REFUSAL = ("「{name}」须在档案页面登记支部大会的到会和表决人数，导入不登记表决；"
                "请先在档案页面办理这一步，再导入以后的步骤")
TRAINING_MAX = 999  # days or hours of one training: past any real one


@dataclass
class CaseReport(ImportReport):
    """``to_update`` reads "姓名：步骤、步骤"; ``steps`` counts the steps the import records."""

    steps: int = 0


def import_cases(actor, path, organizations, units, *, apply: bool) -> CaseReport:
    """Check every row of the workbook at ``path``; with ``apply`` and no problem, keep them all.
    ``organizations``/``units``: where the actor may open cases (their ``members.change`` scope).
    A workbook that cannot be read raises ``WorkbookError``."""
    report = CaseReport()
    reader = _Rows(actor, index_by_name(organizations), index_by_name(units), report)
    return import_rows(path, REQUIRED, report, reader.row, apply=apply)


class _Rows:
    def __init__(self, actor, organizations: dict, units: dict, report: CaseReport):
        self.actor, self.organizations, self.units, self.report = actor, organizations, units, report
        self.seen: dict[str, int] = {}
        self.values = services.rule_values()

    def row(self, number: int, cells: dict, fail) -> None:
        """One row, inside its savepoint (``import_rows``)."""
        self.errors_before = len(self.report.errors)
        self.number = number
        text = {title: _text(value) for title, value in cells.items()}
        for title, value in text.items():
            if NUL in value:
                fail(title, NUL_MESSAGE)
            elif title in MAX_LENGTHS and len(value) > MAX_LENGTHS[title]:
                fail(title, f"最多 {MAX_LENGTHS[title]} 个字符，此处有 {len(value)} 个")
        for title in REQUIRED:
            if not text.get(title):
                fail(title, "必填项为空")
        if self._failed():
            raise RowFailed
        id_number = self._id_number(text["身份证号"], fail)
        try:
            organization = find_by_name(self.organizations, text["所在党支部"], "党组织")
        except ValueError as error:
            fail("所在党支部", str(error))
            raise RowFailed from None
        dates = self._dates(cells, fail)
        details = self._details(text, fail)
        if id_number is None or dates is None or details is None:
            raise RowFailed
        if id_number in self.seen:
            fail("身份证号", f"与第 {self.seen[id_number]} 行的身份证号重复")
            raise RowFailed
        self.seen[id_number] = self.number
        case = self._existing(id_number, dates.get(K.APPLICATION, [None])[0], organization, fail)
        name = text["姓名"]
        if case is None:
            case = self._open(name, id_number, organization, text, dates, fail)
            added = self._steps(case, dates, details, fail)
            self.report.to_create.append(name)
        else:
            if case.name != name:
                fail("姓名", f"该身份证号的档案姓名为「{case.name}」，与表中「{shown(name)}」不一致")
                raise RowFailed
            added = self._steps(case, dates, details, fail)
            if added:
                self.report.to_update.append(f"{name}：{'、'.join(label(kind) for kind in added)}")
            else:
                self.report.unchanged += 1
        self.report.steps += len(added)

    def _id_number(self, value: str, fail) -> str | None:
        if "*" in value:
            fail("身份证号", "身份证号已脱敏，无法导入（请使用含完整身份证号的表格）")
            return None
        try:
            return parse_identity_number(value).number
        except ValidationError as error:
            fail("身份证号", error.messages[0])
            return None

    def _dates(self, cells: dict, fail) -> dict[str, list[dt.date]] | None:
        dates: dict[str, list[dt.date]] = {}
        good = True
        for title, kind in STEP_COLUMNS.items():
            value = cells.get(title)
            if value in (None, ""):
                continue
            parts = ([part for part in str(value).split(DATES_SEPARATOR) if part.strip()]
                     if kind in REPEATABLE and isinstance(value, str) else [value])
            if kind not in REPEATABLE and isinstance(value, str) and DATES_SEPARATOR in value:
                fail(title, f"「{label(kind)}」只办理一次，只能填一个日期")
                good = False
                continue
            try:
                dates[kind] = sorted(cell_date(part) for part in parts)
            except ValueError as error:
                fail(title, str(error))
                good = False
        return dates if good else None

    def _details(self, text: dict, fail) -> dict | None:
        details: dict = {"number": text.get("入党志愿书编号", ""),
                         **{column: text.get(column, "") for column in PEOPLE_COLUMN.values()}}
        good = True
        for title, name in (("培训天数", "training_days"), ("培训学时", "training_hours")):
            value = text.get(title, "")
            if not value:
                details[name] = None
                continue
            try:
                number = float(value)
                if number != int(number) or not 0 <= number <= TRAINING_MAX:
                    raise ValueError
                details[name] = int(number)
            except ValueError:
                fail(title, f"「{shown(value)}」不是有效的{title}（应为 0 至 {TRAINING_MAX} 的整数）")
                good = False
        return details if good else None

    def _existing(self, id_number: str, applied_on, organization, fail) -> DevelopmentCase | None:
        """The open case of this person, or the closed one the file's application date names; None: a new case."""
        cases = DevelopmentCase.objects.filter(id_number=id_number).select_related("organization")
        case = next((c for c in cases if c.status == DevelopmentCase.Status.OPEN), None)
        if case is None and applied_on is not None:
            case = next((c for c in cases if c.steps.filter(kind=K.APPLICATION, done_on=applied_on).exists()), None)
        if case is None:
            return None
        if not path_in_scope(self.actor, "members.change", case.org_path):
            fail("身份证号", "该身份证号的发展党员档案在您权限范围以外的党组织，未作更改")
            raise RowFailed
        if case.organization_id != organization.pk:
            fail("所在党支部", f"该发展党员档案在「{case.organization}」，导入不调整所在党支部")
            raise RowFailed
        return case

    def _open(self, name, id_number, organization, text: dict, dates: dict, fail) -> DevelopmentCase:
        for title in NEW_CASE_REQUIRED:
            if not text.get(title) and not (title == label(K.APPLICATION) and K.APPLICATION in dates):
                fail(title, "新登记的发展党员档案，此项必填")
        person = {"name": name, "id_number": id_number, "organization": organization, "phone": text.get("联系电话", "")}
        for title, attribute in (("民族", "ethnicity"), ("学历", "education"), ("职业", "occupation")):
            value = text.get(title, "")
            if value and value not in CHOICES[title]:
                fail(title, f"「{shown(value)}」不是有效的{title}")
            elif value:
                person[attribute] = CHOICES[title][value]
        if text.get("工作单位"):
            try:
                person["work_unit"] = find_by_name(self.units, text["工作单位"], "单位")
            except ValueError as error:
                fail("工作单位", str(error))
        if self._failed():
            raise RowFailed
        applied = dates[K.APPLICATION]
        if len(applied) > 1:
            fail(label(K.APPLICATION), "只能填一个日期")
            raise RowFailed
        try:
            return services.open_case(self.actor, applied_on=applied[0], **person)
        except DomainError as error:
            fail(FIELD_COLUMN.get(error.field or "") or label(K.APPLICATION), error.message)
            raise RowFailed from None

    def _failed(self) -> bool:
        """This row has a problem already."""
        return len(self.report.errors) > self.errors_before

    def _steps(self, case: DevelopmentCase, dates: dict, details: dict, fail) -> list[str]:
        """Record, in the procedure's order, each dated step the case lacks; the first refusal ends the row."""
        taken: dict[str, list[dt.date]] = {}
        for kind, day in case.steps.values_list("kind", "done_on"):
            taken.setdefault(kind, []).append(day)
        added: list[str] = []
        for _stage, kinds in STAGES:
            for kind in kinds:
                for day in dates.get(kind, []):
                    if kind == K.APPLICATION:
                        if day not in taken.get(kind, [day]):
                            fail(label(kind), f"档案中「{label(kind)}」为{chinese_date(taken[kind][0])}，表中为"
                                              f"{chinese_date(day)}；导入不修改已登记的步骤")
                            raise RowFailed
                        continue
                    if day in taken.get(kind, []):
                        continue
                    if kind not in REPEATABLE and taken.get(kind):
                        fail(label(kind), f"档案中「{label(kind)}」为{chinese_date(taken[kind][0])}，表中为"
                                          f"{chinese_date(day)}；导入不修改已登记的步骤")
                        raise RowFailed
                    self._record(case, kind, day, details, fail)
                    taken.setdefault(kind, []).append(day)
                    added.append(kind)
        return added

    def _record(self, case, kind: str, day: dt.date, details: dict, fail) -> None:
        if kind in VOTES:
            fail(label(kind), VOTE_REFUSAL.format(name=label(kind)))
            raise RowFailed
        people = None
        if kind in PEOPLE_COLUMN:
            people = self._people(case, PEOPLE_COLUMN[kind], details, fail)
        try:
            services.record_step(
                self.actor, case, kind, day, people=people,
                training_days=details["training_days"] if kind == K.TRAINING else None,
                training_hours=details["training_hours"] if kind == K.TRAINING else None,
                number=details["number"] if kind == K.APPLICATION_FORM else "")
        except DomainError as error:
            column = FIELD_COLUMN.get(error.field or "") if error.field != "done_on" else None
            if error.field == "people":
                column = PEOPLE_COLUMN.get(kind)
            fail(column or label(kind), error.message)
            raise RowFailed from None
        case.refresh_from_db()

    def _people(self, case, column: str, details: dict, fail) -> list[Member]:
        """Full members of the case's branch named in ``column`` (separated by 、)."""
        names = [name.strip() for name in details.get(column, "").split(DATES_SEPARATOR) if name.strip()]
        found: list[Member] = []
        for name in names:
            matches = list(Member.objects.active().filter(organization=case.organization, name=name)[:2])
            if len(matches) != 1:
                fail(column, f"「{case.organization}」{'没有' if not matches else '有不止一名'}名为「{shown(name)}」的在册党员")
                raise RowFailed
            found.append(matches[0])
        return found


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
