"""Scores on 100 points, rolled up the tree, compared and ranked; shares that add up to 100.00 %.

The formula (shown on the report page): an organization's score on an indicator is the mean of the counted
option scores given to the indicator's questions by its respondents —

    score = Σ counted option scores ÷ number of counted answers,   rounded half up to 0.01.

A choice marked "not counted" (不了解) adds nothing to either side; it is never a 0. A parent's score
pools every answer below it (Σ ÷ n over all its respondents) or, by policy
``surveys.rollup_children_mean``, is the mean of its children's scores. An organization with fewer
responses than ``surveys.min_group_size`` shows no figures, and neither does any total from which its
figures could be worked out by subtraction (see ``_suppress``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db.models import Count, F, Sum

from zugong.core.policy import policy_int
from zugong.core.tree import is_within, path_ids, subtree_q
from zugong.organizations.models import Organization
from zugong.surveys.models import Answer, Indicator, Option, Question, Response, Survey
from zugong.surveys.policies import MIN_GROUP_SIZE, ROLLUP_CHILDREN_MEAN

CENT = Decimal("0.01")


def to_cents(value: Fraction | Decimal) -> Decimal:
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class Sums:
    """The counted answers of one indicator: Σ scores, how many, from how many respondents."""

    total: int = 0
    counted: int = 0
    respondents: int = 0

    def add(self, other: Sums) -> None:
        self.total += other.total
        self.counted += other.counted
        self.respondents += other.respondents

    @property
    def mean(self) -> Fraction | None:
        return Fraction(self.total, self.counted) if self.counted else None


@dataclass
class Node:
    """One organization of the report: its own respondents, its children, and what is shown of it."""

    organization: Organization
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)
    direct_responses: int = 0
    direct: dict[int, Sums] = field(default_factory=dict)  # indicator id → sums of its own groups
    responses: int = 0
    pooled: dict[int, Sums] = field(default_factory=dict)
    exact: dict[int, Fraction | None] = field(default_factory=dict)
    hidden: bool = False

    @property
    def pk(self) -> int:
        return self.organization.pk

    def score(self, indicator_id: int) -> Decimal | None:
        """The shown score on 100 points (None: hidden, or nobody gave a counted answer)."""
        value = self.exact.get(indicator_id)
        return None if self.hidden or value is None else to_cents(value)

    def respondents(self, indicator_id: int) -> int | None:
        return None if self.hidden else self.pooled.get(indicator_id, Sums()).respondents

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Results:
    survey: Survey
    indicators: list[Indicator]
    root: Node
    nodes: dict[int, Node]
    min_group: int
    children_mean: bool

    def node(self, organization_id: int) -> Node | None:
        return self.nodes.get(organization_id)


def indicator_sums(survey: Survey) -> dict[tuple[int, int], Sums]:
    """(organization id, indicator id) → sums over the answers of that organization's own respondent groups."""
    rows = (Answer.objects.filter(response__survey=survey, indicator__isnull=False, score__isnull=False)
            .values(org=F("response__group__organization_id"), ind=F("indicator_id"))
            .annotate(total=Sum("score"), counted=Count("id"), respondents=Count("response_id", distinct=True)))
    return {(row["org"], row["ind"]): Sums(row["total"], row["counted"], row["respondents"]) for row in rows}


def response_counts(survey: Survey) -> dict[int, int]:
    return dict(Response.objects.filter(survey=survey).values_list("group__organization_id")
                .annotate(n=Count("id")).values_list("group__organization_id", "n"))


def compute(survey: Survey) -> Results:
    indicators = list(survey.indicators.all())
    sums = indicator_sums(survey)
    counts = response_counts(survey)
    root_org = survey.organization
    group_orgs = set(survey.groups.values_list("organization_id", flat=True)) | set(counts)
    paths = dict(Organization.objects.filter(pk__in=group_orgs).values_list("pk", "path"))
    wanted = {root_org.pk}
    for path in paths.values():
        if is_within(path, root_org.path):
            wanted.update(pk for pk in path_ids(path) if pk not in path_ids(root_org.path)[:-1])
    organizations = Organization.objects.in_bulk(wanted)
    nodes = {pk: Node(org) for pk, org in organizations.items()}
    for node in nodes.values():
        parent_pk = node.organization.parent_id
        if node.pk != root_org.pk and parent_pk in nodes:
            node.parent = nodes[parent_pk]
            node.parent.children.append(node)
    for node in nodes.values():
        node.children.sort(key=lambda n: n.organization.path)
        node.direct_responses = counts.get(node.pk, 0)
        node.direct = {ind.pk: sums[(node.pk, ind.pk)] for ind in indicators if (node.pk, ind.pk) in sums}
    root = nodes[root_org.pk]
    children_mean = bool(policy_int(ROLLUP_CHILDREN_MEAN.key))
    _roll_up(root, indicators, children_mean)
    min_group = policy_int(MIN_GROUP_SIZE.key)
    _suppress(root, min_group)
    return Results(survey, indicators, root, nodes, min_group, children_mean)


