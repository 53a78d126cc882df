"""An attendance item of the 100-point score says which meetings it counts (the study days became meetings)."""

from django.db import migrations, models

import zugong.education.models


class Migration(migrations.Migration):
    dependencies = [("education", "0002_default_score_scheme")]
    operations = [
        migrations.AddField(
            model_name="scoreitem",
            name="meeting_kinds",
            field=models.JSONField(blank=True, default=zugong.education.models.default_attendance_kinds,
                                   verbose_name="计入出勤的会议类型"),
        ),
        migrations.AlterField(
            model_name="scoreitem",
            name="source",
            field=models.CharField(choices=[("attendance", "按组织生活和学习日出勤计算"), ("dues", "按党费按月交纳计算"),
                                            ("pledges", "按公开承诺践诺计算"), ("entered", "由党支部录入")],
                                   max_length=20, verbose_name="计分方式"),
        ),
    ]
