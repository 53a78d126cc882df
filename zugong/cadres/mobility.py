"""Exchanges and postings of cadres (干部交流、挂职、选派、跟班锻炼, C5), the years in one post (任期), and the demo
data of training and mobility.

A ``Mobility`` record says where a cadre went and when; it does not move the cadre's posts (an exchange to a new
post is also an appointment on the posts tab). The share of a group exchanged in a period counts the group as it
stood on the period's first day: 乡镇领导班子成员 are cadres then holding a leading post of a township committee.
"""

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zugong.cadres import selectors, training
from zugong.cadres.demo import add_cadres
from zugong.cadres.models import (
    COUNTY_RANKS,
    Cadre,
    Mobility,
    Rank,
    Tenure,
    TrainingClass,
    TrainingRecord,
)
from zugong.cadres.policies import MAX_YEARS_IN_POST
from zugong.core.access import DomainError, path_in_scope
from zugong.core.audit import record_event, snapshot
from zugong.core.checks import FindingData, register_check
from zugong.core.dates import add_years
from zugong.core.models import AuditEvent, Finding
from zugong.core.policy import policy_int
from zugong.core.tree import subtree_q
from zugong.organizations import demo
from zugong.organizations.models import Organization

RESET_MODELS = [Mobility]
TOWNSHIP_LEADERS, ALL_SERVING = "township_leaders", "all"
GROUPS = {TOWNSHIP_LEADERS: _("乡镇领导班子成员"), ALL_SERVING: _("全部在职干部")}


# --- use cases -------------------------------------------------------------------------------------------------


def _require(actor, cadre: Cadre) -> None:
    if not path_in_scope(actor, "cadres.change", cadre.org_path):
        raise DomainError(f"您无权管理干部「{cadre.name}」的交流挂职记录")


@transaction.atomic
def record_mobility(actor, cadre: Cadre, *, kind: str, started_on: dt.date, destination: str,
                    ended_on: dt.date | None = None, note: str = "") -> Mobility:
    """An exchange, secondment, dispatch or practice posting; one of a kind open at a time (exchanges are moves
    and stay open)."""
    _require(actor, cadre)
    destination, note = destination.strip(), note.strip()
    if kind not in Mobility.Kind.values:
        raise DomainError(f"类别「{kind}」无效", field="kind")
    label = Mobility.Kind(kind).label
    if not destination:
        raise DomainError("去向单位及岗位不能为空", field="destination")
    if ended_on is not None and ended_on < started_on:
        raise DomainError(f"结束日期 {ended_on:%Y-%m-%d} 早于开始日期 {started_on:%Y-%m-%d}", field="ended_on")
    cadre = Cadre.objects.locked(cadre.pk)  # recorded twice at once: the second finds the first open
    if ended_on is None and kind != Mobility.Kind.EXCHANGE:
        if open_one := cadre.mobility.filter(kind=kind, ended_on__isnull=True).first():
            raise DomainError(f"{cadre.name}已有未结束的{label}（{open_one.started_on:%Y-%m-%d}起，{open_one.destination}），"
                              f"请先登记其结束", field="kind")
    record = Mobility.objects.create(cadre=cadre, kind=kind, started_on=started_on, ended_on=ended_on,
                                     destination=destination, note=note)
    record_event(actor, AuditEvent.Action.CREATE, record, subject=cadre, message=f"登记{label}：{destination}")
    return record


@transaction.atomic
def end_mobility(actor, record: Mobility, ended_on: dt.date) -> Mobility:
    _require(actor, record.cadre)
    record = Mobility.objects.select_for_update().select_related("cadre").get(pk=record.pk)  # ended once
    if record.ended_on is not None:
        raise DomainError(f"该{record.get_kind_display()}已于 {record.ended_on:%Y-%m-%d} 结束", field="ended_on")
    if ended_on < record.started_on:
        raise DomainError(f"结束日期 {ended_on:%Y-%m-%d} 早于开始日期 {record.started_on:%Y-%m-%d}", field="ended_on")
    before = snapshot(record)
    record.ended_on = ended_on
    record.save(update_fields=["ended_on"])
    record_event(actor, AuditEvent.Action.UPDATE, record, before=before, subject=record.cadre,
                 message=f"{record.get_kind_display()}结束：{record.destination}")
    return record


# --- the share of a group exchanged ----------------------------------------------------------------------------


def _held_on(on: dt.date, **position) -> Exists:
    held = Tenure.objects.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on), cadre=OuterRef("pk"),
                                 started_on__lte=on, **{f"position__{k}": v for k, v in position.items()})
    return Exists(held)


