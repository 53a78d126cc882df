"""The page that opens a branch meeting's secret ballot for a case's vote step (支部大会无记名投票); counting is on
the ballot's own pages (``zugong.ballots``), taking the step from the sealed tally on the step's page."""

from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from zugong.core.forms_helpers import form_page
from zugong.development import forms, selectors, voting
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
        context={"title": f"{label(kind)}：建立表决票", "case": case,
                 "back": reverse("development:step_new", args=[case.pk, kind])},
    )
