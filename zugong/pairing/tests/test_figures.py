"""A village's page links to its pairing aid and collective income (the totals page of the village lists the income
the statistics hold)."""

from decimal import Decimal

from django.urls import reverse

from tests.fixtures import PASSWORD
from zugong.pairing.tests.conftest import pair
from zugong.statistics.models import VillageIncome


def test_the_village_page_links_to_its_aid_and_income(client, department_admin, county, agency_unit):
    pair(department_admin, agency_unit, county.village)
    VillageIncome.objects.create(village=county.village_unit, year=2025, amount=Decimal("6.50"))
    client.login(username=department_admin.username, password=PASSWORD)
    page = client.get(reverse("organizations:detail", args=[county.village.pk])).content.decode()
    link = f'{reverse("pairing:totals")}?organization={county.village.pk}'
    assert link in page and "结对帮扶与集体经济" in page
    totals = client.get(link).content.decode()
    assert "2025年 东风村：6.50万元" in totals
