"""Running the same decision at once from several database connections (races), for tests on PostgreSQL.

A race test takes ``transactional_db`` (each thread's connection must see the others' commits), marks
itself ``@needs_postgres`` and calls ``at_once``: every call runs in its own thread with its own connection,
all released together by a barrier once connected. CI runs the suite on PostgreSQL; SQLite serialises every
writer, so a race there proves nothing and the tests are skipped.
"""

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="races are run for real on PostgreSQL (CI runs the suite there); SQLite serialises every writer",
)


def at_once(*calls: Callable[[], Any], timeout: float = 60) -> list[Any]:
    """Run each call in its own thread and connection, started together; return each result or exception."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            connection.ensure_connection()
            barrier.wait(timeout)
            results[index] = call()
        except BaseException as error:  # the caller asserts on who lost and why
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not any(thread.is_alive() for thread in threads), "a racing call did not finish (deadlock?)"
    return results


def failures(results: list[Any]) -> list[BaseException]:
    return [result for result in results if isinstance(result, BaseException)]
