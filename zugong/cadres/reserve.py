"""The reserve pool (后备干部, C4): admission by qualification (each rule a policy, shown passed or failed with its
reason), dynamic management (used, withdrawn), the young-cadre pipeline by age band, demo data.

The admission rules are a list of functions (``ADMISSION_RULES``), so a rule that needs data of a later module —
the township ranking of the biennial assessment — is one more function, fed today by entered ``TownshipRanking``s.
"""

import datetime as dt
import random
from collections import Counter

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from zugong.cadres import policies as P
from zugong.cadres import selectors
from zugong.cadres.codes import Grade
from zugong.cadres.models import Cadre, Rank, ReserveEntry, TownshipRanking
from zugong.cadres.qualification import PROMOTION_RULES, RuleResult, Subject, years_text
from zugong.core.access import DomainError, path_in_scope, scope_q
from zugong.core.audit import record_event, snapshot
from zugong.core.models import AuditEvent
from zugong.core.policy import policy_int
from zugong.organizations import demo
from zugong.organizations.models import Organization

EDUCATION_LEVELS = (("研究生", 4), ("博士", 4), ("硕士", 4), ("大学", 3), ("本科", 3), ("大专", 2), ("专科", 2))
EDUCATION_NAMES = {1: gettext_noop("高中、中专及以下"), 2: gettext_noop("大专"), 3: gettext_noop("大学本科"),
                   4: gettext_noop("研究生")}


def reserve_entries_visible_to(user, capability: str = "cadres.view"):
    return ReserveEntry.objects.filter(scope_q(user, capability, "cadre__org_path")).select_related("cadre")


def rankings_visible_to(user):
    return TownshipRanking.objects.filter(scope_q(user, "cadres.view", "township__path")).select_related("township")


def education_level(cadre: Cadre) -> int:
    """The highest of the full-time and in-service education, on the policy's scale (1–4)."""
    levels = [level for text in (cadre.full_time_level, cadre.in_service_level) for word, level in EDUCATION_LEVELS
              if word in text]
    return max(levels, default=1)


def age_limit(s: Subject) -> RuleResult | None:
    policy = P.RESERVE_MAX_AGE.get(s.target)
    if policy is None:
        return None
    limit, age = policy_int(policy.key), selectors.age_on(s.cadre, s.on)
    return RuleResult(gettext("年龄"), age <= limit, gettext("%(birth)s出生，%(age)s岁，%(rank)s后备不超过%(limit)s岁") % {
        "birth": f"{s.cadre.birth:%Y.%m}", "age": age, "rank": s.target.label, "limit": limit}, policy.source)


def education(s: Subject) -> RuleResult:
    needed, level = policy_int(P.RESERVE_MIN_EDUCATION.key), education_level(s.cadre)
    written = gettext("、").join(filter(None, (s.cadre.full_time_level, s.cadre.in_service_level))) or gettext("未填写")
    return RuleResult(gettext("学历"), level >= needed, gettext("%(written)s，要求%(needed)s及以上") % {
        "written": written, "needed": gettext(EDUCATION_NAMES[needed])}, P.RESERVE_MIN_EDUCATION.source)


def years_in_post(s: Subject) -> RuleResult:
    needed, months = policy_int(P.RESERVE_MIN_YEARS_IN_POST.key), selectors.months_in_current_post(s.cadre, s.on)
    return RuleResult(gettext("任现职年限"), months >= needed * 12, gettext("任现职%(time)s，要求%(needed)s年以上") % {
        "time": years_text(months), "needed": needed}, P.RESERVE_MIN_YEARS_IN_POST.source)


def assessments(s: Subject) -> RuleResult:
    """Each of the last N completed years 称职 or better."""
    count = policy_int(P.RESERVE_ASSESSMENT_YEARS.key)
    years = range(s.on.year - count, s.on.year)
    found = {r.year: r.grade for r in selectors.last_assessments(s.cadre, count=20)}
    good = (Grade.EXCELLENT, Grade.COMPETENT)
    missing = [str(y) for y in years if y not in found]
    poor = [gettext("%(year)s年度%(grade)s") % {"year": y, "grade": found[y].label}
            for y in years if y in found and found[y] not in good]
    comma = gettext("、")
    detail = gettext("；").join(filter(None, [
        gettext("缺少%(years)s年度考核结果") % {"years": comma.join(missing)} if missing else "",
        comma.join(poor) if poor else ""])) or gettext("近%(count)s年均为称职以上") % {"count": count}
    return RuleResult(gettext("近%(count)s年年度考核") % {"count": count}, not missing and not poor, detail,
                      P.RESERVE_ASSESSMENT_YEARS.source)


