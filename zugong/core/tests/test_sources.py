"""Sources shown to users name a document a user knows (本县规定：2012年全县组织工作会议部署, a regulation and its
article …), never the project's working material ("种子材料000", "seed")."""

import ast
import re
from pathlib import Path

from django.urls import reverse

from zugong.core.checks import run_checks
from zugong.core.policy import REGISTRY

WORKING_MATERIAL = re.compile(r"种子|seed", re.IGNORECASE)
ZUGONG = Path(__file__).resolve().parents[2]
# The demo generator's command line speaks of its random seed (种子) to whoever runs it; it is no source.
NOT_SHOWN = {ZUGONG / "organizations" / "management" / "commands" / "seed_demo.py"}


def test_no_policy_names_the_working_material():
    for key, definition in REGISTRY.items():
        for text in (definition.label, definition.source, definition.unit, getattr(definition, "note", "")):
            assert not WORKING_MATERIAL.search(str(text or "")), f"{key}: {text}"


def test_local_rules_name_the_county_meeting_and_the_citys_practice():
    sources = {key: definition.source for key, definition in REGISTRY.items()}
    assert sources["development.village_yearly_target"] == "本县规定：2012年全县组织工作会议部署（确保每个村每年至少发展1名党员）"
    assert sources["surveys.max_main_indicators"].startswith("本市做法：2023年全市提高组织工作满意度座谈会讲话")


def _strings_in_code():
    """Every string literal of the application's code that is not a docstring (docstrings are for developers)."""
    for path in ZUGONG.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts or path in NOT_SHOWN:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
                      and node.body and isinstance(node.body[0], ast.Expr)
                      and isinstance(node.body[0].value, ast.Constant)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                yield path.relative_to(ZUGONG.parent), node.lineno, node.value


def test_no_text_in_the_code_or_templates_names_the_working_material():
    found = [f"{path}:{line}" for path, line, text in _strings_in_code() if WORKING_MATERIAL.search(text)]
    templates = ZUGONG.parent / "templates"
    found += [str(path.relative_to(templates)) for path in templates.rglob("*.html")
              if WORKING_MATERIAL.search(path.read_text(encoding="utf-8"))]
    assert not found, found


def test_pages_that_show_sources_do_not_name_it(client, county, department_admin):
    run_checks()  # the village without a new member this year: a finding whose text quotes its rule
    client.force_login(department_admin)
    for url in (reverse("core:policy_list"), reverse("core:dashboard"), reverse("findings:list"),
                reverse("education:unvisited")):
        page = client.get(url).content.decode()
        assert not WORKING_MATERIAL.search(page), (url, WORKING_MATERIAL.search(page))
    assert "本县规定：2012年全县组织工作会议部署" in client.get(reverse("core:policy_list")).content.decode()
