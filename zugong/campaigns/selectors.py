"""Reading campaigns within a user's scope (``organizations.view``): a campaign is seen by those over its organization
and by those over any unit it gives a task or a work group to (they see their own part of it); a task by those over
the unit that owes it and those over the campaign; an issued bulletin by those over a unit it concerns.
Missing and out of scope are the same 404 (``get_in_scope``)."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q

from zugong.campaigns import procedure
from zugong.campaigns.models import (
    Bulletin,
    Campaign,
    ContactPoint,
    Inspection,
    InspectionFinding,
    Task,
    TaskFile,
    Visit,
    WorkGroup,
)
from zugong.core.access import get_in_scope, scope_q
from zugong.organizations.models import Organization, WorkUnit
from zugong.pairing import selectors as pairing
from zugong.statistics.models import VillageIncome

VIEW, RUN, REPORT = "organizations.view", "organizations.change", "members.change"


def campaigns_visible_to(user, capability: str = VIEW):
    if capability != VIEW:
        return Campaign.objects.filter(scope_q(user, capability, "org_path")).select_related("organization")
    own = scope_q(user, VIEW, "org_path")
    return (Campaign.objects.filter(own | Q(pk__in=Task.objects.filter(own).values("campaign_id"))
                                    | Q(pk__in=WorkGroup.objects.filter(own).values("campaign_id")))
            .select_related("organization"))


def access_campaign(user, pk, for_run: bool = False) -> Campaign:
    return get_in_scope(campaigns_visible_to(user, RUN if for_run else VIEW), pk)


def tasks_visible_to(user):
    """Tasks owed in the user's scope, and every task of a campaign the user's scope holds."""
    return (Task.objects.filter(scope_q(user, VIEW, "org_path") | scope_q(user, VIEW, "campaign__org_path"))
            .select_related("campaign", "organization", "group"))


def access_task(user, pk, capability: str = VIEW) -> Task:
    if capability == RUN:
        tasks = Task.objects.filter(scope_q(user, RUN, "campaign__org_path"))
    elif capability == REPORT:
        tasks = Task.objects.filter(scope_q(user, REPORT, "org_path"))
    else:
        tasks = tasks_visible_to(user)
    return get_in_scope(tasks.select_related("campaign", "organization", "group"), pk)


def access_file(user, pk) -> TaskFile:
    return get_in_scope(TaskFile.objects.filter(report__task__in=tasks_visible_to(user)).select_related("report"), pk)


def access_inspection(user, pk, for_run: bool = False) -> Inspection:
    return get_in_scope(Inspection.objects.filter(campaign__in=campaigns_visible_to(user, RUN if for_run else VIEW))
                        .select_related("campaign"), pk)


def access_finding(user, pk) -> InspectionFinding:
    return get_in_scope(InspectionFinding.objects.filter(inspection__campaign__in=campaigns_visible_to(user, RUN))
                        .select_related("inspection__campaign", "organization"), pk)


def bulletins_visible_to(user):
    """Issued bulletins concerning a unit in the user's scope, and every bulletin of a campaign the scope holds."""
    concerning = Bulletin.objects.filter(status=Bulletin.Status.ISSUED).filter(
        pk__in=Bulletin.concerns.through.objects.filter(scope_q(user, VIEW, "organization__path"))
        .values("bulletin_id"))
    return (Bulletin.objects.filter(Q(pk__in=concerning.values("pk")) | scope_q(user, VIEW, "campaign__org_path"))
            .select_related("campaign"))


def access_bulletin(user, pk, for_run: bool = False) -> Bulletin:
    if for_run:
        return get_in_scope(Bulletin.objects.filter(scope_q(user, RUN, "campaign__org_path"))
                            .select_related("campaign"), pk)
    return get_in_scope(bulletins_visible_to(user), pk)


# --- A campaign's page and the due list ---------------------------------------------------------------------------

def progress(tasks) -> dict:
    """Counts of tasks by state, and the share passed (通过), for a campaign's page."""
    counts = Counter(dict(tasks.values_list("status").annotate(n=Count("pk")).values_list("status", "n")))
    total = sum(counts.values())
    return {"total": total, "counts": [(status, label, counts.get(status, 0)) for status, label in Task.Status.choices],
            "accepted_share": round(100 * counts.get(Task.Status.ACCEPTED, 0) / total) if total else 0}


def overdue(tasks, today: dt.date):
    """The tasks still owed after their deadline."""
    return tasks.filter(status__in=procedure.OWED, deadline__lt=today)


def overdue_count(tasks, today: dt.date) -> int:
    return overdue(tasks, today).count()


@dataclass(frozen=True)
class DueItem:
    task: Task
    due: procedure.Due
    days_left: int

    @property
    def days_over(self) -> int:
        return -self.days_left


def due_items(user, today: dt.date, settings: dict) -> list[DueItem]:
    """Tasks owed in the user's scope (the unit has to report them), overdue first, then by deadline."""
    tasks = (Task.objects.filter(scope_q(user, VIEW, "org_path"), status__in=procedure.OWED)
             .select_related("campaign", "organization").order_by("deadline", "pk"))
    items = []
    for task in tasks:
        due = procedure.due_state(task, today, settings)
        if due is not None:
            items.append(DueItem(task, due, (task.deadline - today).days))
    return items


def _run_q(user):
    return scope_q(user, RUN, "campaign__org_path")


def access_group(user, pk) -> WorkGroup:
    """A work group to correct or remove: ``organizations.change`` over its campaign."""
    return get_in_scope(WorkGroup.objects.filter(_run_q(user)).select_related("campaign", "village"), pk)


def access_point(user, pk) -> ContactPoint:
    return get_in_scope(ContactPoint.objects.filter(_run_q(user)).select_related("campaign", "cadre", "organization"),
                        pk)


def access_visit(user, pk) -> Visit:
    return get_in_scope(Visit.objects.filter(_run_q(user)).select_related("campaign", "cadre", "organization"), pk)


# --- A campaign's results: the pairing aid and the villages' collective income ------------------------------------

@dataclass
class Results:
    rows: list[pairing.TotalsRow]  # one per village of the campaign the reader may see
    total: pairing.TotalsRow
    income_year: int
    income_target: Decimal


def campaign_villages(user, campaign: Campaign):
    """The villages a campaign helps: those of its work groups and of the pairings linked to it, in the reader's
    scope. (Campaigns read pairing and statistics; neither reads campaigns.)"""
    return (Organization.objects.filter(scope_q(user, VIEW, "path"))
            .filter(Q(pk__in=WorkGroup.objects.filter(campaign=campaign).values("village_id"))
                    | Q(pk__in=campaign.pairings.values("village_id")))
            .order_by("path"))


def results(user, campaign: Campaign, today: dt.date) -> Results:
    """Seed 000's table (projects and funds, venues and funds) per village and for the campaign, with the share of
    its villages at the collective income target in the latest year reported by the campaign's end."""
    villages = list(campaign_villages(user, campaign))
    last = min(today, campaign.ends_on).year
    reported = (VillageIncome.objects.filter(village__in=WorkUnit.objects.filter(managed_by__in=villages),
                                             year__lte=last).order_by("-year").values_list("year", flat=True).first())
    year = reported or last - 1
    rows = pairing.by_village(user, villages, campaign=campaign, income_year=year, loans_from=campaign.starts_on,
                              loans_to=campaign.ends_on)
    total = pairing.TotalsRow(campaign.organization)
    for row in rows:
        total.add(row)
    return Results(rows, total, year, pairing.income_target())
