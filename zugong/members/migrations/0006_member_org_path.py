from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_paths(apps, schema_editor):
    Member = apps.get_model("members", "Member")
    Organization = apps.get_model("organizations", "Organization")
    Member.objects.update(org_path=Subquery(Organization.objects.filter(pk=OuterRef("organization_id")).values("path")[:1]))


class Migration(migrations.Migration):
    dependencies = [("members", "0005_importjob"), ("organizations", "0001_initial")]

    operations = [
        migrations.AddField(model_name="member", name="org_path",
                            field=models.CharField(default="", editable=False, max_length=255)),
        migrations.RunPython(copy_paths, migrations.RunPython.noop),
        migrations.AlterModelOptions(name="member", options={"ordering": ["org_path", "name", "pk"],
                                                             "verbose_name": "党员", "verbose_name_plural": "党员"}),
        migrations.AddIndex(model_name="member", index=models.Index(fields=["status", "org_path", "name", "id"],
                                                                    name="member_status_path_name")),
    ]
