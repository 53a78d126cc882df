"""The local 三票决 (seed 000) taken from three sealed ballots, one each of the branch committee, the branch's general
meeting and the township committee (issue 16, "Used by … the local 三票决"): the three passing take the step with
their references; a body's ballot missing, open, altered or failed refuses the step naming the body and the rule, and
changes nothing; a step with no ballot at all stays a hand record, as the admission vote's typed figures do."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from zugong.ballots import services as ballot_services
from zugong.ballots.models import Ballot, Mark
from zugong.core.access import DomainError
from zugong.core.policy import set_policy_value
from zugong.development import services, voting
from zugong.development.models import BodyVote, CaseBallot, DevelopmentStep
from zugong.development.policies import THREE_STEP_VOTE
from zugong.development.tests.test_procedure import APPLIED, DATES, K, state, walk
from zugong.members.tests.test_members import id_for
from zugong.organizations.models import CommitteeMember

pytestmark = pytest.mark.django_db
B = CaseBallot.Body
HELD = {B.BRANCH_COMMITTEE: dt.date(2024, 6, 29), B.GENERAL_MEETING: dt.date(2024, 6, 30),
        B.TOWNSHIP_COMMITTEE: dt.date(2024, 6, 30)}
DONE = dt.date(2024, 6, 30)  # the last of the three meetings
RULE = ("到会人数超过应到会人数的半数，同意票超过应到会人数的半数（《中国共产党发展党员工作细则》第二十条；《党章》"
        "（有表决权的到会人数必须超过应到会人数的半数，赞成人数超过应到会有表决权的正式党员的半数））")


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def at_three_votes(county, branch_secretary, township_operator, department_admin, full_members):
    """A case whose next step is 三票决, in a county that adopted it; the village branch's committee is on record,
    the township committee's members are not."""
    case = services.open_case(
        branch_secretary, name="陈晓燕", id_number=id_for(dt.date(1998, 4, 2), 22), ethnicity="01",
        education="undergraduate", occupation="professional", organization=county.village, applied_on=APPLIED)
    walk(branch_secretary, case, full_members, until=K.ADMISSION_VOTE)
    set_policy_value(department_admin, THREE_STEP_VOTE.key, "1")
    for kind in (K.THREE_STATEMENTS, K.THREE_EVALUATIONS):
        services.record_step(branch_secretary, case, kind, DATES[K.APPLICATION_FORM])
    for name, position in (("李红", "secretary"), ("王强", "member"), ("周立", "member")):
        CommitteeMember.objects.create(organization=county.village, name=name, position=position,
                                       started_on=dt.date(2021, 1, 1))
    CommitteeMember.objects.create(organization=county.village, name="旧委员", position="member",
                                   started_on=dt.date(2018, 1, 1), ended_on=dt.date(2021, 1, 1))
    return case


def teller(body, branch_secretary, township_operator):
    return township_operator if body == B.TOWNSHIP_COMMITTEE else branch_secretary


def counted(actor, case, body, choices, *, close=True, entitled=None) -> Ballot:
    """One body's ballot opened, everyone present, one paper ballot per choice, then closed."""
    ballot = voting.open_three_vote(actor, case, body, method=Ballot.Method.PAPER, held_on=HELD[body],
                                    entitled=entitled)
    if ballot.roll_on_paper:
        ballot_services.record_present(actor, ballot, len(choices))
    for entry in ballot.roll.all():
        ballot_services.mark_voted(actor, ballot, entry)
    for number, choice in enumerate(choices, start=1):
        ballot_services.enter_paper(actor, ballot, number=number, valid=True, choices={1: choice})
    return ballot_services.close_ballot(actor, ballot) if close else ballot


@pytest.fixture
def three(at_three_votes, branch_secretary, township_operator):
    """The three bodies' ballots, each passed."""
    return {
        B.BRANCH_COMMITTEE: counted(branch_secretary, at_three_votes, B.BRANCH_COMMITTEE, ["yes", "yes", "no"]),
        B.GENERAL_MEETING: counted(branch_secretary, at_three_votes, B.GENERAL_MEETING, ["yes", "yes", "abstain"]),
        B.TOWNSHIP_COMMITTEE: counted(township_operator, at_three_votes, B.TOWNSHIP_COMMITTEE,
                                      ["yes"] * 5 + ["no"] * 2, entitled=7),
    }