def group_cadres(cadres: QuerySet, group: str, on: dt.date) -> QuerySet:
    """The group as it stood on the day: township leaders then in post, or every serving cadre."""
    if group == TOWNSHIP_LEADERS:
        return cadres.filter(_held_on(on, is_leading=True, organization__kind=Organization.Kind.COMMITTEE,
                                      organization__sector=Organization.Sector.RURAL))
    return cadres.filter(status=Cadre.Status.SERVING)


@dataclass
class ExchangeShare:
    group: str
    first_day: dt.date
    last_day: dt.date
    size: int
    exchanged: list[tuple[Cadre, Mobility, str]]  # the cadre, their exchange, their post on the first day

    @property
    def share(self) -> Decimal | None:
        """Percent, two decimals."""
        if not self.size:
            return None
        return (Decimal(len(self.exchanged) * 100) / self.size).quantize(Decimal("0.01"))

    @property
    def group_label(self) -> str:
        return str(GROUPS[self.group])


def exchange_share(cadres: QuerySet, group: str, first_day: dt.date, last_day: dt.date) -> ExchangeShare:
    """Of the group on ``first_day``, who began an exchange (交流) between the two days."""
    members = group_cadres(cadres, group, first_day)
    exchanges = Mobility.objects.filter(kind=Mobility.Kind.EXCHANGE, started_on__gte=first_day,
                                        started_on__lte=last_day, cadre__in=members.values("pk")).order_by("started_on", "pk")
    first: dict[int, Mobility] = {}
    for record in exchanges:
        first.setdefault(record.cadre_id, record)
    exchanged = [(cadre, first[cadre.pk], selectors.current_post(cadre, first_day))
                 for cadre in members.filter(pk__in=first).defer("photo").select_related("organization")
                 .prefetch_related("tenures__position").order_by("org_path", "name", "pk")]
    return ExchangeShare(group, first_day, last_day, members.count(), exchanged)


def other_postings(cadres: QuerySet, first_day: dt.date, last_day: dt.date) -> QuerySet:
    """Secondments, dispatches and practice postings begun in the period."""
    return (Mobility.objects.exclude(kind=Mobility.Kind.EXCHANGE)
            .filter(cadre__in=cadres.values("pk"), started_on__gte=first_day, started_on__lte=last_day)
            .select_related("cadre__organization").order_by("started_on", "pk"))


# --- term of office --------------------------------------------------------------------------------------------


@register_check("cadres.too_long_in_post", _("同一职位任职满规定年限应交流"), capability="cadres.view")
def too_long_in_post(within: str, today: dt.date):
    """Serving cadres in the same leading post for the policy's years or more (on the anniversary, not the day
    before). The exchange rules apply to leading posts (领导职务); staff posts are not checked."""
    years = policy_int(MAX_YEARS_IN_POST.key)
    tenures = (Tenure.objects.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today), cadre__status=Cadre.Status.SERVING,
                                     position__is_leading=True, started_on__lte=add_years(today, -years))
               .filter(subtree_q(within, "cadre__org_path")).select_related("cadre", "position__organization"))
    for tenure in tenures:
        cadre, held = tenure.cadre, selectors.years(selectors.months_between(tenure.started_on, today))
        yield FindingData(
            subject=cadre, scope_path=cadre.org_path, url=f"{cadre.get_absolute_url()}?tab=posts",
            severity=Finding.Severity.WARNING,
            title=f"{cadre.name}自{tenure.started_on:%Y-%m-%d}任{tenure.position.title}，已{held}年",
            detail=f"在同一职位上任职满{years}年的应当交流（{tenure.position.organization}·{tenure.position.title}，"
                   f"{tenure.started_on:%Y-%m-%d}起）；依据：{MAX_YEARS_IN_POST.source}")


# --- demo: training and mobility ------------------------------------------------------------------------------

SHARE_EXCHANGED = 0.36  # seed 000: 39 township leaders exchanged, 36% of them


