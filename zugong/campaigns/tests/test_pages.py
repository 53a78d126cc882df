"""The campaign pages as each persona sees them: the department runs a campaign, the village's secretary sees the
village's part and reports it from the page, the neighbouring village sees nothing of it."""


from django.urls import reverse
from django.utils import timezone

from tests.fixtures import PASSWORD
from zugong.campaigns import services
from zugong.campaigns.models import Bulletin, Task
from zugong.core.policy import set_policy_value


def _login(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


def test_every_page_opens_for_the_department(client, department_admin, campaign, task):
    _login(client, department_admin)
    inspection = services.record_inspection(department_admin, campaign, title="第一次督查", kind="planned",
                                            started_on=campaign.starts_on, ended_on=campaign.starts_on)
    services.report_task(department_admin, task, text="已完成")
    bulletin = services.draft_bulletin(department_admin, campaign)
    for name, args in [("campaigns:list", []), ("campaigns:new", []), ("campaigns:due", []),
                       ("campaigns:bulletins", []), ("campaigns:detail", [campaign.pk]),
                       ("campaigns:phase_new", [campaign.pk]), ("campaigns:group_new", [campaign.pk]),
                       ("campaigns:point_new", [campaign.pk]), ("campaigns:visit_new", [campaign.pk]),
                       ("campaigns:task_new", [campaign.pk]), ("campaigns:inspection_new", [campaign.pk]),
                       ("campaigns:bulletin_new", [campaign.pk]), ("campaigns:task", [task.pk]),
                       ("campaigns:task_report", [task.pk]), ("campaigns:inspection", [inspection.pk]),
                       ("campaigns:bulletin", [bulletin.pk]), ("campaigns:bulletin_docx", [bulletin.pk]),
                       ("campaigns:bulletin_pdf", [bulletin.pk])]:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 200, name


def test_the_village_secretary_sees_the_village_task_and_reports_it(client, branch_secretary, task):
    _login(client, branch_secretary)
    page = client.get(reverse("campaigns:detail", args=[task.campaign_id])).content.decode()
    assert "整顿转化一批后进支部" in page
    assert reverse("campaigns:task_new", args=[task.campaign_id]) not in page
    response = client.post(reverse("campaigns:task_report", args=[task.pk]),
                           {"text": "整顿了1个后进支部", "quantity": "1", "submission_token": _token(client, task)})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == Task.Status.REPORTED
    assert task.reports.get().quantity == 1


def _token(client, task) -> str:
    page = client.get(reverse("campaigns:task_report", args=[task.pk])).content.decode()
    marker = 'name="submission_token" value="'
    start = page.index(marker) + len(marker)
    return page[start:page.index('"', start)]


def test_the_neighbouring_township_sees_nothing_of_it(client, outsider, task):
    _login(client, outsider)
    assert client.get(reverse("campaigns:detail", args=[task.campaign_id])).status_code == 404
    assert client.get(reverse("campaigns:task", args=[task.pk])).status_code == 404
    assert client.get(reverse("campaigns:task_report", args=[task.pk])).status_code == 404


def test_the_department_returns_a_report_with_its_reason_and_the_village_sees_it(
        client, department_admin, branch_secretary, task):
    services.report_task(branch_secretary, task, text="材料不全")
    _login(client, department_admin)
    response = client.post(reverse("campaigns:task_review", args=[task.pk]), {"decision": "return", "reason": ""})
    task.refresh_from_db()
    assert task.status == Task.Status.REPORTED  # no reason: refused
    client.post(reverse("campaigns:task_review", args=[task.pk]), {"decision": "return", "reason": "缺少整改台账"})
    task.refresh_from_db()
    assert task.status == Task.Status.RETURNED
    _login(client, branch_secretary)
    page = client.get(reverse("campaigns:task", args=[task.pk])).content.decode()
    assert "缺少整改台账" in page
    assert response.status_code == 302


def test_issuing_numbers_the_bulletin_and_freezes_it(client, department_admin, campaign, task):
    bulletin = services.draft_bulletin(department_admin, campaign)
    _login(client, department_admin)
    client.post(reverse("campaigns:bulletin_issue", args=[bulletin.pk]), {"day": timezone.localdate().isoformat()})
    bulletin.refresh_from_db()
    assert bulletin.status == Bulletin.Status.ISSUED
    assert (bulletin.year, bulletin.serial) == (timezone.localdate().year, 1)
    response = client.post(reverse("campaigns:bulletin", args=[bulletin.pk]), {"title": "改", "body": "改"})
    assert response.status_code == 404
    bulletin.refresh_from_db()
    assert bulletin.title != "改"


def test_the_progress_counts_open_the_tasks_they_count(client, department_admin, campaign, group, task):
    import datetime as dt

    late = services.assign_task(department_admin, campaign, title="报送工作组成员名单", groups=[group],
                                deadline=timezone.localdate() - dt.timedelta(days=5))[0]
    services.report_task(department_admin, task, text="已完成")
    _login(client, department_admin)
    url = reverse("campaigns:detail", args=[campaign.pk])

    def listed(status: str) -> set[str]:
        page = client.get(url, {"task_status": status} if status else {}).content.decode()
        table = page.split('data-testid="tasks"')[1].split("</table>")[0]
        return {title for title in (task.title, late.title) if title in table}

    assert listed("") == {task.title, late.title}
    assert listed("overdue") == {late.title}
    assert listed(Task.Status.REPORTED) == {task.title}
    assert listed(Task.Status.ACCEPTED) == set()
    assert listed("no-such-state") == {task.title, late.title}
    page = client.get(url).content.decode()
    assert 'href="?task_status=overdue#tasks-section"' in page and "每月至少2次" in page
    set_policy_value(department_admin, "campaigns.visits_per_month", "3")
    assert "每月至少3次" in client.get(url).content.decode()  # the rule in force, not its default


def test_a_campaign_without_phases_says_so_rather_than_numbering_an_empty_line(client, department_admin, county):
    today = timezone.localdate()
    bare = services.create_campaign(department_admin, organization=county.county, title="专项整治", starts_on=today,
                                    ends_on=today, goals="", phases=[])
    page = _login(client, department_admin).get(reverse("campaigns:detail", args=[bare.pk])).content.decode()
    assert "未分阶段" in page
    assert "list-group-numbered" not in page
