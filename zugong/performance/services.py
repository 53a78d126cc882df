"""Agency performance use cases (机关绩效): the department's template and cycles, the agencies' values.

Capabilities (no narrower one exists; the difference is where it is held):
- the department runs the year — templates, indicators, issuing the agencies' cards, the periods and their steps —
  with ``organizations.change`` over the template's organization (the county's top, in practice);
- an agency sets its breakdown and types its values with ``organizations.change`` over its card's organization
  (its party organization: an operator of it, or the department above);
- reading is ``organizations.view`` (``selectors``).

Every change runs in one transaction, is audited, and a decision on a period (a step, a value typed into it) locks
the period's row first (``core.locks.lock``) and reads its step again: of two people closing the same period's
assessment, the second is refused in Chinese and nothing changes.
"""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext

from zugong.assessments import measures
from zugong.cadres.models import Cadre
from zugong.core.access import DomainError, path_in_scope
from zugong.core.audit import record_event, snapshot
from zugong.core.bounds import checked_text as _text
from zugong.core.locks import lock
from zugong.core.models import AuditEvent
from zugong.core.policy import policy_int
from zugong.core.tree import is_within, subtree_q
from zugong.organizations.models import Organization, WorkUnit
from zugong.performance import policies, procedure, scoring
from zugong.performance.models import (
    AGENCY_KINDS,
    Actual,
    Breakdown,
    CardTarget,
    Indicator,
    Period,
    PeriodScore,
    Perspective,
    Scorecard,
    Template,
)

RUN = "organizations.change"
AGENCY_TARGET = "agency"  # assessments.TargetKind.AGENCY: the measures that read an agency's party organization
VALUE_MAX = Decimal("999999999999.99")
HUNDRED = Decimal(100)


def _require(actor, path: str, what: str) -> None:
    if not path_in_scope(actor, RUN, path):
        raise DomainError(f"您无权{what}", field="organization")




def _number(raw, label: str, field: str, *, top: Decimal = VALUE_MAX) -> Decimal:
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError) as exc:
        raise DomainError(f"「{label}」应为数字，收到「{raw}」", field=field) from exc
    if not value.is_finite() or value < 0 or value > top:
        raise DomainError(f"「{label}」应在 0–{top.normalize():f} 之间，收到 {raw}", field=field)
    if value != value.quantize(Decimal("0.01")):
        raise DomainError(f"「{label}」最多两位小数，收到 {raw}", field=field)
    return value


# --- the template (the department) --------------------------------------------------------------------------------

def create_template(actor, organization: Organization, year: int, name: str, source: str = "") -> Template:
    _require(actor, organization.path, f"在「{organization}」制定计分卡模板")
    if not 2000 <= int(year) <= 2100:
        raise DomainError(f"「年度」应在 2000–2100 之间，收到 {year}", field="year")
    name = _text(name, "模板名称", "name", 100, required=True)
    source = _text(source, "依据", "source", 300)
    with transaction.atomic():
        if Template.objects.filter(organization=organization, year=year).exists():
            raise DomainError(f"「{organization}」{year}年度已有计分卡模板", field="year")
        template = Template.objects.create(organization=organization, year=year, name=name, source=source)
        record_event(actor, AuditEvent.Action.CREATE, template, subject=organization)
    return template


def _template_open(template: Template) -> None:
    if template.scorecards.exists():
        raise DomainError(f"「{template}」已下发到各机关，不能再改动维度和指标", field="template")


def add_perspective(actor, template: Template, name: str) -> Perspective:
    _require(actor, template.org_path, "修改该计分卡模板")
    name = _text(name, "维度", "name", 50, required=True)
    with transaction.atomic():
        lock(template)
        _template_open(template)
        if template.perspectives.filter(name=name).exists():
            raise DomainError(f"「{template}」已有维度「{name}」", field="name")
        order = template.perspectives.count() + 1
        perspective = Perspective.objects.create(template=template, name=name, order=order)
        record_event(actor, AuditEvent.Action.CREATE, perspective, subject=template)
    return perspective


