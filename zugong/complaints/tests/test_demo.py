"""The 12380 demo step on the test county tree: sixty reports in every state, channel and outcome, one open report
holding a selection case, named reporters sealed, receipts in the log that open their own report."""

import datetime as dt
import logging
import random
import re
from collections import Counter

import pytest
from django.db import connection

from zugong.appointments.holds import holds_on
from zugong.appointments.models import CaseCandidate, SelectionCase
from zugong.cadres.models import Cadre, Position, Tenure
from zugong.complaints import demo as complaints_demo
from zugong.complaints import services
from zugong.complaints.models import Report, ReporterIdentity
from zugong.complaints.tests.conftest import TODAY
from zugong.organizations import demo

pytestmark = pytest.mark.django_db
NAMES = ["赵一平", "钱二军", "孙三红", "李四海", "周五岭", "吴六东", "郑七星", "王八达"]


def _cadre(org, name: str, title: str) -> Cadre:
    cadre = Cadre.objects.create(name=name, gender="男", birth=dt.date(1980, 5, 1), organization=org)
    position = Position.objects.create(organization=org, title=title, rank="section_deputy")
    Tenure.objects.create(cadre=cadre, position=position, started_on=dt.date(2020, 1, 1))
    return cadre


@pytest.fixture
def demo_reports(county, department_admin, full_members, caplog):
    for number, name in enumerate(NAMES):
        org = [county.township, county.other_township, county.agency_branch, county.village][number % 4]
        _cadre(org, name, f"{org.name}副职{number}")
    candidate_cadre = _cadre(county.township, "冯候选", "东风镇党委副书记")
    post = Position.objects.create(organization=county.township, title="东风镇镇长", rank="section_head")
    case = SelectionCase.objects.create(title="东风镇镇长人选", unit=county.township, last_step_on=dt.date(2026, 10, 1))
    case.positions.set([post])
    CaseCandidate.objects.create(case=case, cadre=candidate_cadre, name=candidate_cadre.name, position=post,
                                 named_on=dt.date(2026, 10, 2))
    ctx = demo.DemoContext(rng=random.Random(1), today=TODAY, scale="county", root=county.county,
                           counties=[county.county], first_townships=[county.township])
    with caplog.at_level(logging.INFO, logger=complaints_demo.__name__):
        complaints_demo.add_reports(ctx)
    return case, caplog.text


def test_the_step_is_registered_before_the_checks_and_its_reports_are_reset_first():
    assert demo.STEPS.index(complaints_demo.add_reports) < demo.STEPS.index(demo.refresh_findings)
    assert demo.RESET_MODELS.index(Report) < demo.RESET_MODELS.index(Cadre)


def test_sixty_reports_in_every_state_channel_kind_and_outcome(demo_reports):
    _case, log = demo_reports
    assert Report.objects.count() == 60
    assert "停在" not in log  # no step was refused by the procedure
    assert set(Report.objects.values_list("status", flat=True)) == set(Report.Status.values)
    assert set(Report.objects.values_list("channel", flat=True)) == set(Report.Channel.values)
    assert set(Report.objects.values_list("kind", flat=True)) == set(Report.Kind.values)
    assert set(Report.objects.exclude(outcome="").values_list("outcome", flat=True)) == set(Report.Outcome.values)
    assert set(Report.objects.values_list("decision", flat=True)) == {"", *Report.Decision.values}
    assert Report.objects.filter(forwarded_to="县纪委监委").count() >= 3
    extended = Report.objects.exclude(extension_days=0)
    assert [(r.extension_days, r.extension_reason) for r in extended] == [(30, "涉及多个单位，需延长核查时间")]
    years = Counter(Report.objects.values_list("year", flat=True))
    assert set(years) == {2025, 2026} and min(years.values()) >= 15
    # the registration numbers run by the day received, web reports too (filed on their own day)
    for year in years:
        numbers = list(Report.objects.filter(year=year).order_by("serial").values_list("received_on", "number"))
        assert [n for _d, n in numbers] == [f"12380-{year}-{s:04d}" for s in range(1, len(numbers) + 1)]
        assert all(d.year == year for d, _n in numbers)


