"""The Content-Security-Policy (内容安全策略) on every kind of response, and templates that need nothing it forbids.

The browser side — the pages run under the policy without a single refusal — is tests/browser/test_content_
security_policy.py (and every browser test: the ``page`` fixture fails on any refusal in the console).
"""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from zugong.surveys.tests.factories import make_group, make_invitation, make_survey

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
# Rendered for WeasyPrint into a PDF, never sent to a browser: its millimetre layout stays inline.
NOT_SERVED = {"cadres/appointment_form_print.html"}

REQUIRED = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def directives(response) -> dict[str, str]:
    header = response.headers.get("Content-Security-Policy", "")
    return {d.split()[0]: " ".join(d.split()[1:]) for d in header.split(";") if d.strip()}


def assert_strict(response) -> None:
    policy = directives(response)
    for name, value in REQUIRED.items():
        assert policy.get(name) == value, (name, policy)
    assert "unsafe" not in response.headers["Content-Security-Policy"]


@pytest.mark.django_db
def test_every_kind_of_page_carries_the_policy(client, county, department_admin):
    survey = make_survey(county.county, status="open")
    make_invitation(make_group(survey, county.village), "ABCD2345")
    anonymous = {
        "sign-in page": client.get(reverse("accounts:login")),
        "public code page": client.get(reverse("survey_public:start")),
        "public questionnaire": client.get(reverse("survey_public:answer", args=["ABCD2345"])),
        "wrong code (404)": client.get(reverse("survey_public:answer", args=["WXYZ7777"])),
        "missing page, signed out": client.get("/no-such-page/"),
    }
    client.force_login(department_admin)
    signed_in = {
        "dashboard": client.get(reverse("core:dashboard")),
        "charts": client.get(reverse("statistics:charts")),
        "missing page": client.get("/no-such-page/"),
        "record outside scope": client.get(reverse("organizations:detail", args=[999999])),
        "API docs (Swagger)": client.get("/api/v1/docs"),
        "API JSON": client.get("/api/v1/organizations"),
        "an export": client.get(reverse("members:export")),
    }
    for name, response in {**anonymous, **signed_in}.items():
        assert response.status_code in (200, 302, 404), name
        assert_strict(response)


def _templates():
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        if name not in NOT_SERVED:
            yield name, path.read_text(encoding="utf-8")


def test_templates_hold_no_inline_script_style_or_handler():
    found = []
    for name, text in _templates():
        for script in re.finditer(r"<script\b([^>]*)>(.*?)</script>", text, re.S):
            if "src=" not in script.group(1) and script.group(2).strip() and "application/json" not in script.group(1):
                found.append(f"{name}: 内联脚本")
        found += [f"{name}: {m.group(0)}" for m in re.finditer(r"<style\b|\sstyle=\"|\son[a-z]+=\"|javascript:", text)]
    assert not found, f"内容安全策略不允许（请移到 static/js、static/css）：{found}"


ALPINE = re.compile(r"\s(x-data|x-on:[\w.-]+|@[\w.-]+|x-show|x-bind:[\w-]+|:class|x-model|x-text|x-if|x-init)=\"([^\"]*)\"")


def test_alpine_attributes_name_components_and_properties_only():
    """Alpine's CSP build evaluates no JavaScript: a component is registered in static/js/site.js and attributes
    name its properties and methods (``x-show="shown($el)"`` at most)."""
    simple = re.compile(r"[A-Za-z_$][\w$]*(\(\$el\))?")
    found = [f"{name}: {m.group(1)}=\"{m.group(2)}\"" for name, text in _templates() for m in ALPINE.finditer(text)
             if not simple.fullmatch(m.group(2))]
    assert not found, found
