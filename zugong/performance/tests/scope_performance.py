"""Scope entries of the performance pages for ``tests/test_scope.py`` (PERFORMANCE_AREAS there).

Everyone who reads organizations (``organizations.view``) reads the templates, periods and cards within their part
of the tree; those who change organizations (department administrators, township operators — ``organizations.change``)
run the cycle of a template over their part and type an agency's values there. Objects are made directly over the
persona's organization (inside) or another one (outside): a template of this year with four indicators (weights
40/30/20 — 90, so one more of 10 may be added), or an issued one whose card belongs to an agency managed by that
organization, its first period deployed, a breakdown line, and an assessed period. ``formula_export`` and
``formula_bulletin`` serve ``tests/test_export_formulas.py``.
"""

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile
from django.urls import reverse

from tests.fixtures import app_today
from zugong.organizations.models import WorkUnit
from zugong.performance import services
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

TARGETS = {"pf_template", "pf_card", "pf_period", "pf_evidence"}


def _template(org, *, full: bool) -> Template:
    year = app_today().year
    template = Template.objects.create(organization=org, year=year, name=f"{org}{year}年度范围测试计分卡")
    weights = [("履职成效", "40"), ("服务对象", "30"), ("内部管理", "20")] + ([("学习成长", "10")] if full else [])
    for order, (name, weight) in enumerate(weights, start=1):
        perspective = Perspective.objects.create(template=template, name=name, order=order)
        Indicator.objects.create(template=template, perspective=perspective, order=1, objective=f"{name}目标",
                                 label=f"{name}指标", unit="项", target=Decimal(10), weight=Decimal(weight))
    return template


def _card(org, label: str = "") -> tuple[Template, Scorecard, Period]:
    """An issued template over ``org`` with one agency's card, periods made, the first deployed."""
    template = _template(org, full=True)
    unit = WorkUnit.objects.create(name=label or f"{org}所在机关", kind=WorkUnit.Kind.AGENCY, managed_by=org,
                                   covered_by=org)
    card = Scorecard.objects.create(template=template, unit=unit, organization=org, label=unit.name[:150])
    CardTarget.objects.bulk_create([CardTarget(scorecard=card, indicator=i, target=i.target)
                                    for i in template.indicators.all()])
    Period.objects.bulk_create([Period(template=template, number=n, starts_on=dt.date(template.year, 1, 1 + 15 * (n - 1)),
                                       ends_on=dt.date(template.year, 1, 15 + 16 * (n - 1))) for n in (1, 2)])
    Period.objects.filter(template=template, number=1).update(step=Period.Step.DEPLOYED,
                                                              deployed_on=dt.date(template.year, 1, 1))
    Breakdown.objects.create(scorecard=card, indicator=template.indicators.first(), part="业务股", target=Decimal(5))
    return template, card, template.periods.get(number=1)


def _assessed(period: Period, card: Scorecard) -> Period:
    Period.objects.filter(pk=period.pk).update(step=Period.Step.ASSESSED, assessed_on=period.ends_on)
    PeriodScore.objects.create(period=period, scorecard=card, organization=card.organization, total=Decimal("88.5"),
                               rank=1)
    period.refresh_from_db()
    return period


def objects(target, org, users) -> dict:
    if target == "pf_template":
        return {"pf_template": _template(org, full=False)}
    template, card, period = _card(org)
    found = {"pf_template": template, "pf_card": card, "pf_first": period,
             "pf_line": card.breakdowns.get(), "pf_indicators": list(template.indicators.all())}
    if target == "pf_period":
        found["pf_period"] = _assessed(period, card)
    if target == "pf_evidence":
        actual = Actual.objects.create(period=period, scorecard=card, indicator=template.indicators.first(),
                                       value=Decimal(3), evidence="台账")
        actual.evidence_file.save("evidence.pdf", ContentFile(b"%PDF-1.4"), save=True)
        found["pf_evidence"] = actual
    return found


