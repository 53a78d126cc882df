"""Deterministic demo data (示范数据): a county shaped like a real one, or ten or a hundred of them.

The generator runs as a list of steps (``STEPS``) over a ``DemoContext``; the
member register adds its own step to the list. Organizations are inserted
level by level with ``bulk_create`` and their paths filled in afterwards, so a
province (about 80,000 organizations) loads in minutes, not hours.
"""

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from zugong.accounts.capabilities import Role
from zugong.accounts.models import RoleAssignment, User
from zugong.core.checks import run_checks
from zugong.core.dates import add_months, add_years
from zugong.core.models import AuditEvent, Finding, Installation
from zugong.core.policy import policy_int
from zugong.core.tree import child_path
from zugong.core.validators import USCC_ALPHABET, uscc_check_char
from zugong.organizations import demo_names as names
from zugong.organizations.models import (
    CommitteeMember,
    DemonstrationSite,
    Election,
    Organization,
    Rectification,
    WorkUnit,
)
from zugong.organizations.services import create_root_organization
from zugong.organizations.terms import term_policy_key

K, S, U = Organization.Kind, Organization.Sector, WorkUnit.Kind
DEMO_PASSWORD = "zugong2026"
BATCH = 2000
SCALES = {"county": 1, "city": 10, "province": 100}


@dataclass
class Node:
    name: str
    kind: str
    sector: str
    parent: "Node | None"
    units: list[dict] = field(default_factory=list)  # WorkUnit fields; covered_by = this organization
    managed_units: list[dict] = field(default_factory=list)  # units managed here but not covered
    org: Organization | None = None

    @property
    def depth(self) -> int:
        return 1 if self.parent is None else self.parent.depth + 1


@dataclass
class DemoContext:
    rng: random.Random
    today: dt.date
    scale: str
    root: Organization | None = None
    counties: list[Organization] = field(default_factory=list)
    first_townships: list[Organization] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def person_name(rng: random.Random) -> str:
    given = rng.choice(names.GIVEN_CHARS) + (rng.choice(names.GIVEN_CHARS) if rng.random() < 0.7 else "")
    return rng.choice(names.SURNAMES) + given


def place_name(rng: random.Random, used: set[str], suffix: str) -> str:
    while True:
        name = "".join(rng.sample(names.PLACE_SYLLABLES, 2)) + suffix
        if name not in used:
            used.add(name)
            return name


def credit_code(rng: random.Random, valid: bool = True) -> str:
    body = "9136" + "".join(rng.choice("0123456789") for _ in range(4)) + "".join(
        rng.choice(USCC_ALPHABET) for _ in range(9)
    )
    check = uscc_check_char(body)
    if not valid:
        check = USCC_ALPHABET[(USCC_ALPHABET.index(check) + 7) % len(USCC_ALPHABET)]
    return body + check


# --- the shape of one county ---------------------------------------------------------------


def county_nodes(rng: random.Random, parent: Node | None, county_name: str) -> list[Node]:
    county = Node(county_name, K.COMMITTEE, S.AGENCY, parent)
    nodes = [county]
    prefix = county_name.removesuffix("县委").removeprefix("示范")
    nodes += _townships(rng, county)
    nodes += _agencies(county, prefix)
    nodes += _schools(rng, county, prefix)
    nodes += _enterprises(rng, county, prefix)
    social = Node(f"{prefix}县社会组织党委", K.COMMITTEE, S.SOCIAL_ORG, county)
    nodes.append(social)
    for org_name in names.SOCIAL_ORGS:
        unit_name = org_name.replace("县", f"{prefix}县", 1)
        nodes.append(Node(f"{unit_name}党支部", K.BRANCH, S.SOCIAL_ORG, social,
                          units=[{"name": unit_name, "kind": U.SOCIAL_ORG}]))
    return nodes


def _townships(rng: random.Random, county: Node) -> list[Node]:
    nodes: list[Node] = []
    village_counts = _split(rng, 590, len(names.TOWNSHIP_NAMES), low=20)
    for index, (township_name, villages) in enumerate(zip(names.TOWNSHIP_NAMES, village_counts, strict=True)):
        township = Node(f"{township_name}党委", K.COMMITTEE, S.RURAL, county)
        nodes.append(township)
        used: set[str] = set()
        for _ in range(villages):
            village = place_name(rng, used, "村")
            unit = {"name": village, "kind": U.VILLAGE, "address": f"{township_name}{village}"}
            if rng.random() < 0.08:  # a large village: general branch with branches and groups
                general = Node(f"{village}党总支", K.GENERAL_BRANCH, S.RURAL, township, units=[unit])
                nodes.append(general)
                for number in ("第一", "第二", "第三")[: rng.randint(2, 3)]:
                    nodes.append(Node(f"{village}{number}党支部", K.BRANCH, S.RURAL, general))
            else:
                branch = Node(f"{village}党支部", K.BRANCH, S.RURAL, township, units=[unit])
                nodes.append(branch)
                if rng.random() < 0.1:
                    nodes += [Node(f"{village}{n}党小组", K.GROUP, S.RURAL, branch) for n in ("第一", "第二")]
                if rng.random() < 0.03:
                    nodes.append(Node(f"{village}流动党支部", K.MOBILE_BRANCH, S.RURAL, branch.parent))
        if index < 3:  # the towns with streets have communities
            for _ in range(rng.randint(3, 6)):
                community = place_name(rng, used, "社区")
                nodes.append(Node(f"{community}党支部", K.BRANCH, S.COMMUNITY, township,
                                  units=[{"name": community, "kind": U.COMMUNITY}]))
    return nodes


