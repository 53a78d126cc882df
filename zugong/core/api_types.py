"""Bounded types for the API's schemas (接口输入类型): every string, number, date, list and page has a limit.

A field of a model is declared with the model's own bounds::

    name: Annotated[str, column(Organization, "name")]                     # maxLength 100, no NUL, title 名称
    founded_on: Annotated[dt.date, column(Organization, "founded_on")] | None = None   # 1900-01-01..2100-12-31
    kind: Annotated[Organization.Kind, column(Organization, "kind")]        # the enum, as OrganizationKind

and other inputs with the shared types below (``Id``, ``Year``, ``Day``, ``Search``, ``Page``). The numbers
themselves live in ``core.bounds``. In a partial update (PATCH) a field defaults to ``None`` without being
``| None``: it may be left out, but an explicit ``null`` is refused unless the column may be empty.

Two ``TextChoices`` with the same class name (``Organization.Kind``, ``WorkUnit.Kind``) would be one component
``Kind`` in the OpenAPI schema, the last one generated overwriting the others; ``column`` names each enum after
its qualified name (``OrganizationKind``, ``WorkUnitKind``).
"""

import datetime as dt
import enum
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any

from django.db import models
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination
from pydantic_core import core_schema

from zugong.core import bounds

NO_NUL_PATTERN = r"^[^\x00]*$"  # also documents in the schema that NUL is refused


def _date_field(title: str | None = None) -> Any:
    return Field(ge=bounds.DATE_MIN, le=bounds.DATE_MAX, title=title,
                 description=f"{bounds.DATE_MIN:%Y-%m-%d} 至 {bounds.DATE_MAX:%Y-%m-%d}")


def text(max_length: int, title: str | None = None) -> Any:
    """A string of at most ``max_length`` characters without NUL."""
    return Field(max_length=max_length, pattern=NO_NUL_PATTERN, title=title)


@dataclass(frozen=True)
class Label:
    """The field's Chinese name for error messages, kept where ninja's own query parameter info drops a title."""

    title: str


Id = Annotated[int, Field(ge=1, le=bounds.ID_MAX, title="编号"), Label("编号")]
Year = Annotated[int, Field(ge=bounds.YEAR_MIN, le=bounds.YEAR_MAX, title="年度"), Label("年度")]
Day = Annotated[dt.date, _date_field("日期"), Label("日期")]
Search = Annotated[str, text(bounds.SEARCH_MAX, "搜索"), Label("搜索")]


class NamedChoices:
    """Annotated metadata for a field with choices: the enum becomes its own schema component and must offer
    exactly the column's choices. A ``TextChoices`` is named after its qualified name (``OrganizationKind``);
    a plain list of choices on a ``str`` (the 56 ethnicities) after the column (``MemberEthnicity``).
    ``title`` labels the field in error messages."""

    def __init__(self, title: str, values: list[str] | None = None, column_name: str = ""):
        self.title = title
        self.values = values
        self.column_name = column_name

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> core_schema.CoreSchema:
        if source is str and self.values:
            return core_schema.literal_schema(self.values, ref=self.column_name)
        if not (isinstance(source, type) and issubclass(source, enum.Enum)):
            raise TypeError(f"{self.title}: an enum is expected, not {source!r}")
        members = list(source)
        if self.values is not None and sorted(m.value for m in members) != sorted(self.values):
            raise TypeError(f"{source.__qualname__} does not offer the choices of the column {self.title}")
        name = source.__qualname__.replace(".", "")
        return core_schema.enum_schema(source, members, sub_type="str", ref=name)

    def __get_pydantic_json_schema__(self, schema: Any, handler: Any) -> dict:
        json_schema = handler(schema)
        resolved = handler.resolve_ref_schema(json_schema)
        resolved["title"] = self.title
        resolved.pop("description", None)  # TextChoices' docstring is Django's, not ours
        return json_schema


def _as_json_number(step: Decimal):
    """A decimal is documented as a JSON number in steps of its last place; pydantic also offers an unbounded
    string form, which the API accepts but does not advertise."""

    def rewrite(schema: dict) -> None:
        number = next((option for option in schema.pop("anyOf", ()) if option.get("type") == "number"), None)
        if number is not None:
            schema.update(number)
        schema["multipleOf"] = float(step)

    return rewrite


def column(model: type[models.Model], name: str, *, minimum: Decimal | None = None) -> Any:
    """The bounds of ``model.name`` for use in ``Annotated[<type>, column(Model, "field")]``."""
    field = bounds.column_of(model, name)
    title = bounds.label_of(model, name)
    if getattr(field, "choices", None):
        camel = "".join(part.title() for part in name.split("_"))
        return NamedChoices(title, [str(value) for value, _ in field.flatchoices], f"{model.__name__}{camel}")
    if isinstance(field, models.ForeignKey):
        return Field(ge=1, le=bounds.ID_MAX, title=title)
    if isinstance(field, (models.CharField, models.TextField)):
        return text(bounds.max_length_of(model, name), title)
    if isinstance(field, models.DateField):
        return _date_field(title)
    if isinstance(field, models.DecimalField):
        low, high, digits, places = bounds.decimal_range_of(model, name, minimum=minimum)
        return Field(ge=low, le=high, max_digits=digits, decimal_places=places, title=title,
                     json_schema_extra=_as_json_number(Decimal(1).scaleb(-places)))
    if isinstance(field, models.IntegerField):
        lowest, highest = bounds.integer_range_of(model, name)
        return Field(ge=lowest, le=highest, title=title)
    if isinstance(field, models.BooleanField):
        return Field(title=title)
    raise TypeError(f"no API bounds for {model.__name__}.{name} ({type(field).__name__})")


class Page(LimitOffsetPagination):
    """limit/offset pages with both ends bounded: an offset past the end is an empty page."""

    class Input(Schema):
        limit: int = Field(bounds.PAGE_LIMIT_DEFAULT, ge=1, le=bounds.PAGE_LIMIT_MAX, title="每页条数")
        offset: int = Field(0, ge=0, le=bounds.OFFSET_MAX, title="起始位置")
