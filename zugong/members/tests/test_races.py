"""Decisions that race (并发办理): transfers, leaving the register, mobile records.

Each test runs the same decision at once from several connections on PostgreSQL (``tests.concurrency``):
exactly one wins, every loser gets a Chinese message and changes nothing. The objects are read before the
barrier, as each page read its record before the others saved.
"""

import datetime as dt
import functools

import pytest
from django.db import IntegrityError
from django.urls import reverse

from tests.concurrency import at_once, needs_postgres
from zugong.core.access import DomainError
from zugong.core.models import AuditEvent
from zugong.core.submissions import integrity_message
from zugong.members import mobile, services, transfers
from zugong.members.models import Member, MembershipPeriod, MembershipTransfer, MobileRecord
from zugong.members.services import create_member
from zugong.members.tests.test_members import fields, id_for

T = MembershipTransfer
race = pytest.mark.django_db(transaction=True)


@pytest.fixture
def member(county, department_admin):
    return create_member(department_admin, **fields(county.village))


@pytest.fixture
def pending(member, county, township_operator):
    return transfers.start_transfer(township_operator, member, county.other_village)


def copies(model, pk: int, n: int) -> list:
    """``n`` separate reads of one record, as ``n`` pages loaded it."""
    return [model.objects.get(pk=pk) for _ in range(n)]


def outcome(results: list) -> tuple[list, list[str]]:
    """The winners, and the losers' messages; anything but a refusal fails the test with its error."""
    unexpected = [r for r in results if isinstance(r, BaseException) and not isinstance(r, DomainError)]
    assert not unexpected, f"a racing call failed with {unexpected[0]!r}"
    return ([r for r in results if not isinstance(r, BaseException)],
            sorted(r.message for r in results if isinstance(r, DomainError)))


def transfer_events(member) -> int:
    return AuditEvent.objects.filter(action=AuditEvent.Action.TRANSFER, subject_id=str(member.pk)).count()


@needs_postgres
@race
def test_four_accepts_at_once_move_the_member_once(pending, member, outsider):
    results = at_once(*[functools.partial(transfers.accept_transfer, outsider, t) for t in copies(T, pending.pk, 4)])
    winners, losers = outcome(results)
    assert len(winners) == 1
    assert losers == ["该转接已被接收，未作更改"] * 3
    assert list(member.periods.order_by("pk").values_list("organization__name", "ended_on", "end_reason")) == [
        ("东风村党支部", dt.date.today(), "transferred"), ("南山村党支部", None, "")]
    member.refresh_from_db()
    assert member.organization.name == "南山村党支部"
    assert transfer_events(member) == 2  # started, accepted


@needs_postgres
@race
def test_accept_and_cancel_at_once_one_of_them_decides(pending, member, outsider, township_operator):
    accept_copy, cancel_copy = copies(T, pending.pk, 2)
    results = at_once(lambda: transfers.accept_transfer(outsider, accept_copy),
                      lambda: transfers.cancel_transfer(township_operator, cancel_copy))
    winners, losers = outcome(results)
    assert len(winners) == 1
    pending.refresh_from_db()
    member.refresh_from_db()
    if pending.status == T.Status.ACCEPTED:
        assert losers == ["该转接已被接收，未作更改"]
        assert (member.organization.name, member.periods.count()) == ("南山村党支部", 2)
    else:
        assert pending.status == T.Status.CANCELLED
        assert losers == ["该转接已被撤回，未作更改"]
        assert (member.organization.name, member.periods.count()) == ("东风村党支部", 1)
    assert transfer_events(member) == 2


@needs_postgres
@race
def test_accept_and_return_at_once_one_of_them_decides(pending, member, outsider):
    accept_copy, return_copy = copies(T, pending.pk, 2)
    results = at_once(lambda: transfers.accept_transfer(outsider, accept_copy),
                      lambda: transfers.return_transfer(outsider, return_copy, "查无此人"))
    winners, losers = outcome(results)
    assert len(winners) == 1
    pending.refresh_from_db()
    member.refresh_from_db()
    if pending.status == T.Status.ACCEPTED:
        assert losers == ["该转接已被接收，未作更改"]
        assert (member.organization.name, member.periods.count(), pending.return_reason) == ("南山村党支部", 2, "")
    else:
        assert (pending.status, pending.return_reason) == (T.Status.RETURNED, "查无此人")
        assert losers == ["该转接已被退回，未作更改"]
        assert (member.organization.name, member.periods.count()) == ("东风村党支部", 1)


