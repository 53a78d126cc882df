"""Deciding under a lock (加锁后判断): a decision reads the state it decides on only after locking the row.

Two pages that loaded the same pending transfer both think it pending; the first to lock it decides, the
second waits for that commit, reads the row again and is refused with a message. Locks are ``FOR NO KEY
UPDATE``: rows that merely reference the locked one (a payment of a member, a step of a case) can still be
inserted by others meanwhile. SQLite serialises writers and ignores the clause.
"""

from django.db import models


def lock(record: models.Model) -> None:
    """Lock ``record``'s row until the transaction ends and read it again, in place (inside ``atomic``)."""
    record.refresh_from_db(from_queryset=type(record)._default_manager.select_for_update(no_key=True))


def lock_all[M: models.Model](queryset: models.QuerySet[M]) -> list[M]:
    """Lock every row of ``queryset`` in primary-key order (two callers never wait for each other in a circle)."""
    return list(queryset.select_for_update(no_key=True).order_by("pk"))
