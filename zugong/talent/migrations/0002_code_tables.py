from django.db import migrations


def install(apps, schema_editor):
    from zugong.talent.catalogue import install as install_tables

    install_tables(apps)


class Migration(migrations.Migration):
    dependencies = [("talent", "0001_talent_register")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
