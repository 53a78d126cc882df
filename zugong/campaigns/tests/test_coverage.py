"""A campaign's coverage (覆盖范围) set on its form with the search-as-you-type picker, the campaign itself corrected
(title, dates, goals, coverage) on a one-time page under its lock, and a single inspection finding corrected or
removed. Narrowing the coverage is refused, naming the records that would fall outside; a finding an issued bulletin
cites is kept as it was, and the refusal gives the bulletin's number."""

import datetime as dt
import html
import re
import uuid

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from tests.fixtures import PASSWORD
from zugong.campaigns import services
from zugong.campaigns.models import Campaign, InspectionFinding
from zugong.campaigns.tests.conftest import make_cadres
from zugong.core.access import DomainError
from zugong.core.models import AuditEvent
from zugong.pairing import services as pairing_services


def _login(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


def _post(client, url, data):
    return client.post(url, {"submission_token": str(uuid.uuid4()), **data})


def _page(response) -> str:
    return html.unescape(response.content.decode())


def _covers_line(response) -> str:
    """The coverage line of a campaign's page as read (its tags left out)."""
    line = re.search(r'data-testid="campaign-covers">(.*?)</p>', response.content.decode(), re.S)
    assert line is not None
    return html.unescape(re.sub(r"<[^>]+>", "", line.group(1)))


def _edit_data(campaign, **changes) -> dict:
    return {"title": campaign.title, "starts_on": campaign.starts_on.isoformat(),
            "ends_on": campaign.ends_on.isoformat(), "goals": campaign.goals,
            "covers": [o.pk for o in campaign.covers.all()], **changes}


def test_the_coverage_is_chosen_on_the_new_campaign_form_and_shown_on_its_page(client, department_admin, county):
    _login(client, department_admin)
    today = timezone.localdate()
    form = client.get(reverse("campaigns:new")).content.decode()
    assert 'data-testid="covers-search"' in form and "牵头组织全部下级" in form
    assert 'name="covers"' not in form  # the organizations are found by typing, never listed on the page
    response = _post(client, reverse("campaigns:new"), {
        "title": "东风镇强基行动", "organization": county.county.pk, "starts_on": today.isoformat(),
        "ends_on": (today + dt.timedelta(days=90)).isoformat(), "covers": [county.township.pk, county.agencies.pk]})
    assert response.status_code == 302
    campaign = Campaign.objects.get(title="东风镇强基行动")
    assert set(campaign.covers.all()) == {county.township, county.agencies}
    assert _covers_line(client.get(campaign.get_absolute_url())) == "覆盖范围：东风镇党委、县直机关工委"

    whole = services.create_campaign(department_admin, organization=county.county, title="全县活动", starts_on=today,
                                     ends_on=today)
    assert _covers_line(client.get(whole.get_absolute_url())) == "覆盖范围：牵头组织全部下级"


def test_a_village_ticked_beside_its_township_is_kept_once_under_the_township(department_admin, county):
    today = timezone.localdate()
    campaign = services.create_campaign(department_admin, organization=county.county, title="强基行动", starts_on=today,
                                        ends_on=today, covers=[county.village, county.township, county.other_village])
    assert set(campaign.covers.all()) == {county.township, county.other_village}


def test_a_refusal_reads_in_the_readers_language(department_admin, county):
    today = timezone.localdate()
    for language, message in (("zh-hans", "活动的结束日期不能早于开始日期"),
                              ("en", "The campaign: the end date cannot be before the start date.")):
        with translation.override(language), pytest.raises(DomainError) as refused:
            services.create_campaign(department_admin, organization=county.county, title="强基行动", starts_on=today,
                                     ends_on=today - dt.timedelta(days=1))
        assert (refused.value.message, refused.value.field) == (message, "ends_on")


def test_a_root_outside_the_owner_is_refused_with_the_coverage_field_message(client, department_admin, county):
    _login(client, department_admin)
    today = timezone.localdate().isoformat()
    response = _post(client, reverse("campaigns:new"), {
        "title": "东风镇活动", "organization": county.township.pk, "starts_on": today, "ends_on": today,
        "covers": [county.village.pk, county.other_village.pk]})
    page = _page(response)
    assert response.status_code == 200
    assert 'data-testid="covers-error"' in page
    assert "覆盖范围「南山村党支部」不在牵头组织「东风镇党委」之下" in page
    assert f'name="covers" value="{county.village.pk}"' in page  # the choice is kept for the correction
    assert not Campaign.objects.filter(title="东风镇活动").exists()


def test_the_picker_finds_organizations_under_the_owner_only(client, department_admin, township_operator, county):
    _login(client, department_admin)
    url = reverse("campaigns:cover_candidates")
    found = client.get(url, {"organization": county.county.pk, "q": "村"})
    assert [c["organization"] for c in found.context["candidates"]] == [
        county.village, county.village2, county.other_village]
    direct = client.get(url, {"organization": county.county.pk})  # nothing typed: the owner's direct subordinates
    assert [c["organization"] for c in direct.context["candidates"]] == [
        county.township, county.other_township, county.agencies]
    under_township = client.get(url, {"organization": county.township.pk, "q": "村"})
    assert [c["organization"] for c in under_township.context["candidates"]] == [county.village, county.village2]
    assert "请先选择牵头组织" in client.get(url, {"q": "村"}).content.decode()
    client.force_login(township_operator)  # the county is not the township operator's to run
    assert client.get(url, {"organization": county.county.pk, "q": "村"}).context["candidates"] == []


def test_the_campaign_is_corrected_under_its_lock_and_audited(client, department_admin, county, campaign):
    _login(client, department_admin)
    form = _page(client.get(reverse("campaigns:edit", args=[campaign.pk])))
    assert "示范县委" in form and 'data-testid="campaign-owner"' in form
    response = _post(client, reverse("campaigns:edit", args=[campaign.pk]), _edit_data(
        campaign, title="“三抓三促”行动", goals="抓学习、抓执行、抓效能", covers=[county.township.pk]))
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert (campaign.title, campaign.goals) == ("“三抓三促”行动", "抓学习、抓执行、抓效能")
    assert list(campaign.covers.all()) == [county.township]
    event = AuditEvent.objects.get(object_type=ContentType.objects.get_for_model(Campaign),
                                   object_id=str(campaign.pk), action=AuditEvent.Action.UPDATE)
    assert "覆盖范围由「示范县委全部下级」改为「东风镇党委」" in event.message
    assert event.changes["活动名称"] == ["“三抓三促”主题实践活动", "“三抓三促”行动"]
    assert _covers_line(client.get(campaign.get_absolute_url())) == "覆盖范围：东风镇党委"


def test_narrowing_the_coverage_past_a_group_and_a_finding_is_refused_naming_them(client, department_admin, county,
                                                                                 campaign, group, task):
    _login(client, department_admin)
    inspection = services.record_inspection(department_admin, campaign, title="第一轮明察暗访", kind="unannounced",
                                            started_on=campaign.starts_on, ended_on=campaign.starts_on)
    services.add_inspection_finding(department_admin, inspection, organization=county.agency_branch, rating="poor",
                                    found="台账不全")
    response = _post(client, reverse("campaigns:edit", args=[campaign.pk]), _edit_data(
        campaign, title="改名不应保存", covers=[county.other_township.pk]))
    page = _page(response)
    assert response.status_code == 200 and 'data-testid="covers-error"' in page
    assert page.count("不能缩小覆盖范围") == 1  # under the coverage, said once
    assert "工作组「县财政局工作组」的帮扶村「东风村党支部」" in page
    assert "任务「整顿转化一批后进支部」的承担单位「东风村党支部」" in page
    assert "督查「第一轮明察暗访」发现问题的「县财政局机关党支部」" in page
    campaign.refresh_from_db()
    assert campaign.title == "“三抓三促”主题实践活动" and not campaign.covers.exists()
    # Covering the township and the agencies keeps every record inside: allowed.
    ok = _post(client, reverse("campaigns:edit", args=[campaign.pk]),
               _edit_data(campaign, covers=[county.township.pk, county.agencies.pk]))
    assert ok.status_code == 302 and set(campaign.covers.all()) == {county.township, county.agencies}


def test_shortening_the_dates_past_a_task_deadline_is_refused(client, department_admin, campaign, task):
    _login(client, department_admin)
    response = _post(client, reverse("campaigns:edit", args=[campaign.pk]), _edit_data(
        campaign, ends_on=(task.deadline - dt.timedelta(days=1)).isoformat()))
    page = _page(response)
    assert response.status_code == 200
    assert "活动期间不能不含已有的阶段" in page  # the last phase runs to the end
    old_end = campaign.ends_on
    campaign.refresh_from_db()
    assert campaign.ends_on == old_end


# --- One finding ----------------------------------------------------------------------------------------------------

def _finding(actor, campaign, county, **kwargs):
    inspection = services.record_inspection(actor, campaign, title="第一轮明察暗访", kind="unannounced",
                                            started_on=campaign.starts_on, ended_on=campaign.starts_on)
    return services.add_inspection_finding(actor, inspection, organization=county.village, rating="poor",
                                           found="三会一课记录不全", rectification="补齐记录",
                                           rectify_by=campaign.starts_on + dt.timedelta(days=30), **kwargs)


def test_a_finding_is_corrected_from_the_inspection_page_and_audited(client, department_admin, county, campaign):
    _login(client, department_admin)
    item = _finding(department_admin, campaign, county)
    page = client.get(reverse("campaigns:inspection", args=[item.inspection_id])).content.decode()
    assert reverse("campaigns:finding_edit", args=[item.pk]) in page
    new_day = campaign.starts_on + dt.timedelta(days=45)
    response = _post(client, reverse("campaigns:finding_edit", args=[item.pk]), {
        "organization": county.village2.pk, "rating": "fair", "found": "三会一课记录不规范",
        "rectification": "规范记录", "rectify_by": new_day.isoformat()})
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.organization, item.rating, item.found, item.rectification, item.rectify_by) == (
        county.village2, "fair", "三会一课记录不规范", "规范记录", new_day)
    event = AuditEvent.objects.get(object_type=ContentType.objects.get_for_model(InspectionFinding),
                                   object_id=str(item.pk), action=AuditEvent.Action.UPDATE)
    assert event.changes["发现的问题"] == ["三会一课记录不全", "三会一课记录不规范"]
    early = _post(client, reverse("campaigns:finding_edit", args=[item.pk]), {
        "organization": county.village2.pk, "rating": "fair", "found": "x", "rectification": "规范记录",
        "rectify_by": (campaign.starts_on - dt.timedelta(days=1)).isoformat()})
    assert "整改期限不能早于督查开始日期" in _page(early)
    assert InspectionFinding.objects.get(pk=item.pk).found == "三会一课记录不规范"


