"""The default 100-point scheme (seed 000: 党员百分制积分管理); a department edits it on the scheme page."""

from django.db import migrations

DEFAULT = [
    ("参加组织生活和学习", 30, "attendance"),
    ("按时足额交纳党费", 20, "dues"),
    ("践行公开承诺", 20, "pledges"),
    ("志愿服务", 15, "entered"),
    ("发挥先锋模范作用", 15, "entered"),
]


def add_default(apps, schema_editor):
    ScoreItem = apps.get_model("education", "ScoreItem")
    for order, (name, points, source) in enumerate(DEFAULT, start=1):
        ScoreItem.objects.get_or_create(name=name, defaults={"max_points": points, "source": source, "order": order})


def remove_default(apps, schema_editor):
    apps.get_model("education", "ScoreItem").objects.filter(name__in=[name for name, _p, _s in DEFAULT]).delete()


class Migration(migrations.Migration):
    dependencies = [("education", "0001_initial")]
    operations = [migrations.RunPython(add_default, remove_default)]
