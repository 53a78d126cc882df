import datetime as dt

from zugong.core.checks import run_checks
from zugong.core.models import Finding
from zugong.core.policy import set_policy_value
from zugong.core.selectors import findings_visible_to
from zugong.organizations.services import record_election

TODAY = dt.date(2026, 11, 22)


def elect(user, org, elected_on, secretary=True):
    record_election(
        user, org, elected_on=elected_on, seats=3, candidates_count=3,
        elected=[("甲", "secretary" if secretary else "member"), ("乙", "member")],
    )


def titles(**filters):
    return sorted(Finding.objects.filter(**filters).values_list("title", flat=True))


def test_terms_due_overdue_and_missing_become_findings(county, department_admin):
    elect(department_admin, county.village, dt.date(2022, 2, 22))  # 5 years: ends 2027-02-22, in 3 months
    elect(department_admin, county.other_village, dt.date(2021, 10, 1))  # ended 2026-10-01
    elect(department_admin, county.agency_branch, dt.date(2025, 1, 1))  # 3 years: current
    run_checks(today=TODAY)
    assert titles(check_code="organizations.term_due") == ["东风村党支部任期将于 2027-02-22 届满"]
    assert titles(check_code="organizations.term_overdue", severity="problem") == sorted(
        [
            "南山村党支部任期已于 2026-10-01 届满，尚未换届",
            "示范县委没有换届选举记录",
            "东风镇党委没有换届选举记录",
            "西岭村党支部没有换届选举记录",
            "南山镇党委没有换届选举记录",
            "县直机关工委没有换届选举记录",
        ]
    )
    assert not Finding.objects.filter(subject_id=str(county.agency_branch.pk), check_code__startswith="organizations.term")


def test_the_reminder_lead_time_is_the_policy_setting(county, department_admin):
    elect(department_admin, county.village, dt.date(2022, 6, 22))  # ends 2027-06-22, 7 months ahead
    run_checks(today=TODAY)
    assert not titles(check_code="organizations.term_due")
    set_policy_value(department_admin, "organizations.term_reminder_months", "8")
    run_checks(today=TODAY)
    assert titles(check_code="organizations.term_due") == ["东风村党支部任期将于 2027-06-22 届满"]


def test_an_organization_without_a_secretary_is_a_finding(county, department_admin):
    elect(department_admin, county.village, dt.date(2025, 1, 1), secretary=False)
    elect(department_admin, county.village2, dt.date(2025, 1, 1))
    run_checks(today=TODAY)
    no_secretary = titles(check_code="organizations.no_secretary")
    assert "东风村党支部未配备书记" in no_secretary
    assert "西岭村党支部未配备书记" not in no_secretary


def test_findings_are_shown_only_within_the_user_scope(county, township_operator, outsider, branch_secretary):
    run_checks(today=TODAY)
    seen = set(findings_visible_to(township_operator).values_list("title", flat=True))
    assert "东风村党支部没有换届选举记录" in seen
    assert not any("南山" in title for title in seen)
    assert not any("示范县委" in title for title in seen)
    branch_seen = set(findings_visible_to(branch_secretary).values_list("title", flat=True))
    assert branch_seen == {"东风村党支部没有换届选举记录", "东风村党支部未配备书记",
                           f"东风村{TODAY.year}年已发展党员0名，未达到每村每年至少1名"}


def test_running_a_check_on_a_subtree_replaces_only_that_subtree(county, department_admin):
    run_checks(today=TODAY)
    total = Finding.objects.count()
    elect(department_admin, county.village, dt.date(2025, 1, 1))
    run_checks(county.village.path, today=TODAY)
    assert Finding.objects.count() == total - 2  # its "no record" and "no secretary" findings are gone
    assert Finding.objects.filter(subject_id=str(county.other_village.pk)).count() == 2
