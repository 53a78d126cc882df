"""换届选举 recorded from a sealed 差额 ballot (issue 16, "Used by"): seats, candidates (members of the register)
with their votes and who was elected, all from the tally; refused for too few candidates, ties, an open or altered
ballot; hand-recorded elections keep working and showing."""

import datetime as dt

import pytest
from django.urls import reverse

from zugong.ballots import services as ballot_services
from zugong.ballots.models import Ballot, Mark
from zugong.ballots.tests.factories import election, paper
from zugong.core.access import DomainError
from zugong.core.policy import set_policy_value
from zugong.members.services import create_member
from zugong.members.tests.test_members import fields, id_for
from zugong.organizations import elections, services
from zugong.organizations.models import CommitteeMember, Election, ElectionCandidate

pytestmark = pytest.mark.django_db
CLEAR = [{1: "yes", 2: "yes", 3: "yes"}] * 5 + [{1: "yes", 2: "yes", 4: "yes"}] * 4  # 9, 9, 5, 4 votes
TIED = [{1: "yes", 2: "yes", 3: "yes"}] * 4 + [{1: "yes", 2: "yes", 4: "yes"}] * 4 + [{1: "yes", 3: "yes", 4: "yes"}]


@pytest.fixture
def nominees(county, department_admin, full_members):
    fourth = create_member(department_admin, **fields(county.village, name="孙立", id_number=id_for(dt.date(1970, 1, 9), 9)))
    return [*full_members, fourth]  # 李红, 王强, 赵敏, 孙立


def sealed(actor, org, nominees, marks, *, close=True) -> Ballot:
    ballot = election(actor, org, candidates=nominees, seats=3, roll=10, held_on=dt.date(2026, 6, 1))
    ballot_services.record_present(actor, ballot, 9)
    paper(actor, ballot, marks)
    return ballot_services.close_ballot(actor, ballot) if close else ballot


def data_state():
    return (list(Election.objects.values_list("pk", "seats")), ElectionCandidate.objects.count(),
            list(CommitteeMember.objects.order_by("pk").values_list("name", "ended_on")))


def refused(call, message):
    before = data_state()
    with pytest.raises(DomainError) as error:
        call()
    assert error.value.message == message
    assert data_state() == before


def test_the_election_is_copied_from_the_sealed_tally(county, department_admin, nominees, client):
    ballot = sealed(department_admin, county.village, nominees, CLEAR)
    made = elections.record_from_ballot(department_admin, county.village, ballot=ballot)
    assert (made.elected_on, made.seats, made.candidates_count, made.ballot_reference, made.is_competitive) == (
        dt.date(2026, 6, 1), 3, 4, str(ballot.pk), True)
    assert [(c.position, c.name, c.member, c.votes, c.elected) for c in made.candidates.all()] == [
        (1, "李红", nominees[0], 9, True), (2, "王强", nominees[1], 9, True), (3, "赵敏", nominees[2], 5, True),
        (4, "孙立", nominees[3], 4, False)]
    assert list(county.village.committee_members.filter(ended_on__isnull=True).values_list("name", "position")) == [
        ("李红", "member"), ("王强", "member"), ("赵敏", "member")]
    client.force_login(department_admin)
    page = client.get(made.get_absolute_url()).content.decode()
    assert f"由票决 #{ballot.pk} 计票结果" in page and "孙立" in page and "未当选" in page
    assert page.count("<strong>当选</strong>") == 3
    detail = client.get(reverse("organizations:detail", args=[county.village.pk])).content.decode()
    assert f'href="{made.get_absolute_url()}"' in detail
    refused(lambda: elections.record_from_ballot(department_admin, county.village, ballot=ballot),
            "「东风村党支部」2026-06-01的换届选举已经登记，不能重复登记")


def test_too_few_candidates_for_the_margin_is_refused(county, department_admin, nominees):
    ballot = sealed(department_admin, county.village, nominees, CLEAR)
    set_policy_value(department_admin, "ballots.election_margin_percent", "50")
    refused(lambda: elections.record_from_ballot(department_admin, county.village, ballot=ballot),
            "差额选举应选3人，候选人数应多于应选人数的50%，即不少于5名（《中国共产党基层组织选举工作条例》"
            f"（候选人数应多于应选人数的20%））；票决 #{ballot.pk} 只有4名候选人")