def _roll_up(node: Node, indicators: list[Indicator], children_mean: bool) -> None:
    for child in node.children:
        _roll_up(child, indicators, children_mean)
    node.responses = node.direct_responses + sum(child.responses for child in node.children)
    for indicator in indicators:
        pooled = Sums()
        pooled.add(node.direct.get(indicator.pk, Sums()))
        for child in node.children:
            pooled.add(child.pooled.get(indicator.pk, Sums()))
        node.pooled[indicator.pk] = pooled
        if children_mean and node.children:
            parts = [child.exact.get(indicator.pk) for child in node.children]
            own = node.direct.get(indicator.pk)
            if own is not None and own.counted:
                parts.append(own.mean)  # the organization's own respondents count as one more child
            scored = [part for part in parts if part is not None]
            node.exact[indicator.pk] = sum(scored, Fraction(0)) / len(scored) if scored else None
        else:
            node.exact[indicator.pk] = pooled.mean


def _suppress(root: Node, min_group: int) -> None:
    """Hide every organization below the minimum, then enough more that no hidden one can be worked out.

    A known total minus its known parts gives the one unknown part. So under a known node the unknown
    parts must number zero or at least two; the node's own respondents (when it also has children) are a
    part that is never shown on its own, and may be the single unknown part only when they are at least
    the minimum. With a single unknown part, the smallest shown child is hidden too (and, if it could still be
    added up from its own parts, the smallest of those), or — when there is none — the node itself.
    Repeated until nothing changes, since a hidden node becomes an unknown part of its parent.
    """
    for node in root.walk():
        node.hidden = node.responses < min_group
    changed = True
    while changed:
        changed = False
        for node in root.walk():
            if not node.children or not _known(node):
                continue
            parts = [child for child in node.children if child.responses]
            unknown = [child for child in parts if not _known(child)]
            if len(unknown) + (node.direct_responses > 0) != 1 or (not unknown and node.direct_responses >= min_group):
                continue
            shown = sorted((c for c in parts if not c.hidden), key=lambda n: (n.responses, n.organization.path))
            _hide(shown[0] if shown else node)
            changed = True


def _hide(node: Node) -> None:
    """Hide a node so that it cannot be added up from its parts either (hiding its smallest shown parts)."""
    node.hidden = True
    while _known(node):
        parts = sorted((c for c in node.children if c.responses and not c.hidden),
                       key=lambda n: (n.responses, n.organization.path))
        _hide(parts[0])


def _known(node: Node) -> bool:
    """Shown, or hidden but the sum of shown children with no respondents of its own."""
    if not node.hidden:
        return True
    parts = [child for child in node.children if child.responses]
    return bool(parts) and not node.direct_responses and all(_known(child) for child in parts)


# ---------------------------------------------------------------- comparisons and ranks


@dataclass(frozen=True)
class Rank:
    position: int
    of: int
    gap_above: Decimal | None  # how far behind the one above (None: first)
    gap_below: Decimal | None  # how far ahead of the one below (None: last)


def sibling_ranks(results: Results, parent: Node, indicator_id: int) -> dict[int, Rank]:
    """Rank the shown children of ``parent`` by their shown score (ties share a rank: 1, 1, 3)."""
    scored = sorted(((child.score(indicator_id), child.pk) for child in parent.children
                     if child.score(indicator_id) is not None), key=lambda item: (-item[0], item[1]))
    ranks = {}
    for index, (score, pk) in enumerate(scored):
        position = 1 + sum(1 for other, _pk in scored if other > score)
        above = next((other for other, _pk in reversed(scored[:index]) if other > score), None)
        below = next((other for other, _pk in scored[index + 1:] if other < score), None)
        ranks[pk] = Rank(position, len(scored), above - score if above is not None else None,
                         score - below if below is not None else None)
    return ranks


