"""The API under attack (接口攻击测试): a bounded schemathesis run over every operation of /api/v1/.

Each operation of the OpenAPI schema is a test item (schemathesis's pytest integration, ``schema.parametrize``):
its coverage phase (boundary values, wrong types, nulls, strings one past ``maxLength``, numbers one past a
bound) and a few fuzzed cases, in the positive and the negative generation mode, sent in-process to the Django
application (WSGI), signed in as the department admin of the small county; a second, lighter run signs in as a
township operator, whose scope turns many of the same inputs into 404s. Identifiers in paths, queries and bodies
are pointed at the fixture's records most of the time, so the inputs reach the services rather than a 404.

schemathesis draws inside the schema's bounds, so a bound the schema lacks is never tried; a third pass
(``test_extreme_values_…``) therefore sends null, NUL, 10,000 characters, integers past 64 bits, years 1 and
9999 and 10,000 list items into every field of every operation, one at a time on top of a valid request.

Every request runs in a savepoint that is rolled back: each meets the fixture as it was, so a case that closes
the county or moves a township cannot change what the next case sees (the API deletes nothing; moves and
closes are its most destructive operations).

A 5xx is never allowed; neither is a refusal (4xx) without a Chinese ``detail`` (405 for a method the path does
not have included: ``core.middleware.MethodNotAllowedMiddleware`` gives it one). An operation fails with the list of what went wrong: the request as sent
and, for a 5xx, the exception the server raised and where. ``ZUGONG_ATTACK_EXAMPLES`` raises the number of fuzzed
cases for a longer run by hand.
"""

import copy
import datetime as dt
import json
import os
import re
import sys
import traceback
from collections import Counter
from dataclasses import dataclass, field

import pytest
import schemathesis
from django.apps import apps
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import got_request_exception, request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.core import NotSet

from config import urls  # noqa: F401  (adds every app's router to the API)
from zugong.core.api import api

CSRF_TOKEN = "zugongattackcsrftoken00000000000"  # 32 characters: Django accepts an unmasked secret
CJK = re.compile(r"[\u4e00-\u9fff]")
FUZZED = int(os.environ.get("ZUGONG_ATTACK_EXAMPLES", "5"))  # per operation and mode, after the coverage phase


def _schema(*, coverage: bool, examples: int):
    config = schemathesis.Config.from_dict({
        "generation": {"mode": "all", "max-examples": examples, "deterministic": True,
                       "database": "none", "no-shrink": True, "with-security-parameters": False},
        # Methods a path does not have are answered by ninja (405) before any code of ours runs.
        "phases": {"coverage": {"enabled": coverage, "unexpected-methods": []}},
    })
    schema = schemathesis.openapi.from_dict(copy.deepcopy(RAW), config=config)
    schema.app = WSGIHandler()
    return schema


RAW = api.get_openapi_schema()
FULL = _schema(coverage=True, examples=FUZZED)
LIGHT = _schema(coverage=False, examples=FUZZED)


@dataclass
class Attack:
    """The records a request may name, by kind of identifier; the signed-in persona's cookies; what was seen."""

    ids: dict[str, list[int]]
    cookies: dict[str, str]
    server_errors: dict[str, str] = field(default_factory=dict)  # the first input of each cause
    untranslated: list[str] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    wrong_types_sent: set = field(default_factory=set)


# Which records an identifier names: by path (the collection before {pk}) and by body/query field name.
PATH_KINDS = {"organizations": "organization", "work-units": "unit", "members": "member", "transfers": "transfer",
              "cases": "case", "surveys": "survey", "selection-cases": "selection_case", "rounds": "assessment_round",
              "results": "assessment_result", "meetings": "meeting", "talents": "talent"}
FIELD_KINDS = {"parent_id": "organization", "organization_id": "organization", "managed_by_id": "organization",
               "covered_by_id": "organization", "to_organization_id": "organization", "member_id": "member",
               "work_unit_id": "unit", "people": "member"}