def endpoints(Endpoint, personas) -> list:  # noqa: N803  (the class is passed in: test_scope imports this module)
    viewers, runners = personas["EVERYONE"], personas["CHANGERS"]
    template = lambda o: {"pk": o["pf_template"].pk}  # noqa: E731
    card = lambda o: {"pk": o["pf_card"].pk}  # noqa: E731
    period = lambda o: {"pk": o["pf_period"].pk}  # noqa: E731
    actuals = lambda o: {"pk": o["pf_card"].pk, "period_pk": o["pf_first"].pk}  # noqa: E731
    line = lambda o: {"pk": o["pf_card"].pk, "line_pk": o["pf_line"].pk}  # noqa: E731
    return [
        Endpoint("performance:templates", "GET", viewers, None),
        Endpoint("performance:template_new", "GET", runners, None),
        Endpoint("performance:template", "GET", viewers, "pf_template", url_kwargs=template),
        Endpoint("performance:perspective_new", "POST", runners, "pf_template", ok=(302,), url_kwargs=template,
                 data=lambda o: {"name": "创新发展"}),
        Endpoint("performance:indicator_new", "GET", runners, "pf_template", url_kwargs=template),
        Endpoint("performance:indicator_new", "POST", runners, "pf_template", ok=(302,), url_kwargs=template,
                 data=lambda o: {"perspective": o["pf_template"].perspectives.first().pk, "objective": "能力提升",
                                 "label": "培训学时", "unit": "学时", "target": "8", "weight": "10",
                                 "direction": "higher", "measure": ""}),
        Endpoint("performance:issue", "POST", runners, "pf_template", ok=(302,), url_kwargs=template),
        Endpoint("performance:periods", "POST", runners, "pf_template", ok=(302,), url_kwargs=template),
        Endpoint("performance:period", "GET", viewers, "pf_period", url_kwargs=period),
        Endpoint("performance:step", "POST", runners, "pf_card", ok=(302,),
                 url_kwargs=lambda o: {"pk": o["pf_first"].pk},
                 data=lambda o: {"done": "inspected", "on": o["pf_first"].starts_on.isoformat(), "note": "明察暗访"}),
        Endpoint("performance:export", "GET", viewers, "pf_period", url_kwargs=period),
        Endpoint("performance:bulletin", "GET", viewers, "pf_period", url_kwargs=period),
        Endpoint("performance:card", "GET", viewers, "pf_card", url_kwargs=card),
        Endpoint("performance:targets", "GET", runners, "pf_card", url_kwargs=card),
        Endpoint("performance:targets", "POST", runners, "pf_card", ok=(302,), url_kwargs=card,
                 data=lambda o: {f"t{t.pk}-target": "12" for t in o["pf_card"].targets.all()}),
        Endpoint("performance:breakdown_new", "GET", runners, "pf_card", url_kwargs=card),
        Endpoint("performance:breakdown_new", "POST", runners, "pf_card", ok=(302,), url_kwargs=card,
                 data=lambda o: {"indicator": o["pf_indicators"][1].pk, "part": "综合股", "target": "3"}),
        Endpoint("performance:breakdown_actual", "POST", runners, "pf_card", ok=(302,), url_kwargs=line,
                 data=lambda o: {f"b{o['pf_line'].pk}-actual": "4", f"b{o['pf_line'].pk}-evidence": "完成4项"}),
        Endpoint("performance:actuals", "GET", runners, "pf_card", url_kwargs=actuals),
        Endpoint("performance:actuals", "POST", runners, "pf_card", ok=(302,), url_kwargs=actuals,
                 data=lambda o: {key: value for i in o["pf_indicators"]
                                 for key, value in ((f"i{i.pk}-value", "6"), (f"i{i.pk}-evidence", "台账"))}),
        Endpoint("performance:evidence", "GET", viewers, "pf_evidence",
                 url_kwargs=lambda o: {"pk": o["pf_card"].pk, "actual_pk": o["pf_evidence"].pk}),
    ]


def _scored(county, admin, text: str) -> Period:
    """A template over the county whose one agency (named ``text``) went through a period by the services."""
    template, card, period = _card(county.village, text[:150])
    Template.objects.filter(pk=template.pk).update(organization=county.county, org_path=county.county.path)
    period.refresh_from_db()
    for indicator in template.indicators.all():
        services.enter_actual(admin, period, card, indicator, "8", text[:500])
    services.take_step(admin, period, Period.Step.INSPECTED, period.starts_on)
    services.take_step(admin, period, Period.Step.ASSESSED, period.ends_on)
    return period


def formula_export(county, admin, text):
    """For tests/test_export_formulas.py: the agency's name is the payload."""
    return reverse("performance:export", args=[_scored(county, admin, text).pk]), {}


def formula_bulletin(county, admin, text):
    """For tests/test_export_formulas.py: the 通报 of a period assessed through the services, the payload the agency."""
    return reverse("performance:bulletin", args=[_scored(county, admin, text).pk]), {}
