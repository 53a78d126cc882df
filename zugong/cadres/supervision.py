"""Cadres' supervision (干部监督, C6): talks (谈心谈话、约谈、提醒、函询、诫勉) and leading cadres' personal-matters
reports (领导干部报告个人有关事项): who must report for a year and by when, the use cases, the lists and their
.xlsx exports, the checks and the demo data.

All of it is sensitive: every reader goes through ``supervised_cadres`` (capability ``cadres.supervision`` in the
cadre's subtree); ``cadres.view`` is not enough. Each refusal is a ``DomainError`` in Chinese and leaves the
records as they were; each change is audited on the cadre's page.
"""

import datetime as dt
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from zugong.cadres import demo as cadres_demo
from zugong.cadres.models import RANK_ORDER, Cadre, PersonalMattersReport, Rank, Talk, Tenure
from zugong.cadres.policies import NEW_LEADER_REPORT_DAYS, REPORT_DUE_DAY
from zugong.core.access import DomainError, get_in_scope, path_in_scope, scope_q
from zugong.core.audit import record_event, snapshot
from zugong.core.checks import FindingData, register_check, run_checks
from zugong.core.downloads import new_workbook, write_cell, write_cells
from zugong.core.models import AuditEvent, Finding
from zugong.core.policy import policy_values
from zugong.core.tree import subtree_q
from zugong.organizations import demo

SUPERVISION = "cadres.supervision"
SpotCheck = PersonalMattersReport.SpotCheck

# The 14 items of 《领导干部报告个人有关事项规定》（2017）: 第三条 (family, 8) and 第四条 (property, 6), in its order.
# Chinese where stored and exported; pages translate them when shown.
FAMILY, PROPERTY = "family", "property"
ITEM_GROUPS = {FAMILY: gettext_noop("家事（第三条）"), PROPERTY: gettext_noop("家产（第四条）")}
REPORT_ITEMS: list[tuple[str, str, str]] = [
    ("marriage", gettext_noop("本人的婚姻情况"), FAMILY),
    ("passport", gettext_noop("本人持有普通护照以及因私出国（境）的情况"), FAMILY),
    ("permits", gettext_noop("本人持有往来港澳、台湾通行证以及因私往来港澳、台湾的情况"), FAMILY),
    ("children_married_foreigners", gettext_noop("子女与外国人、无国籍人通婚的情况"), FAMILY),
    ("children_married_hmt", gettext_noop("子女与港澳以及台湾居民通婚的情况"), FAMILY),
    ("family_emigrated", gettext_noop("配偶、子女移居国（境）外或连续在国（境）外工作、生活一年以上的情况"), FAMILY),
    ("family_employment", gettext_noop("配偶、子女及其配偶的从业情况"), FAMILY),
    ("family_prosecuted", gettext_noop("配偶、子女及其配偶被司法机关追究刑事责任的情况"), FAMILY),
    ("salary", gettext_noop("本人的工资及各类奖金、津贴、补贴等"), PROPERTY),
    ("service_income", gettext_noop("本人从事讲学、写作、咨询、审稿、书画等劳务所得"), PROPERTY),
    ("housing", gettext_noop("本人、配偶、共同生活的子女为所有权人或者共有人的房产情况"), PROPERTY),
    ("securities", gettext_noop("本人、配偶、共同生活的子女投资或者以其他方式持有股票、基金、投资型保险等的情况"), PROPERTY),
    ("family_investments", gettext_noop("配偶、子女及其配偶投资非上市公司、企业的情况"), PROPERTY),
    ("family_businesses", gettext_noop("配偶、子女及其配偶注册个体工商户、个人独资企业或者合伙企业的情况"), PROPERTY),
]
ITEM_LABELS = {code: label for code, label, _group in REPORT_ITEMS}
REGULATION = "《领导干部报告个人有关事项规定》（2017）"
CONCEALMENT_SOURCE = (f"{REGULATION}：漏报、隐瞒不报的，根据情节轻重给予批评教育、函询、诫勉等处理；"
                      "抽查核实发现问题后应有函询或诫勉的处理记录")
