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


def tree_choice_options(form, name: str, levels: int = 2) -> None:
    """Offer in a tree select only the top of the field's queryset: its roots and ``levels`` below them.

    A province's 100,000 organizations would make a page of options no one can use; any organization of
    the queryset is still accepted (a link from the tree, a bookmarked filter) and shown when chosen.
    """
    field = form.fields[name]
    queryset = field.queryset
    top = queryset.order_by("depth").values_list("depth", flat=True).first()
    if top is None:
        return
    shown = list(queryset.filter(depth__lte=top + levels).order_by("path"))
    selected = str(form[name].value() or "")
    if selected.isdigit() and not any(str(o.pk) == selected for o in shown):
        shown += list(queryset.filter(pk=selected))
    choices = [("", field.empty_label)] if field.empty_label is not None else []
    field.widget.choices = choices + [(o.pk, field.label_from_instance(o)) for o in shown]


def tree_filter_field(form, name: str, organizations, empty_label) -> None:
    """A filter's organization select: the given organizations, indented by depth, the top levels offered."""
    field = form.fields[name]
    field.queryset = organizations
    field.empty_label = empty_label
    field.label_from_instance = lambda o: f"{'　' * (o.depth - 1)}{o.name}"
    tree_choice_options(form, name)
