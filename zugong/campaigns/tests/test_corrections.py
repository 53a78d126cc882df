"""A department user corrects a campaign's records (a typo, a wrong member) or removes one made by mistake: each edit
is a one-time form that keeps the values before in the change history, and a removal that something depends on is
refused with the reason and changes nothing. The work group's members come from the search-as-you-type picker."""

import datetime as dt
import uuid

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from tests.fixtures import PASSWORD
from zugong.cadres.models import Cadre
from zugong.campaigns import services
from zugong.campaigns.models import ContactPoint, Inspection, Task, Visit, WorkGroup
from zugong.campaigns.tests.conftest import make_cadres
from zugong.core.models import AuditEvent


def _login(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


def _post(client, url, data):
    return client.post(url, {"submission_token": str(uuid.uuid4()), **data})


def _events(model, pk):
    return AuditEvent.objects.filter(object_type=ContentType.objects.get_for_model(model), object_id=str(pk))


def test_a_group_is_corrected_with_the_picker_and_its_members_change_is_audited(client, department_admin, county,
                                                                                group):
    _login(client, department_admin)
    old = list(group.members.order_by("pk"))
    newcomer = make_cadres(county.agency_branch, 1, start=5)[0]
    page = client.get(reverse("campaigns:group_edit", args=[group.pk])).content.decode()
    assert page.count('name="cadres"') == 3  # the members as chosen rows, no county-wide list
    assert f'<option value="{old[0].pk}" selected>{old[0].name}</option>' in page  # the leader among them
    found = client.get(reverse("campaigns:group_cadres", args=[group.campaign_id]), {"q": newcomer.name})
    assert [c["cadre"] for c in found.context["candidates"]] == [newcomer]
    response = _post(client, reverse("campaigns:group_edit", args=[group.pk]), {
        "name": "县财政局帮扶工作组", "village": county.village.pk, "leader_organization": county.agency_branch.pk,
        "leader": newcomer.pk, "cadres": [old[1].pk, old[2].pk, newcomer.pk]})
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.name == "县财政局帮扶工作组" and group.leader == newcomer
    assert set(group.members.all()) == {old[1], old[2], newcomer}
    event = _events(WorkGroup, group.pk).get(action=AuditEvent.Action.UPDATE)
    assert old[0].name in event.message and newcomer.name in event.message
    assert event.changes["工作组名称"] == ["县财政局工作组", "县财政局帮扶工作组"]


def test_the_picker_finds_at_most_twenty_serving_cadres_under_the_campaign(client, department_admin, county,
                                                                          campaign, township_operator):
    _login(client, department_admin)
    Cadre.objects.bulk_create(Cadre(name=f"工作队员{n}", gender="男", birth=dt.date(1980, 1, 1),
                                    organization=county.township, org_path=county.township.path) for n in range(30))
    url = reverse("campaigns:group_cadres", args=[campaign.pk])
    found = client.get(url, {"q": "工作队员"})
    assert len(found.context["candidates"]) == 20 and found.context["more"]
    assert client.get(url).context["candidates"] == []  # nothing until one types
    client.force_login(township_operator)  # the county's campaign is not the township's to run
    assert client.get(url, {"q": "工作队员"}).status_code == 404


def test_a_group_owing_tasks_keeps_its_village_and_is_not_removed(client, department_admin, county, group, task):
    _login(client, department_admin)
    response = _post(client, reverse("campaigns:group_edit", args=[group.pk]), {
        "name": group.name, "village": county.other_village.pk, "leader_organization": county.agency_branch.pk})
    assert "已有任务在「东风村党支部」承担，不能改变帮扶村" in response.content.decode()
    group.refresh_from_db()
    assert group.village == county.village
    page = client.get(reverse("campaigns:group_remove", args=[group.pk])).content.decode()
    assert "承担着1项任务，不能删除" in page and 'data-testid="confirm-remove"' not in page
    assert client.post(reverse("campaigns:group_remove", args=[group.pk])).status_code == 200
    assert WorkGroup.objects.filter(pk=group.pk).exists()


def test_a_task_is_corrected_then_removed_and_a_reported_one_is_kept(client, department_admin, campaign, task):
    _login(client, department_admin)
    day = task.deadline + dt.timedelta(days=3)
    response = _post(client, reverse("campaigns:task_edit", args=[task.pk]),
                     {"title": "整顿转化一批软弱涣散党组织", "deadline": day.isoformat()})
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.title, task.deadline) == ("整顿转化一批软弱涣散党组织", day)
    services.report_task(department_admin, task, text="已完成")
    page = client.get(reverse("campaigns:task_remove", args=[task.pk])).content.decode()
    assert "已报送该任务1次，不能删除" in page
    client.post(reverse("campaigns:task_remove", args=[task.pk]))
    assert Task.objects.filter(pk=task.pk).exists()
    services.review_task(department_admin, task, accept=True)
    refused = _post(client, reverse("campaigns:task_edit", args=[task.pk]), {"title": "再改", "deadline": day})
    assert "审核通过，不能再修改" in refused.content.decode()

    fresh = services.assign_task(department_admin, campaign, title="误部署的任务", organizations=[campaign.organization],
                                 deadline=day)[0]
    assert client.post(reverse("campaigns:task_remove", args=[fresh.pk])).status_code == 302
    assert not Task.objects.filter(pk=fresh.pk).exists()
    assert "删除任务：误部署的任务" in _events(Task, fresh.pk).get(action=AuditEvent.Action.DELETE).message


