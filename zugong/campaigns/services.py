"""Use cases of campaigns: set one up with its phases, work groups, contact points and tasks (one by one or from a
template such as the 五个一), log leaders' visits, report a task (the unit that owes it) and review the report
(the department: 通过 or 退回 with a reason), record inspections with per-unit findings and follow the rectification,
draft a bulletin from the data, edit it and issue it with its number.

Who may do what (the capability table's existing entries, read at the record's path):
running a campaign is ``organizations.change`` at the campaign's organization (the department for a county campaign);
reporting a task is ``members.change`` at the organization that owes it (its branch secretary, or the township or
county above); reading is ``organizations.view``.

Every step on a task goes through ``procedure.refusal`` under a lock on the task: two reviewers of one report are
decided one after the other, and the second is told what the first did.
"""

import datetime as dt
import functools
from collections.abc import Sequence
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _t

from zugong.cadres.models import Cadre
from zugong.campaigns import bulletin as drafting
from zugong.campaigns import procedure
from zugong.campaigns.evidence import report_file, sniff
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
    TaskTemplate,
    Visit,
    WorkGroup,
)
from zugong.core import bounds
from zugong.core.access import DomainError, path_in_scope
from zugong.core.audit import record_event, snapshot
from zugong.core.bounds import checked_text
from zugong.core.locks import lock
from zugong.core.models import AuditEvent
from zugong.core.policy import policy_int
from zugong.core.submissions import constraint_message
from zugong.core.tree import is_within, subtree_q
from zugong.organizations.models import Organization, WorkUnit

from . import policies as P

RUN, REPORT, VIEW = "organizations.change", "members.change", "organizations.view"
S = Task.Status

for _name, _message in {
    "campaign_bulletin_number_once": "通报期号冲突（可能是他人同时印发），请重新印发",
    "campaign_bulletin_issued_has_number": "印发的通报须有期号和印发日期",
    "campaign_group_one_per_village": "该村在本活动中已有工作组",
    "campaign_group_has_leader_unit": "须填写牵头单位或牵头党组织",
    "campaign_contact_point_once": "该干部已联系这个组织",
    "campaign_finding_once_per_unit": "本次督查已登记过该单位",
    "campaign_finding_rectification_has_deadline": "提出整改要求须写明整改期限",
    "campaign_phase_position": "该活动已有这个序号的阶段（可能是他人同时增加），请重新提交",
    "campaign_phase_ends_after_start": "阶段结束日期不能早于开始日期",
    "campaign_ends_after_start": "活动结束日期不能早于开始日期",
    "campaign_template_item_position": "任务模板中已有这个序号的任务",
    "campaign_task_returned_has_reason": "退回须写明理由",
    "campaign_report_amount_not_negative": "涉及金额不能为负数",
    "campaign_report_returned_has_reason": "退回须写明理由",
    "campaign_inspection_ends_after_start": "督查结束日期不能早于开始日期",
}.items():
    constraint_message(_name, _message)


def _today() -> dt.date:
    return timezone.localdate()


_text = functools.partial(checked_text, required=True)  # a text here is required unless the call says not


def _require_run(actor, campaign_or_org) -> None:
    path = campaign_or_org.org_path if isinstance(campaign_or_org, Campaign) else campaign_or_org.path
    if not path_in_scope(actor, RUN, path):
        raise DomainError(_t("您无权组织该主题实践活动（须在牵头组织范围内有管理党组织的权限）"), field="organization")


def may_run(user, campaign: Campaign) -> bool:
    return path_in_scope(user, RUN, campaign.org_path)


def may_report(user, task: Task) -> bool:
    return path_in_scope(user, REPORT, task.org_path)


def _within_campaign(campaign: Campaign, named: Sequence[tuple[Organization, str, str]]) -> None:
    """Each organization a campaign's record names (with its label and field) must be inside the campaign's
    coverage, read once for them all."""
    roots = campaign.covered_paths()
    for org, label, field in named:
        if not any(is_within(org.path, root) for root in roots):
            raise DomainError(_t("%(label)s「%(org)s」不在本活动的覆盖范围内") % {"label": _t(label), "org": org},
                              field=field)


def _hold(campaign: Campaign, named: Sequence[tuple[Organization, str, str]] = (),
          day: tuple[dt.date, str, str] | None = None) -> None:
    """Inside the caller's transaction: lock the campaign (its coverage and dates change under this lock,
    ``update_campaign``) and check again that the record's organizations and day still fall inside them."""
    lock(campaign)
    _within_campaign(campaign, named)
    if day is not None and not campaign.starts_on <= day[0] <= campaign.ends_on:
        raise DomainError(_t("%(label)s须在活动期间（%(start)s至%(end)s）之内") % {
            "label": day[1], "start": campaign.starts_on, "end": campaign.ends_on}, field=day[2])


def _dates(starts_on: dt.date | None, ends_on: dt.date | None, label: str) -> None:
    if starts_on is None or ends_on is None:
        raise DomainError(_t("请填写%(label)s的开始和结束日期") % {"label": _t(label)}, field="starts_on")
    if ends_on < starts_on:
        raise DomainError(_t("%(label)s的结束日期不能早于开始日期") % {"label": _t(label)}, field="ends_on")


# --- Setting a campaign up ----------------------------------------------------------------------------------------

def create_campaign(actor, *, organization: Organization, title: str, starts_on: dt.date, ends_on: dt.date,
                    goals: str = "", phases: list[tuple[str, dt.date, dt.date, str]] | None = None,
                    covers: list[Organization] | None = None) -> Campaign:
    _require_run(actor, organization)
    title = _text(title, "活动名称", "title", 100)
    goals = _text(goals, "活动目标", "goals", 5000, required=False)
    _dates(starts_on, ends_on, "活动")
    covers = _covers(organization, covers)
    with transaction.atomic():
        campaign = Campaign.objects.create(title=title, organization=organization, goals=goals, starts_on=starts_on,
                                           ends_on=ends_on, created_by=actor)
        if covers:
            campaign.covers.set(covers)
        for position, (name, start, end, description) in enumerate(phases or [], start=1):
            _add_phase(campaign, position, name, start, end, description)
        record_event(actor, AuditEvent.Action.CREATE, campaign, message="部署主题实践活动")
    return campaign


