"""Pages of 换届选举 beyond the hand record: recording one from a sealed 差额 ballot, and an election's page with
its candidates, their votes and who was elected (a hand record shows its counts only)."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from zugong.ballots.models import Ballot
from zugong.ballots.selectors import ballots_visible_to
from zugong.core.access import path_in_scope
from zugong.core.forms_helpers import form_page
from zugong.core.submissions import fields_of
from zugong.organizations import elections, forms, selectors
from zugong.organizations.models import Election


def election_from_ballot(request, pk):
    org = selectors.access_organization(request.user, pk, capability="organizations.elections")
    used = [int(r) for r in Election.objects.exclude(ballot_reference="").values_list("ballot_reference", flat=True)
            if r.isdigit()]
    ballots = ballots_visible_to(request.user).filter(
        organization=org, kind=Ballot.Kind.CHOOSE, status=Ballot.Status.CLOSED).exclude(pk__in=used)
    form = forms.ElectionFromBallotForm(request.POST or None, ballots=ballots)
    return form_page(
        request, form, lambda data: elections.record_from_ballot(request.user, org, **fields_of(data)),
        done=lambda e: f"已据票决 #{e.ballot_reference} 登记换届选举，任期重新计算。",
        template="organizations/election_from_ballot.html", context={"org": org},
    )


@require_GET
def election_detail(request, pk, election_pk):
    org = selectors.access_organization(request.user, pk)
    election = get_object_or_404(Election.objects.filter(organization=org).select_related("recorded_by"),
                                 pk=election_pk)
    return render(request, "organizations/election_detail.html", {
        "org": org, "election": election, "candidates": election.candidates.select_related("member"),
        "elected": election.elected.all(),
        "can_see_ballot": election.ballot_id is not None and path_in_scope(request.user, "ballots.tally", org.path),
    })