def add_demo_mobility(rng: random.Random, county: Organization, cadres: list[Cadre], today: dt.date) -> dict[str, int]:
    """About 36% of township leaders exchanged this year (to the same post of another township), and a few
    secondments, dispatches to villages and practice postings."""
    jan1 = dt.date(today.year, 1, 1)
    span = max(0, (today - jan1).days)
    leaders = list(group_cadres(Cadre.objects.under(county).serving(), TOWNSHIP_LEADERS, jan1)
                   .prefetch_related("tenures__position__organization").order_by("pk"))
    townships = sorted({t.position.organization.name for c in leaders for t in selectors.current_tenures(c, jan1)})
    records = []
    for cadre in rng.sample(leaders, k=round(len(leaders) * SHARE_EXCHANGED)):
        post = max(selectors.current_tenures(cadre, jan1), key=lambda t: t.started_on).position
        place = post.organization.name.removesuffix("党委").removesuffix("委")
        other = rng.choice([t for t in townships if t != post.organization.name] or townships).removesuffix("党委")
        records.append(Mobility(cadre=cadre, kind=Mobility.Kind.EXCHANGE,
                                started_on=jan1 + dt.timedelta(days=rng.randint(0, span)),
                                destination=f"{other}{post.title.removeprefix(place)}",
                                note="乡镇领导班子成员交流（县委研究决定）"))
    leader_ids = {c.pk for c in leaders}
    others = [c for c in cadres if c.pk not in leader_ids]
    postings = [(Mobility.Kind.SECONDMENT, 6, "示范市发展和改革委员会挂职副主任", 12),
                (Mobility.Kind.DISPATCH, 8, "驻村第一书记（{}）", 24), (Mobility.Kind.PRACTICE, 4, "县委组织部跟班学习", 6)]
    villages = list(Organization.objects.under(county).filter(kind=Organization.Kind.BRANCH,
                                                              sector=Organization.Sector.RURAL).values_list("name", flat=True)[:200])
    for kind, count, destination, months in postings:
        for cadre in rng.sample(others, k=min(count, len(others))):
            started = today - dt.timedelta(days=rng.randint(30, 500))
            ended = started + dt.timedelta(days=months * 30)
            records.append(Mobility(
                cadre=cadre, kind=kind, started_on=started, ended_on=ended if ended < today else None,
                destination=destination.format(rng.choice(villages).removesuffix("党支部") if villages else "村")))
    Mobility.objects.bulk_create(records)
    return {"mobility": len(records)}


ONLINE_COURSES = ["习近平新时代中国特色社会主义思想专题", "党的二十届三中全会精神解读", "全面从严治党与党纪学习",
                  "乡村全面振兴专题", "基层治理现代化", "安全生产与应急管理", "优化营商环境专题", "生态文明建设专题"]
LOCAL_COURSES = ["县委党校主体班", "县委理论学习中心组扩大学习", "专题讲座（法治政府建设）", "业务能力提升培训"]


def _half(value: float) -> Decimal:
    return Decimal(round(value * 2) / 2).quantize(training.TENTH)


