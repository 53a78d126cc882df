"""Background work of the core app (run by the django-tasks-db worker), and the hooks apps plug into it.

* ``on_worker_start(function)``: run by ``manage.py run_worker`` before the worker takes its first task — work a
  killed worker left half done is settled there (members: imports marked interrupted).
* ``nightly(function)``: housekeeping run by ``run_nightly_task`` after the nightly checks (core: expired uploads
  deleted; members: interrupted imports marked). ``run_scheduler`` enqueues it once a day.
"""

from collections.abc import Callable

from django.tasks import task

from zugong.core.checks import run_checks
from zugong.core.tree import ROOT

WORKER_START: list[Callable[[], object]] = []
NIGHTLY: list[Callable[[], object]] = []


def on_worker_start[F: Callable[[], object]](function: F) -> F:
    WORKER_START.append(function)
    return function


def nightly[F: Callable[[], object]](function: F) -> F:
    NIGHTLY.append(function)
    return function


def worker_started() -> None:
    for function in WORKER_START:
        function()


@task()
def run_checks_task(within: str = ROOT) -> int:
    return run_checks(within)


@task()
def run_nightly_task() -> int:
    """The nightly checks over the whole tree, then every registered housekeeping step."""
    found = run_checks(ROOT)
    for function in NIGHTLY:
        function()
    return found
