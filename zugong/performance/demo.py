"""Demo agency performance (示范机关绩效, seed 002): this year's balanced scorecard of the county — four perspectives,
eight weighted indicators — issued to every agency and institution under the county (the 县直机关工委's units), its
targets broken down to each agency's 股室 and leading cadres, and the half-monthly 四个一 periods: every period that
has ended deployed, inspected, assessed and bulletined, the running one deployed with some values typed, the rest
planned.

The template, the cards and the periods are made through the services; the values of the past periods are written in
bulk as the agencies would have typed them (each agency has a steady level and a drift, so ranks move a little from
period to period), and each past period's totals and ranks come from the same ``scoring`` the assessment uses.
"""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from zugong.accounts.models import User
from zugong.cadres.models import Cadre
from zugong.core.bulk import insert_many
from zugong.core.policy import policy_int
from zugong.organizations import demo
from zugong.performance import policies, scoring, services
from zugong.performance.models import (
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

CENT = Decimal("0.01")
# perspective, objective, indicator, unit, target, weight, direction
INDICATORS = [
    ("履职成效", "全面完成年度目标任务", "重点工作任务完成数", "项", "12", "20", "higher"),
    ("履职成效", "项目建设提速增效", "重点项目投资完成额", "万元", "800", "15", "higher"),
    ("服务对象", "群众满意", "服务对象满意率", "%", "95", "15", "higher"),
    ("服务对象", "办事高效", "群众诉求按时办结率", "%", "98", "10", "higher"),
    ("内部管理", "作风过硬", "督查发现问题数", "个", "2", "15", "lower"),
    ("内部管理", "制度落实", "制度执行抽查合格率", "%", "100", "10", "higher"),
    ("学习成长", "干部能力提升", "干部参加培训学时", "学时", "8", "10", "higher"),
    ("学习成长", "学习型机关", "理论学习研讨次数", "次", "2", "5", "higher"),
]
PARTS = ("办公室", "业务股", "综合股")
DEPLOY_NOTES = ("部署本期重点工作任务和项目建设节点", "部署群众诉求办理和作风建设专项督查",
                "部署干部培训和理论学习研讨", "部署年度目标任务半月推进")
INSPECT_NOTES = ("明察暗访各机关，查阅台账、现场抽查", "随机抽查窗口服务和诉求办理", "督查重点项目现场进度")


def _value(target: Decimal, direction: str, level: float, rng) -> Decimal:
    reach = max(0.3, min(1.25, level + rng.uniform(-0.12, 0.08)))
    if direction == "lower":
        return Decimal(max(0, round(float(target) * (2 - reach) + rng.uniform(-1, 1))))
    if target <= 10:
        return Decimal(max(0, round(float(target) * reach)))
    return (target * Decimal(str(reach))).quantize(Decimal("0.1"), ROUND_HALF_UP)


def add_performance(ctx: demo.DemoContext) -> None:
    actor = User.objects.filter(username="admin").first()
    county = ctx.counties[0] if ctx.counties else ctx.root
    if actor is None or county is None:
        return
    today, year = ctx.today, ctx.today.year
    with transaction.atomic():
        template = services.create_template(actor, county, year, f"{county.name.removesuffix('委')}{year}年度机关绩效平衡计分卡",
                                            "“每半月一部署、一督查、一考核、一通报”（“四个一”工作机制）")
        perspectives: dict[str, Perspective] = {}
        for perspective, objective, label, unit, target, weight, direction in INDICATORS:
            if perspective not in perspectives:
                perspectives[perspective] = services.add_perspective(actor, template, perspective)
            services.add_indicator(actor, perspectives[perspective], objective=objective, label=label, unit=unit,
                                   target=target, weight=weight, direction=direction)
        services.issue_scorecards(actor, template)
        services.create_periods(actor, template)
        cards = list(template.scorecards.order_by("pk"))
        indicators = list(template.indicators.order_by("perspective__order", "order"))
        _breakdown(ctx, cards, indicators)
        _periods(ctx, actor, template, cards, indicators, today)
    ctx.counts["performance_cards"] = len(cards)
    ctx.counts["performance_periods_assessed"] = template.periods.filter(step=Period.Step.BULLETIN).count()


def _breakdown(ctx, cards: list[Scorecard], indicators: list[Indicator]) -> None:
    rng = ctx.rng
    cadres: dict[str, list[Cadre]] = {}
    for cadre in Cadre.objects.serving().order_by("org_path", "pk"):
        cadres.setdefault(cadre.org_path, []).append(cadre)
    lines = []
    first, second = indicators[0], indicators[1]
    for card in cards:
        parts = rng.sample(PARTS, 2)
        lines += [Breakdown(scorecard=card, indicator=second, part=part, target=(second.target / 2).quantize(CENT))
                  for part in parts]
        people = cadres.get(card.org_path, [])[:4]
        for cadre in people:
            target = max(Decimal(1), (first.target / max(1, len(people))).quantize(Decimal(1)))
            actual = Decimal(max(0, round(float(target) * rng.uniform(0.5, 1.1))))
            lines.append(Breakdown(scorecard=card, indicator=first, cadre=cadre, target=target, actual=actual,
                                   evidence="按半月推进台账汇总"))
    insert_many(lines)


def _periods(ctx, actor, template: Template, cards, indicators, today: dt.date) -> None:
    rng = ctx.rng
    cap = policy_int(policies.ACHIEVEMENT_CAP_PERCENT.key)
    level = {card.pk: rng.uniform(0.7, 1.05) for card in cards}
    drift = {card.pk: rng.uniform(-0.01, 0.012) for card in cards}
    targets = {(t.scorecard_id, t.indicator_id): t.target for t in CardTarget.objects.filter(scorecard__in=cards)}
    now = timezone.now()
    actuals, scores, done = [], [], []
    for period in template.periods.order_by("number"):
        if period.starts_on > today:
            break
        finished = period.ends_on < today
        totals = []
        for card in cards:
            reach = level[card.pk] + drift[card.pk] * period.number
            total = Decimal(0)
            for indicator in indicators:
                if not finished and rng.random() < 0.6:
                    continue  # the running period: some values typed so far
                target = targets[(card.pk, indicator.pk)]
                value = _value(target, indicator.direction, reach, rng)
                actuals.append(Actual(period=period, scorecard=card, indicator=indicator, value=value,
                                      evidence="半月工作台账及佐证材料", entered_by=actor, entered_at=now))
                total += scoring.points(indicator.weight, indicator.direction, target, value, cap)
            totals.append(total)
        period.step = Period.Step.DEPLOYED
        period.deployed_on = period.starts_on
        period.deploy_note = DEPLOY_NOTES[period.number % len(DEPLOY_NOTES)]
        period.last_by = actor
        if finished:
            for card, total, rank in zip(cards, totals, scoring.ranks(totals), strict=True):
                scores.append(PeriodScore(period=period, scorecard=card, organization_id=card.organization_id,
                                          org_path=card.org_path, total=total, rank=rank))
            period.step = Period.Step.BULLETIN
            period.inspected_on = min(period.starts_on + dt.timedelta(days=7), period.ends_on)
            period.inspect_note = INSPECT_NOTES[period.number % len(INSPECT_NOTES)]
            period.assessed_on = period.ends_on
            period.bulletin_on = period.ends_on + dt.timedelta(days=1)
            period.bulletin_number = f"绩效通报〔{template.year}〕{period.number}号"
        done.append(period)
    Actual.objects.bulk_create(actuals, batch_size=2000)  # COPY (insert_many) does not take a FileField
    insert_many(scores)
    Period.objects.bulk_update(done, ["step", "deployed_on", "deploy_note", "inspected_on", "inspect_note",
                                      "assessed_on", "bulletin_on", "bulletin_number", "last_by"])


demo.register_step(add_performance)
demo.RESET_MODELS[:0] = [PeriodScore, Actual, Breakdown, CardTarget, Period, Scorecard, Indicator, Perspective, Template]
