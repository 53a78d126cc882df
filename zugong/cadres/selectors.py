"""Reading cadres: the access layer, and what the record computes from tenures (current post, years in post,
in rank, at grassroots) as of a chosen day (the form's 计算年龄时间)."""

import datetime as dt

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from zugong.cadres import record
from zugong.cadres.codes import Grade
from zugong.cadres.models import (
    RANK_ORDER,
    Cadre,
    ComponentScore,
    Position,
    Rank,
    ReserveEntry,
    Tenure,
)
from zugong.cadres.record import (
    AppointmentForm,
    AssessmentResult,
    Education,
    FamilyMember,
    ResumeLine,
    parse_assessments,
)
from zugong.core.access import get_in_scope, scope_q
from zugong.core.dates import add_years
from zugong.core.tree import subtree_q


def cadres_visible_to(user, capability: str = "cadres.view"):
    return Cadre.objects.filter(scope_q(user, capability, "org_path"))


def access_cadre(user, pk, for_change: bool = False) -> Cadre:
    return get_in_scope(cadres_visible_to(user, "cadres.change" if for_change else "cadres.view"), pk)


def positions_visible_to(user, capability: str = "cadres.view"):
    return Position.objects.filter(scope_q(user, capability, "organization__path")).select_related("organization")


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from one day to another, as forms count service (a month begun on the 1st counts once)."""
    return max(0, (end.year - start.year) * 12 + end.month - start.month - (1 if end.day < start.day else 0))


def years(months: int) -> float:
    return round(months / 12, 1)


def _tenures(cadre: Cadre) -> list[Tenure]:
    cached = getattr(cadre, "_prefetched_objects_cache", {}).get("tenures")
    rows = list(cached) if cached is not None else list(cadre.tenures.select_related("position"))
    return sorted(rows, key=lambda t: t.started_on)


def current_tenures(cadre: Cadre, on: dt.date) -> list[Tenure]:
    return [t for t in _tenures(cadre) if t.is_current(on)]


def current_post(cadre: Cadre, on: dt.date) -> str:
    """The 现任职务 line: the titles of the posts held on the day, the highest rank first."""
    held = sorted(current_tenures(cadre, on), key=lambda t: (-RANK_ORDER[Rank(t.position.rank)], t.started_on))
    return "、".join(t.position.title for t in held) or cadre.post_as_written


def current_rank(cadre: Cadre, on: dt.date) -> Rank | None:
    ranks = [Rank(t.position.rank) for t in current_tenures(cadre, on)]
    return max(ranks, key=RANK_ORDER.__getitem__) if ranks else None


def _covered_months(intervals: list[tuple[dt.date, dt.date]]) -> int:
    """Months covered by the intervals, overlaps counted once (two posts held at once are one period of service)."""
    total, reach = 0, None
    for start, end in sorted(intervals):
        if reach is not None and start < reach:
            start = reach
        if end > start:
            total += months_between(start, end)
            reach = end if reach is None else max(reach, end)
    return total


def months_in_current_post(cadre: Cadre, on: dt.date) -> int:
    """Since the start of the longest-held current post."""
    held = current_tenures(cadre, on)
    return max((months_between(t.started_on, on) for t in held), default=0)


def months_at_rank(cadre: Cadre, rank: str, on: dt.date) -> int:
    """Service at the rank or above it, up to the day (the selection rules count time at a level)."""
    floor = RANK_ORDER[Rank(rank)]
    return _covered_months([(t.started_on, min(t.ended_on or on, on)) for t in _tenures(cadre)
                            if RANK_ORDER[Rank(t.position.rank)] >= floor and t.started_on <= on])


def grassroots_months(cadre: Cadre, on: dt.date) -> int:
    return _covered_months([(t.started_on, min(t.ended_on or on, on)) for t in _tenures(cadre)
                            if t.position.grassroots and t.started_on <= on])


def age_on(cadre: Cadre, on: dt.date) -> int:
    return record.age_on(cadre.birth, on)


def born_between_q(oldest: int | None, youngest: int | None, on: dt.date) -> Q:
    """Cadres aged ``youngest``..``oldest`` (inclusive) on the day, as a condition on the birth month."""
    query = Q()
    if youngest is not None:  # at least this old: born in or before the month ``youngest`` years ago
        query &= Q(birth__lte=on.replace(day=1, year=on.year - youngest))
    if oldest is not None:  # not yet ``oldest + 1``
        query &= Q(birth__gt=on.replace(day=1, year=on.year - oldest - 1))
    return query


def last_assessments(cadre: Cadre, count: int = 3) -> list[AssessmentResult]:
    """The last ``count`` years' results: recorded assessments, and for other years what the form said."""
    by_year = {r.year: r for r in parse_assessments(cadre.assessments_as_written)}
    by_year |= {a.year: AssessmentResult(a.year, Grade(a.grade)) for a in cadre.assessments.all()}
    return [by_year[year] for year in sorted(by_year)[-count:]]


