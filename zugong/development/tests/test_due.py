"""The due lists agree with the refusals; date arithmetic at month ends and leap days; findings and pages."""

import datetime as dt
import io

import openpyxl
import pytest
import time_machine
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from zugong.core.checks import run_checks
from zugong.core.dates import add_months
from zugong.core.models import Finding
from zugong.core.policy import REGISTRY
from zugong.development import services
from zugong.development.models import DevelopmentStep
from zugong.development.procedure import History, bounds, next_kinds, sequence, timing_refusal
from zugong.development.selectors import Due, classify, due_items
from zugong.development.tests.test_procedure import DATES, PASSING, STEPS, extras
from zugong.members.tests.test_members import id_for

K = DevelopmentStep.Kind
DEFAULTS = {key: d.default for key, d in REGISTRY.items() if key.startswith("development.")}


@st.composite
def histories(draw):
    """A case walked some way with random gaps (0–400 days) between steps, as the procedure allows."""
    history = History({}, None)
    day = draw(st.dates(dt.date(2015, 1, 1), dt.date(2024, 12, 31)))
    for kind in sequence(DEFAULTS)[: draw(st.integers(1, 25))]:
        limits = bounds(kind, history, DEFAULTS)
        day = max(day, limits.earliest) + dt.timedelta(days=draw(st.integers(0, 400)))
        if limits.latest is not None and day > limits.latest:
            day = limits.latest
        history.done[kind] = day
        if kind == K.ADMISSION_VOTE:
            history = History(history.done, add_months(day, 12 + draw(st.sampled_from([0, 0, 6, 9, 12]))))
    return history


@settings(max_examples=300, deadline=None)
@given(history=histories(), near_a_boundary=st.booleans(), offset=st.integers(-3, 3), far=st.integers(-200, 900))
def test_a_step_listed_as_possible_now_is_never_refused_and_one_not_yet_possible_always_is(
        history, near_a_boundary, offset, far):
    kinds = next_kinds(history, DEFAULTS)
    if near_a_boundary and kinds:  # the days around the first possible date, where an off-by-one would show
        today = max(bounds(kinds[0], history, DEFAULTS).earliest, dt.date(2000, 1, 1)) + dt.timedelta(days=offset)
    else:
        today = max(history.done.values()) + dt.timedelta(days=far)
    for kind in kinds:
        due = classify(bounds(kind, history, DEFAULTS), today, 30)
        refusal = timing_refusal(kind, today, history, DEFAULTS, today)
        if due is Due.NOW:
            assert refusal is None
        if due in (Due.SOON, Due.LATER):
            assert refusal is not None and "最早可于" in refusal


@given(day=st.dates(dt.date(1990, 1, 1), dt.date(2090, 12, 31)), months=st.integers(1, 48))
def test_months_later_is_the_same_day_or_the_last_day_of_a_shorter_month(day, months):
    later = add_months(day, months)
    assert (later.year * 12 + later.month) - (day.year * 12 + day.month) == months
    assert later.day == day.day or (later.day < day.day and (later + dt.timedelta(days=1)).day == 1)
    assert add_months(later, -months) <= day


def test_one_year_after_a_leap_day_is_the_28th_of_february():
    history = History({K.ACTIVIST_CHOSEN: dt.date(2024, 2, 29), **{k: dt.date(2024, 2, 29) for k in sequence(
        DEFAULTS)[:6]}}, None)
    assert bounds(K.CANDIDATE_CHOSEN, history, DEFAULTS).earliest == dt.date(2025, 2, 28)
    ends = History({**history.done, K.ADMISSION_VOTE: dt.date(2024, 8, 31)}, dt.date(2025, 8, 31))
    assert bounds(K.APPROVAL, ends, DEFAULTS).due_by == dt.date(2024, 11, 30)
    assert bounds(K.APPROVAL, ends, DEFAULTS).latest == dt.date(2025, 2, 28)


