"""Cadres' training (干部教育培训, C3): training records (培训记录), classes with their rosters (培训班次与名单),
the hours each level must reach (乡科级及以下每年、县处级每周期的学时要求) as policy, the checks on them.

Hours counted toward a requirement are a record's hours less its leave hours (请假学时), in the calendar year
the training ended. A cadre's level is the highest rank of the posts held on the day (no post: 科员及以下).
Exchanges, secondments and the years in one post (交流挂职、任期) are in ``mobility``, with the demo step of
both areas.
"""

import datetime as dt
import io
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from django.db import transaction
from django.db.models import DecimalField, ExpressionWrapper, F, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from zugong.cadres import policies as P
from zugong.cadres import selectors
from zugong.cadres.models import COUNTY_RANKS, Cadre, Rank, TrainingClass, TrainingRecord
from zugong.core.access import DomainError, get_in_scope, path_in_scope, scope_q
from zugong.core.audit import build_event, record_event, snapshot
from zugong.core.bulk import insert_many
from zugong.core.checks import FindingData, register_check, run_checks
from zugong.core.downloads import new_workbook, write_cell
from zugong.core.models import AuditEvent, Finding
from zugong.core.policy import policy_values
from zugong.core.tree import subtree_q
from zugong.organizations.models import Organization

SECTION, COUNTY = "section", "county"
TENTH = Decimal("0.1")
CHECK_CODES = ("cadres.training_short_last_year", "cadres.training_behind_cycle")


def hours_text(value) -> str:
    """Hours as the pages print them: one decimal (``90.0``)."""
    return f"{Decimal(value).quantize(TENTH):.1f}"


# --- the requirement ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rules:
    """The policy values of the training requirement, read once for a page, a check or an export."""

    section_hours: int
    county_hours: int
    cycle_years: int
    cycle_start: int
    leave_denominator: int

    @classmethod
    def current(cls) -> "Rules":
        values = policy_values("cadres.training_")
        return cls(section_hours=int(values[P.SECTION_HOURS_PER_YEAR.key]),
                   county_hours=int(values[P.COUNTY_HOURS_PER_CYCLE.key]),
                   cycle_years=int(values[P.COUNTY_CYCLE_YEARS.key]),
                   cycle_start=int(values[P.CYCLE_START_YEAR.key]),
                   leave_denominator=int(values[P.LEAVE_SHARE_DENOMINATOR.key]))

    def cycle(self, year: int) -> tuple[int, int]:
        """First and last year of the county-level cycle holding the year (2023–2027, 2028–2032 …)."""
        first = self.cycle_start + (year - self.cycle_start) // self.cycle_years * self.cycle_years
        return first, first + self.cycle_years - 1


def level_of(rank: Rank | str | None) -> str:
    return COUNTY if rank in COUNTY_RANKS else SECTION


@dataclass(frozen=True)
class TrainingStatus:
    """A cadre's hours in the period the level's requirement counts (a year, or a cycle) against it."""

    level: str
    first_year: int
    last_year: int
    required: Decimal
    done: Decimal

    @property
    def short(self) -> Decimal:
        return max(Decimal(0), self.required - self.done)

    @property
    def is_short(self) -> bool:
        return self.done < self.required

    @property
    def period_label(self) -> str:
        if self.first_year == self.last_year:
            return f"{self.first_year}年度"
        return f"{self.first_year}—{self.last_year}年周期"

    @property
    def level_label(self) -> str:
        return "县处级" if self.level == COUNTY else "乡科级及以下"

    @property
    def rule(self) -> str:
        if self.level == COUNTY:
            years = self.last_year - self.first_year + 1
            return f"县处级干部每{years}年不少于{hours_text(self.required)}学时"
        return f"乡科级及以下干部每年不少于{hours_text(self.required)}学时"

    @property
    def source(self) -> str:
        return (P.COUNTY_HOURS_PER_CYCLE if self.level == COUNTY else P.SECTION_HOURS_PER_YEAR).source

    # The labels above stay Chinese (exports, findings, qualification messages); pages show these.
    @property
    def shown_period_label(self) -> str:
        if self.first_year == self.last_year:
            return _("%(year)s年度") % {"year": self.first_year}
        return _("%(first)s—%(last)s年周期") % {"first": self.first_year, "last": self.last_year}

    @property
    def shown_level_label(self) -> str:
        return str(_("县处级") if self.level == COUNTY else _("乡科级及以下"))

    @property
    def shown_rule(self) -> str:
        if self.level == COUNTY:
            return _("县处级干部每%(years)s年不少于%(hours)s学时") % {
                "years": self.last_year - self.first_year + 1, "hours": hours_text(self.required)}
        return _("乡科级及以下干部每年不少于%(hours)s学时") % {"hours": hours_text(self.required)}


