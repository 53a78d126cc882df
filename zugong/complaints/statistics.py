"""Statistics of 12380 reports (12380举报统计) for one year under one organization: reports by channel, kind, status
and outcome; by each organization one level below (its whole subtree); the time from receipt to closing and the
conclusions later than the 办结 deadline; and the 零违纪、零举报 list for the assessments.

Pure functions of a queryset the caller has already scoped (``reports_visible_to``); nothing here reads the
reporter's identity, the receipt or the report's text.

The year's figures (按收到年度) count the reports RECEIVED in the year, each in its state and with its outcome as of
today. The time to close counts the reports CLOSED in the year (收到日期至结案日期, calendar days); a conclusion is
late when its 办结 day is after ``procedure.conclude_deadline`` (60 days after 受理 by default, plus an extension).

零违纪、零举报 (zero violations, zero reports): zugong keeps no register of disciplinary sanctions (处分) — a cadre's
奖惩情况 is free text — so a VIOLATION here is a report concluded 属实 or 部分属实 in the year about anyone in the
unit. A unit is each open organization one level below the chosen one (choose the county for its townships and
agencies, a township for its villages), with its whole subtree; it is on the list when no report was received about
anyone in it in the year AND no report about anyone in it was concluded 属实 or 部分属实 in the year.
"""

import datetime as dt
import statistics as figures
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from zugong.complaints import policies as P
from zugong.complaints import procedure
from zugong.complaints.models import Report
from zugong.core.access import scope_q
from zugong.core.policy import policy_int
from zugong.core.tree import SEGMENT_WIDTH
from zugong.organizations.models import Organization

VIEW = "complaints.view"
FOUND = (Report.Outcome.TRUE, Report.Outcome.PARTLY)


def reports_visible_to(user, capability: str = VIEW):
    """The reports about people in the user's part of the tree (by the reported person's unit)."""
    return Report.objects.filter(scope_q(user, capability, "org_path"))


@dataclass
class UnitRow:
    """One organization below the root with its subtree's reports of the year (the root's own row: ``own``)."""

    organization: Organization
    received: int = 0
    accepted: int = 0
    concluded: int = 0
    found: int = 0  # concluded 属实 or 部分属实 (received in the year)
    found_in_year: int = 0  # concluded 属实 or 部分属实 IN the year, whenever received (the 零违纪 test)
    own: bool = False

    @property
    def is_zero(self) -> bool:
        return not self.received and not self.found_in_year


@dataclass
class LateConclusion:
    number: str
    person_name: str
    unit: str
    due: dt.date
    concluded_on: dt.date

    @property
    def days_late(self) -> int:
        return (self.concluded_on - self.due).days


@dataclass
class ReportStatistics:
    root: Organization
    year: int
    total: int = 0
    by_channel: list[tuple[str, int]] = field(default_factory=list)
    by_kind: list[tuple[str, int]] = field(default_factory=list)
    by_status: list[tuple[str, int]] = field(default_factory=list)
    by_outcome: list[tuple[str, int]] = field(default_factory=list)  # the four outcomes, then 尚未办结 / 不予受理
    units: list[UnitRow] = field(default_factory=list)
    closed: int = 0
    average_days: float | None = None
    median_days: float | None = None
    late: list[LateConclusion] = field(default_factory=list)
    rows: list[Report] = field(default_factory=list)  # the year's reports, for the export's list

    @property
    def zero_units(self) -> list[Organization]:
        return [row.organization for row in self.units if not row.own and row.is_zero]

    @property
    def lower_units(self) -> list[UnitRow]:
        return [row for row in self.units if not row.own]


def _counted(values: list[str], choices) -> list[tuple[str, int]]:
    counts = Counter(values)
    return [(str(label), counts.get(value, 0)) for value, label in choices]


def _bucket(path: str, root: Organization) -> str:
    """The path of the organization one level below ``root`` that ``path`` lies under ("" for the root itself)."""
    return path[: len(root.path) + SEGMENT_WIDTH] if len(path) > len(root.path) else ""


def report_statistics(reports, root: Organization, year: int, *, today: dt.date | None = None) -> ReportStatistics:
    """The figures of ``year`` for ``root``'s subtree, from ``reports`` (already scoped to the viewer)."""
    under = reports.under(root)
    received = list(under.filter(year=year).select_related("unit").order_by("received_on", "serial"))
    stats = ReportStatistics(root=root, year=year, total=len(received), rows=received)
    stats.by_channel = _counted([r.channel for r in received], Report.Channel.choices)
    stats.by_kind = _counted([r.kind for r in received], Report.Kind.choices)
    stats.by_status = _counted([r.status for r in received], Report.Status.choices)
    stats.by_outcome = _counted([r.outcome for r in received if r.outcome], Report.Outcome.choices)
    stats.by_outcome.append((_("不予受理或已转办"), sum(1 for r in received if r.decision in (
        Report.Decision.OUTSIDE, Report.Decision.FORWARD))))
    stats.by_outcome.append((_("尚未办结"), sum(1 for r in received if not r.outcome and r.decision in (
        "", Report.Decision.ACCEPT))))
    stats.units = _unit_rows(under, received, root, year)
    _time_to_close(stats, under, year)
    return stats


def _unit_rows(under, received: list[Report], root: Organization, year: int) -> list[UnitRow]:
    children = list(Organization.objects.filter(parent=root).open().order_by("path"))
    rows = {child.path: UnitRow(child) for child in children}
    own = UnitRow(root, own=True)
    for report in received:
        row = rows.get(_bucket(report.org_path, root), own)
        row.received += 1
        row.accepted += report.decision == Report.Decision.ACCEPT
        row.concluded += bool(report.outcome)
        row.found += report.outcome in FOUND
    found_in_year = under.filter(outcome__in=FOUND, concluded_on__year=year).values_list("org_path", flat=True)
    for path in found_in_year:
        rows.get(_bucket(path, root), own).found_in_year += 1
    return [*rows.values(), *([own] if own.received or own.found_in_year else [])]


def _time_to_close(stats: ReportStatistics, under, year: int) -> None:
    closed = list(under.filter(closed_on__year=year).select_related("unit").order_by("closed_on", "pk"))
    days = [(r.closed_on - r.received_on).days for r in closed if r.closed_on]
    stats.closed = len(closed)
    if days:
        stats.average_days = round(sum(days) / len(days), 1)
        stats.median_days = float(figures.median(days))
    values = {P.CONCLUDE_DAYS.key: policy_int(P.CONCLUDE_DAYS.key)}
    for report in closed:
        deadline = procedure.conclude_deadline(report, values)
        if deadline and report.concluded_on and report.concluded_on > deadline.due:
            stats.late.append(LateConclusion(report.number, report.person_name, report.unit.name, deadline.due,
                                             report.concluded_on))


def years_with_reports(reports) -> list[int]:
    return sorted(set(reports.values_list("year", flat=True)), reverse=True)