def _covers(organization: Organization, covers: Sequence[Organization] | None) -> list[Organization]:
    """The coverage's roots, each under the owning organization, none inside another; none: the owner's whole
    subtree."""
    covers = list(dict.fromkeys(covers or []))
    if len(covers) > bounds.LIST_ITEMS_MAX:
        raise DomainError(_t("覆盖范围最多选%(n)s个组织（现选%(have)s个）；覆盖其上级组织即包括其全部下级")
                          % {"n": bounds.LIST_ITEMS_MAX, "have": len(covers)}, field="covers")
    for root in covers:
        if not is_within(root.path, organization.path):
            raise DomainError(_t("覆盖范围「%(root)s」不在牵头组织「%(owner)s」之下，请选择牵头组织的下级组织")
                              % {"root": root, "owner": organization}, field="covers")
    # a village ticked beside its township is already covered: keep the township only
    return [root for root in covers
            if not any(other.pk != root.pk and is_within(root.path, other.path) for other in covers)]


def _add_phase(campaign: Campaign, position: int, name: str, start: dt.date, end: dt.date, description: str) -> Phase:
    name = _text(name, "阶段名称", "name", 50)
    _dates(start, end, _t("阶段「%(name)s」") % {"name": name})
    if start < campaign.starts_on or end > campaign.ends_on:
        raise DomainError(_t("%(label)s须在活动期间（%(start)s至%(end)s）之内") % {
            "label": _t("阶段「%(name)s」") % {"name": name}, "start": campaign.starts_on, "end": campaign.ends_on},
            field="starts_on")
    return Phase.objects.create(campaign=campaign, position=position, name=name, starts_on=start, ends_on=end,
                                description=_text(description, "主要工作", "description", 500, required=False))


def add_phase(actor, campaign: Campaign, *, name: str, starts_on: dt.date, ends_on: dt.date,
              description: str = "") -> Phase:
    _require_run(actor, campaign)
    with transaction.atomic():
        lock(campaign)
        position = (campaign.phases.aggregate(m=Max("position"))["m"] or 0) + 1
        phase = _add_phase(campaign, position, name, starts_on, ends_on, description)
        record_event(actor, AuditEvent.Action.CREATE, phase, subject=campaign, message=f"增加阶段：{phase.name}")
    return phase


def add_group(actor, campaign: Campaign, *, name: str, village: Organization, members: list[Cadre],
              leader: Cadre | None = None, leader_unit: WorkUnit | None = None,
              leader_organization: Organization | None = None, arrived_on: dt.date | None = None) -> WorkGroup:
    """A work group. Its size outside the policy (3–5) is allowed and shown as a finding, not refused: a group is
    formed before all its members are named."""
    _require_run(actor, campaign)
    name = _text(name, "工作组名称", "name", 100)
    if village is None:
        raise DomainError(_t("请选择帮扶村"), field="village")
    _within_campaign(campaign, [(village, "帮扶村", "village")])
    if leader_unit is None and leader_organization is None:
        raise DomainError(_t("请选择牵头单位或牵头党组织"), field="leader_unit")
    if arrived_on and arrived_on > _today():
        raise DomainError(_t("进村日期不能晚于今天"), field="arrived_on")
    people = list(members) + ([leader] if leader and leader not in members else [])
    if len(people) > policy_int(P.GROUP_MAX.key) * 3:
        raise DomainError(_t("工作组成员过多，请核对"), field="members")
    try:
        with transaction.atomic():
            _hold(campaign, [(village, "帮扶村", "village")])
            group = WorkGroup.objects.create(campaign=campaign, name=name, village=village, leader=leader,
                                             leader_unit=leader_unit, leader_organization=leader_organization,
                                             arrived_on=arrived_on)
            group.members.set(people)
            record_event(actor, AuditEvent.Action.CREATE, group, subject=campaign,
                         message=f"组建工作组：{group.name}，帮扶{village}")
    except IntegrityError as exc:
        raise DomainError(_t("「%(village)s」在本活动中已有工作组") % {"village": village}, field="village") from exc
    return group


def add_contact_point(actor, campaign: Campaign, *, cadre: Cadre, holder: str, kind: str,
                      organization: Organization) -> ContactPoint:
    _require_run(actor, campaign)
    if holder not in ContactPoint.Holder.values:
        raise DomainError(_t("请选择联系类别"), field="holder")
    if kind not in ContactPoint.Kind.values:
        raise DomainError(_t("请选择联系点类别"), field="kind")
    _within_campaign(campaign, [(organization, "联系点", "organization")])
    try:
        with transaction.atomic():
            _hold(campaign, [(organization, "联系点", "organization")])
            point = ContactPoint.objects.create(campaign=campaign, cadre=cadre, holder=holder, kind=kind,
                                                organization=organization)
            record_event(actor, AuditEvent.Action.CREATE, point, subject=campaign, message=f"确定联系点：{point}")
    except IntegrityError as exc:
        raise DomainError(_t("%(cadre)s已联系「%(org)s」") % {"cadre": cadre, "org": organization}, field="organization") from exc
    return point


def log_visit(actor, campaign: Campaign, *, cadre: Cadre, organization: Organization, visited_on: dt.date,
              purpose: str) -> Visit:
    _require_run(actor, campaign)
    purpose = _text(purpose, "走访事项", "purpose", 300)
    if visited_on is None or visited_on > _today():
        raise DomainError(_t("走访日期不能晚于今天"), field="visited_on")
    if not campaign.starts_on <= visited_on <= campaign.ends_on:
        raise DomainError(_t("走访日期须在活动期间之内"), field="visited_on")
    _within_campaign(campaign, [(organization, "走访地点", "organization")])
    with transaction.atomic():
        _hold(campaign, [(organization, "走访地点", "organization")], day=(visited_on, _t("走访日期"), "visited_on"))
        visit = Visit.objects.create(campaign=campaign, cadre=cadre, organization=organization, visited_on=visited_on,
                                     purpose=purpose, recorded_by=actor)
        record_event(actor, AuditEvent.Action.CREATE, visit, subject=campaign, message=f"登记领导走访：{visit}")
    return visit


