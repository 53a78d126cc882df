"""The checks framework (检查与预警).

A check is a registered function that looks at the records under a tree path
and yields ``FindingData``. ``run_checks`` replaces the stored findings of each
check within that path, so running it nightly for the whole tree and on demand
for one organization use the same code.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils.functional import Promise

from zugong.core.models import Finding
from zugong.core.tree import ROOT, subtree_q


@dataclass(frozen=True)
class FindingData:
    subject: models.Model
    scope_path: str
    title: str
    url: str
    severity: str = Finding.Severity.WARNING
    detail: str = ""
    due_on: dt.date | None = None


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


def run_checks(within: str = ROOT, today: dt.date | None = None, codes=None) -> int:
    """Run checks on the subtree at ``within``; return how many findings are now stored there."""
    today = today or dt.date.today()
    stored = 0
    for check in REGISTRY.values():
        if codes and check.code not in codes:
            continue
        found = list(check.function(within, today))
        with transaction.atomic():
            Finding.objects.filter(subtree_q(within, "scope_path"), check_code=check.code).delete()
            Finding.objects.bulk_create(
                Finding(
                    check_code=check.code,
                    severity=item.severity,
                    title=item.title[:255],
                    detail=item.detail[:500],
                    url=item.url,
                    scope_path=item.scope_path,
                    subject_type=ContentType.objects.get_for_model(item.subject),
                    subject_id=str(item.subject.pk),
                    due_on=item.due_on,
                )
                for item in found
            )
        stored += len(found)
    return stored


def findings_about(subject: models.Model):
    return Finding.objects.filter(
        subject_type=ContentType.objects.get_for_model(subject), subject_id=str(subject.pk)
    )
