"""Where each member was and when: one open period while on the register, closed by a transfer or by leaving."""

import datetime as dt

import pytest
import time_machine

from zugong.core.access import DomainError
from zugong.members import transfers
from zugong.members.models import Member, MembershipPeriod
from zugong.members.services import create_member, leave_register
from zugong.members.tests.test_members import fields, id_for
from zugong.organizations.services import move_organization

TODAY = dt.date(2026, 11, 20)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC), tick=False):
        yield


def spans(member):
    return list(member.periods.order_by("started_on", "pk").values_list(
        "organization__name", "started_on", "ended_on", "end_reason"))


def test_a_registered_member_is_in_the_organization_since_joining(county, branch_secretary):
    member = create_member(branch_secretary, **fields(county.village))
    assert spans(member) == [("东风村党支部", dt.date(1995, 7, 1), None, "")]


def test_a_transfer_closes_one_period_and_opens_the_next_on_the_same_day(county, township_operator, outsider):
    member = create_member(township_operator, **fields(county.village))
    transfer = transfers.start_transfer(township_operator, member, county.other_village)
    assert len(spans(member)) == 1  # pending: still with the sender
    transfers.accept_transfer(outsider, transfer)
    assert spans(member) == [("东风村党支部", dt.date(1995, 7, 1), TODAY, "transferred"),
                             ("南山村党支部", TODAY, None, "")]


def test_leaving_the_system_or_the_register_closes_the_last_period(county, township_operator):
    gone = create_member(township_operator, **fields(county.village))
    transfers.transfer_out(township_operator, gone, destination="某省某县委组织部", letter_number="2026-1")
    gone.refresh_from_db()
    assert (gone.status, gone.left_on) == (Member.Status.TRANSFERRED_OUT, TODAY)
    assert spans(gone)[-1][2:] == (TODAY, "transferred_out")
    died = create_member(township_operator, **fields(county.village, name="王德", id_number=id_for(dt.date(1940, 1, 1), 3)))
    leave_register(township_operator, died, reason="deceased", on=dt.date(2026, 10, 3))
    died.refresh_from_db()
    assert (died.status, died.left_on) == (Member.Status.DECEASED, dt.date(2026, 10, 3))
    assert spans(died) == [("东风村党支部", dt.date(1995, 7, 1), dt.date(2026, 10, 3), "deceased")]


def test_a_member_received_from_outside_is_in_the_register_from_the_day_received(county, township_operator):
    member = transfers.receive_from_outside(township_operator, source="外省某支部", letter_number="X-9",
                                            **fields(county.village))
    assert spans(member) == [("东风村党支部", TODAY, None, "")]


@pytest.mark.parametrize(("change", "message"), [
    ({"on": dt.date(2026, 11, 21)}, "日期不能晚于今天"),
    ({"on": dt.date(1990, 1, 1)}, "日期不能早于入党日期"),
    ({"reason": "transferred_out"}, "请选择离开名册的原因"),
])
def test_a_wrong_leaving_is_refused_and_changes_nothing(change, message, county, township_operator):
    member = create_member(township_operator, **fields(county.village))
    with pytest.raises(DomainError) as error:
        leave_register(township_operator, member, **{"reason": "lapsed", "on": TODAY, **change})
    assert error.value.message == message
    member.refresh_from_db()
    assert member.status == Member.Status.ACTIVE and spans(member)[-1][2] is None


def test_periods_follow_a_moved_subtree(county, department_admin):
    member = create_member(department_admin, **fields(county.village))
    move_organization(department_admin, county.village, county.other_township)
    county.village.refresh_from_db()
    assert MembershipPeriod.objects.get(member=member).org_path == county.village.path


def test_the_leave_page_takes_a_member_off_the_register(client, county, township_operator):
    member = create_member(township_operator, **fields(county.village))
    client.force_login(township_operator)
    response = client.post(f"/members/{member.pk}/leave/", {"reason": "expelled", "on": "2026-09-01", "note": "县纪委决定"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.status, member.left_on) == (Member.Status.EXPELLED, dt.date(2026, 9, 1))
