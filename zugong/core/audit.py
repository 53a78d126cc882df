"""Audit history (变更记录): who changed which fields of a record, before → after.

Services call ``snapshot`` before a change and ``record_event`` after it,
inside the same transaction, so a failed change leaves no history either.
"""

import datetime as dt
import functools
from collections.abc import Iterable
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import translation

from zugong.core.models import AuditEvent


@functools.cache
def _shown_fields(model: type[models.Model]) -> tuple[tuple[models.Field, str, dict | None], ...]:
    """(field, Chinese label, Chinese choice labels) of the fields a history shows, worked out once per model.

    Derived and automatic fields (paths, pinyin initials, timestamps) are not what a user changed.
    """
    with translation.override("zh-hans"):
        return tuple(
            (field, str(field.verbose_name), {value: str(label) for value, label in field.flatchoices} or None)
            for field in model._meta.concrete_fields
            if field.editable and not isinstance(field, models.AutoField)
        )


def _display(value, field: models.Field, choices: dict | None):
    if choices is not None:
        return choices.get(value, value)
    if isinstance(field, models.ForeignKey):
        return str(value) if value is not None else None
    if isinstance(field, models.FileField):
        return value.name or None
    if isinstance(value, (dt.date, dt.datetime, Decimal)):
        return str(value)
    return value


def snapshot(instance: models.Model, exclude: tuple[str, ...] = ()) -> dict:
    """Field label → display value, for every concrete field worth showing.

    History is written in Chinese whatever language the user works in.
    """
    values = {}
    with translation.override("zh-hans"):
        for field, label, choices in _shown_fields(type(instance)):
            if field.name not in exclude:
                values[label] = _display(getattr(instance, field.name), field, choices)
    return values


def snapshots_of_values(model: type[models.Model], records: Iterable[dict]) -> list[dict]:
    """``snapshot`` of records that were never built as objects (bulk creation): each record is
    ``{field name: value}`` with related objects for foreign keys; a field it leaves out takes its default."""
    shown = _shown_fields(model)
    defaults = {field.name: field.get_default() for field, _, _ in shown if not callable(field.default)}
    with translation.override("zh-hans"):
        return [{label: _display(record[field.name] if field.name in record else defaults.get(field.name),
                                 field, choices) for field, label, choices in shown} for record in records]


def diff(before: dict, after: dict) -> dict:
    return {
        label: [before.get(label), value]
        for label, value in after.items()
        if before.get(label) != value
    }


def build_event(
    actor,
    action: str,
    obj: models.Model,
    *,
    before: dict | None = None,
    subject: models.Model | None = None,
    message: str = "",
    changes: dict | None = None,
) -> AuditEvent:
    """An unsaved event; ``record_event`` saves one, bulk use cases save many at once."""
    subject = subject or obj
    if changes is None:
        after = {} if action == AuditEvent.Action.DELETE else snapshot(obj)
        changes = diff(before or {}, after)
    return AuditEvent(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=str(subject.pk),
        changes=changes,
        message=message[:500],
    )


def event_rows(actor, action: str, model: type[models.Model], objects: Iterable[tuple[int, str, dict]]) -> list[dict]:
    """Events for ``bulk.insert_rows(AuditEvent, …)``, one per ``(pk, repr, changes)`` of new records of ``model``
    that are listed on their own pages: what ``build_event`` makes, without an object per event."""
    object_type = ContentType.objects.get_for_model(model).pk
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    return [{"actor_id": actor_id, "action": action, "object_type_id": object_type, "object_id": str(pk),
             "object_repr": text[:255], "subject_type_id": object_type, "subject_id": str(pk), "changes": changes,
             "message": ""} for pk, text, changes in objects]


def record_event(actor, action: str, obj: models.Model, **kwargs) -> AuditEvent:
    event = build_event(actor, action, obj, **kwargs)
    event.save()
    return event


def history_of(subject: models.Model):
    """Every event listed on a record's page, newest first."""
    return AuditEvent.objects.filter(
        subject_type=ContentType.objects.get_for_model(subject), subject_id=str(subject.pk)
    ).select_related("actor", "object_type")


def described_filters(form, data: dict) -> dict[str, str]:
    """A list page's filters as the page shows them (label: chosen value), for the history."""
    shown = {}
    for name, value in data.items():
        if value in (None, "", False) or name == "sort" or name not in form.fields:
            continue
        choices = dict(getattr(form.fields[name], "choices", None) or ())
        shown[str(form.fields[name].label)] = "是" if value is True else str(choices.get(value, value))
    return shown


def record_id_export(actor, organization: models.Model, *, register: str, filters: dict[str, str],
                     count: int) -> AuditEvent:
    """A workbook with the full ID numbers of a scope is written to the history like a single reveal: who,
    when (the event), which organization and filter, how many records; listed on the organization's page."""
    described = "；".join(f"{label}：{value}" for label, value in filters.items()) or "无"
    return record_event(actor, AuditEvent.Action.EXPORT_SENSITIVE, organization, changes={
        "导出范围": [None, f"{organization}（含下级）"], "筛选条件": [None, described], "记录数": [None, count],
    }, message=f"导出{register} Excel，含完整身份证号 {count} 条")
