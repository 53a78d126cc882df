"""Qualification checks (任职资格): for a cadre and a target, each rule passed or failed with the dates behind it
and the rule's source. The selection-and-appointment workflow and the reserve pool both call these.

The rules write through gettext in the active language; ``check_promotion`` (what is stored and raised) runs them
under the site's language, so its texts are Chinese whoever asks; ``shown_check_promotion`` is the page's.

A rule is a function of a ``Subject`` (the cadre, the target rank, the day) returning a ``RuleResult`` or None
when it does not apply (the years before promotion to county level do not apply to a section-level post).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from zugong.cadres import policies as P
from zugong.cadres import selectors
from zugong.cadres.models import COUNTY_RANKS, RANK_ORDER, Cadre, Rank
from zugong.cadres.training import training_status
from zugong.core.policy import PolicyDefinition, policy_int


@dataclass(frozen=True)
class RuleResult:
    rule: str
    passed: bool
    detail: str
    source: str
    blocking: bool = True  # False: a failed rule sets a condition (train within a year) rather than barring

    def as_dict(self) -> dict:
        return {"rule": self.rule, "passed": self.passed, "detail": self.detail, "source": self.source,
                "blocking": self.blocking}


@dataclass(frozen=True)
class Subject:
    cadre: Cadre
    target: Rank
    on: dt.date

    @property
    def current(self) -> Rank:
        return selectors.current_rank(self.cadre, self.on) or Rank.STAFF

    @property
    def steps_up(self) -> int:
        return RANK_ORDER[self.target] - RANK_ORDER[self.current]


def years_text(months: int) -> str:
    return gettext("%(years)s年%(months)s个月") % {"years": months // 12, "months": months % 12}


def _at_least(subject: Subject, rule: str, months: int, policy: PolicyDefinition, since: str) -> RuleResult:
    needed = policy_int(policy.key)
    return RuleResult(rule, months >= needed * 12, gettext("%(since)s%(time)s，要求%(needed)s年以上") % {
        "since": since, "time": years_text(months), "needed": needed}, policy.source)


DEPUTY_OF = {Rank.SECTION_HEAD: Rank.SECTION_DEPUTY, Rank.COUNTY_HEAD: Rank.COUNTY_DEPUTY}
UPPER_DEPUTY_FROM = {Rank.COUNTY_DEPUTY: Rank.SECTION_HEAD}


def no_two_level_skip(s: Subject) -> RuleResult | None:
    if s.steps_up <= 1:
        return None
    if s.steps_up > 2:
        return RuleResult(gettext("不得越两级提拔"), False, gettext("现为%(current)s，拟任%(target)s") % {
            "current": s.current.label, "target": s.target.label}, P.SELECTION + "第十条")
    months = selectors.months_in_current_post(s.cadre, s.on)
    needed = policy_int(P.EXCEPTIONAL_MIN_YEARS_IN_POST.key)
    return RuleResult(gettext("破格提拔：任现职年限"), months >= needed * 12,
                      gettext("越一级提拔（破格），任现职%(time)s，要求%(needed)s年以上") % {
                          "time": years_text(months), "needed": needed}, P.EXCEPTIONAL_MIN_YEARS_IN_POST.source)


def county_work_years(s: Subject) -> RuleResult | None:
    if s.target not in COUNTY_RANKS or s.steps_up <= 0:
        return None
    if s.cadre.work_started is None:
        return RuleResult(gettext("工作经历"), False, gettext("未填写参加工作时间"), P.PROMOTION_WORK_YEARS.source)
    months = selectors.months_between(s.cadre.work_started, s.on)
    return _at_least(s, gettext("工作经历"), months, P.PROMOTION_WORK_YEARS,
                     gettext("%(month)s参加工作，工龄") % {"month": f"{s.cadre.work_started:%Y.%m}"})


def county_grassroots_years(s: Subject) -> RuleResult | None:
    if s.target not in COUNTY_RANKS or s.steps_up <= 0:
        return None
    return _at_least(s, gettext("基层工作经历"), selectors.grassroots_months(s.cadre, s.on),
                     P.PROMOTION_GRASSROOTS_YEARS, gettext("基层岗位任职累计"))


def deputy_to_head(s: Subject) -> RuleResult | None:
    deputy = DEPUTY_OF.get(s.target)
    if deputy is None or s.current != deputy:
        return None
    return _at_least(s, gettext("任副职年限"), selectors.months_at_rank(s.cadre, deputy, s.on), P.DEPUTY_TO_HEAD_YEARS,
                     gettext("任%(rank)s") % {"rank": deputy.label})


def lower_head_to_upper_deputy(s: Subject) -> RuleResult | None:
    lower = UPPER_DEPUTY_FROM.get(s.target)
    if lower is None or s.current != lower:
        return None
    return _at_least(s, gettext("任下级正职年限"), selectors.months_at_rank(s.cadre, lower, s.on),
                     P.HEAD_TO_UPPER_DEPUTY_YEARS, gettext("任%(rank)s") % {"rank": lower.label})


def training_before_promotion(s: Subject) -> RuleResult | None:
    """Training hours of the last complete year (or its cycle): short hours do not bar a promotion, they must be
    made up within a year of taking the post."""
    if s.steps_up <= 0:
        return None
    status = training_status(s.cadre, dt.date(s.on.year - 1, 12, 31))
    detail = gettext("%(period)s已完成%(done)s学时，要求%(required)s学时") % {
        "period": status.shown_period_label, "done": status.done, "required": status.required}
    if status.is_short:
        detail += gettext("；提拔任职的，应在任职后1年内完成")
    return RuleResult(gettext("培训学时"), not status.is_short, detail, gettext("%(source)s：%(rule)s") % {
        "source": P.TRAINING, "rule": status.shown_rule}, blocking=False)


PROMOTION_RULES: list[Callable[[Subject], RuleResult | None]] = [
    no_two_level_skip, county_work_years, county_grassroots_years, deputy_to_head, lower_head_to_upper_deputy,
]


def check_promotion(cadre: Cadre, target: str, on: dt.date) -> list[RuleResult]:
    """The selection rules for moving the cadre to a post of the ``target`` rank on the day; the training rule
    last (it sets a condition, it does not bar). In the site's language (Chinese): stored with a case and raised."""
    with translation.override(settings.LANGUAGE_CODE):
        return shown_check_promotion(cadre, target, on)


def shown_check_promotion(cadre: Cadre, target: str, on: dt.date) -> list[RuleResult]:
    """The same results in the active language, for the qualification page."""
    subject = Subject(cadre, Rank(target), on)
    return [result for rule in [*PROMOTION_RULES, training_before_promotion] if (result := rule(subject)) is not None]
