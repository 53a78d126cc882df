"""The checks framework (检查与预警).

A check is a registered function that looks at the records under a tree path
and yields ``FindingData``. ``run_checks`` brings the stored findings (问题预警) of
each check within that path in line with what it found, so running it nightly for
the whole tree and on demand for one organization use the same code. A finding is
one row per check, record and key (``FindingData.key``, else its link): a run
updates it, reopens it when it had been closed (处理记录 keeps who closed it and
when), and marks it 已消除 when the check no longer finds it.
"""

import datetime as dt
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise

from zugong.core.locks import lock_all
from zugong.core.models import Finding, FindingEvent
from zugong.core.tree import ROOT, is_within, subtree_q


@dataclass(frozen=True)
class FindingData:
    subject: models.Model
    scope_path: str
    title: str
    url: str
    severity: str = Finding.Severity.WARNING
    detail: str = ""
    due_on: dt.date | None = None
    key: str = ""  # tells apart two findings of one check about one record (default: the link)


@dataclass(frozen=True)
class Check:
    code: str
    label: str | Promise
    capability: str  # who may see its findings, within their scope
    function: Callable[[str, dt.date], Iterable[FindingData]]


REGISTRY: dict[str, Check] = {}


def register_check(code: str, label: str | Promise, capability: str = "organizations.view"):
    def decorator(function):
        if code in REGISTRY:
            raise ValueError(f"check {code} registered twice")
        REGISTRY[code] = Check(code=code, label=label, capability=capability, function=function)
        return function

    return decorator


def _identity(code: str, item: FindingData, content_type: int) -> tuple[str, int, str, str]:
    return (code, content_type, str(item.subject.pk), (item.key or item.url)[:255])


_CONTENT = ("severity", "title", "detail", "url", "scope_path", "due_on")


def _store(check: Check, within: str, found: list[FindingData]) -> None:
    """Bring the stored findings of ``check`` under ``within`` in line with what it found now."""
    types: dict[type, int] = {}
    wanted: dict[tuple, Finding] = {}
    for item in found:
        model = type(item.subject)
        if model not in types:
            types[model] = ContentType.objects.get_for_model(model).pk
        identity = _identity(check.code, item, types[model])
        n = 2
        while identity in wanted:  # a check that yields one record twice under one key: keep both
            identity = (*identity[:3], f"{(item.key or item.url)[:250]}#{n}")
            n += 1
        wanted[identity] = Finding(
            check_code=check.code, key=identity[3], subject_type_id=identity[1], subject_id=identity[2],
            severity=item.severity, title=item.title[:255], detail=item.detail[:500], url=item.url[:255],
            scope_path=item.scope_path, due_on=item.due_on)
    with transaction.atomic():
        # Stored elsewhere in the tree still counts as the same finding (a member who moved to another branch).
        by_subject: dict[int, set[str]] = defaultdict(set)
        for identity in wanted:
            by_subject[identity[1]].add(identity[2])
        matches = Q(subtree_q(within, "scope_path")) if within != ROOT else Q()
        stored_query = Finding.all_objects.filter(check_code=check.code)
        if within != ROOT:
            for type_id, ids in by_subject.items():
                for chunk in _chunks(sorted(ids)):
                    matches |= Q(subject_type_id=type_id, subject_id__in=chunk)
            stored_query = stored_query.filter(matches)
        stored = {(f.check_code, f.subject_type_id, f.subject_id, f.key): f for f in stored_query}
        changed, reopen, resolve = [], [], []
        for identity, fresh in wanted.items():
            old = stored.get(identity)
            if old is None:
                continue
            if any(getattr(old, name) != getattr(fresh, name) for name in _CONTENT):
                for name in _CONTENT:
                    setattr(old, name, getattr(fresh, name))
                changed.append(old)
            if not old.is_open:
                reopen.append(old.pk)
        for identity, old in stored.items():
            if identity not in wanted and old.is_open and is_within(old.scope_path, within):
                resolve.append(old.pk)
        Finding.all_objects.bulk_create([f for i, f in wanted.items() if i not in stored], ignore_conflicts=True,
                                    batch_size=500)
        Finding.all_objects.bulk_update(changed, _CONTENT, batch_size=500)
        _transition(reopen, Finding.OPEN_STATUSES, Finding.Status.OPEN, FindingEvent.Action.REOPENED,
                    "检查再次发现此问题，已重新打开", negate=True)
        _transition(resolve, Finding.OPEN_STATUSES, Finding.Status.RESOLVED, FindingEvent.Action.RESOLVED,
                    "检查未再发现此问题")


def _chunks(values: list[str], size: int = 500):
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _transition(pks: list[int], statuses, to: str, action: str, note: str, negate: bool = False) -> None:
    """Move the findings ``pks`` whose status is (or, ``negate``, is not) in ``statuses`` to ``to``, each with a
    history line; decided under the rows' locks, so a person's decision at the same moment is not lost."""
    for chunk in _chunks([str(pk) for pk in pks]):
        locked = lock_all(Finding.all_objects.filter(pk__in=chunk))
        moving = [f.pk for f in locked if (f.status in statuses) != negate]
        Finding.all_objects.filter(pk__in=moving).update(status=to)
        FindingEvent.objects.bulk_create(FindingEvent(finding_id=pk, action=action, note=note) for pk in moving)


_batch = threading.local()


@contextmanager
def checks_batched():
    """Inside the block, the checks every change asks for (``run_checks`` of a subtree, usually on commit) are
    collected and run once per outermost subtree when the block ends — an import of a thousand rows runs them once,
    not a thousand times. If the block fails, nothing is run (its changes were rolled back)."""
    if getattr(_batch, "prefixes", None) is not None:  # nested: the outer block runs them
        yield
        return
    _batch.prefixes = set()
    try:
        yield
    except BaseException:
        _batch.prefixes = None
        raise
    prefixes, _batch.prefixes = _batch.prefixes, None
    for prefix in sorted(prefixes):
        if not any(other != prefix and is_within(prefix, other) for other in prefixes):
            run_checks(prefix)


def run_checks(within: str = ROOT, today: dt.date | None = None, codes=None) -> int:
    """Run checks on the subtree at ``within``; return how many findings they found there (0 when collected by
    ``checks_batched`` to run at the end of its block)."""
    pending = getattr(_batch, "prefixes", None)
    if pending is not None and today is None and codes is None:
        pending.add(within)
        return 0
    today = today or timezone.localdate()
    total = 0
    for check in REGISTRY.values():
        if codes and check.code not in codes:
            continue
        found = list(check.function(within, today))
        _store(check, within, found)
        total += len(found)
    return total


def findings_about(subject: models.Model):
    """The open findings about ``subject``."""
    return Finding.objects.filter(
        subject_type=ContentType.objects.get_for_model(subject), subject_id=str(subject.pk))
