"""Use cases of the organization tree, with the exact refusals and what the data must be afterwards."""

import datetime as dt

import pytest

from zugong.core.access import DomainError
from zugong.core.models import AuditEvent, Finding
from zugong.core.policy import set_policy_value
from zugong.core.tree import child_path
from zugong.organizations import services
from zugong.organizations.models import CommitteeMember, Election, Organization, WorkUnit

K, S = Organization.Kind, Organization.Sector


def tree_state():
    return (
        list(Organization.objects.order_by("pk").values_list("pk", "parent_id", "path", "depth", "name", "is_closed")),
        AuditEvent.objects.count(),
        Election.objects.count(),
    )


def refused(callable_, message):
    before = tree_state()
    with pytest.raises(DomainError) as error:
        callable_()
    assert error.value.message == message
    assert tree_state() == before, "a refused step must leave the database as it was"
    return error.value


# --- refusals --------------------------------------------------------------------------------


def test_moving_an_organization_under_its_own_descendant_is_refused(county, department_admin):
    refused(
        lambda: services.move_organization(department_admin, county.township, county.village),
        "不能把「东风镇党委」调整到它自己或它的下级组织「东风村党支部」之下",
    )


def test_moving_an_organization_under_itself_is_refused(county, department_admin):
    refused(
        lambda: services.move_organization(department_admin, county.township, county.township),
        "不能把「东风镇党委」调整到它自己或它的下级组织「东风镇党委」之下",
    )


def test_closing_an_organization_with_open_children_is_refused(county, department_admin, today):
    refused(
        lambda: services.close_organization(department_admin, county.township, today, "撤乡并镇"),
        "「东风镇党委」还有 2 个未撤销的下级组织（如「东风村党支部」），请先调整或撤销下级组织",
    )


def test_a_term_ending_before_the_election_is_refused(county, department_admin):
    error = refused(
        lambda: services.record_election(
            department_admin, county.village, elected_on=dt.date(2024, 5, 1), seats=3, candidates_count=4,
            elected=[("张三", "secretary")], term_ends_on=dt.date(2024, 4, 30),
        ),
        "届满日期（2024-04-30）不能早于选举日期（2024-05-01）",
    )
    assert error.field == "term_ends_on"


def test_a_duplicate_name_under_the_same_parent_is_refused_on_create_and_rename(county, department_admin):
    error = refused(
        lambda: services.create_organization(
            department_admin, county.township, name="西岭村党支部", kind=K.BRANCH, sector=S.RURAL
        ),
        "「东风镇党委」下已有名为「西岭村党支部」的党组织",
    )
    assert error.field == "name"
    refused(
        lambda: services.update_organization(department_admin, county.village, name="西岭村党支部"),
        "「东风镇党委」下已有名为「西岭村党支部」的党组织",
    )


def test_the_same_name_under_another_parent_is_allowed(county, department_admin):
    org = services.create_organization(
        department_admin, county.other_township, name="西岭村党支部", kind=K.BRANCH, sector=S.RURAL
    )
    assert org.parent == county.other_township


def test_a_party_group_cannot_have_children_and_a_branch_holds_only_groups(county, department_admin):
    group = services.create_organization(department_admin, county.village, name="第一党小组", kind=K.GROUP, sector=S.RURAL)
    refused(
        lambda: services.create_organization(department_admin, group, name="x", kind=K.GROUP, sector=S.RURAL),
        "党小组下不能设立下级组织",
    )
    refused(
        lambda: services.create_organization(department_admin, county.village, name="y", kind=K.BRANCH, sector=S.RURAL),
        "「东风村党支部」是党支部，其下只能设立党小组",
    )


def test_a_kind_change_must_still_fit_the_tree(county, department_admin):
    group = services.create_organization(department_admin, county.village, name="第一党小组", kind=K.GROUP, sector=S.RURAL)
    refused(lambda: services.update_organization(department_admin, group, kind=K.BRANCH),
            "「东风村党支部」是党支部，其下只能设立党小组")
    refused(lambda: services.update_organization(department_admin, county.township, kind=K.BRANCH),
            "「东风镇党委」还有党小组以外的下级组织，不能改为党支部")
    refused(lambda: services.update_organization(department_admin, county.village, kind=K.GROUP),
            "「东风村党支部」还有下级组织，不能改为党小组")


