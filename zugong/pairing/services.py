"""Use cases of pairing aid and party members' micro-credit.

Each checks the actor's capability on the record's path (pairings, projects, venues and visits:
``organizations.change`` on the village; loans: ``members.change`` on the member), runs in one transaction, writes
its audit event and refuses with a Chinese message naming the field. A loan's status is decided under the loan's
row lock against the status the page showed: of two people granting the same loan at once, the second is told
and changes nothing. Amounts are yuan to the fen, never negative and never above the policy's maximum.
"""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from zugong.cadres.models import Cadre
from zugong.core import bounds
from zugong.core.access import DomainError, path_in_scope
from zugong.core.audit import record_event, snapshot
from zugong.core.bounds import checked_amount as money
from zugong.core.bounds import checked_text
from zugong.core.locks import lock
from zugong.core.models import AuditEvent
from zugong.core.policy import policy_int
from zugong.core.submissions import constraint_message
from zugong.core.tree import is_within
from zugong.members.models import Member
from zugong.organizations.models import Organization, WorkUnit
from zugong.pairing.models import MicroLoan, Pairing, Project, Venue, Visit
from zugong.pairing.policies import LOAN_AMOUNT_MAX, PROJECT_FUNDS_MAX, VENUE_AREA_MAX

constraint_message("pairing_one_helper", "帮扶方须是一个单位、一个党组织或一名干部，且只能是其中之一")
constraint_message("pairing_ends_after_start", "结束日期不能早于结对日期")
constraint_message("pairing_project_funds_not_negative", "计划资金和到位资金不能为负数")
constraint_message("pairing_project_completed_after_planned", "完成日期不能早于立项日期")
constraint_message("pairing_venue_positive", "建筑面积应大于0，投入资金不能为负数")
constraint_message("pairing_venue_completed_after_start", "竣工日期不能早于开工日期")
constraint_message("pairing_loan_amount_positive", "贷款金额应大于0元")
constraint_message("pairing_loan_granted_after_applied", "发放日期不能早于申请日期")
constraint_message("pairing_loan_repaid_after_granted", "还清日期不能早于发放日期")

FEN = Decimal("0.01")
VILLAGE_KINDS = frozenset(Organization.BRANCH_KINDS | {Organization.Kind.GENERAL_BRANCH, Organization.Kind.COMMITTEE})


def _require(actor, capability: str, path: str, name: object) -> None:
    if not path_in_scope(actor, capability, path):
        raise DomainError(f"您无权在「{name}」范围内办理", field="village" if capability.startswith("org") else "member")




def _day(value: dt.date | None, field: str, label: str, *, not_future: bool = True,
         not_before: tuple[dt.date | None, str] | None = None) -> None:
    if value is None:
        return
    if not bounds.DATE_MIN <= value <= bounds.DATE_MAX:
        raise DomainError(bounds.date_range_message(label), field=field)
    if not_future and value > timezone.localdate():
        raise DomainError(f"{label}不能晚于今天", field=field)
    if not_before and not_before[0] is not None and value < not_before[0]:
        raise DomainError(f"{label}不能早于{not_before[1]}（{not_before[0]:%Y-%m-%d}）", field=field)


# ---- pairings -------------------------------------------------------------------------------------------------

def _covered_by(campaign, village: Organization) -> None:
    if campaign is not None and not any(is_within(village.path, root) for root in campaign.covered_paths()):
        raise DomainError(f"「{campaign.title}」不覆盖「{village}」", field="campaign")


def create_pairing(actor, *, village: Organization, started_on: dt.date, helper_unit: WorkUnit | None = None,
                   helper_organization: Organization | None = None, helper_cadre: Cadre | None = None,
                   household: str = "", ended_on: dt.date | None = None, note: str = "", campaign=None) -> Pairing:
    """A unit, a party organization or a cadre paired with a village or one of its households; ``campaign``: the
    campaign (主题实践活动) it belongs to, one whose organization's subtree holds the village."""
    _require(actor, "organizations.change", village.path, village)
    if village.is_closed:
        raise DomainError(f"「{village}」已撤销，不能结对", field="village")
    helpers = [h for h in (helper_unit, helper_organization, helper_cadre) if h is not None]
    if len(helpers) != 1:
        raise DomainError("请选择一个帮扶方：单位、党组织或干部，三者选其一", field="helper_unit")
    if helper_unit is not None and not path_in_scope(actor, "organizations.view", helper_unit.managed_by.path):
        raise DomainError(f"「{helper_unit}」不在您的权限范围内", field="helper_unit")
    if helper_organization is not None:
        if not path_in_scope(actor, "organizations.view", helper_organization.path):
            raise DomainError(f"「{helper_organization}」不在您的权限范围内", field="helper_organization")
        if helper_organization.pk == village.pk:
            raise DomainError("帮扶党组织不能是被帮扶村本身", field="helper_organization")
    if helper_cadre is not None and not path_in_scope(actor, "cadres.view", helper_cadre.org_path):
        raise DomainError(f"干部「{helper_cadre.name}」不在您的权限范围内", field="helper_cadre")
    _day(started_on, "started_on", "结对日期")
    _day(ended_on, "ended_on", "结束日期", not_future=False, not_before=(started_on, "结对日期"))
    household = checked_text(household, "帮扶户户主", "household", 50)
    note = checked_text(note, "帮扶内容", "note", 300)
    _covered_by(campaign, village)
    kind = (Pairing.Helper.UNIT if helper_unit else Pairing.Helper.ORGANIZATION if helper_organization
            else Pairing.Helper.CADRE)
    with transaction.atomic():
        if campaign is not None:  # its coverage changes under this lock: checked again inside it
            lock(campaign)
            _covered_by(campaign, village)
        pairing = Pairing.objects.create(
            helper_kind=kind, helper_unit=helper_unit, helper_organization=helper_organization,
            helper_cadre=helper_cadre, village=village, household=household, campaign=campaign, started_on=started_on,
            ended_on=ended_on, note=note, created_by=actor if actor.is_authenticated else None)
        record_event(actor, AuditEvent.Action.CREATE, pairing, subject=village)
    return pairing


