"""The demo county, generated once for this module (one ``xdist_group``, so one worker builds it): it is shaped like
a real county (seed 001: 17 townships, 590 villages); its annual statistics agree with each other and with the
records behind them — every table adds up to the register, 发展党员 are on the register, 预备党员 are exactly those
admitted within their probation period, every cell opens as many records as it counts, admission days spread over the
year, names follow gender, every village has last year's collective income (issue 21, item 21); and the same seed
gives the same county."""

import datetime as dt
import random
from collections import Counter

import pytest
from django.core.management import call_command
from django.db.models import Q, Sum
from django.utils import timezone

from zugong.accounts.models import User
from zugong.core.dates import add_months
from zugong.core.models import Finding, Installation
from zugong.development.models import DevelopmentCase, DevelopmentStep
from zugong.dues.models import DuesPayment
from zugong.members.demo_names import FEMALE_CHARS, MALE_CHARS
from zugong.members.models import Member, MembershipPeriod
from zugong.organizations import demo
from zugong.organizations.models import DemonstrationSite, Organization, Rectification, WorkUnit
from zugong.performance.models import Period, Scorecard
from zugong.statistics import snapshots
from zugong.statistics.models import VillageIncome
from zugong.statistics.selectors import cell_records, money, tables

pytestmark = pytest.mark.xdist_group("county_demo")

K = DevelopmentStep.Kind
O_K, S = Organization.Kind, Organization.Sector
SEED = 5


@pytest.fixture(scope="module")
def county(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        demo.generate("county", seed=SEED)
        yield timezone.localdate()
        demo.reset()
        Installation.objects.all().delete()


def shape():
    return sorted(
        (o.depth, o.name, o.kind, o.parent.name if o.parent else "")
        for o in Organization.objects.select_related("parent")
    )


@pytest.mark.django_db
def test_the_county_has_the_shape_of_a_real_county(county):
    assert Installation.objects.get().kind == Installation.Kind.DEMO  # its passwords are public
    county = Organization.objects.get(depth=1)
    townships = Organization.objects.filter(parent=county, kind=O_K.COMMITTEE, sector=S.RURAL)
    assert townships.count() == 17
    assert WorkUnit.objects.filter(kind=WorkUnit.Kind.VILLAGE).count() == 590
    assert WorkUnit.objects.filter(kind=WorkUnit.Kind.VILLAGE, covered_by__parent__in=townships).count() == 590
    assert WorkUnit.objects.filter(kind=WorkUnit.Kind.COMMUNITY).count() >= 9
    agencies = Organization.objects.get(kind=O_K.WORKING_COMMITTEE)
    assert 55 <= agencies.children.count() <= 65
    enterprises = WorkUnit.objects.filter(kind=WorkUnit.Kind.PRIVATE_ENTERPRISE)
    assert enterprises.count() == 90
    assert enterprises.filter(employee_count__gte=50).exists()
    assert enterprises.filter(employee_count__gte=30, employee_count__lt=50).exists()
    assert enterprises.filter(employee_count__lt=30).exists()
    assert enterprises.filter(covered_by__isnull=True).exists()
    assert Organization.objects.filter(kind=O_K.JOINT_BRANCH).count() == 10
    assert Rectification.objects.filter(closed_on__isnull=True).count() == 6
    assert DemonstrationSite.objects.filter(level="county").count() == 50
    assert DemonstrationSite.objects.filter(level="city").count() == 16
    for code in ("organizations.term_due", "organizations.term_overdue", "organizations.no_secretary"):
        assert Finding.objects.filter(check_code=code).exists(), code
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


@pytest.mark.django_db
def test_every_cell_opens_as_many_records_as_it_counts(county):
    """The demo county (about 24,000 members, development, leavers, organizations): every cell of every table,
    for the department's whole scope, today and at the end of last year."""
    admin = User.objects.get(username="admin")
    root = admin.scope_prefixes("members.view")[0]
    today = county
    for day in (today, dt.date(today.year - 1, 12, 31)):
        figures = tables(admin, day, root)
        assert figures[0].total > 20000
        for figure in figures:
            for cell, count in figure.rows():
                records = cell_records(admin, day, root, figure.table.key, cell.key)
                assert records.count() == count, (figure.table.key, cell.key)
                if figure.table.amount:
                    assert money(records.aggregate(s=Sum(figure.table.amount))["s"]) == figure.amounts[cell.key]
        assert next(f for f in figures if f.table.key == "dues").total_amount > 0  # the demo's dues are counted
    # finalized (年报定稿): read back from the snapshot, every table equals the live count for each demo user
    day = dt.date(today.year - 1, 12, 31)
    users = list(User.objects.filter(username__in=["admin", "township", "outsider", "branch", "inspector"]))
    live = {u.username: [(f.table.key, f.total, f.counts, f.amounts) for f in tables(u, day, root, live=True)]
            for u in users}
    snapshots.freeze(admin, day, Organization.objects.get(path=root))
    for user in users:
        assert [(f.table.key, f.total, f.counts, f.amounts) for f in tables(user, day, root)] == live[user.username]


def _figures(day):
    admin = User.objects.get(username="admin")
    return {f.table.key: f for f in tables(admin, day, admin.scope_prefixes("members.view")[0], live=True)}


def _days(today):
    return (today, dt.date(today.year - 1, 12, 31))


@pytest.mark.django_db
def test_every_table_adds_up_to_the_register_on_the_day(county):
    for day in _days(county):
        figures = _figures(day)
        on_register = MembershipPeriod.objects.filter(started_on__lte=day).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=day)).count()
        assert on_register > 20000
        for key in ("gender", "ethnicity", "education", "age", "joined", "occupation", "stage"):
            figure = figures[key]
            assert figure.total == on_register, (day, key)
            parts = sum(count for cell, count in figure.rows() if not cell.subtotal)
            assert parts == on_register, (day, key)  # 男 + 女 = 总数, the age bands, … each sum to the total
        for figure in figures.values():
            if figure.table.adds_up:
                assert sum(c for cell, c in figure.rows() if not cell.subtotal) == figure.total, (day, figure.table.key)


