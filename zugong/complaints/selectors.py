"""Reading 12380 reports within a user's scope: the reports, one report, the people who may handle it, the people
the reported name may be, and the due list (what each open report owes next and by when)."""

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from zugong.cadres.models import Cadre
from zugong.complaints import procedure
from zugong.complaints.models import Evidence, Report
from zugong.core.access import get_in_scope, path_in_scope, scope_q
from zugong.core.tree import SEGMENT_WIDTH
from zugong.members.models import Member

VIEW, HANDLE = "complaints.view", "complaints.handle"
SOON_DAYS = 7  # the due list's "due soon": a week's notice, as the other due lists give


def reports_visible_to(user, capability: str = VIEW):
    return Report.objects.filter(scope_q(user, capability, "org_path")).select_related("unit", "handler")


def access_report(user, pk, for_change: bool = False) -> Report:
    return get_in_scope(reports_visible_to(user, HANDLE if for_change else VIEW), pk)


def access_evidence(user, pk) -> Evidence:
    return get_in_scope(Evidence.objects.filter(report__in=reports_visible_to(user)).select_related("report"), pk)


def handlers_for(report: Report) -> list:
    """Active users who hold ``complaints.handle`` over the report's unit (an assignment at it or above)."""
    path = report.org_path
    prefixes = [path[:end] for end in range(SEGMENT_WIDTH, len(path) + 1, SEGMENT_WIDTH)]
    users = (get_user_model().objects.filter(is_active=True, role_assignments__organization__path__in=prefixes)
             .distinct().order_by("username"))
    return [user for user in users if path_in_scope(user, HANDLE, path)]


def possible_people(user, name: str, limit: int = 20) -> tuple[list[Cadre], list[Member]]:
    """Cadres and members in the user's scope with exactly this name (the reporter's name for the person)."""
    name = (name or "").strip()
    if not name:
        return [], []
    cadres = list(Cadre.objects.filter(scope_q(user, HANDLE, "organization__path"), name=name)
                  .select_related("organization")[:limit])
    members = list(Member.objects.filter(scope_q(user, HANDLE, "organization__path"), name=name)
                   .select_related("organization")[:limit])
    return cadres, members


@dataclass(frozen=True)
class DueItem:
    report: Report
    deadline: procedure.Deadline
    days_left: int

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def days_over(self) -> int:
        return -self.days_left


def due_items(reports, today: dt.date, values: dict | None = None) -> list[DueItem]:
    """Open reports running against a deadline (受理决定 or 办结), the overdue first, then by due day."""
    items = []
    for report in reports.filter(status__in=[Report.Status.REGISTERED, Report.Status.ACCEPTED,
                                             Report.Status.ASSIGNED, Report.Status.VERIFYING]):
        deadline = procedure.current_deadline(report, values)
        if deadline is not None:
            items.append(DueItem(report, deadline, (deadline.due - today).days))
    return sorted(items, key=lambda item: (item.deadline.due, item.report.pk))


def awaiting_reply(reports) -> list[Report]:
    """Decided or concluded reports whose reporter has not been answered yet (no deadline: a reminder)."""
    return list(reports.filter(status__in=[Report.Status.CONCLUDED, Report.Status.NOT_ACCEPTED])
                .order_by("concluded_on", "decided_on", "pk"))
