"""Scope entries of the campaign pages for ``tests/test_scope.py`` (CAMPAIGN_AREAS there).

A campaign is made at the persona's organization (inside) or another one (outside). Reading is
``organizations.view`` (everyone over it); running it (set-up, review, inspections, bulletins) is
``organizations.change`` at its organization (department administrators, township operators — CHANGERS);
reporting a task is ``members.change`` at the unit that owes it (CHANGERS and the branch secretary).
"""

import datetime as dt

from django.core.files.base import ContentFile

from tests.fixtures import app_today
from zugong.campaigns.models import (
    Bulletin,
    Campaign,
    ContactPoint,
    Inspection,
    InspectionFinding,
    Phase,
    Task,
    TaskFile,
    TaskReport,
    Visit,
    WorkGroup,
)

TARGETS = {"cp_campaign", "cp_task", "cp_reported", "cp_file", "cp_inspection", "cp_finding", "cp_draft",
           "cp_issued", "cp_group", "cp_point", "cp_visit"}


def endpoints(Endpoint, personas) -> list:  # noqa: N803  (the class is passed in: test_scope imports this module)
    everyone, changers, reporters = personas["EVERYONE"], personas["CHANGERS"], personas["MEMBER_CHANGERS"]
    return [
        Endpoint("campaigns:list", "GET", everyone, None),
        Endpoint("campaigns:due", "GET", everyone, None),
        Endpoint("campaigns:bulletins", "GET", everyone, None),
        Endpoint("campaigns:new", "GET", changers, None),
        Endpoint("campaigns:new", "POST", changers, None, ok=(302,),
                 data=lambda o: {"title": "新活动", "organization": o["org"].pk, "starts_on": app_today().isoformat(), "ends_on": app_today().isoformat()}),
        Endpoint("campaigns:detail", "GET", everyone, "cp_campaign"),
        Endpoint("campaigns:edit", "GET", changers, "cp_campaign"),
        Endpoint("campaigns:edit", "POST", changers, "cp_campaign", ok=(302,),
                 data=lambda o: {"title": "主题实践活动（更正）", "starts_on": o["cp_campaign"].starts_on.isoformat(),
                                 "ends_on": o["cp_campaign"].ends_on.isoformat(), "covers": [o["cp_org"].pk]}),
        Endpoint("campaigns:cover_candidates", "GET", changers, None,
                 data=lambda o: {"organization": o["org"].pk, "q": "村"}),
        Endpoint("campaigns:phase_new", "GET", changers, "cp_campaign"),
        Endpoint("campaigns:phase_new", "POST", changers, "cp_campaign", ok=(302,),
                 data=lambda o: {"name": "补充阶段", "starts_on": app_today().isoformat(), "ends_on": app_today().isoformat()}),
        Endpoint("campaigns:group_new", "GET", changers, "cp_campaign"),
        Endpoint("campaigns:group_new", "POST", changers, "cp_campaign", ok=(302,),
                 data=lambda o: {"name": "工作组", "village": o["cp_org"].pk, "leader_organization": o["cp_org"].pk}),
        Endpoint("campaigns:point_new", "GET", changers, "cp_campaign"),
        Endpoint("campaigns:point_new", "POST", changers, "cp_campaign", ok=(302,),
                 data=lambda o: {"cadre": o["cp_cadre"].pk, "holder": "leader", "kind": "village",
                                 "organization": o["cp_org"].pk}),
        Endpoint("campaigns:visit_new", "GET", changers, "cp_campaign"),
        Endpoint("campaigns:visit_new", "POST", changers, "cp_campaign", ok=(302,),
                 data=lambda o: {"cadre": o["cp_cadre"].pk, "organization": o["cp_org"].pk, "visited_on": app_today().isoformat(),
                                 "purpose": "调研"}),
        Endpoint("campaigns:task_new", "GET", changers, "cp_campaign"),
        Endpoint("campaigns:task_new", "POST", changers, "cp_campaign", ok=(302,),
                 data=lambda o: {"title": "结对帮扶困难群众", "deadline": app_today().isoformat(), "organization": o["cp_org"].pk}),
        Endpoint("campaigns:inspection_new", "GET", changers, "cp_campaign"),
        Endpoint("campaigns:inspection_new", "POST", changers, "cp_campaign", ok=(302,),
                 data=lambda o: {"title": "督查", "kind": "unannounced", "started_on": app_today().isoformat(), "ended_on": app_today().isoformat()}),
        Endpoint("campaigns:bulletin_new", "GET", changers, "cp_campaign"),
        Endpoint("campaigns:bulletin_new", "POST", changers, "cp_campaign", ok=(302,), data=lambda o: {"as_of": app_today().isoformat()}),
        Endpoint("campaigns:task", "GET", everyone, "cp_task"),
        Endpoint("campaigns:task_report", "GET", reporters, "cp_task"),
        Endpoint("campaigns:task_report", "POST", reporters, "cp_task", ok=(302,), data=lambda o: {"text": "已完成"}),
        Endpoint("campaigns:task_review", "POST", changers, "cp_reported", ok=(302,),
                 data=lambda o: {"decision": "accept"}),
        Endpoint("campaigns:file", "GET", everyone, "cp_file"),
        Endpoint("campaigns:inspection", "GET", everyone, "cp_inspection"),
        Endpoint("campaigns:inspection", "POST", changers, "cp_inspection", ok=(302,),
                 data=lambda o: {"organization": o["cp_org"].pk, "rating": "good"}),
        Endpoint("campaigns:finding_rectified", "POST", changers, "cp_finding", ok=(302,),
                 data=lambda o: {"day": app_today().isoformat(), "note": "已整改"}),
        Endpoint("campaigns:finding_edit", "GET", changers, "cp_finding"),
        Endpoint("campaigns:finding_edit", "POST", changers, "cp_finding", ok=(302,),
                 data=lambda o: {"organization": o["cp_org"].pk, "rating": "fair", "found": "台账不全（更正）",
                                 "rectification": "补齐台账", "rectify_by": (app_today() + dt.timedelta(days=7)).isoformat()}),
        Endpoint("campaigns:finding_remove", "GET", changers, "cp_finding"),
        Endpoint("campaigns:finding_remove", "POST", changers, "cp_finding", ok=(302,), data=lambda o: {}),
        Endpoint("campaigns:bulletin", "GET", changers, "cp_draft"),
        Endpoint("campaigns:bulletin", "POST", changers, "cp_draft", ok=(302,),
                 data=lambda o: {"title": "关于活动进展的通报", "body": "正文"}),
        Endpoint("campaigns:bulletin_issue", "POST", changers, "cp_draft", ok=(302,), data=lambda o: {"day": app_today().isoformat()}),
        Endpoint("campaigns:group_cadres", "GET", changers, "cp_campaign"),
        Endpoint("campaigns:group_edit", "GET", changers, "cp_group"),
        Endpoint("campaigns:group_edit", "POST", changers, "cp_group", ok=(302,),
                 data=lambda o: {"name": "工作组（更正）", "village": o["cp_org"].pk,
                                 "leader_organization": o["cp_org"].pk, "cadres": [o["cp_cadre"].pk]}),
        Endpoint("campaigns:group_remove", "GET", changers, "cp_group"),
        Endpoint("campaigns:group_remove", "POST", changers, "cp_group", ok=(302,), data=lambda o: {}),
        Endpoint("campaigns:point_edit", "GET", changers, "cp_point"),
        Endpoint("campaigns:point_edit", "POST", changers, "cp_point", ok=(302,),
                 data=lambda o: {"cadre": o["cp_cadre"].pk, "holder": "organization_cadre", "kind": "school",
                                 "organization": o["cp_org"].pk}),
        Endpoint("campaigns:point_remove", "GET", changers, "cp_point"),
        Endpoint("campaigns:point_remove", "POST", changers, "cp_point", ok=(302,), data=lambda o: {}),
        Endpoint("campaigns:visit_edit", "GET", changers, "cp_visit"),
        Endpoint("campaigns:visit_edit", "POST", changers, "cp_visit", ok=(302,),
                 data=lambda o: {"cadre": o["cp_cadre"].pk, "organization": o["cp_org"].pk, "visited_on": app_today().isoformat(),
                                 "purpose": "调研（更正）"}),
        Endpoint("campaigns:visit_remove", "GET", changers, "cp_visit"),
        Endpoint("campaigns:visit_remove", "POST", changers, "cp_visit", ok=(302,), data=lambda o: {}),
        Endpoint("campaigns:task_edit", "GET", changers, "cp_task"),
        Endpoint("campaigns:task_edit", "POST", changers, "cp_task", ok=(302,),
                 data=lambda o: {"title": "整顿转化后进支部（更正）", "deadline": app_today().isoformat()}),
        Endpoint("campaigns:task_remove", "GET", changers, "cp_task"),
        Endpoint("campaigns:task_remove", "POST", changers, "cp_task", ok=(302,), data=lambda o: {}),
        Endpoint("campaigns:inspection_edit", "GET", changers, "cp_inspection"),
        Endpoint("campaigns:inspection_edit", "POST", changers, "cp_inspection", ok=(302,),
                 data=lambda o: {"title": "明察暗访（更正）", "kind": "planned", "started_on": app_today().isoformat(), "ended_on": app_today().isoformat()}),
        Endpoint("campaigns:inspection_remove", "GET", changers, "cp_inspection"),
        Endpoint("campaigns:inspection_remove", "POST", changers, "cp_inspection", ok=(302,), data=lambda o: {}),
        Endpoint("campaigns:bulletin", "GET", everyone, "cp_issued"),
        Endpoint("campaigns:bulletin_docx", "GET", everyone, "cp_issued"),
        Endpoint("campaigns:bulletin_pdf", "GET", everyone, "cp_issued"),
    ]


