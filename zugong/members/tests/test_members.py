"""The member register: validation with exact messages, masking, search and filters, export."""

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from zugong.core.access import DomainError
from zugong.core.models import AuditEvent
from zugong.core.validators import id_check_char
from zugong.members.codes import DUES_CATEGORY_BY_OCCUPATION, DuesCategory
from zugong.members.models import Member
from zugong.members.services import create_member, reveal_id_number, update_member
from zugong.organizations.services import close_organization

F = Member.Stage.FULL


def id_for(birth: dt.date, sequence: int = 1, region: str = "360721") -> str:
    first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return first17 + id_check_char(first17)


def fields(org, **overrides):
    values = {
        "name": "张建国", "id_number": id_for(dt.date(1970, 3, 5), 11), "gender": None, "birth_date": None,
        "ethnicity": "01", "education": "college", "occupation": "farmer", "joined_on": dt.date(1995, 7, 1),
        "full_member_on": dt.date(1996, 7, 1), "stage": F, "organization": org, "work_unit": None,
        "phone": "", "address": "", "is_in_hardship": False,
    }
    values.update(overrides)
    # the category a record of this occupation would be given on the form (it is required since issue 21)
    values.setdefault("dues_category", DUES_CATEGORY_BY_OCCUPATION.get(values["occupation"], DuesCategory.WAGE))
    return values


def test_a_member_is_registered_with_birth_date_and_gender_from_the_id_number(county, branch_secretary):
    member = create_member(branch_secretary, **fields(county.village, id_number=id_for(dt.date(1970, 3, 5), 11).lower()))
    assert (member.birth_date, member.gender) == (dt.date(1970, 3, 5), Member.Gender.MALE)
    assert member.name_initials == "zjg"
    event = AuditEvent.objects.get(action=AuditEvent.Action.CREATE, object_id=str(member.pk))
    assert event.changes["身份证号"] == [None, member.masked_id_number]
    assert member.id_number not in str(event.changes)
    assert not {"姓名拼音首字母", "created at"} & set(event.changes), "derived and automatic fields stay out"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"id_number": "360721197003050111"}, "id_number", "身份证号校验位错误：末位应为 "),
        ({"birth_date": dt.date(1970, 3, 6)}, "birth_date", "出生日期与身份证号不符（身份证号中为 1970-03-05）"),
        ({"gender": "female"}, "gender", "性别与身份证号不符（身份证号表明为男）"),
        ({"joined_on": dt.date(2099, 1, 1)}, "joined_on", "入党日期不能晚于今天"),
        ({"joined_on": dt.date(1985, 1, 1), "full_member_on": dt.date(1986, 1, 1)}, "joined_on",
         "入党时未满 18 周岁（《发展党员工作细则》第五条）"),
        ({"full_member_on": None}, "full_member_on", "正式党员须填写转正日期"),
        ({"stage": "probationary"}, "full_member_on", "预备党员不应有转正日期"),
        ({"full_member_on": dt.date(1995, 1, 1)}, "full_member_on", "转正日期应晚于入党日期"),
        ({"name": "  "}, "name", "请填写姓名"),
    ],
)
def test_bad_records_are_refused_with_the_field_and_reason(county, branch_secretary, overrides, field, message):
    with pytest.raises(DomainError) as error:
        create_member(branch_secretary, **fields(county.village, **overrides))
    assert error.value.message.startswith(message)
    assert error.value.field == field
    assert not Member.objects.exists() and not AuditEvent.objects.exists()


def test_an_id_number_is_registered_only_once(county, department_admin):
    create_member(department_admin, **fields(county.village))
    with pytest.raises(DomainError) as error:
        create_member(department_admin, **fields(county.other_village, name="另一人"))
    assert error.value.message == "该身份证号已登记在党员名册中，不能重复登记"
    assert Member.objects.count() == 1


def test_members_are_placed_in_branches_not_committees(county, department_admin):
    with pytest.raises(DomainError) as error:
        create_member(department_admin, **fields(county.township))
    assert error.value.message == "「东风镇党委」是党委，党员应编入党支部或党总支"


def test_a_branch_secretary_registers_only_in_their_branch(county, branch_secretary):
    with pytest.raises(DomainError) as error:
        create_member(branch_secretary, **fields(county.village2))
    assert error.value.message == "您无权在「西岭村党支部」范围内进行此操作"


def test_edit_records_before_and_after_and_refuses_moving_organization(county, branch_secretary):
    member = create_member(branch_secretary, **fields(county.village))
    update_member(branch_secretary, member, phone="13800000000", education="undergraduate")
    event = AuditEvent.objects.get(action=AuditEvent.Action.UPDATE)
    assert event.changes == {"联系电话": ["", "13800000000"], "学历": ["大学专科", "大学本科"]}
    with pytest.raises(DomainError) as error:
        update_member(branch_secretary, member, organization=county.village2)
    assert error.value.message == "调整所在党组织须办理组织关系转接"