def status_for(level: str, by_year: Mapping[int, Decimal], year: int, rules: Rules) -> TrainingStatus:
    """The status in the period holding ``year``, from the cadre's counted hours per year."""
    if level == COUNTY:
        first, last = rules.cycle(year)
        required = rules.county_hours
    else:
        first = last = year
        required = rules.section_hours
    done = sum((by_year.get(y, Decimal(0)) for y in range(first, last + 1)), Decimal(0))
    return TrainingStatus(level, first, last, Decimal(required), done)


def counted_hours_by_year(records: QuerySet, first_year: int, last_year: int) -> dict[int, dict[int, Decimal]]:
    """cadre id → year → hours less leave hours, for the records that ended in those years (one grouped query)."""
    counted = ExpressionWrapper(F("hours") - F("leave_hours"), output_field=DecimalField(max_digits=9, decimal_places=1))
    rows = (records.filter(ended_on__gte=dt.date(first_year, 1, 1), ended_on__lte=dt.date(last_year, 12, 31))
            .annotate(year=ExtractYear("ended_on")).values("cadre_id", "year").annotate(total=Sum(counted)).order_by())
    hours: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for row in rows:
        hours[row["cadre_id"]][row["year"]] = Decimal(str(row["total"] or 0)).quantize(TENTH)
    return hours


def training_status(cadre: Cadre, on: dt.date, rules: Rules | None = None) -> TrainingStatus:
    """The cadre's hours this year (乡科级及以下) or this cycle (县处级) as of the day, against the requirement."""
    rules = rules or Rules.current()
    level = level_of(selectors.current_rank(cadre, on))
    first, last = rules.cycle(on.year) if level == COUNTY else (on.year, on.year)
    hours = counted_hours_by_year(TrainingRecord.objects.filter(cadre=cadre), first, last)
    return status_for(level, hours.get(cadre.pk, {}), on.year, rules)


@dataclass
class StatusRow:
    cadre: Cadre
    post: str
    rank: Rank | None
    status: TrainingStatus


SORTS = {
    "org": lambda row: (row.cadre.org_path, row.cadre.name, row.cadre.pk),
    "short": lambda row: (-row.status.short, row.cadre.org_path, row.cadre.name),
    "done": lambda row: (row.status.done, row.cadre.org_path, row.cadre.name),
    "name": lambda row: (row.cadre.name, row.cadre.pk),
}


def status_rows(cadres: QuerySet, on: dt.date, rules: Rules | None = None, *, level: str = "",
                short_only: bool = False, sort: str = "org") -> list[StatusRow]:
    """Each cadre's status as of the day: ranks from the prefetched tenures, hours from one grouped query."""
    rules = rules or Rules.current()
    first, last = rules.cycle(on.year)
    hours = counted_hours_by_year(TrainingRecord.objects.filter(cadre__in=cadres.values("pk")),
                                  min(first, on.year), max(last, on.year))
    rows = []
    for cadre in cadres.defer("photo").select_related("organization").prefetch_related("tenures__position"):
        rank = selectors.current_rank(cadre, on)
        status = status_for(level_of(rank), hours.get(cadre.pk, {}), on.year, rules)
        if (level and status.level != level) or (short_only and not status.is_short):
            continue
        rows.append(StatusRow(cadre, selectors.current_post(cadre, on), rank, status))
    return sorted(rows, key=SORTS.get(sort, SORTS["org"]))