@pytest.fixture
def waiting_cases(county, branch_secretary, department_admin):
    """Three applicants in 东风村: one talked to, one waiting past the month, one just applied."""
    with time_machine.travel(dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC), tick=False):
        people = [("过期", dt.date(2026, 9, 1)), ("刚交", dt.date(2026, 11, 15)), ("已谈", dt.date(2026, 6, 1))]
        cases = [services.open_case(branch_secretary, name=name, id_number=id_for(dt.date(1995, 1, n + 1), 30 + n),
                                    ethnicity="01", education="college", occupation="worker",
                                    organization=county.village, applied_on=day)
                 for n, (name, day) in enumerate(people)]
        services.record_step(branch_secretary, cases[2], K.TALK, dt.date(2026, 6, 20))
        services.record_step(branch_secretary, cases[2], K.ACTIVIST_CHOSEN, dt.date(2026, 7, 1))
    return cases


def test_the_due_list_names_what_is_overdue_and_what_can_be_done(waiting_cases, client, township_operator):
    with time_machine.travel(dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC), tick=False):
        items = {(i.case.name, i.kind): i for i in due_items(waiting_cases[0].__class__.objects.all(),
                                                             dt.date(2026, 11, 20), services.rule_values())}
        assert items[("过期", K.TALK)].due is Due.OVERDUE
        assert items[("过期", K.TALK)].explanation == (
            "应于2026-10-01前办理：收到入党申请书后1个月内派人谈话（《中国共产党发展党员工作细则》第七条）")
        assert items[("刚交", K.TALK)].due is Due.NOW
        assert items[("已谈", K.ACTIVIST_FILED)].due is Due.NOW
        client.force_login(township_operator)
        page = client.get(reverse("development:due")).content.decode()
        assert page.count("过期") == 1 and "已逾期" in page
        book = openpyxl.load_workbook(io.BytesIO(client.get(reverse("development:due_export")).content))
        rows = list(book.active.iter_rows(min_row=4, values_only=True))
        assert ("已逾期", "过期", "入党申请人", "东风村党支部", "党组织派人谈话") == rows[0][:5]
        assert len(rows) == len(items)
        run_checks(today=dt.date(2026, 11, 20))
    finding = Finding.objects.get(check_code="development.overdue")
    assert finding.title == "过期（入党申请人）的「党组织派人谈话」已逾期"


def test_a_village_without_a_new_member_this_year_is_a_finding(waiting_cases, county, branch_secretary, full_members):
    run_checks(today=dt.date(2026, 11, 20), codes=["development.village_none"])
    titles = set(Finding.objects.filter(check_code="development.village_none").values_list("title", flat=True))
    assert titles == {"东风村2026年已发展党员0名，未达到每村每年至少1名", "南山村2026年已发展党员0名，未达到每村每年至少1名"}


def test_a_case_is_walked_through_the_pages(county, client, township_operator, full_members):
    client.force_login(township_operator)  # the township records the branch's steps too, and its own
    response = client.post(reverse("development:create"), {
        "name": "吴倩", "id_number": id_for(dt.date(1999, 9, 9), 41), "ethnicity": "01", "education": "college",
        "occupation": "worker", "organization": county.village.pk, "applied_on": "2023-03-10"})
    case = county.village.development_cases.get()
    assert response.status_code == 302 and response.url == case.get_absolute_url()
    page = client.get(case.get_absolute_url()).content.decode()
    assert "已逾期" in page and "党组织派人谈话" in page
    response = client.post(reverse("development:step_new", args=[case.pk, K.TALK]), {"done_on": "2023-03-01"})
    assert "不能早于上一步「递交入党申请书」的日期" in response.content.decode()
    for kind in STEPS[1:STEPS.index(K.ADMISSION_VOTE) + 1]:
        data = {"done_on": DATES[kind].isoformat()}
        for name, value in extras(kind, full_members).items():
            if name == "people":
                data[name] = [p.pk for p in value]
            elif name == "vote":
                data.update(value)
            else:
                data[name] = value
        response = client.post(reverse("development:step_new", args=[case.pk, kind]), data)
        assert response.status_code == 302, (kind, response.content.decode()[:3000])
    case.refresh_from_db()
    assert case.stage == "candidate" and case.probation_ends_on == dt.date(2025, 7, 1)
    assert case.steps.get(kind=K.ADMISSION_VOTE).vote.yes == PASSING["yes"]
