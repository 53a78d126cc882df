"""Running an assessment round (开展考核): open it over the targets under an organization, compute the computed
criteria from the records, enter the others with evidence, finalize (grades, ranks, consequences) — once.

Capabilities: running a round (open, compute, enter, finalize) needs ``organizations.change`` over the round's
organization — the assessment of party organizations is organization work, and no narrower capability exists —
and reading needs ``organizations.view`` (``selectors``). Each decision locks the round's row (``core.locks.lock``)
inside its transaction and reads its status again: a second finalize, or a score entered into a finalized round,
is refused in Chinese and nothing changes.

Consequences of finalizing, in the same transaction (all or nothing):
- a grade marked ``opens_rectification`` (软弱涣散) opens a ``Rectification`` through
  ``organizations.services.start_rectification`` (an organization already under rectification keeps its open one,
  linked to the result); rectifications can still be started by hand on the organization's page;
- a scheme marked ``feeds_township_ranking`` writes each township's rank, the number ranked and whether it missed
  its basic tasks through ``cadres.reserve.record_ranking`` — the ``TownshipRanking`` the reserve pool's admission
  rule reads (it needs ``cadres.change`` there too).
"""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from zugong.assessments import measures
from zugong.assessments.models import Criterion, Grade, Result, Round, Scheme, Score, TargetKind
from zugong.core.access import DomainError, path_in_scope
from zugong.core.audit import record_event, snapshot
from zugong.core.bounds import DATE_MAX, DATE_MIN
from zugong.core.bounds import checked_text as _text
from zugong.core.locks import lock
from zugong.core.models import AuditEvent
from zugong.core.policy import require_policy_change
from zugong.members.models import Member
from zugong.organizations.models import CommitteeMember, Organization, WorkUnit

RUN = "organizations.change"
ONE = Decimal("0.1")
NAME_MAX = 100
EVIDENCE_MAX = 2000
K, S = Organization.Kind, Organization.Sector
LOCAL_KINDS = (K.BRANCH, K.JOINT_BRANCH, K.GENERAL_BRANCH)  # a village's (community's) own: not mobile, temporary


def _require(actor, organization: Organization) -> None:
    if not path_in_scope(actor, RUN, organization.path):
        raise DomainError(f"您无权在「{organization}」范围内开展考核", field="organization")




# --- targets -------------------------------------------------------------------------------------------------------

def _grassroots(under: Organization, unit_kind: str, sector: str) -> QuerySet[Organization]:
    """Villages' (communities') party organizations: those managing such a unit, or a branch-level organization of
    the sector whose parent is a committee of the sector (a township's 村党支部)."""
    by_unit = WorkUnit.objects.filter(kind=unit_kind, is_closed=False).values("managed_by")
    return (Organization.objects.under(under.path).open().exclude(pk=under.pk)
            .filter(Q(pk__in=by_unit) | Q(sector=sector, kind__in=LOCAL_KINDS, parent__kind=K.COMMITTEE,
                                          parent__sector=sector)))


def target_organizations(kind: str, under: Organization) -> QuerySet[Organization]:
    """The organizations a scheme of ``kind`` assesses under ``under`` (for a member scheme: their branches)."""
    below = Organization.objects.under(under.path).open().exclude(pk=under.pk)
    match kind:
        case TargetKind.VILLAGE_COMMITTEE:
            found = _grassroots(under, WorkUnit.Kind.VILLAGE, S.RURAL)
        case TargetKind.COMMUNITY_COMMITTEE:
            found = _grassroots(under, WorkUnit.Kind.COMMUNITY, S.COMMUNITY)
        case TargetKind.BRANCH:
            found = below.filter(kind__in=Organization.BRANCH_KINDS)
        case TargetKind.SECRETARY:  # the secretaries of the organizations one level below
            found = below.filter(parent=under).exclude(kind=K.GROUP)
        case TargetKind.TOWNSHIP_COMMITTEE:
            found = below.filter(kind=K.COMMITTEE, sector=S.RURAL)
        case TargetKind.AGENCY:
            found = below.filter(sector=S.AGENCY, kind__in=(K.COMMITTEE, K.GENERAL_BRANCH, *Organization.BRANCH_KINDS))
        case TargetKind.MEMBER:
            found = below.filter(kind__in=Organization.BRANCH_KINDS) | Organization.objects.filter(pk=under.pk)
        case _:
            raise DomainError(f"未知的考核对象类别「{kind}」", field="target_kind")
    return found.order_by("path")