def _agencies(county: Node, prefix: str) -> list[Node]:
    working = Node(f"{prefix}县直机关工委", K.WORKING_COMMITTEE, S.AGENCY, county)
    nodes = [working]
    for agency in names.AGENCIES:
        unit_name = agency.replace("县", f"{prefix}县", 1) if agency.startswith("县") else f"{prefix}{agency}"
        sector = S.INSTITUTION if agency.endswith(("医院", "中心", "馆", "党校")) else S.AGENCY
        kind = U.INSTITUTION if sector == S.INSTITUTION else U.AGENCY
        nodes.append(Node(f"{unit_name}机关党支部", K.BRANCH, sector, working, units=[{"name": unit_name, "kind": kind}]))
    return nodes


def _schools(rng: random.Random, county: Node, prefix: str) -> list[Node]:
    education = Node(f"{prefix}县教育系统党委", K.COMMITTEE, S.SCHOOL, county)
    nodes = [education]
    schools = [f"{prefix}县{kind}" for kind in names.SCHOOL_KINDS]
    schools += [f"{prefix}县{t}中心小学" for t in names.TOWNSHIP_NAMES]
    schools += [f"{prefix}县{t}初级中学" for t in names.TOWNSHIP_NAMES[:15]]
    for school in schools:
        nodes.append(Node(f"{school}党支部", K.BRANCH, S.SCHOOL, education,
                          units=[{"name": school, "kind": U.SCHOOL, "employee_count": rng.randint(25, 180)}]))
    return nodes


def _enterprises(rng: random.Random, county: Node, prefix: str) -> list[Node]:
    committee = Node(f"{prefix}县非公有制经济组织党委", K.COMMITTEE, S.PRIVATE_ENTERPRISE, county)
    units: list[dict] = []
    used: set[str] = set()
    for index in range(90):
        while (name := f"{prefix}县{rng.choice(names.ENTERPRISE_WORDS)}{rng.choice(names.ENTERPRISE_TRADES)}有限公司") in used:
            pass
        used.add(name)
        band = rng.random()
        employees = rng.randint(50, 600) if band < 0.3 else rng.randint(30, 49) if band < 0.5 else rng.randint(5, 29)
        units.append({
            "name": name, "kind": U.PRIVATE_ENTERPRISE, "employee_count": employees,
            "is_above_scale": employees >= 50 and rng.random() < 0.8,
            "credit_code": credit_code(rng, valid=index % 40 != 7),  # a couple of old codes fail the check
        })
    units.sort(key=lambda u: -u["employee_count"])
    nodes = [committee]
    # The larger enterprises have their own branch; joint branches cover groups of smaller ones.
    for unit in units[:24]:
        nodes.append(Node(f"{unit['name']}党支部", K.BRANCH, S.PRIVATE_ENTERPRISE, committee, units=[unit]))
    rest = units[24:]
    cursor = 0
    for number in range(1, 11):
        size = rng.randint(2, 5)
        covered, cursor = rest[cursor : cursor + size], cursor + size
        nodes.append(Node(f"{prefix}县非公企业第{number}联合党支部", K.JOINT_BRANCH, S.PRIVATE_ENTERPRISE,
                          committee, units=covered))
    committee.managed_units = rest[cursor:]  # not covered by any organization yet
    return nodes


def _split(rng: random.Random, total: int, parts: int, low: int) -> list[int]:
    counts = [low] * parts
    for _ in range(total - low * parts):
        counts[rng.randrange(parts)] += 1
    return counts


# --- writing -----------------------------------------------------------------------------------


