"""The default 100-point scheme (seed 000: 党员百分制积分管理); a department edits it on the scheme page."""

from django.db import migrations

from zugong.education.scheme import DEFAULT_SCHEME, install_default_scheme


def add_default(apps, schema_editor):
    install_default_scheme(apps.get_model("education", "ScoreItem"))


def remove_default(apps, schema_editor):
    apps.get_model("education", "ScoreItem").objects.filter(name__in=[name for name, _p, _s in DEFAULT_SCHEME]).delete()


class Migration(migrations.Migration):
    dependencies = [("education", "0001_initial")]
    operations = [migrations.RunPython(add_default, remove_default)]