def figures(rows: list[StatusRow]) -> dict:
    """The counts at the top of the training page."""
    by_level = {level: [r for r in rows if r.status.level == level] for level in (SECTION, COUNTY)}
    return {"total": len(rows), "short": sum(r.status.is_short for r in rows),
            **{f"{level}_total": len(items) for level, items in by_level.items()},
            **{f"{level}_short": sum(r.status.is_short for r in items) for level, items in by_level.items()}}


# --- classes: access ------------------------------------------------------------------------------------------


def training_classes_visible_to(user, capability: str = "cadres.view"):
    """Classes whose responsible organization is in the user's scope."""
    return TrainingClass.objects.filter(scope_q(user, capability, "organization__path")).select_related("organization")


def access_training_class(user, pk, for_change: bool = False) -> TrainingClass:
    return get_in_scope(training_classes_visible_to(user, "cadres.change" if for_change else "cadres.view"), pk)


def roster_of(training_class: TrainingClass, user) -> QuerySet:
    """The class's records of the cadres the user may see."""
    return (training_class.records.filter(scope_q(user, "cadres.view", "cadre__org_path"))
            .defer("cadre__photo").select_related("cadre__organization").prefetch_related("cadre__tenures__position")
            .order_by("cadre__org_path", "cadre__name", "pk"))


# --- use cases -------------------------------------------------------------------------------------------------


def _require(actor, cadre: Cadre) -> None:
    if not path_in_scope(actor, "cadres.change", cadre.org_path):
        raise DomainError(f"您无权管理干部「{cadre.name}」的培训记录")


def _refresh_findings(paths: Iterable[str]) -> None:
    """Re-run the training checks for the touched cadres' common subtree once the change is committed."""
    paths = sorted(set(paths))
    if not paths:
        return
    common = paths[0]
    for path in paths[1:]:
        while not path.startswith(common):
            common = common[:-10]
    if common:
        transaction.on_commit(lambda: run_checks(common, codes=CHECK_CODES))


def _check_leave(hours: Decimal, leave_hours: Decimal, rules: Rules) -> None:
    """Full-time training: leave may not exceed 1/N of the hours (exactly 1/N is allowed)."""
    denominator = rules.leave_denominator
    if leave_hours * denominator > hours:
        most = (hours / denominator).quantize(TENTH, rounding=ROUND_DOWN)
        raise DomainError(
            f"请假学时超过总学时的1/{denominator}：总学时{hours_text(hours)}，脱产培训最多可请假{hours_text(most)}学时，"
            f"填写为{hours_text(leave_hours)}学时（依据：{P.LEAVE_SHARE_DENOMINATOR.source}）", field="leave_hours")


@transaction.atomic
def record_training(actor, cadre: Cadre, *, course: str, organizer: str, started_on: dt.date, ended_on: dt.date,
                    hours, leave_hours=0, credits=0, mode: str = TrainingRecord.Mode.FULL_TIME) -> TrainingRecord:
    """A training the cadre attended (not a class of the roster: those come with ``add_to_roster``)."""
    _require(actor, cadre)
    course, organizer = course.strip(), organizer.strip()
    hours, leave_hours, credits = (Decimal(v or 0).quantize(TENTH) for v in (hours, leave_hours, credits))
    if not course:
        raise DomainError("培训内容不能为空", field="course")
    if not organizer:
        raise DomainError("主办单位不能为空", field="organizer")
    if mode not in TrainingRecord.Mode.values:
        raise DomainError(f"培训方式「{mode}」无效", field="mode")
    if ended_on < started_on:
        raise DomainError(f"结束日期 {ended_on:%Y-%m-%d} 早于开始日期 {started_on:%Y-%m-%d}", field="ended_on")
    if hours <= 0:
        raise DomainError(f"学时应大于0，填写为{hours_text(hours)}", field="hours")
    if leave_hours < 0:
        raise DomainError("请假学时不能为负数", field="leave_hours")
    if leave_hours > hours:
        raise DomainError(f"请假学时{hours_text(leave_hours)}超过总学时{hours_text(hours)}", field="leave_hours")
    if mode == TrainingRecord.Mode.FULL_TIME:
        _check_leave(hours, leave_hours, Rules.current())
    if credits < 0:
        raise DomainError("学分不能为负数", field="credits")
    record = TrainingRecord.objects.create(cadre=cadre, course=course, organizer=organizer, started_on=started_on,
                                           ended_on=ended_on, hours=hours, leave_hours=leave_hours, credits=credits,
                                           mode=mode)
    record_event(actor, AuditEvent.Action.CREATE, record, subject=cadre, message=f"登记培训：{course}")
    _refresh_findings([cadre.org_path])
    return record


