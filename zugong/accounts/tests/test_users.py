import pytest

from zugong.accounts.capabilities import Role
from zugong.accounts.models import User
from zugong.accounts.selectors import users_visible_to
from zugong.accounts.services import assign_role, create_user, remove_role, unlock_user
from zugong.core.access import DomainError
from zugong.core.models import AuditEvent


def test_an_administrator_creates_an_account_with_its_first_role_and_a_temporary_password(county, department_admin):
    user, password = create_user(
        department_admin, username="xiling", display_name="西岭支书",
        role=Role.BRANCH_SECRETARY, organization=county.village2,
    )
    assert user.check_password(password) and user.must_change_password
    assert user.scope_prefixes("organizations.view") == [county.village2.path]
    assert not user.has_capability("organizations.change")
    event = AuditEvent.objects.get(action=AuditEvent.Action.CREATE, object_id=str(user.pk))
    assert event.changes["角色授权"] == [None, "西岭支书 · 支部书记 · 西岭村党支部"]
    assert password not in str(event.changes) and user.password not in str(event.changes)


def test_a_taken_or_malformed_username_is_refused(county, department_admin, township_operator):
    with pytest.raises(DomainError) as error:
        create_user(department_admin, username="township", display_name="x", role=Role.OPERATOR,
                    organization=county.township)
    assert error.value.message == "用户名「township」已被使用"
    with pytest.raises(DomainError) as error:
        create_user(department_admin, username="有 空格", display_name="x", role=Role.OPERATOR,
                    organization=county.township)
    assert error.value.message == "用户名只能包含字母、数字和 @ . + - _"
    assert User.objects.count() == 2


def test_an_operator_cannot_manage_accounts(county, township_operator):
    with pytest.raises(DomainError):
        create_user(township_operator, username="x", display_name="x", role=Role.OPERATOR, organization=county.village)
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


def test_an_operator_cannot_unlock_anyone(county, township_operator, branch_secretary):
    with pytest.raises(DomainError) as error:
        unlock_user(township_operator, branch_secretary)
    assert error.value.message == "您没有管理用户的权限"