def township_secretary_ranking(s: Subject) -> RuleResult | None:
    """Seed 000: a township secretary whose township was in the bottom places of last year's ranking and missed
    its basic tasks is not admitted this year."""
    bottom = policy_int(P.RESERVE_BOTTOM_RANKS.key)
    townships = [t.position.organization for t in selectors.current_tenures(s.cadre, s.on)
                 if t.position.title.endswith("党委书记") and t.position.organization.kind == Organization.Kind.COMMITTEE
                 and t.position.organization.sector == Organization.Sector.RURAL]
    if not townships or bottom <= 0:
        return None
    ranking = TownshipRanking.objects.filter(township__in=townships, year=s.on.year - 1).first()
    if ranking is None:
        return RuleResult(gettext("乡镇考核排名"), True, gettext("%(year)s年度无排名记录") % {"year": s.on.year - 1},
                          P.RESERVE_BOTTOM_RANKS.source)
    excluded = ranking.rank > ranking.of_count - bottom and ranking.missed_basic_tasks
    detail = gettext("%(township)s%(year)s年度排名第%(rank)s（共%(of)s个）") % {
        "township": ranking.township, "year": ranking.year, "rank": ranking.rank, "of": ranking.of_count} + (
        gettext("，且未完成基本任务") if ranking.missed_basic_tasks else "")
    return RuleResult(gettext("乡镇考核排名"), not excluded, detail, P.RESERVE_BOTTOM_RANKS.source)


ADMISSION_RULES = [age_limit, education, years_in_post, assessments, township_secretary_ranking, *PROMOTION_RULES]


def admission_checks(cadre: Cadre, target: str, on: dt.date) -> list[RuleResult]:
    """In the site's language (Chinese), whoever asks: stored with the entry, raised, written in import messages."""
    with translation.override(settings.LANGUAGE_CODE):
        return shown_admission_checks(cadre, target, on)


def shown_admission_checks(cadre: Cadre, target: str, on: dt.date) -> list[RuleResult]:
    """The same results in the active language, for the admission page."""
    subject = Subject(cadre, Rank(target), on)
    return [result for rule in ADMISSION_RULES if (result := rule(subject)) is not None]


def _require(actor, cadre: Cadre) -> None:
    if not path_in_scope(actor, "cadres.change", cadre.org_path):
        raise DomainError(f"您无权管理{cadre.name}的后备干部信息", field="cadre")


@transaction.atomic
def admit(actor, cadre: Cadre, target: str, admitted_on: dt.date | None = None) -> ReserveEntry:
    """Admit to the pool when every rule passes; otherwise refuse, naming each failed rule and why."""
    _require(actor, cadre)
    admitted_on = admitted_on or timezone.localdate()
    cadre = Cadre.objects.locked(cadre.pk)  # admitted twice at once: the second finds the first entry
    if cadre.status != Cadre.Status.SERVING:
        raise DomainError(f"{cadre.name}不在职，不能纳入后备干部", field="cadre")
    if cadre.reserve_entries.filter(status=ReserveEntry.Status.ADMITTED).exists():
        raise DomainError(f"{cadre.name}已在后备干部库中", field="target_rank")
    results = admission_checks(cadre, target, admitted_on)
    failed = [r for r in results if not r.passed]
    if failed:
        raise DomainError("不符合入库资格：" + "；".join(f"{r.rule}（{r.detail}）" for r in failed), field="target_rank")
    entry = ReserveEntry.objects.create(cadre=cadre, target_rank=target, admitted_on=admitted_on, recorded_by=actor,
                                        checks=[r.as_dict() for r in results])
    record_event(actor, AuditEvent.Action.CREATE, entry, subject=cadre, message="纳入后备干部")
    return entry


@transaction.atomic
def leave_pool(actor, entry: ReserveEntry, status: str, left_on: dt.date, reason: str) -> ReserveEntry:
    """Mark an entry used (promoted) or withdrawn, with the date and the reason."""
    _require(actor, entry.cadre)
    entry = ReserveEntry.objects.select_for_update().select_related("cadre").get(pk=entry.pk)  # decided once
    if entry.status != ReserveEntry.Status.ADMITTED:
        raise DomainError("该后备干部记录已出库", field="status")
    if status not in (ReserveEntry.Status.USED, ReserveEntry.Status.WITHDRAWN):
        raise DomainError("出库方式应为“已使用”或“已退出”", field="status")
    if left_on < entry.admitted_on:
        raise DomainError(f"出库日期不能早于入库日期（{entry.admitted_on:%Y-%m-%d}）", field="left_on")
    if not reason.strip():
        raise DomainError("请填写出库原因", field="reason")
    before = snapshot(entry)
    entry.status, entry.left_on, entry.reason = status, left_on, reason.strip()
    entry.save()
    record_event(actor, AuditEvent.Action.UPDATE, entry, before=before, subject=entry.cadre, message="后备干部出库")
    return entry