def test_the_people_reported_are_cadres_members_and_a_few_unlinked_web_reports(county, full_members, demo_reports):
    linked = Report.objects.filter(cadre__isnull=False)
    assert linked.count() >= 35
    assert all(r.unit_id == r.cadre.organization_id for r in linked.select_related("cadre"))
    about_members = Report.objects.filter(member__isnull=False).select_related("member")
    assert about_members.count() >= 3
    assert {(r.member.name, r.unit_id) for r in about_members} <= {(m.name, m.organization_id) for m in full_members}
    unlinked = Report.objects.filter(cadre__isnull=True, member__isnull=True)
    assert 3 <= unlinked.count() <= 6
    assert {r.channel for r in unlinked} == {"web"} and {r.unit_id for r in unlinked} == {county.county.pk}
    assert Report.objects.filter(handler__username="admin").count() == Report.objects.exclude(
        assigned_on__isnull=True).count() > 30


def test_one_open_report_holds_the_selection_case_and_no_true_finding_stops_it(demo_reports):
    case, _log = demo_reports
    reasons = [r for r in holds_on(case) if r.code == "reports12380"]
    assert len(reasons) == 1 and reasons[0].text.startswith("冯候选有12380举报（12380-")
    held = Report.objects.get(cadre__name="冯候选")
    assert held.status == Report.Status.VERIFYING and held.kind == Report.Kind.SELECTION
    case.refresh_from_db()
    assert case.status == SelectionCase.Status.OPEN
    assert case.candidates.get().dropped_reason == ""


def test_named_reports_are_sealed_and_nothing_identifying_is_in_the_raw_rows(demo_reports):
    named = Report.objects.filter(anonymous=False)
    assert 5 <= named.count() <= 12 and named.count() == ReporterIdentity.objects.count()
    assert Report.objects.filter(anonymous=True).count() > 40
    admin = Report.objects.exclude(handler=None).first().handler
    revealed = []
    for report in named:
        revealed.append(services.reveal_identity(_identity_keeper(admin, report), report, "核对示范数据"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM complaints_report")
        reports = repr(cursor.fetchall())
        cursor.execute("SELECT * FROM complaints_reporteridentity")
        identities = repr(cursor.fetchall())
    for identity in revealed:
        assert identity["姓名"] and identity["联系电话"].startswith("139")
        for value in identity.values():
            assert value not in reports and value not in identities


def _identity_keeper(admin, report):
    from tests.fixtures import make_user  # noqa: PLC0415
    from zugong.accounts.capabilities import Role  # noqa: PLC0415
    from zugong.accounts.models import User  # noqa: PLC0415

    keeper = User.objects.filter(username="keeper").first()
    return keeper or make_user("keeper", Role.IDENTITY_KEEPER, report.unit.__class__.objects.get(depth=1))


def test_the_log_gives_receipts_that_open_their_own_reports(demo_reports):
    _case, log = demo_reports
    lines = re.findall(r"查询码（在 /r/ 查看办理情况）：([A-Z0-9-]{24})  (12380-\d{4}-\d{4})", log)
    assert len(lines) == 3
    for code, number in lines:
        assert services.report_by_receipt(code).number == number
    assert Report.objects.get(number=lines[0][1]).messages.filter(author="department").exists()  # a reply to read


def test_the_step_is_quick(county, department_admin, django_assert_max_num_queries):
    ctx = demo.DemoContext(rng=random.Random(2), today=TODAY, scale="county", root=county.county,
                           counties=[county.county], first_townships=[county.township])
    with django_assert_max_num_queries(2500):
        complaints_demo.add_reports(ctx)
    assert Report.objects.count() == 60
