"""The shipped schemes (考核方案目录) as data: added when missing, never overwriting a department's edits."""

from django.db import migrations


def install(apps, schema_editor) -> None:
    from zugong.assessments.catalogue import ensure_catalogue

    ensure_catalogue(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