FOLLOW_UP_KINDS = (Talk.Kind.LETTER_INQUIRY, Talk.Kind.ADMONITION)
CHECK_CODES = ("cadres.personal_report_missing", "cadres.personal_report_concealed")


# --- Access -------------------------------------------------------------------------------------------------------

def supervised_cadres(user):
    """The cadres the user may supervise: ``cadres.supervision`` in their subtree."""
    return Cadre.objects.filter(scope_q(user, SUPERVISION, "org_path"))


def access_supervised_cadre(user, pk) -> Cadre:
    return get_in_scope(supervised_cadres(user), pk)


def talks_visible_to(user):
    return Talk.objects.filter(scope_q(user, SUPERVISION, "cadre__org_path"))


def access_talk(user, pk) -> Talk:
    return get_in_scope(talks_visible_to(user).select_related("cadre"), pk)


def reports_visible_to(user):
    return PersonalMattersReport.objects.filter(scope_q(user, SUPERVISION, "cadre__org_path"))


def access_report(user, pk) -> PersonalMattersReport:
    return get_in_scope(reports_visible_to(user).select_related("cadre"), pk)


# --- Who must report, for which year, by when ---------------------------------------------------------------------

LEADING_RANKS = [rank.value for rank in Rank if RANK_ORDER[rank] >= RANK_ORDER[Rank.SECTION_DEPUTY]]


@dataclass(frozen=True)
class ReportRules:
    due_day: int  # the annual report for year Y is due by Y+1-01-<due_day>
    new_leader_days: int  # a new leader reports for the appointment year within this many days

    @classmethod
    def current(cls) -> "ReportRules":
        values = policy_values("cadres.personal_report_")
        return cls(int(values[REPORT_DUE_DAY.key]), int(values[NEW_LEADER_REPORT_DAYS.key]))


@dataclass(frozen=True)
class Obligation:
    """A cadre's duty to report for a year: the annual report, or a new leader's report for the appointment year."""

    cadre: Cadre
    year: int
    due_on: dt.date
    leader_since: dt.date
    is_new_leader: bool

    @property
    def kind_label(self) -> str:
        return "新任报告" if self.is_new_leader else "年度集中报告"

    def rule(self, rules: ReportRules) -> str:
        """What was owed, the rule (the policy setting and its value) and its source."""
        if self.is_new_leader:
            return (f"{self.leader_since:%Y-%m-%d}起任领导职务，应在{rules.new_leader_days}日内（{self.due_on:%Y-%m-%d}前）"
                    f"报告{self.year}年度个人有关事项。规则：{NEW_LEADER_REPORT_DAYS.label}为{rules.new_leader_days}日；"
                    f"依据：{NEW_LEADER_REPORT_DAYS.source}")
        return (f"应于{self.due_on:%Y-%m-%d}前报告{self.year}年度个人有关事项。规则：{REPORT_DUE_DAY.label}为1月"
                f"{rules.due_day}日；依据：{REPORT_DUE_DAY.source}")


def leading_tenures() -> Prefetch:
    """Prefetch of the tenures that oblige a cadre to report: leading posts at 乡科级副职 and above."""
    return Prefetch("tenures", to_attr="leading_tenures", queryset=Tenure.objects.filter(
        position__is_leading=True, position__rank__in=LEADING_RANKS).select_related("position").order_by("started_on"))


def _leading_tenures(cadre: Cadre) -> list[Tenure]:
    cached = getattr(cadre, "leading_tenures", None)
    if cached is None:
        cached = list(cadre.tenures.filter(position__is_leading=True, position__rank__in=LEADING_RANKS)
                      .select_related("position").order_by("started_on"))
    return cached


