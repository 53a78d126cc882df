"""12380 statistics: the figures of a year under an organization, checked against reports made here through the
services; the scope; the page; the .xlsx read back (no reporter identity, no receipt, typed text stays text)."""

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from tests.fixtures import _child, make_user
from zugong.accounts.capabilities import Role
from zugong.complaints import services
from zugong.complaints.models import Report
from zugong.complaints.statistics import report_statistics, reports_visible_to
from zugong.complaints.tests.conftest import IDENTITY, staff_report, web_report
from zugong.organizations.models import Organization

pytestmark = pytest.mark.django_db
D, OUT = Report.Decision, Report.Outcome
K, S = Organization.Kind, Organization.Sector


def _walk(actor, report, *, decided, outcome=None, concluded=None, closed=None, decision=D.ACCEPT):
    """Take the report's steps on the days given (the reply the day after the last step before it)."""
    services.decide(actor, report, decision=decision, day=decided, note="不属于受理范围" if decision == D.OUTSIDE else "")
    last = decided
    if outcome:
        services.assign(actor, report, handler=actor, day=decided)
        services.start_verification(actor, report, day=decided)
        services.conclude(actor, report, outcome=outcome, day=concluded, note="核查情况")
        last = concluded
    if closed:
        via = Report.ReplyVia.NONE if report.anonymous else Report.ReplyVia.PHONE
        services.reply(actor, report, text="答复", via=via, day=last + dt.timedelta(days=1))
        services.close(actor, report, day=closed)
    return report


@pytest.fixture
def reports(county, department_admin):
    """2026: 东风村 true (closed in 24 days), 西岭村 false and concluded 40 days late (closed in 103), 县财政局 outside
    remit (closed in 5), 东风镇 itself registered only, a web report at the top; 2025: 南山村, found partly true in
    2026. 北岭镇 and 东岭村 have none."""
    admin = department_admin
    county.quiet_township = _child(county.county, "北岭镇党委", K.COMMITTEE, S.RURAL)
    county.quiet_village = _child(county.township, "东岭村党支部", K.BRANCH, S.RURAL)
    true = _walk(admin, staff_report(admin, county.village, received_on=dt.date(2026, 2, 1), name="=HYPERLINK(1)",
                                     identity=IDENTITY),
                 decided=dt.date(2026, 2, 3), outcome=OUT.TRUE, concluded=dt.date(2026, 2, 20),
                 closed=dt.date(2026, 2, 25))
    late = _walk(admin, staff_report(admin, county.village2, received_on=dt.date(2026, 3, 1)),
                 decided=dt.date(2026, 3, 2), outcome=OUT.FALSE, concluded=dt.date(2026, 6, 10),
                 closed=dt.date(2026, 6, 12))
    outside = _walk(admin, staff_report(admin, county.agency_branch, received_on=dt.date(2026, 5, 1)),
                    decided=dt.date(2026, 5, 3), decision=D.OUTSIDE, closed=dt.date(2026, 5, 6))
    registered = staff_report(admin, county.township, received_on=dt.date(2026, 10, 1))
    web, code = web_report()
    last_year = _walk(admin, staff_report(admin, county.other_village, received_on=dt.date(2025, 12, 20)),
                      decided=dt.date(2025, 12, 22), outcome=OUT.PARTLY, concluded=dt.date(2026, 1, 10))
    return {"true": true, "late": late, "outside": outside, "registered": registered, "web": web, "code": code,
            "last_year": last_year}


def _rows(stats) -> dict[str, tuple]:
    return {row.organization.name + ("（本级）" if row.own else ""): (row.received, row.accepted, row.concluded, row.found,
                                                                 row.found_in_year) for row in stats.units}


def test_the_year_counted_by_channel_kind_status_outcome_and_organization(county, reports, department_admin):
    stats = report_statistics(reports_visible_to(department_admin), county.county, 2026)
    assert stats.total == 5
    assert dict(stats.by_channel) == {"网络举报": 1, "来信": 4, "12380电话": 0, "来访": 0}
    assert dict(stats.by_kind)["违规违纪"] == 5
    assert dict(stats.by_status) == {"待受理": 2, "已受理，待交办": 0, "已交办，待核查": 0, "核查中": 0,
                                     "已办结，待答复": 0, "不予受理或已转办，待答复": 0, "已答复，待结案": 0, "已结案": 3}
    assert dict(stats.by_outcome) == {"属实": 1, "部分属实": 0, "不属实": 1, "无法核实": 0, "不予受理或已转办": 1,
                                      "尚未办结": 2}
    assert _rows(stats) == {"东风镇党委": (3, 2, 2, 1, 1), "南山镇党委": (0, 0, 0, 0, 1), "县直机关工委": (1, 0, 0, 0, 0),
                            "北岭镇党委": (0, 0, 0, 0, 0), "示范县委（本级）": (1, 0, 0, 0, 0)}
    last = report_statistics(reports_visible_to(department_admin), county.county, 2025)
    assert last.total == 1 and _rows(last)["南山镇党委"] == (1, 1, 1, 1, 0)