# --- Tasks --------------------------------------------------------------------------------------------------------

def _task_fields(campaign: Campaign, title: str, description: str, deadline: dt.date, phase: Phase | None) -> dict:
    title = _text(title, "任务名称", "title", 200)
    description = _text(description, "任务要求", "description", 1000, required=False)
    if deadline is None:
        raise DomainError(_t("请填写完成期限"), field="deadline")
    if not campaign.starts_on <= deadline <= campaign.ends_on:
        raise DomainError(_t("%(label)s须在活动期间（%(start)s至%(end)s）之内") % {
            "label": _t("完成期限"), "start": campaign.starts_on, "end": campaign.ends_on}, field="deadline")
    if phase is not None and phase.campaign_id != campaign.pk:
        raise DomainError(_t("所选阶段不属于本活动"), field="phase")
    return {"title": title, "description": description, "deadline": deadline, "phase": phase}


def assign_task(actor, campaign: Campaign, *, title: str, deadline: dt.date, organizations: Sequence[Organization] = (),
                groups: Sequence[WorkGroup] = (), description: str = "", phase: Phase | None = None) -> list[Task]:
    """One task given to each of some organizations (units, villages) and work groups (owed at their village)."""
    _require_run(actor, campaign)
    fields = _task_fields(campaign, title, description, deadline, phase)
    owners = [(org, None) for org in organizations] + [(group.village, group) for group in groups]
    if not owners:
        raise DomainError(_t("请选择承担任务的单位或工作组"), field="organizations")
    for _org, group in owners:
        if group is not None and group.campaign_id != campaign.pk:
            raise DomainError(_t("工作组「%(group)s」不属于本活动") % {"group": group}, field="groups")
    _within_campaign(campaign, [(org, "承担单位", "organizations") for org, _group in owners])
    with transaction.atomic():
        _hold(campaign, [(org, "承担单位", "organizations") for org, _group in owners],
              day=(fields["deadline"], _t("完成期限"), "deadline"))
        tasks = Task.objects.bulk_create([Task(campaign=campaign, organization=org, org_path=org.path, group=group,
                                               **fields) for org, group in owners])
        record_event(actor, AuditEvent.Action.CREATE, campaign,
                     message=f"部署任务「{fields['title']}」，{len(tasks)}个单位承担，期限{deadline}")
    return tasks


def assign_template(actor, campaign: Campaign, *, template: TaskTemplate, deadline: dt.date,
                    groups: Sequence[WorkGroup] = (), organizations: Sequence[Organization] = (),
                    phase: Phase | None = None) -> list[Task]:
    """Each task of a template (e.g. the 五个一) to each group or organization, with one deadline."""
    tasks = []
    with transaction.atomic():
        for item in template.items.order_by("position"):
            made = assign_task(actor, campaign, title=item.title, description=item.description, deadline=deadline,
                               organizations=organizations, groups=groups, phase=phase)
            Task.objects.filter(pk__in=[t.pk for t in made]).update(template_item=item)
            tasks += made
    return tasks


def _files(files) -> list:
    files = list(files or [])
    if len(files) > policy_int(P.REPORT_MAX_FILES.key):
        raise DomainError(_t("一次最多上传%(n)s个文件") % {"n": policy_int(P.REPORT_MAX_FILES.key)}, field="files")
    return [(getattr(f, "name", "文件")[:200], sniff(getattr(f, "name", "文件"), f.read())) for f in files]


def report_task(actor, task: Task, *, text: str, day: dt.date | None = None, quantity: int | None = None,
                amount: Decimal | None = None, files=None) -> TaskReport:
    """The unit that owes the task passes in what it did (text, figures, photos or documents)."""
    if not may_report(actor, task):
        raise DomainError(_t("您无权为「%(org)s」报送任务") % {"org": task.organization}, field="text")
    text = _text(text, "完成情况", "text", 5000)
    if quantity is not None and not 0 <= quantity <= 1_000_000:
        raise DomainError(_t("完成数量应在0至1000000之间"), field="quantity")
    if amount is not None and not Decimal(0) <= amount <= Decimal("99999999.99"):
        raise DomainError(_t("涉及金额应在0至99999999.99万元之间"), field="amount")
    sniffed = _files(files)
    today = _today()
    day = day or today
    with transaction.atomic():
        lock(task)
        reason = procedure.refusal(task, procedure.REPORT.code, day, today=today)
        if reason:
            raise DomainError(reason, field="text")
        before = snapshot(task)
        report = TaskReport.objects.create(task=task, text=text, quantity=quantity, amount=amount, submitted_on=day,
                                           submitted_by=actor)
        for name, found in sniffed:
            token, content = report_file(found)
            stored = TaskFile(report=report, token=token, extension=found.extension, kind=found.kind,
                              size=len(found.content), name=name)
            stored.file.save(content.name or f"{token}{found.extension}", content, save=False)
            stored.save()
        task.status, task.reported_on = S.REPORTED, day
        task.save(update_fields=["status", "reported_on"])
        late = "（逾期报送）" if procedure.reported_late(task) else ""
        record_event(actor, AuditEvent.Action.UPDATE, task, before=before, message=f"报送任务{late}")
    return report