def leading_spans(tenures: Iterable[Tenure]) -> list[tuple[dt.date, dt.date | None]]:
    """Unbroken periods in leading posts (overlapping or back-to-back posts are one period); ``None``: still in."""
    spans: list[tuple[dt.date, dt.date | None]] = []
    for tenure in sorted(tenures, key=lambda t: t.started_on):
        if spans and (spans[-1][1] is None or tenure.started_on <= spans[-1][1]):
            start, end = spans[-1]
            spans[-1] = (start, None if end is None or tenure.ended_on is None else max(end, tenure.ended_on))
        else:
            spans.append((tenure.started_on, tenure.ended_on))
    return spans


def obligation_of(cadre: Cadre, year: int, rules: ReportRules, today: dt.date) -> Obligation | None:
    """What the cadre owes for the year, as known today.

    A cadre who became a leader during the year (the start of an unbroken period in leading posts) reports for
    that year within ``new_leader_days``; a cadre in a leading post since before the year and still in one at
    its end (or today, for the current year) makes the annual report by January ``due_day`` of the next year.
    """
    as_of = min(dt.date(year, 12, 31), today)
    if as_of < dt.date(year, 1, 1):
        return None
    spans = leading_spans(_leading_tenures(cadre))
    for start, _end in spans:
        if start.year == year and start <= as_of:
            return Obligation(cadre, year, start + dt.timedelta(days=rules.new_leader_days), start, True)
    for start, end in spans:
        if start < dt.date(year, 1, 1) and (end is None or end > as_of):
            return Obligation(cadre, year, dt.date(year + 1, 1, rules.due_day), start, False)
    return None


def _leaders_during(cadres, year: int, today: dt.date):
    """Serving cadres with a leading post at some time in the year (up to today), tenures prefetched."""
    as_of = min(dt.date(year, 12, 31), today)
    held = Tenure.objects.filter(cadre=OuterRef("pk"), position__is_leading=True, position__rank__in=LEADING_RANKS,
                                 started_on__lte=as_of).filter(Q(ended_on__isnull=True)
                                                               | Q(ended_on__gt=dt.date(year, 1, 1)))
    return cadres.serving().filter(Exists(held)).select_related("organization").prefetch_related(leading_tenures())


def obligations(cadres, year: int, today: dt.date, rules: ReportRules | None = None) -> list[Obligation]:
    rules = rules or ReportRules.current()
    found = (obligation_of(cadre, year, rules, today) for cadre in _leaders_during(cadres, year, today))
    return [item for item in found if item is not None]


def cadre_obligations(cadre: Cadre, today: dt.date) -> list[Obligation]:
    """Last year's and this year's duties of one cadre (the cadre page's tab)."""
    if cadre.status != Cadre.Status.SERVING:
        return []
    rules = ReportRules.current()
    found = (obligation_of(cadre, year, rules, today) for year in (today.year - 1, today.year))
    return [item for item in found if item is not None]


def post_of(cadre: Cadre, on: dt.date) -> str:
    """The leading posts held on the day (from the prefetched leading tenures)."""
    return "、".join(t.position.title for t in _leading_tenures(cadre) if t.is_current(on))


# --- Use cases ----------------------------------------------------------------------------------------------------

def _require(actor, cadre: Cadre) -> None:
    if not path_in_scope(actor, SUPERVISION, cadre.org_path):
        raise DomainError(f"您无权登记「{cadre.organization}」干部的监督事项")


def _recheck(cadre: Cadre) -> None:
    path = cadre.org_path
    transaction.on_commit(lambda: run_checks(path, codes=CHECK_CODES))


@transaction.atomic
def record_talk(actor, cadre: Cadre, *, kind: str, held_on: dt.date, held_by: str, subject: str,
                follow_up: str = "") -> Talk:
    """A talk held with the cadre: 谈心谈话, 约谈, 提醒, 函询 or 诫勉, on a day that has come."""
    _require(actor, cadre)
    today = timezone.localdate()
    if kind not in Talk.Kind.values:
        raise DomainError(f"方式：「{kind}」不是可选的谈话方式", field="kind")
    if held_on > today:
        raise DomainError(f"日期：{held_on:%Y-%m-%d} 晚于今天（{today:%Y-%m-%d}），只能登记已进行的谈话",
                          field="held_on")
    if not held_by.strip():
        raise DomainError("谈话人：不能为空，请填写谈话人的姓名或职务", field="held_by")
    if not subject.strip():
        raise DomainError("事由：不能为空，请写明谈话的事由", field="subject")
    talk = Talk.objects.create(cadre=cadre, kind=kind, held_on=held_on, held_by=held_by.strip(),
                               subject=subject.strip(), follow_up=follow_up.strip(), recorded_by=actor)
    record_event(actor, AuditEvent.Action.CREATE, talk, subject=cadre, message=f"登记{talk.get_kind_display()}")
    _recheck(cadre)
    return talk


