"""Demo pairing aid (示范结对帮扶): county agencies paired with the weakest villages (lowest collective income last
year), 13 projects with 6,012,000 yuan in place and 71 venues with 3,219,100 yuan — seed 000's "13 projects, 600
余万元; 71 venues, 321.91万元" — visits, and 472 party members' loans with 11,530,000 yuan granted (seed 002's
"472名党员 … 1153万元"), a few more only applied for. Written in bulk."""

import datetime as dt
from decimal import Decimal

from zugong.members.models import Member
from zugong.organizations import demo
from zugong.organizations.models import Organization, WorkUnit
from zugong.pairing.models import MicroLoan, Pairing, Project, Venue, Visit
from zugong.statistics.models import VillageIncome

PAIRINGS = 28  # seed 000: 28 work groups, each helping one weak village
PROJECTS, PROJECT_FUNDS = 13, Decimal("6012000.00")
VENUES, VENUE_FUNDS = 71, Decimal("3219100.00")
LOANS, LOAN_FUNDS, APPLIED = 472, Decimal("11530000.00"), 25
KINDS = ("industry", "industry", "infrastructure", "livelihood", "other")
TITLES = ("特色种植基地", "生猪养殖场", "村道硬化", "安全饮水工程", "光伏发电", "农产品加工厂", "乡村旅游",
          "茶叶基地", "电商服务站", "蔬菜大棚", "油茶林改造", "文化广场", "水利灌溉")
BANKS = ("县农村商业银行", "中国邮政储蓄银行", "中国农业银行", "县村镇银行")
PURPOSES = ("发展特色种植", "扩大养殖规模", "开办农家乐", "购置农机", "开网店销售农产品", "开办加工作坊")


def _split(total: Decimal, parts: int, rng, low: float = 0.5, high: float = 1.5, unit: Decimal = Decimal("100")
           ) -> list[Decimal]:
    """``parts`` amounts (each a multiple of ``unit``) adding up to ``total`` exactly."""
    weights = [rng.uniform(low, high) for _ in range(parts)]
    scale = sum(weights)
    amounts = [(total * Decimal(f"{w / scale:.6f}") / unit).to_integral_value() * unit for w in weights]
    amounts[-1] += total - sum(amounts)
    return amounts