def test_a_finding_is_removed_but_not_once_rectified(client, department_admin, county, campaign):
    _login(client, department_admin)
    item = _finding(department_admin, campaign, county)
    services.record_rectified(department_admin, item, day=campaign.starts_on, note="已补齐")
    page = _page(client.get(reverse("campaigns:finding_remove", args=[item.pk])))
    assert "已于" in page and "登记整改完成，不能删除" in page and 'data-testid="confirm-remove"' not in page
    assert client.post(reverse("campaigns:finding_remove", args=[item.pk])).status_code == 200
    assert InspectionFinding.objects.filter(pk=item.pk).exists()

    other = services.add_inspection_finding(department_admin, item.inspection, organization=county.village2,
                                            rating="fair", found="阵地不规范")
    assert client.post(reverse("campaigns:finding_remove", args=[other.pk])).status_code == 302
    assert not InspectionFinding.objects.filter(pk=other.pk).exists()
    removed = AuditEvent.objects.get(object_type=ContentType.objects.get_for_model(InspectionFinding),
                                     object_id=str(other.pk), action=AuditEvent.Action.DELETE)
    assert "西岭村党支部" in removed.message


def test_a_finding_cited_by_an_issued_bulletin_is_kept_and_the_refusal_gives_its_number(
        client, department_admin, county, campaign):
    _login(client, department_admin)
    item = _finding(department_admin, campaign, county)
    bulletin = services.draft_bulletin(department_admin, campaign)
    assert county.village in bulletin.concerns.all()
    services.issue_bulletin(department_admin, bulletin)
    number = bulletin.number
    assert number
    response = _post(client, reverse("campaigns:finding_edit", args=[item.pk]), {
        "organization": county.village.pk, "rating": "good", "found": "", "rectification": "", "rectify_by": ""})
    page = _page(response)
    assert response.status_code == 200 and f"已写入{bulletin.issued_on:%Y-%m-%d}印发的通报{number}，不能修改" in page
    assert InspectionFinding.objects.get(pk=item.pk).rating == "poor"
    removal = _page(client.get(reverse("campaigns:finding_remove", args=[item.pk])))
    assert f"通报{number}，不能删除" in removal
    client.post(reverse("campaigns:finding_remove", args=[item.pk]))
    assert InspectionFinding.objects.filter(pk=item.pk).exists()


