import pytest

from zugong.accounts.capabilities import Role
from zugong.accounts.models import User
from zugong.accounts.selectors import users_visible_to
from zugong.accounts.services import assign_role, create_user, remove_role, unlock_user
from zugong.core.access import DomainError
from zugong.core.models import AuditEvent


def test_an_administrator_creates_an_account_with_its_first_role(county, department_admin):
    user = create_user(
        department_admin, username="xiling", display_name="西岭支书", password="xiling-2026-pass",
        role=Role.BRANCH_SECRETARY, organization=county.village2,
    )
    assert user.check_password("xiling-2026-pass")
    assert user.scope_prefixes("organizations.view") == [county.village2.path]
    assert not user.has_capability("organizations.change")
    event = AuditEvent.objects.get(action=AuditEvent.Action.CREATE, object_id=str(user.pk))
    assert event.changes["角色授权"] == [None, "西岭支书 · 支部书记 · 西岭村党支部"]
    assert "password" not in str(event.changes) and user.password not in str(event.changes)


def test_a_weak_password_or_taken_username_is_refused(county, department_admin, township_operator):
    with pytest.raises(DomainError) as error:
        create_user(department_admin, username="new", display_name="x", password="123",
                    role=Role.OPERATOR, organization=county.township)
    assert error.value.message.startswith("密码不符合要求")
    with pytest.raises(DomainError) as error:
        create_user(department_admin, username="township", display_name="x", password="long-enough-2026",
                    role=Role.OPERATOR, organization=county.township)
    assert error.value.message == "用户名「township」已被使用"
    assert not User.objects.filter(username="new").exists()


def test_an_operator_cannot_manage_accounts(county, township_operator):
    with pytest.raises(DomainError):
        create_user(township_operator, username="x", display_name="x", password="long-enough-2026",
                    role=Role.OPERATOR, organization=county.village)
    assert users_visible_to(township_operator).count() == 0


def test_roles_are_added_and_removed_but_never_the_last_one(county, department_admin, township_operator):
    extra = assign_role(department_admin, township_operator, role=Role.INSPECTOR, organization=county.county)
    township_operator = User.objects.get(pk=township_operator.pk)
    assert township_operator.scope_prefixes("organizations.view") == [county.county.path]
    remove_role(department_admin, extra)
    only = township_operator.role_assignments.get()
    with pytest.raises(DomainError) as error:
        remove_role(department_admin, only)
    assert error.value.message == "这是东风镇组织委员的唯一角色；请先授予新角色，或停用该账户"


def test_unlock_clears_the_lock(county, department_admin, township_operator):
    from django.utils import timezone

    User.objects.filter(pk=township_operator.pk).update(failed_login_count=5, locked_until=timezone.now())
    township_operator.refresh_from_db()
    unlock_user(department_admin, township_operator)
    township_operator.refresh_from_db()
    assert (township_operator.failed_login_count, township_operator.locked_until) == (0, None)


def test_an_operator_cannot_unlock_anyone(county, township_operator, branch_secretary):
    with pytest.raises(DomainError) as error:
        unlock_user(township_operator, branch_secretary)
    assert error.value.message == "您无权管理该用户"
