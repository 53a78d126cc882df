"""Exchanges and postings (交流挂职): recording and ending one with their refusals, the share of township leaders
exchanged in a period (the group as it stood on the period's first day), and the years-in-one-post check at its
ten-year boundary and after a policy change."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.same_page import once
from zugong.cadres import mobility
from zugong.cadres.models import Cadre, Mobility, Position, Tenure
from zugong.cadres.tests.test_training import make_cadre
from zugong.core.access import DomainError
from zugong.core.checks import run_checks
from zugong.core.models import AuditEvent, Finding
from zugong.core.policy import set_policy_value

pytestmark = pytest.mark.django_db
K = Mobility.Kind


def posting(actor, cadre, **changes) -> Mobility:
    values = dict(kind=K.SECONDMENT, started_on=dt.date(2026, 3, 1), destination="市发改委挂职副主任", ended_on=None,
                  note="") | changes
    return mobility.record_mobility(actor, cadre, **values)


def state():
    return list(Mobility.objects.order_by("pk").values_list("pk", "kind", "started_on", "ended_on", "destination"))


def test_a_posting_is_recorded_ended_and_audited(county, department_admin):
    cadre = make_cadre(county.township)
    record = posting(department_admin, cadre, note="为期一年")
    assert (record.kind, record.ended_on, record.note) == (K.SECONDMENT, None, "为期一年")
    mobility.end_mobility(department_admin, record, dt.date(2027, 2, 28))
    record.refresh_from_db()
    assert record.ended_on == dt.date(2027, 2, 28)
    messages = list(AuditEvent.objects.filter(subject_id=str(cadre.pk)).order_by("pk").values_list("message", flat=True))
    assert messages == ["登记挂职：市发改委挂职副主任", "挂职结束：市发改委挂职副主任"]


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"ended_on": dt.date(2026, 2, 28)}, "ended_on", "结束日期 2026-02-28 早于开始日期 2026-03-01"),
    ({"destination": " "}, "destination", "去向单位及岗位不能为空"),
    ({"kind": "holiday"}, "kind", "类别「holiday」无效"),
])
def test_a_bad_posting_is_refused(county, department_admin, changes, field, message):
    cadre = make_cadre(county.township)
    with pytest.raises(DomainError) as refused:
        posting(department_admin, cadre, **changes)
    assert (refused.value.message, refused.value.field) == (message, field)
    assert state() == []


def test_one_open_posting_of_a_kind_at_a_time_but_exchanges_are_moves(county, department_admin):
    cadre = make_cadre(county.township)
    posting(department_admin, cadre)
    before = state()
    with pytest.raises(DomainError, match=r"张建国已有未结束的挂职（2026-03-01起，市发改委挂职副主任），请先登记其结束"):
        posting(department_admin, cadre, started_on=dt.date(2026, 6, 1))
    assert state() == before
    posting(department_admin, cadre, kind=K.SECONDMENT, started_on=dt.date(2025, 1, 1), ended_on=dt.date(2025, 6, 30))
    posting(department_admin, cadre, kind=K.DISPATCH, destination="东风村驻村第一书记")
    posting(department_admin, cadre, kind=K.EXCHANGE, destination="南山镇组织委员")
    posting(department_admin, cadre, kind=K.EXCHANGE, destination="县委组织部副部长", started_on=dt.date(2026, 9, 1))
    assert Mobility.objects.filter(cadre=cadre).count() == 5


def test_ending_is_refused_before_the_start_twice_or_out_of_scope(county, department_admin, township_operator):
    cadre = make_cadre(county.township)
    record = posting(department_admin, cadre)
    with pytest.raises(DomainError, match="结束日期 2026-02-01 早于开始日期 2026-03-01"):
        mobility.end_mobility(department_admin, record, dt.date(2026, 2, 1))
    with pytest.raises(DomainError, match="您无权管理干部「张建国」的交流挂职记录"):
        mobility.end_mobility(township_operator, record, dt.date(2026, 5, 1))
    assert Mobility.objects.get().ended_on is None
    mobility.end_mobility(department_admin, record, dt.date(2026, 5, 1))
    with pytest.raises(DomainError, match="该挂职已于 2026-05-01 结束"):
        mobility.end_mobility(department_admin, record, dt.date(2026, 6, 1))


@pytest.fixture
def leaders(county):
    """东风镇: 甲 and 乙 lead since 2020, 丙 only from March 2026, 丁 holds a staff post; 戊 leads an agency;
    己 leads 南山镇. 甲 is exchanged in April 2026, 乙 at the end of 2025; 己 is seconded (not an exchange)."""
    people = {name: make_cadre(org, name=name, rank=rank, since=since, leading=leading)
              for name, org, rank, since, leading in (
                  ("甲", county.township, "section_head", dt.date(2020, 1, 1), True),
                  ("乙", county.township, "section_deputy", dt.date(2020, 1, 1), True),
                  ("丙", county.township, "section_deputy", dt.date(2026, 3, 1), True),
                  ("丁", county.township, "staff", dt.date(2020, 1, 1), False),
                  ("戊", county.agency_branch, "section_head", dt.date(2020, 1, 1), True),
                  ("己", county.other_township, "section_head", dt.date(2020, 1, 1), True))}
    for name, kind, started in (("甲", K.EXCHANGE, dt.date(2026, 4, 1)), ("乙", K.EXCHANGE, dt.date(2025, 12, 31)),
                                ("己", K.SECONDMENT, dt.date(2026, 5, 1))):
        Mobility.objects.create(cadre=people[name], kind=kind, started_on=started, destination="他处")
    return people


def test_the_share_of_township_leaders_exchanged_counts_the_group_on_the_first_day(county, leaders):
    year = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    share = mobility.exchange_share(Cadre.objects.all(), mobility.TOWNSHIP_LEADERS, *year)
    assert (share.size, [c.name for c, _m, _p in share.exchanged], share.share) == (3, ["甲"], Decimal("33.33"))
    assert share.exchanged[0][2] == "东风镇甲的职位"  # the post held on the first day
    everyone = mobility.exchange_share(Cadre.objects.all(), mobility.ALL_SERVING, *year)
    assert (everyone.size, len(everyone.exchanged), everyone.share) == (6, 1, Decimal("16.67"))
    last_year = mobility.exchange_share(Cadre.objects.all(), mobility.TOWNSHIP_LEADERS, dt.date(2025, 1, 1),
                                        dt.date(2025, 12, 31))
    assert (last_year.size, [c.name for c, _m, _p in last_year.exchanged]) == (3, ["乙"])
    assert mobility.exchange_share(Cadre.objects.none(), mobility.TOWNSHIP_LEADERS, *year).share is None


def test_the_exchange_page_counts_within_the_persona_scope(client, county, leaders, department_admin, township_operator,
                                                           branch_secretary):
    url = reverse("cadres:mobility_overview")
    query = {"first_day": "2026-01-01", "last_day": "2026-12-31", "group": "township_leaders"}
    client.force_login(township_operator)
    result = client.get(url, query).context["result"]
    assert (result.size, len(result.exchanged), result.share) == (2, 1, Decimal("50.00"))
    client.force_login(department_admin)
    response = client.get(url, query)
    page = response.content.decode()
    assert "交流 1 人 / 共 3 人" in page and "33.33%" in page and "他处" in page
    assert [m.cadre.name for m in response.context["postings"]] == ["己"]
    bad = client.get(url, query | {"last_day": "2025-12-31"})
    assert bad.context["result"] is None and "期间结束日期不能早于开始日期" in bad.content.decode()
    assert client.get(url).context["form"].is_valid()  # this year, township leaders
    client.force_login(branch_secretary)
    assert client.get(url).status_code == 404


def test_recording_a_posting_through_the_page(client, county, department_admin):
    cadre = make_cadre(county.township)
    client.force_login(department_admin)
    url = reverse("cadres:mobility_new", args=[cadre.pk])
    data = {"kind": "dispatch", "destination": "东风村驻村第一书记", "started_on": "2026-03-01", "ended_on": "2026-01-01"}
    response = client.post(url, once(data))
    assert response.context["form"].errors["ended_on"] == ["结束日期 2026-01-01 早于开始日期 2026-03-01"]
    assert client.post(url, once(data | {"ended_on": ""})).status_code == 302
    record = Mobility.objects.get()
    end = reverse("cadres:mobility_end", args=[cadre.pk, record.pk])
    assert client.post(end, {"ended_on": "2027-03-01"})["Location"] == f"/cadres/{cadre.pk}/?tab=training"
    assert client.get(end).status_code == 404  # ended: nothing left to end
    page = client.get(reverse("cadres:detail", args=[cadre.pk]), {"tab": "training"}).content.decode()
    assert "东风村驻村第一书记" in page and "2027-03-01" in page


# --- years in one post -----------------------------------------------------------------------------------------


def long_findings():
    return list(Finding.objects.filter(check_code="cadres.too_long_in_post"))


@pytest.mark.parametrize(("today", "found"), [(dt.date(2026, 2, 28), False), (dt.date(2026, 3, 1), True)])
def test_ten_years_in_one_post_is_found_on_the_anniversary(county, today, found):
    cadre = make_cadre(county.township, rank="section_head", since=dt.date(2016, 3, 1))
    make_cadre(county.township, name="科员", rank="staff", since=dt.date(2000, 1, 1), leading=False)
    run_checks(today=today, codes=["cadres.too_long_in_post"])
    result = long_findings()
    assert len(result) == int(found)
    if found:
        finding = result[0]
        assert (finding.subject_id, finding.severity) == (str(cadre.pk), Finding.Severity.WARNING)
        assert finding.title == "张建国自2016-03-01任东风镇张建国的职位，已10.0年"
        assert finding.detail == ("在同一职位上任职满10年的应当交流（东风镇党委·东风镇张建国的职位，2016-03-01起）；依据："
                                  "《党政领导干部交流工作规定》《党政领导干部职务任期暂行规定》：在同一职位上任职满10年的，必须交流")
        assert finding.url == f"/cadres/{cadre.pk}/?tab=posts"


def test_the_years_in_post_follow_their_policy_and_only_current_posts_of_serving_cadres_count(county, department_admin):
    cadre = make_cadre(county.township, rank="section_head", since=dt.date(2018, 2, 28))
    ended = make_cadre(county.township, name="已免", since=dt.date(2001, 1, 1))
    Tenure.objects.filter(cadre=ended).update(ended_on=dt.date(2025, 1, 1))
    retired = make_cadre(county.township, name="退休", since=dt.date(2001, 1, 1))
    Cadre.objects.filter(pk=retired.pk).update(status=Cadre.Status.RETIRED)
    today = dt.date(2026, 2, 28)
    run_checks(today=today, codes=["cadres.too_long_in_post"])
    assert long_findings() == []
    set_policy_value(department_admin, "cadres.max_years_in_post", "8")
    run_checks(today=today, codes=["cadres.too_long_in_post"])
    assert [(f.subject_id, f.detail.startswith("在同一职位上任职满8年的应当交流")) for f in long_findings()] == [
        (str(cadre.pk), True)]


def test_a_cadre_who_moved_to_another_post_starts_counting_again(county):
    cadre = make_cadre(county.township, rank="section_deputy", since=dt.date(2010, 1, 1))
    Tenure.objects.filter(cadre=cadre).update(ended_on=dt.date(2019, 6, 1))
    other = Position.objects.create(organization=county.other_township, title="南山镇党委副书记", rank="section_deputy")
    Tenure.objects.create(cadre=cadre, position=other, started_on=dt.date(2019, 6, 1))
    run_checks(today=dt.date(2026, 3, 1), codes=["cadres.too_long_in_post"])
    assert long_findings() == []
