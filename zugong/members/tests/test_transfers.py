"""Membership transfers: the member is never in no organization, one pending transfer at a time."""

import datetime as dt

import pytest
from django.urls import reverse

from zugong.core.access import DomainError
from zugong.core.checks import run_checks
from zugong.core.models import Finding
from zugong.core.selectors import findings_visible_to
from zugong.members import transfers
from zugong.members.models import Member, MembershipTransfer
from zugong.members.selectors import members_visible_to, transfers_visible_to
from zugong.members.services import create_member
from zugong.members.tests.test_members import fields

T = MembershipTransfer


@pytest.fixture
def member(county, department_admin):
    return create_member(department_admin, **fields(county.village))


def test_a_member_stays_with_the_sender_until_the_receiver_accepts(member, county, township_operator, outsider):
    transfer = transfers.start_transfer(township_operator, member, county.other_village)
    assert transfer.letter_number == f"{dt.date.today().year}-00001"
    assert transfer.valid_until == transfer.issued_on + dt.timedelta(days=30)
    member.refresh_from_db()
    assert member.organization == county.village
    assert list(transfers_visible_to(outsider).filter(status=T.Status.PENDING)) == [transfer]
    assert not members_visible_to(outsider).filter(pk=member.pk).exists()
    transfers.accept_transfer(outsider, transfer)
    member.refresh_from_db()
    assert member.organization == county.other_village
    assert members_visible_to(outsider).filter(pk=member.pk).exists()
    assert not members_visible_to(township_operator).filter(pk=member.pk).exists()
    assert member.transfers.get().status == T.Status.ACCEPTED


def test_two_pending_transfers_for_one_member_are_refused(member, county, township_operator):
    transfers.start_transfer(township_operator, member, county.other_village)
    with pytest.raises(DomainError) as error:
        transfers.start_transfer(township_operator, member, county.agency_branch)
    assert error.value.message == (
        f"张建国已有一项待接收的组织关系转接（介绍信 {dt.date.today().year}-00001，转往「南山村党支部」），请先办结或撤回"
    )
    assert T.objects.count() == 1


def test_only_the_receiver_accepts_or_returns(member, county, township_operator, outsider):
    transfer = transfers.start_transfer(township_operator, member, county.other_village)
    with pytest.raises(DomainError) as error:
        transfers.accept_transfer(township_operator, transfer)
    assert error.value.message == "只有「南山村党支部」方可接收或退回"
    with pytest.raises(DomainError) as error:
        transfers.return_transfer(outsider, transfer, "  ")
    assert error.value.message == "请填写退回原因"
    transfers.return_transfer(outsider, transfer, "查无此人")
    transfer.refresh_from_db()
    member.refresh_from_db()
    assert (transfer.status, transfer.return_reason) == (T.Status.RETURNED, "查无此人")
    assert member.organization == county.village


def test_a_transfer_to_a_committee_is_refused(member, county, township_operator):
    with pytest.raises(DomainError) as error:
        transfers.start_transfer(township_operator, member, county.other_township)
    assert error.value.message == "「南山镇党委」不能接收党员（须为未撤销的党支部或党总支）"


def test_a_member_transferred_out_of_the_system_is_kept_but_leaves_the_register(member, township_operator, client):
    transfers.transfer_out(township_operator, member, destination="中共某省某县某村党支部", letter_number="外2026-18")
    member.refresh_from_db()
    assert member.status == Member.Status.TRANSFERRED_OUT
    assert not Member.objects.active().filter(pk=member.pk).exists()
    client.force_login(township_operator)
    page = client.get(f"{member.get_absolute_url()}?tab=transfers").content.decode()
    assert "已转出" in page and "外2026-18" in page
    assert client.get(reverse("members:edit", args=[member.pk])).status_code == 404


def test_a_member_from_outside_is_registered_with_the_letter(county, township_operator):
    member = transfers.receive_from_outside(
        township_operator, source="中共外省某村党支部", letter_number="外省2026-7", **fields(county.village2)
    )
    transfer = member.transfers.get()
    assert (transfer.kind, transfer.outside_organization, transfer.letter_number) == (
        T.Kind.INCOMING, "中共外省某村党支部", "外省2026-7")


def test_an_overdue_pending_transfer_is_a_finding_for_both_sides(member, county, township_operator, outsider):
    transfer = transfers.start_transfer(township_operator, member, county.other_village)
    run_checks(today=transfer.valid_until + dt.timedelta(days=1))
    title = f"张建国的组织关系转接（介绍信 {transfer.letter_number}）已过有效期仍未办结"
    assert findings_visible_to(township_operator).filter(title=title).exists()
    assert findings_visible_to(outsider).filter(title=title).exists()
    run_checks(today=transfer.valid_until)
    assert not Finding.objects.filter(check_code="members.transfer_overdue").exists()


def test_transfers_through_the_api(client, member, county, township_operator, outsider):
    import json

    client.force_login(township_operator)
    response = client.post("/api/v1/transfers", json.dumps({"member_id": member.pk, "to_organization_id":
                                                             county.other_village.pk}), content_type="application/json")
    assert response.status_code == 201 and response.json()["status"] == "pending"
    pk = response.json()["id"]
    assert client.post(f"/api/v1/transfers/{pk}/accept").json()["detail"] == "只有「南山村党支部」方可接收或退回"
    client.force_login(outsider)
    assert [t["member_name"] for t in client.get("/api/v1/transfers?status=pending").json()["items"]] == ["张建国"]
    assert client.post(f"/api/v1/transfers/{pk}/accept").json()["status"] == "accepted"
    member.refresh_from_db()
    assert member.organization == county.other_village
