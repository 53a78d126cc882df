"""Findings keep their identity across runs: assigned, acknowledged, closed with a note, reopened when the check
finds them again, resolved when it no longer does — each with its history line."""

import pytest

from tests.concurrency import at_once, needs_postgres
from tests.fixtures import make_user
from zugong.accounts.capabilities import Role
from zugong.core.access import DomainError
from zugong.core.checks import REGISTRY, FindingData, register_check, run_checks
from zugong.core.findings import (
    acknowledge_finding,
    assign_finding,
    assignable_users,
    close_finding,
)
from zugong.core.models import AuditEvent, Finding, FindingEvent
from zugong.core.selectors import findings_visible_to

CODE = "test.flagged"
FLAGGED: set[int] = set()  # organization pks the test check reports


@pytest.fixture
def flagged_check(county):
    """A check that reports the organizations in FLAGGED (visible with organizations.view)."""
    from zugong.organizations.models import Organization

    def check(within, today):
        for org in Organization.objects.under(within).filter(pk__in=FLAGGED):
            yield FindingData(subject=org, scope_path=org.path, title=f"{org.name}有问题", url=org.get_absolute_url())

    register_check(CODE, "测试检查")(check)
    FLAGGED.clear()
    yield FLAGGED
    REGISTRY.pop(CODE)
    FLAGGED.clear()


def _finding(org) -> Finding:
    return Finding.all_objects.get(check_code=CODE, subject_id=str(org.pk))


def _history(finding) -> list[tuple[str, str | None, str]]:
    return [(e.action, e.actor.username if e.actor else None, e.note) for e in finding.events.order_by("pk")]


def test_a_closed_finding_found_again_reopens_with_its_history(county, township_operator, flagged_check):
    flagged_check.add(county.village.pk)
    run_checks(codes=[CODE])
    finding = _finding(county.village)
    assert finding.status == Finding.Status.OPEN
    branch = make_user("branch2", Role.BRANCH_SECRETARY, county.village, "东风村支书")
    assign_finding(township_operator, finding, branch, "请东风村核实")
    acknowledge_finding(branch, finding, "已知悉")
    close_finding(branch, finding, "已补选书记")
    assert _finding(county.village).status == Finding.Status.CLOSED
    assert not findings_visible_to(township_operator).exists()  # closed: off the dashboards

    run_checks(codes=[CODE])  # the problem is still there
    finding = _finding(county.village)
    assert finding.status == Finding.Status.OPEN and finding.assigned_to == branch
    assert _history(finding) == [
        ("assigned", "township", "请东风村核实"), ("acknowledged", "branch2", "已知悉"),
        ("closed", "branch2", "已补选书记"), ("reopened", None, "检查再次发现此问题，已重新打开")]
    assert Finding.all_objects.filter(check_code=CODE).count() == 1


def test_a_finding_the_check_no_longer_finds_is_resolved_and_comes_back_open(county, flagged_check):
    flagged_check.add(county.village.pk)
    run_checks(codes=[CODE])
    first = _finding(county.village)
    flagged_check.clear()
    run_checks(county.township.path, codes=[CODE])
    assert _finding(county.village).status == Finding.Status.RESOLVED
    assert _history(first) == [("resolved", None, "检查未再发现此问题")]
    flagged_check.add(county.village.pk)
    run_checks(codes=[CODE])
    again = _finding(county.village)
    assert again.pk == first.pk and again.status == Finding.Status.OPEN


def test_a_run_on_one_subtree_leaves_findings_elsewhere_alone(county, flagged_check):
    flagged_check.update({county.village.pk, county.other_village.pk})
    run_checks(codes=[CODE])
    flagged_check.clear()
    run_checks(county.township.path, codes=[CODE])
    assert _finding(county.village).status == Finding.Status.RESOLVED
    assert _finding(county.other_village).status == Finding.Status.OPEN


def test_a_closed_finding_not_found_again_stays_closed(county, department_admin, flagged_check):
    flagged_check.add(county.village.pk)
    run_checks(codes=[CODE])
    close_finding(department_admin, _finding(county.village), "已处理")
    flagged_check.clear()
    run_checks(codes=[CODE])
    assert _finding(county.village).status == Finding.Status.CLOSED


def test_a_finding_follows_its_organization_when_it_moves(county, department_admin, flagged_check):
    from zugong.organizations.services import move_organization

    flagged_check.add(county.village.pk)
    run_checks(codes=[CODE])
    finding = _finding(county.village)
    acknowledge_finding(department_admin, finding, "")
    move_organization(department_admin, county.village, county.other_township)
    run_checks(codes=[CODE])
    moved = _finding(county.village)
    county.village.refresh_from_db()
    assert moved.pk == finding.pk and moved.scope_path == county.village.path
    assert moved.status == Finding.Status.ACKNOWLEDGED


