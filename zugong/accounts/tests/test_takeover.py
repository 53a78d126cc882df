"""Account takeover through user management (issue 15, item 1): the attacks, each refused with nothing changed.

The attacker is a department administrator whose role is bound to one township (东风镇党委). The victim
is the county-wide administrator, who also holds a role in that township.
"""

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.fixtures import PASSWORD, make_user
from zugong.accounts import lockout
from zugong.accounts.capabilities import ROLE_CAPABILITIES, Role
from zugong.accounts.models import RoleAssignment, SignInCounter, User
from zugong.accounts.services import (
    assign_role,
    create_user,
    issue_temporary_password,
    remove_role,
    set_user_active,
    unlock_user,
)
from zugong.core.access import DomainError
from zugong.core.models import AuditEvent, PolicyValue
from zugong.core.policy import policy_int, set_policy_value
from zugong.dues import rates
from zugong.dues.models import DuesBracket
from zugong.education.models import ScoreItem
from zugong.education.services import set_scheme

BEYOND = ("「组织部管理员」还担任 1 项超出您管理范围的角色；只有管理范围覆盖其全部角色的管理员"
          "才能重置其密码、停用或启用、解锁、授予或撤销其角色")
ROOT_ONLY = "在全系统适用，只有负责范围为最上级党组织、有“修改政策规则”权限的管理员才能修改"


@pytest.fixture
def township_admin(county) -> User:
    return make_user("dfadmin", Role.DEPARTMENT_ADMIN, county.township, "东风镇组织部管理员")


@pytest.fixture
def victim(county, department_admin) -> User:
    """The county-wide administrator, who also operates in the attacker's township."""
    RoleAssignment.objects.create(user=department_admin, role=Role.OPERATOR, organization=county.township)
    return User.objects.get(pk=department_admin.pk)


def _signed_in(client, user):
    client.force_login(user)
    return client


def _lock(username: str) -> None:
    SignInCounter.objects.create(kind=SignInCounter.Kind.ACCOUNT, username=username, failures=50,
                                 last_failure_at=timezone.now(),
                                 locked_until=timezone.now() + dt.timedelta(minutes=30))


def test_the_old_password_reset_cannot_set_a_county_administrators_password(client, county, township_admin, victim):
    _signed_in(client, township_admin)
    client.post(reverse("accounts:user_action", args=[victim.pk, "password"]), {"password": "attacker-knows-1"})
    victim.refresh_from_db()
    assert victim.check_password(PASSWORD)
    client.logout()
    assert not client.login(username="admin", password="attacker-knows-1")


def test_a_township_admin_cannot_issue_a_reset_for_a_county_administrator(client, county, township_admin, victim):
    with pytest.raises(DomainError) as error:
        issue_temporary_password(township_admin, victim)
    assert error.value.message == BEYOND
    response = _signed_in(client, township_admin).post(
        reverse("accounts:user_reset", args=[victim.pk]), {"submission_token": str(uuid.uuid4())}, follow=True)
    page = response.content.decode()
    assert BEYOND in page and 'data-testid="temporary-password"' not in page
    victim.refresh_from_db()
    assert victim.check_password(PASSWORD) and not victim.must_change_password
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.PASSWORD).exists()


def test_a_township_admin_cannot_deactivate_or_activate_a_county_administrator(client, county, township_admin, victim):
    with pytest.raises(DomainError) as error:
        set_user_active(township_admin, victim, False)
    assert error.value.message == BEYOND
    page = _signed_in(client, township_admin).post(
        reverse("accounts:user_action", args=[victim.pk, "deactivate"]), follow=True).content.decode()
    assert BEYOND in page
    victim.refresh_from_db()
    assert victim.is_active
    User.objects.filter(pk=victim.pk).update(is_active=False)
    client.post(reverse("accounts:user_action", args=[victim.pk, "activate"]))
    assert not User.objects.get(pk=victim.pk).is_active


