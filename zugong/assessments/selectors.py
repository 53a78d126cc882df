"""Reading assessments within a user's scope (考核评价的访问范围).

A round is seen by whoever holds ``organizations.view`` over the organization that runs it, or over any of its
targets (a township sees the county's round it is assessed in, with its own results only); results are seen only
inside the reader's scope. A missing round and a forbidden one are the same 404.
"""

from django.db.models import Q, QuerySet

from zugong.assessments.models import Result, Round, Scheme
from zugong.core.access import get_in_scope, scope_q

VIEW = "organizations.view"
RUN = "organizations.change"


def schemes() -> QuerySet[Scheme]:
    """Schemes are installation-wide data, like the 100-point scheme: everyone who may read rounds may read them."""
    return Scheme.objects.filter(is_active=True).prefetch_related("criteria", "grades")


def rounds_visible_to(user, capability: str = VIEW) -> QuerySet[Round]:
    inside = Result.objects.filter(scope_q(user, capability, "org_path")).values("round_id")
    return (Round.objects.filter(scope_q(user, capability, "org_path") | Q(pk__in=inside))
            .select_related("scheme", "organization"))

def ranking_rounds(pairs: list[tuple[int, int]] | None = None) -> dict[tuple[int, int], Round]:
    """The finalized round (of a scheme that feeds the township ranking) that ranked each township in a year:
    {(township id, year): round}. A ranking a round wrote is its frozen result, not a figure to retype."""
    results = Result.objects.filter(round__status=Round.Status.FINALIZED,
                                    round__scheme__feeds_township_ranking=True).select_related("round")
    if pairs is not None:
        wanted = Q(pk__in=[])
        for township_id, year in pairs:
            wanted |= Q(organization_id=township_id, round__year=year)
        results = results.filter(wanted)
    return {(result.organization_id, result.round.year): result.round for result in results}


def access_round(user, pk, *, for_change: bool = False) -> Round:
    if for_change:
        return get_in_scope(Round.objects.filter(scope_q(user, RUN, "org_path")).select_related("scheme",
                                                                                                  "organization"), pk)
    return get_in_scope(rounds_visible_to(user), pk)


def results_visible_to(user, round_: Round, capability: str = VIEW) -> QuerySet[Result]:
    return (round_.results.filter(scope_q(user, capability, "org_path"))
            .select_related("organization", "member", "grade").prefetch_related("scores__criterion"))


def access_result(user, pk) -> Result:
    """A result inside the reader's scope (its round is then visible too: ``rounds_visible_to``)."""
    return get_in_scope(Result.objects.filter(scope_q(user, VIEW, "org_path"))
                        .select_related("round__scheme", "round__organization"), pk)