PAIRING_ENDED = "该结对帮扶刚刚已由他人结束（{day}），本次未保存；请刷新页面查看"


def end_pairing(actor, pairing: Pairing, *, ended_on: dt.date) -> Pairing:
    """Ends a pairing on a day; decided under the pairing's lock (a pairing already ended is not ended again)."""
    _require(actor, "organizations.change", pairing.org_path, pairing.village)
    with transaction.atomic():
        lock(pairing)
        if pairing.ended_on is not None:
            raise DomainError(PAIRING_ENDED.format(day=f"{pairing.ended_on:%Y-%m-%d}"), field="ended_on")
        _day(ended_on, "ended_on", "结束日期", not_before=(pairing.started_on, "结对日期"))
        before = snapshot(pairing)
        pairing.ended_on = ended_on
        pairing.save(update_fields=["ended_on"])
        record_event(actor, AuditEvent.Action.UPDATE, pairing, before=before, subject=pairing.village,
                     message="结束结对帮扶")
    return pairing


def _project_fields(*, title: str, kind: str, funds_planned, funds_spent, status: str, planned_on: dt.date,
                    completed_on: dt.date | None) -> dict:
    maximum = policy_int(PROJECT_FUNDS_MAX.key)
    title = checked_text(title, "项目名称", "title", 100, required=True)
    if kind not in Project.Kind.values:
        raise DomainError("请选择项目类别", field="kind")
    if status not in Project.Status.values:
        raise DomainError("请选择项目状态", field="status")
    planned = money(funds_planned, "funds_planned", "计划资金", maximum)
    spent = money(funds_spent, "funds_spent", "到位资金", maximum)
    _day(planned_on, "planned_on", "立项日期", not_future=False)
    _day(completed_on, "completed_on", "完成日期", not_before=(planned_on, "立项日期"))
    if status == Project.Status.COMPLETED and completed_on is None:
        raise DomainError("已完成的项目请填写完成日期", field="completed_on")
    if status != Project.Status.COMPLETED and completed_on is not None:
        raise DomainError("项目尚未完成，请不要填写完成日期（或将状态改为已完成）", field="completed_on")
    if status == Project.Status.PLANNED and spent > 0:
        raise DomainError("计划中的项目尚无到位资金；资金到位后请将状态改为实施中", field="funds_spent")
    return {"title": title, "kind": kind, "funds_planned": planned, "funds_spent": spent, "status": status,
            "planned_on": planned_on, "completed_on": completed_on}


def add_project(actor, pairing: Pairing, **fields) -> Project:
    _require(actor, "organizations.change", pairing.org_path, pairing.village)
    values = _project_fields(**fields)
    with transaction.atomic():
        project = Project.objects.create(pairing=pairing, **values)
        record_event(actor, AuditEvent.Action.CREATE, project, subject=pairing.village)
    return project


def update_project(actor, project: Project, **fields) -> Project:
    """Changes a project (its funds in place, its status) under the project's lock."""
    _require(actor, "organizations.change", project.org_path, project.pairing.village)
    values = _project_fields(**fields)
    with transaction.atomic():
        lock(project)
        before = snapshot(project)
        for name, value in values.items():
            setattr(project, name, value)
        project.save()
        record_event(actor, AuditEvent.Action.UPDATE, project, before=before, subject=project.pairing.village)
    return project


