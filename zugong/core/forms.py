from typing import Any

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zugong.core import bounds
from zugong.core.dates import month_start


class StyledFormMixin:
    """Give every widget its Bootstrap class, and every date and number its bounds (``bound_fields``)."""

    fields: dict[str, forms.Field]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        bound_fields(self)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField) and field.empty_label is not None:
                field.empty_label = _("—— 请选择 ——")
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self):
        bound_fields(self)  # again: fields a form adds in its own __init__, after this one's
        return super().full_clean()  # type: ignore[misc]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m", **kwargs)


class MonthField(forms.DateField):
    """A month as ``2026-11`` (the browser's month input); the value is its first day."""

    widget = MonthInput
    input_formats = ["%Y-%m", "%Y-%m-%d"]

    def to_python(self, value):
        day = super().to_python(value)
        return month_start(day) if day else day


# Bounds (输入边界) for the pages, from core.bounds like the API's: a date within 1900-01-01..2100-12-31 (a year
# typed 20226 is refused, not stored); a number of a model form within its column's range. A form made with
# StyledFormMixin gets them for every field that has none, whether declared, taken from the model or added in
# the form's __init__ (bound again before cleaning); other fields carry explicit max_length / min_value /
# max_value where they are declared (tests/test_form_bounds.py walks every form).


def _has_bounds(field: forms.Field) -> bool:
    kinds = {type(v) for v in field.validators}
    return MinValueValidator in kinds and MaxValueValidator in kinds


def _add_bounds(field: forms.Field, low, high, low_message: str, high_message: str, low_attr, high_attr) -> None:
    if not any(isinstance(v, MinValueValidator) for v in field.validators):
        field.validators.append(MinValueValidator(low, message=low_message))
        field.widget.attrs.setdefault("min", low_attr)
    if not any(isinstance(v, MaxValueValidator) for v in field.validators):
        field.validators.append(MaxValueValidator(high, message=high_message))
        field.widget.attrs.setdefault("max", high_attr)


def bound_date(field: forms.DateField) -> None:
    low, high = bounds.DATE_MIN, bounds.DATE_MAX
    if isinstance(field, MonthField):
        text = f"月份须在 {low:%Y-%m} 至 {high:%Y-%m} 之间"
        _add_bounds(field, low, high, text, text, f"{low:%Y-%m}", f"{high:%Y-%m}")
    else:
        text = bounds.date_range_message()
        _add_bounds(field, low, high, text, text, low.isoformat(), high.isoformat())


def _bound_number(field: Any, column: models.Field) -> None:
    """A model form's number within its column: the integer type's range (PostgreSQL's), the decimal's digits."""
    model, name = column.model, column.name
    low: Any
    high: Any
    if isinstance(column, models.DecimalField):
        low, high, _digits, _places = bounds.decimal_range_of(model, name)
    elif isinstance(column, models.IntegerField):
        low, high = bounds.integer_range_of(model, name)
    else:
        return
    low = max(low, field.min_value) if field.min_value is not None else low
    high = min(high, field.max_value) if field.max_value is not None else high
    field.min_value, field.max_value = low, high
    _add_bounds(field, low, high, f"不能小于 {low}", f"不能大于 {high}", str(low), str(high))


def _bound_text(field: forms.CharField, column: models.Field) -> None:
    """A model form's text column without a length of its own (a TextField) keeps to ``TEXT_MAX``."""
    if isinstance(column, (models.CharField, models.TextField)):
        field.max_length = bounds.max_length_of(column.model, column.name)
        field.validators.append(MaxLengthValidator(field.max_length))
        field.widget.attrs.setdefault("maxlength", str(field.max_length))


def _column(model, name: str) -> models.Field | None:
    if model is None:
        return None
    try:
        column = model._meta.get_field(name)
    except FieldDoesNotExist:  # a field of the form only
        return None
    return column if isinstance(column, models.Field) else None


def bound_fields(form) -> None:
    """Bounds for every date, and every number or text taken from a model column, that has none yet."""
    model = getattr(getattr(form, "_meta", None), "model", None)
    for name, field in form.fields.items():
        if isinstance(field, forms.DateField):
            if not _has_bounds(field):
                bound_date(field)
        elif isinstance(field, forms.IntegerField):  # DecimalField is one too
            if not _has_bounds(field) and (column := _column(model, name)) is not None:
                _bound_number(field, column)
        elif isinstance(field, forms.CharField) and field.max_length is None:
            if (column := _column(model, name)) is not None:
                _bound_text(field, column)


class PolicyValueForm(StyledFormMixin, forms.Form):
    value = forms.CharField(label=_("新取值"), max_length=30)