def _secretary_label(organization: Organization, on: dt.date) -> str:
    name = (CommitteeMember.objects.filter(organization=organization, position=CommitteeMember.Position.SECRETARY,
                                           started_on__lte=on).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on))
            .order_by("-started_on").values_list("name", flat=True).first())
    return f"{organization}书记" + (f"（{name}）" if name else "")


def _targets(scheme: Scheme, under: Organization, on: dt.date) -> list[Result]:
    organizations = list(target_organizations(scheme.target_kind, under))
    if scheme.target_kind == TargetKind.MEMBER:
        members = Member.objects.active().filter(organization__in=organizations).select_related("organization")
        return [Result(organization=m.organization, member=m, target_label=f"{m.name}（{m.organization}）")
                for m in members.order_by("org_path", "name", "pk")]
    if scheme.target_kind == TargetKind.SECRETARY:
        return [Result(organization=o, target_label=_secretary_label(o, on)[:150]) for o in organizations]
    return [Result(organization=o, target_label=str(o)[:150]) for o in organizations]


# --- points ----------------------------------------------------------------------------------------------------------

def points_for(criterion: Criterion, value: Decimal) -> Decimal:
    """A measured value turned into points by the criterion's scoring, within 0 … max points, to 0.1."""
    top = criterion.max_points
    match criterion.scoring:
        case Criterion.Scoring.PROPORTIONAL:
            full = criterion.full_at or Decimal(100)
            points = top * min(max(value, Decimal(0)), full) / full
        case Criterion.Scoring.STEPS:
            reached = [Decimal(str(p)) for at, p in sorted(criterion.steps, key=lambda s: Decimal(str(s[0])))
                       if value >= Decimal(str(at))]
            points = reached[-1] if reached else Decimal(0)
        case Criterion.Scoring.DEDUCT:
            points = top - (criterion.per_unit or Decimal(0)) * value
        case _:
            points = value
    return min(top, max(Decimal(0), points)).quantize(ONE, ROUND_HALF_UP)


def _target(round_: Round, result: Result) -> measures.Target:
    return measures.Target(result.organization, round_.starts_on, round_.ends_on, result.member, round_.survey_id)


def _computes(criterion: Criterion) -> bool:
    return criterion.method == Criterion.Method.COMPUTED and measures.measure_available(criterion.measure)


def _compute(round_: Round, now: dt.datetime) -> int:
    """Fill every computed criterion from the records; a score entered by hand where nothing could be measured is
    kept; a measure not registered (yet) leaves its explanation. Returns how many scores were written."""
    computed = [c for c in round_.scheme.criteria.all() if c.method == Criterion.Method.COMPUTED]
    if not computed:
        return 0
    scores = {(s.result_id, s.criterion_id): s for s in Score.objects.filter(result__round=round_,
                                                                              criterion__in=computed)}
    changed = []
    for result in round_.results.select_related("organization", "member"):
        target = _target(round_, result)
        for criterion in computed:
            score = scores[(result.pk, criterion.pk)]
            found = measures.measure(criterion.measure, target)
            if found.value is None and score.entered_by_id is not None:
                continue  # nothing to measure: the assessor's entry stands
            score.value = found.value
            score.points = None if found.value is None else points_for(criterion, found.value)
            score.explanation = found.explanation[:500]
            score.computed_at = now
            changed.append(score)
    Score.objects.bulk_update(changed, ["value", "points", "explanation", "computed_at"])
    return len(changed)


def _totals(round_: Round) -> list[Result]:
    results = list(round_.results.prefetch_related("scores"))
    for result in results:
        result.total = sum((s.points for s in result.scores.all() if s.points is not None), Decimal(0))
    Result.objects.bulk_update(results, ["total"])
    return results


# --- use cases ---------------------------------------------------------------------------------------------------------

