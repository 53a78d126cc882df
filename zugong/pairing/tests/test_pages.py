"""The pairing pages as a user sees them: a pairing with its projects, the totals in 万元 and the exports."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from zugong.pairing import services
from zugong.pairing.models import MicroLoan, Pairing
from zugong.pairing.tests.conftest import pair, project

pytestmark = pytest.mark.django_db


def test_recording_a_pairing_and_a_project_through_the_pages(client, county, township_operator):
    client.force_login(township_operator)
    page = client.get(reverse("pairing:new"))
    token = page.context["form"]["submission_token"].value()
    response = client.post(reverse("pairing:new"), {
        "submission_token": token, "village": county.village.pk, "helper_organization": county.township.pk,
        "household": "张三", "started_on": "2025-03-01"})
    pairing = Pairing.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("pairing:detail", args=[pairing.pk])
    page = client.get(reverse("pairing:project_new", args=[pairing.pk]))
    response = client.post(reverse("pairing:project_new", args=[pairing.pk]), {
        "submission_token": page.context["form"]["submission_token"].value(), "title": "蔬菜大棚",
        "kind": "industry", "funds_planned": "-5", "funds_spent": "0", "status": "planned",
        "planned_on": "2025-04-01"})
    assert response.status_code == 200 and response.context["form"].errors["funds_planned"]
    assert not pairing.projects.exists()
    response = client.post(reverse("pairing:project_new", args=[pairing.pk]), {
        "submission_token": page.context["form"]["submission_token"].value(), "title": "蔬菜大棚",
        "kind": "industry", "funds_planned": "120000.50", "funds_spent": "80000.25", "status": "under_way",
        "planned_on": "2025-04-01"})
    assert response.status_code == 302
    detail = client.get(reverse("pairing:detail", args=[pairing.pk])).content.decode()
    assert "东风镇党委 → 东风村党支部" in detail and "张三户" in detail
    assert "蔬菜大棚" in detail and "120000.50" in detail and "80000.25" in detail


def test_the_totals_export_is_in_wan_yuan(client, county, department_admin, agency_unit):
    made = pair(department_admin, agency_unit, county.village)
    project(department_admin, made, "300000.00", "250000.55")
    client.force_login(department_admin)
    response = client.get(reverse("pairing:totals_export"), {"organization": county.township.pk})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = {row[0]: row for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert rows["东风村党支部"][1:5] == (1, 1, 30.0, 25.0)  # 250,000.55 yuan is 25.00 (万元, two decimals)
    assert rows["合计"][2] == 1


def test_the_loans_list_and_its_export_follow_the_filters(client, county, department_admin, full_members):
    li, wang, _zhao = full_members
    services.apply_loan(department_admin, li, amount="30000", bank="县农商银行", applied_on=dt.date(2025, 2, 1))
    loan = services.apply_loan(department_admin, wang, amount="12345.67", bank="邮储银行",
                               applied_on=dt.date(2025, 3, 1))
    services.change_loan_status(department_admin, loan, status="granted", on=dt.date(2025, 3, 5), seen="applied",
                                due_on=dt.date(2026, 3, 5))
    client.force_login(department_admin)
    page = client.get(reverse("pairing:loans"), {"status": "granted"})
    assert list(page.context["page"]) == [MicroLoan.objects.get(pk=loan.pk)]
    assert "1 / 1.23" in page.content.decode()  # granted: one loan, 1.23万元
    response = client.get(reverse("pairing:loans_export"), {"status": "granted"})
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True))
    assert [(r[1], Decimal(str(r[2])), r[9]) for r in rows] == [("王强", Decimal("12345.67"), "已发放")]


def test_a_stale_loan_page_is_told_in_chinese(client, county, department_admin, full_members):
    loan = services.apply_loan(department_admin, full_members[0], amount="30000", bank="县农商银行",
                               applied_on=dt.date(2025, 2, 1))
    client.force_login(department_admin)
    form = {"seen": "applied", "status": "granted", "on": "2025-02-05", "due_on": "2026-02-05"}
    assert client.post(reverse("pairing:loan_status", args=[loan.pk]), form).status_code == 302
    # the same page sent again (another tab, or a second person who had it open): the loan is granted by now
    response = client.post(reverse("pairing:loan_status", args=[loan.pk]), {**form, "status": "repaid"})
    assert "该贷款的状态刚刚已由他人改为「已发放」（本页显示为「已申请」）" in response.content.decode()
    loan.refresh_from_db()
    assert loan.status == "granted"


def test_a_member_found_by_name_is_offered_a_loan_application(client, county, branch_secretary, inspector,
                                                              full_members):
    li = full_members[0]
    client.force_login(branch_secretary)
    page = client.get(reverse("pairing:loans"), {"q": "李红"}).content.decode()
    assert reverse("pairing:loan_new", args=[li.pk]) in page and "为李红（东风村党支部）登记贷款申请" in page
    client.force_login(inspector)  # reads only
    assert reverse("pairing:loan_new", args=[li.pk]) not in client.get(reverse("pairing:loans"), {"q": "李红"}
                                                                       ).content.decode()
