"""The demo step of ballots used by development and elections, on the test county tree."""

import datetime as dt
import random

import pytest

from zugong.ballots.models import Ballot
from zugong.ballots.results import branch_vote_figures
from zugong.ballots.seal import verify_seal
from zugong.development.ballot_demo import add_votes_from_ballots
from zugong.development.models import BranchVote, DevelopmentCase, DevelopmentStep
from zugong.members.services import create_member
from zugong.members.tests.test_members import fields, id_for
from zugong.organizations import demo
from zugong.organizations.models import Election

pytestmark = pytest.mark.django_db


def test_the_step_is_registered_before_the_checks():
    assert demo.STEPS.index(add_votes_from_ballots) < demo.STEPS.index(demo.refresh_findings)


def test_demo_admissions_and_an_election_from_sealed_ballots(county, department_admin, full_members):
    for n, name in enumerate(("孙伟", "周芳", "吴刚", "郑洁", "冯军", "陈静", "褚明", "卫东"), start=4):
        create_member(department_admin, **fields(county.village, name=name, id_number=id_for(dt.date(1971, 1, n), n)))
    today = dt.date.today()
    case = DevelopmentCase.objects.create(
        name="申请人", id_number=id_for(dt.date(2000, 5, 5), 31), gender="female", birth_date=dt.date(2000, 5, 5),
        education="college", occupation="worker", organization=county.village, stage="candidate")
    step = DevelopmentStep.objects.create(case=case, kind="admission_vote", done_on=today - dt.timedelta(days=30))
    BranchVote.objects.create(step=step, entitled=30, present=25, yes=20, no=5, abstain=0)
    ctx = demo.DemoContext(rng=random.Random(1), today=today, scale="county", root=county.county,
                           counties=[county.county], first_townships=[county.township])
    add_votes_from_ballots(ctx)
    vote = BranchVote.objects.get(step=step)
    ballot = Ballot.objects.get(pk=vote.ballot_id)
    figures = branch_vote_figures(ballot)
    assert ballot.entitled == 11 and ballot.held_on == step.done_on and verify_seal(ballot)
    assert (vote.entitled, vote.present, vote.yes, vote.no, vote.abstain) == (
        figures.entitled, figures.present, figures.yes, figures.no, figures.abstain)
    election = Election.objects.get(organization=county.village, elected_on=today)
    assert election.ballot_reference and (election.seats, election.candidates_count) == (4, 5)
    candidates = list(election.candidates.all())
    assert [c.elected for c in candidates] == [True, True, True, True, False]
    assert all(c.member is not None and c.member.name == c.name for c in candidates)
    assert ctx.counts["development_votes_from_ballots"] == 1 and ctx.counts["elections_from_ballots"] == 1
