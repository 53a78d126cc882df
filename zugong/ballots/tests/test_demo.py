"""The ballots demo step on the test county tree: closed ballots that verify, an open one with its codes."""

import datetime as dt
import random

import pytest

from tests.fixtures import make_user
from zugong.accounts.capabilities import Role
from zugong.ballots.demo import add_ballots
from zugong.ballots.models import Ballot, Mark, PaperEntry
from zugong.ballots.seal import verify_seal
from zugong.ballots.selectors import tally
from zugong.organizations import demo

pytestmark = pytest.mark.django_db


def test_the_step_is_registered_before_the_checks_and_its_tables_are_reset():
    assert demo.STEPS.index(add_ballots) < demo.STEPS.index(demo.refresh_findings)
    assert demo.RESET_MODELS.index(Mark) < demo.RESET_MODELS.index(Ballot)


def test_demo_ballots(county, department_admin, full_members):
    from zugong.members.services import create_member
    from zugong.members.tests.test_members import fields, id_for

    for n, name in enumerate(("孙伟", "周芳", "吴刚", "李红"), start=4):  # 李红 twice: one name on the ballot
        create_member(department_admin, **fields(county.village, name=name, id_number=id_for(dt.date(1971, 1, n), n)))
    make_user("township", Role.OPERATOR, county.township)
    ctx = demo.DemoContext(rng=random.Random(1), today=dt.date(2026, 6, 15), scale="county", root=county.county,
                           counties=[county.county], first_townships=[county.township])
    add_ballots(ctx)
    closed = Ballot.objects.filter(status="closed")
    assert closed.count() == 3 and all(verify_seal(b) for b in closed)
    election = Ballot.objects.get(purpose="换届选举")
    assert election.roll.count() == 7 and [c.name for c in election.candidates.all()] == ["李红", "王强", "赵敏", "孙伟"]
    assert tally(election).present == election.roll.filter(has_voted=True).count() > 0
    decision = Ballot.objects.get(purpose="讨论决定")
    result = tally(decision)
    assert (result.entitled, result.present, result.valid) == (11, 9, 9) and result.quorum_met
    assert [(r.yes, r.passed) for r in result.rows] == [(7, True), (8, True)]
    assert PaperEntry.objects.filter(ballot=decision, second_by__isnull=False).count() == 9
    opened = Ballot.objects.get(status="open")
    assert opened.codes.count() == 25 and not opened.cast.exists()