def test_id_numbers_are_masked_and_a_full_view_is_audited(client, county, department_admin, branch_secretary):
    member = create_member(department_admin, **fields(county.village))
    assert member.masked_id_number == f"3607**********{member.id_number[-4:]}"
    client.force_login(branch_secretary)
    page = client.get(member.get_absolute_url()).content.decode()
    assert member.masked_id_number in page and member.id_number not in page
    assert client.post(reverse("members:reveal_id", args=[member.pk])).status_code == 404
    with pytest.raises(DomainError):
        reveal_id_number(branch_secretary, member)
    client.force_login(department_admin)
    response = client.post(reverse("members:reveal_id", args=[member.pk]))
    assert member.id_number in response.content.decode()
    event = AuditEvent.objects.get(action=AuditEvent.Action.VIEW_SENSITIVE)
    assert (event.actor, event.object_id) == (department_admin, str(member.pk))


def test_an_organization_with_members_cannot_be_closed(county, department_admin, today):
    create_member(department_admin, **fields(county.village2))
    with pytest.raises(DomainError) as error:
        close_organization(department_admin, county.village2, today, "撤并")
    assert error.value.message == "「西岭村党支部」还有 1 名在册党员，请先办理组织关系转接"


@pytest.fixture
def register(county, department_admin):
    people = [
        ("王芳", dt.date(1990, 1, 1), 2, county.village, "undergraduate"),
        ("王强", dt.date(1960, 5, 5), 3, county.village, "middle_school"),
        ("李娜", dt.date(1985, 8, 8), 4, county.village2, "college"),
        ("赵磊", dt.date(1975, 2, 2), 5, county.other_village, "college"),
    ]
    return [
        create_member(department_admin, **fields(org, name=name, id_number=id_for(birth, seq), education=edu,
                                                 joined_on=birth.replace(year=birth.year + 25),
                                                 full_member_on=birth.replace(year=birth.year + 26)))
        for name, birth, seq, org, edu in people
    ]


def names(response) -> list[str]:
    return [m.name for m in response.context["page"]]


def test_the_list_searches_by_name_initials_and_id_number_within_scope(client, register, township_operator):
    client.force_login(township_operator)
    url = reverse("members:list")
    assert sorted(names(client.get(url))) == ["李娜", "王强", "王芳"]
    assert sorted(names(client.get(url, {"q": "王"}))) == ["王强", "王芳"]
    assert names(client.get(url, {"q": "wf"})) == ["王芳"]
    assert names(client.get(url, {"q": register[2].id_number[:14]})) == ["李娜"]
    assert names(client.get(url, {"q": "赵磊"})) == []


def test_the_list_filters_by_subtree_gender_age_and_education(client, register, township_operator, county):
    client.force_login(township_operator)
    url = reverse("members:list")
    assert names(client.get(url, {"organization": county.village2.pk})) == ["李娜"]
    assert sorted(names(client.get(url, {"gender": "female"}))) == ["李娜", "王芳"]  # even sequence numbers
    assert names(client.get(url, {"age_band": "61"})) == ["王强"]
    assert names(client.get(url, {"education": "undergraduate"})) == ["王芳"]
    outside = client.get(url, {"organization": county.other_village.pk})
    assert "赵磊" not in names(outside)
    assert outside.context["form"].errors["organization"]


def test_export_holds_exactly_the_filtered_list_with_masked_ids(client, register, township_operator):
    client.force_login(township_operator)
    response = client.get(reverse("members:export"), {"q": "王"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("姓名", "身份证号", "性别")
    assert sorted(r[0] for r in rows[1:]) == ["王强", "王芳"]
    assert all("*" in r[1] for r in rows[1:])


def test_the_department_administrator_exports_full_numbers(client, register, department_admin):
    client.force_login(department_admin)
    response = client.get(reverse("members:export"))
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert {r[1] for r in rows[1:]} == {m.id_number for m in register}


def test_members_follow_their_branch_when_it_moves_to_another_township(county, department_admin, outsider, client):
    from zugong.organizations.services import move_organization

    member = create_member(department_admin, **fields(county.village))
    move_organization(department_admin, county.village, county.other_township)
    member.refresh_from_db()
    county.village.refresh_from_db()
    assert member.org_path == county.village.path
    client.force_login(outsider)
    assert "张建国" in client.get(reverse("members:list")).content.decode()


def test_the_organization_filter_offers_the_top_of_the_tree_and_still_accepts_a_deeper_choice(
        county, department_admin, client):
    from zugong.organizations.services import create_organization

    group = create_organization(department_admin, county.village, name="第一党小组", kind="group", sector="rural")
    client.force_login(department_admin)
    options = client.get(reverse("members:list")).context["form"]["organization"]
    offered = [str(choice.data["label"]).strip("　") for choice in options.subwidgets]
    assert "东风村党支部" in offered and "第一党小组" not in offered  # three levels from the county
    response = client.get(reverse("members:list"), {"organization": group.pk})
    assert not response.context["form"].errors
    assert "第一党小组" in [str(c.data["label"]).strip("　") for c in response.context["form"]["organization"].subwidgets]