def test_zero_reports_and_zero_violations_at_each_level(county, reports, department_admin):
    visible = reports_visible_to(department_admin)
    # 南山镇 had no report in 2026 but one found partly true in 2026 (received the year before): not on the list
    assert [o.name for o in report_statistics(visible, county.county, 2026).zero_units] == ["北岭镇党委"]
    assert [o.name for o in report_statistics(visible, county.township, 2026).zero_units] == ["东岭村党支部"]
    assert [o.name for o in report_statistics(visible, county.county, 2024).zero_units] == [
        "东风镇党委", "南山镇党委", "县直机关工委", "北岭镇党委"]


def test_time_to_close_and_late_conclusions(county, reports, department_admin):
    stats = report_statistics(reports_visible_to(department_admin), county.county, 2026)
    assert stats.closed == 3  # 24, 103 and 5 days from receipt to closing
    assert stats.median_days == 24 and stats.average_days == 44.0
    assert [(late.number, late.due, late.days_late) for late in stats.late] == [
        (reports["late"].number, dt.date(2026, 5, 1), 40)]


def test_a_viewer_counts_only_reports_in_their_scope(county, reports):
    township_viewer = make_user("viewer", Role.INSPECTOR, county.township)
    stats = report_statistics(reports_visible_to(township_viewer), county.county, 2026)
    assert stats.total == 3 and {r.number for r in stats.rows} == {
        reports["true"].number, reports["late"].number, reports["registered"].number}
    assert stats.median_days == 63.5 and len(stats.late) == 1


def test_the_page_shows_the_figures_and_the_zero_list(client, county, reports, department_admin):
    client.force_login(department_admin)
    page = client.get(reverse("complaints:statistics"), {"year": 2026}).content.decode()
    assert '<div class="fs-4" data-testid="total">5</div>' in page
    assert '<div class="fs-4" data-testid="days">44.0 / 24</div>' in page
    assert '<div class="fs-4" data-testid="late">1</div>' in page
    assert 'data-testid="zero-count">1</span>' in page and "北岭镇党委</li>" in page
    assert "零违纪、零举报" in page and "本系统没有纪律处分登记" in page
    assert IDENTITY["name"] not in page and reports["code"] not in page
    township = client.get(reverse("complaints:statistics"), {"year": 2026, "unit": county.township.pk})
    assert "东岭村党支部</li>" in township.content.decode()


def test_an_organization_outside_the_scope_and_a_bad_year(client, county, reports):
    client.force_login(make_user("viewer", Role.INSPECTOR, county.township))
    url, export = reverse("complaints:statistics"), reverse("complaints:statistics_export")
    assert client.get(url, {"year": 2026, "unit": county.other_township.pk}).status_code == 404
    assert client.get(url, {"year": 2026, "unit": 999999}).status_code == 404
    assert client.get(export, {"year": 2026, "unit": county.other_township.pk}).status_code == 404
    page = client.get(url).content.decode()  # no unit: the viewer's own organization
    assert "东风镇党委 2026年度" in page and '<div class="fs-4" data-testid="total">3</div>' in page
    for year, message in ((2027, "年度不能晚于今年"), (1999, "2000"), ("二〇二六", "整数")):
        response = client.get(url, {"year": year})
        assert response.status_code == 200 and message in response.content.decode()
        assert 'data-testid="total"' not in response.content.decode()
        assert client.get(export, {"year": year}).status_code == 404


def test_the_export_holds_the_figures_and_no_identity(client, county, reports, department_admin):
    client.force_login(department_admin)
    response = client.get(reverse("complaints:statistics_export"), {"year": 2026})
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["汇总", "按下级党组织", "零违纪零举报", "举报件"]
    values = [cell.value for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
              if cell.value is not None]
    text = "\n".join(str(v) for v in values)
    for secret in (*IDENTITY.values(), reports["code"], "违规收受礼金"):
        assert secret not in text
    assert book["汇总"]["B2"].value == 5
    units = {row[0]: row[1:] for row in book["按下级党组织"].iter_rows(min_row=4, values_only=True)}
    assert units["东风镇党委"] == (3, 2, 2, 1, 1) and units["示范县委（本级）"] == (1, 0, 0, 0, 0)
    assert [row[0] for row in book["零违纪零举报"].iter_rows(min_row=5, values_only=True)] == ["北岭镇党委"]
    listed = {row[0]: row for row in book["举报件"].iter_rows(min_row=2, values_only=True)}
    assert set(listed) == {reports[k].number for k in ("true", "late", "outside", "registered", "web")}
    true = listed[reports["true"].number]
    assert true[4] == "'=HYPERLINK(1)" and true[8] == "属实" and true[11] == 24
    assert not [c for s in book.worksheets for r in s.iter_rows() for c in r if c.data_type == "f"]
