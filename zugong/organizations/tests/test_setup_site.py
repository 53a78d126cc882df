"""Setting up a department's installation (系统初始化, `manage.py setup_site`) and keeping demo data out of it."""

import getpass
import io
import sys

import pytest
from django.core.management import CommandError, call_command

from zugong.accounts.capabilities import Role
from zugong.accounts.models import RoleAssignment, User
from zugong.core.models import AuditEvent, Installation
from zugong.organizations import demo
from zugong.organizations.models import Organization

PASSWORD = "Lantern-river-4711"


def set_up(monkeypatch, password: str = PASSWORD, **options):
    monkeypatch.setattr(sys, "stdin", io.StringIO(password + "\n"))
    out = io.StringIO()
    values = {"name": "青山县委", "username": "chief", "display_name": "王建国", **options}
    call_command("setup_site", interactive=False, password_stdin=True, stdout=out, **values)
    return out.getvalue()


@pytest.mark.django_db
def test_setup_creates_the_top_organization_and_its_administrator_and_marks_the_database(monkeypatch):
    out = set_up(monkeypatch, sector="agency", kind="working_committee")
    assert "已完成初始化：顶层党组织「青山县委」" in out
    root = Organization.objects.get()
    assert (root.name, root.kind, root.sector, root.depth, root.parent) == (
        "青山县委", "working_committee", "agency", 1, None)
    chief = User.objects.get()
    assert chief.username == "chief" and chief.display_name == "王建国" and chief.check_password(PASSWORD)
    assert [(a.role, a.organization) for a in RoleAssignment.objects.all()] == [(Role.DEPARTMENT_ADMIN, root)]
    assert chief.scope_prefixes("policy.change") == [root.path]
    assert Installation.objects.get().kind == Installation.Kind.DEPARTMENT
    event = AuditEvent.objects.get(action=AuditEvent.Action.SETUP)
    assert (event.actor, event.object_id) == (chief, str(root.pk))
    assert "第一个组织部管理员 chief" in event.message
    assert not User.objects.filter(username__in=demo.DEMO_USERNAMES).exists()


@pytest.mark.django_db
def test_a_database_with_organizations_is_not_set_up_again(monkeypatch, county):
    with pytest.raises(CommandError, match="数据库中已有党组织，setup_site 只能在空数据库上运行一次"):
        set_up(monkeypatch)
    assert not User.objects.filter(username="chief").exists()
    assert not Installation.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("password", "message"), [("password123", "密码不符合要求"), ("", "密码不符合要求")])
def test_a_weak_password_is_refused_and_nothing_is_created(monkeypatch, password, message):
    with pytest.raises(CommandError, match=message):
        set_up(monkeypatch, password=password)
    assert not Organization.objects.exists() and not User.objects.exists() and not Installation.objects.exists()


@pytest.mark.django_db
def test_unattended_setup_needs_every_value_and_the_password_on_standard_input(monkeypatch):
    with pytest.raises(CommandError, match="缺少顶层党组织名称：请用 --name 给出"):
        set_up(monkeypatch, name=None)
    with pytest.raises(CommandError, match="须用 --password-stdin"):
        call_command("setup_site", interactive=False, name="青山县委", username="chief")
    assert not Organization.objects.exists()


@pytest.mark.django_db
def test_the_person_types_the_password_twice_until_it_matches_and_passes_the_validators(monkeypatch):
    answers = iter(["青山县委", "", "", "chief", "王建国"])  # name, kind and sector by default, username, name
    typed = iter(["Lantern-river-4711", "Lantern-river-4712",  # not the same twice
                  "password123", "password123",  # the same, but a common password
                  PASSWORD, PASSWORD])
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": next(typed))
    err = io.StringIO()
    call_command("setup_site", stdout=io.StringIO(), stderr=err)
    assert "两次输入的密码不一致" in err.getvalue()
    assert "密码不符合要求" in err.getvalue()
    root = Organization.objects.get()
    assert (root.name, root.kind, root.sector) == ("青山县委", "committee", "agency")
    assert User.objects.get(username="chief").check_password(PASSWORD)


@pytest.mark.django_db
def test_demo_data_never_goes_into_a_department_database(monkeypatch):
    set_up(monkeypatch)
    out = io.StringIO()
    call_command("seed_demo", stdout=out)  # what `make run` does: it says why, and the server starts
    assert "已由 setup_site 初始化为正式使用，不能载入或重置示范数据" in out.getvalue()
    with pytest.raises(CommandError, match="已由 setup_site 初始化为正式使用"):
        call_command("seed_demo", reset=True, yes=True)
    with pytest.raises(demo.DepartmentDatabase):
        demo.generate("county")
    assert Organization.objects.count() == 1
    assert User.objects.get().username == "chief"
    assert not User.objects.filter(username__in=demo.DEMO_USERNAMES).exists()


@pytest.mark.django_db
def test_resetting_the_demo_needs_a_confirmation(monkeypatch, county):
    before = Organization.objects.count()
    with pytest.raises(CommandError, match="--reset 将删除数据库中的全部组织.*确认请加 --yes。未删除任何数据"):
        call_command("seed_demo", reset=True)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr("builtins.input", lambda prompt="": "no")
    with pytest.raises(CommandError, match="未确认，未删除任何数据"):
        call_command("seed_demo", reset=True)
    assert Organization.objects.count() == before
