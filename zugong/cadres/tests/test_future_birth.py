"""An ID number born in the future is refused by the one validator, with its one message, on every cadre path:
the form page, the .xlsx import and the .lrmx import."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from tests.same_page import once
from zugong.cadres import importer, lrmx, services
from zugong.cadres.models import Cadre
from zugong.cadres.tests.test_cadres import a_form, id_for
from zugong.cadres.tests.test_importer import workbook
from zugong.core.access import DomainError

pytestmark = pytest.mark.django_db

FUTURE_BIRTH = "身份证号中的出生日期 2030-03-15 晚于今天（2026-11-20），请核对身份证号"
FUTURE_ID = id_for(dt.date(2030, 3, 15), 11)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC), tick=False):
        yield


def test_the_service_refuses_it(county, department_admin):
    with pytest.raises(DomainError) as error:
        services.save_form(department_admin, a_form(id_number=FUTURE_ID, birth=dt.date(2030, 3, 1)), county.township)
    assert (error.value.field, error.value.message) == ("id_number", FUTURE_BIRTH)
    assert not Cadre.objects.exists()


def test_the_form_page_refuses_it(county, department_admin, client):
    client.force_login(department_admin)
    response = client.post(reverse("cadres:new"), once({
        "name": "刘洋", "gender": "男", "birth": "2030-03", "ethnicity": "01", "organization": county.township.pk,
        "id_number": FUTURE_ID, "full_time_level": "大学"}))
    assert response.status_code == 200
    assert response.context["form"].errors["id_number"] == [FUTURE_BIRTH]
    assert not Cadre.objects.exists()


def test_the_excel_import_refuses_it(county, department_admin, tmp_path):
    path = workbook(tmp_path, [["李明", "男", "2030.03", "汉族", "山西泽州", FUTURE_ID, "大学", "东风镇党委"]])
    report = importer.import_cadres(department_admin, path, apply=True)
    assert [(e.row, e.column, e.message) for e in report.errors] == [(2, "身份证号", FUTURE_BIRTH)]
    assert not Cadre.objects.exists()


def test_the_lrmx_import_refuses_it(county, department_admin):
    files = [("李明.lrmx", lrmx.write_lrmx(a_form(name="李明", id_number=FUTURE_ID, birth=dt.date(2030, 3, 1))))]
    report = importer.import_lrmx(department_admin, files, county.township, apply=True)
    assert report.errors == [f"李明.lrmx：{FUTURE_BIRTH}"] and not report.applied
    assert not Cadre.objects.exists()
