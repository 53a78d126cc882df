"""The API's bounds (接口输入边界): the schema states them, the API keeps them, refusals are Chinese and name the field.

The schemathesis run (``test_api_attacks.py``) looks for 5xx over every operation; these tests pin the rules
themselves: every input in the OpenAPI schema is bounded, each enum is its own component, pages are bounded and
an offset past the end is an empty page, ``null`` and NUL are refused with a sentence naming the field.
"""

import datetime as dt
import json
import string
from typing import Annotated

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st
from ninja.openapi.schema import OpenAPISchema
from pydantic import TypeAdapter, ValidationError

from config import urls  # noqa: F401  (adds every app's router to the API)
from zugong.core import api_errors, bounds
from zugong.core.api import api
from zugong.core.api_types import NO_NUL_PATTERN, Day, Search, Year, column
from zugong.members.models import Member, MembershipTransfer
from zugong.organizations.models import Organization, WorkUnit

NOT_FOUND = "未找到该记录，或不在您的权限范围内"


def send(client, method, url, data):
    return client.generic(method, url, json.dumps(data), content_type="application/json")


def _resolve(schema: dict, components: dict) -> dict:
    while "$ref" in schema or len(schema.get("allOf", ())) == 1:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]] if "$ref" in schema else schema["allOf"][0]
    return schema


def _leaves(schema: dict, components: dict, where: str):
    """Every scalar (or list) an input schema accepts, with where it is, through objects, unions and lists."""
    schema = _resolve(schema, components)
    for option in schema.get("anyOf", ()):
        yield from _leaves(option, components, where)
    if schema.get("type") == "object":
        for name, prop in schema.get("properties", {}).items():
            yield from _leaves(prop, components, f"{where}.{name}")
    elif schema.get("type") == "array":
        yield where, schema
        yield from _leaves(schema.get("items", {}), components, f"{where}[]")
    elif "type" in schema or "enum" in schema:
        yield where, schema


def _inputs():
    document = api.get_openapi_schema()
    components = document["components"]["schemas"]
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            label = f"{method.upper()} {path}"
            for parameter in operation.get("parameters", ()):
                yield from _leaves(parameter["schema"], components, f"{label} {parameter['name']}")
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            if body:
                yield from _leaves(body, components, f"{label} body")


def test_every_input_of_the_api_schema_is_bounded():
    unbounded = []
    for where, schema in _inputs():
        kind = schema.get("type")
        if "enum" in schema or kind in ("boolean", "null"):
            continue
        if kind == "string" and schema.get("format") == "date":
            if f"{bounds.DATE_MIN:%Y-%m-%d}" not in schema.get("description", ""):
                unbounded.append(f"{where}: a date without its range")
        elif kind == "string":
            if "maxLength" not in schema or schema.get("pattern") != NO_NUL_PATTERN:
                unbounded.append(f"{where}: a string without maxLength or without refusing NUL")
        elif kind in ("integer", "number"):
            if "minimum" not in schema or "maximum" not in schema:
                unbounded.append(f"{where}: a number without minimum and maximum")
        elif kind == "array" and "maxItems" not in schema:
            unbounded.append(f"{where}: a list without maxItems")
    assert unbounded == []


def test_string_lengths_are_the_model_columns():
    components = api.get_openapi_schema()["components"]["schemas"]
    for schema, name, model, column_name in [
        ("OrganizationIn", "name", Organization, "name"), ("OrganizationPatch", "contact_phone", Organization,
                                                            "contact_phone"),
        ("CloseIn", "reason", Organization, "close_reason"), ("WorkUnitIn", "credit_code", WorkUnit, "credit_code"),
        ("MemberIn", "name", Member, "name"), ("MemberIn", "id_number", Member, "id_number"),
        ("TransferIn", "note", MembershipTransfer, "note"), ("ReturnIn", "reason", MembershipTransfer, "return_reason"),
    ]:
        assert components[schema]["properties"][name]["maxLength"] == model._meta.get_field(column_name).max_length


def test_each_enum_is_one_component_of_its_own(monkeypatch):
    """ninja gathers every model's definitions into one dict by name; two enums named ``Kind`` were one."""
    seen: dict[str, list] = {}
    original = OpenAPISchema.add_schema_definitions

    def remember(self, definitions):
        for name, definition in definitions.items():
            if definition not in seen.setdefault(name, []):
                seen[name].append(definition)
        return original(self, definitions)

    monkeypatch.setattr(OpenAPISchema, "add_schema_definitions", remember)
    components = api.get_openapi_schema()["components"]["schemas"]
    assert {name: len(found) for name, found in seen.items() if len(found) > 1} == {}
    assert components["OrganizationKind"]["enum"] == list(Organization.Kind.values)
    assert components["WorkUnitKind"]["enum"] == list(WorkUnit.Kind.values)
    assert components["MemberStage"]["enum"] == list(Member.Stage.values)
    assert "Kind" not in components and "Stage" not in components and "Status" not in components


def test_a_page_past_the_end_is_empty_and_a_page_too_large_is_refused(client, county, department_admin):
    client.force_login(department_admin)
    past = client.get(f"/api/v1/organizations?offset={bounds.OFFSET_MAX}")
    assert past.status_code == 200 and past.json() == {"items": [], "count": 8}
    response = client.get(f"/api/v1/organizations?limit={bounds.PAGE_LIMIT_MAX + 1}&offset={bounds.OFFSET_MAX + 1}")
    assert response.status_code == 422
    assert response.json()["detail"] == "每页条数（limit）：不能大于 500；起始位置（offset）：不能大于 1000000000"
    assert client.get(f"/api/v1/members?limit={bounds.PAGE_LIMIT_MAX}").status_code == 200


