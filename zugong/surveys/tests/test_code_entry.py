"""Code entry on the public pages is limited (邀请码输入限制): wrong codes per address and in total, counted in the
database; over a limit even a correct code waits for the window to end. Codes are at least eight characters."""

import datetime as dt
import html
import re

import pytest
import time_machine
from django.urls import reverse

from tests.concurrency import at_once, needs_postgres
from zugong.core.access import DomainError
from zugong.core.models import PolicyValue, RateWindow
from zugong.core.policy import set_policy_value
from zugong.surveys import codes
from zugong.surveys.policies import CODE_ATTEMPTS_PER_ADDRESS, CODE_ATTEMPTS_TOTAL, CODE_LENGTH
from zugong.surveys.services import issue_invitations
from zugong.surveys.tests.factories import make_group, make_invitation, make_survey

CODE = "ABCD2345"
HERE, THERE, ELSEWHERE = "203.0.113.9", "198.51.100.7", "192.0.2.44"
# 09:00:30 Beijing time: half a minute into a ten-minute window, so no test crosses into the next one.
START = dt.datetime(2026, 5, 20, 1, 0, 30, tzinfo=dt.UTC)
TOO_MANY = "输入邀请码的次数过多，请于 09:10 后再试。"


@pytest.fixture
def invitation(county):
    survey = make_survey(county.county, status="open")
    return make_invitation(make_group(survey, county.village), CODE)


def limits(per_address: int, total: int) -> None:
    PolicyValue.objects.create(key=CODE_ATTEMPTS_PER_ADDRESS.key, value=per_address)
    PolicyValue.objects.create(key=CODE_ATTEMPTS_TOTAL.key, value=total)


def enter(client, code: str, address: str):
    return client.post(reverse("survey_public:start"), {"code": code}, REMOTE_ADDR=address)


def shown(response) -> str:
    return html.unescape(response.content.decode())


@pytest.mark.django_db
def test_an_address_over_its_limit_is_refused_even_with_the_right_code_until_the_window_ends(client, invitation):
    limits(per_address=3, total=100)
    with time_machine.travel(START, tick=False):
        for n in range(3):
            response = enter(client, f"WRONG{n}22", HERE)
            assert response.status_code == 200 and "邀请码无效，请核对后重新输入" in shown(response)
        refused = enter(client, "WRONG922", HERE)
        assert refused.status_code == 429 and TOO_MANY in shown(refused)
        assert refused["Retry-After"] == str(10 * 60 - 30)
        for response in (enter(client, CODE, HERE), client.get(reverse("survey_public:answer", args=[CODE]),
                                                               REMOTE_ADDR=HERE)):
            assert response.status_code == 429 and TOO_MANY in shown(response)
            assert "<a " not in shown(response)  # the bare public page, no link into the system
        assert enter(client, CODE, THERE)["Location"] == reverse("survey_public:answer", args=[CODE])
    with time_machine.travel(START + dt.timedelta(minutes=10), tick=False):
        assert enter(client, CODE, HERE)["Location"] == reverse("survey_public:answer", args=[CODE])
    assert not invitation.__class__.objects.get(pk=invitation.pk).used


@pytest.mark.django_db
def test_codes_opened_as_links_count_like_typed_ones(client, invitation):
    limits(per_address=2, total=100)
    with time_machine.travel(START, tick=False):
        for guess in ("WXYZ7777", "WXYZ7778"):
            assert client.get(reverse("survey_public:answer", args=[guess]), REMOTE_ADDR=HERE).status_code == 404
        assert client.get(reverse("survey_public:answer", args=["WXYZ7779"]), REMOTE_ADDR=HERE).status_code == 429
        assert enter(client, "WXYZ7780", HERE).status_code == 429


@pytest.mark.django_db
def test_right_codes_do_not_use_up_the_limit(client, invitation):
    """A meeting room answering behind one address: only its wrong codes count."""
    limits(per_address=2, total=2)
    with time_machine.travel(START, tick=False):
        for _ in range(10):
            assert enter(client, CODE, HERE).status_code == 302
            assert client.get(reverse("survey_public:answer", args=[CODE]), REMOTE_ADDR=HERE).status_code == 200
        assert enter(client, "WRONG122", HERE).status_code == 200
        assert enter(client, CODE, HERE).status_code == 302


