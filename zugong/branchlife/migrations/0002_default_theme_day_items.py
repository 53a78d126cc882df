from django.db import migrations

from zugong.branchlife.themeday import install_default_items


def install(apps, schema_editor):
    install_default_items(apps.get_model("branchlife", "ThemeDayItem"))


class Migration(migrations.Migration):
    dependencies = [("branchlife", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
