from decimal import Decimal

import pytest

from zugong.core.access import DomainError
from zugong.core.models import AuditEvent, PolicyValue
from zugong.core.policy import REGISTRY, policy_int, policy_value, set_policy_value
from zugong.core.tree import (
    child_path,
    depth_of,
    outermost,
    path_ids,
    subtree_q,
    subtree_upper_bound,
)
from zugong.organizations.models import Organization


def test_paths_are_fixed_width_digit_segments():
    path = child_path(child_path(None, 1), 17)
    assert path == "00000000010000000017"
    assert depth_of(path) == 2
    assert path_ids(path) == [1, 17]
    assert subtree_upper_bound(path) == "00000000010000000018"


def test_outermost_drops_prefixes_inside_another():
    a, b, c = child_path(None, 1), child_path(child_path(None, 1), 2), child_path(None, 3)
    assert outermost([b, a, c, a]) == [a, c]


def test_subtree_is_exactly_the_organization_and_its_descendants(county):
    under_township = set(Organization.objects.filter(subtree_q(county.township.path)).values_list("name", flat=True))
    assert under_township == {"东风镇党委", "东风村党支部", "西岭村党支部"}


def test_ids_sharing_leading_digits_fall_in_different_ranges():
    one, ten = child_path(None, 1), child_path(None, 10)
    lower, upper = one, subtree_upper_bound(one)
    assert lower <= child_path(one, 99) < upper
    assert not (lower <= ten < upper)
    assert not (lower <= child_path(ten, 5) < upper)


def test_policy_value_falls_back_to_the_default(db):
    assert policy_int("organizations.term_reminder_months") == 6
    assert not PolicyValue.objects.exists()


def test_set_policy_value_stores_and_audits_before_and_after(department_admin):
    set_policy_value(department_admin, "organizations.term_reminder_months", "9")
    assert policy_value("organizations.term_reminder_months") == 9
    event = AuditEvent.objects.get(action=AuditEvent.Action.POLICY)
    assert event.actor == department_admin
    assert event.changes == {"任期届满提前提醒": ["6个月", "9个月"]}
    assert "支部工作条例" in event.message


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("abc", "「任期届满提前提醒」应为整数，收到「abc」"),
        ("0", "「任期届满提前提醒」应在 1–24个月 之间，收到 0"),
        ("25", "「任期届满提前提醒」应在 1–24个月 之间，收到 25"),
    ],
)
def test_set_policy_value_refuses_bad_values_and_changes_nothing(department_admin, raw, message):
    with pytest.raises(DomainError) as error:
        set_policy_value(department_admin, "organizations.term_reminder_months", raw)
    assert error.value.message == message
    assert not PolicyValue.objects.exists()
    assert not AuditEvent.objects.exists()


def test_only_a_department_administrator_changes_policy(township_operator):
    with pytest.raises(DomainError) as error:
        set_policy_value(township_operator, "organizations.term_reminder_months", "9")
    assert error.value.message == "您没有修改政策规则的权限"


def test_every_policy_has_a_source_unit_and_default_within_bounds():
    assert REGISTRY, "no policy settings registered"
    for definition in REGISTRY.values():
        assert definition.source and definition.unit and definition.label
        assert definition.minimum <= definition.default <= definition.maximum
        assert isinstance(definition.default, (int, Decimal))