@transaction.atomic
def change_follow_up(actor, talk: Talk, follow_up: str) -> Talk:
    """The talk's 后续情况 written later (what the cadre did, whether the matter is closed)."""
    _require(actor, talk.cadre)
    before = snapshot(talk)
    talk.follow_up = follow_up.strip()
    talk.save(update_fields=["follow_up"])
    record_event(actor, AuditEvent.Action.UPDATE, talk, before=before, subject=talk.cadre,
                 message=f"更新{talk.get_kind_display()}后续情况")
    return talk


def normalized_items(items: Iterable[Mapping]) -> list[dict]:
    """All 14 items in the regulation's order as ``{item, declared, note}``; an item not given is 无 (not declared)."""
    given: dict[str, dict] = {}
    for entry in items:
        code = entry.get("item")
        if code not in ITEM_LABELS:
            raise DomainError(f"报告事项：「{code}」不是规定的报告事项", field="items")
        given[code] = {"item": code, "declared": bool(entry.get("declared")),
                       "note": str(entry.get("note") or "").strip()[:200]}
    return [given.get(code, {"item": code, "declared": False, "note": ""}) for code in ITEM_LABELS]


@transaction.atomic
def record_report(actor, cadre: Cadre, *, year: int, submitted_on: dt.date, items: Iterable[Mapping]
                  ) -> PersonalMattersReport:
    """The cadre's report for a year: once per year, submitted after the year's end — or, for a leader appointed
    during the year, after taking the post (the new leader's report counts as that year's)."""
    _require(actor, cadre)
    today = timezone.localdate()
    rules = ReportRules.current()
    if year > today.year:
        raise DomainError(f"报告年度：{year}年尚未到来，只能登记{today.year}年及以前年度的报告", field="year")
    cadre = Cadre.objects.locked(cadre.pk)  # recorded twice at once: the second finds the first report
    existing = PersonalMattersReport.objects.filter(cadre=cadre, year=year).first()
    if existing is not None:
        raise DomainError(f"报告年度：{cadre.name}{year}年度的个人有关事项报告已登记（报告日期 "
                          f"{existing.submitted_on:%Y-%m-%d}），同一年度只能登记一份", field="year")
    if submitted_on > today:
        raise DomainError(f"报告日期：{submitted_on:%Y-%m-%d} 晚于今天（{today:%Y-%m-%d}）", field="submitted_on")
    duty = obligation_of(cadre, year, rules, today)
    if duty is not None and duty.is_new_leader:
        if submitted_on < duty.leader_since:
            raise DomainError(f"报告日期：{submitted_on:%Y-%m-%d} 早于任领导职务之日（{duty.leader_since:%Y-%m-%d}），"
                              "新任报告应在任职后提交", field="submitted_on")
    elif submitted_on <= dt.date(year, 12, 31):
        raise DomainError(
            f"报告日期：{submitted_on:%Y-%m-%d} 早于{year}年度结束，年度报告在次年1月{rules.due_day}日前报告上一年度的"
            f"事项，报告日期应在{year + 1}-01-01或之后（依据：{REPORT_DUE_DAY.source}）", field="submitted_on")
    report = PersonalMattersReport.objects.create(cadre=cadre, year=year, submitted_on=submitted_on,
                                                  items=normalized_items(items))
    declared = sum(1 for item in report.items if item["declared"])
    record_event(actor, AuditEvent.Action.CREATE, report, subject=cadre,
                 message=f"登记{year}年度个人有关事项报告（{'新任报告' if duty and duty.is_new_leader else '年度报告'}，"
                         f"有报告内容的事项{declared}项）")
    _recheck(cadre)
    return report


