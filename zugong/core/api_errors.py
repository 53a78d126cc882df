"""Refused API input in Chinese (接口校验错误): each of pydantic's error types as a sentence naming the field.

``ChineseValidationAPI.validation_error_from_error_contexts`` (in ``core.api``) calls ``describe`` for every
error of a request; the field is named by its Chinese title (the model column's ``verbose_name`` through
``core.api_types.column``) beside its name in the JSON, e.g. ``名称（name）：不能超过 100 个字符``.
"""

import re
from collections.abc import Mapping
from typing import Any, get_args

from pydantic import BaseModel

from zugong.core import bounds
from zugong.core.api_types import NO_NUL_PATTERN

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

_REASONS = {
    "missing": "必填",
    "string_type": "应为文字",
    "string_too_long": "不能超过 {max_length} 个字符",
    "string_too_short": "至少 {min_length} 个字符",
    "string_pattern_mismatch": "格式不正确",
    "string_unicode": "应为 UTF-8 文字",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_parsing_size": "数值过大",
    "int_from_float": "应为整数",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "greater_than_equal": "不能小于 {ge}",
    "greater_than": "应大于 {gt}",
    "less_than_equal": "不能大于 {le}",
    "less_than": "应小于 {lt}",
    "date_type": "应为日期（如 2026-01-31）",
    "date_parsing": "应为日期（如 2026-01-31）",
    "date_from_datetime_parsing": "应为日期（如 2026-01-31）",
    "date_from_datetime_inexact": "应为日期（如 2026-01-31），不含时刻",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "enum": "应为以下之一：{expected}",
    "literal_error": "应为以下之一：{expected}",
    "decimal_type": "应为数值",
    "decimal_parsing": "应为数值",
    "decimal_max_digits": "最多 {max_digits} 位数字",
    "decimal_max_places": "最多 {decimal_places} 位小数",
    "decimal_whole_digits": "整数部分最多 {whole_digits} 位",
    "finite_number": "应为有限的数值",
    "list_type": "应为列表",
    "too_long": "最多 {max_length} 项",
    "too_short": "至少 {min_length} 项",
    "dict_type": "应为 JSON 对象",
    "model_type": "应为 JSON 对象",
    "model_attributes_type": "应为 JSON 对象",
    "json_invalid": "不是合法的 JSON",
    "json_type": "不是合法的 JSON",
}
_DATE_REASONS = {"greater_than_equal": "不能早于 {ge}", "less_than_equal": "不能晚于 {le}",
                 "greater_than": "应晚于 {gt}", "less_than": "应早于 {lt}"}
GENERAL = "取值不合法"


def reason(error: Mapping[str, Any]) -> str:
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == NO_NUL_PATTERN:
        return bounds.NUL_MESSAGE
    if kind in ("value_error", "assertion_error") and ctx.get("error"):
        return str(ctx["error"]).removeprefix("Value error, ")
    template = _REASONS.get(kind)
    if kind in _DATE_REASONS and any(_DATE.match(str(v)) for v in ctx.values()):
        template = _DATE_REASONS[kind]
    if template is None:
        return GENERAL
    try:
        return template.format(**{key: str(value).replace("' or '", "、").replace("', '", "、").strip("'")
                                  for key, value in ctx.items()})
    except (KeyError, IndexError):
        return GENERAL


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in get_args(annotation):
        found = _nested_model(argument)
        if found is not None:
            return found
    return None


def _title_in(annotation: Any) -> str | None:
    """A title given inside the annotation (``Annotated[date, column(...)] | None``) rather than on the field."""
    for item in getattr(annotation, "__metadata__", ()):
        title = getattr(item, "title", None)
        if isinstance(title, str):
            return title
    for argument in get_args(annotation):
        title = _title_in(argument)
        if title:
            return title
    return None


def title_at(model: type[BaseModel], loc: tuple) -> str | None:
    """The Chinese title of the field at ``loc`` (pydantic's location inside ``model``), if it has one."""
    current: type[BaseModel] | None = model
    info = None
    for part in loc:
        if isinstance(part, int):
            continue
        if current is None or part not in current.model_fields:
            return None
        info = current.model_fields[part]
        current = _nested_model(info.annotation)
    if info is None:
        return None
    return (info.title or next((m.title for m in info.metadata if isinstance(getattr(m, "title", None), str)), None)
            or _title_in(info.annotation))


def public_name(source: str, loc: tuple) -> str:
    """The field as the client sent it: a body's fields without ninja's parameter name, list items as [n]."""
    parts = list(loc[1:] if source == "body" else loc)
    name = ""
    for part in parts:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name


def describe(error: Mapping[str, Any], title: str | None, name: str) -> str:
    if not name:
        return "请求内容：" + ("缺少 JSON 对象" if error.get("type") == "missing" else reason(error))
    label = f"{title}（{name}）" if title and title != name else name
    return f"{label}：{reason(error)}"