def insert_nodes(nodes: list[Node]) -> None:
    """Insert level by level: each level's parents already have their ids and paths."""
    for depth in sorted({n.depth for n in nodes}):
        level = [n for n in nodes if n.depth == depth and n.org is None]
        objs = [
            Organization(name=n.name, kind=n.kind, sector=n.sector, parent=n.parent.org if n.parent else None,
                         path=f"new-{depth}-{i}", depth=depth)
            for i, n in enumerate(level)
        ]
        Organization.objects.bulk_create(objs, batch_size=BATCH)
        for node, obj in zip(level, objs, strict=True):
            obj.path = child_path(node.parent.org.path if node.parent and node.parent.org else None, obj.pk)
            node.org = obj
        Organization.objects.bulk_update(objs, ["path"], batch_size=BATCH)
    units = []
    for node in nodes:
        units += [WorkUnit(managed_by=node.org, covered_by=node.org, **fields) for fields in node.units]
        units += [WorkUnit(managed_by=node.org, covered_by=None, **fields) for fields in node.managed_units]
    WorkUnit.objects.bulk_create(units, batch_size=BATCH)


def insert_elections(ctx: DemoContext, orgs: list[Organization]) -> None:
    rng, today = ctx.rng, ctx.today
    term_years: dict[str, int] = {}
    elections, members = [], []
    for org in orgs:
        if not org.has_term:
            continue
        key = term_policy_key(org)
        years = term_years.setdefault(key, policy_int(key))
        roll = rng.random()
        if roll < 0.02:
            continue  # no election on record
        if roll < 0.07:
            ends_on = add_months(today, rng.randint(1, 5))  # due within the reminder lead time
        elif roll < 0.10:
            ends_on = add_months(today, -rng.randint(1, 10))  # overdue
        else:
            ends_on = add_months(today, rng.randint(7, 12 * years - 1))
        elected_on = add_years(ends_on, -years)
        seats = rng.choice((3, 5, 5, 7)) if org.kind != K.BRANCH else rng.choice((3, 3, 5))
        election = Election(organization=org, elected_on=elected_on, term_years=years, term_ends_on=ends_on,
                            seats=seats, candidates_count=seats + rng.choice((0, 1, 1, 2)))
        elections.append(election)
        has_secretary = rng.random() > 0.02
        for index in range(rng.randint(2, seats)):
            position = CommitteeMember.Position.SECRETARY if index == 0 and has_secretary else (
                CommitteeMember.Position.DEPUTY_SECRETARY if index == 1 else CommitteeMember.Position.MEMBER)
            members.append(CommitteeMember(organization=org, election=election, name=person_name(rng),
                                           position=position, started_on=elected_on))
    Election.objects.bulk_create(elections, batch_size=BATCH)
    CommitteeMember.objects.bulk_create(members, batch_size=BATCH)  # election ids were set by bulk_create


def insert_flags(ctx: DemoContext, orgs: list[Organization]) -> None:
    rng, today = ctx.rng, ctx.today
    grassroots = [o for o in orgs if o.sector in (S.RURAL, S.COMMUNITY) and o.kind in (K.BRANCH, K.GENERAL_BRANCH)
                  and o.parent and o.parent.kind == K.COMMITTEE]
    reasons = ("班子不团结、软弱无力", "组织生活不正常、党员教育管理缺失", "集体经济薄弱、服务群众能力不强")
    weak = rng.sample(grassroots, k=min(6, len(grassroots)))
    Rectification.objects.bulk_create(
        Rectification(organization=o, started_on=add_months(today, -rng.randint(1, 8)), reason=rng.choice(reasons),
                      plan="县级领导联系、第一书记驻村、每月督导一次") for o in weak
    )
    candidates = [o for o in grassroots if o not in weak]
    sites = rng.sample(candidates, k=min(66, len(candidates)))
    DemonstrationSite.objects.bulk_create(
        DemonstrationSite(organization=o, level=DemonstrationSite.Level.COUNTY if i < 50 else DemonstrationSite.Level.CITY,
                          title=f"{o.name.removesuffix('党支部').removesuffix('党总支')}基层党建示范点",
                          named_on=add_months(today, -rng.randint(3, 36)))
        for i, o in enumerate(sites)
    )


# --- steps ---------------------------------------------------------------------------------------


def build_tree(ctx: DemoContext) -> None:
    root_name = {"county": "示范县委", "city": "示范市委", "province": "示范省委"}[ctx.scale]
    ctx.root = create_root_organization(root_name)
    root = Node(root_name, K.COMMITTEE, S.AGENCY, None, org=ctx.root)
    if ctx.scale == "county":
        county_parents: list[Node | None] = [None]
    elif ctx.scale == "city":
        county_parents = [root] * 10
    else:
        cities = [Node(f"{c}市委", K.COMMITTEE, S.AGENCY, root) for c in _unique_places(ctx.rng, 10)]
        insert_nodes(cities)
        county_parents = [city for city in cities for _ in range(10)]
    county_names = _unique_places(ctx.rng, len(county_parents))
    for parent, place in zip(county_parents, county_names, strict=True):
        nodes = county_nodes(ctx.rng, parent, root_name if parent is None else f"{place}县委")
        if parent is None:
            nodes[0].org = ctx.root  # the county is the root itself
        with transaction.atomic():
            insert_nodes(nodes)
            orgs = [n.org for n in nodes if n.org is not None]
            insert_elections(ctx, orgs)
            insert_flags(ctx, orgs)
        ctx.counties += [o for o in [nodes[0].org] if o is not None]
        ctx.first_townships += [next(n.org for n in nodes if n.kind == K.COMMITTEE and n.sector == S.RURAL
                                     and n.org is not None)]


