import datetime

from django.db import migrations, models

import zugong.members.models


def start_dues_this_month(apps, schema_editor):
    """Members registered before dues existed are tracked from the month dues arrived, not from joining."""
    Member = apps.get_model("members", "Member")
    Member.objects.filter(dues_from__isnull=True).update(dues_from=datetime.date.today().replace(day=1))
    farmers = {"farmer": "farmer", "student": "student", "retired": "retiree"}
    for occupation, category in farmers.items():
        Member.objects.filter(occupation=occupation).update(dues_category=category)


class Migration(migrations.Migration):
    dependencies = [("members", "0003_mobilerecord")]

    operations = [
        migrations.AddField(
            model_name="member", name="dues_category",
            field=models.CharField(choices=[("wage", "在职（工资收入）"), ("annual_salary", "实行年薪制"),
                                            ("self_employed", "个体或灵活就业"), ("retiree", "离退休"), ("farmer", "农民"),
                                            ("student", "学生"), ("relief", "下岗失业或领取低保")],
                                   default="wage", max_length=20, verbose_name="党费类别"),
        ),
        migrations.AddField(
            model_name="member", name="dues_base",
            field=models.DecimalField(blank=True, decimal_places=2, max_digits=10, null=True,
                                      help_text="税后工资、年薪当月收入、个体经营月均纯收入或离退休费",
                                      verbose_name="党费基数（元/月）"),
        ),
        migrations.AddField(model_name="member", name="dues_from", field=models.DateField(null=True)),
        migrations.RunPython(start_dues_this_month, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="member", name="dues_from",
            field=models.DateField(default=zugong.members.models.this_month, help_text="从该月起按月计算应缴党费",
                                   verbose_name="党费起算月份"),
        ),
    ]
