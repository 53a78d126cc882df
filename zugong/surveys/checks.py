"""Checks on survey results: organizations whose satisfaction fell since last year or lies below their parent's.

Seed 002: 对组织工作满意度较差的单位，找单位“一把手”、找班子成员谈话，要求他们从自身找原因，认真整改。
One finding per organization and survey, on the main indicators only, for organizations whose figures are shown.
"""

import datetime as dt

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zugong.core.checks import FindingData, register_check
from zugong.core.policy import policy_int
from zugong.core.tree import is_within, subtree_q
from zugong.surveys import scoring
from zugong.surveys.models import Indicator, RespondentGroup, Survey
from zugong.surveys.policies import LOW_SCORE_MARGIN

REGION_WORDS = (("县委", "全县"), ("市委", "全市"), ("区委", "全区"), ("州委", "全州"), ("镇党委", "全镇"),
                ("乡党委", "全乡"), ("街道党工委", "全街道"))


def region_of(name: str) -> str:
    """How the parent is named in a sentence: 示范县委 → 全县; anything else by its own name."""
    return next((word for suffix, word in REGION_WORDS if name.endswith(suffix)), name)


def _surveys_under(within: str):
    groups = RespondentGroup.objects.filter(subtree_q(within, "org_path"), survey=OuterRef("pk"))
    return Survey.objects.exclude(status=Survey.Status.DRAFT).filter(Exists(groups)).select_related("organization")


def _subject(survey: Survey) -> str:
    return "组织工作满意度" if survey.kind == Survey.Kind.SATISFACTION else survey.name


def _finding(survey: Survey, node: scoring.Node, lines: list[scoring.IndicatorLine], margin: int):
    below = [ln for ln in lines if ln.versus_parent is not None and -ln.versus_parent > margin]
    fell = [ln for ln in lines if ln.change is not None and ln.change < 0]
    if not below and not fell:
        return None
    org = node.organization
    region = region_of(node.parent.organization.name)
    if below:
        worst = min(below, key=lambda ln: ln.versus_parent)
        title = (f"{org.name}：{_subject(survey)}低于{region}平均（{worst.indicator.name} {worst.score}分，"
                 f"比{region}低{-worst.versus_parent}分）")
    else:
        worst = min(fell, key=lambda ln: ln.change)
        title = (f"{org.name}：{_subject(survey)}比上年下降（{worst.indicator.name} {worst.score}分，"
                 f"比上年低{-worst.change}分）")
    parts = [f"{ln.indicator.name}{ln.score}分，比{region}低{-ln.versus_parent}分" for ln in below]
    parts += [f"{ln.indicator.name}比上年低{-ln.change}分" for ln in fell]
    detail = (f"{survey.year}年{survey.name}：" + "；".join(parts) +
              "。建议找该单位“一把手”、找班子成员谈话，要求从自身找原因，认真整改。")
    return FindingData(subject=org, scope_path=org.path, title=title, detail=detail,
                       url=f"{reverse('surveys:report', args=[survey.pk])}?org={org.pk}")


@register_check("surveys.low_satisfaction", _("民意调查满意度下降或低于上级平均的单位"), capability="surveys.view")
def low_satisfaction(within: str, today: dt.date):
    margin = policy_int(LOW_SCORE_MARGIN.key)
    for survey in _surveys_under(within):
        results = scoring.compute(survey)
        previous = scoring.previous_results(survey)
        main = {ind.pk for ind in results.indicators if ind.level == Indicator.Level.MAIN}
        for node in results.root.walk():
            if node is results.root or node.hidden or not is_within(node.organization.path, within):
                continue
            lines = [ln for ln in scoring.lines_for(results, node, previous) if ln.indicator.pk in main
                     and ln.score is not None]
            found = _finding(survey, node, lines, margin)
            if found is not None:
                yield found