def _real(value, ids: list[int]):
    """An identifier becomes one of the records most of the time (one bucket in len+1 keeps the generated value,
    for the 404 path); anything else (a word, a negative or huge number, null) is sent as generated. The
    coverage phase sends path and query values as strings."""
    number = int(value) if isinstance(value, str) and value.isascii() and value.isdigit() else value
    if type(number) is not int or not ids or not 0 <= number < 2**63:
        return value
    bucket = number % (len(ids) + 1)
    real = ids[bucket] if bucket < len(ids) else number
    return str(real) if isinstance(value, str) else real


def _point_at_records(case, attack: Attack) -> None:
    if case.path_parameters and "pk" in case.path_parameters:
        collection = case.path.split("/{pk}")[0].rsplit("/", 1)[-1]
        case.path_parameters["pk"] = _real(case.path_parameters["pk"], attack.ids[PATH_KINDS[collection]])
    for container in (case.body, case.query):
        if not isinstance(container, dict):
            continue
        for name, kind in FIELD_KINDS.items():
            if name in container:
                value = container[name]
                container[name] = ([_real(v, attack.ids[kind]) for v in value] if isinstance(value, list)
                                   else _real(value, attack.ids[kind]))


def _where(exc_info) -> str:
    frames = traceback.extract_tb(exc_info[2])
    ours = [f for f in frames if "/zugong/" in f.filename] or frames
    return f"{ours[-1].filename.rsplit('/zugong/', 1)[-1]}:{ours[-1].lineno}"


def _describe(case) -> str:
    parts = [f"{case.method} {case.formatted_path}"]
    if case.query:
        parts.append(f"query={json.dumps(case.query, ensure_ascii=False, default=str)[:300]}")
    if not isinstance(case.body, NotSet):
        parts.append(f"body={json.dumps(case.body, ensure_ascii=False, default=str)[:300]}")
    return " ".join(parts)


def _send(case, attack: Attack):
    """One request in a savepoint rolled back afterwards; the exceptions the server raised while answering."""
    raised = []

    def remember(sender, request=None, **kwargs):
        raised.append(sys.exc_info())

    got_request_exception.connect(remember)
    try:
        with transaction.atomic():
            response = case.call(cookies=attack.cookies, headers={"X-CSRFToken": CSRF_TOKEN})
            transaction.set_rollback(True)
    finally:
        got_request_exception.disconnect(remember)
    return response, raised


def _repeats_a_wrong_type(case, attack: Attack) -> bool:
    """The coverage phase sends each field as every other JSON type (40 % of its cases), and pydantic refuses them
    all alike: one wrong type per field is enough to see its Chinese message."""
    data = getattr(case.meta.phase, "data", None) if case.meta else None
    if getattr(data, "scenario", None) != "incorrect_type":
        return False
    key = (str(data.parameter_location), data.parameter)
    if key in attack.wrong_types_sent:
        return True
    attack.wrong_types_sent.add(key)
    return False


def _attack(case, attack: Attack, *, point_at_records: bool = True) -> None:
    if _repeats_a_wrong_type(case, attack):
        return
    if point_at_records:
        _point_at_records(case, attack)
    response, raised = _send(case, attack)
    status = response.status_code
    attack.statuses.append(status)
    if status >= 500:
        cause = f"{raised[0][0].__name__} at {_where(raised[0])}" if raised else f"{status} without an exception"
        message = f": {str(raised[0][1])[:160]}" if raised else ""
        attack.server_errors.setdefault(cause, f"{status} {_describe(case)}\n      → {cause}{message}")
    elif status >= 400:
        try:
            detail = response.json().get("detail")
        except (ValueError, AttributeError):  # Django refused the request before the API (a malformed multipart
            detail = None                      # body): its own Chinese error page
        chinese_page = detail is None and "<html" in response.text and CJK.search(response.text)
        if not chinese_page and (not isinstance(detail, str) or not CJK.search(detail)):
            attack.untranslated.append(f"{status} {_describe(case)}\n      → {response.text[:160]}")


