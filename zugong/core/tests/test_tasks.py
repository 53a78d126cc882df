import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from zugong.core.management.commands.run_scheduler import seconds_until
from zugong.core.models import Finding


# The worker closes its database connection after each task, as in production: no wrapping transaction.
@pytest.mark.django_db(transaction=True)
def test_run_checks_now_is_queued_for_the_worker_which_then_stores_findings(client, county, township_operator):
    client.force_login(township_operator)
    response = client.post(reverse("core:run_checks"), follow=True)
    assert "已提交检查任务" in response.content.decode()
    assert DBTaskResult.objects.count() == 1
    assert not Finding.objects.exists()
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    scopes = set(Finding.objects.values_list("scope_path", flat=True))
    assert scopes and all(path.startswith(county.township.path) for path in scopes)


def test_the_scheduler_waits_until_the_next_run_hour():
    now = dt.datetime(2026, 11, 22, 1, 30)
    assert seconds_until(2, now) == 30 * 60
    assert seconds_until(2, now.replace(hour=3)) == 22.5 * 3600
