"""What pairing pages read: the records in the reader's scope, and the totals by lower organization.

The totals count every record under the chosen organization once per kind in one grouped query: each record falls
under the child its ``org_path``'s next segment names (a record of the organization itself in its own row), so a
township's row adds up its whole subtree (roll-up) and the county's rows add up to the county's total.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Substr

from zugong.core.access import get_in_scope, scope_q
from zugong.core.policy import policy_value
from zugong.core.tree import SEGMENT_WIDTH, subtree_q
from zugong.organizations.models import Organization, WorkUnit
from zugong.pairing.models import MicroLoan, Pairing, Project, Venue, Visit
from zugong.statistics.models import VillageIncome
from zugong.statistics.policies import INCOME_TARGET

ZERO = Decimal("0.00")
L = MicroLoan.Status


def pairings_visible_to(user, capability: str = "organizations.view") -> QuerySet[Pairing]:
    return Pairing.objects.filter(scope_q(user, capability, "org_path"))


def access_pairing(user, pk, for_change: bool = False) -> Pairing:
    capability = "organizations.change" if for_change else "organizations.view"
    return get_in_scope(pairings_visible_to(user, capability).select_related(
        "village", "helper_unit", "helper_organization", "helper_cadre"), pk)


def access_project(user, pk) -> Project:
    return get_in_scope(Project.objects.filter(scope_q(user, "organizations.change", "org_path")).select_related(
        "pairing", "pairing__village"), pk)


def loans_visible_to(user, capability: str = "members.view") -> QuerySet[MicroLoan]:
    return MicroLoan.objects.filter(scope_q(user, capability, "org_path"))


def access_loan(user, pk, for_change: bool = False) -> MicroLoan:
    capability = "members.change" if for_change else "members.view"
    return get_in_scope(loans_visible_to(user, capability).select_related("member", "member__organization"), pk)


def wan(amount: Decimal) -> Decimal:
    """Yuan as 万元 to two decimals (the seeds' unit: 321.91万元)."""
    return (amount / 10000).quantize(Decimal("0.01"), ROUND_HALF_UP)


@dataclass
class LoanFigures:
    count: int = 0
    amount: Decimal = ZERO


@dataclass
class TotalsRow:
    organization: Organization
    own_only: bool = False  # the organization's own records, apart from its children's
    pairings: int = 0
    projects: int = 0
    funds_planned: Decimal = ZERO
    funds_spent: Decimal = ZERO
    venues: int = 0
    venue_funds: Decimal = ZERO
    visits: int = 0
    loans: dict[str, LoanFigures] = field(default_factory=lambda: {s: LoanFigures() for s in L.values})
    villages: int = 0  # villages (行政村 units) under it
    villages_reported: int = 0
    villages_at_target: int = 0
    income: Decimal | None = None  # one village's collective income of the year (万元), when reported

    @property
    def loan_count(self) -> int:
        return sum(f.count for f in self.loans.values())

    @property
    def loan_amount(self) -> Decimal:
        return sum((f.amount for f in self.loans.values()), ZERO)

    @property
    def granted_count(self) -> int:
        """Loans that reached the member (granted, repaid or overdue): seed 002's "472 members got 1,153万"."""
        return sum(self.loans[s].count for s in (L.GRANTED, L.REPAID, L.OVERDUE))

    @property
    def granted_amount(self) -> Decimal:
        return sum((self.loans[s].amount for s in (L.GRANTED, L.REPAID, L.OVERDUE)), ZERO)

    @property
    def income_share(self) -> str:
        return f"{self.villages_at_target * 100 / self.villages:.1f}%" if self.villages else "—"

    @property
    def spent_wan(self) -> Decimal:
        return wan(self.funds_spent)

    @property
    def planned_wan(self) -> Decimal:
        return wan(self.funds_planned)

    @property
    def venue_wan(self) -> Decimal:
        return wan(self.venue_funds)

    @property
    def granted_wan(self) -> Decimal:
        return wan(self.granted_amount)

    @property
    def loan_rows(self) -> list[tuple[str, str, int, Decimal]]:
        """(status, label, count, 万元) for each loan status, in the statuses' order."""
        return [(status, str(label), self.loans[status].count, wan(self.loans[status].amount))
                for status, label in L.choices]

    def add(self, other: "TotalsRow") -> None:
        for name in ("pairings", "projects", "funds_planned", "funds_spent", "venues", "venue_funds", "visits",
                     "villages", "villages_reported", "villages_at_target"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for status, figures in other.loans.items():
            self.loans[status].count += figures.count
            self.loans[status].amount += figures.amount


@dataclass
class Totals:
    organization: Organization
    year: int | None
    rows: list[TotalsRow]
    total: TotalsRow
    income_year: int
    income_target: Decimal


def totals(user, root: Organization, *, year: int | None = None, income_year: int, campaign=None) -> Totals:
    """Pairing aid and micro-credit under ``root`` by its children (each with its subtree) and its own records.

    ``year``: projects planned, venues started, visits made and loans applied in that year (None: all years);
    ``campaign``: only the records of pairings linked to that campaign (venues and loans then count none unless
    linked through a pairing). The village collective income of ``income_year`` gives the villages at the
    statistics' target (``economy.village_income_target``).
    """
    width = len(root.path) + SEGMENT_WIDTH
    children = {c.path: c for c in Organization.objects.filter(parent=root).order_by("is_closed", "path")}
    rows = {path: TotalsRow(child) for path, child in children.items()}
    own = TotalsRow(root, own_only=True)

    def grouped(queryset, path_field: str, *extra: str, **figures):
        return (queryset.filter(subtree_q(root.path, path_field))
                .annotate(branch=Substr(path_field, 1, width)).values("branch", *extra).annotate(**figures)
                .order_by())

    def row_of(item) -> TotalsRow:
        return rows.get(item["branch"], own)

    on_pairing = Q() if campaign is None else Q(pairing__campaign=campaign)
    pairing_filter = Q() if campaign is None else Q(campaign=campaign)
    visible = scope_q(user, "organizations.view", "org_path")
    dated = (lambda name: Q(**{f"{name}__year": year})) if year else (lambda name: Q())
    for item in grouped(Pairing.objects.filter(visible, pairing_filter), "org_path", n=Count("pk")):
        row_of(item).pairings += item["n"]
    for item in grouped(Project.objects.filter(visible, on_pairing, dated("planned_on")), "org_path", n=Count("pk"),
                        planned=Sum("funds_planned"), spent=Sum("funds_spent")):
        row = row_of(item)
        row.projects += item["n"]
        row.funds_planned += item["planned"]
        row.funds_spent += item["spent"]
    for item in grouped(Venue.objects.filter(visible, on_pairing, dated("started_on")), "org_path", n=Count("pk"),
                        funds=Sum("funds")):
        row = row_of(item)
        row.venues += item["n"]
        row.venue_funds += item["funds"]
    for item in grouped(Visit.objects.filter(visible, on_pairing, dated("visited_on")), "org_path", n=Count("pk")):
        row_of(item).visits += item["n"]
    if campaign is None:
        loans = MicroLoan.objects.filter(scope_q(user, "members.view", "org_path"), dated("applied_on"))
        for item in grouped(loans, "org_path", "status", n=Count("pk"), amount=Sum("amount")):
            figures = row_of(item).loans[item["status"]]
            figures.count += item["n"]
            figures.amount += item["amount"]
    _incomes(user, root, width, rows, own, income_year, campaign)
    listed = ([own] if own.pairings or own.projects or own.venues or own.loan_count or not rows else [])
    listed += [r for r in rows.values() if not r.organization.is_closed or r.pairings or r.loan_count]
    total = TotalsRow(root)
    for row in listed:
        total.add(row)
    return Totals(root, year, listed, total, income_year, Decimal(str(policy_value(INCOME_TARGET.key))))


def _incomes(user, root, width, rows, own, year: int, campaign) -> None:
    """Villages (行政村 units, by the organization that manages them) and those at the income target, by child."""
    target = Decimal(str(policy_value(INCOME_TARGET.key)))
    units = WorkUnit.objects.filter(subtree_q(root.path, "managed_by__path"),
                                    scope_q(user, "organizations.view", "managed_by__path"),
                                    kind=WorkUnit.Kind.VILLAGE, is_closed=False)
    if campaign is not None:
        units = units.filter(managed_by__pairings__campaign=campaign).distinct()
    counted = (units.annotate(branch=Substr("managed_by__path", 1, width)).values("branch")
               .annotate(n=Count("pk", distinct=True),
                         reported=Count("incomes", filter=Q(incomes__year=year), distinct=True),
                         at_target=Count("incomes", filter=Q(incomes__year=year, incomes__amount__gte=target),
                                         distinct=True))
               .order_by())
    for item in counted:
        row = rows.get(item["branch"], own)
        row.villages += item["n"]
        row.villages_reported += item["reported"]
        row.villages_at_target += item["at_target"]


def by_village(user, villages, *, campaign, income_year: int, loans_from, loans_to) -> list[TotalsRow]:
    """A campaign's results village by village (``villages``: village party organizations): the pairing aid linked
    to the campaign at each (pairings, projects and funds, venues, visits), the loans its members applied for
    between ``loans_from`` and ``loans_to``, and its collective income of ``income_year`` against the target.
    One grouped query per kind; the caller adds the rows up for the campaign's total (``TotalsRow.add``)."""
    villages = list(villages)
    rows = {v.path: TotalsRow(v) for v in villages}
    visible = scope_q(user, "organizations.view", "org_path")
    paths = list(rows)

    def grouped(queryset, **figures):
        return queryset.filter(visible, org_path__in=paths).values("org_path").annotate(**figures).order_by()

    for item in grouped(Pairing.objects.filter(campaign=campaign), n=Count("pk")):
        rows[item["org_path"]].pairings += item["n"]
    for item in grouped(Project.objects.filter(pairing__campaign=campaign), n=Count("pk"),
                        planned=Sum("funds_planned"), spent=Sum("funds_spent")):
        row = rows[item["org_path"]]
        row.projects, row.funds_planned, row.funds_spent = item["n"], item["planned"], item["spent"]
    for item in grouped(Venue.objects.filter(pairing__campaign=campaign), n=Count("pk"), funds=Sum("funds")):
        row = rows[item["org_path"]]
        row.venues, row.venue_funds = item["n"], item["funds"]
    for item in grouped(Visit.objects.filter(pairing__campaign=campaign), n=Count("pk")):
        rows[item["org_path"]].visits += item["n"]
    if paths:
        under = Q()
        for path in paths:
            under |= subtree_q(path, "org_path")
        loans = (MicroLoan.objects.filter(under, scope_q(user, "members.view", "org_path"),
                                          applied_on__range=(loans_from, loans_to))
                 .values("org_path", "status").annotate(n=Count("pk"), amount=Sum("amount")).order_by())
        for item in loans:
            village = max((p for p in paths if item["org_path"].startswith(p)), key=len)
            figures = rows[village].loans[item["status"]]
            figures.count += item["n"]
            figures.amount += item["amount"]
    target = Decimal(str(policy_value(INCOME_TARGET.key)))
    units = WorkUnit.objects.filter(managed_by__in=villages, kind=WorkUnit.Kind.VILLAGE, is_closed=False)
    by_org = {v.pk: rows[v.path] for v in villages}
    for unit in units.values("managed_by_id").annotate(n=Count("pk")).order_by():
        by_org[unit["managed_by_id"]].villages = unit["n"]
    for income in VillageIncome.objects.filter(village__in=units, year=income_year).values("village__managed_by_id",
                                                                                            "amount"):
        row = by_org[income["village__managed_by_id"]]
        row.villages_reported += 1
        row.villages_at_target += income["amount"] >= target
        row.income = (row.income or ZERO) + income["amount"]
    return [rows[v.path] for v in villages]


def income_target() -> Decimal:
    """The statistics' collective income target (万元, ``economy.village_income_target``)."""
    return Decimal(str(policy_value(INCOME_TARGET.key)))


def village_incomes(village: Organization) -> list[VillageIncome]:
    """The collective income of the village units this organization manages, newest year first (statistics)."""
    return list(VillageIncome.objects.filter(village__managed_by=village).select_related("village")
                .order_by("-year", "village__name")[:20])