def add_indicator(actor, perspective: Perspective, *, objective: str, label: str, unit: str, target, weight,
                  direction: str = Indicator.Direction.HIGHER, measure: str = "") -> Indicator:
    template = perspective.template
    _require(actor, template.org_path, "修改该计分卡模板")
    objective = _text(objective, "战略目标", "objective", 100, required=True)
    label = _text(label, "衡量指标", "label", 100, required=True)
    unit = _text(unit, "计量单位", "unit", 20)
    target = _number(target, "目标值", "target")
    weight = _number(weight, "权重", "weight", top=HUNDRED)
    if weight == 0:
        raise DomainError("「权重」须大于0", field="weight")
    if direction not in Indicator.Direction.values:
        raise DomainError(f"未知的方向「{direction}」", field="direction")
    if measure and AGENCY_TARGET not in getattr(measures.REGISTRY.get(measure), "target_kinds", ()):
        raise DomainError(f"计算方法「{measure}」不存在或不适用于机关", field="measure")
    with transaction.atomic():
        lock(template)
        _template_open(template)
        if template.indicators.filter(label=label).exists():
            raise DomainError(f"「{template}」已有衡量指标「{label}」", field="label")
        used = template.indicators.aggregate(total=Sum("weight"))["total"] or Decimal(0)
        if used + weight > HUNDRED:
            raise DomainError(f"「权重」合计不能超过100：已有{used.normalize():f}，再加{weight.normalize():f}就超过了",
                              field="weight")
        indicator = Indicator.objects.create(
            template=template, perspective=perspective, order=perspective.indicators.count() + 1, objective=objective,
            label=label, unit=unit, target=target, weight=weight, direction=direction, measure=measure)
        record_event(actor, AuditEvent.Action.CREATE, indicator, subject=template)
    return indicator


def weight_problem(template: Template) -> str | None:
    """Why the template's weights do not make a card yet (in the reader's language), or None when they add up to 100."""
    total = template.indicators.aggregate(total=Sum("weight"))["total"] or Decimal(0)
    if total != HUNDRED:
        return gettext("各衡量指标的权重合计应为100，现为{total}").format(total=f"{total.normalize():f}")
    missing = [p.name for p in template.perspectives.all() if not p.indicators.exists()]
    if missing:
        return gettext("维度「{names}」还没有衡量指标").format(names=gettext("、").join(missing))
    return None


def agencies_under(template: Template):
    """The agencies (机关 and 事业单位 units, open) whose party organization lies under the template's organization."""
    return (WorkUnit.objects.filter(kind__in=AGENCY_KINDS, is_closed=False)
            .filter(subtree_q(template.org_path, "managed_by__path")).select_related("covered_by", "managed_by")
            .order_by("managed_by__path", "name", "pk"))


def issue_scorecards(actor, template: Template) -> int:
    """Give every agency under the template's organization its card with the template's targets (once each)."""
    _require(actor, template.org_path, "下发该计分卡模板")
    with transaction.atomic():
        lock(template)
        problem = weight_problem(template)
        if problem:
            raise DomainError(f"「{template}」不能下发：{problem}", field="weight")
        have = set(template.scorecards.values_list("unit_id", flat=True))
        cards = []
        for unit in agencies_under(template):
            if unit.pk in have:
                continue
            organization = unit.covered_by or unit.managed_by
            cards.append(Scorecard(template=template, unit=unit, organization=organization, org_path=organization.path,
                                   label=unit.name[:150]))
        Scorecard.objects.bulk_create(cards)
        indicators = list(template.indicators.all())
        created = list(template.scorecards.filter(unit_id__in=[card.unit_id for card in cards]))
        CardTarget.objects.bulk_create([CardTarget(scorecard=card, indicator=i, target=i.target)
                                        for card in created for i in indicators])
        record_event(actor, AuditEvent.Action.UPDATE, template, subject=template.organization,
                     message=f"下发计分卡{len(cards)}张")
    return len(cards)


# --- an agency's card: its targets and their breakdown --------------------------------------------------------------

