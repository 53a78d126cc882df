"""Scope entries of the election pages (an election's page; recording one from a sealed 差额 ballot) for
``tests/test_scope.py``, merged as the ballots' areas are."""

import datetime as dt

from zugong.ballots.models import Ballot, CastBallot
from zugong.ballots.seal import compute_seal
from zugong.ballots.services import MarkData, record_cast
from zugong.organizations.models import Election

TARGETS = {"election", "election_ballot"}


def endpoints(Endpoint, personas) -> list:  # noqa: N803  (the class is passed in: test_scope imports this module)
    everyone, electors = personas["EVERYONE"], personas["ELECTORS"]
    return [
        Endpoint("organizations:election_detail", "GET", everyone, "election",
                 url_kwargs=lambda o: {"pk": o["election"].organization_id, "election_pk": o["election"].pk}),
        Endpoint("organizations:election_from_ballot", "GET", electors, "election_ballot",
                 url_kwargs=lambda o: {"pk": o["election_ballot"].organization_id}),
        Endpoint("organizations:election_from_ballot", "POST", electors, "election_ballot", ok=(302,),
                 url_kwargs=lambda o: {"pk": o["election_ballot"].organization_id},
                 data=lambda o: {"ballot": o["election_ballot"].pk, "method": "members_meeting"}),
    ]


def objects(target, org, users) -> dict:
    found = {}
    if target == "election":
        found["election"] = Election.objects.create(
            organization=org, elected_on=dt.date(2024, 5, 1), term_years=5, term_ends_on=dt.date(2029, 5, 1), seats=3,
            candidates_count=3)
    if target == "election_ballot":  # a closed, sealed 差额 ballot: 4 candidates for 3 seats, 5 of 5 present
        ballot = Ballot.objects.create(organization=org, title="支部委员会换届选举", kind="choose", rule="election",
                                       method="paper", seats=3, held_on=dt.date.today(), entitled=5,
                                       roll_on_paper=True, present_recorded=5)
        for position, name in enumerate(("甲", "乙", "丙", "丁"), start=1):
            ballot.candidates.create(position=position, name=name)
        marks = [MarkData(p, "yes") for p in (1, 2, 3)]
        record_cast(ballot, [(True, marks)] * 5, channel=CastBallot.Channel.PAPER, day=dt.date.today())
        Ballot.objects.filter(pk=ballot.pk).update(status=Ballot.Status.CLOSED, seal=compute_seal(ballot))
        found["election_ballot"] = ballot
    return found
