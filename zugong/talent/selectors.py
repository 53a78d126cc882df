"""What talent pages read: the records a user may see.

A talent is visible to a holder of ``talent.view`` whose scope covers the talent's organization, or whose role is
bound to an organization the record is shared with (人才信息库 shared between departments). Shared records are
read only: changing one needs ``talent.manage`` on its own organization. A round, a fund and a recognition list are
seen by those whose scope covers their organization or lies below it (a township sees the county's program to apply
to it); an application by those who cover the talent or the round's organization.
"""

import datetime as dt

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce

from zugong.core.access import get_in_scope, scope_q
from zugong.core.tree import SEGMENT_WIDTH, is_within
from zugong.talent.models import (
    Application,
    ProgramRound,
    RecognitionList,
    Sharing,
    Talent,
    TalentFund,
)


def _shared_q(user) -> Q:
    prefixes = user.scope_prefixes("talent.view") if user.is_authenticated else []
    if not prefixes:
        return Q(pk__in=[])
    return Q(Exists(Sharing.objects.filter(talent=OuterRef("pk"), organization__path__in=list(prefixes))))


def talents_visible_to(user, capability: str = "talent.view") -> QuerySet[Talent]:
    query = scope_q(user, capability, "org_path")
    if capability == "talent.view":
        query |= _shared_q(user)
    return Talent.objects.filter(query)


def with_person(talents: QuerySet[Talent]) -> QuerySet[Talent]:
    """Talents with the linked person read in the same query, and ``birth`` for age filters and sorting."""
    return talents.select_related("member", "cadre", "category", "industry", "unit", "organization").annotate(
        birth=Coalesce("member__birth_date", "cadre__birth", "own_birth_date"))


def access_talent(user, pk, for_change: bool = False) -> Talent:
    return get_in_scope(with_person(talents_visible_to(user, "talent.manage" if for_change else "talent.view")), pk)


def years_ago(today: dt.date, years: int) -> dt.date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return dt.date(today.year - years, 2, 28)


def age_q(today: dt.date, min_age: int | None, max_age: int | None) -> Q:
    """Talents whose age today is within [min_age, max_age] (``birth`` annotated by ``with_person``)."""
    query = Q()
    if min_age is not None:
        query &= Q(birth__lte=years_ago(today, min_age))
    if max_age is not None:
        query &= Q(birth__gt=years_ago(today, max_age + 1))
    return query


def _near_q(user, capability: str) -> Q:
    """Records whose organization is within the user's scope or above it (on the way to the top)."""
    prefixes = user.scope_prefixes(capability) if user.is_authenticated else []
    if not prefixes:
        return Q(pk__in=[])
    query = scope_q(user, capability, "org_path")
    ancestors = {prefix[:end] for prefix in prefixes for end in range(SEGMENT_WIDTH, len(prefix), SEGMENT_WIDTH)}
    if ancestors:
        query |= Q(org_path__in=ancestors)
    return query


def rounds_visible_to(user) -> QuerySet[ProgramRound]:
    return ProgramRound.objects.filter(_near_q(user, "talent.view"))


def access_round(user, pk) -> ProgramRound:
    return get_in_scope(rounds_visible_to(user).select_related("program", "organization", "fund"), pk)


def manages_round(user, round_: ProgramRound) -> bool:
    return user.is_authenticated and any(is_within(round_.org_path, p) for p in user.scope_prefixes("talent.manage"))


def applications_visible_to(user) -> QuerySet[Application]:
    return Application.objects.filter(scope_q(user, "talent.view", "org_path")
                                      | scope_q(user, "talent.view", "round__org_path"))


def access_application(user, pk) -> Application:
    return get_in_scope(applications_visible_to(user).select_related(
        "round", "round__program", "round__fund", "talent", "talent__member", "talent__cadre"), pk)


def funds_visible_to(user, capability: str = "talent.view") -> QuerySet[TalentFund]:
    return TalentFund.objects.filter(scope_q(user, capability, "org_path"))


def access_fund(user, pk) -> TalentFund:
    return get_in_scope(funds_visible_to(user).select_related("organization"), pk)


def recognitions_visible_to(user) -> QuerySet[RecognitionList]:
    return RecognitionList.objects.filter(_near_q(user, "talent.view"))


def access_recognition(user, pk) -> RecognitionList:
    return get_in_scope(recognitions_visible_to(user).select_related("organization"), pk)
