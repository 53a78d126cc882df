"""The public voting pages /v/: no login, no cookie, one ballot per code, wrong codes limited."""

import pytest
from django.urls import reverse

from zugong.ballots.models import Ballot, CastBallot, VotingCode
from zugong.ballots.tests.factories import approval, election
from zugong.core.models import PolicyValue

pytestmark = pytest.mark.django_db


@pytest.fixture
def ballot(county, department_admin):
    made = approval(department_admin, county.county, method=Ballot.Method.ELECTRONIC, roll=5)
    VotingCode.objects.create(ballot=made, code="VOTE2345")
    return made


def test_vote_without_login_and_without_a_cookie(client, ballot):
    start = client.post(reverse("ballot_public:start"), {"code": " vote2345 "})
    assert start.status_code == 302 and start["Location"] == reverse("ballot_public:vote", args=["VOTE2345"])
    page = client.get(start["Location"])
    assert "张三" in page.content.decode() and "同意" in page.content.decode()
    refused = client.post(start["Location"], {"c1": "yes"})
    assert "请对「李四」作出选择" in refused.content.decode() and not CastBallot.objects.exists()
    done = client.post(start["Location"], {"c1": "yes", "c2": "no"})
    assert done.status_code == 302 and done["Location"] == reverse("ballot_public:done")
    assert not client.cookies and not done.cookies
    assert CastBallot.objects.count() == 1
    again = client.get(reverse("ballot_public:vote", args=["VOTE2345"]))
    assert "此投票码已经投过票，每个投票码只能使用一次" in again.content.decode()


def test_a_closed_ballot_takes_no_vote(client, ballot, department_admin):
    from zugong.ballots.services import close_ballot

    close_ballot(department_admin, ballot)
    response = client.post(reverse("ballot_public:vote", args=["VOTE2345"]), {"c1": "yes", "c2": "yes"})
    assert "本次投票已结束计票，不能再投票或录入" in response.content.decode()
    assert not CastBallot.objects.exists()


def test_choose_at_most_the_seats(client, county, department_admin):
    made = election(department_admin, county.village)
    made.method = Ballot.Method.ELECTRONIC
    made.save()
    VotingCode.objects.create(ballot=made, code="ELECT234")
    url = reverse("ballot_public:vote", args=["ELECT234"])
    response = client.post(url, {"c1": "yes", "c2": "yes", "c3": "yes", "c4": "yes"})
    assert "所选人数4超过应选人数3（按规定为无效票）" in response.content.decode()
    assert client.post(url, {"c1": "yes", "c3": "yes"}).status_code == 302
    assert CastBallot.objects.get().marks.count() == 2


def test_wrong_codes_are_limited_per_address(client, ballot):
    PolicyValue.objects.create(key="ballots.code_attempts_per_address", value="3")
    for _ in range(3):
        assert "投票码无效" in client.post(reverse("ballot_public:start"), {"code": "WRONG234"}).content.decode()
    refused = client.post(reverse("ballot_public:start"), {"code": "VOTE2345"})  # a right code too, until the end
    assert refused.status_code == 429 and "输入投票码的次数过多" in refused.content.decode()
    assert refused["Retry-After"]