def review_task(actor, task: Task, *, accept: bool, reason: str = "", day: dt.date | None = None) -> Task:
    """通过 or 退回 the task's latest report. Locked: of two reviewers of one report, the second is refused."""
    _require_run(actor, task.campaign)
    reason = _text(reason, "退回理由", "reason", 300, required=not accept)
    today = _today()
    day = day or today
    step = procedure.ACCEPT if accept else procedure.RETURN
    with transaction.atomic():
        lock(task)
        refused = procedure.refusal(task, step.code, day, today=today, reason=reason)
        if refused:
            raise DomainError(refused, field="reason")
        report = task.reports.filter(outcome=TaskReport.Outcome.PENDING).order_by("-pk").first()
        if report is None:
            raise DomainError(_t("该任务没有待审核的报送"), field="reason")
        before = snapshot(task)
        report.outcome = TaskReport.Outcome.ACCEPTED if accept else TaskReport.Outcome.RETURNED
        report.reviewed_on, report.reviewed_by, report.return_reason = day, actor, "" if accept else reason
        report.save(update_fields=["outcome", "reviewed_on", "reviewed_by", "return_reason"])
        if accept:
            task.status, task.accepted_on, task.return_reason = S.ACCEPTED, day, ""
        else:
            task.status, task.returned_on, task.return_reason = S.RETURNED, day, reason
        task.save(update_fields=["status", "accepted_on", "returned_on", "return_reason"])
        record_event(actor, AuditEvent.Action.UPDATE, task, before=before,
                     message="审核通过" if accept else f"退回重报：{reason}")
    return task


# --- Inspections --------------------------------------------------------------------------------------------------

def record_inspection(actor, campaign: Campaign, *, title: str, kind: str, started_on: dt.date, ended_on: dt.date,
                      inspectors: str = "", summary: str = "") -> Inspection:
    _require_run(actor, campaign)
    title = _text(title, "督查名称", "title", 100)
    if kind not in Inspection.Kind.values:
        raise DomainError(_t("请选择督查方式（明察或暗访）"), field="kind")
    _dates(started_on, ended_on, "督查")
    if started_on > _today():
        raise DomainError(_t("督查开始日期不能晚于今天"), field="started_on")
    with transaction.atomic():
        inspection = Inspection.objects.create(
            campaign=campaign, title=title, kind=kind, started_on=started_on, ended_on=ended_on,
            inspectors=_text(inspectors, "督查组成员", "inspectors", 200, required=False),
            summary=_text(summary, "总体情况", "summary", 5000, required=False), created_by=actor)
        record_event(actor, AuditEvent.Action.CREATE, inspection, subject=campaign, message=f"登记督查：{title}")
    return inspection


def add_inspection_finding(actor, inspection: Inspection, *, organization: Organization, rating: str,
                           found: str = "", rectification: str = "",
                           rectify_by: dt.date | None = None) -> InspectionFinding:
    campaign = inspection.campaign
    _require_run(actor, campaign)
    _within_campaign(campaign, [(organization, "被督查单位", "organization")])
    if rating not in InspectionFinding.Rating.values:
        raise DomainError(_t("请选择评价"), field="rating")
    found = _text(found, "发现的问题", "found", 2000, required=rating != InspectionFinding.Rating.GOOD)
    rectification = _text(rectification, "整改要求", "rectification", 500, required=False)
    if rectification and rectify_by is None:
        raise DomainError(_t("提出整改要求须写明整改期限"), field="rectify_by")
    if rectify_by and rectify_by < inspection.started_on:
        raise DomainError(_t("整改期限不能早于督查开始日期"), field="rectify_by")
    try:
        with transaction.atomic():
            _hold(campaign, [(organization, "被督查单位", "organization")])
            item = InspectionFinding.objects.create(inspection=inspection, organization=organization, rating=rating,
                                                    found=found, rectification=rectification,
                                                    rectify_by=rectify_by if rectification else None)
            record_event(actor, AuditEvent.Action.CREATE, item, subject=campaign, message=f"督查发现：{item}")
    except IntegrityError as exc:
        raise DomainError(_t("本次督查已登记过「%(org)s」") % {"org": organization}, field="organization") from exc
    return item


def record_rectified(actor, item: InspectionFinding, *, day: dt.date, note: str) -> InspectionFinding:
    _require_run(actor, item.inspection.campaign)
    note = _text(note, "整改情况", "note", 500)
    with transaction.atomic():
        lock(item)
        if not item.rectification:
            raise DomainError(_t("该单位没有整改要求"), field="note")
        if item.rectified_on:
            raise DomainError(_t("该单位的整改已于%(day)s登记完成") % {"day": item.rectified_on}, field="note")
        if day is None or day > _today() or day < item.inspection.started_on:
            raise DomainError(_t("整改完成日期须在督查开始之后、不晚于今天"), field="day")
        before = snapshot(item)
        item.rectified_on, item.rectification_note = day, note
        item.save(update_fields=["rectified_on", "rectification_note"])
        record_event(actor, AuditEvent.Action.UPDATE, item, before=before, subject=item.inspection.campaign,
                     message="整改完成")
    return item


# --- Bulletins ----------------------------------------------------------------------------------------------------

def draft_bulletin(actor, campaign: Campaign, *, as_of: dt.date | None = None) -> Bulletin:
    """A draft generated from the data as of a day: units ahead and behind on tasks, the inspections' results."""
    _require_run(actor, campaign)
    as_of = as_of or _today()
    if as_of > _today():
        raise DomainError(_t("统计截止日期不能晚于今天"), field="as_of")
    drafted = drafting.generate(campaign, as_of)
    with transaction.atomic():
        bulletin = Bulletin.objects.create(campaign=campaign, title=drafted.title[:100], body=drafted.body,
                                           as_of=as_of)
        bulletin.concerns.set(drafted.concerns)
        record_event(actor, AuditEvent.Action.CREATE, bulletin, subject=campaign, message="生成通报草稿")
    return bulletin


def edit_bulletin(actor, bulletin: Bulletin, *, title: str, body: str) -> Bulletin:
    _require_run(actor, bulletin.campaign)
    title = _text(title, "通报标题", "title", 100)
    body = _text(body, "通报正文", "body", 20000)
    with transaction.atomic():
        lock(bulletin)
        if bulletin.status == Bulletin.Status.ISSUED:
            raise DomainError(_t("该通报已于%(day)s印发（%(number)s），不能再修改") % {
                "day": bulletin.issued_on, "number": bulletin.number}, field="body")
        before = snapshot(bulletin)
        bulletin.title, bulletin.body = title, body
        bulletin.save(update_fields=["title", "body"])
        record_event(actor, AuditEvent.Action.UPDATE, bulletin, before=before, subject=bulletin.campaign,
                     message="修改通报")
    return bulletin