@pytest.mark.django_db
def test_the_admitted_of_the_year_are_the_probationary_members_admitted_in_the_year(county):
    for day in _days(county):
        figures = _figures(day)
        admitted = figures["development"].counts["admitted"]
        assert admitted == figures["admitted"].counts["all"] >= 100, day
        approved = DevelopmentStep.objects.filter(kind=K.APPROVAL, done_on__range=(day.replace(month=1, day=1), day))
        members = Member.objects.filter(development_case__steps__in=approved)
        assert members.count() == admitted  # every one admitted is on the register, once
        year_start = day.replace(month=1, day=1)
        probationary_on_day = Q(full_member_on__isnull=True) | Q(full_member_on__gt=day)
        # admitted this year = probationary admitted this year: the only ones already full are those whose 入党日期
        # (the branch meeting) fell late last year and whose approval came this year — their probation has ended
        done = members.exclude(probationary_on_day)
        assert not done.filter(joined_on__gte=year_start).exists()
        assert members.filter(probationary_on_day).count() + done.count() == admitted
        assert done.count() < admitted * 0.2
        voted = Member.objects.filter(joined_on__range=(year_start, day), development_case__steps__kind=K.APPROVAL,
                                      development_case__steps__done_on__lte=day)
        assert voted.filter(probationary_on_day).count() == voted.count() == DevelopmentStep.objects.filter(
            kind=K.ADMISSION_VOTE, done_on__range=(year_start, day), case__steps__kind=K.APPROVAL,
            case__steps__done_on__lte=day).count()
        # 预备党员 on the day: only people admitted by a branch meeting of a development case (入党日期 = that
        # meeting; the register counts them from then on, also when the committee approved after the day) …
        probationary = figures["stage"].counts["probationary"]
        admitted_by_day = Member.objects.filter(
            Q(full_member_on__isnull=True) | Q(full_member_on__gt=day), joined_on__lte=day,
            development_case__steps__kind=K.ADMISSION_VOTE, development_case__steps__done_on__lte=day)
        assert admitted_by_day.count() == probationary
        # … each within the probation period (12 months, extended once), with the weeks until the confirmation vote
        for member in admitted_by_day.select_related("development_case"):
            case = member.development_case
            assert member.joined_on >= add_months(day, -12 - (case.extension_months or 0) - 3), member
        # and everyone admitted within the last 12 months is probationary on the day
        recent = Member.objects.filter(joined_on__gt=add_months(day, -12), joined_on__lte=day)
        assert recent.exclude(full_member_on__isnull=True).filter(full_member_on__lte=day).count() == 0
    today = county
    assert Member.objects.filter(stage=Member.Stage.PROBATIONARY).count() == _figures(today)["stage"].counts[
        "probationary"]
    assert DevelopmentCase.objects.filter(extension_months__isnull=False).exists()
    # the record rules hold: a probationary member admitted within the longest probation, a dues category for all
    assert not Member.objects.filter(stage=Member.Stage.PROBATIONARY, joined_on__lt=add_months(today, -24)).exists()
    assert not Member.objects.filter(dues_category="").exists()


