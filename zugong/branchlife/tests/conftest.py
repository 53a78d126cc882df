"""Helpers of the branch-work tests: members of a branch, a meeting with its roll."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from zugong.branchlife import services
from zugong.branchlife.models import Attendance, Meeting
from zugong.core.models import AuditEvent
from zugong.members.models import Member
from zugong.members.services import create_member
from zugong.members.tests.test_members import fields, id_for

NAMES = ("李红", "王强", "赵敏", "孙立", "周平", "吴刚", "郑华", "冯雪", "陈亮", "褚云")
_serial = iter(range(1, 10_000))


def add_members(actor, organization, count: int, *, probationary: int = 0) -> list[Member]:
    """``count`` full members of ``organization`` and then ``probationary`` probationary ones."""
    made = []
    today = timezone.localdate()
    for n in range(count + probationary):
        serial = next(_serial)
        extra = ({"stage": Member.Stage.PROBATIONARY, "joined_on": today - dt.timedelta(days=100),
                  "full_member_on": None} if n >= count else {})
        made.append(create_member(actor, **fields(organization, name=f"{NAMES[n % len(NAMES)]}{serial}",
                                                  id_number=id_for(dt.date(1970, 1, 1) + dt.timedelta(days=serial),
                                                                   serial % 900 + 1, "360722"), **extra)))
    return made


def roll(members, present: int | None = None) -> list[services.Line]:
    """Everyone present, or the first ``present`` present and the rest excused (外出务工)."""
    present = len(members) if present is None else present
    return [services.Line(m, Attendance.Status.PRESENT) if i < present
            else services.Line(m, Attendance.Status.EXCUSED, "外出务工") for i, m in enumerate(members)]


def general_meeting(actor, organization, members, day: dt.date, present: int | None = None) -> Meeting:
    return services.record_meeting(actor, organization, kind=Meeting.Kind.GENERAL_MEETING, held_on=day,
                                   topic="讨论村级重大事项", attendance=roll(members, present))


def event_of(record, action: str, pk=None) -> AuditEvent:
    """The one audit event of ``action`` about ``record`` (``pk``: a deleted record's)."""
    return AuditEvent.objects.get(action=action, object_type=ContentType.objects.get_for_model(record),
                                  object_id=str(pk or record.pk))


@pytest.fixture
def village_members(county, department_admin):
    """Four full members of 东风村党支部."""
    return add_members(department_admin, county.village, 4)