def issue_bulletin(actor, bulletin: Bulletin, *, day: dt.date | None = None) -> Bulletin:
    """Give the draft the next number of its campaign and year and freeze it."""
    _require_run(actor, bulletin.campaign)
    day = day or _today()
    if day > _today():
        raise DomainError(_t("印发日期不能晚于今天"), field="day")
    with transaction.atomic():
        lock(bulletin.campaign)  # numbers of one campaign are given one at a time
        lock(bulletin)
        if bulletin.status == Bulletin.Status.ISSUED:
            raise DomainError(_t("该通报已于%(day)s印发（%(number)s）") % {"day": bulletin.issued_on, "number": bulletin.number},
                              field="day")
        if day < bulletin.as_of:
            raise DomainError(_t("印发日期不能早于统计截止日期"), field="day")
        before = snapshot(bulletin)
        serial = (Bulletin.objects.filter(campaign=bulletin.campaign_id, year=day.year)
                  .aggregate(m=Max("serial"))["m"] or 0) + 1
        bulletin.status, bulletin.year, bulletin.serial = Bulletin.Status.ISSUED, day.year, serial
        bulletin.issued_on, bulletin.issued_by = day, actor
        bulletin.save(update_fields=["status", "year", "serial", "issued_on", "issued_by"])
        record_event(actor, AuditEvent.Action.UPDATE, bulletin, before=before, subject=bulletin.campaign,
                     message=f"印发通报{bulletin.number}")
    return bulletin


def create_template(actor, *, name: str, items: list[tuple[str, str]], description: str = "") -> TaskTemplate:
    """A task template (held at the top: ``organizations.change`` over the whole county)."""
    top = Organization.objects.filter(parent__isnull=True).order_by("pk").first()
    if top is None or not path_in_scope(actor, RUN, top.path):
        raise DomainError(_t("只有全县范围的组织部门可以设置任务模板"), field="name")
    name = _text(name, "任务模板名称", "name", 100)
    if not items:
        raise DomainError(_t("任务模板至少要有一项任务"), field="items")
    with transaction.atomic():
        if TaskTemplate.objects.filter(name=name).exists():
            raise DomainError(_t("已有名为「%(name)s」的任务模板") % {"name": name}, field="name")
        template = TaskTemplate.objects.create(name=name, description=_text(description, "说明", "description", 500,
                                                                            required=False))
        for position, (title, text) in enumerate(items, start=1):
            template.items.create(position=position, title=_text(title, "任务名称", "items", 200),
                                  description=_text(text, "任务要求", "items", 1000, required=False))
        record_event(actor, AuditEvent.Action.CREATE, template, message="设置任务模板")
    return template


# --- Corrections: a typo put right, a mistaken record removed -----------------------------------------------------
# Each runs under a lock on the record (two people correcting it are decided one after the other) and is audited with
# the values before (its message in Chinese, as every history is). A record something depends on is not removed: the
# refusal says what depends on it.

def _group_fields(campaign: Campaign, *, name: str, village: Organization, members: list[Cadre], leader: Cadre | None,
                  leader_unit: WorkUnit | None, leader_organization: Organization | None,
                  arrived_on: dt.date | None) -> tuple[dict, list[Cadre]]:
    name = _text(name, _t("工作组名称"), "name", 100)
    if village is None:
        raise DomainError(_t("请选择帮扶村"), field="village")
    _within_campaign(campaign, [(village, _t("帮扶村"), "village")])
    if leader_unit is None and leader_organization is None:
        raise DomainError(_t("请选择牵头单位或牵头党组织"), field="leader_unit")
    if arrived_on and arrived_on > _today():
        raise DomainError(_t("进村日期不能晚于今天"), field="arrived_on")
    people = list(members) + ([leader] if leader and leader not in members else [])
    if len(people) > policy_int(P.GROUP_MAX.key) * 3:
        raise DomainError(_t("工作组成员过多，请核对"), field="members")
    return ({"name": name, "village": village, "leader": leader, "leader_unit": leader_unit,
             "leader_organization": leader_organization, "arrived_on": arrived_on}, people)


def update_group(actor, group: WorkGroup, *, name: str, village: Organization, members: list[Cadre],
                 leader: Cadre | None = None, leader_unit: WorkUnit | None = None,
                 leader_organization: Organization | None = None, arrived_on: dt.date | None = None) -> WorkGroup:
    """Correct a work group: its name, leading unit, leader, members, arrival; its village only while it owes no
    task (a task given to the group is owed at its village)."""
    campaign = group.campaign
    _require_run(actor, campaign)
    fields, people = _group_fields(campaign, name=name, village=village, members=members, leader=leader,
                                   leader_unit=leader_unit, leader_organization=leader_organization,
                                   arrived_on=arrived_on)
    try:
        with transaction.atomic():
            _hold(campaign, [(village, _t("帮扶村"), "village")])
            lock(group)
            group.refresh_from_db()
            if village.pk != group.village_id and group.tasks.exists():
                raise DomainError(_t("工作组「%(group)s」已有任务在「%(village)s」承担，不能改变帮扶村；请先删除这些任务")
                                  % {"group": group.name, "village": group.village}, field="village")
            before = snapshot(group)
            before_members = "、".join(c.name for c in group.members.order_by("name", "pk"))
            for key, value in fields.items():
                setattr(group, key, value)
            group.save()
            group.members.set(people)
            after_members = "、".join(c.name for c in group.members.order_by("name", "pk"))
            message = f"修改工作组：{group.name}"
            if before_members != after_members:
                message += f"；成员由「{before_members or '—'}」改为「{after_members or '—'}」"
            record_event(actor, AuditEvent.Action.UPDATE, group, before=before, subject=campaign, message=message)
    except IntegrityError as exc:
        raise DomainError(_t("「%(village)s」在本活动中已有工作组") % {"village": village}, field="village") from exc
    return group


