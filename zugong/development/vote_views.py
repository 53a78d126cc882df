"""The page that opens a branch meeting's secret ballot for a case's vote step (支部大会无记名投票); counting is on
the ballot's own pages (``zugong.ballots``), taking the step from the sealed tally on the step's page; and the page
that opens one body's ballot of the local 三票决."""

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zugong.core.access import DomainError
from zugong.core.forms_helpers import form_page
from zugong.development import forms, selectors, voting
from zugong.development.models import CaseBallot, DevelopmentStep
from zugong.development.procedure import VOTES, label


def vote_open(request, pk, kind):
    case = selectors.access_case(request.user, pk, for_change=True)
    if kind not in VOTES:
        raise Http404
    form = forms.VoteBallotForm(request.POST or None, initial={"held_on": timezone.localdate()})
    return form_page(
        request, form,
        lambda data: voting.open_vote(request.user, case, kind, method=data["method"], held_on=data["held_on"]),
        done=lambda ballot: f"已建立表决票 #{ballot.pk}「{ballot}」，应到会{ballot.entitled}人；请在票决页面签到、投票和计票。",
        template="development/vote_open.html",
        context={"title": _("%(step)s：建立表决票") % {"step": label(kind)}, "case": case,
                 "back": reverse("development:step_new", args=[case.pk, kind])},
    )


def three_vote_open(request, pk, body):
    """Open one body's ballot of the local 三票决 (支委会、党员大会、乡镇党委)."""
    case = selectors.access_case(request.user, pk, for_change=True)
    if body not in CaseBallot.Body.values:
        raise Http404
    try:
        organization = voting.body_organization(case, body)
    except DomainError:
        organization = case.organization
    roll_known = body == CaseBallot.Body.GENERAL_MEETING or bool(
        voting.committee_roll(organization, timezone.localdate()))
    form = forms.ThreeVoteBallotForm(request.POST or None, initial={"held_on": timezone.localdate()},
                                     roll_known=roll_known)
    name = CaseBallot.Body(body).label
    return form_page(
        request, form,
        lambda data: voting.open_three_vote(request.user, case, body, method=data["method"], held_on=data["held_on"],
                                            entitled=data.get("entitled")),
        done=lambda ballot: f"已建立{name}表决票 #{ballot.pk}「{ballot}」，应到会{ballot.entitled}人；请在票决页面签到、投票和计票。",
        template="development/vote_open.html",
        context={"title": _("%(step)s：建立%(body)s表决票") % {"step": label(DevelopmentStep.Kind.THREE_VOTES), "body": name}, "case": case,
                 "body": body, "body_label": name, "body_organization": organization,
                 "back": reverse("development:step_new", args=[case.pk, DevelopmentStep.Kind.THREE_VOTES])},
    )
