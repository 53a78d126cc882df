"""Respondent groups in one step: copied from last year's survey, or one per child organization — all or none,
every refusal with its message, a page sent twice adding nothing more."""

import html
import re
import uuid

import pytest
from django.urls import reverse

from zugong.core.models import AuditEvent
from zugong.surveys.models import RespondentGroup
from zugong.surveys.tests.factories import make_group, make_survey

pytestmark = pytest.mark.django_db


def groups(survey) -> list[tuple[str, str, int]]:
    return list(survey.groups.order_by("org_path", "kind").values_list("organization__name", "kind", "quota"))


def errors(response) -> list[str]:
    return [html.unescape(e) for e in re.findall(r'data-testid="form-error"[^>]*>(?:<div>)?([^<]+)', response.content.decode())]


@pytest.fixture
def years(county):
    last = make_survey(county.county, year=2025, status="closed")
    make_group(last, county.village, "members", quota=30)
    make_group(last, county.village2, "members", quota=25)
    make_group(last, county.other_village, "public", quota=12)
    survey = make_survey(county.county, status="draft", compare_with=last)
    return last, survey


def post(client, name, survey, **data):
    prefix = "copy" if name == "groups_copy" else "children"
    fields = {f"{prefix}-{key}": value for key, value in data.items()}
    return client.post(reverse(f"surveys:{name}", args=[survey.pk]),
                       {f"{prefix}-submission_token": str(uuid.uuid4()), **fields})


def test_last_years_groups_are_copied_in_one_step(client, county, department_admin, years):
    last, survey = years
    client.force_login(department_admin)
    page = client.get(reverse("surveys:groups", args=[survey.pk])).content.decode()
    assert f'<option value="{last.pk}" selected>' in page  # the survey compared with is offered first
    response = post(client, "groups_copy", survey, source=last.pk)
    assert response.status_code == 302
    assert groups(survey) == [("东风村党支部", "members", 30), ("西岭村党支部", "members", 25),
                              ("南山村党支部", "public", 12)]
    assert AuditEvent.objects.filter(message="从「组织工作满意度民意调查」（2025年）复制：调查对象3组").count() == 1

    again = post(client, "groups_copy", survey, source=last.pk)
    assert errors(again) == ["「东风村党支部」的党员组、「西岭村党支部」的党员组、「南山村党支部」的群众代表组已存在，"
                             "未新增任何调查对象；请先核对已有的调查对象"]
    assert len(groups(survey)) == 3


def test_one_existing_group_refuses_the_whole_copy(client, county, department_admin, years):
    last, survey = years
    make_group(survey, county.village2, "members", quota=5)
    client.force_login(department_admin)
    response = post(client, "groups_copy", survey, source=last.pk)
    assert errors(response) == ["「西岭村党支部」的党员组已存在，未新增任何调查对象；请先核对已有的调查对象"]
    assert groups(survey) == [("西岭村党支部", "members", 5)]


def test_a_township_cannot_copy_groups_outside_its_scope(client, county, township_operator, years):
    last, _survey = years
    survey = make_survey(county.township, status="draft")
    other = make_survey(county.county, year=2025, status="closed")
    make_group(other, county.village, "members")
    make_group(other, county.other_village, "members")
    client.force_login(township_operator)
    response = post(client, "groups_copy", survey, source=other.pk)
    assert errors(response) == ["南山村党支部不在「东风镇党委」之下，未新增任何调查对象"]
    assert groups(survey) == []


def test_one_group_per_child_organization(client, county, department_admin, years):
    _last, survey = years
    client.force_login(department_admin)
    response = post(client, "groups_for_children", survey, parent=county.township.pk, kind="cadres", quota="20")
    assert response.status_code == 302
    assert groups(survey) == [("东风村党支部", "cadres", 20), ("西岭村党支部", "cadres", 20)]
    again = post(client, "groups_for_children", survey, parent=county.township.pk, kind="cadres", quota="20")
    assert errors(again) == ["「东风村党支部」的干部组、「西岭村党支部」的干部组已存在，未新增任何调查对象；请先核对已有的调查对象"]
    post(client, "groups_for_children", survey, parent=county.county.pk, kind="members", quota="40")
    assert [name for name, kind, _q in groups(survey) if kind == "members"] == ["东风镇党委", "南山镇党委", "县直机关工委"]
    assert RespondentGroup.objects.filter(survey=survey).count() == 5


def test_a_page_sent_twice_adds_the_groups_once(client, county, department_admin, years):
    last, survey = years
    client.force_login(department_admin)
    token = str(uuid.uuid4())
    data = {"copy-submission_token": token, "copy-source": last.pk}
    assert client.post(reverse("surveys:groups_copy", args=[survey.pk]), data).status_code == 302
    RespondentGroup.objects.filter(survey=survey).delete()
    second = client.post(reverse("surveys:groups_copy", args=[survey.pk]), data)
    assert second.status_code == 200 and groups(survey) == []
