"""The demo county is shaped like a real one (seed 001: 17 townships, 590 villages)."""

from django.core.management import call_command

from zugong.accounts.models import User
from zugong.core.models import Finding, Installation
from zugong.organizations import demo
from zugong.organizations.models import DemonstrationSite, Organization, Rectification, WorkUnit

K, S = Organization.Kind, Organization.Sector


def shape():
    return sorted(
        (o.depth, o.name, o.kind, o.parent.name if o.parent else "")
        for o in Organization.objects.select_related("parent")
    )


def test_the_county_has_the_shape_of_a_real_county(db):
    call_command("seed_demo", scale="county", seed=1)
    assert Installation.objects.get().kind == Installation.Kind.DEMO  # its passwords are public
    county = Organization.objects.get(depth=1)
    townships = Organization.objects.filter(parent=county, kind=K.COMMITTEE, sector=S.RURAL)
    assert townships.count() == 17
    assert WorkUnit.objects.filter(kind=WorkUnit.Kind.VILLAGE).count() == 590
    assert WorkUnit.objects.filter(kind=WorkUnit.Kind.VILLAGE, covered_by__parent__in=townships).count() == 590
    assert WorkUnit.objects.filter(kind=WorkUnit.Kind.COMMUNITY).count() >= 9
    agencies = Organization.objects.get(kind=K.WORKING_COMMITTEE)
    assert 55 <= agencies.children.count() <= 65
    enterprises = WorkUnit.objects.filter(kind=WorkUnit.Kind.PRIVATE_ENTERPRISE)
    assert enterprises.count() == 90
    assert enterprises.filter(employee_count__gte=50).exists()
    assert enterprises.filter(employee_count__gte=30, employee_count__lt=50).exists()
    assert enterprises.filter(employee_count__lt=30).exists()
    assert enterprises.filter(covered_by__isnull=True).exists()
    assert Organization.objects.filter(kind=K.JOINT_BRANCH).count() == 10
    assert Rectification.objects.filter(closed_on__isnull=True).count() == 6
    assert DemonstrationSite.objects.filter(level="county").count() == 50
    assert DemonstrationSite.objects.filter(level="city").count() == 16
    for code in ("organizations.term_due", "organizations.term_overdue", "organizations.no_secretary"):
        assert Finding.objects.filter(check_code=code).exists(), code
    from zugong.dues.models import DuesPayment
    from zugong.members.models import Member

    members = Member.objects.count()
    assert 10 * members <= DuesPayment.objects.count() <= 13 * members  # about a year each, some behind
    arrears = Finding.objects.filter(check_code="dues.arrears")
    assert 0.01 * members <= arrears.count() <= 0.05 * members
    assert arrears.filter(severity=Finding.Severity.PROBLEM).exists()
    admin = User.objects.get(username="admin")
    assert admin.check_password(demo.DEMO_PASSWORD)
    assert admin.scope_prefixes("policy.change") == [county.path]
    township = User.objects.get(username="township")
    outsider = User.objects.get(username="outsider")
    branch = User.objects.get(username="branch")
    assert township.scope_prefixes("organizations.change") != outsider.scope_prefixes("organizations.change")
    assert branch.scope_prefixes("organizations.view")[0].startswith(township.scope_prefixes("organizations.view")[0])
    assert not User.objects.get(username="inspector").has_capability("organizations.change")


def test_the_same_seed_gives_the_same_county_and_a_second_run_changes_nothing(db):
    call_command("seed_demo", scale="county", seed=7)
    first = shape()
    call_command("seed_demo", scale="county", seed=7)
    assert shape() == first
    call_command("seed_demo", scale="county", seed=7, reset=True, yes=True)
    assert shape() == first
    call_command("seed_demo", scale="county", seed=8, reset=True, yes=True)
    assert shape() != first
