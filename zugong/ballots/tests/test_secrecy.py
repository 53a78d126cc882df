"""Secret by construction: what a cast ballot and its marks can and cannot lead to; codes used once."""

import uuid

import pytest
from django.contrib.auth import get_user_model
from django.db import models

from zugong.ballots import services
from zugong.ballots.models import Ballot, CastBallot, Mark, PaperEntry, RollEntry, VotingCode
from zugong.ballots.tests.factories import approval
from zugong.core.access import DomainError
from zugong.members.models import Member

# Every field and relation a cast ballot and a mark may have. A new one fails here on purpose: decide first whether
# it could lead to a person (a code, a roll entry, a user, an address, a time of day, an order) — then it must not be.
CAST_FIELDS = {"id", "ballot", "cast_on", "channel", "valid", "marks"}
MARK_FIELDS = {"id", "cast_ballot", "ballot", "candidate", "choice", "written_name"}
LEADS_TO_A_PERSON = {get_user_model(), VotingCode, RollEntry, PaperEntry, Member}


@pytest.mark.parametrize(("model", "expected"), [(CastBallot, CAST_FIELDS), (Mark, MARK_FIELDS)])
def test_cast_ballots_hold_nothing_that_leads_to_a_person(model, expected):
    fields = model._meta.get_fields(include_hidden=True)
    assert {f.name for f in fields if not f.name.endswith("+")} == expected
    for field in fields:
        assert field.related_model not in LEADS_TO_A_PERSON, field
        assert not isinstance(field, (models.DateTimeField, models.TimeField, models.GenericIPAddressField)), field
    # keys are random: the order of casting is not kept either
    assert isinstance(model._meta.pk, models.UUIDField) and model._meta.pk.default is uuid.uuid4
    assert [f.name for f in CastBallot._meta.concrete_fields if isinstance(f, models.DateField)] == ["cast_on"]


def test_no_model_points_from_a_code_a_roll_entry_or_a_paper_entry_to_a_cast_ballot():
    for model in (VotingCode, RollEntry, PaperEntry):
        assert not [f for f in model._meta.get_fields() if f.related_model in (CastBallot, Mark)], model
    assert {f.name for f in VotingCode._meta.concrete_fields} == {"id", "ballot", "code", "used"}
    assert {f.name for f in RollEntry._meta.concrete_fields} == {"id", "ballot", "position", "name", "member",
                                                                 "has_voted"}


@pytest.fixture
def electronic(county, department_admin):
    ballot = approval(department_admin, county.county, roll=["甲", "乙", "丙"], method=Ballot.Method.ELECTRONIC,
                      write_in=True)
    VotingCode.objects.create(ballot=ballot, code="ABCD2345")
    return ballot


def test_a_code_votes_once(electronic):
    services.cast_online("abcd2345", {1: "yes", 2: "other"}, {2: "王五"})  # typed in lower case: still the code
    box = CastBallot.objects.get()
    assert (box.channel, box.valid, box.ballot_id) == ("electronic", True, electronic.pk)
    assert sorted(box.marks.values_list("candidate__name", "choice", "written_name")) == [
        ("张三", "yes", ""), ("李四", "other", "王五")]
    assert VotingCode.objects.get().used
    with pytest.raises(DomainError) as refused:
        services.cast_online("ABCD2345", {1: "no", 2: "no"})
    assert refused.value.message == "此投票码已经投过票，每个投票码只能使用一次"
    assert CastBallot.objects.count() == 1 and Mark.objects.count() == 2


def test_an_unknown_code_a_missing_choice_and_a_closed_ballot_are_refused(county, department_admin, electronic):
    with pytest.raises(DomainError, match="^投票码无效，请核对后重新输入$"):
        services.cast_online("ZZZZ9999", {1: "yes", 2: "yes"})
    with pytest.raises(DomainError) as refused:
        services.cast_online("ABCD2345", {1: "yes", 2: "other"})
    assert refused.value.message == "对「李四」选择另选他人，请写明另选人姓名"
    with pytest.raises(DomainError, match="^请对「李四」作出选择$"):
        services.cast_online("ABCD2345", {1: "yes"})
    services.close_ballot(department_admin, electronic)
    with pytest.raises(DomainError, match="^本次投票已结束计票，不能再投票或录入$"):
        services.cast_online("ABCD2345", {1: "yes", 2: "yes"})
    assert not CastBallot.objects.exists() and not VotingCode.objects.get().used


def test_codes_are_drawn_like_the_surveys_codes_and_never_more_than_the_roll(county, department_admin, electronic):
    made = services.issue_codes(department_admin, electronic, 2)
    assert len({c.code for c in made}) == 2 and all(len(c.code) == 8 for c in made)
    assert not set("01OIL") & set("".join(c.code for c in made))
    with pytest.raises(DomainError) as refused:
        services.issue_codes(department_admin, electronic, 1)
    assert refused.value.message == "投票码总数不能超过应到会人数3（已生成3个）"


def test_the_roll_knows_who_took_a_ballot_and_nothing_more(county, department_admin, electronic):
    entry = electronic.roll.get(name="乙")
    services.mark_voted(department_admin, electronic, entry)
    electronic.refresh_from_db()
    assert electronic.present_recorded == 1
    assert list(electronic.roll.filter(has_voted=True).values_list("name", flat=True)) == ["乙"]
