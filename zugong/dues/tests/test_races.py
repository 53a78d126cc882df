"""Dues paid twice at once (并发登记党费): one member's month is recorded once, a branch's collection is all or
nothing, a reason form sent twice saves one reason; the database's refusal is a message on the page."""

import datetime as dt
import functools
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.concurrency import at_once, needs_postgres
from zugong.core.access import DomainError
from zugong.core.submissions import ALREADY_SUBMITTED
from zugong.dues import services
from zugong.dues.models import DuesArrearsReason, DuesPayment
from zugong.dues.tests.test_dues import months_ago, this_month
from zugong.members.models import Member
from zugong.members.services import create_member
from zugong.members.tests.test_members import fields, id_for

D = Decimal
race = pytest.mark.django_db(transaction=True)


@pytest.fixture
def earner(county, department_admin):
    return create_member(department_admin, **fields(county.village, occupation="official", dues_category="wage",
                                                    dues_base=D("4000"), dues_from=months_ago(8)))


@pytest.fixture
def farmer(county, department_admin):
    return create_member(department_admin, **fields(county.village, name="李桂兰",
                                                    id_number=id_for(dt.date(1968, 4, 2), 22), dues_from=months_ago(2)))


def copies(member: Member, n: int) -> list[Member]:
    return [Member.objects.get(pk=member.pk) for _ in range(n)]


def outcome(results: list) -> tuple[list, list[str]]:
    unexpected = [r for r in results if isinstance(r, BaseException) and not isinstance(r, DomainError)]
    assert not unexpected, f"a racing call failed with {unexpected[0]!r}"
    return ([r for r in results if not isinstance(r, BaseException)],
            sorted(r.message for r in results if isinstance(r, DomainError)))


def month_text(month: dt.date) -> str:
    return f"{month.year}年{month.month}月"


@needs_postgres
@race
def test_the_same_month_paid_twice_at_once_is_recorded_once(earner, branch_secretary):
    results = at_once(*[functools.partial(services.record_payments, branch_secretary, m, [this_month()],
                                          timezone.localdate()) for m in copies(earner, 4)])
    winners, losers = outcome(results)
    assert len(winners) == 1
    assert losers == [f"张建国{month_text(this_month())}的党费已经登记过，不能重复登记"] * 3
    assert list(DuesPayment.objects.values_list("month", "amount")) == [(this_month(), D("40.00"))]


@needs_postgres
@race
def test_overlapping_months_paid_at_once_record_one_of_the_two_whole(earner, branch_secretary):
    one, two = copies(earner, 2)
    results = at_once(
        lambda: services.record_payments(branch_secretary, one, [this_month()], timezone.localdate()),
        lambda: services.record_payments(branch_secretary, two, [months_ago(1), this_month()], timezone.localdate()))
    winners, losers = outcome(results)
    assert len(winners) == 1 and len(losers) == 1
    assert losers[0] == f"张建国{month_text(this_month())}的党费已经登记过，不能重复登记"
    assert sorted(DuesPayment.objects.values_list("month", flat=True)) == sorted(p.month for p in winners[0])


@needs_postgres
@race
def test_a_branch_ticked_twice_at_once_is_collected_once(earner, farmer, county, branch_secretary):
    ids = [earner.pk, farmer.pk]
    results = at_once(*[functools.partial(services.record_branch_payments, branch_secretary, county.village,
                                          this_month(), ids, timezone.localdate()) for _ in range(2)])
    winners, losers = outcome(results)
    assert len(winners) == 1
    assert losers == [f"未登记任何党费：张建国{month_text(this_month())}的党费已经登记过，不能重复登记；"
                      f"李桂兰{month_text(this_month())}的党费已经登记过，不能重复登记"]
    assert DuesPayment.objects.count() == 2


@needs_postgres
@race
def test_a_branch_collection_and_a_single_payment_at_once_record_the_month_once(earner, farmer, county,
                                                                               branch_secretary):
    results = at_once(
        lambda: services.record_branch_payments(branch_secretary, county.village, this_month(),
                                                [earner.pk, farmer.pk], timezone.localdate()),
        lambda: services.record_payments(branch_secretary, Member.objects.get(pk=farmer.pk), [this_month()],
                                         timezone.localdate()))
    winners, losers = outcome(results)
    assert len(winners) == 1 and len(losers) == 1
    paid = sorted(DuesPayment.objects.values_list("member__name", flat=True))
    if losers[0].startswith("未登记任何党费"):  # the single payment came first: the branch recorded nothing
        assert paid == ["李桂兰"]
    else:
        assert paid == ["张建国", "李桂兰"]


@needs_postgres
@race
def test_a_reason_form_sent_twice_at_once_saves_one_reason(earner, branch_secretary):
    url = reverse("dues:reason", args=[earner.pk])
    browsers = [Client() for _ in range(2)]
    for browser in browsers:
        browser.force_login(branch_secretary)
    token = browsers[0].get(url).context["form"]["submission_token"].value()
    responses = at_once(*[functools.partial(b.post, url, {"reason": "长期患病", "submission_token": token})
                          for b in browsers])
    assert sorted(r.status_code for r in responses) == [200, 302]
    refused = next(r for r in responses if r.status_code == 200)
    assert refused.context["form"].non_field_errors() == [ALREADY_SUBMITTED]
    assert DuesArrearsReason.objects.count() == 1


def test_a_reason_form_sent_twice_saves_one_reason(earner, branch_secretary, client):
    client.force_login(branch_secretary)
    url = reverse("dues:reason", args=[earner.pk])
    page = client.get(url)
    assert 'name="submission_token"' in page.content.decode()
    token = page.context["form"]["submission_token"].value()
    assert client.post(url, {"reason": "长期患病", "submission_token": token}).status_code == 302
    again = client.post(url, {"reason": "长期患病", "submission_token": token})
    assert again.context["form"].non_field_errors() == [ALREADY_SUBMITTED]
    assert DuesArrearsReason.objects.count() == 1


def test_a_month_recorded_meanwhile_is_a_conflict_in_the_api_not_a_500(earner, branch_secretary, client, monkeypatch):
    """The service's check found the month unpaid; the database's one payment per member and month refuses it."""
    services.record_payments(branch_secretary, earner, [this_month()], timezone.localdate())
    monkeypatch.setattr(services, "_paid_months", lambda members, months: set())
    client.force_login(branch_secretary)
    response = client.post(f"/api/v1/members/{earner.pk}/dues", {
        "months": [this_month().isoformat()], "paid_on": timezone.localdate().isoformat()},
        content_type="application/json")
    assert response.status_code == 409
    assert response.json() == {"detail": "该党员这个月的党费已登记（可能是他人刚刚登记），未作任何更改，请刷新页面查看"}
    assert DuesPayment.objects.count() == 1


def test_a_branch_month_recorded_meanwhile_is_a_message_on_the_page(earner, farmer, county, branch_secretary, client,
                                                                     monkeypatch):
    services.record_payments(branch_secretary, farmer, [this_month()], timezone.localdate())
    monkeypatch.setattr(services, "_paid_months", lambda members, months: set())
    client.force_login(branch_secretary)
    response = client.post(f"{reverse('dues:collect', args=[county.village.pk])}?month={this_month():%Y-%m}", {
        "members": [earner.pk, farmer.pk], "paid_on": timezone.localdate().isoformat()})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "该党员这个月的党费已登记（可能是他人刚刚登记），未作任何更改，请刷新页面查看"]
    assert DuesPayment.objects.count() == 1  # all or nothing: 张建国's month was not kept either
