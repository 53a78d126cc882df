"""Background work of the core app (run by the django-tasks-db worker)."""

from django.tasks import task

from zugong.core.checks import run_checks
from zugong.core.tree import ROOT


@task()
def run_checks_task(within: str = ROOT) -> int:
    return run_checks(within)
