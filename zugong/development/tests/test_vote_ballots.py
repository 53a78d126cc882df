"""The branch meeting's admission and confirmation votes taken from a sealed secret ballot (issue 16, "Used by"):
the figures are the tally's, a failed, open or altered ballot refuses the step, hand-typed records stay."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from zugong.ballots import services as ballot_services
from zugong.ballots.models import Ballot, Mark
from zugong.core.access import DomainError
from zugong.development import services, voting
from zugong.development.models import BranchVote, CaseBallot, DevelopmentStep
from zugong.development.tests.test_procedure import APPLIED, DATES, PASSING, K, state, walk
from zugong.members.services import create_member
from zugong.members.tests.test_members import fields, id_for

pytestmark = pytest.mark.django_db
HELD = DATES[K.ADMISSION_VOTE]


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def case(county, branch_secretary, township_operator):  # the township records the committee's steps
    return services.open_case(
        branch_secretary, name="陈晓燕", id_number=id_for(dt.date(1998, 4, 2), 22), ethnicity="01",
        education="undergraduate", occupation="professional", organization=county.village, applied_on=APPLIED)


def counted(actor, case, choices: list[str], *, kind=K.ADMISSION_VOTE, held_on=HELD, close=True) -> Ballot:
    """The case's ballot opened, every one on the roll signed in, one paper ballot per choice, then closed."""
    ballot = voting.open_vote(actor, case, kind, method=Ballot.Method.PAPER, held_on=held_on)
    for entry in ballot.roll.all():
        ballot_services.mark_voted(actor, ballot, entry)
    for number, choice in enumerate(choices, start=1):
        ballot_services.enter_paper(actor, ballot, number=number, valid=True, choices={1: choice})
    return ballot_services.close_ballot(actor, ballot) if close else ballot


@pytest.fixture
def at_vote(case, branch_secretary, full_members):
    walk(branch_secretary, case, full_members, until=K.ADMISSION_VOTE)
    return case


def test_the_roll_is_the_branchs_full_members_on_the_meeting_day(county, department_admin, full_members):
    create_member(department_admin, **fields(county.village, name="钱新", id_number=id_for(dt.date(1990, 2, 3), 41),
                                             joined_on=dt.date(2023, 6, 1), full_member_on=dt.date(2024, 6, 1)))
    create_member(department_admin, **fields(county.other_village, name="外村", id_number=id_for(dt.date(1970, 2, 3), 42)))
    assert [m.name for m in voting.roll_on(county.village, dt.date(2024, 5, 31))] == ["李红", "王强", "赵敏"]
    assert [m.name for m in voting.roll_on(county.village, dt.date(2024, 6, 1))] == ["李红", "王强", "赵敏", "钱新"]


def test_the_step_taken_from_the_ballot_copies_the_sealed_tally_exactly(at_vote, branch_secretary, client):
    ballot = counted(branch_secretary, at_vote, ["yes", "yes", "abstain"])
    assert (ballot.entitled, ballot.title, ballot.rule) == (3, "接收陈晓燕为中共预备党员", Ballot.Rule.MAJORITY_OF_DUE)
    step = services.record_step(branch_secretary, at_vote, K.ADMISSION_VOTE, HELD, ballot=ballot)
    vote = BranchVote.objects.get(step=step)
    assert (vote.entitled, vote.present, vote.yes, vote.no, vote.abstain, vote.ballot_reference) == (
        3, 3, 2, 0, 1, str(ballot.pk))
    at_vote.refresh_from_db()
    assert at_vote.probation_ends_on == dt.date(2025, 7, 1)
    client.force_login(branch_secretary)
    page = client.get(reverse("development:detail", args=[at_vote.pk])).content.decode()
    assert f'<a href="{reverse("ballots:detail", args=[ballot.pk])}">由票决 #{ballot.pk} 计票结果</a>' in page
    assert "应到 3 人，实到 3 人；赞成 2，反对 0，弃权 1" in page


