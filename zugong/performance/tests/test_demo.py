"""The demo step over a small county: the template issued to every agency, the ended periods bulletined with totals
and ranks that the scoring gives their values, the running period deployed, the rest planned."""

import datetime as dt
import random
from decimal import Decimal

import pytest

from zugong.core.policy import policy_int
from zugong.organizations.demo import DemoContext
from zugong.performance import demo, policies, scoring
from zugong.performance.models import Actual, CardTarget, Period, PeriodScore, Template
from zugong.performance.tests import helpers as h

pytestmark = pytest.mark.django_db


def test_the_demo_year_is_scored_as_the_assessment_scores(county, department_admin):
    h.agencies(county)
    ctx = DemoContext(rng=random.Random(3), today=dt.date(2026, 3, 10), scale="county", counties=[county.county])
    demo.add_performance(ctx)
    template = Template.objects.get()
    assert template.indicators.count() == 8 and sum(i.weight for i in template.indicators.all()) == 100
    assert ctx.counts["performance_cards"] == 4  # the four agencies (the fixture's 县财政局机关党支部 has no unit)
    steps = list(template.periods.order_by("number").values_list("step", flat=True))
    assert steps[:4] == [Period.Step.BULLETIN] * 4 and steps[4] == Period.Step.DEPLOYED
    assert set(steps[5:]) == {Period.Step.PLANNED}
    cap = policy_int(policies.ACHIEVEMENT_CAP_PERCENT.key)
    indicators = {i.pk: i for i in template.indicators.all()}
    targets = {(t.scorecard_id, t.indicator_id): t.target for t in CardTarget.objects.all()}
    for period in template.periods.filter(step=Period.Step.BULLETIN):
        scores = list(PeriodScore.objects.filter(period=period))
        assert len(scores) == 4
        for score in scores:
            expected = sum((scoring.points(i.weight, i.direction, targets[(score.scorecard_id, pk)], a.value, cap)
                            for a in Actual.objects.filter(period=period, scorecard=score.scorecard)
                            for pk, i in indicators.items() if a.indicator_id == pk), Decimal(0))
            assert score.total == expected
        assert [s.rank for s in sorted(scores, key=lambda s: -s.total)] == scoring.ranks(
            sorted((s.total for s in scores), reverse=True))
