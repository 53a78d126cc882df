"""Use cases of the organization tree: create, edit, move, close, elections, flags.

Each runs in one transaction, refuses bad input with a Chinese ``DomainError``
naming the field, writes its audit event, and refreshes the findings of the
records it touched once the transaction commits.

Each decides under a lock (``core.locks``) on the organization it changes or creates under, reading it again
first: of two pages sent at once the second sees the first's outcome. Closing takes the strongest lock, so
no child or member can enter meanwhile; moves are taken one at a time (they lock the top of the tree).
"""

import datetime as dt
from collections.abc import Callable

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone

from zugong.core.access import DomainError, path_in_scope
from zugong.core.audit import record_event, snapshot
from zugong.core.checks import run_checks
from zugong.core.dates import add_years
from zugong.core.locks import lock, lock_all
from zugong.core.models import AuditEvent
from zugong.core.policy import policy_int
from zugong.core.submissions import constraint_message
from zugong.core.tree import child_path, depth_of, path_ids, subtree_q
from zugong.core.validators import uscc_problem
from zugong.organizations.models import (
    CommitteeMember,
    DemonstrationSite,
    Election,
    ElectionCandidate,
    Organization,
    Rectification,
    WorkUnit,
)
from zugong.organizations.terms import term_policy_key

# Other apps register what keeps an organization from being closed (members still in it …):
# each returns a Chinese reason, or None.
CLOSE_BLOCKERS: list[Callable[[Organization], str | None]] = []
# Records that keep a copy of their organization's path (for fast subtree lists) rewrite it when a subtree
# moves: each is called with (old prefix, new prefix) inside the move's transaction.
PATH_FOLLOWERS: list[Callable[[str, str], None]] = []

# What a page says when the database refuses a write that raced past a service's own check.
constraint_message("unique_open_organization_name_per_parent",
                   "同一上级党组织下已有同名的党组织（可能是他人刚刚新建），未作更改")
constraint_message("one_open_rectification", "该党组织已在软弱涣散整顿中（可能是他人刚刚列入），未作更改")
constraint_message("one_current_site_per_level", "该党组织已是该级别的示范点（可能是他人刚刚命名），未作更改")
constraint_message("election_term_ends_after_start", "届满日期不能早于选举日期")
constraint_message("election_candidates_cover_seats", "候选人数不能少于应选名额")
constraint_message("election_candidate_position", "该选举的候选人名单已登记（可能是他人刚刚据票决登记），未作更改")


def follow_moves(model, field: str = "org_path") -> None:
    """Register a model whose ``field`` copies its organization's path: a moved subtree rewrites it."""

    def follow(old_prefix: str, new_prefix: str) -> None:
        model._default_manager.filter(subtree_q(old_prefix, field)).update(
            **{field: Concat(Value(new_prefix), Substr(field, len(old_prefix) + 1))})

    PATH_FOLLOWERS.append(follow)


def _require(actor, capability: str, org: Organization) -> None:
    if not path_in_scope(actor, capability, org.path):
        raise DomainError(f"您无权在「{org}」范围内进行此操作")


def _refresh_findings(prefix: str) -> None:
    transaction.on_commit(lambda: run_checks(prefix))


def _check_placement(org_kind: str, name: str, parent: Organization, exclude_pk=None) -> None:
    if parent.is_closed:
        raise DomainError(f"「{parent}」已撤销，不能在其下设立或调入组织", field="parent")
    if parent.kind in Organization.LEAF_KINDS:
        raise DomainError("党小组下不能设立下级组织", field="parent")
    if parent.kind in Organization.BRANCH_KINDS and org_kind != Organization.Kind.GROUP:
        raise DomainError(f"「{parent}」是{parent.get_kind_display()}，其下只能设立党小组", field="parent")
    siblings = parent.children.filter(is_closed=False, name=name).exclude(pk=exclude_pk)
    if siblings.exists():
        raise DomainError(f"「{parent}」下已有名为「{name}」的党组织", field="name")


def _clean_name(name: str | None) -> str:
    name = (name or "").strip()
    if not name:
        raise DomainError("请填写党组织名称", field="name")
    return name