def remove_group_refusal(group: WorkGroup) -> str | None:
    tasks = group.tasks.count()
    if tasks:
        return _t("工作组「%(group)s」承担着%(n)s项任务，不能删除；请先删除这些任务（已报送的任务不能删除）") % {
            "group": group.name, "n": tasks}
    pairings = group.campaign.pairings.filter(village=group.village_id).count()
    if pairings:
        return _t("本活动在「%(village)s」登记了%(n)s项结对帮扶，不能删除该村的工作组") % {
            "village": group.village, "n": pairings}
    return None


def remove_group(actor, group: WorkGroup) -> None:
    _require_run(actor, group.campaign)
    with transaction.atomic():
        lock(group)
        refused = remove_group_refusal(group)
        if refused:
            raise DomainError(refused)
        members = "、".join(c.name for c in group.members.order_by("name", "pk"))
        record_event(actor, AuditEvent.Action.DELETE, group, subject=group.campaign,
                     message="删除工作组：{group}，帮扶{village}，成员{members}".format(
                         group=group.name,
                         village=group.village,
                         members=members or "—",
                     ))
        group.delete()


def update_contact_point(actor, point: ContactPoint, *, cadre: Cadre, holder: str, kind: str,
                         organization: Organization) -> ContactPoint:
    campaign = point.campaign
    _require_run(actor, campaign)
    if holder not in ContactPoint.Holder.values:
        raise DomainError(_t("请选择联系类别"), field="holder")
    if kind not in ContactPoint.Kind.values:
        raise DomainError(_t("请选择联系点类别"), field="kind")
    _within_campaign(campaign, [(organization, _t("联系点"), "organization")])
    try:
        with transaction.atomic():
            _hold(campaign, [(organization, _t("联系点"), "organization")])
            lock(point)
            before = snapshot(point)
            point.cadre, point.holder, point.kind, point.organization = cadre, holder, kind, organization
            point.save()
            record_event(actor, AuditEvent.Action.UPDATE, point, before=before, subject=campaign,
                         message=f"修改联系点：{point}")
    except IntegrityError as exc:
        raise DomainError(_t("%(cadre)s已联系「%(organization)s」") % {"cadre": cadre, "organization": organization},
                          field="organization") from exc
    return point


def remove_contact_point(actor, point: ContactPoint) -> None:
    _require_run(actor, point.campaign)
    with transaction.atomic():
        lock(point)
        record_event(actor, AuditEvent.Action.DELETE, point, subject=point.campaign,
                     message=f"删除联系点：{point}（{point.get_kind_display()}）")
        point.delete()


def update_visit(actor, visit: Visit, *, cadre: Cadre, organization: Organization, visited_on: dt.date,
                 purpose: str) -> Visit:
    campaign = visit.campaign
    _require_run(actor, campaign)
    purpose = _text(purpose, _t("走访事项"), "purpose", 300)
    if visited_on is None or visited_on > _today():
        raise DomainError(_t("走访日期不能晚于今天"), field="visited_on")
    if not campaign.starts_on <= visited_on <= campaign.ends_on:
        raise DomainError(_t("走访日期须在活动期间之内"), field="visited_on")
    _within_campaign(campaign, [(organization, _t("走访地点"), "organization")])
    with transaction.atomic():
        _hold(campaign, [(organization, _t("走访地点"), "organization")], day=(visited_on, _t("走访日期"), "visited_on"))
        lock(visit)
        before = snapshot(visit)
        visit.cadre, visit.organization, visit.visited_on, visit.purpose = cadre, organization, visited_on, purpose
        visit.save()
        record_event(actor, AuditEvent.Action.UPDATE, visit, before=before, subject=campaign,
                     message=f"修改领导走访：{visit}")
    return visit


def remove_visit(actor, visit: Visit) -> None:
    _require_run(actor, visit.campaign)
    with transaction.atomic():
        lock(visit)
        record_event(actor, AuditEvent.Action.DELETE, visit, subject=visit.campaign,
                     message=f"删除领导走访：{visit}，{visit.purpose}")
        visit.delete()


def update_task(actor, task: Task, *, title: str, deadline: dt.date, description: str = "",
                phase: Phase | None = None) -> Task:
    """Correct a task's name, requirement, deadline or phase; not once accepted (its review judged the task as it
    stood). Its owner is not changed here: a task given to the wrong unit is removed and given again."""
    campaign = task.campaign
    _require_run(actor, campaign)
    fields = _task_fields(campaign, title, description, deadline, phase)
    with transaction.atomic():
        _hold(campaign, day=(fields["deadline"], _t("完成期限"), "deadline"))
        lock(task)
        task.refresh_from_db()
        if task.status == S.ACCEPTED:
            raise DomainError(_t("该任务已于%(day)s审核通过，不能再修改") % {"day": task.accepted_on}, field="title")
        before = snapshot(task)
        for key, value in fields.items():
            setattr(task, key, value)
        task.save()
        record_event(actor, AuditEvent.Action.UPDATE, task, before=before, subject=campaign,
                     message=f"修改任务：{task}")
    return task


def remove_task_refusal(task: Task) -> str | None:
    reports = task.reports.count()
    if reports:
        return _t("「%(organization)s」已报送该任务%(n)s次，不能删除（报送和审核记录须保留）") % {
            "organization": task.organization, "n": reports}
    return None


def remove_task(actor, task: Task) -> None:
    _require_run(actor, task.campaign)
    with transaction.atomic():
        lock(task)
        refused = remove_task_refusal(task)
        if refused:
            raise DomainError(refused)
        record_event(actor, AuditEvent.Action.DELETE, task, subject=task.campaign,
                     message=f"删除任务：{task}，期限{task.deadline}")
        task.delete()


