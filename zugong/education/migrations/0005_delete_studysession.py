"""The study days live on as branch meetings (0004): their own table goes."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("education", "0004_study_days_become_meetings")]
    operations = [migrations.DeleteModel(name="StudySession")]