def _check_kind_change(org: Organization, new_kind: str) -> None:
    """A new kind must still fit the tree: under a branch only groups; a branch holds only groups."""
    parent = org.parent
    if parent is not None and parent.kind in Organization.BRANCH_KINDS and new_kind != Organization.Kind.GROUP:
        raise DomainError(f"「{parent}」是{parent.get_kind_display()}，其下只能设立党小组", field="kind")
    if new_kind in Organization.LEAF_KINDS and org.children.filter(is_closed=False).exists():
        raise DomainError(f"「{org}」还有下级组织，不能改为党小组", field="kind")
    if (
        new_kind in Organization.BRANCH_KINDS
        and org.children.filter(is_closed=False).exclude(kind=Organization.Kind.GROUP).exists()
    ):
        raise DomainError(
            f"「{org}」还有党小组以外的下级组织，不能改为{Organization.Kind(new_kind).label}", field="kind"
        )


def create_organization(actor, parent: Organization, **fields) -> Organization:
    _require(actor, "organizations.change", parent)
    fields["name"] = _clean_name(fields.get("name"))
    with transaction.atomic():
        lock(parent)  # its path and state as they are now: not closed or moved meanwhile
        _require(actor, "organizations.change", parent)
        _check_placement(fields["kind"], fields["name"], parent)
        org = Organization(parent=parent, path=f"new-{timezone.now().timestamp()}", **fields)
        org.save()
        org.path = child_path(parent.path, org.pk)
        org.depth = depth_of(org.path)
        org.save(update_fields=["path", "depth"])
        record_event(actor, AuditEvent.Action.CREATE, org)
        _refresh_findings(org.path)
    return org


def update_organization(actor, org: Organization, **fields) -> Organization:
    _require(actor, "organizations.change", org)
    if "name" in fields:
        fields["name"] = _clean_name(fields["name"])
    with transaction.atomic():
        lock(org)
        if org.is_closed:
            raise DomainError(f"「{org}」已撤销，不能修改")
        if fields.get("kind", org.kind) != org.kind:
            _check_kind_change(org, fields["kind"])
        if org.parent is not None and fields.get("name", org.name) != org.name:
            _check_placement(fields.get("kind", org.kind), fields["name"], org.parent, exclude_pk=org.pk)
        before = snapshot(org)
        for name, value in fields.items():
            setattr(org, name, value)
        org.save()
        record_event(actor, AuditEvent.Action.UPDATE, org, before=before)
        _refresh_findings(org.path)
    return org


def _check_move(actor, org: Organization, new_parent: Organization) -> Organization:
    old_parent = org.parent
    if old_parent is None:
        raise DomainError("最高层党组织不能调整隶属关系", field="parent")
    # Restructuring belongs to whoever holds the organization's parent, not the organization itself.
    _require(actor, "organizations.change", old_parent)
    _require(actor, "organizations.change", new_parent)
    if new_parent.path.startswith(org.path):
        raise DomainError(f"不能把「{org}」调整到它自己或它的下级组织「{new_parent}」之下", field="parent")
    if new_parent.pk == org.parent_id:
        raise DomainError(f"「{org}」已隶属于「{new_parent}」", field="parent")
    _check_placement(org.kind, org.name, new_parent, exclude_pk=org.pk)
    return old_parent


def _lock_for_move(org: Organization, new_parent: Organization) -> None:
    """One move at a time (the tops of the trees are locked first, in order), then the moved subtree and the
    new parent as they are now: a child created meanwhile under the subtree is waited for and moved too."""
    lock_all(Organization.objects.filter(pk__in={path_ids(org.path)[0], path_ids(new_parent.path)[0]}))
    lock(org)
    lock(new_parent)
    lock_all(Organization.objects.under(org.path))


