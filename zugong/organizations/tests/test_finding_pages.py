"""The findings page (问题预警): filters, paging, export, the handling forms, and the per-township dashboard panel."""

import datetime as dt
import io
import re

import openpyxl
import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from zugong.core.models import Finding, FindingEvent
from zugong.organizations.models import Organization


def _finding(org, title, code="organizations.no_secretary", severity="problem", status="open", days_old=0, key=""):
    finding = Finding.all_objects.create(
        check_code=code, key=key or title, severity=severity, status=status, title=title, url=org.get_absolute_url(),
        scope_path=org.path, subject_type=ContentType.objects.get_for_model(Organization), subject_id=str(org.pk))
    if days_old:
        Finding.all_objects.filter(pk=finding.pk).update(detected_at=timezone.now() - dt.timedelta(days=days_old))
    return finding


@pytest.fixture
def findings(county):
    return {
        "village": _finding(county.village, "东风村党支部未配备书记"),
        "village2": _finding(county.village2, "西岭村党支部任期将满", code="organizations.term_due",
                             severity="warning", days_old=40),
        "other": _finding(county.other_village, "南山村党支部未配备书记"),
        "closed": _finding(county.village, "东风村旧问题", status="closed"),
    }


def _titles(response) -> set[str]:
    page = response.content.decode()
    return {t for t in ("东风村党支部未配备书记", "西岭村党支部任期将满", "南山村党支部未配备书记", "东风村旧问题")
            if t in page}


def test_the_list_shows_open_findings_in_scope(client, township_operator, findings):
    client.force_login(township_operator)
    response = client.get(reverse("findings:list"))
    assert _titles(response) == {"东风村党支部未配备书记", "西岭村党支部任期将满"}


@pytest.mark.parametrize(("query", "expected"), [
    ({"check": "organizations.term_due"}, {"西岭村党支部任期将满"}),
    ({"severity": "problem"}, {"东风村党支部未配备书记"}),
    ({"age": "30"}, {"西岭村党支部任期将满"}),
    ({"status": "closed"}, {"东风村旧问题"}),
    ({"status": "all"}, {"东风村党支部未配备书记", "西岭村党支部任期将满", "东风村旧问题"}),
])
def test_the_filters(client, township_operator, findings, query, expected):
    client.force_login(township_operator)
    assert _titles(client.get(reverse("findings:list"), query)) == expected


def test_the_organization_filter_takes_the_subtree(client, county, department_admin, findings):
    client.force_login(department_admin)
    response = client.get(reverse("findings:list"), {"organization": county.township.pk})
    assert _titles(response) == {"东风村党支部未配备书记", "西岭村党支部任期将满"}
    response = client.get(reverse("findings:list"), {"organization": county.other_township.pk})
    assert _titles(response) == {"南山村党支部未配备书记"}


def test_the_list_is_paged(client, county, department_admin):
    for n in range(55):
        _finding(county.village, f"问题{n:02d}")
    client.force_login(department_admin)
    first = client.get(reverse("findings:list")).content.decode()
    assert "1 / 2" in first and len(re.findall(r'href="/findings/\d+/"', first)) == 50
    second = client.get(reverse("findings:list"), {"page": 2}).content.decode()
    assert len(re.findall(r'href="/findings/\d+/"', second)) == 5


def test_the_export_holds_the_filtered_findings(client, township_operator, findings):
    client.force_login(township_operator)
    response = client.get(reverse("findings:export"), {"severity": "problem"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:4] == ["检查项", "级别", "状态", "问题"]
    assert [row[:4] for row in rows[1:]] == [["未配备书记", "问题", "待处理", "东风村党支部未配备书记"]]


def test_closing_on_the_page_needs_a_note_and_then_closes(client, branch_secretary, findings):
    finding = findings["village"]
    client.force_login(branch_secretary)
    response = client.post(reverse("findings:close", args=[finding.pk]), {"close-note": ""})
    assert "关闭问题预警须填写处理说明（如何处理的）" in response.content.decode()
    assert Finding.all_objects.get(pk=finding.pk).status == "open"
    response = client.post(reverse("findings:close", args=[finding.pk]), {"close-note": "已选出书记"}, follow=True)
    assert "已关闭该问题预警。" in response.content.decode()
    assert Finding.all_objects.get(pk=finding.pk).status == "closed"
    page = client.get(reverse("findings:detail", args=[finding.pk])).content.decode()
    assert "已选出书记" in page and "东风村支书" in page


def test_assigning_on_the_page_offers_people_in_scope(client, department_admin, township_operator, outsider,
                                                      findings):
    finding = findings["village"]
    client.force_login(department_admin)
    page = client.get(reverse("findings:detail", args=[finding.pk])).content.decode()
    assert "东风镇组织委员" in page and "南山镇组织委员" not in page
    client.post(reverse("findings:assign", args=[finding.pk]), {"assignee": township_operator.pk, "note": "请核实"})
    assert Finding.all_objects.get(pk=finding.pk).assigned_to == township_operator
    response = client.post(reverse("findings:assign", args=[finding.pk]), {"assignee": outsider.pk})
    assert "选择一个有效的选项" in response.content.decode()
    event = FindingEvent.objects.get()
    assert (event.action, event.assignee, event.note) == ("assigned", township_operator, "请核实")


def test_an_inspector_sees_but_cannot_handle(client, inspector, findings):
    finding = findings["village"]
    client.force_login(inspector)
    page = client.get(reverse("findings:detail", args=[finding.pk])).content.decode()
    assert "东风村党支部未配备书记" in page and 'data-testid="close-form"' not in page
    assert client.post(reverse("findings:acknowledge", args=[finding.pk]), {}).status_code == 404
    assert Finding.all_objects.get(pk=finding.pk).status == "open"


def test_the_dashboard_counts_open_findings_per_township(client, county, department_admin, findings):
    client.force_login(department_admin)
    page = client.get(reverse("core:dashboard")).content.decode()
    panel = page[page.index('data-testid="findings-by-organization"'):]
    east = panel.index(f'href="/findings/?organization={county.township.pk}"')
    assert "东风镇党委" in panel[east:east + 400] and 'data-testid="org-finding-count">2<' in panel[east:east + 400]
    south = panel.index(f'href="/findings/?organization={county.other_township.pk}"')
    assert 'data-testid="org-finding-count">1<' in panel[south:south + 400]
    assert "共 3 条未关闭" in panel