def test_points_visits_and_inspections_are_corrected_and_removed(client, department_admin, county, campaign):
    _login(client, department_admin)
    cadre = make_cadres(county.county, 1)[0]
    point = services.add_contact_point(department_admin, campaign, cadre=cadre, holder="organization_cadre",
                                       kind="village", organization=county.village)
    response = _post(client, reverse("campaigns:point_edit", args=[point.pk]), {
        "cadre": cadre.pk, "holder": "organization_cadre", "kind": "school", "organization": county.village.pk})
    assert response.status_code == 302 and ContactPoint.objects.get(pk=point.pk).kind == "school"
    client.post(reverse("campaigns:point_remove", args=[point.pk]))
    assert not ContactPoint.objects.filter(pk=point.pk).exists()

    visit = services.log_visit(department_admin, campaign, cadre=cadre, organization=county.village,
                               visited_on=campaign.starts_on, purpose="调研产业")
    future = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    refused = _post(client, reverse("campaigns:visit_edit", args=[visit.pk]), {
        "cadre": cadre.pk, "organization": county.village.pk, "visited_on": future, "purpose": "调研产业发展"})
    assert "走访日期不能晚于今天" in refused.content.decode()
    assert Visit.objects.get(pk=visit.pk).purpose == "调研产业"
    too_long = _post(client, reverse("campaigns:visit_edit", args=[visit.pk]), {
        "cadre": cadre.pk, "organization": county.village.pk, "visited_on": campaign.starts_on, "purpose": "长" * 301})
    assert too_long.status_code == 200 and Visit.objects.get(pk=visit.pk).purpose == "调研产业"
    client.post(reverse("campaigns:visit_remove", args=[visit.pk]))
    assert not Visit.objects.filter(pk=visit.pk).exists()

    inspection = services.record_inspection(department_admin, campaign, title="第一次督察", kind="planned",
                                            started_on=campaign.starts_on, ended_on=campaign.starts_on)
    _post(client, reverse("campaigns:inspection_edit", args=[inspection.pk]), {
        "title": "第一次督查", "kind": "unannounced", "started_on": campaign.starts_on,
        "ended_on": campaign.starts_on})
    assert Inspection.objects.get(pk=inspection.pk).title == "第一次督查"
    services.add_inspection_finding(department_admin, inspection, organization=county.village, rating="good")
    page = client.get(reverse("campaigns:inspection_remove", args=[inspection.pk])).content.decode()
    assert "已登记1个单位的督查发现，不能删除" in page


def test_an_edit_form_posted_twice_saves_once(client, department_admin, county, campaign):
    _login(client, department_admin)
    cadre = make_cadres(county.county, 1)[0]
    visit = services.log_visit(department_admin, campaign, cadre=cadre, organization=county.village,
                               visited_on=campaign.starts_on, purpose="调研")
    data = {"submission_token": str(uuid.uuid4()), "cadre": cadre.pk, "organization": county.village.pk,
            "visited_on": campaign.starts_on, "purpose": "调研党建"}
    assert client.post(reverse("campaigns:visit_edit", args=[visit.pk]), data).status_code == 302
    again = client.post(reverse("campaigns:visit_edit", args=[visit.pk]), data)
    assert again.status_code == 200 and 'data-testid="form-error"' in again.content.decode()
    assert _events(Visit, visit.pk).filter(action=AuditEvent.Action.UPDATE).count() == 1