def test_a_blank_name_is_refused(county, department_admin):
    refused(lambda: services.create_organization(department_admin, county.village, name="  ", kind=K.GROUP,
                                                 sector=S.RURAL), "请填写党组织名称")
    refused(lambda: services.update_organization(department_admin, county.village, name=""), "请填写党组织名称")
    with pytest.raises(DomainError) as error:
        services.create_work_unit(department_admin, name=" ", kind=WorkUnit.Kind.SOCIAL_ORG, managed_by=county.township)
    assert error.value.message == "请填写单位名称"


def test_an_election_older_than_the_last_one_is_refused(county, department_admin):
    services.record_election(department_admin, county.village, elected_on=dt.date(2024, 5, 1), seats=3,
                             candidates_count=3, elected=[("张三", "secretary")])
    error = refused(
        lambda: services.record_election(department_admin, county.village, elected_on=dt.date(2023, 5, 1), seats=3,
                                         candidates_count=3, elected=[("李四", "secretary")]),
        "选举日期（2023-05-01）不能早于已登记的最近一次换届选举（2024-05-01）",
    )
    assert error.field == "elected_on"


def test_fewer_candidates_than_seats_is_refused(county, department_admin):
    refused(
        lambda: services.record_election(
            department_admin, county.village, elected_on=dt.date(2024, 5, 1), seats=5, candidates_count=4, elected=[]
        ),
        "候选人数（4）不能少于应选名额（5）",
    )


def test_an_operator_cannot_touch_another_township(county, township_operator):
    refused(
        lambda: services.update_organization(township_operator, county.other_village, name="改名"),
        "您无权在「南山村党支部」范围内进行此操作",
    )


def test_an_operator_cannot_move_their_own_top_organization(county, township_operator):
    refused(
        lambda: services.move_organization(township_operator, county.village, county.other_township),
        "您无权在「南山镇党委」范围内进行此操作",
    )


# --- what succeeds ---------------------------------------------------------------------------


def test_create_places_the_organization_in_the_tree_and_audits_it(county, township_operator):
    org = services.create_organization(
        township_operator, county.township, name="东风镇机关党支部", kind=K.BRANCH, sector=S.AGENCY,
        contact_phone="0791-1234567",
    )
    assert org.path == child_path(county.township.path, org.pk)
    assert org.depth == 3
    event = AuditEvent.objects.get(action=AuditEvent.Action.CREATE, object_id=str(org.pk))
    assert event.actor == township_operator
    assert event.changes["名称"] == [None, "东风镇机关党支部"]
    assert event.changes["组织类别"] == [None, "党支部"]
    assert event.changes["联系电话"] == [None, "0791-1234567"]


def test_edit_records_only_the_changed_fields_before_and_after(county, township_operator):
    services.update_organization(township_operator, county.village, name="东风村党总支", kind=K.GENERAL_BRANCH)
    event = AuditEvent.objects.get(action=AuditEvent.Action.UPDATE)
    assert event.changes == {"名称": ["东风村党支部", "东风村党总支"], "组织类别": ["党支部", "党总支"]}
    assert event.actor == township_operator


def test_move_rewrites_the_paths_of_the_whole_subtree(county, department_admin):
    group = services.create_organization(department_admin, county.village, name="第一党小组", kind=K.GROUP, sector=S.RURAL)
    services.move_organization(department_admin, county.village, county.other_township)
    county.village.refresh_from_db()
    group.refresh_from_db()
    assert county.village.parent == county.other_township
    assert county.village.path == child_path(county.other_township.path, county.village.pk)
    assert group.path == child_path(county.village.path, group.pk)
    assert (county.village.depth, group.depth) == (3, 4)
    assert set(Organization.objects.under(county.other_township).values_list("name", flat=True)) == {
        "南山镇党委", "南山村党支部", "东风村党支部", "第一党小组"
    }
    event = AuditEvent.objects.get(action=AuditEvent.Action.MOVE)
    assert event.changes == {"上级党组织": ["东风镇党委", "南山镇党委"]}