def _unique_places(rng: random.Random, count: int) -> list[str]:
    used: set[str] = set()
    return [place_name(rng, used, "") for _ in range(count)]


def create_demo_users(ctx: DemoContext) -> None:
    township = ctx.first_townships[0]
    other = Organization.objects.filter(parent=township.parent, kind=K.COMMITTEE, sector=S.RURAL).exclude(
        pk=township.pk).order_by("path").first()
    village = Organization.objects.filter(parent=township, kind=K.BRANCH, sector=S.RURAL).order_by("path").first()
    assert other is not None and village is not None and ctx.root is not None  # the demo tree always has them
    personas = [
        ("admin", "组织部管理员", Role.DEPARTMENT_ADMIN, ctx.root),
        ("township", f"{township.name.removesuffix('党委')}组织委员", Role.OPERATOR, township),
        ("branch", f"{village.name.removesuffix('党支部')}支部书记", Role.BRANCH_SECRETARY, village),
        ("inspector", "督查员", Role.INSPECTOR, ctx.root),
        ("outsider", f"{other.name.removesuffix('党委')}组织委员", Role.OPERATOR, other),
        ("keeper", "举报人身份查看人", Role.IDENTITY_KEEPER, ctx.root),
    ]
    for username, display_name, role, org in personas:
        user = User.objects.create_user(username=username, password=DEMO_PASSWORD, display_name=display_name)
        RoleAssignment.objects.create(user=user, role=role, organization=org)
        if role == Role.IDENTITY_KEEPER:
            # The named person reads a report before its reporter's identity: the read-only view of the county too
            # (the identity role alone opens no report page).
            RoleAssignment.objects.create(user=user, role=Role.INSPECTOR, organization=org)


def refresh_findings(ctx: DemoContext) -> None:
    run_checks(today=ctx.today)


STEPS: list[Callable[[DemoContext], None]] = [build_tree, create_demo_users, refresh_findings]


def register_step(step: Callable[[DemoContext], None]) -> None:
    """Later modules (members, cadres …) add their data after the tree, before the checks run."""
    if step not in STEPS:
        STEPS.insert(STEPS.index(refresh_findings), step)
DEMO_USERNAMES = ("admin", "township", "branch", "inspector", "outsider", "keeper")


def has_data() -> bool:
    return Organization.objects.exists()


DEPARTMENT_REFUSAL = ("此数据库已由 setup_site 初始化为正式使用，不能载入或重置示范数据"
                      "（示范账号的密码是公开的）。")


class DepartmentDatabase(Exception):
    """The database was set up for a department (``setup_site``): demo data never goes into it."""


def is_department_database() -> bool:
    return Installation.objects.filter(kind=Installation.Kind.DEPARTMENT).exists()


def _refuse_on_department_database() -> None:
    if is_department_database():
        raise DepartmentDatabase(DEPARTMENT_REFUSAL)


# Later modules add the tables they fill (deleted first, before the tree).
RESET_MODELS: list = []


def reset() -> None:
    _refuse_on_department_database()
    with transaction.atomic():
        for model in RESET_MODELS:
            model.objects.all().delete()
        Finding.all_objects.all().delete()  # closed and resolved ones too (Finding.objects is the open ones)
        AuditEvent.objects.all().delete()
        RoleAssignment.objects.all().delete()
        User.objects.filter(username__in=DEMO_USERNAMES).delete()
        CommitteeMember.objects.all().delete()
        Election.objects.all().delete()
        Rectification.objects.all().delete()
        DemonstrationSite.objects.all().delete()
        WorkUnit.objects.all().delete()
        for depth in Organization.objects.order_by("-depth").values_list("depth", flat=True).distinct():
            Organization.objects.filter(depth=depth).delete()


def generate(scale: str = "county", seed: int = 1, today: dt.date | None = None) -> DemoContext:
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}")
    _refuse_on_department_database()
    ctx = DemoContext(rng=random.Random(seed), today=today or timezone.localdate(), scale=scale)
    for step in STEPS:
        step(ctx)
    # The marker that this database holds the demo, whose passwords everyone knows.
    Installation.objects.update_or_create(pk=1, defaults={"kind": Installation.Kind.DEMO})
    return ctx