@needs_postgres
@race
def test_a_transfer_started_twice_at_once_is_started_once(member, county, township_operator):
    results = at_once(*[functools.partial(transfers.start_transfer, township_operator, m, county.other_village)
                        for m in copies(Member, member.pk, 2)])
    winners, losers = outcome(results)
    assert len(winners) == 1
    assert losers == [f"张建国已有一项待接收的组织关系转接（介绍信 {winners[0].letter_number}，转往「南山村党支部」），"
                      "请先办结或撤回"]
    assert member.transfers.count() == 1


@needs_postgres
@race
def test_letters_issued_at_once_for_different_members_get_different_numbers(county, department_admin,
                                                                            township_operator):
    people = [create_member(department_admin, **fields(county.village, name=f"党员{i}",
                                                       id_number=id_for(dt.date(1970, 1, i + 1), i + 1)))
              for i in range(4)]
    results = at_once(*[functools.partial(transfers.start_transfer, township_operator, p, county.other_village)
                        for p in people])
    winners, losers = outcome(results)
    assert losers == []
    year = dt.date.today().year
    assert sorted(t.letter_number for t in winners) == [f"{year}-{n:05d}" for n in range(1, 5)]


@needs_postgres
@race
def test_a_member_transferred_out_twice_at_once_leaves_once(member, township_operator):
    results = at_once(*[functools.partial(transfers.transfer_out, township_operator, m, destination="某省某县某村党支部",
                                          letter_number=f"外-{i}") for i, m in enumerate(copies(Member, member.pk, 2))])
    winners, losers = outcome(results)
    assert len(winners) == 1
    assert losers == ["张建国不在册（已转出），不能办理转出"]
    assert member.transfers.count() == 1
    assert member.periods.filter(ended_on__isnull=True).count() == 0


@needs_postgres
@race
def test_leaving_the_register_twice_at_once_is_recorded_once(member, township_operator):
    results = at_once(*[functools.partial(services.leave_register, township_operator, m, reason=reason,
                                          on=dt.date.today())
                        for m, reason in zip(copies(Member, member.pk, 2), ("deceased", "lapsed"), strict=True)])
    winners, losers = outcome(results)
    assert len(winners) == 1
    member.refresh_from_db()
    assert losers == [f"张建国已不在册（{member.get_status_display()}）"]
    assert AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE, object_id=str(member.pk)).count() == 1


@needs_postgres
@race
def test_leaving_the_register_while_a_transfer_starts_leaves_one_story(member, county, township_operator):
    leaving, moving = copies(Member, member.pk, 2)
    results = at_once(lambda: services.leave_register(township_operator, leaving, reason="deceased", on=dt.date.today()),
                      lambda: transfers.start_transfer(township_operator, moving, county.other_village))
    winners, losers = outcome(results)
    assert len(winners) == 1
    member.refresh_from_db()
    if member.status == Member.Status.DECEASED:
        assert losers == ["张建国不在册（已去世），不能办理转接"]
        assert not member.transfers.exists()
    else:
        assert losers == ["该党员有待接收的组织关系转接，请先办结或撤回"]
        assert member.transfers.get().status == T.Status.PENDING


@needs_postgres
@race
def test_going_away_twice_at_once_opens_one_record(member, branch_secretary):
    results = at_once(*[functools.partial(mobile.start_mobile, branch_secretary, m, started_on=dt.date.today(),
                                          destination="广东省广州市", contact="13900001111")
                        for m in copies(Member, member.pk, 2)])
    winners, losers = outcome(results)
    assert len(winners) == 1
    assert losers == ["张建国已登记为外出流动，请先登记返回"]
    assert member.mobile_records.count() == 1


@needs_postgres
@race
def test_returning_twice_at_once_is_recorded_once(member, branch_secretary):
    record = mobile.start_mobile(branch_secretary, member, started_on=dt.date.today() - dt.timedelta(days=30),
                                 destination="广东省广州市", contact="13900001111")
    days = [dt.date.today() - dt.timedelta(days=2), dt.date.today()]
    results = at_once(*[functools.partial(mobile.end_mobile, branch_secretary, r, day)
                        for r, day in zip(copies(MobileRecord, record.pk, 2), days, strict=True)])
    winners, losers = outcome(results)
    assert len(winners) == 1
    record.refresh_from_db()
    assert losers == [f"该外出记录已登记返回（{record.ended_on}），未作更改"]
    assert record.ended_on == winners[0].ended_on
    assert AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE, object_id=str(record.pk)).count() == 1


