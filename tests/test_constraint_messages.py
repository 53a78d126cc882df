"""Every database constraint a user's action can run into has a Chinese message (core.submissions): when two
people save at once, or a page is sent twice, the one refused by the constraint reads why — never a 500 and never
the general message only. Covers the apps whose use cases register their constraints; add an app once it does."""

import re

import pytest
from django.apps import apps
from django.db import models

from zugong.core import submissions

APPS = ["education", "surveys", "cadres", "statistics", "members", "dues", "organizations", "development", "portal",
        "pairing", "campaigns"]
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _constraints():
    import config.urls  # noqa: F401  (the use cases register their messages when the site is loaded)

    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            for constraint in model._meta.constraints:
                if isinstance(constraint, (models.UniqueConstraint, models.CheckConstraint)):
                    yield pytest.param(constraint.name, id=f"{label}.{constraint.name}")


@pytest.mark.parametrize("name", list(_constraints()))
def test_a_constraint_has_its_chinese_message(name):
    message = submissions._MESSAGES.get(name)
    assert message and CHINESE.search(message), f"no Chinese message registered for constraint {name}"
    assert message != submissions.CONFLICT