def unchanged(case):
    return state(case), BodyVote.objects.count()


def test_each_bodys_ballot_has_its_own_roll_place_and_title(at_three_votes, three, county):
    committee, meeting, township = (three[b] for b in (B.BRANCH_COMMITTEE, B.GENERAL_MEETING, B.TOWNSHIP_COMMITTEE))
    assert [e.name for e in committee.roll.all()] == ["李红", "王强", "周立"]  # in office on the day, not 旧委员
    assert committee.organization == county.village and not committee.roll_on_paper
    assert [e.name for e in meeting.roll.all()] == ["李红", "王强", "赵敏"]  # the branch's full members
    assert (township.organization, township.entitled, township.roll_on_paper) == (county.township, 7, True)
    assert township.title == "三票决（乡镇党委）：接收陈晓燕为中共预备党员"
    assert (committee.rule, meeting.rule, township.rule) == (Ballot.Rule.MAJORITY_OF_DUE,) * 3


def test_the_three_passing_take_the_step_with_the_three_references(at_three_votes, three, branch_secretary, client):
    step = services.record_step(branch_secretary, at_three_votes, K.THREE_VOTES, DONE, three_ballots=three)
    got = [(v.body, v.entitled, v.present, v.yes, v.no, v.abstain, v.ballot_reference) for v in step.body_votes.all()]
    assert got == [
        (B.BRANCH_COMMITTEE, 3, 3, 2, 1, 0, str(three[B.BRANCH_COMMITTEE].pk)),
        (B.GENERAL_MEETING, 3, 3, 2, 0, 1, str(three[B.GENERAL_MEETING].pk)),
        (B.TOWNSHIP_COMMITTEE, 7, 7, 5, 2, 0, str(three[B.TOWNSHIP_COMMITTEE].pk)),
    ]
    client.force_login(branch_secretary)
    page = client.get(reverse("development:detail", args=[at_three_votes.pk])).content.decode()
    for body, name, figures in ((B.BRANCH_COMMITTEE, "支部委员会", "应到 3 人，实到 3 人；赞成 2，反对 1，弃权 0"),
                                (B.GENERAL_MEETING, "党员大会", "应到 3 人，实到 3 人；赞成 2，反对 0，弃权 1"),
                                (B.TOWNSHIP_COMMITTEE, "乡镇党委", "应到 7 人，实到 7 人；赞成 5，反对 2，弃权 0")):
        ballot = three[body]
        assert f"{name}：{figures}" in page
        assert f'<a href="{reverse("ballots:detail", args=[ballot.pk])}">由票决 #{ballot.pk} 计票结果</a>' in page
    services.record_step(branch_secretary, at_three_votes, K.ADMISSION_VOTE, DATES[K.ADMISSION_VOTE],
                         vote={"entitled": 3, "present": 3, "yes": 3, "no": 0, "abstain": 0})  # the procedure goes on


@pytest.mark.parametrize("body,name", [(B.BRANCH_COMMITTEE, "支部委员会"), (B.GENERAL_MEETING, "党员大会"),
                                       (B.TOWNSHIP_COMMITTEE, "乡镇党委")])
def test_a_missing_bodys_ballot_refuses_and_changes_nothing(at_three_votes, three, branch_secretary, body, name):
    before = unchanged(at_three_votes)
    with pytest.raises(DomainError) as error:
        services.record_step(branch_secretary, at_three_votes, K.THREE_VOTES, DONE,
                             three_ballots={b: ballot for b, ballot in three.items() if b != body})
    assert error.value.message == f"缺少{name}的票决：三票决须由支部委员会、党员大会、乡镇党委分别无记名投票表决"
    assert unchanged(at_three_votes) == before


