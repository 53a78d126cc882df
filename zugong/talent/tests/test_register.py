"""The register: level by the rule table, visibility by scope or sharing, the masked and revealed phone."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.fixtures import make_user
from zugong.accounts.capabilities import Role
from zugong.core.access import DomainError
from zugong.core.models import AuditEvent
from zugong.members.models import Member
from zugong.talent import levels, selectors, services
from zugong.talent.models import Level, LevelRule, Talent
from zugong.talent.tests.conftest import category, make_talent

pytestmark = pytest.mark.django_db


def test_a_doctor_or_a_full_senior_title_is_high_level_by_the_shipped_rules(county, department_admin):
    doctor = make_talent(department_admin, county.village, "博士甲", degree="doctor")
    professor = make_talent(department_admin, county.village, "正高乙", title_grade="senior_full")
    master = make_talent(department_admin, county.village, "硕士丙", degree="master")
    plain = make_talent(department_admin, county.village, "丁")
    assert [t.level for t in (doctor, professor, master, plain)] == [Level.HIGH, Level.HIGH, Level.KEY,
                                                                    Level.GENERAL]


def test_a_provincial_award_raises_the_level_and_a_county_one_does_not(county, department_admin):
    talent = make_talent(department_admin, county.village)
    services.add_award(department_admin, talent, title="县级劳动模范", level="county", year=2024)
    talent.refresh_from_db()
    assert talent.level == Level.GENERAL
    services.add_award(department_admin, talent, title="省五一劳动奖章", level="provincial", year=2025)
    talent.refresh_from_db()
    assert talent.level == Level.HIGH


def test_the_rule_table_is_data_a_switched_off_rule_no_longer_counts(county, department_admin):
    LevelRule.objects.filter(basis="degree", value="doctor").update(is_active=False)
    talent = make_talent(department_admin, county.village, degree="doctor")
    assert talent.level == Level.GENERAL  # only the table's rules count: 博士 no longer makes anyone 高层次
    LevelRule.objects.create(basis="award", value="county", level="key")
    assert levels.level_for(degree="none", title_grade="none", award_levels=["county"]) == Level.KEY


def test_an_unshared_record_is_not_seen_by_another_department_a_shared_one_is(client, county, department_admin):
    talent = make_talent(department_admin, county.village, "李专家", phone="13912345678")
    finance = make_user("finance", Role.OPERATOR, county.agency_branch, "财政局")
    assert not selectors.talents_visible_to(finance).filter(pk=talent.pk).exists()
    client.force_login(finance)
    assert client.get(reverse("talent:detail", args=[talent.pk])).status_code == 404
    assert "李专家" not in client.get(reverse("talent:list")).content.decode()

    services.set_sharing(department_admin, talent, [county.agency_branch])
    assert selectors.talents_visible_to(finance).filter(pk=talent.pk).exists()
    page = client.get(reverse("talent:detail", args=[talent.pk])).content.decode()
    assert "李专家" in page and "13912345678" not in page and "1391***5678" in page
    assert "李专家" in client.get(reverse("talent:list")).content.decode()
    # shared to read, not to change: the edit page and the phone stay closed to the other department
    assert client.get(reverse("talent:edit", args=[talent.pk])).status_code == 404
    assert client.post(reverse("talent:reveal_phone", args=[talent.pk])).status_code == 404

    services.set_sharing(department_admin, talent, [])
    assert client.get(reverse("talent:detail", args=[talent.pk])).status_code == 404


def test_the_phone_is_masked_and_a_reveal_is_written_to_the_history(client, county, department_admin, inspector):
    talent = make_talent(department_admin, county.village, phone="13912345678")
    assert talent.masked_phone == "1391***5678"
    client.force_login(inspector)
    page = client.get(reverse("talent:detail", args=[talent.pk])).content.decode()
    assert "1391***5678" in page and "13912345678" not in page
    assert client.post(reverse("talent:reveal_phone", args=[talent.pk])).status_code == 404
    with pytest.raises(DomainError):
        services.reveal_phone(inspector, talent)
    client.force_login(department_admin)
    response = client.post(reverse("talent:reveal_phone", args=[talent.pk]))
    assert "13912345678" in response.content.decode()
    event = AuditEvent.objects.get(action=AuditEvent.Action.VIEW_SENSITIVE, object_id=str(talent.pk))
    assert (event.actor, event.message) == (department_admin, "查看完整联系电话")


def test_a_member_talent_reads_name_and_birth_through_the_link_and_keeps_no_copy(county, department_admin):
    member = Member.objects.create(
        name="赵党员", name_initials="zdy", id_number="36072119850301001X", gender="female",
        birth_date=dt.date(1985, 3, 1), education="undergraduate", occupation="professional",
        joined_on=dt.date(2010, 7, 1), full_member_on=dt.date(2011, 7, 1), stage="full", organization=county.village,
        dues_category="farmer")
    talent = services.create_talent(department_admin, member=member, organization=county.village,
                                    category=category(), own_name="别的名字")
    talent = Talent.objects.get(pk=talent.pk)
    assert (talent.own_name, talent.own_birth_date) == ("", None)
    assert (talent.name, talent.birth_date, talent.education_label) == ("赵党员", dt.date(1985, 3, 1), "大学本科")
    Member.objects.filter(pk=member.pk).update(name="赵党员改")
    assert Talent.objects.get(pk=talent.pk).name == "赵党员改"


def test_a_township_operator_cannot_register_a_talent_outside_the_township(county, township_operator):
    with pytest.raises(DomainError) as refused:
        make_talent(township_operator, county.other_village)
    assert refused.value.field == "organization"
    assert Talent.objects.count() == 0


def test_switching_a_rule_off_on_its_page_recomputes_every_level(client, county, department_admin, township_operator):
    doctor = make_talent(department_admin, county.village, "博士甲", degree="doctor")
    assert doctor.level == Level.HIGH
    rule = LevelRule.objects.get(basis="degree", value="doctor")
    client.force_login(township_operator)  # a township may not change the county's rules
    assert client.post(reverse("talent:rule_toggle", args=[rule.pk])).status_code == 404
    client.force_login(department_admin)
    assert client.post(reverse("talent:rule_toggle", args=[rule.pk])).status_code == 302
    doctor.refresh_from_db()
    assert doctor.level == Level.GENERAL
    assert client.post(reverse("talent:rule_toggle", args=[rule.pk])).status_code == 302
    doctor.refresh_from_db()
    assert doctor.level == Level.HIGH


def test_the_record_shows_who_changed_what_to_its_department_not_to_one_it_is_shared_with(
        client, county, department_admin):
    talent = make_talent(department_admin, county.village, "周工程师", skills="机械设计")
    names = ["own_name", "own_gender", "own_birth_date", "own_education", "category", "industry", "degree",
             "title_grade", "title_name", "organization", "unit", "post", "phone", "note"]
    services.update_talent(department_admin, talent, **{name: getattr(talent, name) for name in names},
                           skills="机械设计、数控加工")
    client.force_login(department_admin)
    page = client.get(reverse("talent:detail", args=[talent.pk])).content.decode()
    assert 'data-testid="history"' in page and "机械设计、数控加工" in page.split('data-testid="history"')[1]

    finance = make_user("finance", Role.OPERATOR, county.agency_branch, "财政局")
    services.set_sharing(department_admin, talent, [county.agency_branch])
    client.force_login(finance)
    page = client.get(reverse("talent:detail", args=[talent.pk])).content.decode()
    assert "周工程师" in page and 'data-testid="history"' not in page
