"""Set up a department's installation (系统初始化): the top organization and the first administrator.

Runs once, on a database with no organizations: creates the top organization, the first user with the
department administrator's role over the whole tree and a password the person types (twice, checked by the
password validators; never a known one), marks the database as a department's (``Installation``: demo data is
then refused) and writes the set-up to the history.

Interactive: ``manage.py setup_site`` asks for everything. Unattended: every value as an option and the
password on standard input (``--password-stdin``), never on the command line where ``ps`` shows it.
"""

import getpass
import sys

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from zugong.accounts.capabilities import Role
from zugong.accounts.models import RoleAssignment, User
from zugong.core.audit import record_event
from zugong.core.models import AuditEvent, Installation
from zugong.organizations.models import Organization
from zugong.organizations.services import create_root_organization

K = Organization.Kind
TOP_KINDS = [K.COMMITTEE, K.WORKING_COMMITTEE, K.GENERAL_BRANCH]
ALREADY_SET_UP = "数据库中已有党组织，setup_site 只能在空数据库上运行一次（已有的数据未作任何改动）。"


class Command(BaseCommand):
    help = "系统初始化：建立顶层党组织和第一个组织部管理员（正式使用，不含示范数据）"

    def add_arguments(self, parser):
        parser.add_argument("--name", help="顶层党组织名称，如 某某县委")
        parser.add_argument("--kind", choices=[k.value for k in TOP_KINDS], help="组织类别（默认 committee 党委）")
        parser.add_argument("--sector", choices=Organization.Sector.values, help="所属领域（默认 agency 机关）")
        parser.add_argument("--username", help="管理员的用户名")
        parser.add_argument("--display-name", default=None, help="管理员的姓名")
        parser.add_argument("--password-stdin", action="store_true", help="从标准输入读取管理员密码（一行）")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive",
                            help="不询问；缺少的项目报错")

    def handle(self, *args, interactive, password_stdin, **options):
        if Organization.objects.exists():
            raise CommandError(ALREADY_SET_UP)
        interactive = interactive and not password_stdin and sys.stdin.isatty()
        values = self._values(options, interactive)
        admin = User(username=values["username"], display_name=values["display_name"])
        password = self._typed_password(admin) if interactive else self._stdin_password(admin, password_stdin)
        root = self._set_up(values, admin, password)
        self.stdout.write(self.style.SUCCESS(
            f"已完成初始化：顶层党组织「{root.name}」；管理员 {admin.username}（组织部管理员，范围为全部组织）。"))
        self.stdout.write("请用该账号登录，在“组织体系”中建立下级党组织，在“用户”中为其他人开设账号。")

    def _values(self, options: dict, interactive: bool) -> dict:
        asked = {
            "name": ("顶层党组织名称（如 某某县委）", None, None),
            "kind": ("组织类别", K.COMMITTEE.value, [(k.value, k.label) for k in TOP_KINDS]),
            "sector": ("所属领域", Organization.Sector.AGENCY.value, Organization.Sector.choices),
            "username": ("管理员用户名", None, None),
            "display_name": ("管理员姓名（可空）", "", None),
        }
        values = {}
        for key, (label, default, choices) in asked.items():
            value = options.get(key)
            if value is None and interactive:
                value = self._ask(label, default, choices)
            if value is None:
                value = default
            if value is None or (key in ("name", "username") and not str(value).strip()):
                raise CommandError(f"缺少{label.split('（')[0]}：请用 --{key.replace('_', '-')} 给出。")
            values[key] = str(value).strip()
        if User.objects.filter(username=values["username"]).exists():
            raise CommandError(f"用户名 {values['username']} 已存在。")
        return values

    def _ask(self, label: str, default: str | None, choices) -> str | None:
        if choices:
            self.stdout.write(label + "：" + "，".join(f"{value}={text}" for value, text in choices))
        while True:
            answer = input(f"{label}" + (f" [{default}]" if default else "") + "：").strip()
            if not answer:
                return default
            if not choices or answer in {value for value, _ in choices}:
                return answer
            self.stderr.write(f"请输入以下之一：{', '.join(value for value, _ in choices)}")

    def _typed_password(self, admin: User) -> str:
        while True:
            password = getpass.getpass("管理员密码：")
            if password != getpass.getpass("再次输入密码："):
                self.stderr.write("两次输入的密码不一致，请重新输入。")
                continue
            try:
                validate_password(password, admin)
            except ValidationError as error:
                self.stderr.write("密码不符合要求：" + "；".join(error.messages))
                continue
            return password

    def _stdin_password(self, admin: User, password_stdin: bool) -> str:
        if not password_stdin:
            raise CommandError("不询问时须用 --password-stdin 从标准输入给出管理员密码（不要写在命令行上）。")
        password = sys.stdin.readline().rstrip("\r\n")
        try:
            validate_password(password, admin)
        except ValidationError as error:
            raise CommandError("密码不符合要求：" + "；".join(error.messages)) from error
        return password

    @transaction.atomic
    def _set_up(self, values: dict, admin: User, password: str) -> Organization:
        root = create_root_organization(values["name"], sector=values["sector"], kind=values["kind"])
        admin.set_password(password)
        admin.save()
        RoleAssignment.objects.create(user=admin, role=Role.DEPARTMENT_ADMIN, organization=root)
        Installation.objects.update_or_create(pk=1, defaults={"kind": Installation.Kind.DEPARTMENT})
        record_event(admin, AuditEvent.Action.SETUP, root,
                     message=f"系统初始化：顶层党组织「{root.name}」，第一个组织部管理员 {admin.username}")
        return root
