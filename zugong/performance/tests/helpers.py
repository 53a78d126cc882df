"""A small year for the tests: the county's template with the four perspectives (weights 40 / 30 / 20 / 10) and
four agencies under the county's 县直机关工委, each a WorkUnit of the 机关 kind covered by its own branch."""

import datetime as dt
from decimal import Decimal

from tests.fixtures import _child
from zugong.organizations.models import Organization, WorkUnit
from zugong.performance import services
from zugong.performance.models import Indicator, Period, Scorecard, Template

YEAR = 2026
# perspective, objective, label, unit, target, weight, direction
INDICATORS = [
    ("履职成效", "完成年度重点任务", "重点项目完成数", "个", "10", "40", "higher"),
    ("服务对象", "群众满意", "群众满意率", "%", "90", "30", "higher"),
    ("内部管理", "作风建设", "督查发现问题数", "个", "2", "20", "lower"),
    ("学习成长", "干部能力提升", "干部培训学时", "学时", "8", "10", "higher"),
]
AGENCIES = ["县教育局", "县商务局", "县水利局", "县审计局"]


def agencies(county) -> dict[str, WorkUnit]:
    units = {}
    for name in AGENCIES:
        branch = _child(county.agencies, f"{name}机关党支部", Organization.Kind.BRANCH, Organization.Sector.AGENCY)
        units[name] = WorkUnit.objects.create(name=name, kind=WorkUnit.Kind.AGENCY, managed_by=branch,
                                              covered_by=branch)
    return units


def template(county, admin, *, issue: bool = True, periods: bool = True) -> Template:
    made = services.create_template(admin, county.county, YEAR, f"{YEAR}年度机关平衡计分卡", "测试")
    perspectives = {}
    for perspective, objective, label, unit, target, weight, direction in INDICATORS:
        if perspective not in perspectives:
            perspectives[perspective] = services.add_perspective(admin, made, perspective)
        services.add_indicator(admin, perspectives[perspective], objective=objective, label=label, unit=unit,
                               target=target, weight=weight, direction=direction)
    if issue:
        services.issue_scorecards(admin, made)
    if periods:
        services.create_periods(admin, made)
    return made


def card(made: Template, name: str) -> Scorecard:
    return made.scorecards.get(label=name)


def indicator(made: Template, label: str) -> Indicator:
    return made.indicators.get(label=label)


def period(made: Template, number: int) -> Period:
    return made.periods.get(number=number)


def enter(actor, made: Template, number: int, values: dict[str, tuple]) -> None:
    """Type each agency's values (None: left out) into period ``number`` (deployed by the caller)."""
    target = period(made, number)
    for name, row in values.items():
        for (_p, _o, label, *_rest), value in zip(INDICATORS, row, strict=True):
            if value is not None:
                services.enter_actual(actor, target, card(made, name), indicator(made, label), value, "台账")


def run_period(actor, made: Template, number: int, values: dict[str, tuple]) -> Period:
    target = period(made, number)
    services.take_step(actor, target, Period.Step.DEPLOYED, target.starts_on, note="部署重点任务")
    enter(actor, made, number, values)
    services.take_step(actor, target, Period.Step.INSPECTED, target.starts_on + dt.timedelta(days=3), note="明察暗访")
    services.take_step(actor, target, Period.Step.ASSESSED, target.ends_on)
    target.refresh_from_db()
    return target


# Hand-computed (weights 40/30/20/10; targets 10, 90, 2 lower-is-better, 8; completion capped at 100%):
# 县教育局 8, 90, 4, 8   → 32 + 30 + 10 + 10 = 82.00
# 县商务局 12, 81, 0, 4  → 40 + 27 + 20 +  5 = 92.00 (12 of 10 counts 100%; 0 problems is full marks)
# 县水利局 9, 84, 4, 6.4 → 36 + 28 + 10 +  8 = 82.00 (ties 县教育局)
# 县审计局 5, —, —, —    → 20 +  0 +  0 +  0 = 20.00, three values missing
FIRST = {"县教育局": ("8", "90", "4", "8"), "县商务局": ("12", "81", "0", "4"), "县水利局": ("9", "84", "4", "6.4"),
         "县审计局": ("5", None, None, None)}
FIRST_TOTALS = {"县商务局": (Decimal("92.00"), 1), "县教育局": (Decimal("82.00"), 2), "县水利局": (Decimal("82.00"), 2),
                "县审计局": (Decimal("20.00"), 4)}