@dataclass(frozen=True)
class IndicatorLine:
    """One line of seed 002's table for one organization."""

    indicator: Indicator
    score: Decimal | None
    respondents: int | None
    last_year: Decimal | None
    change: Decimal | None
    parent_score: Decimal | None
    versus_parent: Decimal | None
    averages: dict[str, Decimal]  # ExternalAverage level → value
    versus_averages: dict[str, Decimal]
    rank: Rank | None
    ancestors: list[Versus] = field(default_factory=list)  # every level above: the parent first, the root last


@dataclass(frozen=True)
class Versus:
    """The node against one organization above it (逐级比较): its score and the node's difference from it."""

    node: Node
    score: Decimal | None
    difference: Decimal | None


def ancestors_of(node: Node) -> list[Node]:
    """The organizations above ``node`` in the report, from its parent up to the survey's organization."""
    found = []
    above = node.parent
    while above is not None:
        found.append(above)
        above = above.parent
    return found


def lines_for(results: Results, node: Node, previous: Results | None = None) -> list[IndicatorLine]:
    averages: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for average in results.survey.external_averages.all():
        averages[average.indicator_id][average.level] = average.value
    previous_by_code = {i.code: i for i in previous.indicators} if previous else {}
    lines = []
    for indicator in results.indicators:
        score = node.score(indicator.pk)
        last = None
        if previous is not None and indicator.code in previous_by_code:
            old = previous.node(node.pk)
            last = old.score(previous_by_code[indicator.code].pk) if old is not None else None
        parent_score = node.parent.score(indicator.pk) if node.parent is not None else None
        ranks = sibling_ranks(results, node.parent, indicator.pk) if node.parent is not None else {}
        outside = averages.get(indicator.pk, {})
        lines.append(IndicatorLine(
            indicator=indicator, score=score, respondents=node.respondents(indicator.pk), last_year=last,
            change=score - last if score is not None and last is not None else None,
            parent_score=parent_score,
            versus_parent=score - parent_score if score is not None and parent_score is not None else None,
            averages=outside,
            versus_averages={level: score - value for level, value in outside.items()} if score is not None else {},
            rank=ranks.get(node.pk),
            ancestors=[_versus(score, above, indicator.pk) for above in ancestors_of(node)],
        ))
    return lines


def _versus(score: Decimal | None, above: Node, indicator_id: int) -> Versus:
    theirs = above.score(indicator_id)
    return Versus(above, theirs, score - theirs if score is not None and theirs is not None else None)


def previous_results(survey: Survey) -> Results | None:
    return compute(survey.compare_with) if survey.compare_with_id else None


# ---------------------------------------------------------------- shares (evaluation forms)


def largest_remainder(counts: list[int], places: int = 2) -> list[Decimal]:
    """Percentages of ``counts`` to ``places`` decimals that add up to exactly 100 (Hare–Niemeyer).

    Each share is first cut down to the last unit; the units left over go to the largest remainders
    (ties: the larger count, then the earlier option).
    """
    total = sum(counts)
    if total == 0:
        return [Decimal(0).quantize(Decimal(1).scaleb(-places)) for _ in counts]
    units = 100 * 10 ** places
    floors = [count * units // total for count in counts]
    remainders = [count * units % total for count in counts]
    left = units - sum(floors)
    order = sorted(range(len(counts)), key=lambda i: (-remainders[i], -counts[i], i))
    for i in order[:left]:
        floors[i] += 1
    return [Decimal(value).scaleb(-places) for value in floors]


@dataclass(frozen=True)
class Share:
    option: Option
    count: int
    percent: Decimal


def option_shares(results: Results, node: Node, question: Question) -> list[Share] | None:
    """How many chose each option among the node's respondents, with shares adding to 100.00 (None: hidden)."""
    if node.hidden:
        return None
    counts = dict(Answer.objects.filter(question=question, option__isnull=False)
                  .filter(subtree_q(node.organization.path, "response__group__org_path"))
                  .values_list("option_id").annotate(n=Count("id")).values_list("option_id", "n"))
    options = list(question.options.all())
    values = [counts.get(option.pk, 0) for option in options]
    return [Share(option, count, percent) for option, count, percent in
            zip(options, values, largest_remainder(values), strict=True)]


def days_of(survey: Survey) -> tuple[dt.date | None, dt.date | None]:
    found = Response.objects.filter(survey=survey).order_by("submitted_on").values_list("submitted_on", flat=True)
    return found.first(), found.last()