@transaction.atomic
def record_spot_check(actor, report: PersonalMattersReport, *, result: str, checked_on: dt.date,
                      note: str = "") -> PersonalMattersReport:
    """The result of the spot check (抽查核实) of a submitted report, checked on or after its submission."""
    _require(actor, report.cadre)
    today = timezone.localdate()
    if result not in SpotCheck.values or result == SpotCheck.NOT_CHECKED:
        raise DomainError("抽查核实结果：请选择核查中、如实报告、漏报（情节较轻）或隐瞒不报", field="spot_check")
    if checked_on > today:
        raise DomainError(f"抽查日期：{checked_on:%Y-%m-%d} 晚于今天（{today:%Y-%m-%d}）", field="spot_checked_on")
    if checked_on < report.submitted_on:
        raise DomainError(f"抽查日期：{checked_on:%Y-%m-%d} 早于报告日期（{report.submitted_on:%Y-%m-%d}），"
                          "只能抽查核实已提交的报告", field="spot_checked_on")
    before = snapshot(report)
    report.spot_check, report.spot_checked_on, report.note = result, checked_on, note.strip()
    report.save(update_fields=["spot_check", "spot_checked_on", "note"])
    record_event(actor, AuditEvent.Action.UPDATE, report, before=before, subject=report.cadre,
                 message=f"抽查核实{report.year}年度个人有关事项报告：{report.get_spot_check_display()}")
    _recheck(report.cadre)
    return report


# --- Lists --------------------------------------------------------------------------------------------------------

def filtered_talks(user, data: Mapping):
    """Talks in the user's scope, by the list's valid filters (kind, year, organization subtree), newest first."""
    talks = talks_visible_to(user)
    if data.get("kind"):
        talks = talks.filter(kind=data["kind"])
    if data.get("year"):
        talks = talks.filter(held_on__year=data["year"])
    if data.get("organization"):
        talks = talks.filter(subtree_q(data["organization"].path, "cadre__org_path"))
    return talks.select_related("cadre__organization").order_by("-held_on", "-pk")


REPORTED, NOT_OPEN, PENDING, OVERDUE = "reported", "not_open", "pending", "overdue"
STATUS_LABELS = {REPORTED: "已报告", NOT_OPEN: "未到报告时间", PENDING: "未报告", OVERDUE: "逾期未报告"}


@dataclass(frozen=True)
class ReportRow:
    obligation: Obligation
    report: PersonalMattersReport | None
    status: str
    post: str

    @property
    def cadre(self) -> Cadre:
        return self.obligation.cadre

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass(frozen=True)
class ReportSheet:
    year: int
    today: dt.date
    rows: list[ReportRow]

    @property
    def figures(self) -> dict:
        count = {status: sum(1 for r in self.rows if r.status == status) for status in STATUS_LABELS}
        checked = sum(1 for r in self.rows if r.report and r.report.spot_check not in (SpotCheck.NOT_CHECKED, SpotCheck.CHECKING))
        required = len(self.rows)
        return {"required": required, "reported": count[REPORTED], "pending": count[PENDING] + count[NOT_OPEN],
                "overdue": count[OVERDUE], "spot_checked": checked,
                "reported_share": round(100 * count[REPORTED] / required, 1) if required else 0,
                "spot_checked_share": round(100 * checked / count[REPORTED], 1) if count[REPORTED] else 0}


def status_of(duty: Obligation, report: PersonalMattersReport | None, today: dt.date) -> str:
    """已报告; 未到报告时间 (an annual report before its year is over); 未报告 (not yet due); 逾期未报告."""
    if report is not None:
        return REPORTED
    if not duty.is_new_leader and today <= dt.date(duty.year, 12, 31):
        return NOT_OPEN
    return OVERDUE if today > duty.due_on else PENDING