def form_of(cadre: Cadre, on: dt.date | None = None) -> AppointmentForm:
    """The cadre's 任免审批表 as of the day (default: the form's 计算年龄时间, else today)."""
    on = on or cadre.age_as_of or timezone.localdate()
    return AppointmentForm(
        name=cadre.name, gender=cadre.gender, birth=cadre.birth, ethnicity=cadre.ethnicity,
        native_place=cadre.native_place, birthplace=cadre.birthplace, party_joined=cadre.party_joined,
        work_started=cadre.work_started, health=cadre.health, professional_title=cadre.professional_title,
        speciality=cadre.speciality,
        full_time_education=Education(cadre.full_time_level, cadre.full_time_degree, cadre.full_time_level_school,
                                      cadre.full_time_degree_school),
        in_service_education=Education(cadre.in_service_level, cadre.in_service_degree,
                                       cadre.in_service_level_school, cadre.in_service_degree_school),
        current_post=current_post(cadre, on), proposed_post=cadre.proposed_post,
        proposed_removal=cadre.proposed_removal,
        resume=[ResumeLine(line.start, line.end, line.text) for line in cadre.resume.all()],
        rewards_and_penalties=cadre.rewards_and_penalties, assessments=last_assessments(cadre),
        appointment_reason=cadre.appointment_reason,
        family=[FamilyMember(f.relation, f.name, f.birth, f.political_status, f.work_unit_and_post)
                for f in cadre.family.all()],
        reporting_unit=cadre.reporting_unit, age_as_of=cadre.age_as_of, filled_on=cadre.filled_on,
        filled_by=cadre.filled_by, id_number=cadre.id_number, photo=bytes(cadre.photo or b""),
        version=cadre.lrmx_version,
    )


def _current_tenure_q(on: dt.date, prefix: str = "tenures__") -> Q:
    return Q(**{f"{prefix}started_on__lte": on}) & (Q(**{f"{prefix}ended_on__isnull": True})
                                                    | Q(**{f"{prefix}ended_on__gt": on}))


def filtered_cadres(user, data: dict, on: dt.date):
    """The list's cadres for the valid filters, with the day's age and post computed from birth and tenures."""
    cadres = cadres_visible_to(user)
    if data.get("status"):
        cadres = cadres.filter(status=data["status"])
    if data.get("organization"):
        cadres = cadres.under(data["organization"])
    if text := (data.get("q") or "").strip():
        cadres = cadres.filter(Q(name__contains=text) | Q(id_number=text.upper()))
    if data.get("education"):
        cadres = cadres.filter(Q(full_time_level__contains=data["education"])
                               | Q(in_service_level__contains=data["education"]))
    if data.get("min_age") is not None or data.get("max_age") is not None:
        cadres = cadres.filter(born_between_q(data.get("max_age"), data.get("min_age"), on))
    if data.get("reserve") in ("yes", "no"):
        pooled = Exists(ReserveEntry.objects.filter(cadre=OuterRef("pk"), status=ReserveEntry.Status.ADMITTED))
        cadres = cadres.filter(pooled if data["reserve"] == "yes" else ~pooled)
    held = Tenure.objects.filter(_current_tenure_q(on, ""), cadre=OuterRef("pk"))
    if data.get("post"):
        held = held.filter(position__title__contains=data["post"])
    if data.get("rank"):
        held = held.filter(position__rank=data["rank"])
    if data.get("min_years_in_post") is not None:
        held = held.filter(started_on__lte=add_years(on, -data["min_years_in_post"]))
    if any(data.get(k) not in (None, "") for k in ("post", "rank", "min_years_in_post")):
        cadres = cadres.filter(Exists(held))
    return cadres.select_related("organization").prefetch_related("tenures__position").order_by("org_path", "name", "pk")


def assessment_years(cadre: Cadre) -> list[dict]:
    """Year by year, newest first: the annual grade, the four quarters' 平时考核 and the 三位一体 scores."""
    annual = {a.year: a for a in cadre.assessments.all()}
    routine = {(r.year, r.quarter): r for r in cadre.routine_assessments.all()}
    scores = {(s.year, s.component): s for s in cadre.component_scores.all()}
    years = sorted({*annual, *(y for y, _q in routine), *(y for y, _c in scores)}, reverse=True)
    return [{"year": year, "annual": annual.get(year), "quarters": [routine.get((year, q)) for q in range(1, 5)],
             "scores": [scores.get((year, c)) for c in ComponentScore.Component]} for year in years]


# ---------------------------------------------------------------- 新提拔任用: read by 一报告两评议 and the 一报告


def promoted_cadres(year: int, within: str) -> list[tuple[Cadre, Tenure]]:
    """(cadre, tenure) of each cadre under ``within`` who took up, in ``year``, a post of a higher rank than any
    held before (新提拔任用): a first leading post above 科员, or a step up the ranks."""
    started = list(Tenure.objects.filter(subtree_q(within, "cadre__org_path"), started_on__year=year)
                   .select_related("cadre", "position").order_by("started_on", "pk"))
    held: dict[int, list[tuple[dt.date, int]]] = {}  # every tenure of these cadres: (start, rank order)
    for cadre_id, start, rank in Tenure.objects.filter(cadre__in={t.cadre_id for t in started}).values_list(
            "cadre_id", "started_on", "position__rank"):
        held.setdefault(cadre_id, []).append((start, RANK_ORDER[Rank(rank)]))
    found: dict[int, tuple[Cadre, Tenure]] = {}
    for tenure in started:
        floor = max((order for start, order in held[tenure.cadre_id] if start < tenure.started_on),
                    default=RANK_ORDER[Rank.STAFF])
        if RANK_ORDER[Rank(tenure.position.rank)] > floor and tenure.cadre_id not in found:
            found[tenure.cadre_id] = (tenure.cadre, tenure)
    return list(found.values())