def test_a_failed_bodys_ballot_refuses_naming_the_body_and_the_rule(at_three_votes, branch_secretary,
                                                                    township_operator):
    ballots = {B.BRANCH_COMMITTEE: counted(branch_secretary, at_three_votes, B.BRANCH_COMMITTEE, ["yes", "yes", "yes"]),
               B.GENERAL_MEETING: counted(branch_secretary, at_three_votes, B.GENERAL_MEETING, ["yes", "yes", "yes"]),
               B.TOWNSHIP_COMMITTEE: counted(township_operator, at_three_votes, B.TOWNSHIP_COMMITTEE,
                                             ["yes"] * 3 + ["no"] * 4, entitled=7)}
    before = unchanged(at_three_votes)
    with pytest.raises(DomainError) as error:
        services.record_step(branch_secretary, at_three_votes, K.THREE_VOTES, DONE, three_ballots=ballots)
    assert error.value.message == (f"乡镇党委票决 #{ballots[B.TOWNSHIP_COMMITTEE].pk} 未通过：应到会7人，实到会7人，"
                                   f"赞成3票、反对4票、弃权0票；通过规则：{RULE}")
    assert unchanged(at_three_votes) == before


def test_an_open_or_altered_bodys_ballot_refuses(at_three_votes, three, branch_secretary):
    meeting = three[B.GENERAL_MEETING]
    still_open = counted(branch_secretary, at_three_votes, B.BRANCH_COMMITTEE, ["yes", "yes", "yes"], close=False)
    before = unchanged(at_three_votes)
    with pytest.raises(DomainError) as error:
        services.record_step(branch_secretary, at_three_votes, K.THREE_VOTES, DONE,
                             three_ballots=three | {B.BRANCH_COMMITTEE: still_open})
    assert error.value.message == f"支部委员会：票决「{still_open.title}」尚未结束计票，不能采用其结果"
    Mark.objects.filter(ballot=meeting, choice="abstain").update(choice="no")  # altered after the seal
    with pytest.raises(DomainError) as error:
        services.record_step(branch_secretary, at_three_votes, K.THREE_VOTES, DONE, three_ballots=three)
    assert error.value.message == f"党员大会：票决「{meeting.title}」的封存码核验不符，结果不能采信"
    assert unchanged(at_three_votes) == before


def test_a_ballot_of_another_body_or_date_refuses(at_three_votes, three, branch_secretary):
    before = unchanged(at_three_votes)
    swapped = three | {B.BRANCH_COMMITTEE: three[B.GENERAL_MEETING]}
    with pytest.raises(DomainError) as error:
        services.record_step(branch_secretary, at_three_votes, K.THREE_VOTES, DONE, three_ballots=swapped)
    assert error.value.message == f"表决票 #{three[B.GENERAL_MEETING].pk} 不是为陈晓燕的三票决（支部委员会）建立的"
    with pytest.raises(DomainError) as error:
        services.record_step(branch_secretary, at_three_votes, K.THREE_VOTES, dt.date(2024, 7, 1), three_ballots=three)
    assert error.value.message == "办理日期应为三项票决中最后一项的投票日期2024年6月30日"
    assert unchanged(at_three_votes) == before


def test_opening_the_ballots_is_refused_where_the_rule_says(at_three_votes, county, branch_secretary,
                                                            township_operator, department_admin):
    with pytest.raises(DomainError) as error:
        voting.open_three_vote(branch_secretary, at_three_votes, B.TOWNSHIP_COMMITTEE, method="paper", held_on=DONE)
    assert error.value.message == "乡镇党委票决由上级党委「东风镇党委」建立和计票，请由该党委的工作人员办理"
    with pytest.raises(DomainError) as error:
        voting.open_three_vote(township_operator, at_three_votes, B.TOWNSHIP_COMMITTEE, method="paper", held_on=DONE)
    assert error.value.message == ("「东风镇党委」2024年6月30日在任的委员未在班子成员中登记，"
                                   "请填写乡镇党委应到会委员人数")
    first = voting.open_three_vote(branch_secretary, at_three_votes, B.GENERAL_MEETING, method="paper", held_on=DONE)
    with pytest.raises(DomainError) as error:
        voting.open_three_vote(branch_secretary, at_three_votes, B.GENERAL_MEETING, method="paper", held_on=DONE)
    assert error.value.message == f"党员大会已有尚未结束计票的表决票 #{first.pk}，请先结束计票或在其上继续投票"
    set_policy_value(department_admin, THREE_STEP_VOTE.key, "0")
    with pytest.raises(DomainError) as error:
        voting.open_three_vote(branch_secretary, at_three_votes, B.BRANCH_COMMITTEE, method="paper", held_on=DONE)
    assert error.value.message.startswith("未实行“三述三评三票决”，无需建立三票决表决票（本县规定")
    assert CaseBallot.objects.filter(case=at_three_votes).count() == 1