def test_a_year_or_a_day_out_of_range_is_refused_in_chinese(client, county, department_admin):
    client.force_login(department_admin)
    assert client.get("/api/v1/dues/totals?year=99999").json()["detail"] == "年度（year）：不能大于 2100"
    assert client.get("/api/v1/statistics/members?day=0001-01-01").json()["detail"] == "日期（day）：不能早于 1900-01-01"


def test_null_for_a_field_that_cannot_be_empty_is_refused_and_changes_nothing(client, county, department_admin):
    client.force_login(department_admin)
    url = f"/api/v1/organizations/{county.village.pk}"
    response = send(client, "PATCH", url, {"name": None, "contact_phone": None})
    assert response.status_code == 422
    assert response.json()["detail"] == "名称（name）：应为文字；联系电话（contact_phone）：应为文字"
    assert Organization.objects.get(pk=county.village.pk).name == "东风村党支部"
    cleared = send(client, "PATCH", url, {"founded_on": None})  # a founding date may be unknown
    assert cleared.status_code == 200 and cleared.json()["founded_on"] is None


def test_nul_and_an_overlong_string_are_refused_naming_the_field(client, county, department_admin):
    client.force_login(department_admin)
    response = send(client, "POST", "/api/v1/organizations", {
        "parent_id": county.township.pk, "name": "长" * 101, "kind": "branch", "sector": "rural",
        "contact_phone": "0791\x00"})
    assert response.status_code == 422
    assert [(e["field"], e["detail"]) for e in response.json()["errors"]] == [
        ("name", "名称（name）：不能超过 100 个字符"), ("contact_phone", "联系电话（contact_phone）：不能包含空字符（\\0）")]
    search = client.get("/api/v1/members", {"q": "张\x00"})
    assert search.status_code == 422 and search.json()["detail"] == "搜索（q）：不能包含空字符（\\0）"
    assert not Organization.objects.filter(parent=county.township, kind="branch", name__startswith="长").exists()


def test_a_nested_field_and_a_missing_body_are_named(client, county, department_admin):
    client.force_login(department_admin)
    response = send(client, "POST", "/api/v1/members/1/dues", {"months": [], "paid_on": "2026-13-01"})
    assert [e["detail"] for e in response.json()["errors"]] == [
        "所属月份（months）：至少 1 项", "交纳日期（paid_on）：应为日期（如 2026-01-31）"]
    missing = client.generic("POST", "/api/v1/organizations", "", content_type="application/json")
    assert missing.status_code == 422 and missing.json()["detail"] == "请求内容：缺少 JSON 对象"


def test_a_body_that_is_not_json_and_a_request_without_csrf_token_are_refused_in_chinese(county, department_admin):
    client = Client(enforce_csrf_checks=True)
    client.force_login(department_admin)
    refused = client.generic("POST", "/api/v1/organizations", "{}", content_type="application/json")
    assert refused.status_code == 403 and refused.json()["detail"].startswith("CSRF 校验失败")
    client = Client()
    client.force_login(department_admin)
    broken = client.generic("POST", "/api/v1/organizations", "{not json", content_type="application/json")
    assert broken.status_code == 400 and broken.json() == {"detail": "请求内容不是合法的 JSON"}


def test_an_identifier_past_64_bits_is_refused_not_looked_up(client, county, department_admin):
    client.force_login(department_admin)
    assert client.get(f"/api/v1/members/{2**63 - 1}").json() == {"detail": NOT_FOUND}
    assert client.get(f"/api/v1/members/{2**64}").json()["detail"] == "编号（pk）：不能大于 9223372036854775807"


# Property tests of the shared types: exactly the bounded values pass, and every refusal reads as Chinese.

NAME = TypeAdapter(Annotated[str, column(Organization, "name")])
SEARCH, YEAR, DAY = TypeAdapter(Search), TypeAdapter(Year), TypeAdapter(Day)


def _refusal(adapter, value) -> str | None:
    try:
        adapter.validate_python(value)
    except ValidationError as error:
        return api_errors.reason(error.errors()[0])
    return None


@given(st.text(max_size=120))
def test_a_name_passes_exactly_when_it_fits_the_column_and_has_no_nul(text):
    refusal = _refusal(NAME, text)
    assert (refusal is None) == (len(text) <= 100 and "\x00" not in text)
    assert refusal in (None, "不能超过 100 个字符", bounds.NUL_MESSAGE)


@given(st.integers(min_value=-(2**70), max_value=2**70))
def test_a_year_passes_exactly_within_1900_to_2100(year):
    refusal = _refusal(YEAR, year)
    assert (refusal is None) == (bounds.YEAR_MIN <= year <= bounds.YEAR_MAX)
    assert refusal in (None, "不能小于 1900", "不能大于 2100")


@given(st.dates())
def test_a_day_passes_exactly_within_the_date_bounds(day):
    refusal = _refusal(DAY, day.isoformat())
    assert (refusal is None) == (bounds.DATE_MIN <= day <= bounds.DATE_MAX)
    assert refusal in (None, "不能早于 1900-01-01", "不能晚于 2100-12-31")


JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(string.printable),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner,
                                                                                        max_size=3), max_leaves=5)


@given(JSON_VALUES)
def test_any_refused_value_is_explained_in_chinese(value):
    for adapter in (NAME, SEARCH, YEAR, DAY):
        refusal = _refusal(adapter, value)
        assert refusal is None or any("\u4e00" <= ch <= "\u9fff" for ch in refusal), (value, refusal)


@pytest.mark.parametrize("value, expected", [("2100-12-31", dt.date(2100, 12, 31)), ("1900-01-01", dt.date(1900, 1, 1))])
def test_the_date_bounds_themselves_are_accepted(value, expected):
    assert DAY.validate_python(value) == expected