@transaction.atomic
def delete_training(actor, record: TrainingRecord) -> None:
    """Delete a record; a class's record leaves the class's roster with it."""
    cadre = record.cadre
    _require(actor, cadre)
    if TrainingRecord.objects.select_for_update().filter(pk=record.pk).values_list("pk").first() is None:  # once
        raise DomainError("该培训记录已删除，未重复办理")
    training_class = record.training_class
    if training_class is not None and not path_in_scope(actor, "cadres.change", training_class.organization.path):
        raise DomainError(f"您无权管理班次「{training_class}」的名单")
    message = f"移出「{training_class}」名单" if training_class else f"删除培训记录：{record.course}"
    record_event(actor, AuditEvent.Action.DELETE, record, subject=cadre, message=message,
                 changes={label: [value, None] for label, value in snapshot(record).items() if value not in (None, "")})
    record.delete()
    _refresh_findings([cadre.org_path])


@transaction.atomic
def create_class(actor, *, name: str, kind: str, organizer: str, organization: Organization, started_on: dt.date,
                 ended_on: dt.date, hours, full_time: bool = True) -> TrainingClass:
    if not path_in_scope(actor, "cadres.change", organization.path):
        raise DomainError(f"您无权以「{organization}」名义举办培训班", field="organization")
    name, organizer, hours = name.strip(), organizer.strip(), Decimal(hours).quantize(TENTH)
    if not name:
        raise DomainError("班次名称不能为空", field="name")
    if not organizer:
        raise DomainError("主办单位不能为空", field="organizer")
    if kind not in TrainingClass.Kind.values:
        raise DomainError(f"班次类别「{kind}」无效", field="kind")
    if ended_on < started_on:
        raise DomainError(f"结业日期 {ended_on:%Y-%m-%d} 早于开班日期 {started_on:%Y-%m-%d}", field="ended_on")
    if hours <= 0:
        raise DomainError(f"学时应大于0，填写为{hours_text(hours)}", field="hours")
    training_class = TrainingClass.objects.create(name=name, kind=kind, organizer=organizer, organization=organization,
                                                  started_on=started_on, ended_on=ended_on, hours=hours,
                                                  full_time=full_time)
    record_event(actor, AuditEvent.Action.CREATE, training_class, subject=organization, message=f"举办培训班：{name}")
    return training_class


def class_record(training_class: TrainingClass, cadre: Cadre) -> TrainingRecord:
    mode = TrainingRecord.Mode.FULL_TIME if training_class.full_time else TrainingRecord.Mode.PART_TIME
    return TrainingRecord(cadre=cadre, training_class=training_class, course=training_class.name,
                          organizer=training_class.organizer, started_on=training_class.started_on,
                          ended_on=training_class.ended_on, hours=training_class.hours, mode=mode)