def test_the_pages_open_a_bodys_ballot_and_take_the_step_from_the_three(at_three_votes, three, branch_secretary,
                                                                        township_operator, client):
    client.force_login(branch_secretary)
    url = reverse("development:step_new", args=[at_three_votes.pk, K.THREE_VOTES])
    page = client.get(url).content.decode()
    assert f"#{three[B.TOWNSHIP_COMMITTEE].pk} 三票决（乡镇党委）：接收陈晓燕为中共预备党员" in page
    assert reverse("development:three_vote_open", args=[at_three_votes.pk, B.BRANCH_COMMITTEE]) in page
    assert reverse("development:three_vote_open", args=[at_three_votes.pk, B.TOWNSHIP_COMMITTEE]) not in page
    response = client.post(url, {"done_on": "2024-06-30", "ballot_branch_committee": three[B.BRANCH_COMMITTEE].pk,
                                 "ballot_general_meeting": three[B.GENERAL_MEETING].pk})
    assert "缺少乡镇党委的票决：三票决须由支部委员会、党员大会、乡镇党委分别无记名投票表决" in response.content.decode()
    assert not DevelopmentStep.objects.filter(case=at_three_votes, kind=K.THREE_VOTES).exists()
    response = client.post(url, {"done_on": "2024-06-30", **{f"ballot_{b}": ballot.pk for b, ballot in three.items()}})
    assert response.status_code == 302
    step = DevelopmentStep.objects.get(case=at_three_votes, kind=K.THREE_VOTES)
    assert sorted(step.body_votes.values_list("ballot_reference", flat=True)) == sorted(
        str(b.pk) for b in three.values())


def test_the_township_opens_its_ballot_with_the_number_typed(at_three_votes, township_operator, client):
    client.force_login(township_operator)
    url = reverse("development:three_vote_open", args=[at_three_votes.pk, B.TOWNSHIP_COMMITTEE])
    page = client.get(url).content.decode()
    assert "乡镇党委票决，在「东风镇党委」举行。" in page and "应到会委员人数" in page
    response = client.post(url, {"method": "paper", "held_on": "2024-06-30", "entitled": 9,
                                 "submission_token": "6f9e3c1e-0000-4000-8000-000000000031"})
    link = CaseBallot.objects.get(case=at_three_votes, body=B.TOWNSHIP_COMMITTEE)
    assert response.status_code == 302 and response["Location"] == reverse("ballots:detail", args=[link.ballot_id])
    assert (link.ballot.entitled, link.kind) == (9, K.THREE_VOTES)


def test_hand_recording_needs_saying_so_and_shows_as_such(at_three_votes, branch_secretary, client):
    client.force_login(branch_secretary)
    url = reverse("development:step_new", args=[at_three_votes.pk, K.THREE_VOTES])
    response = client.post(url, {"done_on": "2024-06-30"})
    assert "缺少支部委员会的票决：三票决须由支部委员会、党员大会、乡镇党委分别无记名投票表决" in response.content.decode()
    response = client.post(url, {"done_on": "2024-06-30", "on_paper": "on"})
    assert response.status_code == 302
    step = DevelopmentStep.objects.get(case=at_three_votes, kind=K.THREE_VOTES)
    assert not step.body_votes.exists()
    page = client.get(reverse("development:detail", args=[at_three_votes.pk])).content.decode()
    assert "（手工登记）" in page