@pytest.fixture
def open_finding(county, flagged_check) -> Finding:
    flagged_check.add(county.village.pk)
    run_checks(codes=[CODE])
    return _finding(county.village)


def test_closing_needs_a_note(department_admin, open_finding):
    with pytest.raises(DomainError, match="^关闭问题预警须填写处理说明（如何处理的）$"):
        close_finding(department_admin, open_finding, "  ")
    assert Finding.all_objects.get(pk=open_finding.pk).status == Finding.Status.OPEN
    assert not open_finding.events.exists()


def test_refused_transitions_say_why(department_admin, open_finding, township_operator):
    acknowledge_finding(department_admin, open_finding, "")
    with pytest.raises(DomainError, match="^该问题预警已确认$"):
        acknowledge_finding(department_admin, open_finding, "")
    assign_finding(department_admin, open_finding, township_operator)
    with pytest.raises(DomainError, match="^该问题预警已指派给东风镇组织委员$"):
        assign_finding(department_admin, open_finding, township_operator)
    close_finding(department_admin, open_finding, "已处理")
    with pytest.raises(DomainError, match="^该问题预警已关闭，不能再次关闭$"):
        close_finding(department_admin, open_finding, "又处理")
    with pytest.raises(DomainError, match="^该问题预警已关闭，不能确认$"):
        acknowledge_finding(department_admin, open_finding, "")
    with pytest.raises(DomainError, match="^该问题预警已关闭，不能指派$"):
        assign_finding(department_admin, open_finding, department_admin)


def test_a_resolved_finding_cannot_be_handled(county, department_admin, open_finding, flagged_check):
    flagged_check.clear()
    run_checks(codes=[CODE])
    with pytest.raises(DomainError, match="^检查已不再发现该问题（已消除），不能再次关闭$"):
        close_finding(department_admin, _finding(county.village), "已处理")


def test_only_people_who_see_and_handle_it_are_assignees(county, department_admin, township_operator, inspector,
                                                         outsider, branch_secretary, open_finding):
    people = {user.username for user in assignable_users(open_finding)}
    assert people == {"admin", "township", "branch"}  # not the inspector (read-only), not 南山镇
    for wrong in (inspector, outsider):
        with pytest.raises(DomainError, match="^承办人须能查看并处理该问题预警（在其所在组织的范围内）$"):
            assign_finding(department_admin, open_finding, wrong)
    assert not open_finding.events.exists()


def test_someone_without_findings_handle_or_out_of_scope_is_refused(inspector, outsider, open_finding):
    for actor in (inspector, outsider):
        with pytest.raises(DomainError, match="^您无权处理该问题预警$"):
            close_finding(actor, open_finding, "关闭")


def test_each_decision_is_in_the_audit_history(department_admin, open_finding):
    close_finding(department_admin, open_finding, "已处理")
    event = AuditEvent.objects.get(action=AuditEvent.Action.FINDING)
    assert event.changes == {"状态": ["待处理", "已关闭"], "说明": ["", "已处理"]}
    assert event.actor == department_admin


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_people_closing_at_once_close_it_once(county, department_admin, township_operator, open_finding):
    results = at_once(lambda: close_finding(department_admin, Finding.all_objects.get(pk=open_finding.pk), "甲"),
                      lambda: close_finding(township_operator, Finding.all_objects.get(pk=open_finding.pk), "乙"))
    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(refused) == 1 and refused[0].message == "该问题预警已关闭，不能再次关闭"
    assert FindingEvent.objects.filter(action="closed").count() == 1


def test_resetting_the_demo_removes_closed_findings_too(county, department_admin, open_finding):
    from zugong.organizations.demo import reset

    close_finding(department_admin, open_finding, "已处理")
    reset()
    assert not Finding.all_objects.exists() and not FindingEvent.objects.exists()


def test_an_import_runs_the_checks_once_per_subtree_when_it_ends(db, monkeypatch):
    """``checks_batched``: the checks that each changed row asks for run once, for the outermost subtrees, after the
    block — and not at all when the block fails."""
    from zugong.core import checks

    seen = []
    monkeypatch.setattr(checks, "REGISTRY", {"probe": checks.Check("probe", "probe", "organizations.view",
                                                                    lambda within, today: seen.append(within) or [])})
    with checks.checks_batched():
        for path in ("0000000001", "00000000010000000002", "00000000010000000003", "0000000009"):
            checks.run_checks(path)
        checks.run_checks("0000000001", codes=["probe"])  # asked with its own codes: run now
        assert seen == ["0000000001"]
    assert seen == ["0000000001", "0000000001", "0000000009"]
    seen.clear()
    with pytest.raises(RuntimeError), checks.checks_batched():
        checks.run_checks("0000000001")
        raise RuntimeError
    assert seen == []
    checks.run_checks("0000000001")  # outside a block: at once
    assert seen == ["0000000001"]