def test_a_failed_vote_refuses_the_step_with_the_rule_and_leaves_the_case_as_it_was(at_vote, branch_secretary):
    ballot = counted(branch_secretary, at_vote, ["yes", "no", "abstain"])
    before = state(at_vote)
    with pytest.raises(DomainError) as error:
        services.record_step(branch_secretary, at_vote, K.ADMISSION_VOTE, HELD, ballot=ballot)
    assert error.value.message == (
        f"表决票 #{ballot.pk} 未通过：应到会3人，实到会3人，赞成1票、反对1票、弃权1票；通过规则："
        "到会人数超过应到会人数的半数，同意票超过应到会人数的半数（《中国共产党发展党员工作细则》第二十条；《党章》"
        "（有表决权的到会人数必须超过应到会人数的半数，赞成人数超过应到会有表决权的正式党员的半数））")
    assert state(at_vote) == before


def test_an_open_or_altered_ballot_refuses_the_step(at_vote, branch_secretary):
    ballot = counted(branch_secretary, at_vote, ["yes", "yes", "no"], close=False)
    before = state(at_vote)
    with pytest.raises(DomainError, match=f"^票决「{ballot.title}」尚未结束计票，不能采用其结果$"):
        services.record_step(branch_secretary, at_vote, K.ADMISSION_VOTE, HELD, ballot=ballot)
    ballot_services.close_ballot(branch_secretary, ballot)
    Mark.objects.filter(ballot=ballot, choice="no").update(choice="yes")  # altered after the seal
    with pytest.raises(DomainError, match=f"^票决「{ballot.title}」的封存码核验不符，结果不能采信$"):
        services.record_step(branch_secretary, at_vote, K.ADMISSION_VOTE, HELD, ballot=ballot)
    assert state(at_vote) == before


def test_the_step_date_is_the_meeting_day_and_the_ballot_must_be_the_cases(at_vote, branch_secretary, county):
    ballot = counted(branch_secretary, at_vote, ["yes", "yes", "yes"])
    with pytest.raises(DomainError, match="^办理日期应为支部大会投票的日期2024年7月1日$"):
        services.record_step(branch_secretary, at_vote, K.ADMISSION_VOTE, dt.date(2024, 7, 2), ballot=ballot)
    other = ballot_services.open_ballot(branch_secretary, organization=county.village, title="另一事项",
                                        kind=Ballot.Kind.YES_NO, candidates=[], roll=3,
                                        rule=Ballot.Rule.MAJORITY_OF_DUE, method=Ballot.Method.PAPER)
    with pytest.raises(DomainError, match=f"^表决票 #{other.pk} 不是为陈晓燕的「支部大会讨论接收预备党员」建立的$"):
        services.record_step(branch_secretary, at_vote, K.ADMISSION_VOTE, HELD, ballot=other)


def test_one_open_ballot_per_step_and_none_once_the_step_is_taken(at_vote, branch_secretary):
    ballot = voting.open_vote(branch_secretary, at_vote, K.ADMISSION_VOTE, method=Ballot.Method.ELECTRONIC,
                              held_on=HELD)
    with pytest.raises(DomainError, match=f"^已有尚未结束计票的表决票 #{ballot.pk}，请先结束计票或在其上继续投票$"):
        voting.open_vote(branch_secretary, at_vote, K.ADMISSION_VOTE, method=Ballot.Method.PAPER, held_on=HELD)
    with pytest.raises(DomainError, match="^「上级党委审批」不是支部大会表决，不能建立表决票$"):
        voting.open_vote(branch_secretary, at_vote, K.APPROVAL, method=Ballot.Method.PAPER, held_on=HELD)
    services.record_step(branch_secretary, at_vote, K.ADMISSION_VOTE, HELD, vote=dict(PASSING))
    with pytest.raises(DomainError, match="^「支部大会讨论接收预备党员」已于2024年7月1日办理，不能再建立表决票$"):
        voting.open_vote(branch_secretary, at_vote, K.ADMISSION_VOTE, method=Ballot.Method.PAPER, held_on=HELD)