def report_sheet(user, year: int, organization=None, today: dt.date | None = None) -> ReportSheet:
    """The cadres in the user's scope who must report for the year, with their report and status."""
    today = today or timezone.localdate()
    cadres = supervised_cadres(user)
    if organization is not None:
        cadres = cadres.under(organization)
    duties = obligations(cadres, year, today)
    reports = {r.cadre_id: r for r in PersonalMattersReport.objects.filter(
        year=year, cadre_id__in=[d.cadre.pk for d in duties])}
    on = min(dt.date(year, 12, 31), today)
    rows = [ReportRow(d, reports.get(d.cadre.pk), status_of(d, reports.get(d.cadre.pk), today),
                      post_of(d.cadre, on) or post_of(d.cadre, d.leader_since))
            for d in sorted(duties, key=lambda d: (d.cadre.org_path, d.cadre.name, d.cadre.pk))]
    return ReportSheet(year, today, rows)


# --- Exports ------------------------------------------------------------------------------------------------------

def _workbook(title: str, columns: list[tuple[str, int]], rows: Iterable[list], footer: str) -> bytes:
    buffer = io.BytesIO()
    book = new_workbook(buffer)
    sheet = book.add_worksheet(title)
    header = book.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    for col, (name, width) in enumerate(columns):
        sheet.set_column(col, col, width, wrap)
        write_cell(sheet, 0, col, name, header)
    number = 0
    for number, row in enumerate(rows, start=1):
        write_cells(sheet, number, 0, row)
    write_cell(sheet, number + 2, 0, footer)
    book.close()
    return buffer.getvalue()


def export_talks(talks, today: dt.date) -> bytes:
    columns = [("日期", 12), ("姓名", 10), ("管理单位", 24), ("方式", 10), ("谈话人", 16), ("事由", 36),
               ("后续情况", 40)]
    rows = ([f"{t.held_on:%Y-%m-%d}", t.cadre.name, t.cadre.organization.name, str(t.get_kind_display()),
             t.held_by, t.subject, t.follow_up] for t in talks)
    return _workbook("谈话函询", columns, rows, f"导出时间：{today:%Y-%m-%d}（干部监督信息，注意保密）")


def _report_cells(row: ReportRow) -> list:
    report, duty = row.report, row.obligation
    cells = [row.cadre.name, row.cadre.organization.name, row.post, f"{duty.leader_since:%Y-%m-%d}", duty.kind_label,
             f"{duty.due_on:%Y-%m-%d}", row.status_label]
    if report is None:
        return cells
    return cells + [f"{report.submitted_on:%Y-%m-%d}", sum(1 for i in report.items if i.get("declared")),
                    str(report.get_spot_check_display()),
                    f"{report.spot_checked_on:%Y-%m-%d}" if report.spot_checked_on else "", report.note]


def export_reports(sheet: ReportSheet) -> bytes:
    columns = [("姓名", 10), ("管理单位", 24), ("领导职务", 30), ("任领导职务时间", 14), ("报告类别", 12),
               ("报告期限", 12), ("状态", 12), ("报告日期", 12), ("有报告内容的事项数", 10), ("抽查核实结果", 16),
               ("抽查日期", 12), ("备注", 30)]
    rows = (_report_cells(r) for r in sheet.rows)
    figures = sheet.figures
    return _workbook(f"{sheet.year}年度个人有关事项报告", columns, rows,
                     f"应报告{figures['required']}人，已报告{figures['reported']}人，逾期未报告{figures['overdue']}人，"
                     f"抽查核实{figures['spot_checked']}人；统计日期：{sheet.today:%Y-%m-%d}（干部监督信息，注意保密）")


# --- Checks -------------------------------------------------------------------------------------------------------

def supervision_url(cadre: Cadre) -> str:
    return reverse("cadres:detail", args=[cadre.pk]) + "?tab=supervision"