def add_venue(actor, village: Organization, *, kind: str, area, funds, started_on: dt.date,
              completed_on: dt.date | None = None, pairing: Pairing | None = None) -> Venue:
    """A village's activity venue built or renovated (活动场所)."""
    _require(actor, "organizations.change", village.path, village)
    if kind not in Venue.Kind.values:
        raise DomainError("请选择建设方式", field="kind")
    area_value = money(area, "area", "建筑面积", policy_int(VENUE_AREA_MAX.key), positive=True, unit="平方米")
    funds_value = money(funds, "funds", "投入资金", policy_int(PROJECT_FUNDS_MAX.key))
    _day(started_on, "started_on", "开工日期")
    _day(completed_on, "completed_on", "竣工日期", not_before=(started_on, "开工日期"))
    if pairing is not None and pairing.village_id != village.pk:
        raise DomainError(f"该结对帮扶的对象不是「{village}」", field="pairing")
    with transaction.atomic():
        venue = Venue.objects.create(village=village, pairing=pairing, kind=kind, area=area_value, funds=funds_value,
                                     started_on=started_on, completed_on=completed_on)
        record_event(actor, AuditEvent.Action.CREATE, venue, subject=village)
    return venue


def record_visit(actor, pairing: Pairing, *, visited_on: dt.date, visitors: str, content: str) -> Visit:
    _require(actor, "organizations.change", pairing.org_path, pairing.village)
    _day(visited_on, "visited_on", "走访日期", not_before=(pairing.started_on, "结对日期"))
    visitors = checked_text(visitors, "走访人", "visitors", 100, required=True)
    content = checked_text(content, "走访内容", "content", 300, required=True)
    with transaction.atomic():
        visit = Visit.objects.create(pairing=pairing, visited_on=visited_on, visitors=visitors, content=content)
        record_event(actor, AuditEvent.Action.CREATE, visit, subject=pairing.village)
    return visit


# ---- micro-credit ---------------------------------------------------------------------------------------------

def apply_loan(actor, member: Member, *, amount, bank: str, applied_on: dt.date, purpose: str = "") -> MicroLoan:
    """A party member's loan application (党员创业贷款)."""
    _require(actor, "members.change", member.org_path, member.organization)
    if member.status != Member.Status.ACTIVE:
        raise DomainError(f"{member.name}不是在册党员", field="member")
    value = money(amount, "amount", "贷款金额", policy_int(LOAN_AMOUNT_MAX.key), positive=True)
    bank = checked_text(bank, "贷款银行", "bank", 100, required=True)
    purpose = checked_text(purpose, "贷款用途", "purpose", 200)
    _day(applied_on, "applied_on", "申请日期")
    with transaction.atomic():
        loan = MicroLoan.objects.create(member=member, amount=value, bank=bank, purpose=purpose,
                                        applied_on=applied_on)
        record_event(actor, AuditEvent.Action.CREATE, loan, subject=member)
    return loan


L = MicroLoan.Status
# What each status may become, and the date each new status records.
NEXT = {L.APPLIED: (L.GRANTED,), L.GRANTED: (L.REPAID, L.OVERDUE), L.OVERDUE: (L.REPAID,), L.REPAID: ()}
LOAN_CHANGED = ("该贷款的状态刚刚已由他人改为「{now}」（本页显示为「{seen}」），本次未保存；"
                "请刷新页面查看后再办理")


def change_loan_status(actor, loan: MicroLoan, *, status: str, on: dt.date, seen: str,
                       due_on: dt.date | None = None) -> MicroLoan:
    """Grants, marks repaid or overdue a loan. ``seen`` is the status the page showed: the row is locked and read
    again, and a loan changed since is not changed again (two people granting at once: the second is refused)."""
    _require(actor, "members.change", loan.org_path, loan.member.organization)
    if status not in L.values:
        raise DomainError("请选择贷款状态", field="status")
    with transaction.atomic():
        lock(loan)
        if loan.status != seen:
            raise DomainError(LOAN_CHANGED.format(now=L(loan.status).label, seen=L(seen).label if seen in L.values
                                                  else seen), field="status")
        if status not in NEXT[L(loan.status)]:
            raise DomainError(f"「{L(loan.status).label}」的贷款不能改为「{L(status).label}」", field="status")
        before = snapshot(loan)
        if status == L.GRANTED:
            _day(on, "on", "发放日期", not_before=(loan.applied_on, "申请日期"))
            if due_on is None:
                raise DomainError("发放贷款请填写到期日期", field="due_on")
            _day(due_on, "due_on", "到期日期", not_future=False, not_before=(on, "发放日期"))
            loan.granted_on, loan.due_on = on, due_on
        elif status == L.REPAID:
            _day(on, "on", "还清日期", not_before=(loan.granted_on, "发放日期"))
            loan.repaid_on = on
        elif status == L.OVERDUE:
            _day(on, "on", "认定逾期日期", not_before=(loan.due_on, "到期日期"))
        loan.status = status
        loan.save()
        record_event(actor, AuditEvent.Action.UPDATE, loan, before=before, subject=loan.member,
                     message=f"党员创业贷款：{L(seen).label} → {L(status).label}")
    return loan
