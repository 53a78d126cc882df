"""Double submits and constraint violations (重复提交与数据冲突): a message, never a second record, never a 500.

A create form that must never act twice mixes in ``OnceOnlyForm``: its page carries a one-time token,
and ``claim_submission`` writes the token in the same transaction as the use case (``run_service`` does
this). A second submit of the same page finds the token taken and changes nothing; a refused use case
rolls its token back, so the user can correct the form and send it again.

A database constraint that a use case did not foresee (two people saving the same thing at once) is
turned into a Chinese message by ``integrity_message``: apps name their constraints' messages with
``constraint_message``; anything else gets the general message.
"""

import functools
import re
import uuid

from django import forms
from django.db import IntegrityError, transaction

from zugong.core.access import DomainError
from zugong.core.models import FormSubmission

SUBMISSION_FIELD = "submission_token"
ALREADY_SUBMITTED = "该表单已经提交过，未重复保存。请刷新页面查看结果。"
CONFLICT = "保存失败：与已有记录冲突（可能是重复提交，或他人刚刚修改了同一记录），未做任何更改。请刷新页面后重试。"

_MESSAGES: dict[str, str] = {}


def constraint_message(name: str, message: str) -> None:
    """The message shown when the database constraint ``name`` refuses a write."""
    _MESSAGES[name] = message


@functools.cache
def _unique_constraints_by_columns() -> dict[str, str]:
    """SQLite names a failed unique constraint by its columns ("UNIQUE constraint failed: t.a, t.b")."""
    from django.apps import apps
    from django.db import models

    names = {}
    for model in apps.get_models():
        table = model._meta.db_table
        for constraint in model._meta.constraints:
            if isinstance(constraint, models.UniqueConstraint) and constraint.fields:
                columns = [getattr(model._meta.get_field(f), "column", f) for f in constraint.fields]
                names[", ".join(f"{table}.{c}" for c in columns)] = constraint.name
    return names


def _constraint_name(error: IntegrityError) -> str | None:
    diag = getattr(error.__cause__, "diag", None)  # psycopg names the constraint
    if diag is not None and getattr(diag, "constraint_name", None):
        return diag.constraint_name
    text = str(error)
    if match := re.search(r"CHECK constraint failed: (\w+)", text):
        return match.group(1)
    if match := re.search(r"UNIQUE constraint failed: (.+)$", text):
        return _unique_constraints_by_columns().get(match.group(1).strip())
    return None


def integrity_message(error: IntegrityError) -> str:
    return _MESSAGES.get(_constraint_name(error) or "", CONFLICT)


STALE_PAGE = "页面已过期或不完整（缺少提交凭据），未保存。请刷新页面后重新填写提交。"


class OnceOnlyForm(forms.Form):
    """Mix into a create form (before ``forms.Form``): each rendering of the page carries a fresh token."""

    submission_token = forms.UUIDField(
        widget=forms.HiddenInput, initial=uuid.uuid4, error_messages={"required": STALE_PAGE, "invalid": STALE_PAGE})


def fields_of(data: dict) -> dict:
    """A form's values for its use case: the page's one-time token is not one of them."""
    return {key: value for key, value in data.items() if key != SUBMISSION_FIELD}


def claim_submission(token: uuid.UUID | None, user=None) -> None:
    """Record ``token`` as used, inside the caller's transaction; a token already used is refused."""
    if token is None:
        return
    try:
        with transaction.atomic():
            FormSubmission.objects.create(token=token, user=user if getattr(user, "pk", None) else None)
    except IntegrityError as error:
        raise DomainError(ALREADY_SUBMITTED) from error
