"""Reading 回访复查 within a user's scope: a review is seen by whoever holds ``organizations.view`` over its target
organization, changed by whoever holds ``organizations.change`` there (the rounds' capabilities). A missing review
and a forbidden one are the same 404."""

from django.db.models import QuerySet

from zugong.assessments.models import FollowUp, FollowUpAspect
from zugong.assessments.selectors import RUN, VIEW
from zugong.core.access import get_in_scope, scope_q


def follow_ups_visible_to(user, capability: str = VIEW) -> QuerySet[FollowUp]:
    return (FollowUp.objects.filter(scope_q(user, capability, "org_path"))
            .select_related("organization", "result__round", "rectification"))


def access_follow_up(user, pk, *, for_change: bool = False) -> FollowUp:
    return get_in_scope(follow_ups_visible_to(user, RUN if for_change else VIEW), pk)


def aspects() -> QuerySet[FollowUpAspect]:
    return FollowUpAspect.objects.order_by("order", "pk")