def update_inspection(actor, inspection: Inspection, *, title: str, kind: str, started_on: dt.date,
                      ended_on: dt.date, inspectors: str = "", summary: str = "") -> Inspection:
    campaign = inspection.campaign
    _require_run(actor, campaign)
    title = _text(title, _t("督查名称"), "title", 100)
    if kind not in Inspection.Kind.values:
        raise DomainError(_t("请选择督查方式（明察或暗访）"), field="kind")
    _dates(started_on, ended_on, _t("督查"))
    if started_on > _today():
        raise DomainError(_t("督查开始日期不能晚于今天"), field="started_on")
    with transaction.atomic():
        lock(inspection)
        earliest = inspection.findings.exclude(rectify_by=None).order_by("rectify_by").first()
        if earliest is not None and earliest.rectify_by is not None and earliest.rectify_by < started_on:
            raise DomainError(_t("「%(organization)s」的整改期限%(day)s早于新的开始日期") % {
                "organization": earliest.organization, "day": earliest.rectify_by}, field="started_on")
        before = snapshot(inspection)
        inspection.title, inspection.kind = title, kind
        inspection.started_on, inspection.ended_on = started_on, ended_on
        inspection.inspectors = _text(inspectors, _t("督查组成员"), "inspectors", 200, required=False)
        inspection.summary = _text(summary, _t("总体情况"), "summary", 5000, required=False)
        inspection.save()
        record_event(actor, AuditEvent.Action.UPDATE, inspection, before=before, subject=campaign,
                     message=f"修改督查：{title}")
    return inspection


def remove_inspection_refusal(inspection: Inspection) -> str | None:
    findings = inspection.findings.count()
    if findings:
        return _t("督查「%(title)s」已登记%(n)s个单位的督查发现，不能删除") % {"title": inspection.title, "n": findings}
    return None


def remove_inspection(actor, inspection: Inspection) -> None:
    _require_run(actor, inspection.campaign)
    with transaction.atomic():
        lock(inspection)
        refused = remove_inspection_refusal(inspection)
        if refused:
            raise DomainError(refused)
        record_event(actor, AuditEvent.Action.DELETE, inspection, subject=inspection.campaign,
                     message=f"删除督查：{inspection.title}")
        inspection.delete()


# --- The campaign itself: title, dates, goals, coverage ------------------------------------------------------------

NAMED = 10  # records named in a refusal; the rest are counted


def _listed(names: list[str]) -> str:
    shown = "；".join(names[:NAMED])
    return shown + (_t("等%(n)s项") % {"n": len(names)} if len(names) > NAMED else "")


def coverage_refusal(campaign: Campaign, roots: Sequence[Organization]) -> str | None:
    """Why the coverage may not become ``roots`` (none: the owner's whole subtree): the campaign's records whose
    organization would fall outside it, named; None when every record stays inside."""
    inside = Q()
    for root in roots or [campaign.organization]:
        inside |= subtree_q(root.path, "org_path")
    outside: list[str] = []
    for group in campaign.groups.exclude(inside).select_related("village").order_by("org_path", "pk"):
        outside.append(_t("工作组「%(group)s」的帮扶村「%(org)s」") % {"group": group.name, "org": group.village})
    for task in campaign.tasks.exclude(inside).select_related("organization").order_by("org_path", "pk"):
        outside.append(_t("任务「%(task)s」的承担单位「%(org)s」") % {"task": task.title, "org": task.organization})
    for point in campaign.contact_points.exclude(inside).select_related("cadre", "organization").order_by("org_path"):
        outside.append(_t("%(cadre)s的联系点「%(org)s」") % {"cadre": point.cadre.name, "org": point.organization})
    for visit in campaign.visits.exclude(inside).select_related("cadre", "organization").order_by("org_path", "pk"):
        outside.append(_t("%(cadre)s%(day)s走访的「%(org)s」") % {
            "cadre": visit.cadre.name, "day": visit.visited_on, "org": visit.organization})
    for item in (InspectionFinding.objects.filter(inspection__campaign=campaign).exclude(inside)
                 .select_related("inspection", "organization").order_by("org_path", "pk")):
        outside.append(_t("督查「%(inspection)s」发现问题的「%(org)s」") % {
            "inspection": item.inspection.title, "org": item.organization})
    for pairing in campaign.pairings.exclude(inside).select_related("village").order_by("org_path", "pk"):
        outside.append(_t("结对帮扶「%(pairing)s」的帮扶村「%(org)s」") % {"pairing": pairing, "org": pairing.village})
    if not outside:
        return None
    return _t("不能缩小覆盖范围：以下%(n)s项记录的单位将不在新的覆盖范围内——%(names)s。请一并选择这些单位（或其上级），"
              "或先修改、删除这些记录") % {"n": len(outside), "names": _listed(outside)}


def _dates_refusal(campaign: Campaign, starts_on: dt.date, ends_on: dt.date) -> tuple[str, str] | None:
    """Why the campaign may not run from ``starts_on`` to ``ends_on``: a phase, a task's deadline, a visit outside."""
    outside = Q(starts_on__lt=starts_on) | Q(ends_on__gt=ends_on)
    phases = [f"「{p.name}」（{p.starts_on}至{p.ends_on}）" for p in campaign.phases.filter(outside)]
    if phases:
        return (_t("活动期间不能不含已有的阶段：%(names)s") % {"names": _listed(phases)}, "starts_on")
    late = Q(deadline__lt=starts_on) | Q(deadline__gt=ends_on)
    tasks = [f"「{t.title}」（{t.organization}，{t.deadline}）"
             for t in campaign.tasks.filter(late).select_related("organization").order_by("deadline", "pk")]
    if tasks:
        return (_t("以下任务的完成期限将在活动期间之外：%(names)s") % {"names": _listed(tasks)}, "ends_on")
    visits = [f"{v.cadre.name}（{v.visited_on}）" for v in campaign.visits.filter(
        Q(visited_on__lt=starts_on) | Q(visited_on__gt=ends_on)).select_related("cadre")]
    if visits:
        return (_t("以下领导走访将在活动期间之外：%(names)s") % {"names": _listed(visits)}, "starts_on")
    return None