def _report(attack: Attack, *, must_reach: bool) -> None:
    lines = []
    if attack.server_errors:
        errors = sum(1 for s in attack.statuses if s >= 500)
        lines.append(f"{errors} server errors in {len(attack.statuses)} requests, {len(attack.server_errors)} causes:")
        lines += [f"  - {line}" for line in attack.server_errors.values()]
    if attack.untranslated:
        lines.append(f"{len(attack.untranslated)} refusals without a Chinese detail, e.g.:")
        lines += [f"  - {line}" for line in attack.untranslated[:5]]
    if must_reach and not any(s < 300 or s in (400, 409) for s in attack.statuses):
        lines.append("no input got past validation to the operation itself (only 404/405/422): the run proves nothing")
    if lines:
        lines.append(f"statuses: {dict(sorted(Counter(attack.statuses).items()))}")
        pytest.fail("\n".join(lines), pytrace=False)


@pytest.fixture(autouse=True)
def _connection_kept_between_requests():
    """The WSGI handler closes the database connection after each request, and the test's transaction lives on it
    (Django's test client disconnects the same receivers)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@dataclass
class Records:
    ids: dict[str, list[int]]  # by kind of identifier, for generated values
    named: dict[str, int]  # for the extreme-value baselines


@pytest.fixture
def records(county, department_admin, full_members) -> Records:
    """The county, its work units, three members (the first with a pending transfer), a development case, a survey,
    a finalized assessment round."""
    from zugong.appointments.models import SelectionCase
    from zugong.assessments.tests.scope_assessments import make_round
    from zugong.branchlife.tests.scope_branchlife import api_meeting
    from zugong.development import services as development
    from zugong.members.tests.test_members import id_for
    from zugong.members.transfers import start_transfer
    from zugong.surveys.tests.factories import make_survey
    from zugong.talent.catalogue import install as install_talent_tables
    from zugong.talent.models import TalentCategory
    from zugong.talent.tests.conftest import make_talent

    case = development.open_case(
        department_admin, name="陈晓燕", id_number=id_for(dt.date(1998, 4, 2), 22), ethnicity="01",
        education="undergraduate", occupation="professional", organization=county.village, phone="13900000001",
        applied_on=dt.date(2026, 1, 5))
    transfer = start_transfer(department_admin, full_members[0], county.other_village)
    survey = make_survey(county.county)
    selection = SelectionCase.objects.create(title="东风镇镇长人选", unit=county.township)  # 动议 not yet taken
    assessment, assessed, _score = make_round(county.village, finalized=True)
    meeting = api_meeting(county, full_members)
    if not TalentCategory.objects.exists():
        install_talent_tables(apps)  # the data migration's rows, flushed by transactional tests
    talent = make_talent(department_admin, county.village)
    organizations = (county.county, county.township, county.village, county.village2, county.other_township,
                     county.other_village, county.agencies, county.agency_branch)
    return Records(
        ids={"organization": [o.pk for o in organizations],
             "unit": [county.village_unit.pk, county.other_village_unit.pk],
             "member": [m.pk for m in full_members], "transfer": [transfer.pk], "case": [case.pk],
             "survey": [survey.pk], "selection_case": [selection.pk], "assessment_round": [assessment.pk],
             "assessment_result": [assessed.pk], "meeting": [meeting.pk], "talent": [talent.pk]},
        named={"county": county.county.pk, "township": county.township.pk, "village": county.village.pk,
               "village2": county.village2.pk, "other_township": county.other_township.pk,
               "other_village": county.other_village.pk, "unit": county.village_unit.pk,
               "member": full_members[1].pk, "transfer": transfer.pk, "case": case.pk, "survey": survey.pk,
               "selection_case": selection.pk, "assessment_round": assessment.pk, "assessment_result": assessed.pk,
               "meeting": meeting.pk, "talent": talent.pk},
    )


def _signed_in(user) -> dict[str, str]:
    client = Client()
    client.force_login(user)
    return {"sessionid": client.cookies["sessionid"].value, "csrftoken": CSRF_TOKEN}


@pytest.fixture
def as_department_admin(records, department_admin):
    attack = Attack(records.ids, _signed_in(department_admin))
    yield attack
    _report(attack, must_reach=True)


@pytest.fixture
def as_township_operator(records, township_operator):
    attack = Attack(records.ids, _signed_in(township_operator))
    yield attack
    _report(attack, must_reach=False)


@FULL.parametrize()
@settings(suppress_health_check=list(HealthCheck), deadline=None)
def test_no_input_is_a_server_error_for_the_department_admin(case, as_department_admin):
    _attack(case, as_department_admin)


@LIGHT.parametrize()
@settings(suppress_health_check=list(HealthCheck), deadline=None)
def test_no_input_is_a_server_error_for_a_township_operator(case, as_township_operator):
    _attack(case, as_township_operator)


# Extreme values (极端取值): schemathesis draws values inside the schema's bounds, so a bound the schema lacks is
# never tested. Here every field of every operation in turn gets null, a NUL byte, 10,000 characters, integers past
# 64 bits, dates in year 1 and 9999, ten thousand list items, and the schema's own bounds exactly, while the rest of
# the request is a valid one; found by its absence, a missing bound is a 5xx.

HUGE = 2**64


def _resolve(schema: dict) -> dict:
    while True:
        if "$ref" in schema:
            schema = RAW["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
        elif len(schema.get("allOf", ())) == 1:
            schema = schema["allOf"][0]
        else:
            return schema


def _typed(schema: dict) -> dict:
    """The first alternative that is not null."""
    schema = _resolve(schema)
    for option in schema.get("anyOf", ()):
        if _resolve(option).get("type") != "null":
            return _typed(option)
    return schema


def _sample(schema: dict):
    """A value the schema accepts."""
    typed = _typed(schema)
    kind = typed.get("type")
    if "enum" in typed:
        return typed["enum"][0]
    if kind == "string":
        return "2020-06-01" if typed.get("format") == "date" else "测试"
    if kind in ("integer", "number"):
        return max(typed.get("minimum", 1), 1)
    if kind == "object":
        return {name: _sample(prop) for name, prop in typed.get("properties", {}).items()}
    return {"boolean": False, "array": []}.get(kind)


def _extremes(schema: dict) -> list:
    typed = _typed(schema)
    kind, values = typed.get("type"), [None]
    if "enum" in typed:
        return values
    if kind == "string" and typed.get("format") == "date":
        values += ["0001-01-01", "9999-12-31", "1900-01-01", "2100-12-31"]
    elif kind == "string":
        values += ["甲\x00乙", "长" * 10_000] + (["长" * typed["maxLength"]] if "maxLength" in typed else [])
    elif kind == "integer":
        values += [2**63 - 1, HUGE, -HUGE] + ([typed["maximum"]] if "maximum" in typed else [])
    elif kind == "number":
        values += [1e308, -1e308, "1e400", "NaN"]
    elif kind == "array":
        item = typed.get("items", {})
        values += [[value] for value in _extremes(item)[1:]] + [[_sample(item)] * 10_000]
    return values


def _fields(operation: dict):
    """(where, key path, schema, the enclosing object's schema) of every parameter and body field, one level
    into nested objects."""
    for parameter in operation.get("parameters", ()):
        yield parameter["in"], (parameter["name"],), parameter["schema"], None
    body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
    if body is None:
        return
    for name, prop in _typed(body).get("properties", {}).items():
        yield "body", (name,), prop, None
        for inner, inner_prop in _typed(prop).get("properties", {}).items():
            yield "body", (name, inner), inner_prop, prop


# A valid request per operation where a sampled one would be refused before reaching the database ("@name": a
# record of the fixture, "@today", "@this_month").
BASELINES = {
    "POST /api/v1/organizations": {"body": {"parent_id": "@township", "name": "东风镇机关党支部", "kind": "branch",
                                             "sector": "agency"}},
    "PATCH /api/v1/organizations/{pk}": {"pk": "@village2"},
    "POST /api/v1/organizations/{pk}/move": {"pk": "@village2", "body": {"parent_id": "@other_township"}},
    "POST /api/v1/organizations/{pk}/close": {"pk": "@village2", "body": {"closed_on": "@today", "reason": "合并"}},
    "POST /api/v1/work-units": {"body": {"name": "红星厂", "kind": "private_enterprise", "managed_by_id": "@township",
                                          "covered_by_id": None}},
    "POST /api/v1/members": {"body": {
        "name": "张建国", "id_number": "36072119700305011X", "education": "college", "occupation": "farmer",
        "joined_on": "1995-07-01", "full_member_on": "1996-07-01", "stage": "full", "organization_id": "@village2",
        "work_unit_id": None, "gender": None, "birth_date": None, "dues_category": "farmer", "dues_base": None,
        "dues_from": None}},
    "POST /api/v1/transfers": {"body": {"member_id": "@member", "to_organization_id": "@other_village"}},
    "POST /api/v1/transfers/{pk}/return": {"body": {"reason": "材料不全"}},
    "POST /api/v1/members/{pk}/dues": {"body": {"months": ["@this_month"], "paid_on": "@today"}},
    "POST /api/v1/development/cases/{pk}/steps": {"body": {"kind": "talk", "done_on": "2026-02-01",
                                                           "handled_by": "王书记", "vote": None}},
}
DEFAULT_PK = {"organization": "village", "unit": "unit", "member": "member", "transfer": "transfer", "case": "case",
              "survey": "survey", "selection_case": "selection_case", "assessment_round": "assessment_round",
              "assessment_result": "assessment_result", "meeting": "meeting", "talent": "talent"}


def _filled(value, named: dict[str, int]):
    today = timezone.localdate()
    if isinstance(value, list):
        return [_filled(v, named) for v in value]
    if not (isinstance(value, str) and value.startswith("@")):
        return value
    return {"@today": today.isoformat(), "@this_month": today.replace(day=1).isoformat()}.get(value) or named[value[1:]]


def _baseline(label: str, path: str, operation: dict, named: dict[str, int]) -> dict:
    given = BASELINES.get(label, {})
    request: dict = {"path": {}, "query": {}, "body": NotSet()}
    if "{pk}" in path:
        kind = PATH_KINDS[path.split("/{pk}")[0].rsplit("/", 1)[-1]]
        request["path"]["pk"] = _filled(given.get("pk", f"@{DEFAULT_PK[kind]}"), named)
    body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
    if body is not None:
        sampled = {name: value for name, value in _sample(body).items() if name in _typed(body).get("required", ())}
        request["body"] = {**sampled, **{k: _filled(v, named) for k, v in given.get("body", {}).items()}}
    return request


def _variant(baseline: dict, where: str, keys: tuple, value, parent: dict | None) -> dict:
    """The baseline with one field replaced; a nested field's object is sampled when the baseline has none."""
    request = copy.deepcopy(baseline)
    target = request[where]
    if parent is not None:
        if not isinstance(target.get(keys[0]), dict):
            target[keys[0]] = _sample(parent)
        target = target[keys[0]]
    target[keys[-1]] = value
    return request


def _case(endpoint, request: dict):
    body = {} if isinstance(request["body"], NotSet) else {"body": request["body"]}
    return endpoint.Case(path_parameters=request["path"], query=request["query"], **body)


OPERATION_LABELS = [f"{method.upper()} {path}" for path, methods in RAW["paths"].items() for method in methods]


@pytest.mark.parametrize("label", OPERATION_LABELS)
def test_extreme_values_in_every_field_are_refused_or_handled(label, records, department_admin):
    attack = Attack(records.ids, _signed_in(department_admin))
    method, path = label.split(" ", 1)
    operation = RAW["paths"][path][method.lower()]
    baseline = _baseline(label, path, operation, records.named)
    endpoint = FULL[path][method]
    sent_as_is = _case(endpoint, baseline)
    response, _raised = _send(sent_as_is, attack)
    assert response.status_code not in (404, 422), (
        f"the valid request of {label} is refused, so its variants prove nothing: {_describe(sent_as_is)} → "
        f"{response.status_code} {response.text[:300]}")
    for where, keys, schema, parent in _fields(operation):
        for value in _extremes(schema):
            if value is None and where != "body":
                continue  # an absent parameter is its default, not null
            request = _variant(baseline, where, keys, value, parent)
            _attack(_case(endpoint, request), attack, point_at_records=False)
    _report(attack, must_reach=False)