def move_organization(actor, org: Organization, new_parent: Organization) -> Organization:
    _check_move(actor, org, new_parent)
    with transaction.atomic():
        _lock_for_move(org, new_parent)
        old_parent = _check_move(actor, org, new_parent)
        old_path = org.path
        new_path = child_path(new_parent.path, org.pk)
        # One UPDATE rewrites the whole subtree's paths and depths.
        Organization.objects.under(old_path).update(
            path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
            depth=F("depth") + (depth_of(new_path) - depth_of(old_path)),
        )
        Organization.objects.filter(pk=org.pk).update(parent=new_parent)
        for follow in PATH_FOLLOWERS:
            follow(old_path, new_path)
        org.refresh_from_db()
        record_event(
            actor, AuditEvent.Action.MOVE, org, changes={"上级党组织": [str(old_parent), str(new_parent)]}
        )
        # Findings under the old path are stale wherever they were stored.
        transaction.on_commit(lambda: (run_checks(old_path), run_checks(new_path)))
    return org


def _check_closable(actor, org: Organization, closed_on: dt.date, reason: str) -> None:
    if org.is_closed:
        raise DomainError(f"「{org}」已于 {org.closed_on} 撤销")
    if org.parent is None:
        raise DomainError("最高层党组织不能撤销")
    _require(actor, "organizations.change", org.parent)
    open_children = list(org.children.filter(is_closed=False).values_list("name", flat=True)[:3])
    if open_children:
        count = org.children.filter(is_closed=False).count()
        raise DomainError(
            f"「{org}」还有 {count} 个未撤销的下级组织（如「{open_children[0]}」），请先调整或撤销下级组织"
        )
    if org.work_units.filter(is_closed=False).exists():
        raise DomainError(f"「{org}」仍覆盖着单位，请先为这些单位调整覆盖的党组织")
    if org.managed_units.filter(is_closed=False).exists():
        raise DomainError(f"「{org}」仍主管着单位，请先为这些单位调整主管党组织")
    for blocker in CLOSE_BLOCKERS:
        if blocked := blocker(org):
            raise DomainError(blocked)
    if closed_on > timezone.localdate():
        raise DomainError("撤销日期不能晚于今天", field="closed_on")
    if not reason.strip():
        raise DomainError("请填写撤销原因", field="reason")


def close_organization(actor, org: Organization, closed_on: dt.date, reason: str) -> Organization:
    _check_closable(actor, org, closed_on, reason)
    with transaction.atomic():
        # FOR UPDATE, not the lighter lock: a child or member being added under it is waited for, then seen.
        org.refresh_from_db(from_queryset=Organization.objects.select_for_update())
        _check_closable(actor, org, closed_on, reason)
        before = snapshot(org)
        org.is_closed, org.closed_on, org.close_reason = True, closed_on, reason.strip()
        org.save(update_fields=["is_closed", "closed_on", "close_reason"])
        CommitteeMember.objects.filter(organization=org, ended_on__isnull=True).update(ended_on=closed_on)
        record_event(actor, AuditEvent.Action.CLOSE, org, before=before)
        _refresh_findings(org.path)
    return org