def objects(target, org, users) -> dict:
    from zugong.cadres.models import Cadre  # noqa: PLC0415

    campaign = Campaign.objects.create(title="主题实践活动", organization=org, starts_on=app_today() - dt.timedelta(days=30),
                                       ends_on=app_today() + dt.timedelta(days=200))
    Phase.objects.create(campaign=campaign, position=1, name="动员部署", starts_on=campaign.starts_on,
                         ends_on=campaign.ends_on)
    cadre = Cadre.objects.create(name="挂点领导", gender="男", birth=dt.date(1975, 1, 1), organization=org)
    found = {"cp_org": org, "cp_campaign": campaign, "cp_cadre": cadre}
    task = Task.objects.create(campaign=campaign, title="整顿转化后进支部", deadline=app_today() + dt.timedelta(days=5),
                               organization=org)
    found["cp_task"] = task
    if target == "cp_group":
        found["cp_group"] = WorkGroup.objects.create(campaign=campaign, name="工作组", village=org,
                                                     leader_organization=org)
    if target == "cp_point":
        found["cp_point"] = ContactPoint.objects.create(campaign=campaign, cadre=cadre, holder="leader", kind="village",
                                                        organization=org)
    if target == "cp_visit":
        found["cp_visit"] = Visit.objects.create(campaign=campaign, cadre=cadre, organization=org, visited_on=app_today(),
                                                 purpose="调研")
    if target in ("cp_reported", "cp_file"):
        task.status, task.reported_on = Task.Status.REPORTED, app_today()
        task.save()
        report = TaskReport.objects.create(task=task, text="已完成", submitted_on=app_today())
        stored = TaskFile(report=report, token="abc", extension=".pdf", kind="PDF文档", size=8)
        stored.file.save("abc.pdf", ContentFile(b"%PDF-1.4"), save=False)
        stored.save()
        found.update(cp_reported=task, cp_file=stored)
    if target in ("cp_inspection", "cp_finding"):
        inspection = Inspection.objects.create(campaign=campaign, title="明察暗访", kind="unannounced",
                                               started_on=app_today(), ended_on=app_today())
        found["cp_inspection"] = inspection
    if target == "cp_finding":
        item = InspectionFinding.objects.create(inspection=inspection, organization=org, rating="poor", found="台账不全",
                                                rectification="补齐台账", rectify_by=app_today() + dt.timedelta(days=7))
        found["cp_finding"] = item
    if target in ("cp_draft", "cp_issued"):
        bulletin = Bulletin.objects.create(campaign=campaign, title="通报", body="正文", as_of=app_today())
        if target == "cp_issued":
            bulletin.status, bulletin.year, bulletin.serial, bulletin.issued_on = "issued", app_today().year, 1, app_today()
            bulletin.save()
            bulletin.concerns.set([org])
        found.update(cp_draft=bulletin, cp_issued=bulletin)
    return found