@transaction.atomic
def record_ranking(actor, township: Organization, year: int, rank: int, of_count: int,
                   missed_basic_tasks: bool) -> TownshipRanking:
    if not path_in_scope(actor, "cadres.change", township.path):
        raise DomainError(f"您无权登记{township}的考核排名", field="township")
    if not 1 <= rank <= of_count:
        raise DomainError(f"排名应在1至{of_count}之间", field="rank")
    ranking, _created = TownshipRanking.objects.update_or_create(
        township=township, year=year, defaults={"rank": rank, "of_count": of_count,
                                                "missed_basic_tasks": missed_basic_tasks})
    record_event(actor, AuditEvent.Action.UPDATE, ranking, subject=township, message="登记乡镇考核排名")
    return ranking


def record_ranking_by_hand(actor, township: Organization, year: int, rank: int, of_count: int,
                           missed_basic_tasks: bool) -> TownshipRanking:
    """A ranking typed on the rankings page: for years before the assessment rounds, or none was run. A year a
    finalized round ranked is refused (the round's frozen result is not retyped; ``record_ranking`` is its path)."""
    from zugong.assessments.selectors import ranking_rounds  # noqa: PLC0415 (assessments reads cadres, not back)

    ranked_by = ranking_rounds([(township.pk, year)]).get((township.pk, year))
    if ranked_by is not None:
        raise DomainError(gettext("%(township)s%(year)s年度的排名由考核「%(round)s」定稿产生，不能手工登记或修改")
                          % {"township": township, "year": year, "round": ranked_by.name}, field="year")
    return record_ranking(actor, township, year, rank, of_count, missed_basic_tasks)


AGE_BANDS = [("30", _("30岁及以下"), None, 30), ("31-35", _("31至35岁"), 31, 35), ("36-40", _("36至40岁"), 36, 40),
             ("41-45", _("41至45岁"), 41, 45), ("46", _("46岁及以上"), 46, None)]


def pipeline(entries, on: dt.date) -> list[dict]:
    """The pool by age band and target rank (the young-cadre pipeline), counted on the day."""
    counts: Counter = Counter()
    for entry in entries:
        age = selectors.age_on(entry.cadre, on)
        band = next(key for key, _label, low, high in AGE_BANDS
                    if (low is None or age >= low) and (high is None or age <= high))
        counts[band, entry.target_rank] += 1
    return [{"band": label, "key": key, "counts": [counts[key, rank] for rank in Rank if rank != Rank.STAFF],
             "total": sum(counts[key, rank] for rank in Rank)} for key, label, _low, _high in AGE_BANDS]


def add_reserve(ctx: demo.DemoContext) -> None:
    """Demo: last year's township ranking (the bottom two missed basic tasks), and a pool of younger cadres who
    pass the rules today, a few used or withdrawn since."""
    rng: random.Random = ctx.rng
    today = ctx.today
    county = ctx.counties[0] if ctx.counties else ctx.root
    townships = list(Organization.objects.filter(parent=county, kind=Organization.Kind.COMMITTEE,
                                                 sector=Organization.Sector.RURAL).order_by("path"))
    order = rng.sample(townships, len(townships))
    TownshipRanking.objects.bulk_create(
        TownshipRanking(township=t, year=today.year - 1, rank=n, of_count=len(order), missed_basic_tasks=n > len(order) - 2)
        for n, t in enumerate(order, start=1))
    candidates = list(Cadre.objects.under(county).serving().filter(birth__gt=dt.date(today.year - 46, 1, 1))
                      .prefetch_related("tenures__position__organization", "assessments"))
    entries = []
    for cadre in rng.sample(candidates, min(len(candidates), 260)):
        current = selectors.current_rank(cadre, today) or Rank.STAFF
        target = {Rank.STAFF: Rank.SECTION_DEPUTY, Rank.SECTION_DEPUTY: Rank.SECTION_HEAD,
                  Rank.SECTION_HEAD: Rank.COUNTY_DEPUTY}.get(current)
        if target is None:
            continue
        admitted_on = today - dt.timedelta(days=rng.randint(30, 700))
        results = admission_checks(cadre, target, admitted_on)
        if not all(r.passed for r in results):
            continue
        entry = ReserveEntry(cadre=cadre, target_rank=target, admitted_on=admitted_on,
                             checks=[r.as_dict() for r in results])
        if rng.random() < 0.12:
            entry.status = rng.choice((ReserveEntry.Status.USED, ReserveEntry.Status.WITHDRAWN))
            entry.left_on = admitted_on + dt.timedelta(days=rng.randint(20, max(21, (today - admitted_on).days)))
            entry.left_on = min(entry.left_on, today)
            entry.reason = "提拔任用" if entry.status == ReserveEntry.Status.USED else "年度考核后调整出库"
        entries.append(entry)
    ReserveEntry.objects.bulk_create(entries)
    ctx.counts["reserve"] = len(entries)


demo.register_step(add_reserve)
demo.RESET_MODELS[:0] = [ReserveEntry, TownshipRanking]