def test_the_confirmation_vote_from_a_ballot(case, branch_secretary, full_members):
    walk(branch_secretary, case, full_members, until=K.CONFIRMATION_VOTE)
    held = DATES[K.CONFIRMATION_VOTE]
    ballot = counted(branch_secretary, case, ["yes", "yes", "yes"], kind=K.CONFIRMATION_VOTE, held_on=held)
    assert ballot.title == "陈晓燕预备期满转为中共正式党员"
    step = services.record_step(branch_secretary, case, K.CONFIRMATION_VOTE, held, ballot=ballot)
    assert (step.vote.yes, step.vote.ballot_reference) == (3, str(ballot.pk))


def test_hand_typed_records_are_kept_and_shown_as_such(at_vote, branch_secretary, client):
    client.force_login(branch_secretary)
    url = reverse("development:step_new", args=[at_vote.pk, K.ADMISSION_VOTE])
    page = client.get(url).content.decode()
    assert "尚未建立表决票。以纸质方式召开、未在本系统投票的会议，可在下方手工填写表决人数。" in page
    response = client.post(url, {"done_on": "2024-07-01"})
    assert "请选择票决，或填写此项（以纸质方式召开的会议）" in response.content.decode()
    response = client.post(url, {"done_on": "2024-07-01", "entitled": 20, "present": 15, "yes": 14, "no": 1,
                                 "abstain": 0})
    assert response.status_code == 302
    vote = BranchVote.objects.get(step__case=at_vote)
    assert (vote.yes, vote.ballot_reference) == (14, "")
    page = client.get(reverse("development:detail", args=[at_vote.pk])).content.decode()
    assert "应到 20 人，实到 15 人；赞成 14，反对 1，弃权 0" in page and "（手工登记）" in page


def test_the_pages_open_the_ballot_and_take_the_step_from_it(at_vote, branch_secretary, client):
    client.force_login(branch_secretary)
    response = client.post(reverse("development:vote_open", args=[at_vote.pk, K.ADMISSION_VOTE]),
                           {"method": "paper", "held_on": "2024-07-01", "submission_token": "6f9e3c1e-0000-4000-8000-000000000001"})
    link = CaseBallot.objects.get(case=at_vote)
    assert response.status_code == 302 and response["Location"] == reverse("ballots:detail", args=[link.ballot_id])
    ballot = link.ballot
    for entry in ballot.roll.all():
        ballot_services.mark_voted(branch_secretary, ballot, entry)
    for number in (1, 2, 3):
        ballot_services.enter_paper(branch_secretary, ballot, number=number, valid=True, choices={1: "yes"})
    ballot_services.close_ballot(branch_secretary, ballot)
    url = reverse("development:step_new", args=[at_vote.pk, K.ADMISSION_VOTE])
    page = client.get(url).content.decode()
    assert f"#{ballot.pk} 接收陈晓燕为中共预备党员" in page and "已结束计票" in page
    response = client.post(url, {"done_on": "2024-07-01", "ballot": ballot.pk})
    assert response.status_code == 302
    step = DevelopmentStep.objects.get(case=at_vote, kind=K.ADMISSION_VOTE)
    assert (step.vote.entitled, step.vote.present, step.vote.yes, step.vote.ballot_reference) == (3, 3, 3, str(ballot.pk))


def test_the_api_takes_the_step_from_the_ballot_and_refuses_a_failed_one(at_vote, branch_secretary, client):
    client.force_login(branch_secretary)
    url = f"/api/v1/development/cases/{at_vote.pk}/steps"
    failed = counted(branch_secretary, at_vote, ["no", "no", "yes"])
    response = client.post(url, {"kind": "admission_vote", "done_on": "2024-07-01", "ballot": failed.pk},
                           content_type="application/json")
    assert response.status_code == 400 and response.json()["detail"].startswith(f"表决票 #{failed.pk} 未通过：")
    passed = counted(branch_secretary, at_vote, ["yes", "yes", "no"])
    response = client.post(url, {"kind": "admission_vote", "done_on": "2024-07-01", "ballot": passed.pk},
                           content_type="application/json")
    assert response.status_code == 201
    assert response.json()["vote"] == {"entitled": 3, "present": 3, "yes": 2, "no": 1, "abstain": 0,
                                       "ballot_reference": str(passed.pk)}
