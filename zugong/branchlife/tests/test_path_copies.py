"""A moved branch takes its meetings and 四议两公开 matters along (their ``org_path`` copies follow the move)."""

import datetime as dt

from zugong.branchlife import services
from zugong.branchlife.models import Meeting, VillageDecision
from zugong.branchlife.tests.conftest import add_members, general_meeting
from zugong.organizations.services import move_organization


def test_meetings_and_matters_follow_a_moved_branch(county, department_admin, today):
    members = add_members(department_admin, county.village, 2)
    meeting = general_meeting(department_admin, county.village, members, today - dt.timedelta(days=2))
    decision = services.propose_decision(department_admin, county.village, title="村道硬化", day=today)
    move_organization(department_admin, county.village, county.other_township)
    county.village.refresh_from_db()
    for record in (meeting, decision):
        record.refresh_from_db()
        assert record.org_path == county.village.path
    assert list(Meeting.objects.under(county.other_township)) == [meeting]
    assert list(VillageDecision.objects.under(county.township)) == []
