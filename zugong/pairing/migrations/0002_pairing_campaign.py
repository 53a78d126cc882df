import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("campaigns", "0001_campaigns"),
        ("pairing", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="pairing",
            name="campaign",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="pairings", to="campaigns.campaign",
                                    verbose_name="所属主题实践活动"),
        ),
    ]