def set_card_target(actor, card_target: CardTarget, raw) -> CardTarget:
    card = card_target.scorecard
    _require(actor, card.org_path, f"修改「{card.label}」的目标值")
    value = _number(raw, "目标值", "target")
    with transaction.atomic():
        before = snapshot(card_target)
        card_target.target = value
        card_target.save(update_fields=["target"])
        record_event(actor, AuditEvent.Action.UPDATE, card_target, before=before, subject=card)
    return card_target


def add_breakdown(actor, card: Scorecard, indicator: Indicator, *, target, part: str = "",
                  cadre: Cadre | None = None) -> Breakdown:
    _require(actor, card.org_path, f"分解「{card.label}」的目标")
    if indicator.template_id != card.template_id:
        raise DomainError("该衡量指标不属于这张计分卡", field="indicator")
    part = _text(part, "承接科室", "part", 50)
    if bool(part) == (cadre is not None):
        raise DomainError("请填写承接科室或选择承接干部（二选一）", field="part")
    if cadre is not None and not is_within(cadre.org_path, card.org_path):
        raise DomainError(f"干部「{cadre.name}」不在「{card.label}」", field="cadre")
    value = _number(target, "目标值", "target")
    with transaction.atomic():
        duplicate = card.breakdowns.filter(indicator=indicator)
        duplicate = duplicate.filter(cadre=cadre) if cadre is not None else duplicate.filter(cadre=None, part=part)
        if duplicate.exists():
            raise DomainError(f"「{cadre.name if cadre else part}」已承接「{indicator.label}」", field="indicator")
        line = Breakdown.objects.create(scorecard=card, indicator=indicator, part=part, cadre=cadre, target=value)
        record_event(actor, AuditEvent.Action.CREATE, line, subject=card)
    return line


def enter_breakdown_actual(actor, line: Breakdown, raw, evidence: str = "") -> Breakdown:
    card = line.scorecard
    _require(actor, card.org_path, f"填报「{card.label}」的目标完成情况")
    value = _number(raw, "年度完成值", "actual")
    evidence = _text(evidence, "完成情况说明", "evidence", 500)
    with transaction.atomic():
        before = snapshot(line)
        line.actual, line.evidence = value, evidence
        line.save(update_fields=["actual", "evidence"])
        record_event(actor, AuditEvent.Action.UPDATE, line, before=before, subject=card)
    return line


# --- the periods and their steps (the department) --------------------------------------------------------------------

def create_periods(actor, template: Template) -> int:
    """The year's periods by ``performance.periods_per_month`` (once: a template with periods keeps them)."""
    _require(actor, template.org_path, "安排该模板的考核周期")
    per_month = policy_int(policies.PERIODS_PER_MONTH.key)
    with transaction.atomic():
        lock(template)
        if template.periods.exists():
            raise DomainError(f"「{template}」已安排考核周期", field="template")
        Period.objects.bulk_create([Period(template=template, number=number, starts_on=starts, ends_on=ends)
                                    for number, (starts, ends) in enumerate(
                                        procedure.periods_of(template.year, per_month), start=1)])
        record_event(actor, AuditEvent.Action.UPDATE, template, subject=template.organization,
                     message=f"安排考核周期：每月{per_month}期")
    return template.periods.count()


def take_step(actor, period: Period, done: str, on: dt.date | None = None, *, note: str = "",
              number: str = "") -> Period:
    """Deploy, inspect, assess (scores and ranks written once) or issue the bulletin of ``period``."""
    template = period.template
    _require(actor, template.org_path, "开展该周期的“四个一”工作")
    on = on or timezone.localdate()
    note = _text(note, "部署要点" if done == Period.Step.DEPLOYED else "督查情况", "note", 500)
    number = _text(number, "通报文号", "number", 50)
    with transaction.atomic():
        lock(period)
        refused = procedure.refusal(period, done, on)
        if refused:
            if done == period.step:
                refused = f"{refused}（可能他人刚刚完成了这一步，请刷新页面）"
            raise DomainError(refused, field="step")
        before = snapshot(period)
        step = procedure.BY_DONE[done]
        if done == Period.Step.ASSESSED:
            _assess(period)
        period.step = done
        setattr(period, step.day_field, on)
        if done == Period.Step.DEPLOYED:
            period.deploy_note = note
        elif done == Period.Step.INSPECTED:
            period.inspect_note = note
        elif done == Period.Step.BULLETIN:
            period.bulletin_number = number
        period.last_by = actor
        period.save()
        record_event(actor, AuditEvent.Action.UPDATE, period, before=before, subject=template,
                     message=f"“四个一”：{step.verb}")
    return period


