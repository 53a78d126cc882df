"""The English interface writes no Chinese of its own (issue 21, item 6).

As the department administrator with the English language chosen (the ``django_language`` cookie), every page the
scope test knows (``tests/test_scope.py``'s ENDPOINTS: the GET entries the administrator may open that answer with
HTML) is fetched, and its visible text -- element text, and the ``placeholder``/``title``/``aria-label``/``alt``
attributes; not <script>/<style> -- must hold no CJK character once the *data* is struck out.

Data is what people typed or what the law names, and stays as it was written: the values of the model fields in
ALLOWED_DATA_FIELDS (read from the database after the page's objects exist) and the fixed texts of
ALLOWED_DATA_TEXTS. Everything else on the page is written by the interface and needs its English in
locale/en/LC_MESSAGES/django.po.
"""

import re

import lxml.html
import pytest
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.urls import reverse

from tests.test_scope import ENDPOINTS, _make_member, _objects, _url
from zugong.core.policy import REGISTRY
from zugong.members.codes import ETHNICITIES

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
SHOWN_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")

# "app_label.Model.field": why the value is data, not interface.
ALLOWED_DATA_FIELDS = {
    "organizations.Organization.name": "an organization's name (示范县委, 东风村党支部)",
    "organizations.WorkUnit.name": "a work unit's name",
    "organizations.WorkUnit.address": "an address",
    "organizations.Rectification.reason": "the reason typed when a branch is put under rectification",
    "members.Member.name": "a person's name",
    "members.Member.address": "an address",
    "members.MobileRecord.destination": "where a mobile member went (a place name)",
    "development.DevelopmentCase.name": "an applicant's name",
    "cadres.Cadre.name": "a cadre's name",
    "cadres.Cadre.birthplace": "a place name",
    "cadres.Cadre.native_place": "a place name",
    "cadres.Position.title": "a post's title as the organization names it (东风村党支部书记)",
    "cadres.ResumeEntry.text": "a line of a cadre's resume, typed or imported",
    "cadres.FamilyRelation.name": "a relative's name",
    "cadres.FamilyRelation.work_unit_and_post": "a relative's workplace and post as typed",
    "education.Pledge.content": "the member's own pledge",
    "core.Finding.title": "a finding as the check wrote it when it ran (stored, like the audit history, in Chinese)",
    "core.Finding.detail": "the finding's detail, stored with its title",
    "accounts.User.display_name": "a user's name (组织部管理员)",
    "appointments.SelectionCase.title": "a selection case's title",
    "surveys.Survey.name": "a survey's name",
    "surveys.Survey.intro": "a survey's introduction as its designer wrote it",
    "surveys.Question.text": "a survey question",
    "surveys.Option.label": "a survey option",
    "ballots.Ballot.title": "a ballot's title",
}

# Fixed texts that are data though no model field holds them.
ALLOWED_DATA_TEXTS = {
    "GB 3304 ethnicity names (zugong.members.codes.ETHNICITIES)": ETHNICITIES,
    "policy sources: citations of Chinese regulations (zugong.core.policy.REGISTRY[...].source)":
        tuple(definition.source for definition in REGISTRY.values()),
    "the language switch names Chinese in Chinese": ("中文", "简体中文"),
}

PAGES = [
    endpoint for endpoint in ENDPOINTS
    if endpoint.method == "GET" and "department_admin" in endpoint.who and not endpoint.name.startswith("api:")
]
# Pages that still write Chinese, each with the reason (strict: the test fails once the page is fixed).
STILL_CHINESE: dict[str, str] = {}


def _field_values() -> set[str]:
    values = set()
    for dotted in ALLOWED_DATA_FIELDS:
        app_label, model_name, field_name = dotted.split(".")
        try:
            model = apps.get_model(app_label, model_name)
            model._meta.get_field(field_name)
        except (LookupError, FieldDoesNotExist) as exc:
            raise AssertionError(f"ALLOWED_DATA_FIELDS names a field that does not exist: {dotted}") from exc
        manager = getattr(model, "all_objects", model._default_manager)
        values.update(v for v in manager.values_list(field_name, flat=True) if v)
    return values


def _data_values() -> list[str]:
    values = _field_values() | {text for texts in ALLOWED_DATA_TEXTS.values() for text in texts}
    return sorted(values, key=len, reverse=True)  # the longest first: a name inside a longer name goes with it


def visible_texts(html: str) -> list[str]:
    root = lxml.html.document_fromstring(html)
    texts = []
    for element in root.iter():
        if not isinstance(element.tag, str):  # comments, processing instructions
            continue
        if element.tag in ("script", "style"):
            if element.tail:
                texts.append(element.tail)
            continue
        if element.text and not any(parent.tag in ("script", "style") for parent in element.iterancestors()):
            texts.append(element.text)
        if element.tail:
            texts.append(element.tail)
        texts.extend(element.get(name) for name in SHOWN_ATTRIBUTES if element.get(name))
    return [" ".join(text.split()) for text in texts if text.strip()]


def chinese_left(html: str, data: list[str]) -> list[str]:
    page = "\n".join(visible_texts(html))
    for value in data:
        page = page.replace(value, " ")
    return [line.strip() for line in page.split("\n") if CJK.search(line)]


def _page_id(endpoint) -> str:
    return str(endpoint).removeprefix("GET ")


@pytest.mark.parametrize("endpoint", [
    pytest.param(endpoint, id=_page_id(endpoint), marks=[pytest.mark.xfail(strict=True, reason=STILL_CHINESE[_page_id(endpoint)])]
                 if _page_id(endpoint) in STILL_CHINESE else [])
    for endpoint in PAGES
])
def test_an_english_page_writes_no_chinese(request, client, county, department_admin, endpoint):
    users = {"department_admin": department_admin, "township_operator": request.getfixturevalue("township_operator")}
    objects = _objects(county, endpoint, "village", users)
    _make_member(county.village, 40)  # lists and tables with a row in them
    client.force_login(department_admin)
    client.cookies["django_language"] = "en"
    response = client.get(_url(endpoint, objects), endpoint.data(objects))
    assert response.status_code == 200, response.content[:300]
    if not response.get("Content-Type", "").startswith("text/html"):
        pytest.skip("not a page (a download)")
    left = chinese_left(response.content.decode(), _data_values())
    assert not left, f"{endpoint}: Chinese in the English page:\n" + "\n".join(f"  {line[:160]}" for line in left[:40])


def test_the_check_finds_interface_chinese_and_spares_data():
    html = ("<html><body><h1>Members</h1><p>东风村党支部 <b>党员名册</b></p><input placeholder='请输入'>"
            "<script>var a = '中文';</script><span title='示范'>x</span></body></html>")
    assert chinese_left(html, ["东风村党支部"]) == ["党员名册", "请输入", "示范"]


def test_the_dashboard_is_english_with_the_cookie(client, department_admin):
    client.force_login(department_admin)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("core:dashboard")).content.decode()
    assert 'lang="en"' in page