@pytest.mark.django_db
def test_the_total_limit_stops_every_address(client, invitation):
    limits(per_address=100, total=3)
    with time_machine.travel(START, tick=False):
        for n, address in enumerate((HERE, THERE, ELSEWHERE)):
            assert enter(client, f"WRONG{n}22", address).status_code == 200
        for address in ("192.0.2.200", HERE):
            response = enter(client, CODE, address)
            assert response.status_code == 429 and TOO_MANY in shown(response)


@pytest.mark.django_db
def test_an_address_refused_by_its_own_limit_does_not_use_up_the_total(client, invitation):
    limits(per_address=2, total=4)
    with time_machine.travel(START, tick=False):
        for n in range(12):
            enter(client, f"WRONG{n}22", HERE)
        assert RateWindow.objects.get(key="survey-code:all").count == 2
        assert enter(client, CODE, THERE).status_code == 302


@pytest.mark.django_db
def test_what_cannot_be_a_code_is_a_wrong_code_and_never_an_error(client, invitation):
    with time_machine.travel(START, tick=False):
        for typed in ("ABCD-2345", "密码"):
            assert "邀请码无效" in shown(enter(client, typed, HERE))
        for link in ("/s/ABCD%002345/", f"/s/{'A' * 40}/"):
            response = client.get(link, REMOTE_ADDR=HERE)
            assert response.status_code == 404 and "邀请码无效" in shown(response)
        assert RateWindow.objects.get(key=f"survey-code:addr:{HERE}").count == 4


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_wrong_codes_from_one_address_get_no_more_lookups_than_the_limit(county):
    PolicyValue.objects.create(key=CODE_ATTEMPTS_PER_ADDRESS.key, value=5)
    results = at_once(*[lambda n=n: codes.enter_code(HERE, f"WRONG{n:02d}2") for n in range(12)])
    refused = [r for r in results if isinstance(r, codes.TooManyAttempts)]
    looked_up = [r for r in results if r is None]
    assert (len(looked_up), len(refused)) == (5, 7), results


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_wrong_codes_from_many_addresses_get_no_more_lookups_than_the_total(county):
    PolicyValue.objects.create(key=CODE_ATTEMPTS_TOTAL.key, value=5)
    results = at_once(*[lambda n=n: codes.enter_code(f"192.0.2.{n}", f"WRONG{n:02d}2") for n in range(12)])
    assert sum(r is None for r in results) == 5
    assert sum(isinstance(r, codes.TooManyAttempts) for r in results) == 7, results


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_right_codes_are_never_refused_and_leave_nothing_counted(county):
    PolicyValue.objects.create(key=CODE_ATTEMPTS_PER_ADDRESS.key, value=2)
    survey = make_survey(county.county, status="open")
    make_invitation(make_group(survey, county.village), CODE)
    results = at_once(*[lambda: codes.enter_code(HERE, CODE) for _ in range(8)])
    assert all(r is not None and r.code == CODE for r in results), results
    assert set(RateWindow.objects.values_list("count", flat=True)) == {0}


# --- the codes themselves ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_codes_are_eight_characters_at_least(county, department_admin):
    with pytest.raises(DomainError):
        set_policy_value(department_admin, CODE_LENGTH.key, "6")
    PolicyValue.objects.create(key=CODE_LENGTH.key, value=6)  # stored before the minimum was raised
    survey = make_survey(county.county, status="open")
    issued = issue_invitations(department_admin, make_group(survey, county.village), count=50)
    assert {len(i.code) for i in issued} == {8}
    assert all(re.fullmatch(f"[{codes.CODE_ALPHABET}]{{8}}", i.code) for i in issued)


@pytest.mark.django_db
def test_codes_issued_under_a_shorter_length_stay_valid(client, county):
    survey = make_survey(county.county, status="open")
    make_invitation(make_group(survey, county.village), "AB23CD")
    assert enter(client, "ab23cd", HERE)["Location"] == reverse("survey_public:answer", args=["AB23CD"])
