"""Helpers of the campaign tests: a county campaign (three phases) with a work group at 东风村 and one task there."""

import datetime as dt

import pytest
from django.utils import timezone

from zugong.cadres.models import Cadre
from zugong.campaigns import services
from zugong.campaigns.models import Campaign, Task

NAMES = ("李明", "王芳", "张伟", "刘洋", "陈静", "杨帆")


def make_cadres(organization, count: int, start: int = 0) -> list[Cadre]:
    return [Cadre.objects.create(name=f"{NAMES[(start + n) % len(NAMES)]}{start + n}", gender="男",
                                 birth=dt.date(1980, 1, 1), organization=organization) for n in range(count)]


def make_campaign(actor, county, *, starts_on: dt.date | None = None, days: int = 300) -> Campaign:
    start = starts_on or timezone.localdate() - dt.timedelta(days=40)
    end = start + dt.timedelta(days=days)
    third = days // 3
    return services.create_campaign(
        actor, organization=county.county, title="“三抓三促”主题实践活动", starts_on=start, ends_on=end,
        goals="强基础、当先锋", phases=[("动员部署", start, start + dt.timedelta(days=third), ""),
                                  ("组织实施", start + dt.timedelta(days=third + 1),
                                   start + dt.timedelta(days=2 * third), ""),
                                  ("总结提高", start + dt.timedelta(days=2 * third + 1), end, "")])


@pytest.fixture
def campaign(department_admin, county) -> Campaign:
    return make_campaign(department_admin, county)


@pytest.fixture
def group(department_admin, county, campaign):
    members = make_cadres(county.agency_branch, 3)
    return services.add_group(department_admin, campaign, name="县财政局工作组", village=county.village,
                              members=members, leader=members[0], leader_organization=county.agency_branch)


@pytest.fixture
def task(department_admin, campaign, group) -> Task:
    return services.assign_task(department_admin, campaign, title="整顿转化一批后进支部", groups=[group],
                                deadline=timezone.localdate() + dt.timedelta(days=10))[0]