def test_a_contact_point_outside_keeps_the_coverage(department_admin, county, campaign):
    cadre = make_cadres(county.county, 1)[0]
    services.add_contact_point(department_admin, campaign, cadre=cadre, holder="organization_cadre", kind="village",
                               organization=county.other_village)
    refusal = services.coverage_refusal(campaign, [county.township])
    assert refusal and f"{cadre.name}的联系点「南山村党支部」" in refusal
    assert services.coverage_refusal(campaign, [county.township, county.other_township]) is None


def test_a_pairing_of_the_campaign_keeps_the_coverage_and_a_new_one_must_fall_inside_it(department_admin, county,
                                                                                      campaign):
    pairing = pairing_services.create_pairing(department_admin, village=county.other_village,
                                              started_on=campaign.starts_on, helper_organization=county.agency_branch,
                                              campaign=campaign)
    refusal = services.coverage_refusal(campaign, [county.township])
    assert refusal and f"结对帮扶「{pairing}」的帮扶村「南山村党支部」" in refusal
    assert services.coverage_refusal(campaign, [county.township, county.other_township]) is None

    campaign.covers.set([county.township])
    with pytest.raises(DomainError, match="不覆盖「南山村党支部」") as refused:
        pairing_services.create_pairing(department_admin, village=county.other_village, started_on=campaign.starts_on,
                                        helper_organization=county.agency_branch, campaign=campaign)
    assert refused.value.field == "campaign"


def test_a_task_for_many_organizations_reads_the_coverage_once(department_admin, county):
    today = timezone.localdate()
    campaign = services.create_campaign(department_admin, organization=county.county, title="强基行动",
                                        starts_on=today, ends_on=today + dt.timedelta(days=30),
                                        covers=[county.township, county.other_township])
    counts = []
    for owners in ([county.village], [county.village, county.village2, county.other_village, county.township]):
        with CaptureQueriesContext(connection) as queries:
            services.assign_task(department_admin, campaign, title="整顿转化后进支部", deadline=today,
                                 organizations=owners)
        counts.append(len(queries))
    assert counts[0] == counts[1]  # four owners cost what one does: the coverage is not read per owner