def open_round(actor, scheme: Scheme, organization: Organization, *, year: int, starts_on: dt.date, ends_on: dt.date,
               name: str = "", survey=None) -> Round:
    """Open a round of ``scheme`` over every target under ``organization``, with the computed criteria filled in."""
    _require(actor, organization)
    if not scheme.is_active:
        raise DomainError(f"考核方案「{scheme}」已停用", field="scheme")
    if scheme.year is not None and scheme.year != year:
        raise DomainError(f"考核方案「{scheme}」适用于{scheme.year}年度，不能用于{year}年度", field="year")
    if not DATE_MIN.year <= year <= DATE_MAX.year:
        raise DomainError(f"「考核年度」应在{DATE_MIN.year}至{DATE_MAX.year}之间", field="year")
    for value, label, field in ((starts_on, "考核期起", "starts_on"), (ends_on, "考核期止", "ends_on")):
        if not DATE_MIN <= value <= DATE_MAX:
            raise DomainError(f"「{label}」应在{DATE_MIN:%Y-%m-%d}至{DATE_MAX:%Y-%m-%d}之间", field=field)
    if ends_on < starts_on:
        raise DomainError(f"「考核期止」（{ends_on:%Y-%m-%d}）不能早于「考核期起」（{starts_on:%Y-%m-%d}）",
                          field="ends_on")
    name = _text(name, "名称", "name", NAME_MAX) or f"{organization}{year}年度{scheme.name}"[:NAME_MAX]
    if survey is not None and not path_in_scope(actor, "surveys.view", survey.org_path):
        raise DomainError(f"您无权查看测评问卷「{survey}」", field="survey")
    criteria = list(scheme.criteria.all())
    if not criteria:
        raise DomainError(f"考核方案「{scheme}」还没有考核指标", field="scheme")
    results = _targets(scheme, organization, ends_on)
    if not results:
        raise DomainError(f"「{organization}」下没有{TargetKind(scheme.target_kind).label}可考核", field="organization")
    with transaction.atomic():
        lock(organization)
        round_ = Round.objects.create(scheme=scheme, organization=organization, name=name, year=year,
                                      starts_on=starts_on, ends_on=ends_on, survey=survey, opened_by=actor)
        for result in results:
            result.round = round_
            result.org_path = result.organization.path
        Result.objects.bulk_create(results)
        Score.objects.bulk_create(Score(result=r, criterion=c) for r in round_.results.all() for c in criteria)
        now = timezone.now()
        _compute(round_, now)
        _totals(round_)
        round_.computed_at = now
        round_.save(update_fields=["computed_at"])
        record_event(actor, AuditEvent.Action.CREATE, round_, subject=organization,
                     message=f"发起考核：{scheme.name}，{len(results)}个对象")
    return round_


def _open_locked(round_: Round) -> None:
    lock(round_)
    if round_.is_finalized:
        raise DomainError(f"「{round_}」已于{timezone.localtime(round_.finalized_at):%Y-%m-%d %H:%M}定稿，"
                          "考核结果不再更改", field="status")


def compute_round(actor, round_: Round) -> int:
    """Compute the computed criteria again from today's records (only while the round is open)."""
    _require(actor, round_.organization)
    with transaction.atomic():
        _open_locked(round_)
        now = timezone.now()
        count = _compute(round_, now)
        _totals(round_)
        round_.computed_at = now
        round_.save(update_fields=["computed_at"])
    return count


def shown(points: Decimal) -> str:
    """100.0 → 100, 7.5 → 7.5."""
    return f"{points.normalize():f}"


def _parse_points(raw, criterion: Criterion, target: str) -> Decimal:
    try:
        points = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError) as exc:
        raise DomainError(f"{target}「{criterion.label}」的得分应为数字，收到「{raw}」", field="points") from exc
    if not points.is_finite() or not Decimal(0) <= points <= criterion.max_points:
        raise DomainError(f"{target}「{criterion.label}」的得分应在0至{shown(criterion.max_points)}分之间，收到{raw}",
                          field="points")
    if points != points.quantize(ONE):
        raise DomainError(f"{target}「{criterion.label}」的得分最多保留一位小数，收到{raw}", field="points")
    return points