def add_pairing(ctx: demo.DemoContext) -> None:
    if ctx.scale != "county":
        return
    rng, today = ctx.rng, ctx.today
    year = today.year - 1
    incomes = dict(VillageIncome.objects.filter(year=year).values_list("village__managed_by_id", "amount"))
    villages = sorted(Organization.objects.filter(pk__in=incomes, is_closed=False), key=lambda o: (incomes[o.pk], o.pk))
    if not villages:
        return
    helpers = list(WorkUnit.objects.filter(kind=WorkUnit.Kind.AGENCY, is_closed=False).order_by("pk"))
    agencies = list(Organization.objects.filter(sector=Organization.Sector.AGENCY, is_closed=False,
                                                kind__in=Organization.BRANCH_KINDS).order_by("pk"))
    start = dt.date(year, 3, 1)
    pairings = []
    for n, village in enumerate(villages[:PAIRINGS]):
        pairing = Pairing(village=village, started_on=start + dt.timedelta(days=rng.randint(0, 30)), org_path=village.path,
                          note="驻村帮扶，引进产业项目，改善村级组织活动场所")
        if helpers:
            pairing.helper_kind, pairing.helper_unit = Pairing.Helper.UNIT, helpers[n % len(helpers)]
        elif agencies:
            pairing.helper_kind, pairing.helper_organization = Pairing.Helper.ORGANIZATION, agencies[n % len(agencies)]
        else:
            return
        if n % 4 == 3:
            pairing.household = demo.person_name(rng)
        pairings.append(pairing)
    Pairing.objects.bulk_create(pairings, batch_size=demo.BATCH)
    pairings = list(Pairing.objects.order_by("pk"))
    projects = []
    for n, spent in enumerate(_split(PROJECT_FUNDS, PROJECTS, rng, unit=Decimal("1000"))):
        pairing = pairings[n % len(pairings)]
        planned_on = pairing.started_on + dt.timedelta(days=rng.randint(10, 60))
        done = n % 3 == 0
        projects.append(Project(
            pairing=pairing, title=TITLES[n % len(TITLES)], kind=KINDS[n % len(KINDS)], org_path=pairing.org_path,
            funds_planned=spent + Decimal(rng.randint(0, 20)) * 10000, funds_spent=spent,
            status=Project.Status.COMPLETED if done else Project.Status.UNDER_WAY, planned_on=planned_on,
            completed_on=min(today, planned_on + dt.timedelta(days=rng.randint(90, 200))) if done else None))
    Project.objects.bulk_create(projects, batch_size=demo.BATCH)
    venues = []
    by_village = {p.village_id: p for p in pairings}
    for village, funds in zip(villages[:VENUES], _split(VENUE_FUNDS, min(VENUES, len(villages)), rng), strict=False):
        started = dt.date(year, rng.randint(3, 6), rng.randint(1, 28))
        venues.append(Venue(village=village, pairing=by_village.get(village.pk), org_path=village.path,
                            kind=Venue.Kind.NEW if rng.random() < 0.4 else Venue.Kind.RENOVATED,
                            area=Decimal(rng.randint(150, 500)), funds=funds, started_on=started,
                            completed_on=min(today, started + dt.timedelta(days=rng.randint(60, 180)))))
    Venue.objects.bulk_create(venues, batch_size=demo.BATCH)
    visits = []
    for pairing in pairings:
        for _ in range(rng.randint(2, 5)):
            visits.append(Visit(pairing=pairing, org_path=pairing.org_path, visitors=demo.person_name(rng),
                                visited_on=min(today, pairing.started_on + dt.timedelta(days=rng.randint(5, 300))),
                                content=rng.choice(("走访困难户，了解生产生活情况", "召开帮扶座谈会", "协调项目资金",
                                                    "指导村两委换届后工作"))))
    Visit.objects.bulk_create(visits, batch_size=demo.BATCH)
    _add_loans(ctx, year)


def _add_loans(ctx: demo.DemoContext, year: int) -> None:
    rng, today = ctx.rng, ctx.today
    members = list(Member.objects.active().filter(organization__sector=Organization.Sector.RURAL,
                                                 stage=Member.Stage.FULL).order_by("pk").values_list("pk", "org_path"))
    if len(members) < LOANS + APPLIED:
        return
    chosen = rng.sample(members, LOANS + APPLIED)
    loans = []
    for n, ((pk, path), amount) in enumerate(zip(chosen, _split(LOAN_FUNDS, LOANS, rng, 0.3, 2.0,
                                                               Decimal("1000")) + [None] * APPLIED, strict=True)):
        applied = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, 500))
        applied = min(applied, today - dt.timedelta(days=5))
        loan = MicroLoan(member_id=pk, org_path=path, bank=rng.choice(BANKS), purpose=rng.choice(PURPOSES),
                         applied_on=applied, amount=amount or Decimal(rng.randint(5, 50)) * 1000)
        if amount is not None:
            loan.granted_on = applied + dt.timedelta(days=rng.randint(3, 4))
            loan.due_on = loan.granted_on + dt.timedelta(days=365 * rng.choice((1, 2, 3)))
            if loan.due_on < today and rng.random() < 0.9:
                loan.status, loan.repaid_on = MicroLoan.Status.REPAID, loan.due_on - dt.timedelta(days=rng.randint(0, 30))
            elif loan.due_on < today:
                loan.status = MicroLoan.Status.OVERDUE
            else:
                loan.status = MicroLoan.Status.REPAID if n % 10 == 0 else MicroLoan.Status.GRANTED
                if loan.status == MicroLoan.Status.REPAID:
                    loan.repaid_on = min(today, loan.granted_on + dt.timedelta(days=200))
        loans.append(loan)
    MicroLoan.objects.bulk_create(loans, batch_size=demo.BATCH)


demo.register_step(add_pairing)
demo.RESET_MODELS[:0] = [Visit, Venue, Project, MicroLoan, Pairing]