def record_election(
    actor,
    org: Organization,
    *,
    elected_on: dt.date,
    seats: int,
    candidates_count: int,
    elected: list[tuple[str, str]],
    method: str = Election.Method.MEMBERS_MEETING,
    term_ends_on: dt.date | None = None,
    notes: str = "",
    candidates: list[ElectionCandidate] | None = None,
    ballot_reference: str = "",
) -> Election:
    """Record an election: the new committee replaces the old one and the term restarts.

    ``candidates`` and ``ballot_reference`` come with an election recorded from a sealed ballot
    (``elections.record_from_ballot``); a hand record has neither."""
    _require(actor, "organizations.elections", org)
    if not org.has_term:
        raise DomainError(f"{org.get_kind_display()}不进行换届选举")
    if elected_on > timezone.localdate():
        raise DomainError("选举日期不能晚于今天", field="elected_on")
    if seats < 1:
        raise DomainError("应选名额至少为 1", field="seats")
    if candidates_count < seats:
        raise DomainError(f"候选人数（{candidates_count}）不能少于应选名额（{seats}）", field="candidates_count")
    if len(elected) > seats:
        raise DomainError(f"当选人数（{len(elected)}）超过应选名额（{seats}）", field="elected")
    secretaries = [name for name, position in elected if position == CommitteeMember.Position.SECRETARY]
    if len(secretaries) > 1:
        raise DomainError("当选人员中只能有一名书记", field="elected")
    term_years = policy_int(term_policy_key(org))
    ends_on = term_ends_on or add_years(elected_on, term_years)
    if ends_on <= elected_on:
        raise DomainError(f"届满日期（{ends_on}）不能早于选举日期（{elected_on}）", field="term_ends_on")
    with transaction.atomic():
        lock(org)  # elections of one organization are recorded one at a time, each seeing the one before
        _check_after_latest_election(org, elected_on)
        if ballot_reference:
            used = Election.objects.filter(ballot_reference=ballot_reference).select_related("organization").first()
            if used is not None:
                raise DomainError(f"票决 #{ballot_reference} 的结果已登记为「{used}」，不能重复登记", field="ballot")
        election = Election.objects.create(
            organization=org, elected_on=elected_on, method=method, term_years=term_years,
            term_ends_on=ends_on, seats=seats, candidates_count=candidates_count, notes=notes,
            recorded_by=actor if actor.is_authenticated else None, ballot_reference=ballot_reference,
        )
        for candidate in candidates or []:
            candidate.election = election
        ElectionCandidate.objects.bulk_create(candidates or [])
        CommitteeMember.objects.filter(organization=org, ended_on__isnull=True).update(ended_on=elected_on)
        CommitteeMember.objects.bulk_create(
            CommitteeMember(organization=org, election=election, name=name, position=position, started_on=elected_on)
            for name, position in elected
        )
        record_event(
            actor, AuditEvent.Action.ELECTION, election, subject=org,
            changes={
                **{k: [None, v] for k, v in snapshot(election, exclude=("organization", "recorded_by")).items()},
                "当选人员": [None, "、".join(f"{n}（{dict(CommitteeMember.Position.choices)[p]}）" for n, p in elected)],
                **({"候选人得票": [None, "、".join(f"{c.name}{c.votes}票" for c in candidates)],
                    "计票结果": [None, f"票决 #{ballot_reference}"]} if candidates else {}),
            },
        )
        _refresh_findings(org.path)
    return election


def _check_after_latest_election(org: Organization, elected_on: dt.date) -> None:
    if org.is_closed:
        raise DomainError(f"「{org}」已撤销，不能登记换届")
    latest = org.elections.first()
    if latest is not None and elected_on == latest.elected_on:
        raise DomainError(f"「{org}」{elected_on}的换届选举已经登记，不能重复登记", field="elected_on")
    if latest is not None and elected_on < latest.elected_on:
        # The new committee replaces the current one: an older election would end it before it began.
        raise DomainError(
            f"选举日期（{elected_on}）不能早于已登记的最近一次换届选举（{latest.elected_on}）", field="elected_on"
        )


def _clean_unit_name(name: str | None) -> str:
    name = (name or "").strip()
    if not name:
        raise DomainError("请填写单位名称", field="name")
    return name


def _check_unit(fields: dict) -> list[str]:
    warnings = []
    if fields.get("credit_code"):
        fields["credit_code"] = fields["credit_code"].strip().upper()
        problem = uscc_problem(fields["credit_code"])
        if problem:
            warnings.append(problem)
    if fields.get("is_above_scale") and fields.get("kind") not in WorkUnit.ENTERPRISE_KINDS:
        raise DomainError("只有企业才能标记为规模以上", field="is_above_scale")
    return warnings


def create_work_unit(actor, **fields) -> tuple[WorkUnit, list[str]]:
    """Create a unit; returns it with warnings (e.g. a credit code failing its check digit)."""
    _require(actor, "organizations.change", fields["managed_by"])
    if fields.get("covered_by") is not None:
        _require(actor, "organizations.view", fields["covered_by"])
    fields["name"] = _clean_unit_name(fields.get("name"))
    warnings = _check_unit(fields)
    with transaction.atomic():
        unit = WorkUnit.objects.create(**fields)
        record_event(actor, AuditEvent.Action.CREATE, unit)
    return unit, warnings


