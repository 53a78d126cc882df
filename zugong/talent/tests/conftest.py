"""Talent test helpers: the code tables of the data migration (flushed by transactional tests), and makers."""

import datetime as dt

import pytest

from zugong.talent import services
from zugong.talent.models import TalentCategory


@pytest.fixture(autouse=True)
def _talent_tables(request):
    if "transactional_db" not in request.fixturenames and "db" not in request.fixturenames:
        return
    request.getfixturevalue("transactional_db" if "transactional_db" in request.fixturenames else "db")
    from django.apps import apps

    from zugong.talent.catalogue import install

    if not TalentCategory.objects.exists():
        install(apps)


def category(code: str = "professional") -> TalentCategory:
    return TalentCategory.objects.get(code=code)


def make_talent(actor, organization, name: str = "王工", **fields):
    values = {"own_name": name, "own_gender": "male", "own_birth_date": dt.date(1980, 6, 1),
              "own_education": "postgraduate", "category": category(), **fields}
    return services.create_talent(actor, organization=organization, **values)
