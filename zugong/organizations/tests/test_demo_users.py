"""The demo's accounts: one per persona, all with the published demo password, and `keeper`, the named person who
may read a 12380 reporter's identity across the county (and read the reports, or the role would open nothing)."""

import datetime as dt
import random

import pytest
from django.urls import reverse

from zugong.accounts.models import User
from zugong.organizations import demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_users():
    ctx = demo.DemoContext(rng=random.Random(5), today=dt.date(2026, 3, 1), scale="county")
    demo.build_tree(ctx)
    demo.create_demo_users(ctx)
    return ctx


def test_every_demo_account_signs_in_with_the_demo_password(demo_users):
    users = User.objects.filter(username__in=demo.DEMO_USERNAMES)
    assert sorted(u.username for u in users) == sorted(demo.DEMO_USERNAMES)
    assert "keeper" in demo.DEMO_USERNAMES
    assert all(u.check_password(demo.DEMO_PASSWORD) for u in users)


def test_the_keeper_reads_reporters_identities_across_the_county_and_changes_nothing(demo_users, client):
    keeper = User.objects.get(username="keeper")
    county = demo_users.root.path
    assert keeper.scope_prefixes("complaints.identity") == [county]
    assert keeper.scope_prefixes("complaints.view") == [county]
    assert not keeper.has_capability("complaints.handle") and not keeper.has_capability("organizations.change")
    # Nobody else of the demo holds the identity role: as few eyes as possible.
    others = User.objects.filter(username__in=demo.DEMO_USERNAMES).exclude(username="keeper")
    assert not [u.username for u in others if u.has_capability("complaints.identity")]
    client.force_login(keeper)
    assert client.get(reverse("complaints:list")).status_code == 200