def test_a_tie_at_the_last_seat_is_refused_naming_the_tied(county, department_admin, nominees):
    ballot = sealed(department_admin, county.village, nominees, TIED)
    refused(lambda: elections.record_from_ballot(department_admin, county.village, ballot=ballot),
            "赵敏（5票）、孙立（5票）得票相等，争夺最后的当选名额，当选人尚未确定；请就得票相等的候选人再次投票决定当选人后"
            "再登记（《中国共产党基层组织选举工作条例》第二十二条（有选举权的到会人数超过应到会人数的五分之四，会议有效）；"
            "《中国共产党基层组织选举工作条例》第二十三条（被选举人获得的赞成票超过实到会有选举权的人数的一半，始得当选））")


def test_an_open_or_altered_or_foreign_ballot_is_refused(county, department_admin, nominees):
    ballot = sealed(department_admin, county.village, nominees, CLEAR, close=False)
    refused(lambda: elections.record_from_ballot(department_admin, county.village, ballot=ballot),
            "票决「支部委员会换届选举」尚未结束计票，不能采用其结果")
    ballot_services.close_ballot(department_admin, ballot)
    refused(lambda: elections.record_from_ballot(department_admin, county.other_village, ballot=ballot),
            f"票决 #{ballot.pk}「支部委员会换届选举」不是「南山村党支部」的选举")
    Mark.objects.filter(ballot=ballot, candidate__position=4).update(candidate=ballot.candidates.get(position=3))
    refused(lambda: elections.record_from_ballot(department_admin, county.village, ballot=ballot),
            "票决「支部委员会换届选举」的封存码核验不符，结果不能采信")


def test_the_page_records_from_a_ballot_and_hand_records_still_show(county, department_admin, nominees, client):
    hand = services.record_election(department_admin, county.village, elected_on=dt.date(2023, 5, 1), seats=3,
                                    candidates_count=3, elected=[("张三", "secretary")])
    client.force_login(department_admin)
    page = client.get(hand.get_absolute_url()).content.decode()
    assert "手工登记" in page and "本次选举为手工登记，只记录了应选名额和候选人数，没有候选人名单和得票。" in page
    ballot = sealed(department_admin, county.village, nominees, CLEAR)
    url = reverse("organizations:election_from_ballot", args=[county.village.pk])
    assert f"#{ballot.pk} 支部委员会换届选举（2026-06-01，应选3人）" in client.get(url).content.decode()
    response = client.post(url, {"ballot": ballot.pk, "method": "members_meeting",
                                 "submission_token": "6f9e3c1e-0000-4000-8000-000000000002"})
    assert response.status_code == 302
    made = Election.objects.get(ballot_reference=str(ballot.pk))
    assert made.candidates.filter(elected=True).count() == 3
    assert f"#{ballot.pk} 支部委员会换届选举（" not in client.get(url).content.decode()  # a ballot is recorded once
    hand.refresh_from_db()
    assert hand.candidates.count() == 0 and hand.candidates_count == 3


def test_a_ballot_typed_with_names_finds_the_register_where_a_name_is_unique(county, department_admin, nominees):
    create_member(department_admin, **fields(county.village, name="王强", id_number=id_for(dt.date(1970, 1, 10), 10)))
    ballot = election(department_admin, county.village, candidates=["李红", "王强", "赵敏", "外来人"], seats=3, roll=10,
                      held_on=dt.date(2026, 6, 1))
    ballot_services.record_present(department_admin, ballot, 9)
    paper(department_admin, ballot, CLEAR)
    ballot_services.close_ballot(department_admin, ballot)
    made = elections.record_from_ballot(department_admin, county.village, ballot=ballot)
    assert [(c.name, c.member) for c in made.candidates.all()] == [
        ("李红", nominees[0]), ("王强", None), ("赵敏", nominees[2]), ("外来人", None)]  # two 王强 on the register