def _year_records(rng: random.Random, cadre: Cadre, year: int, target: float, last_day: dt.date) -> list[TrainingRecord]:
    """Records of a year whose counted hours come to about ``target``: a full-time course, online courses."""
    records, left = [], _half(target)
    latest = min(dt.date(year, 12, 31), last_day)
    span = max(0, (latest - dt.date(year, 1, 1)).days)

    def day() -> dt.date:
        return dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, span))

    if left >= 40 and rng.random() < 0.7:
        hours = Decimal(rng.choice((24, 32, 40)))
        leave = Decimal(rng.choice((2, 4))) if rng.random() < 0.1 else Decimal(0)
        start = day()
        records.append(TrainingRecord(cadre=cadre, course=rng.choice(LOCAL_COURSES), organizer="中共示范县委党校",
                                      started_on=start, ended_on=min(start + dt.timedelta(days=int(hours) // 8), latest),
                                      hours=hours, leave_hours=leave, credits=hours / 8, mode=TrainingRecord.Mode.FULL_TIME))
        left -= hours - leave
    pieces = 1 if rng.random() < 0.7 else 2
    for number in range(pieces):
        hours = left if number == pieces - 1 else _half(float(left) / pieces)
        if hours <= 0:
            break
        start = day()
        records.append(TrainingRecord(cadre=cadre, course=rng.choice(ONLINE_COURSES), organizer="中国干部网络学院",
                                      started_on=start, ended_on=start, hours=hours, credits=(hours / 10).quantize(training.TENTH),
                                      mode=TrainingRecord.Mode.ONLINE))
        left -= hours
    return records


def _demo_classes(rng: random.Random, county: Organization, cadres: list[Cadre], ranks: dict, today: dt.date,
                  kept_out: set[int]) -> list[TrainingRecord]:
    """This year's classes (seed 000): section-level cadres, young cadres (≤ 35), 36 sent to higher-level training."""
    jan1 = dt.date(today.year, 1, 1)
    span = max(0, (today - jan1).days - 14)
    available = [c for c in cadres if c.pk not in kept_out]
    section = [c for c in available if ranks[c.pk] in (Rank.SECTION_HEAD, Rank.SECTION_DEPUTY)]
    young = [c for c in available if selectors.age_on(c, today) <= 35]
    higher = [c for c in available if ranks[c.pk] in COUNTY_RANKS]
    heads = [c for c in section if ranks[c.pk] == Rank.SECTION_HEAD]
    higher += rng.sample(heads, k=max(0, min(36 - len(higher), len(heads))))  # seed 000: 36 sent
    plans = [
        (f"{today.year}年全县科级干部培训班", TrainingClass.Kind.SECTION_LEVEL, "中共示范县委组织部、县委党校", 40,
         rng.sample(section, k=min(60, len(section)))),
        (f"{today.year}年全县年轻干部培训班", TrainingClass.Kind.YOUNG, "中共示范县委组织部、县委党校", 56,
         rng.sample(young, k=min(40, len(young)))),
        (f"{today.year}年选派参加上级调训（市委党校主体班次）", TrainingClass.Kind.HIGHER_LEVEL, "中共示范市委组织部", 80,
         higher),
    ]
    records = []
    for name, kind, organizer, hours, attendees in plans:
        start = jan1 + dt.timedelta(days=rng.randint(0, span))
        training_class = TrainingClass.objects.create(
            name=name, kind=kind, organizer=organizer, organization=county, started_on=start,
            ended_on=min(start + dt.timedelta(days=hours // 8), today), hours=Decimal(hours), full_time=True)
        records += [training.class_record(training_class, cadre) for cadre in attendees]
    return records


def _insert_records(records: list[TrainingRecord]) -> None:
    """All rows in one ``executemany``: ``bulk_create`` cuts SQLite inserts into statements of 999 parameters and
    prepares every value, three times slower for the county's ten thousand records."""
    fields = [f for f in TrainingRecord._meta.concrete_fields if not f.primary_key]
    recorded_at = TrainingRecord._meta.get_field("recorded_at").get_db_prep_save(timezone.now(), connection)
    quote = connection.ops.quote_name
    sql = (f"INSERT INTO {quote(TrainingRecord._meta.db_table)} ({', '.join(quote(f.column or f.attname) for f in fields)}) "
           f"VALUES ({', '.join(['%s'] * len(fields))})")
    with connection.cursor() as cursor:
        cursor.executemany(sql, [[recorded_at if f.name == "recorded_at" else getattr(r, f.attname) for f in fields]
                                 for r in records])


def add_training_and_mobility(ctx: demo.DemoContext) -> None:
    """Training over the last three years (most meet the hours; about 8% of section level short last year; a few
    county-level cadres behind the cycle), this year's classes, and the exchanges and postings of ``mobility``."""
    rng, today = random.Random(ctx.rng.getrandbits(32)), ctx.today  # its own stream: later steps draw as before
    county = ctx.counties[0] if ctx.counties else ctx.root
    assert county is not None, "the tree is built before the cadres"
    cadres = list(Cadre.objects.under(county).serving().prefetch_related("tenures__position").order_by("pk"))
    if not cadres:
        return
    rules = training.Rules.current()
    ranks = {c.pk: selectors.current_rank(c, today) for c in cadres}
    county_level = [c for c in cadres if ranks[c.pk] in COUNTY_RANKS]
    behind = {c.pk for c in rng.sample(county_level, k=min(3, len(county_level)))}
    cycle_first = rules.cycle(today.year)[0]
    if cycle_first == today.year:
        cycle_first = rules.cycle(today.year - 1)[0]
    records: list[TrainingRecord] = []
    for cadre in cadres:
        is_county = ranks[cadre.pk] in COUNTY_RANKS
        for year in range(min(today.year - 3, cycle_first) if is_county else today.year - 3, today.year + 1):
            if cadre.work_started and cadre.work_started.year > year:
                continue
            if is_county:
                target = rng.uniform(80, 100) if cadre.pk in behind else rng.uniform(110, 130)
            else:
                short = rng.random() < (0.08 if year == today.year - 1 else 0.04)
                target = rng.uniform(40, 85) if short else rng.uniform(rules.section_hours, rules.section_hours + 40)
            if year == today.year:  # this year so far
                if cadre.pk in behind:
                    continue
                target *= (today - dt.date(year, 1, 1)).days / 365 * rng.uniform(0.3, 0.8)
            if target >= 1:
                records += _year_records(rng, cadre, year, target, today)
    records += _demo_classes(rng, county, cadres, ranks, today, behind)
    _insert_records(records)
    ctx.counts["training_records"] = len(records)
    ctx.counts |= add_demo_mobility(rng, county, cadres, today)


demo.register_step(add_training_and_mobility)
if demo.STEPS.index(add_training_and_mobility) < demo.STEPS.index(add_cadres):  # it needs the demo cadres
    demo.STEPS.remove(add_training_and_mobility)
    demo.STEPS.insert(demo.STEPS.index(add_cadres) + 1, add_training_and_mobility)
demo.RESET_MODELS[:0] = [TrainingRecord, TrainingClass, Mobility]