def enter_score(actor, score: Score, points, *, evidence: str, evidence_file=None) -> Score:
    """The assessor's score for an entered criterion (or a computed one the records could not measure), bounded by
    the criterion's points, with the evidence it rests on."""
    result = score.result
    round_ = result.round
    criterion = score.criterion
    _require(actor, round_.organization)
    if not path_in_scope(actor, RUN, result.organization.path):
        raise DomainError(f"您无权为「{result.target_label}」评分", field="result")
    value = _parse_points(points, criterion, f"「{result.target_label}」")
    evidence = _text(evidence, "评分依据", "evidence", EVIDENCE_MAX, required=evidence_file is None)
    with transaction.atomic():
        _open_locked(round_)
        lock(score)
        if _computes(criterion) and score.value is not None:
            raise DomainError(f"「{criterion.label}」按记录计算（{score.explanation}），不能手工录入", field="points")
        before = snapshot(score)
        score.points, score.evidence, score.entered_by, score.entered_at = value, evidence, actor, timezone.now()
        if evidence_file is not None:
            score.evidence_file = evidence_file
        score.save()
        _totals(round_)
        record_event(actor, AuditEvent.Action.UPDATE, score, before=before, subject=round_,
                     message=f"录入{result.target_label}「{criterion.label}」得分")
    return score


def _grade(results: list[Result], grades: list[Grade]) -> None:
    """Bands from the highest: a total at or above a band's floor earns it, unless the band's share cap is full —
    then the target (and everyone tied with it, so a cap never splits a tie) falls to the next band it reaches, and
    the band closes for everyone ranked lower."""
    ordered = sorted(results, key=lambda r: -(r.total or 0))
    caps = {g.pk: (len(results) * g.max_share_percent) // 100 for g in grades if g.max_share_percent is not None}
    taken = dict.fromkeys(caps, 0)
    index = 0
    while index < len(ordered):
        tied = [r for r in ordered[index:] if r.total == ordered[index].total]
        total = tied[0].total or Decimal(0)
        chosen = None
        for grade in grades:
            if total < grade.min_total:
                continue
            if grade.pk in caps and taken[grade.pk] + len(tied) > caps[grade.pk]:
                taken[grade.pk] = caps[grade.pk]  # full: nobody ranked lower may pass a tie that did not fit
                continue
            chosen = grade
            break
        for result in tied:
            result.grade, result.grade_label = chosen, chosen.label if chosen else ""
        if chosen is not None and chosen.pk in taken:
            taken[chosen.pk] += len(tied)
        index += len(tied)


def _rank(results: list[Result]) -> None:
    """1, 1, 3 …: targets with the same total share a rank."""
    ordered = sorted(results, key=lambda r: -(r.total or 0))
    for position, result in enumerate(ordered, start=1):
        previous = ordered[position - 2] if position > 1 else None
        result.rank = previous.rank if previous is not None and previous.total == result.total else position


def _consequences(actor, round_: Round, results: list[Result], today: dt.date) -> None:
    from zugong.organizations.models import Rectification
    from zugong.organizations.services import start_rectification

    for result in results:
        if result.grade is None or not result.grade.opens_rectification:
            continue
        open_one = Rectification.objects.filter(organization=result.organization, closed_on__isnull=True).first()
        result.rectification = open_one or start_rectification(
            actor, result.organization, started_on=today,
            reason=f"{round_.name}评定为“{result.grade_label}”（总分{result.total}分）"[:300])
    if round_.scheme.feeds_township_ranking:
        from zugong.cadres.reserve import record_ranking

        for result in results:
            record_ranking(actor, result.organization, round_.year, result.rank or len(results), len(results),
                           result.missed_basic_tasks)


def finalize_round(actor, round_: Round) -> Round:
    """Compute once more, then freeze: totals, grades (share caps), ranks, consequences. Refused while any score is
    missing, and for a round already finalized."""
    _require(actor, round_.organization)
    with transaction.atomic():
        _open_locked(round_)
        now = timezone.now()
        _compute(round_, now)
        missing = list(Score.objects.filter(result__round=round_, points__isnull=True)
                       .select_related("result", "criterion").order_by("result__org_path", "criterion__order")[:6])
        if missing:
            named = "；".join(f"{s.result.target_label}「{s.criterion.label}」" for s in missing[:5])
            more = "等" if len(missing) > 5 else ""
            raise DomainError(f"以下得分尚未录入，不能定稿：{named}{more}", field="scores")
        results = _totals(round_)
        criteria = {c.pk: c for c in round_.scheme.criteria.all()}
        for result in results:
            result.missed_basic_tasks = any(criteria[s.criterion_id].is_basic_task
                                            and (s.points or 0) < criteria[s.criterion_id].max_points
                                            for s in result.scores.all())
        _grade(results, list(round_.scheme.grades.all()))
        _rank(results)
        _consequences(actor, round_, results, timezone.localdate())
        Result.objects.bulk_update(results, ["total", "grade", "grade_label", "rank", "missed_basic_tasks",
                                             "rectification"])
        before = snapshot(round_)
        updated = Round.objects.filter(pk=round_.pk, status=Round.Status.OPEN).update(
            status=Round.Status.FINALIZED, finalized_by=actor, finalized_at=now, computed_at=now)
        if updated != 1:  # the lock above makes this unreachable; kept as the conditional UPDATE's own guard
            raise DomainError(f"「{round_}」已定稿，不能再次定稿", field="status")
        round_.refresh_from_db()
        record_event(actor, AuditEvent.Action.UPDATE, round_, before=before, subject=round_.organization,
                     message=f"考核定稿：{len(results)}个对象")
    return round_



# --- the scheme's figures (data a department edits) --------------------------------------------------------------------

SCHEME_WHAT = "考核方案"  # installation-wide, like the 100-point scheme: the top department's administrators only


def _points(raw, label: str, field: str, top: Decimal = Decimal("1000")) -> Decimal:
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError) as exc:
        raise DomainError(f"「{label}」应为数字，收到「{raw}」", field=field) from exc
    if not value.is_finite() or not Decimal(0) <= value <= top or value != value.quantize(ONE):
        raise DomainError(f"「{label}」应在0至{shown(top)}之间、最多一位小数，收到{raw}", field=field)
    return value