def test_a_township_admin_cannot_unlock_a_county_administrator(client, county, township_admin, victim):
    _lock("admin")
    with pytest.raises(DomainError) as error:
        unlock_user(township_admin, victim)
    assert error.value.message == BEYOND
    page = _signed_in(client, township_admin).post(
        reverse("accounts:user_action", args=[victim.pk, "unlock"]), follow=True).content.decode()
    assert BEYOND in page
    assert lockout.locks_of(["admin"])["admin"][0].failures == 50


def test_a_township_admin_cannot_change_a_county_administrators_roles(client, county, township_admin, victim):
    township_role = victim.role_assignments.get(organization=county.township)
    with pytest.raises(DomainError) as error:
        remove_role(township_admin, township_role)
    assert error.value.message == BEYOND
    with pytest.raises(DomainError) as error:
        assign_role(township_admin, victim, role=Role.INSPECTOR, organization=county.village)
    assert error.value.message == BEYOND
    _signed_in(client, township_admin).post(reverse("accounts:role_remove", args=[victim.pk, township_role.pk]))
    assert victim.role_assignments.count() == 2


def test_a_township_admin_cannot_grant_a_role_at_the_county_root(client, county, township_admin, township_operator):
    with pytest.raises(DomainError) as error:
        assign_role(township_admin, township_operator, role=Role.DEPARTMENT_ADMIN, organization=county.county)
    assert error.value.message == "「示范县委」不在您管理用户的范围内，不能在此授予或撤销角色"
    response = _signed_in(client, township_admin).post(
        reverse("accounts:user_detail", args=[township_operator.pk]),
        {"role": Role.DEPARTMENT_ADMIN, "organization": county.county.pk})
    assert "选择一个有效的选项" in response.content.decode()
    assert list(township_operator.role_assignments.values_list("role", flat=True)) == [Role.OPERATOR]


def test_a_township_admin_cannot_grant_outside_their_township(county, township_admin, township_operator):
    for organization in (county.other_township, county.other_village, county.agency_branch):
        with pytest.raises(DomainError) as error:
            assign_role(township_admin, township_operator, role=Role.INSPECTOR, organization=organization)
        assert error.value.message == f"「{organization}」不在您管理用户的范围内，不能在此授予或撤销角色"
        with pytest.raises(DomainError):
            create_user(township_admin, username=f"new{organization.pk}", display_name="新用户",
                        role=Role.INSPECTOR, organization=organization)
    assert township_operator.role_assignments.count() == 1
    assert not User.objects.filter(username__startswith="new").exists()


def test_no_one_grants_a_capability_they_lack(monkeypatch, county, township_operator):
    """A role that manages accounts without holding everything (an account clerk) cannot hand out more."""
    monkeypatch.setitem(ROLE_CAPABILITIES, "account_clerk", frozenset({"accounts.manage", "organizations.view"}))
    monkeypatch.setitem(ROLE_CAPABILITIES, "tree_viewer", frozenset({"organizations.view"}))
    clerk = make_user("clerk", "account_clerk", county.township)
    viewer = make_user("viewer", "tree_viewer", county.village)
    with pytest.raises(DomainError) as error:
        assign_role(clerk, viewer, role=Role.INSPECTOR, organization=county.village)
    assert error.value.message.startswith("「督查员（只读）」角色含有您在「东风村党支部」没有的权限（")
    assert "“查看党员名册”" in error.value.message
    assert list(viewer.role_assignments.values_list("role", flat=True)) == ["tree_viewer"]
    # …nor manage someone whose role holds more than the clerk does.
    with pytest.raises(DomainError) as error:
        unlock_user(clerk, township_operator)
    assert error.value.message.startswith("「东风镇组织委员」还担任 1 项超出您管理范围的角色")


