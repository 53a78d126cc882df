"""Who sees which survey: the one access layer of surveys, built on ``core.access.scope_q``.

A survey is seen by whoever covers the organization that runs it, or one of the organizations it asks
about (a township sees the county's survey, but only its own part of the results: ``shown_nodes``).
"""

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from zugong.core.access import get_in_scope, path_in_scope, scope_q
from zugong.surveys.models import PaperSheet, Question, RespondentGroup, Survey


def surveys_visible_to(user, capability: str = "surveys.view") -> QuerySet[Survey]:
    groups_in_scope = RespondentGroup.objects.filter(scope_q(user, capability, "org_path"), survey=OuterRef("pk"))
    return (Survey.objects.filter(scope_q(user, capability, "org_path") | Exists(groups_in_scope))
            .select_related("organization"))


def access_survey(user, pk, capability: str = "surveys.view") -> Survey:
    """A survey the user covers for ``capability`` (404 otherwise, like a missing one)."""
    return get_in_scope(surveys_visible_to(user, capability), pk)


def manageable_survey(user, pk) -> Survey:
    """A survey whose design the user may change: they cover the organization that runs it."""
    survey = access_survey(user, pk, "surveys.manage")
    if not path_in_scope(user, "surveys.manage", survey.org_path):
        raise Http404("未找到该记录，或不在您的权限范围内")
    return survey


def groups_visible_to(user, survey: Survey, capability: str = "surveys.view") -> QuerySet[RespondentGroup]:
    return survey.groups.filter(scope_q(user, capability, "org_path")).select_related("organization")


def access_group(user, survey: Survey, pk, capability: str = "surveys.view") -> RespondentGroup:
    return get_in_scope(groups_visible_to(user, survey, capability), pk)


def access_question(user, survey: Survey, pk) -> Question:
    return get_in_scope(survey.questions.all(), pk)


def sheets_visible_to(user, survey: Survey) -> QuerySet[PaperSheet]:
    return survey.paper_sheets.filter(scope_q(user, "surveys.enter", "group__org_path")).select_related("group")


def shown_nodes(user, results) -> list:
    """The report's organizations the user covers, in tree order."""
    return [node for node in results.root.walk() if path_in_scope(user, "surveys.view", node.organization.path)]
