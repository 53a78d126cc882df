"""Access to organizations and work units (the only way views, the API and tasks get them)."""

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.functional import Promise

from zugong.core.access import get_in_scope, scope_q
from zugong.organizations.models import CommitteeMember, Organization, WorkUnit


def organizations_visible_to(user, capability: str = "organizations.view"):
    return Organization.objects.filter(scope_q(user, capability, "path"))


def access_organization(user, pk, for_change: bool = False, capability: str | None = None) -> Organization:
    capability = capability or ("organizations.change" if for_change else "organizations.view")
    return get_in_scope(organizations_visible_to(user, capability).select_related("parent"), pk)


def work_units_visible_to(user, capability: str = "organizations.view"):
    return WorkUnit.objects.filter(scope_q(user, capability, "managed_by__path"))


def access_work_unit(user, pk, for_change: bool = False) -> WorkUnit:
    capability = "organizations.change" if for_change else "organizations.view"
    return get_in_scope(work_units_visible_to(user, capability).select_related("managed_by", "covered_by"), pk)


def scope_roots(user, capability: str = "organizations.view"):
    """The top organizations of the user's scope: where their tree starts."""
    return Organization.objects.filter(path__in=user.scope_prefixes(capability)).order_by("path")


def with_child_counts(queryset):
    return queryset.annotate(
        open_children=Count("children", filter=Q(children__is_closed=False), distinct=True)
    )


def with_secretary_flag(queryset):
    secretary = CommitteeMember.objects.filter(
        organization=OuterRef("pk"), position=CommitteeMember.Position.SECRETARY, ended_on__isnull=True
    )
    return queryset.annotate(has_secretary=Exists(secretary))


def kind_counts(queryset) -> list[tuple[str | Promise, int]]:
    labels = dict(Organization.Kind.choices)
    rows = queryset.open().values("kind").annotate(n=Count("pk")).order_by("kind")
    counts = {row["kind"]: row["n"] for row in rows}
    return [(labels[k], counts[k]) for k in labels if counts.get(k)]


def current_secretary(org: Organization) -> CommitteeMember | None:
    return org.committee_members.filter(
        position=CommitteeMember.Position.SECRETARY, ended_on__isnull=True
    ).first()
