"""The surveys demo step on the test county tree: two years of the satisfaction survey with suppression, seed
002's averages, seed 000's 换届风气测评 and a 一报告两评议 with two newly promoted cadres."""

import datetime as dt
import random
from decimal import Decimal

import pytest

from zugong.organizations import demo
from zugong.surveys import scoring
from zugong.surveys.demo import add_surveys
from zugong.surveys.models import Answer, Invitation, Response, Survey

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 15)


def run(county):
    ctx = demo.DemoContext(rng=random.Random(1), today=TODAY, scale="county", root=county.county,
                           counties=[county.county])
    add_surveys(ctx)


def test_the_step_is_registered_before_the_checks_and_its_tables_are_reset():
    assert demo.STEPS.index(add_surveys) < demo.STEPS.index(demo.refresh_findings)
    assert {Answer, Response, Survey, Invitation} <= set(demo.RESET_MODELS)
    assert demo.RESET_MODELS.index(Answer) < demo.RESET_MODELS.index(Survey)


def test_two_years_of_the_satisfaction_survey(county, department_admin):
    run(county)
    this = Survey.objects.get(kind="satisfaction", year=2026)
    last = Survey.objects.get(kind="satisfaction", year=2025)
    assert this.compare_with == last and this.status == "open" and last.status == "closed"
    results = scoring.compute(this)
    small = results.node(county.other_township.pk)  # the middle township of two
    assert small.responses < results.min_group and small.hidden
    big = results.node(county.township.pk)
    assert 40 <= big.responses <= 120
    assert {g.kind for g in this.groups.filter(organization=county.township)} == {"cadres", "members", "public"}
    assert 70 <= results.root.exact[this.indicators.get(code="M1").pk] <= 82
    assert Answer.objects.filter(response__survey=this, indicator__isnull=False, score__isnull=True).exists()  # 不了解
    assert big.responses + small.responses == results.root.responses
    assert Invitation.objects.filter(group__survey=this, used=False).exists()
    assert Invitation.objects.filter(group__survey=this, used=True).count() == results.root.responses
    national = dict(this.external_averages.filter(level="national").values_list("indicator__code", "value"))
    assert national == {"M1": Decimal("75.17"), "M2": Decimal("75.54"), "M3": Decimal("72.92"), "M4": Decimal("72.91")}


def test_the_check_finds_low_townships_of_the_demo_but_never_hidden_ones(county, department_admin):
    from zugong.surveys.checks import low_satisfaction

    run(county)
    found = list(low_satisfaction(county.county.path, TODAY))
    results = scoring.compute(Survey.objects.get(kind="satisfaction", year=2026))
    hidden = {node.organization.path for node in results.root.walk() if node.hidden}
    assert hidden and not {f.scope_path for f in found} & hidden


def test_the_election_conduct_form_and_the_report_review(county, department_admin):
    run(county)
    conduct = Survey.objects.get(kind="election_conduct")
    results = scoring.compute(conduct)
    shares = scoring.option_shares(results, results.root, conduct.questions.get(number=1))
    assert [(s.option.label, s.count, str(s.percent)) for s in shares] == [
        ("很好", 3943, "99.67"), ("好", 13, "0.33"), ("一般", 0, "0.00"), ("差", 0, "0.00")]
    review = Survey.objects.get(kind="report_review")
    cadres = review.questions.filter(indicator__code="R2")
    assert cadres.count() == 2 and all("新提拔" in q.text for q in cadres)
    assert Response.objects.filter(survey=review).count() >= 90


def test_the_step_is_repeatable(county, department_admin):
    run(county)
    first = sorted(Answer.objects.values_list("question__text", "option__label"))
    surveys_models = [model for model in demo.RESET_MODELS if model._meta.app_label == "surveys"]
    assert surveys_models[:2] == [Answer, Response]  # answers go before what they point at
    for model in surveys_models:
        model.objects.all().delete()
    run(county)
    assert sorted(Answer.objects.values_list("question__text", "option__label")) == first