@needs_postgres
@race
def test_the_same_member_received_twice_at_once_is_registered_once(county, township_operator, client):
    from django.test import Client

    url = reverse("members:transfer_receive")
    data = {"name": "王芳", "id_number": id_for(dt.date(1980, 6, 1), 31), "ethnicity": "01", "education": "college",
            "occupation": "farmer", "joined_on": "2005-07-01", "stage": "full", "full_member_on": "2006-07-01",
            "organization": county.village.pk, "source": "某省某县某村党支部", "letter_number": "外转-1",
            "dues_category": "farmer"}
    browsers = [Client() for _ in range(2)]
    for browser in browsers:
        browser.force_login(township_operator)
    responses = at_once(*[functools.partial(browser.post, url, data) for browser in browsers])
    assert sorted(r.status_code for r in responses) == [200, 302]
    refused = next(r for r in responses if r.status_code == 200)
    assert refused.context["form"].non_field_errors() + refused.context["form"].errors.get("id_number", []) == [
        "该身份证号已登记在党员名册中，不能重复登记"]
    assert Member.objects.filter(name="王芳").count() == 1
    assert T.objects.filter(kind=T.Kind.INCOMING).count() == 1


# --- constraints: the database's refusal is a Chinese message on the page, never a 500 -------------------------
# The services check under a lock first; to reach the database's own refusal a page's check is switched off.


@pytest.mark.django_db
def test_a_second_pending_transfer_refused_by_the_database_is_a_message(member, county, township_operator, client,
                                                                     monkeypatch):
    transfers.start_transfer(township_operator, member, county.other_village)
    monkeypatch.setattr(transfers, "_check_no_pending", lambda member: None)
    client.force_login(township_operator)
    response = client.post(reverse("members:transfer_start", args=[member.pk]), {"to_organization": county.agency_branch.pk})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "该党员已有一项待接收的组织关系转接（可能是他人刚刚开具），未作更改"]
    assert member.transfers.count() == 1


@pytest.mark.django_db
def test_a_second_open_mobile_record_refused_by_the_database_is_a_message(member, branch_secretary, client, monkeypatch):
    mobile.start_mobile(branch_secretary, member, started_on=dt.date.today(), destination="广州", contact="139")
    monkeypatch.setattr(mobile, "_check_not_away", lambda member: None)
    client.force_login(branch_secretary)
    response = client.post(reverse("members:mobile_start", args=[member.pk]), {
        "started_on": dt.date.today().isoformat(), "destination": "深圳", "contact": "138"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["该党员已登记为外出流动（可能是他人刚刚登记），未作更改"]
    assert member.mobile_records.count() == 1


@pytest.mark.django_db
def test_an_id_number_registered_meanwhile_is_a_message_on_the_page(county, township_operator, client, monkeypatch):
    """The page's own check found the number free; the database's unique index refuses the second one."""
    create_member(township_operator, **fields(county.village, name="王芳", id_number=id_for(dt.date(1980, 6, 1), 31),
                                              joined_on=dt.date(2005, 7, 1), full_member_on=dt.date(2006, 7, 1)))
    real = services._validated
    monkeypatch.setattr(services, "_validated", lambda values, *args, **kwargs: real(
        values, *args, **{**kwargs, "known_absent": True}))
    client.force_login(township_operator)
    response = client.post(reverse("members:create"), {
        "name": "王芳", "id_number": id_for(dt.date(1980, 6, 1), 31), "ethnicity": "01", "education": "college",
        "occupation": "farmer", "joined_on": "2005-07-01", "stage": "full", "full_member_on": "2006-07-01",
        "organization": county.village.pk, "dues_category": "farmer"})
    assert response.status_code == 200
    assert response.context["form"].errors["id_number"] == ["该身份证号已登记在党员名册中，不能重复登记"]
    assert Member.objects.filter(name="王芳").count() == 1


@pytest.mark.django_db
def test_a_second_open_period_is_refused_by_the_database_with_a_message(member, county):
    with pytest.raises(IntegrityError) as error:
        MembershipPeriod.objects.create(member=member, organization=county.village2, org_path=county.village2.path,
                                        started_on=dt.date.today())
    assert integrity_message(error.value) == "该党员的所在党组织刚刚被他人变更，未作更改，请刷新页面后重试"