def set_criterion_points(actor, criterion: Criterion, max_points, *, guidance: str | None = None,
                         source: str | None = None) -> Criterion:
    """Change a criterion's points (and its guidance or source). Refused while an open round of the scheme holds a
    score above the new points; finalized rounds keep the points they were scored with."""
    require_policy_change(actor, SCHEME_WHAT)
    value = _points(max_points, f"{criterion.label}的分值", "max_points")
    guidance = None if guidance is None else _text(guidance, "评分说明", "guidance", 500)
    source = None if source is None else _text(source, "依据", "source", 300, required=True)
    with transaction.atomic():
        lock(criterion)
        above = (Score.objects.filter(criterion=criterion, points__gt=value, result__round__status=Round.Status.OPEN)
                 .select_related("result").first())
        if above is not None:
            raise DomainError(f"进行中的考核中「{above.result.target_label}」此项已得{shown(above.points or Decimal(0))}分，"
                              f"分值不能低于该得分", field="max_points")
        before = snapshot(criterion)
        criterion.max_points = value
        if guidance is not None:
            criterion.guidance = guidance
        if source is not None:
            criterion.source = source
        criterion.save()
        record_event(actor, AuditEvent.Action.POLICY, criterion, before=before, subject=criterion.scheme,
                     message=f"调整考核指标「{criterion.label}」")
    return criterion


def set_grade_band(actor, grade: Grade, min_total, max_share_percent: int | None = None) -> Grade:
    """Change a grade's floor and share cap (percent of the targets; None: no cap)."""
    require_policy_change(actor, SCHEME_WHAT)
    floor = _points(min_total, f"{grade.label}的总分下限", "min_total")
    if max_share_percent is not None and not 1 <= max_share_percent <= 100:
        raise DomainError(f"「{grade.label}的比例上限」应在1%至100%之间，收到{max_share_percent}%",
                          field="max_share_percent")
    with transaction.atomic():
        lock(grade)
        before = snapshot(grade)
        grade.min_total, grade.max_share_percent = floor, max_share_percent
        grade.save()
        record_event(actor, AuditEvent.Action.POLICY, grade, before=before, subject=grade.scheme,
                     message=f"调整考核等次「{grade.label}」")
    return grade
