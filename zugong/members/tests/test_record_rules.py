"""Records the register refuses, the same way in the form, the import and the API: a 预备党员 admitted before
the longest possible probation, a member without a 党费类别, an ID number born in the future."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from zugong.core.access import DomainError
from zugong.core.policy import set_policy_value
from zugong.members.models import Member
from zugong.members.services import create_member
from zugong.members.tests.test_import import importer, row, workbook
from zugong.members.tests.test_members import fields, id_for

TODAY = dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC)
P = Member.Stage.PROBATIONARY
FUTURE_BIRTH = "身份证号中的出生日期 2030-01-01 晚于今天（2026-11-20），请核对身份证号"
PROBATION = ("预备党员的入党日期应在预备期内：预备期12个月，可延长一次、最长12个月（《党章》第七条），"
             "入党日期不能早于 2024-11-20；预备期已满的，请登记为正式党员并填写转正日期")
NO_CATEGORY = "请选择党费类别：正式党员和预备党员都按党费类别交纳党费"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def probationary(org, joined_on, **extra):
    return fields(org, stage=P, joined_on=joined_on, full_member_on=None, **extra)


def form_data(org, **changes):
    data = {"name": "王芳", "id_number": id_for(dt.date(1990, 6, 1), 31), "ethnicity": "01", "education": "college",
            "occupation": "farmer", "joined_on": "2015-07-01", "stage": "full", "full_member_on": "2016-07-01",
            "organization": org.pk, "dues_category": "farmer"}
    return {**data, **changes}


# 10. A probationary member's admission lies within the probation period (policies of development).

@pytest.mark.parametrize(("joined_on", "accepted"), [
    (dt.date(2015, 7, 1), False), (dt.date(2024, 11, 19), False), (dt.date(2024, 11, 20), True),
    (dt.date(2025, 10, 1), True), (dt.date(2026, 11, 1), True),
])
def test_a_probationary_member_admitted_before_the_longest_probation_is_refused(county, department_admin,
                                                                                 joined_on, accepted):
    values = probationary(county.village, joined_on, id_number=id_for(dt.date(1990, 1, 1), 3))
    if accepted:
        assert create_member(department_admin, **values).joined_on == joined_on
        return
    with pytest.raises(DomainError) as error:
        create_member(department_admin, **values)
    assert (error.value.field, error.value.message) == ("joined_on", PROBATION)
    assert not Member.objects.exists()


def test_the_probation_window_follows_the_development_policies(county, department_admin):
    set_policy_value(department_admin, "development.extension_max_months", 6)
    with pytest.raises(DomainError) as error:
        create_member(department_admin, **probationary(county.village, dt.date(2025, 4, 1)))
    assert "可延长一次、最长6个月" in error.value.message and "不能早于 2025-05-20" in error.value.message


def test_the_form_refuses_a_probationary_member_of_2015(county, department_admin, client):
    client.force_login(department_admin)
    response = client.post(reverse("members:create"), form_data(county.village, stage="probationary",
                                                                full_member_on=""))
    assert response.status_code == 200
    assert response.context["form"].errors["joined_on"] == [PROBATION]
    assert not Member.objects.exists()


def test_the_import_refuses_a_probationary_member_of_2015(county, department_admin):
    report = importer(department_admin).run(workbook([
        row("甲", id_for(dt.date(1990, 1, 1), 11), **{"党员类别": "预备党员", "入党日期": "2015-07-01", "转正日期": None,
                                                      "党费类别": "农民"})]), apply=True)
    assert [(e.row, e.column, e.message) for e in report.errors] == [(2, "入党日期", PROBATION)]
    assert not Member.objects.exists()


def test_the_api_refuses_a_probationary_member_of_2015(county, department_admin, client):
    client.force_login(department_admin)
    response = client.post("/api/v1/members", {
        "name": "王芳", "id_number": id_for(dt.date(1990, 6, 1), 31), "education": "college", "occupation": "farmer",
        "joined_on": "2015-07-01", "stage": "probationary", "organization_id": county.village.pk,
        "dues_category": "farmer"}, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": PROBATION, "field": "joined_on"}


# 11. No pre-set dues category; one is required.

def test_the_form_offers_no_dues_category_until_one_is_chosen(county, department_admin, client):
    client.force_login(department_admin)
    form = client.get(reverse("members:create")).context["form"]
    assert form["dues_category"].value() in (None, "")
    assert form.fields["dues_category"].choices[0] == ("", "—— 请选择 ——")
    response = client.post(reverse("members:create"), form_data(county.village, dues_category=""))
    assert response.context["form"].errors["dues_category"] == [NO_CATEGORY]
    assert not Member.objects.exists()


def test_the_service_and_the_api_require_a_dues_category(county, department_admin, client):
    with pytest.raises(DomainError) as error:
        create_member(department_admin, **fields(county.village, dues_category=None))
    assert (error.value.field, error.value.message) == ("dues_category", NO_CATEGORY)
    client.force_login(department_admin)
    response = client.post("/api/v1/members", {
        "name": "王芳", "id_number": id_for(dt.date(1990, 6, 1), 31), "education": "college", "occupation": "farmer",
        "joined_on": "2015-07-01", "full_member_on": "2016-07-01", "stage": "full",
        "organization_id": county.village.pk}, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": NO_CATEGORY, "field": "dues_category"}
    assert not Member.objects.exists()


def test_the_import_requires_a_dues_category_for_a_new_member(county, department_admin):
    report = importer(department_admin).run(workbook([
        row("甲", id_for(dt.date(1990, 1, 1), 11), **{"党费类别": None})]), apply=True)
    assert [(e.row, e.column, e.message) for e in report.errors] == [(2, "党费类别", NO_CATEGORY)]
    assert not Member.objects.exists()


# 12. An ID number born in the future: the validator's one message everywhere.

def test_the_form_refuses_an_id_number_born_in_the_future_with_the_validators_message(county, department_admin,
                                                                                        client):
    client.force_login(department_admin)
    response = client.post(reverse("members:create"), form_data(
        county.village, id_number=id_for(dt.date(2030, 1, 1), 31)))
    assert response.context["form"].errors["id_number"] == [FUTURE_BIRTH]
    assert not Member.objects.exists()


def test_the_import_and_the_api_refuse_an_id_number_born_in_the_future(county, department_admin, client):
    report = importer(department_admin).run(workbook([row("甲", id_for(dt.date(2030, 1, 1), 11))]), apply=True)
    assert [(e.row, e.column, e.message) for e in report.errors] == [(2, "身份证号", FUTURE_BIRTH)]
    client.force_login(department_admin)
    response = client.post("/api/v1/members", {
        "name": "王芳", "id_number": id_for(dt.date(2030, 1, 1), 31), "education": "college", "occupation": "farmer",
        "joined_on": "2015-07-01", "full_member_on": "2016-07-01", "stage": "full", "dues_category": "farmer",
        "organization_id": county.village.pk}, content_type="application/json")
    assert response.json() == {"detail": FUTURE_BIRTH, "field": "id_number"}
    assert not Member.objects.exists()
