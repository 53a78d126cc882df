import datetime as dt

import pytest
from django.urls import reverse

from zugong.core.access import DomainError
from zugong.core.checks import run_checks
from zugong.core.models import Finding
from zugong.core.policy import set_policy_value
from zugong.members import mobile
from zugong.members.services import create_member
from zugong.members.tests.test_members import fields, id_for
from zugong.organizations.models import Organization
from zugong.organizations.services import create_organization

TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def member(county, department_admin):
    return create_member(department_admin, **fields(county.village))


def test_a_member_away_is_attached_to_a_mobile_branch_and_returns(member, county, branch_secretary, department_admin):
    branch = create_organization(department_admin, county.township, name="东风镇驻广州流动党支部",
                                 kind=Organization.Kind.MOBILE_BRANCH, sector="rural")
    record = mobile.start_mobile(branch_secretary, member, started_on=dt.date(2026, 3, 1), destination="广东省广州市",
                                 contact="13900001111", certificate_number="LD2026-8", mobile_branch=branch)
    with pytest.raises(DomainError) as error:
        mobile.start_mobile(branch_secretary, member, started_on=dt.date(2026, 4, 1), destination="x", contact="y")
    assert error.value.message == "张建国已登记为外出流动，请先登记返回"
    with pytest.raises(DomainError) as error:
        mobile.end_mobile(branch_secretary, record, dt.date(2026, 2, 1))
    assert error.value.message == "返回日期应在外出日期（2026-03-01）和今天之间"
    mobile.end_mobile(branch_secretary, record, dt.date(2026, 10, 1))
    record.refresh_from_db()
    assert record.ended_on == dt.date(2026, 10, 1)


def test_a_mobile_branch_must_be_one(member, county, branch_secretary):
    with pytest.raises(DomainError) as error:
        mobile.start_mobile(branch_secretary, member, started_on=dt.date(2026, 3, 1), destination="广州",
                            contact="139", mobile_branch=county.village2)
    assert error.value.message == "「西岭村党支部」不是流动党支部"


def test_lost_contact_beyond_the_policy_period_is_a_finding_proposing_suspension(member, branch_secretary,
                                                                                  department_admin):
    record = mobile.start_mobile(branch_secretary, member, started_on=dt.date(2026, 3, 1), destination="广州",
                                 contact="139")
    run_checks(today=TODAY)
    finding = Finding.objects.get(check_code="members.lost_contact")
    assert finding.title == "流动党员张建国自 2026-03-01 起失去联系已超过 6 个月"
    assert "停止党籍" in finding.detail
    set_policy_value(department_admin, "members.lost_contact_months", "10")
    run_checks(today=TODAY)
    assert not Finding.objects.filter(check_code="members.lost_contact").exists()
    set_policy_value(department_admin, "members.lost_contact_months", "6")
    mobile.record_contact(branch_secretary, record, dt.date(2026, 9, 1))
    run_checks(today=TODAY)
    assert not Finding.objects.filter(check_code="members.lost_contact").exists()


def test_the_list_filters_mobile_members(client, member, county, branch_secretary, department_admin):
    create_member(department_admin, **fields(county.village, name="李四", id_number=id_for(dt.date(1971, 4, 4), 13)))
    mobile.start_mobile(branch_secretary, member, started_on=dt.date(2026, 3, 1), destination="广州", contact="139")
    client.force_login(branch_secretary)
    page = client.get(reverse("members:list"), {"is_mobile": "on"})
    assert [m.name for m in page.context["page"]] == ["张建国"]
    assert len(client.get(reverse("members:list")).context["page"]) == 2