def test_close_keeps_the_organization_and_ends_its_committee(county, department_admin, today):
    services.record_election(
        department_admin, county.village2, elected_on=dt.date(2024, 5, 1), seats=3, candidates_count=3,
        elected=[("李明", "secretary")],
    )
    services.close_organization(department_admin, county.village2, today, "并入东风村")
    county.village2.refresh_from_db()
    assert county.village2.is_closed and county.village2.close_reason == "并入东风村"
    assert CommitteeMember.objects.get(name="李明").ended_on == today
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CLOSE, object_id=str(county.village2.pk)).exists()


def test_an_organization_still_covering_a_unit_cannot_be_closed(county, department_admin, today):
    refused(
        lambda: services.close_organization(department_admin, county.village, today, "撤并"),
        "「东风村党支部」仍覆盖着单位，请先为这些单位调整覆盖的党组织",
    )


@pytest.mark.parametrize(
    ("org_attr", "years"),
    [("village", 5), ("agency_branch", 3), ("agencies", 5), ("township", 5), ("county", 5)],
)
def test_the_term_comes_from_the_policy_for_the_organization_kind(county, department_admin, org_attr, years):
    election = services.record_election(
        department_admin, getattr(county, org_attr), elected_on=dt.date(2024, 5, 1), seats=3, candidates_count=4,
        elected=[],
    )
    assert election.term_years == years
    assert election.term_ends_on == dt.date(2024 + years, 5, 1)


def test_changing_the_policy_changes_the_next_election_only(county, department_admin):
    first = services.record_election(
        department_admin, county.agency_branch, elected_on=dt.date(2023, 5, 1), seats=3, candidates_count=3, elected=[]
    )
    set_policy_value(department_admin, "organizations.term_years.branch", "4")
    second = services.record_election(
        department_admin, county.agency_branch, elected_on=dt.date(2024, 5, 1), seats=3, candidates_count=3, elected=[]
    )
    first.refresh_from_db()
    assert (first.term_years, second.term_years) == (3, 4)
    assert second.term_ends_on == dt.date(2028, 5, 1)


def test_an_election_replaces_the_committee_and_refreshes_findings(
    county, department_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.record_election(
            department_admin, county.village, elected_on=dt.date(2015, 5, 1), seats=3, candidates_count=4,
            elected=[("王老", "secretary"), ("赵老", "member")],
        )
    assert Finding.objects.filter(subject_id=str(county.village.pk), check_code="organizations.term_overdue").exists()
    new_day = dt.date.today() - dt.timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        services.record_election(
            department_admin, county.village, elected_on=new_day, seats=3, candidates_count=4,
            elected=[("钱新", "secretary"), ("孙新", "member")],
        )
    current = CommitteeMember.objects.filter(organization=county.village, ended_on__isnull=True)
    assert sorted(current.values_list("name", flat=True)) == ["孙新", "钱新"]
    assert set(CommitteeMember.objects.filter(name__in=["王老", "赵老"]).values_list("ended_on", flat=True)) == {new_day}
    assert not Finding.objects.filter(subject_id=str(county.village.pk), check_code__startswith="organizations.term")
    event = AuditEvent.objects.filter(action=AuditEvent.Action.ELECTION).first()
    assert event.subject_id == str(county.village.pk)
    assert event.changes["当选人员"] == [None, "钱新（书记）、孙新（委员）"]


def test_work_unit_with_a_failing_credit_code_is_saved_with_a_warning(county, township_operator):
    unit, warnings = services.create_work_unit(
        township_operator, name="东风机械厂", kind=WorkUnit.Kind.PRIVATE_ENTERPRISE, managed_by=county.township,
        credit_code="91350100m000100y40", employee_count=60, is_above_scale=True,
    )
    assert unit.credit_code == "91350100M000100Y40"
    assert len(warnings) == 1 and warnings[0].startswith("统一社会信用代码校验位不符")


def test_only_enterprises_are_above_scale(county, township_operator):
    with pytest.raises(DomainError) as error:
        services.create_work_unit(
            township_operator, name="东风小学", kind=WorkUnit.Kind.SCHOOL, managed_by=county.township, is_above_scale=True
        )
    assert error.value.message == "只有企业才能标记为规模以上"
    assert not WorkUnit.objects.filter(name="东风小学").exists()
