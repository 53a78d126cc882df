"""The survey measure (测评得分): a target's score in the survey a round links (e.g. the 述职评议 evaluation form).

Kept apart from ``measures`` and registered from ``AssessmentsConfig.ready``, so the services (type-checked) do not
pull the surveys' scoring module into their import graph.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_noop

from zugong.assessments.measures import ALL_ORGANIZATIONS, Measured, Target, register_measure


def survey_score(target: Target) -> Measured:
    """测评得分: the target organization's mean score on the main indicators of the round's linked survey (the
    surveys app's formula and its suppression of small groups: a hidden score is no score)."""
    from zugong.surveys.models import Indicator, Survey
    from zugong.surveys.scoring import compute

    if target.survey_id is None:
        return Measured(None, "本轮考核未关联测评问卷")
    survey = Survey.objects.select_related("organization").get(pk=target.survey_id)
    results = compute(survey)
    node = results.node(target.organization.pk)
    mains = [ind for ind in results.indicators if ind.level == Indicator.Level.MAIN] or results.indicators
    scores = [s for ind in mains if node is not None and (s := node.score(ind.pk)) is not None]
    if not scores:
        return Measured(None, f"「{survey.name}」中该对象无得分（未参加或样本不足）")
    mean = (sum(scores, Decimal(0)) / len(scores)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return Measured(mean, f"「{survey.name}」主要指标平均得分{mean}分")


register_measure("survey_score", gettext_noop("测评主要指标平均得分"), ALL_ORGANIZATIONS, survey_score)