@pytest.mark.django_db
def test_admission_days_spread_over_the_year_and_names_follow_gender(county):
    joined = list(Member.objects.values_list("joined_on", "birth_date"))
    on_birthday = sum(1 for j, b in joined if (j.month, j.day) == (b.month, b.day))
    assert on_birthday < len(joined) * 0.01
    admissions = DevelopmentStep.objects.filter(kind=K.ADMISSION_VOTE, done_on__year=county.year - 1)
    assert len(Counter(admissions.values_list("done_on__month", flat=True))) == 12
    chars = {Member.Gender.MALE: set(MALE_CHARS), Member.Gender.FEMALE: set(FEMALE_CHARS)}
    for model in (Member, DevelopmentCase):
        for name, gender in model.objects.values_list("name", "gender"):
            assert set(name[1:]) <= chars[gender], (name, gender)


@pytest.mark.django_db
def test_every_village_has_last_years_collective_income(county):
    villages = WorkUnit.objects.filter(kind=WorkUnit.Kind.VILLAGE, is_closed=False)
    incomes = VillageIncome.objects.filter(year=county.year - 1)
    assert incomes.count() == villages.count() == 590
    at_target = incomes.filter(amount__gte=5).count()
    assert 0.55 * 590 <= at_target <= 0.8 * 590


@pytest.mark.django_db
def test_the_performance_demo_scores_seed_002s_64_agencies(county):
    """Seed 002: a balanced scorecard for 64 agencies — each agency under the 县直机关工委 has its card, and every
    half-month period bulletined ranks them all."""
    agencies = Organization.objects.get(kind=O_K.WORKING_COMMITTEE).children.count()
    assert agencies == 64  # seed 002's figure
    assert Scorecard.objects.count() == agencies
    bulletined = Period.objects.filter(step=Period.Step.BULLETIN)
    assert bulletined.exists()
    for period in bulletined:
        ranks = list(period.scores.values_list("rank", flat=True))
        assert len(ranks) == agencies and max(ranks) <= agencies, period


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_county_and_a_second_run_changes_nothing(county):
    first = shape()
    call_command("seed_demo", scale="county", seed=SEED)  # the demo is there: nothing is added
    assert shape() == first
    for seed, same in ((SEED, True), (SEED + 1, False)):
        demo.reset()
        demo.build_tree(demo.DemoContext(rng=random.Random(seed), today=county, scale="county"))
        assert (shape() == first) is same, seed  # the rest of the county is drawn on this tree from the same rng
