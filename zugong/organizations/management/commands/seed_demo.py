from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count

from zugong.core.models import Finding
from zugong.organizations import demo
from zugong.organizations.models import Organization, WorkUnit


class Command(BaseCommand):
    help = "载入示范数据：一个县（county）、十个县的市（city）或一百个县的省（province）"

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(demo.SCALES), default="county")
        parser.add_argument("--seed", type=int, default=1, help="随机种子；相同种子生成相同数据")
        parser.add_argument("--reset", action="store_true", help="先删除现有的组织、单位、示范账号等数据")

    def handle(self, *args, scale, seed, reset, **options):
        if demo.has_data() and not reset:
            self.stdout.write("数据库中已有组织数据，未重复载入示范数据（如需重建请加 --reset）。")
            return
        if reset:
            demo.reset()
        try:
            demo.generate(scale=scale, seed=seed)
        except ValueError as error:
            raise CommandError(str(error)) from error
        labels = dict(Organization.Kind.choices)
        counts = Organization.objects.values("kind").annotate(n=Count("pk")).order_by("kind")
        summary = "，".join(f"{labels[row['kind']]} {row['n']}" for row in counts)
        self.stdout.write(f"已载入示范数据（{scale}，种子 {seed}）：{summary}；单位 {WorkUnit.objects.count()} 个；"
                          f"问题预警 {Finding.objects.count()} 条。")
        self.stdout.write(f"示范账号（密码均为 {demo.DEMO_PASSWORD}）：" + "、".join(demo.DEMO_USERNAMES))
