"""A moved village keeps its pairing records: every org_path copy is rewritten, so the new township counts them."""

import datetime as dt
from decimal import Decimal

import pytest

from zugong.organizations.services import move_organization
from zugong.pairing import selectors, services
from zugong.pairing.models import MicroLoan, Pairing, Project, Venue, Visit
from zugong.pairing.tests.conftest import pair, project

pytestmark = pytest.mark.django_db


def test_a_moved_village_takes_its_aid_and_loans_along(county, department_admin, agency_unit, full_members):
    admin = department_admin
    made = pair(admin, agency_unit, county.village)
    project(admin, made, "1000.00", "500.00")
    services.add_venue(admin, county.village, kind="new", area="200", funds="300.00", started_on=dt.date(2025, 5, 1))
    services.record_visit(admin, made, visited_on=dt.date(2025, 6, 1), visitors="王", content="走访")
    services.apply_loan(admin, full_members[0], amount="900.00", bank="县农商银行", applied_on=dt.date(2025, 2, 1))
    move_organization(admin, county.village, county.other_township)
    county.village.refresh_from_db()
    for model in (Pairing, Project, Venue, Visit, MicroLoan):
        assert set(model.objects.values_list("org_path", flat=True)) == {county.village.path}, model.__name__
    rows = {r.organization.name: r for r in selectors.totals(admin, county.county, income_year=2025).rows}
    assert (rows["南山镇党委"].funds_spent, rows["南山镇党委"].venue_funds) == (Decimal("500.00"), Decimal("300.00"))
    assert rows["南山镇党委"].loans["applied"].amount == Decimal("900.00")
    assert rows["东风镇党委"].projects == 0