def _assess(period: Period) -> None:
    """Computed values measured again, then each card's weighted total and rank (written once)."""
    compute_actuals(period)
    cap = policy_int(policies.ACHIEVEMENT_CAP_PERCENT.key)
    indicators = {i.pk: i for i in period.template.indicators.all()}
    cards = list(period.template.scorecards.select_related("organization"))
    targets: dict[tuple[int, int], Decimal] = {
        (t.scorecard_id, t.indicator_id): t.target for t in CardTarget.objects.filter(scorecard__in=cards)}
    actual: dict[tuple[int, int], Decimal] = {
        (a.scorecard_id, a.indicator_id): a.value for a in period.actuals.all()}
    rows = []
    for card in cards:
        total, missing = Decimal(0), 0
        for pk, indicator in indicators.items():
            value = actual.get((card.pk, pk))
            missing += value is None
            target = targets.get((card.pk, pk), indicator.target)
            total += scoring.points(indicator.weight, indicator.direction, target, value, cap)
        rows.append(PeriodScore(period=period, scorecard=card, organization=card.organization,
                                org_path=card.organization.path, total=total, rank=0, missing=missing))
    for row, rank in zip(rows, scoring.ranks([row.total for row in rows]), strict=True):
        row.rank = rank
    PeriodScore.objects.bulk_create(rows)


def compute_actuals(period: Period) -> int:
    """Values of the computed indicators (``assessments.measures``) over the period, for every card."""
    computed = [i for i in period.template.indicators.all() if i.measure and measures.measure_available(i.measure)]
    if not computed:
        return 0
    now, count = timezone.now(), 0
    for card in period.template.scorecards.select_related("organization"):
        target = measures.Target(card.organization, period.starts_on, period.ends_on)
        for indicator in computed:
            measured = measures.measure(indicator.measure, target)
            if measured.value is None:
                continue
            Actual.objects.update_or_create(period=period, scorecard=card, indicator=indicator, defaults={
                "value": max(measured.value, Decimal(0)), "explanation": measured.explanation[:500],
                "entered_by": None, "entered_at": now, "evidence": ""})
            count += 1
    return count


# --- actual values (the agency) ----------------------------------------------------------------------------------------

def enter_actual(actor, period: Period, card: Scorecard, indicator: Indicator, raw, evidence: str = "",
                 evidence_file=None) -> Actual:
    _require(actor, card.org_path, f"填报「{card.label}」的完成值")
    if card.template_id != period.template_id or indicator.template_id != period.template_id:
        raise DomainError("该周期、计分卡与指标不属于同一模板", field="indicator")
    if indicator.measure and measures.measure_available(indicator.measure):
        raise DomainError(f"「{indicator.label}」由系统按记录计算，不需填报", field="value")
    value = _number(raw, f"{indicator.label}完成值", "value")
    evidence = _text(evidence, "完成情况及佐证", "evidence", 500, required=True)
    with transaction.atomic():
        lock(period)
        refused = procedure.actuals_refusal(period)
        if refused:
            raise DomainError(refused, field="value")
        actual = Actual.objects.filter(period=period, scorecard=card, indicator=indicator).first()
        before = snapshot(actual) if actual else None
        if actual is None:
            actual = Actual(period=period, scorecard=card, indicator=indicator)
        actual.value, actual.evidence, actual.entered_by, actual.entered_at = value, evidence, actor, timezone.now()
        if evidence_file is not None:
            actual.evidence_file = evidence_file
        actual.save()
        record_event(actor, AuditEvent.Action.UPDATE if before else AuditEvent.Action.CREATE, actual,
                     before=before, subject=card)
    return actual
