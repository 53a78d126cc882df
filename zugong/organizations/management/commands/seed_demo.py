"""Load the demo data (示范数据) — never into a database set up for a department (``setup_site``)."""

import sys

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count

from zugong.core.models import Finding
from zugong.organizations import demo
from zugong.organizations.models import Organization, WorkUnit

RESET_WARNING = "--reset 将删除数据库中的全部组织、单位、党员、干部、调查、示范账号和变更记录。"


class Command(BaseCommand):
    help = "载入示范数据：一个县（county）、十个县的市（city）或一百个县的省（province）"

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(demo.SCALES), default="county")
        parser.add_argument("--seed", type=int, default=1, help="随机种子；相同种子生成相同数据")
        parser.add_argument("--reset", action="store_true", help="先删除现有的组织、单位、示范账号等数据（需确认）")
        parser.add_argument("--yes", action="store_true", help="不询问，直接确认 --reset")

    def handle(self, *args, scale, seed, reset, yes, **options):
        if demo.is_department_database():
            if reset:
                raise CommandError(demo.DEPARTMENT_REFUSAL)
            # `make run` on a department's database: say why nothing is loaded, and let the server start.
            self.stdout.write(demo.DEPARTMENT_REFUSAL)
            return
        if demo.has_data() and not reset:
            self.stdout.write("数据库中已有组织数据，未重复载入示范数据（如需重建请加 --reset）。")
            return
        if reset:
            self._confirm_reset(yes)
            demo.reset()
        try:
            demo.generate(scale=scale, seed=seed)
        except (ValueError, demo.DepartmentDatabase) as error:
            raise CommandError(str(error)) from error
        labels = dict(Organization.Kind.choices)
        counts = Organization.objects.values("kind").annotate(n=Count("pk")).order_by("kind")
        summary = "，".join(f"{labels[row['kind']]} {row['n']}" for row in counts)
        self.stdout.write(f"已载入示范数据（{scale}，种子 {seed}）：{summary}；单位 {WorkUnit.objects.count()} 个；"
                          f"问题预警 {Finding.objects.count()} 条。")
        self.stdout.write(f"示范账号（密码均为 {demo.DEMO_PASSWORD}）：" + "、".join(demo.DEMO_USERNAMES))

    def _confirm_reset(self, yes: bool) -> None:
        if yes or not demo.has_data():
            return
        if not sys.stdin.isatty():
            raise CommandError(f"{RESET_WARNING}确认请加 --yes。未删除任何数据。")
        answer = input(f"{RESET_WARNING}\n确认删除请输入 yes：").strip().lower()
        if answer != "yes":
            raise CommandError("未确认，未删除任何数据。")