def test_the_user_list_shows_a_partly_covered_user_read_only_without_their_other_roles(client, county, township_admin,
                                                                                       victim, township_operator):
    page = _signed_in(client, township_admin).get(reverse("accounts:user_list")).content.decode()
    row = page.split('data-username="admin"')[1].split("</tr>")[0]
    assert "另有 1 项超出您管理范围的角色" in row and 'data-testid="read-only"' in row
    assert "示范县委" not in row
    other = page.split('data-username="township"')[1].split("</tr>")[0]
    assert 'data-testid="read-only"' not in other
    detail = client.get(reverse("accounts:user_detail", args=[victim.pk])).content.decode()
    assert BEYOND in detail and "签发临时密码" not in detail and "停用账户" not in detail
    assert 'data-testid="history"' not in detail


def test_an_administrator_still_manages_whom_they_fully_cover(county, township_admin, department_admin,
                                                             township_operator, victim):
    _, password = issue_temporary_password(township_admin, township_operator)
    assert User.objects.get(pk=township_operator.pk).check_password(password)
    assign_role(township_admin, township_operator, role=Role.DEPARTMENT_ADMIN, organization=county.village)
    # The county-wide administrator covers everyone, including the township's administrator.
    set_user_active(department_admin, township_admin, False)
    assert not User.objects.get(pk=township_admin.pk).is_active


def test_a_superuser_is_managed_by_superusers_only(county, department_admin):
    root = make_user("root", Role.OPERATOR, county.village)
    User.objects.filter(pk=root.pk).update(is_superuser=True)
    with pytest.raises(DomainError) as error:
        set_user_active(department_admin, User.objects.get(pk=root.pk), False)
    assert error.value.message == "「root」是系统超级用户，只能由超级用户管理"


# Settings that apply to the whole installation: only from the root organization.

def test_a_township_admin_cannot_change_a_policy_setting(client, county, township_admin):
    with pytest.raises(DomainError) as error:
        set_policy_value(township_admin, "accounts.lockout_attempts", "20")
    assert error.value.message == "政策规则" + ROOT_ONLY
    _signed_in(client, township_admin)
    url = reverse("core:policy_edit", args=["accounts.lockout_attempts"])
    assert client.get(url).status_code == 404
    assert client.post(url, {"value": "20"}).status_code == 404
    assert policy_int("accounts.lockout_attempts") == 5 and not PolicyValue.objects.exists()
    page = client.get(reverse("core:policy_list")).content.decode()
    assert 'data-testid="policy-root-only"' in page and url not in page


def test_the_county_admin_changes_a_policy_setting(client, county, department_admin):
    set_policy_value(department_admin, "accounts.lockout_attempts", "6")
    assert policy_int("accounts.lockout_attempts") == 6


def test_a_township_admin_cannot_change_the_dues_table(client, county, township_admin):
    month = timezone.localdate().replace(day=1)
    brackets = [rates.Bracket(None, Decimal("0.1"), None)]
    with pytest.raises(DomainError) as error:
        rates.set_schedule(township_admin, "retiree", month, brackets, "攻击")
    assert error.value.message == "党费交纳标准" + ROOT_ONLY
    _signed_in(client, township_admin)
    url = reverse("dues:rate_edit", args=["retiree"])
    assert client.get(url).status_code == 404
    assert client.post(url, {"effective_from": f"{month:%Y-%m}", "source": "攻击", "rate_1": "0.1"}).status_code == 404
    assert not DuesBracket.objects.exists()


def test_a_township_admin_cannot_change_the_points_scheme(client, county, township_admin):
    items = list(ScoreItem.objects.all())
    before = [item.max_points for item in items]
    shifted = {item: item.max_points for item in items}
    shifted[items[0]] += 1
    shifted[items[1]] -= 1
    with pytest.raises(DomainError) as error:
        set_scheme(township_admin, shifted)
    assert error.value.message == "百分制积分项目" + ROOT_ONLY
    _signed_in(client, township_admin)
    url = reverse("education:scheme_edit")
    assert client.get(url).status_code == 404
    assert client.post(url, {f"points_{i.pk}": v for i, v in shifted.items()}).status_code == 404
    assert [i.max_points for i in ScoreItem.objects.filter(pk__in=[i.pk for i in items]).order_by("pk")] == [
        i for _, i in sorted(zip([i.pk for i in items], before, strict=True))]