def update_work_unit(actor, unit: WorkUnit, **fields) -> tuple[WorkUnit, list[str]]:
    _require(actor, "organizations.change", unit.managed_by)
    _require(actor, "organizations.change", fields.get("managed_by", unit.managed_by))
    if fields.get("covered_by") is not None:
        _require(actor, "organizations.view", fields["covered_by"])
    if "name" in fields:
        fields["name"] = _clean_unit_name(fields["name"])
    warnings = _check_unit({"kind": unit.kind, **fields})
    if "credit_code" in fields and fields["credit_code"]:
        fields["credit_code"] = fields["credit_code"].strip().upper()
    with transaction.atomic():
        lock(unit)  # the history's "before" is the row as it is now, not as the page loaded it
        before = snapshot(unit)
        for name, value in fields.items():
            setattr(unit, name, value)
        unit.save()
        record_event(actor, AuditEvent.Action.UPDATE, unit, before=before)
    return unit, warnings


def close_work_unit(actor, unit: WorkUnit, closed_on: dt.date) -> WorkUnit:
    _require(actor, "organizations.change", unit.managed_by)
    with transaction.atomic():
        lock(unit)
        if unit.is_closed:
            raise DomainError(f"「{unit}」已于 {unit.closed_on} 注销，未作更改")
        before = snapshot(unit)
        unit.is_closed, unit.closed_on = True, closed_on
        unit.save(update_fields=["is_closed", "closed_on"])
        record_event(actor, AuditEvent.Action.CLOSE, unit, before=before)
    return unit


def _check_no_open_rectification(org: Organization) -> None:
    if org.rectifications.filter(closed_on__isnull=True).exists():
        raise DomainError(f"「{org}」已在软弱涣散整顿中")


def start_rectification(actor, org: Organization, *, started_on: dt.date, reason: str, plan: str = "") -> Rectification:
    _require(actor, "organizations.change", org)
    if not reason.strip():
        raise DomainError("请填写软弱涣散原因", field="reason")
    with transaction.atomic():
        lock(org)
        _check_no_open_rectification(org)
        item = Rectification.objects.create(organization=org, started_on=started_on, reason=reason.strip(), plan=plan)
        record_event(actor, AuditEvent.Action.CREATE, item, subject=org)
    return item


def close_rectification(actor, item: Rectification, *, closed_on: dt.date, note: str) -> Rectification:
    _require(actor, "organizations.change", item.organization)
    if closed_on < item.started_on:
        raise DomainError(f"销号日期不能早于列入整顿日期（{item.started_on}）", field="closed_on")
    with transaction.atomic():
        lock(item)
        if item.closed_on:
            raise DomainError(f"该整顿已于{item.closed_on}销号，未作更改")
        before = snapshot(item)
        item.closed_on, item.close_note = closed_on, note
        item.save(update_fields=["closed_on", "close_note"])
        record_event(actor, AuditEvent.Action.UPDATE, item, before=before, subject=item.organization)
    return item


def _check_not_named(org: Organization, level: str) -> None:
    if org.demonstration_sites.filter(level=level, revoked_on__isnull=True).exists():
        raise DomainError(f"「{org}」已是{DemonstrationSite.Level(level).label}示范点", field="level")


def name_demonstration_site(actor, org: Organization, *, level: str, title: str, named_on: dt.date) -> DemonstrationSite:
    _require(actor, "organizations.change", org)
    with transaction.atomic():
        lock(org)
        _check_not_named(org, level)
        site = DemonstrationSite.objects.create(organization=org, level=level, title=title, named_on=named_on)
        record_event(actor, AuditEvent.Action.CREATE, site, subject=org)
    return site


def create_root_organization(
    name: str, sector: str = Organization.Sector.AGENCY, kind: str = Organization.Kind.COMMITTEE
) -> Organization:
    """The county (or city) committee at the top of the tree; used by set-up and demo data only."""
    with transaction.atomic():
        org = Organization.objects.create(name=name, kind=kind, sector=sector, path=f"new-{name}")
        org.path, org.depth = child_path(None, org.pk), 1
        org.save(update_fields=["path", "depth"])
    return org