def add_to_roster(actor, training_class: TrainingClass, cadres: Iterable[Cadre]) -> list[TrainingRecord]:
    """Put cadres on the class's roster, each with a record of the class's dates and hours; all or nothing."""
    if not path_in_scope(actor, "cadres.change", training_class.organization.path):
        raise DomainError(f"您无权管理班次「{training_class}」的名单", field="cadres")
    chosen = list({cadre.pk: cadre for cadre in cadres}.values())
    if not chosen:
        raise DomainError("请至少选择一名干部", field="cadres")
    if outside := [c.name for c in chosen if not path_in_scope(actor, "cadres.change", c.org_path)]:
        raise DomainError(f"以下干部不在您的管理范围内：{'、'.join(outside)}；未加入任何人", field="cadres")
    if not_serving := [c.name for c in chosen if c.status != Cadre.Status.SERVING]:
        raise DomainError(f"以下干部不是在职干部：{'、'.join(not_serving)}；未加入任何人", field="cadres")
    with transaction.atomic():
        # The class's row is the roster's lock: two lists added at once are checked one after the other
        TrainingClass.objects.select_for_update().filter(pk=training_class.pk).values_list("pk").first()
        listed = set(training_class.records.values_list("cadre_id", flat=True))
        if already := [c.name for c in chosen if c.pk in listed]:
            raise DomainError(f"以下干部已在「{training_class}」名单中：{'、'.join(already)}；未加入任何人",
                              field="cadres")
        records = insert_many([class_record(training_class, cadre) for cadre in chosen])
        AuditEvent.objects.bulk_create([
            build_event(actor, AuditEvent.Action.CREATE, record, subject=record.cadre,
                        changes={"培训班次": [None, training_class.name], "学时": [None, hours_text(record.hours)]},
                        message=f"列入「{training_class}」名单") for record in records])
        _refresh_findings(c.org_path for c in chosen)
    return records


def remove_from_roster(actor, record: TrainingRecord) -> None:
    if not record.training_class_id:
        raise DomainError("该培训记录不属于任何班次")
    delete_training(actor, record)


# --- checks ----------------------------------------------------------------------------------------------------


def _serving_under(within: str):
    return Cadre.objects.serving().filter(subtree_q(within, "org_path")).prefetch_related("tenures__position")


def _training_url(cadre: Cadre) -> str:
    return f"{cadre.get_absolute_url()}?tab=training"


@register_check("cadres.training_short_last_year", _("乡科级及以下干部上一年度培训学时不足"), capability="cadres.view")
def short_last_year(within: str, today: dt.date):
    """Section level and below (their rank at the end of last year): last year's hours below the yearly hours."""
    rules, year = Rules.current(), today.year - 1
    end = dt.date(year, 12, 31)
    hours = counted_hours_by_year(TrainingRecord.objects.filter(subtree_q(within, "cadre__org_path")), year, year)
    for cadre in _serving_under(within).exclude(work_started__gt=end):
        if level_of(selectors.current_rank(cadre, end)) != SECTION:
            continue
        status = status_for(SECTION, hours.get(cadre.pk, {}), year, rules)
        if status.is_short:
            yield FindingData(
                subject=cadre, scope_path=cadre.org_path, url=_training_url(cadre), severity=Finding.Severity.PROBLEM,
                title=f"{cadre.name}{year}年度培训{hours_text(status.done)}学时，少于{hours_text(status.required)}学时",
                detail=f"{status.rule}，差{hours_text(status.short)}学时（学时扣除请假学时，按结束日期计入年度；"
                       f"依据：{status.source}）")


