"""Input bounds (输入边界): the one place that says how long, how large and how early or late any input may be.

The API's types (``core.api_types``) and the pages' form fields (``core.forms``) both read these, so a date
refused by a page is refused by the API with the same range. A string's length comes from its model column
(``max_length_of``), a number's range from its column type and the model's own validators
(``integer_range_of``), never from a number typed twice. No string may hold NUL (``\\x00``): PostgreSQL cannot
store it, and no person types it.
"""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils.translation import gettext as _t

from zugong.core.access import DomainError

# Dates and years: a record about a party member or an organization falls within these.
DATE_MIN = dt.date(1900, 1, 1)
DATE_MAX = dt.date(2100, 12, 31)
YEAR_MIN = DATE_MIN.year
YEAR_MAX = DATE_MAX.year

TEXT_MAX = 5000  # a text column without a length of its own (notes, explanations)
SEARCH_MAX = 100  # a search box or filter word
PASSWORD_MAX = 128  # far past any passphrase; each sign-in hashes what is typed (argon2, deliberately slow)

# Lists: one page of the API, how far it may page, and how many items one request may carry.
PAGE_LIMIT_DEFAULT = 100
PAGE_LIMIT_MAX = 500
OFFSET_MAX = 1_000_000_000  # past any register, and far from overflowing the database's 64-bit OFFSET
LIST_ITEMS_MAX = 120  # e.g. the months of one dues payment (ten years), the people named in one step
COUNT_MAX = 1_000_000  # a count typed in a form, past any real one: the service's own rule (e.g. 5,000 codes at
#                        once) refuses first, with its own message

ID_MAX = 2**63 - 1  # a primary key is a 64-bit integer on every database

NUL = "\x00"
NUL_MESSAGE = "不能包含空字符（\\0）"


def date_range_message(label: str = "日期") -> str:
    return f"{label}须在 {DATE_MIN:%Y-%m-%d} 至 {DATE_MAX:%Y-%m-%d} 之间"


def column_of(model: type[models.Model], name: str) -> models.Field:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(f"{model.__name__}.{name} is a relation seen from the other side, not a column")
    return field


def max_length_of(model: type[models.Model], name: str) -> int:
    """A string column's length; a text column without one gets ``TEXT_MAX``."""
    field = column_of(model, name)
    length = getattr(field, "max_length", None)
    if length:
        return length
    if isinstance(field, models.TextField):
        return TEXT_MAX
    raise TypeError(f"{model.__name__}.{name} is not a string column")


def label_of(model: type[models.Model], name: str) -> str:
    return str(column_of(model, name).verbose_name)


def integer_range_of(model: type[models.Model], name: str) -> tuple[int, int]:
    """The narrowest of the column type's range on any database (PostgreSQL's) and the model's own validators."""
    field = column_of(model, name)
    low, high = BaseDatabaseOperations.integer_field_ranges[field.get_internal_type()]
    for validator in field._validators:  # type: ignore[attr-defined]  # the model's own, not the connection's
        if isinstance(validator, MinValueValidator):
            low = max(low, validator.limit_value)
        elif isinstance(validator, MaxValueValidator):
            high = min(high, validator.limit_value)
    return low, high


def decimal_range_of(model: type[models.Model], name: str, *, minimum: Decimal | None = None
                     ) -> tuple[Decimal, Decimal, int, int]:
    """(lowest, highest, max_digits, decimal_places) of a decimal column; ``minimum`` narrows the low end."""
    field = column_of(model, name)
    assert isinstance(field, models.DecimalField)
    places, digits = field.decimal_places, field.max_digits
    highest = Decimal(10) ** (digits - places) - Decimal(1).scaleb(-places)
    lowest = -highest if minimum is None else max(minimum, -highest)
    return lowest, highest, digits, places


def checked_text(value: str | None, label: str, field: str, limit: int, *, required: bool = False) -> str:
    """A typed text, stripped: no NUL, at most ``limit`` characters, present when ``required`` — the one check every
    service runs on its texts (DomainError on ``field``, naming ``label`` in the reader's language)."""
    value = (value or "").strip()
    if NUL in value:
        raise DomainError(_t("%(label)s不能包含空字符（\\0）") % {"label": _t(label)}, field=field)
    if len(value) > limit:
        raise DomainError(_t("%(label)s不能超过%(maximum)s个字（现有%(length)s个字）") % {
            "label": _t(label), "maximum": limit, "length": len(value)}, field=field)
    if required and not value:
        raise DomainError(_t("请填写%(label)s") % {"label": _t(label)}, field=field)
    return value


FEN = Decimal("0.01")


def checked_amount(value, field: str, label: str, maximum: int, *, positive: bool = False,
                   unit: str = "元") -> Decimal:
    """An amount in yuan (or an area): a finite number, at most two decimals (分), not negative (or above 0 when
    ``positive``), at most ``maximum`` (a policy's figure)."""
    what = "金额（元）" if unit == "元" else f"数字（{unit}）"
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as error:
        raise DomainError(f"{label}应为{what}，收到「{str(value)[:20]}」", field=field) from error
    if not amount.is_finite():
        raise DomainError(f"{label}应为{what}，收到「{str(value)[:20]}」", field=field)
    if amount != amount.quantize(FEN):
        raise DomainError(f"{label}最多精确到两位小数，收到 {amount}", field=field)
    if positive and amount <= 0:
        raise DomainError(f"{label}应大于0{unit}，收到 {amount}", field=field)
    if amount < 0:
        raise DomainError(f"{label}不能为负数，收到 {amount}", field=field)
    if amount > maximum:
        raise DomainError(f"{label}不能超过 {maximum:,} {unit}（政策规则），收到 {amount:,}", field=field)
    return amount.quantize(FEN)