@register_check("cadres.personal_report_missing", _("领导干部未按期报告个人有关事项"), capability=SUPERVISION)
def personal_report_missing(within: str, today: dt.date):
    """Last year's annual report missing after its due day; a new leader's report missing after the allowed days."""
    rules = ReportRules.current()
    cadres = Cadre.objects.filter(subtree_q(within, "org_path"))
    reported = set(PersonalMattersReport.objects.filter(
        subtree_q(within, "cadre__org_path"), year__gte=today.year - 1).values_list("cadre_id", "year"))
    for year in (today.year - 1, today.year):
        for duty in obligations(cadres, year, today, rules):
            cadre = duty.cadre
            if today <= duty.due_on or (cadre.pk, year) in reported:
                continue
            yield FindingData(
                subject=cadre, scope_path=cadre.org_path, url=supervision_url(cadre), severity=Finding.Severity.PROBLEM,
                due_on=duty.due_on,
                title=f"{cadre.name}未按期报告{year}年度个人有关事项（{duty.kind_label}，逾期{(today - duty.due_on).days}天）",
                detail=f"{duty.rule(rules)}（所在：{cadre.organization}）",
            )


@register_check("cadres.personal_report_concealed", _("个人有关事项漏报、瞒报未作处理"), capability=SUPERVISION)
def personal_report_concealed(within: str, today: dt.date):
    """A spot check found an omission or concealment, and no 函询 or 诫勉 is recorded on or after its date."""
    handled = Talk.objects.filter(cadre=OuterRef("cadre"), kind__in=FOLLOW_UP_KINDS,
                                  held_on__gte=OuterRef("spot_checked_on"))
    reports = (PersonalMattersReport.objects.filter(subtree_q(within, "cadre__org_path"),
                                                    spot_check__in=[SpotCheck.MINOR_OMISSION, SpotCheck.CONCEALED])
               .exclude(Exists(handled)).select_related("cadre__organization"))
    for report in reports:
        cadre = report.cadre
        yield FindingData(
            subject=report, scope_path=cadre.org_path, url=supervision_url(cadre), severity=Finding.Severity.WARNING,
            title=f"{cadre.name}{report.year}年度个人有关事项报告抽查为「{report.get_spot_check_display()}」，未登记函询或诫勉",
            detail=(f"抽查日期 {report.spot_checked_on:%Y-%m-%d} 后未登记函询或诫勉。规则：漏报、瞒报应作出处理。"
                    f"依据：{CONCEALMENT_SOURCE}（所在：{cadre.organization}）"),
        )


# --- Demo data ----------------------------------------------------------------------------------------------------

TALK_SUBJECTS = {
    Talk.Kind.HEART_TO_HEART: ["年度谈心谈话", "任职谈话", "岗位调整前谈心谈话", "了解思想和工作状况", "工作压力疏导"],
    Talk.Kind.SUMMONS: ["班子运行情况约谈", "重点工作推进滞后约谈", "信访问题较多约谈"],
    Talk.Kind.REMINDER: ["群众反映工作作风问题提醒", "苗头性、倾向性问题提醒", "八小时以外活动提醒"],
    Talk.Kind.LETTER_INQUIRY: ["信访反映问题函询", "个人有关事项报告漏报函询"],
    Talk.Kind.ADMONITION: ["履职不力诫勉", "违反工作纪律诫勉"],
}
TALK_COUNTS = {Talk.Kind.HEART_TO_HEART: 86, Talk.Kind.REMINDER: 14, Talk.Kind.SUMMONS: 6,
               Talk.Kind.LETTER_INQUIRY: 9, Talk.Kind.ADMONITION: 4}
TALKERS = ["县委书记", "县委组织部部长", "县委组织部常务副部长", "县纪委监委派驻纪检组组长", "乡镇党委书记"]
FOLLOW_UPS = ["本人表示虚心接受，认真整改", "已作出书面说明，经核实问题不属实", "已整改到位", "持续跟踪了解中", ""]
ITEM_ODDS = {"marriage": 1.0, "passport": 0.3, "permits": 0.2, "children_married_foreigners": 0.01,
             "children_married_hmt": 0.01, "family_emigrated": 0.02, "family_employment": 0.6,
             "family_prosecuted": 0.0, "salary": 1.0, "service_income": 0.1, "housing": 0.9, "securities": 0.3,
             "family_investments": 0.05, "family_businesses": 0.05}
