"""The rules that decide a ballot (通过/当选规则) as data, and the ONE decision function every page, document,
export and caller (appointments, development) uses: ``decide``.

A rule is a quorum (到会人数 against 应到会人数: "at least" or "more than" a fraction) and a majority (同意票
against 应到会 or 实到会 人数, "more than" a fraction); the fractions are policies (``policies.py``), the words
"以上"/"超过" are the regulation's and stay in code.
"""

from dataclasses import dataclass
from fractions import Fraction

from django.utils.translation import gettext

from zugong.ballots import policies
from zugong.ballots.models import Ballot
from zugong.core.policy import PolicyDefinition, policy_values

DUE, PRESENT = "due", "present"


@dataclass(frozen=True)
class RuleSpec:
    quorum: tuple[PolicyDefinition, PolicyDefinition]
    quorum_inclusive: bool  # True: 以上 (at least); False: 超过 (more than)
    majority: tuple[PolicyDefinition, PolicyDefinition]
    majority_of: str  # DUE (应到会) or PRESENT (实到会)


RULES: dict[str, RuleSpec] = {
    Ballot.Rule.MAJORITY_OF_DUE: RuleSpec(policies.DUE_QUORUM, False, policies.DUE_PASS, DUE),
    Ballot.Rule.MAJORITY_OF_PRESENT: RuleSpec(policies.PRESENT_QUORUM, False, policies.PRESENT_PASS, PRESENT),
    Ballot.Rule.TWO_THIRDS_QUORUM: RuleSpec(policies.DECISION_QUORUM, True, policies.DECISION_PASS, DUE),
    Ballot.Rule.ELECTION: RuleSpec(policies.ELECTION_QUORUM, False, policies.ELECTION_PASS, PRESENT),
}


@dataclass(frozen=True)
class RuleNow:
    """A rule with the policies' current values: what the tally page states and applies."""

    rule: str
    quorum: Fraction
    quorum_inclusive: bool
    majority: Fraction
    majority_of: str
    source: str

    @property
    def text(self) -> str:
        quorum = f"到会人数{'不少于' if self.quorum_inclusive else '超过'}应到会人数的{_words(self.quorum)}"
        base = "应到会人数" if self.majority_of == DUE else "实到会人数"
        return f"{quorum}，同意票超过{base}的{_words(self.majority)}"

    @property
    def shown_text(self) -> str:
        """The rule in the reader's language, for pages (``text`` stays Chinese: the count sheet, messages, records)."""
        quorum = (gettext("到会人数不少于应到会人数的%(share)s") if self.quorum_inclusive
                  else gettext("到会人数超过应到会人数的%(share)s")) % {"share": _shown_words(self.quorum)}
        majority = (gettext("同意票超过应到会人数的%(share)s") if self.majority_of == DUE
                    else gettext("同意票超过实到会人数的%(share)s")) % {"share": _shown_words(self.majority)}
        return gettext("%(quorum)s，%(majority)s") % {"quorum": quorum, "majority": majority}

    def quorum_met(self, entitled: int, present: int) -> bool:
        if entitled <= 0:
            return False
        share = Fraction(present, entitled)
        return share >= self.quorum if self.quorum_inclusive else share > self.quorum

    def needed(self, entitled: int, present: int) -> int:
        """The fewest 同意 votes that pass: more than the fraction of the base."""
        base = entitled if self.majority_of == DUE else present
        return int(self.majority * base) + 1

    def passes(self, yes: int, entitled: int, present: int) -> bool:
        return self.quorum_met(entitled, present) and yes >= self.needed(entitled, present)


def _words(value: Fraction) -> str:
    if value == Fraction(1, 2):
        return "半数"
    return f"{_CHINESE.get(value.denominator, value.denominator)}分之{_CHINESE.get(value.numerator, value.numerator)}"


def _shown_words(value: Fraction) -> str:
    if value == Fraction(1, 2):
        return gettext("半数")
    # Chinese reads the words (三分之二), the English catalog the figures (2/3): the dict offers both
    return gettext("%(denominator_words)s分之%(numerator_words)s") % {
        "denominator_words": _CHINESE.get(value.denominator, value.denominator),
        "numerator_words": _CHINESE.get(value.numerator, value.numerator),
        "denominator": value.denominator, "numerator": value.numerator}


_CHINESE = {1: "一", 2: "二", 3: "三", 4: "四", 5: "五", 6: "六", 7: "七", 8: "八", 9: "九", 10: "十"}


def rule_now(rule: str) -> RuleNow:
    spec = RULES[rule]
    values = policy_values("ballots.")
    quorum = Fraction(int(values[spec.quorum[0].key]), int(values[spec.quorum[1].key]))
    majority = Fraction(int(values[spec.majority[0].key]), int(values[spec.majority[1].key]))
    sources = dict.fromkeys([spec.quorum[0].source, spec.majority[0].source])
    return RuleNow(rule, quorum, spec.quorum_inclusive, majority, spec.majority_of, "；".join(sources))


def election_margin_needed(seats: int) -> int:
    """The fewest candidates for ``seats`` in a 差额 election: more than seats by the policy's percentage."""
    percent = int(policy_values("ballots.election_margin")[policies.ELECTION_MARGIN_PERCENT.key])
    extra = -(-seats * percent // 100)  # ceiling: 20 % of 3 seats is one more candidate, not none
    return seats + max(extra, 1 if percent else 0)


@dataclass(frozen=True)
class Decision:
    quorum_met: bool
    needed: int
    passed: frozenset[str]  # keys of candidates (or written names) that passed / were elected
    tie: tuple[str, ...]  # keys tied at the last seat: no one of them is elected, a further vote is needed


def decide(ballot: Ballot, rule: RuleNow, *, entitled: int, present: int, yes_by_key: dict[str, int]) -> Decision:
    """Who passed. APPROVAL/YES_NO: each candidate with enough 同意. CHOOSE: of those with enough votes, the
    ``seats`` with most votes; candidates tied across the last seat are none of them elected."""
    quorum_met = rule.quorum_met(entitled, present)
    needed = rule.needed(entitled, present)
    enough = {key: yes for key, yes in yes_by_key.items() if quorum_met and yes >= needed}
    if ballot.kind != Ballot.Kind.CHOOSE or len(enough) <= ballot.seats:
        return Decision(quorum_met, needed, frozenset(enough), ())
    ranked = sorted(enough.items(), key=lambda item: -item[1])
    last = ranked[ballot.seats - 1][1]
    above = [key for key, yes in ranked if yes > last]
    at_last = [key for key, yes in ranked if yes == last]
    if len(above) + len(at_last) <= ballot.seats:
        return Decision(quorum_met, needed, frozenset(above + at_last), ())
    return Decision(quorum_met, needed, frozenset(above), tuple(at_last))