def update_campaign(actor, campaign: Campaign, *, title: str, starts_on: dt.date, ends_on: dt.date, goals: str = "",
                    covers: Sequence[Organization] = ()) -> Campaign:
    """Correct a campaign's title, dates, goals and coverage under its lock. Its owner stays (its records were
    checked against it). Narrowing the coverage or the dates is refused while a record would fall outside, named."""
    _require_run(actor, campaign)
    title = _text(title, _t("活动名称"), "title", 100)
    goals = _text(goals, _t("活动目标"), "goals", 5000, required=False)
    _dates(starts_on, ends_on, _t("活动"))
    roots = _covers(campaign.organization, covers)
    with transaction.atomic():
        lock(campaign)
        refused = _dates_refusal(campaign, starts_on, ends_on)
        if refused:
            raise DomainError(refused[0], field=refused[1])
        refusal = coverage_refusal(campaign, roots)
        if refusal:
            raise DomainError(refusal, field="covers")
        before = snapshot(campaign)
        before_covers = coverage_text(campaign)
        campaign.title, campaign.goals, campaign.starts_on, campaign.ends_on = title, goals, starts_on, ends_on
        campaign.save()
        campaign.covers.set(roots)
        after_covers = coverage_text(campaign)
        message = f"修改主题实践活动：{title}"
        if before_covers != after_covers:
            message += f"；覆盖范围由「{before_covers}」改为「{after_covers}」"
        record_event(actor, AuditEvent.Action.UPDATE, campaign, before=before, message=message)
    return campaign


def coverage_text(campaign: Campaign) -> str:
    """The coverage in words, in Chinese (the history's language): the roots' names, or the owner's whole subtree."""
    names = [o.name for o in campaign.covers.order_by("path")]
    return "、".join(names) if names else f"{campaign.organization.name}全部下级"


# --- A single inspection finding put right, or removed ------------------------------------------------------------

def _citing_bulletin(item: InspectionFinding) -> Bulletin | None:
    """An issued bulletin of the campaign that reported the finding: it counted the inspection (begun by its day)
    and names the unit among those it concerns."""
    return (Bulletin.objects.filter(campaign=item.inspection.campaign_id, status=Bulletin.Status.ISSUED,
                                    as_of__gte=item.inspection.started_on, concerns=item.organization_id)
            .order_by("issued_on", "pk").first())


def finding_refusal(item: InspectionFinding, *, removing: bool = False) -> str | None:
    """Why the finding may not be corrected (or removed): cited by an issued bulletin; for a removal, also once
    rectified or followed up."""
    cited = _citing_bulletin(item)
    if cited is not None:
        text = (_t("「%(org)s」的督查发现已写入%(day)s印发的通报%(number)s，不能删除") if removing else
                _t("「%(org)s」的督查发现已写入%(day)s印发的通报%(number)s，不能修改"))
        return text % {"org": item.organization, "day": cited.issued_on, "number": cited.number}
    if removing and (item.rectified_on or item.rectification_note):
        return _t("「%(org)s」已于%(day)s登记整改完成，不能删除（整改记录须保留）") % {
            "org": item.organization, "day": item.rectified_on or "—"}
    return None


def update_finding(actor, item: InspectionFinding, *, organization: Organization, rating: str, found: str = "",
                   rectification: str = "", rectify_by: dt.date | None = None) -> InspectionFinding:
    """Correct one finding: the unit, the rating, what was found, the rectification asked and its deadline. Not once
    an issued bulletin cites it; the rectification asked not once it is recorded done."""
    inspection = item.inspection
    campaign = inspection.campaign
    _require_run(actor, campaign)
    if organization is None:
        raise DomainError(_t("请选择被督查单位"), field="organization")
    _within_campaign(campaign, [(organization, _t("被督查单位"), "organization")])
    if rating not in InspectionFinding.Rating.values:
        raise DomainError(_t("请选择评价"), field="rating")
    found = _text(found, _t("发现的问题"), "found", 2000, required=rating != InspectionFinding.Rating.GOOD)
    rectification = _text(rectification, _t("整改要求"), "rectification", 500, required=False)
    if rectification and rectify_by is None:
        raise DomainError(_t("提出整改要求须写明整改期限"), field="rectify_by")
    if rectify_by and rectify_by < inspection.started_on:
        raise DomainError(_t("整改期限不能早于督查开始日期（%(day)s）") % {"day": inspection.started_on},
                          field="rectify_by")
    try:
        with transaction.atomic():
            _hold(campaign, [(organization, _t("被督查单位"), "organization")])
            lock(item)
            refused = finding_refusal(item)
            if refused:
                raise DomainError(refused, field="found")
            if item.rectified_on and (rectification != item.rectification or rectify_by != item.rectify_by
                                      or organization.pk != item.organization_id):
                raise DomainError(_t("「%(org)s」已于%(day)s整改完成，整改要求、期限和单位不能再改") % {
                    "org": item.organization, "day": item.rectified_on}, field="rectification")
            before = snapshot(item)
            item.organization, item.rating, item.found = organization, rating, found
            item.rectification, item.rectify_by = rectification, rectify_by if rectification else None
            item.save()
            record_event(actor, AuditEvent.Action.UPDATE, item, before=before, subject=campaign,
                         message=f"修改督查发现：{item}")
    except IntegrityError as exc:
        raise DomainError(_t("本次督查已登记过「%(org)s」") % {"org": organization}, field="organization") from exc
    return item


def remove_finding(actor, item: InspectionFinding) -> None:
    campaign = item.inspection.campaign
    _require_run(actor, campaign)
    with transaction.atomic():
        lock(item)
        refused = finding_refusal(item, removing=True)
        if refused:
            raise DomainError(refused)
        record_event(actor, AuditEvent.Action.DELETE, item, subject=campaign,
                     message=f"删除督查发现：{item}（{item.get_rating_display()}）")
        item.delete()