ITEM_NOTES = {"marriage": "已婚", "salary": "工资及津贴补贴", "housing": "住房1套", "family_employment": "配偶在本县事业单位工作",
              "passport": "持有普通护照，交组织部保管"}


def _demo_items(rng) -> list[dict]:
    items = []
    for code in ITEM_LABELS:
        declared = rng.random() < ITEM_ODDS[code]
        items.append({"item": code, "declared": declared, "note": ITEM_NOTES.get(code, "") if declared else ""})
    return items


def add_supervision(ctx: demo.DemoContext) -> None:
    """About 120 talks over two years; last year's reports from about 95% of the leaders who owe one (the rest
    become findings), this year's new leaders mostly reported; about 10% spot-checked, two with minor omissions
    (one followed by a 函询, one not: a finding)."""
    rng, today = ctx.rng, ctx.today
    rules = ReportRules.current()
    serving = list(Cadre.objects.serving().order_by("pk"))
    talks: list[Talk] = []
    if serving:
        for kind, count in TALK_COUNTS.items():
            for _n in range(count):
                held_on = today - dt.timedelta(days=rng.randint(0, 729))
                talks.append(Talk(cadre=rng.choice(serving), kind=kind, held_on=held_on, held_by=rng.choice(TALKERS),
                                  subject=rng.choice(TALK_SUBJECTS[kind]), follow_up=rng.choice(FOLLOW_UPS)))
    reports: list[PersonalMattersReport] = []
    for year in (today.year - 1, today.year):
        for duty in obligations(Cadre.objects.all(), year, today, rules):
            if duty.is_new_leader:
                if (today - duty.leader_since).days < 5 or rng.random() > 0.9:
                    continue
                days = rng.randint(1, max(1, rules.new_leader_days - 1))
                submitted = min(duty.leader_since + dt.timedelta(days=days), today)
            else:
                if year == today.year or rng.random() > 0.95:  # this year's annual report is due next January
                    continue
                submitted = min(dt.date(year + 1, 1, rng.randint(1, rules.due_day)), today)
            reports.append(PersonalMattersReport(cadre=duty.cadre, year=year, submitted_on=submitted,
                                                 items=_demo_items(rng)))
    last_year = [r for r in reports if r.year == today.year - 1]
    checked = rng.sample(last_year, len(last_year) // 10) if last_year else []
    for number, report in enumerate(checked):
        report.spot_checked_on = min(report.submitted_on + dt.timedelta(days=rng.randint(20, 90)), today)
        report.spot_check = SpotCheck.MINOR_OMISSION if number < 2 else SpotCheck.CONSISTENT
        if number < 2:
            report.note = "房产信息漏报1处，经核实属情节较轻"
        if number == 0:  # handled: a 函询 after the check
            talks.append(Talk(cadre=report.cadre, kind=Talk.Kind.LETTER_INQUIRY,
                              held_on=min(report.spot_checked_on + dt.timedelta(days=7), today),
                              held_by="县委组织部部长", subject="个人有关事项报告漏报函询",
                              follow_up="本人已作出书面说明并补报"))
    Talk.objects.bulk_create(talks)
    PersonalMattersReport.objects.bulk_create(reports)
    ctx.counts["talks"] = len(talks)
    ctx.counts["personal_reports"] = len(reports)


demo.register_step(add_supervision)
if demo.STEPS.index(add_supervision) < demo.STEPS.index(cadres_demo.add_cadres):  # talks and reports need cadres
    demo.STEPS.remove(add_supervision)
    demo.STEPS.insert(demo.STEPS.index(cadres_demo.add_cadres) + 1, add_supervision)
demo.RESET_MODELS[:0] = [Talk, PersonalMattersReport]