@register_check("cadres.training_behind_cycle", _("县处级干部培训学时落后于周期进度"), capability="cadres.view")
def behind_cycle(within: str, today: dt.date):
    """County level: hours so far in the cycle below the share of the cycle's hours for its completed years.

    In a cycle's first year no year of it is complete; the cycle that just ended is checked in full instead
    (severity problem: it can no longer be made up). Years before the first cycle are not checked.
    """
    rules = Rules.current()
    first, last = rules.cycle(today.year)
    completed, ended = today.year - first, False
    if completed == 0:
        if first <= rules.cycle_start:  # the first cycle: nothing before it is counted
            return
        first, last = rules.cycle(first - 1)
        completed, ended = rules.cycle_years, True
    pace = (Decimal(rules.county_hours * completed) / rules.cycle_years).quantize(TENTH)
    hours = counted_hours_by_year(TrainingRecord.objects.filter(subtree_q(within, "cadre__org_path")), first, last)
    for cadre in _serving_under(within):
        if level_of(selectors.current_rank(cadre, today)) != COUNTY:
            continue
        done = sum(hours.get(cadre.pk, {}).values(), Decimal(0))
        if done >= pace:
            continue
        if ended:
            title = (f"{cadre.name}{first}—{last}年培训周期共{hours_text(done)}学时，"
                     f"未达到{hours_text(rules.county_hours)}学时")
        else:
            title = (f"{cadre.name}{first}—{last}年培训周期已计{hours_text(done)}学时，"
                     f"低于已过{completed}年应有的{hours_text(pace)}学时")
        yield FindingData(
            subject=cadre, scope_path=cadre.org_path, url=_training_url(cadre),
            severity=Finding.Severity.PROBLEM if ended else Finding.Severity.WARNING, title=title,
            detail=f"县处级干部每{rules.cycle_years}年不少于{hours_text(rules.county_hours)}学时，按已完成{completed}年"
                   f"折算为{rules.county_hours}×{completed}/{rules.cycle_years}={hours_text(pace)}学时"
                   f"（依据：{P.COUNTY_HOURS_PER_CYCLE.source}；周期自{rules.cycle_start}年起算）")


# --- Excel -----------------------------------------------------------------------------------------------------


def _workbook(sheet_name: str, columns: list[tuple[str, int]], rows: Iterable[list], note: str) -> bytes:
    buffer = io.BytesIO()
    book = new_workbook(buffer)
    sheet = book.add_worksheet(sheet_name)
    header = book.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1})
    hours = book.add_format({"num_format": "0.0"})
    for col, (title, width) in enumerate(columns):
        sheet.set_column(col, col, width)
        write_cell(sheet, 0, col, title, header)
    row_number = 0
    for row_number, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            write_cell(sheet, row_number, col, value, hours if isinstance(value, Decimal) else None)
    write_cell(sheet, row_number + 2, 0, note)
    book.close()
    return buffer.getvalue()


def export_statuses(rows: list[StatusRow], on: dt.date) -> bytes:
    columns = [("姓名", 10), ("现任职务", 36), ("职务层次", 12), ("管理单位", 24), ("要求", 26), ("统计期间", 16),
               ("应完成学时", 10), ("已完成学时", 10), ("差额", 8), ("是否达标", 8)]
    return _workbook("培训学时", columns, (
        [r.cadre.name, r.post, str(r.rank.label) if r.rank else "", r.cadre.organization.name, r.status.rule,
         r.status.period_label, r.status.required, r.status.done, r.status.short, "未达标" if r.status.is_short else "达标"]
        for r in rows), f"职务层次按 {on:%Y-%m-%d} 计算；已完成学时 = 学时 − 请假学时，按培训结束日期计入年度。")


def export_roster(training_class: TrainingClass, records: Iterable[TrainingRecord], on: dt.date) -> bytes:
    columns = [("序号", 6), ("姓名", 10), ("性别", 6), ("出生年月", 10), ("现任职务", 36), ("管理单位", 24),
               ("学时", 8), ("请假学时", 8)]
    return _workbook("学员名单", columns, (
        [n, r.cadre.name, r.cadre.gender, f"{r.cadre.birth:%Y.%m}", selectors.current_post(r.cadre, on),
         r.cadre.organization.name, r.hours, r.leave_hours] for n, r in enumerate(records, start=1)),
        f"{training_class.name}（{training_class.organizer}，{training_class.started_on:%Y-%m-%d}至"
        f"{training_class.ended_on:%Y-%m-%d}，{hours_text(training_class.hours)}学时）")


from zugong.cadres import mobility  # noqa: E402, F401  (registers its check and the demo step)
