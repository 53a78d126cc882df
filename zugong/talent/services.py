"""Use cases of the talent register and programs.

Each checks the actor's capability on the record's path (``talent.manage`` on the talent's organization; on the
round's organization to review, decide and grant), runs in one transaction, writes its audit event and refuses
with a Chinese message naming the field. Decisions are taken under the row's lock against the state the page
showed; a grant locks the fund and is refused when it exceeds the balance, so two grants that together exceed it
never both pass. A talent's level is computed by the rule table (``levels.py``) whenever its degree, title or
awards change. Reading the full phone number is a use case too: allowed to ``talent.manage`` and written to the
history.
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
from zugong.members.codes import Education
from zugong.members.models import Member
from zugong.organizations.models import Organization, WorkUnit
from zugong.talent import levels, procedure
from zugong.talent import policies as P
from zugong.talent.models import (
    LEVEL_RANK,
    Application,
    Award,
    AwardLevel,
    Criterion,
    Degree,
    FundEntry,
    Industry,
    Level,
    LevelRule,
    Program,
    ProgramRound,
    RecognitionEntry,
    RecognitionList,
    ReviewScore,
    RuralCriterion,
    RuralEvaluation,
    RuralScore,
    Sharing,
    Talent,
    TalentCategory,
    TalentFund,
    TitleGrade,
)

constraint_message("talent_one_link", "一名人才只能关联党员名册记录或干部记录中的一个")
constraint_message("talent_named", "请填写姓名，或关联党员、干部记录")
constraint_message("talent_level_rule_unique", "该认定依据和条件已有规则")
constraint_message("talent_award_year_range", "年度应在1949年至2100年之间")
constraint_message("talent_sharing_unique", "该人才信息已共享给这个单位")
constraint_message("talent_round_closes_after_opening", "申报截止日期不能早于申报开始日期")
constraint_message("talent_application_once_per_round", "该人才已在本批次申报，不能重复申报")
constraint_message("talent_application_amount", "申请资助金额不能为负数")
constraint_message("talent_one_score_per_reviewer", "每位评审人对一份申报只能评分一次")
constraint_message("talent_score_range", "评分应在0到100分之间")
constraint_message("talent_fund_not_overdrawn", "人才基金余额不足")
constraint_message("talent_fund_entry_positive", "金额应大于0元")
constraint_message("talent_fund_entry_balance", "人才基金余额不足")
constraint_message("talent_recognition_unique", "同一年度已有同名表彰")
constraint_message("talent_recognition_year_range", "年度应在1949年至2100年之间")
constraint_message("talent_recognized_once", "该人才已在本表彰名单中")
constraint_message("talent_rural_once_a_year", "该人才本年度已有评价")
constraint_message("talent_rural_score_once", "每个评价项目只能评分一次")

FEN = Decimal("0.01")
A = AuditEvent.Action


# ---- checking input ---------------------------------------------------------------------------------------------

def _require(actor, capability: str, path: str, name: object, field: str = "organization") -> None:
    if not path_in_scope(actor, capability, path):
        raise DomainError(f"您无权在「{name}」范围内办理人才工作", field=field)


def _day(value: dt.date | None, field: str, label: str, *, required: bool = True, not_future: bool = False) -> None:
    if value is None:
        if required:
            raise DomainError(f"请填写{label}", field=field)
        return
    if not bounds.DATE_MIN <= value <= bounds.DATE_MAX:
        raise DomainError(bounds.date_range_message(label), field=field)
    if not_future and value > timezone.localdate():
        raise DomainError(f"{label}不能晚于今天", field=field)




def _year(value: int, field: str = "year") -> int:
    if not isinstance(value, int) or not 1949 <= value <= 2100:
        raise DomainError("年度应在1949年至2100年之间", field=field)
    return value


PHONE_CHARS = frozenset("0123456789-+ ")


def _phone(value: str) -> str:
    value = checked_text(value, "联系电话", "phone", 20)
    if value and not set(value) <= PHONE_CHARS:
        raise DomainError("联系电话只能包含数字、空格、“-”和“+”", field="phone")
    return value


# ---- the register -------------------------------------------------------------------------------------------------

PERSON_FIELDS = ("own_name", "own_gender", "own_birth_date", "own_education")
TALENT_FIELDS = ("category", "industry", "degree", "title_grade", "title_name", "organization", "unit", "post",
                 "skills", "phone", "note")


def _validated(actor, fields: dict, *, member: Member | None, cadre: Cadre | None) -> dict:
    organization = fields.get("organization")
    unit: WorkUnit | None = fields.get("unit")
    if unit is not None:
        organization = organization or unit.managed_by
        if not path_in_scope(actor, "talent.manage", unit.managed_by.path):
            raise DomainError(f"单位「{unit}」不在您的权限范围内", field="unit")
    if organization is None:
        raise DomainError("请选择所属党组织或工作单位", field="organization")
    _require(actor, "talent.manage", organization.path, organization)
    if organization.is_closed:
        raise DomainError(f"「{organization}」已撤销", field="organization")
    if not isinstance(fields.get("category"), TalentCategory):
        raise DomainError("请选择人才类别", field="category")
    industry = fields.get("industry")
    if industry is not None and not isinstance(industry, Industry):
        raise DomainError("请选择所属产业", field="industry")
    if fields.get("degree", Degree.NONE) not in Degree.values:
        raise DomainError("请选择学位", field="degree")
    if fields.get("title_grade", TitleGrade.NONE) not in TitleGrade.values:
        raise DomainError("请选择专业技术职称", field="title_grade")
    out = {
        "category": fields["category"], "industry": industry, "organization": organization, "unit": unit,
        "degree": fields.get("degree") or Degree.NONE, "title_grade": fields.get("title_grade") or TitleGrade.NONE,
        "title_name": checked_text(fields.get("title_name", ""), "职称名称", "title_name", 50),
        "post": checked_text(fields.get("post", ""), "职务或岗位", "post", 100),
        "skills": checked_text(fields.get("skills", ""), "专长技能", "skills", 300),
        "phone": _phone(fields.get("phone", "")),
        "note": checked_text(fields.get("note", ""), "备注", "note", 300),
    }
    if member is not None and cadre is not None:
        raise DomainError("一名人才只能关联党员名册记录或干部记录中的一个", field="member")
    if member is None and cadre is None:
        out["own_name"] = checked_text(fields.get("own_name", ""), "姓名", "own_name", 50, required=True)
        gender = fields.get("own_gender", "")
        if gender not in Talent.Gender.values:
            raise DomainError("请选择性别", field="own_gender")
        out["own_gender"] = gender
        birth = fields.get("own_birth_date")
        _day(birth, "own_birth_date", "出生日期", not_future=True)
        out["own_birth_date"] = birth
        education = fields.get("own_education", "")
        if education and education not in Education.values:
            raise DomainError("请选择学历", field="own_education")
        out["own_education"] = education or ""
    else:
        # The person's own fields are read through the link: nothing of them is kept here.
        out.update(own_name="", own_gender="", own_birth_date=None, own_education="")
        if member is not None and not path_in_scope(actor, "members.view", member.org_path) \
                and not path_in_scope(actor, "talent.manage", member.org_path):
            raise DomainError(f"党员「{member.name}」不在您的权限范围内", field="member")
        if cadre is not None and not path_in_scope(actor, "cadres.view", cadre.org_path) \
                and not path_in_scope(actor, "talent.manage", cadre.org_path):
            raise DomainError(f"干部「{cadre.name}」不在您的权限范围内", field="cadre")
    return out


def find_person(actor, id_number: str) -> tuple[Member | None, Cadre | None]:
    """The member (else the cadre) of the register with this 身份证号, within the actor's scope; none when empty."""
    id_number = checked_text(id_number, "身份证号", "id_number", 18).upper()
    if not id_number:
        return None, None
    member = Member.objects.filter(id_number=id_number).first()
    if member is not None and (path_in_scope(actor, "members.view", member.org_path)
                               or path_in_scope(actor, "talent.manage", member.org_path)):
        return member, None
    cadre = Cadre.objects.filter(id_number=id_number).first()
    if cadre is not None and (path_in_scope(actor, "cadres.view", cadre.org_path)
                              or path_in_scope(actor, "talent.manage", cadre.org_path)):
        return None, cadre
    raise DomainError("在您的权限范围内没有这个身份证号的党员或干部；不是党员或干部的请留空，直接填写姓名等信息",
                      field="id_number")


def check_new_talent(actor, fields: dict, member: Member | None = None, cadre: Cadre | None = None) -> dict:
    """What ``create_talent`` would refuse, without saving (the import's check)."""
    if member is not None and Talent.objects.filter(member=member).exists():
        raise DomainError(f"党员「{member.name}」已在人才信息库中", field="member")
    if cadre is not None and Talent.objects.filter(cadre=cadre).exists():
        raise DomainError(f"干部「{cadre.name}」已在人才信息库中", field="cadre")
    return _validated(actor, fields, member=member, cadre=cadre)


def create_talent(actor, *, member: Member | None = None, cadre: Cadre | None = None, **fields) -> Talent:
    values = check_new_talent(actor, fields, member, cadre)
    with transaction.atomic():
        talent = Talent(member=member, cadre=cadre, created_by=actor if actor.is_authenticated else None, **values)
        talent.level = levels.level_for(degree=talent.degree, title_grade=talent.title_grade, award_levels=[])
        talent.save()
        record_event(actor, A.CREATE, talent)
    return talent


def update_talent(actor, talent: Talent, **fields) -> Talent:
    _require(actor, "talent.manage", talent.org_path, talent.organization)
    values = _validated(actor, fields, member=talent.member, cadre=talent.cadre)
    with transaction.atomic():
        lock(talent)
        before = snapshot(talent)
        for name, value in values.items():
            setattr(talent, name, value)
        talent.save()
        levels.refresh_level(talent)
        record_event(actor, A.UPDATE, talent, before=before)
    return talent


def set_status(actor, talent: Talent, status: str) -> Talent:
    _require(actor, "talent.manage", talent.org_path, talent.organization)
    if status not in Talent.Status.values:
        raise DomainError("请选择状态", field="status")
    with transaction.atomic():
        lock(talent)
        before = snapshot(talent)
        talent.status = status
        talent.save(update_fields=["status"])
        record_event(actor, A.UPDATE, talent, before=before)
    return talent


def reveal_phone(actor, talent: Talent) -> str:
    """The full phone number, for a user who manages the talent; every reveal is written to the history."""
    if not path_in_scope(actor, "talent.manage", talent.org_path):
        raise DomainError("您的角色不能查看完整联系电话", field="phone")
    record_event(actor, A.VIEW_SENSITIVE, talent, changes={}, message="查看完整联系电话")
    return talent.phone


def add_award(actor, talent: Talent, *, title: str, level: str, year: int, issuer: str = "") -> Award:
    _require(actor, "talent.manage", talent.org_path, talent.organization)
    title = checked_text(title, "荣誉或奖项", "title", 100, required=True)
    if level not in AwardLevel.values:
        raise DomainError("请选择级别", field="level")
    _year(year)
    issuer = checked_text(issuer, "授予单位", "issuer", 100)
    with transaction.atomic():
        award = Award.objects.create(talent=talent, title=title, level=level, year=year, issuer=issuer)
        levels.refresh_level(talent)
        record_event(actor, A.CREATE, award, subject=talent)
    return award


def set_sharing(actor, talent: Talent, organizations: list[Organization]) -> list[Organization]:
    """The departments the record is shared with, replaced by ``organizations`` (added and removed rows audited)."""
    _require(actor, "talent.manage", talent.org_path, talent.organization)
    wanted = {org.pk: org for org in organizations}
    if len(wanted) > 50:
        raise DomainError("一条人才信息最多共享给50个单位", field="organizations")
    for org in wanted.values():
        if org.is_closed:
            raise DomainError(f"「{org}」已撤销，不能共享", field="organizations")
        if is_within(org.path, talent.org_path):
            raise DomainError(f"「{org}」已在本记录的管理范围内，无需共享", field="organizations")
    with transaction.atomic():
        lock(talent)
        current = dict(talent.sharings.values_list("organization_id", "pk"))
        added = [org for pk, org in wanted.items() if pk not in current]
        removed = [pk for pk in current if pk not in wanted]
        Sharing.objects.filter(pk__in=[current[pk] for pk in removed]).delete()
        Sharing.objects.bulk_create([Sharing(talent=talent, organization=org,
                                             shared_by=actor if actor.is_authenticated else None) for org in added])
        if added or removed:
            names = dict(Organization.objects.filter(pk__in=list(current) + list(wanted)).values_list("pk", "name"))
            record_event(actor, A.UPDATE, talent, changes={"共享给": [
                "、".join(names[pk] for pk in current) or "—", "、".join(names[pk] for pk in wanted) or "—"]},
                message="调整人才信息共享")
    return list(wanted.values())


# ---- programs -----------------------------------------------------------------------------------------------------

def create_program(actor, *, name: str, level: str, description: str = "") -> Program:
    if not any(len(p) <= 10 for p in actor.scope_prefixes("talent.manage")):
        raise DomainError("人才工程由县级组织部门设立", field="name")
    name = checked_text(name, "人才工程名称", "name", 100, required=True)
    if level not in AwardLevel.values:
        raise DomainError("请选择级别", field="level")
    with transaction.atomic():
        program = Program.objects.create(name=name, level=level,
                                         description=checked_text(description, "简介", "description", 500))
        record_event(actor, A.CREATE, program)
    return program


def create_round(actor, *, program: Program, title: str, organization: Organization, opens_on: dt.date,
                 closes_on: dt.date, fund: TalentFund | None = None,
                 criteria: tuple[tuple[str, str], ...] = ()) -> ProgramRound:
    _require(actor, "talent.manage", organization.path, organization)
    title = checked_text(title, "批次名称", "title", 100, required=True)
    _day(opens_on, "opens_on", "申报开始日期")
    _day(closes_on, "closes_on", "申报截止日期")
    if closes_on < opens_on:
        raise DomainError("申报截止日期不能早于申报开始日期", field="closes_on")
    if fund is not None and not path_in_scope(actor, "talent.manage", fund.org_path):
        raise DomainError(f"「{fund}」不在您的权限范围内", field="fund")
    for kind, value in criteria:
        criterion_refusal(kind, value)
    with transaction.atomic():
        round_ = ProgramRound.objects.create(program=program, title=title, organization=organization,
                                             opens_on=opens_on, closes_on=closes_on, fund=fund)
        Criterion.objects.bulk_create([Criterion(round=round_, kind=k, value=v) for k, v in criteria])
        record_event(actor, A.CREATE, round_)
    return round_


def criterion_refusal(kind: str, value: str) -> None:
    K = Criterion.Kind
    valid: dict[str, list[str]] = {K.MIN_LEVEL: Level.values, K.MIN_DEGREE: Degree.values, K.MIN_TITLE: TitleGrade.values,
             K.CATEGORY: list(TalentCategory.objects.values_list("code", flat=True)),
             K.INDUSTRY: list(Industry.objects.values_list("code", flat=True))}
    if kind not in K.values:
        raise DomainError("请选择申报条件", field="criteria")
    if kind == K.MAX_AGE:
        if not str(value).isdigit() or not 18 <= int(value) <= 80:
            raise DomainError("年龄条件应为18到80之间的整数", field="criteria")
    elif value not in valid[kind]:
        raise DomainError(f"申报条件「{K(kind).label}」的取值「{str(value)[:30]}」无效", field="criteria")


DEGREE_ORDER: list[str] = [Degree.NONE, Degree.BACHELOR, Degree.MASTER, Degree.DOCTOR]
TITLE_ORDER: list[str] = [TitleGrade.NONE, TitleGrade.JUNIOR, TitleGrade.INTERMEDIATE, TitleGrade.SENIOR_DEPUTY,
               TitleGrade.SENIOR_FULL]


def unmet_criteria(round_: ProgramRound, talent: Talent, today: dt.date) -> list[str]:
    """The round's criteria the talent does not meet, each in Chinese (empty: eligible)."""
    K = Criterion.Kind
    unmet = []
    for criterion in round_.criteria.all():
        kind, value = criterion.kind, criterion.value
        if kind == K.MIN_LEVEL and LEVEL_RANK[talent.level] < LEVEL_RANK[value]:
            unmet.append(f"人才层次须不低于{Level(value).label}（现为{talent.get_level_display()}）")
        elif kind == K.CATEGORY and talent.category.code != value:
            unmet.append(f"人才类别须为{TalentCategory.objects.get(code=value).name}")
        elif kind == K.INDUSTRY and (talent.industry is None or talent.industry.code != value):
            unmet.append(f"所属产业须为{Industry.objects.get(code=value).name}")
        elif kind == K.MAX_AGE:
            age = talent.age_on(today)
            if age is None or age > int(value):
                unmet.append(f"年龄须不超过{value}周岁（现为{age if age is not None else '未知'}）")
        elif kind == K.MIN_DEGREE and DEGREE_ORDER.index(talent.degree) < DEGREE_ORDER.index(value):
            unmet.append(f"学位须不低于{Degree(value).label}")
        elif kind == K.MIN_TITLE and TITLE_ORDER.index(talent.title_grade) < TITLE_ORDER.index(value):
            unmet.append(f"职称须不低于{TitleGrade(value).label}")
    return unmet


def apply(actor, round_: ProgramRound, *, talent: Talent, project: str, amount_requested=0) -> Application:
    """A unit applies for one of its talents (申报): the talent must meet every criterion of the round."""
    _require(actor, "talent.manage", talent.org_path, talent.organization, field="talent")
    if not is_within(talent.org_path, round_.org_path):
        raise DomainError(f"「{talent.name}」不在本批次组织单位的范围内", field="talent")
    project = checked_text(project, "申报项目", "project", 200, required=True)
    amount = money(amount_requested, "amount_requested", "申请资助", policy_int(P.GRANT_MAX.key), positive=False)
    today = timezone.localdate()
    with transaction.atomic():
        lock(round_)
        if refusal := procedure.refusal("submit", application_status=None, round_status=round_.status):
            raise DomainError(refusal, field="talent")
        if not round_.opens_on <= today <= round_.closes_on:
            raise DomainError(f"申报时间为 {round_.opens_on:%Y-%m-%d} 至 {round_.closes_on:%Y-%m-%d}", field="talent")
        if talent.status != Talent.Status.ACTIVE:
            raise DomainError(f"「{talent.name}」已不在库", field="talent")
        if unmet := unmet_criteria(round_, talent, today):
            raise DomainError(f"「{talent.name}」不符合申报条件：" + "；".join(unmet), field="talent")
        if Application.objects.filter(round=round_, talent=talent).exists():
            raise DomainError("该人才已在本批次申报，不能重复申报", field="talent")
        application = Application.objects.create(round=round_, talent=talent, project=project,
                                                 amount_requested=amount,
                                                 submitted_by=actor if actor.is_authenticated else None)
        record_event(actor, A.CREATE, application, subject=talent)
    return application


def set_round_status(actor, round_: ProgramRound, status: str, *, expected: str) -> ProgramRound:
    """Opens review (申报中 → 评审中) or closes the round (评审中 → 已结束), against the status the page showed."""
    _require(actor, "talent.manage", round_.org_path, round_.organization)
    allowed = {(ProgramRound.Status.OPEN, ProgramRound.Status.REVIEWING),
               (ProgramRound.Status.REVIEWING, ProgramRound.Status.CLOSED)}
    with transaction.atomic():
        lock(round_)
        if round_.status != expected:
            raise DomainError(f"本批次刚刚已由他人改为{round_.get_status_display()}，本次未保存", field="status")
        if (round_.status, status) not in allowed:
            raise DomainError(f"本批次{round_.get_status_display()}，不能改为{ProgramRound.Status(status).label}",
                              field="status")
        before = snapshot(round_)
        round_.status = status
        round_.save(update_fields=["status"])
        record_event(actor, A.UPDATE, round_, before=before)
    return round_


def _scores(application: Application) -> list[Decimal]:
    return list(application.scores.values_list("score", flat=True))


def score(actor, application: Application, *, score: Decimal, comment: str = "") -> ReviewScore:
    """A reviewer's score (one per reviewer; scoring again replaces one's own score)."""
    round_ = application.round
    _require(actor, "talent.manage", round_.org_path, round_.organization, field="score")
    if score is None or not Decimal(0) <= Decimal(score) <= Decimal(100):
        raise DomainError("评分应在0到100分之间", field="score")
    comment = checked_text(comment, "评审意见", "comment", 300)
    with transaction.atomic():
        lock(application)
        if refusal := procedure.refusal("score", application_status=application.status,
                                        round_status=ProgramRound.objects.get(pk=round_.pk).status):
            raise DomainError(refusal, field="score")
        row, _created = ReviewScore.objects.update_or_create(
            application=application, reviewer=actor, defaults={"score": Decimal(score).quantize(Decimal("0.1")),
                                                               "comment": comment})
        record_event(actor, A.UPDATE, application, changes={"评分": ["", str(row.score)]}, message="评审打分",
                     subject=application.talent)
    return row


def decide(actor, application: Application, *, approve: bool, note: str = "") -> Application:
    round_ = application.round
    _require(actor, "talent.manage", round_.org_path, round_.organization, field="note")
    note = checked_text(note, "决定意见", "note", 300)
    with transaction.atomic():
        lock(application)
        status = ProgramRound.objects.get(pk=round_.pk).status
        if refusal := procedure.refusal("approve" if approve else "reject", application_status=application.status,
                                        round_status=status, scores=_scores(application)):
            raise DomainError(refusal, field="note")
        before = snapshot(application)
        application.status = Application.Status.APPROVED if approve else Application.Status.REJECTED
        application.decision_note, application.decided_at = note, timezone.now()
        application.decided_by = actor if actor.is_authenticated else None
        application.save(update_fields=["status", "decision_note", "decided_at", "decided_by"])
        record_event(actor, A.UPDATE, application, before=before, subject=application.talent)
    return application


def _ledger_line(actor, fund: TalentFund, *, kind: str, amount: Decimal, day: dt.date, note: str,
                 application: Application | None = None) -> FundEntry:
    fund.balance = fund.balance + amount if kind == FundEntry.Kind.DEPOSIT else fund.balance - amount
    fund.save(update_fields=["balance"])
    return FundEntry.objects.create(fund=fund, kind=kind, amount=amount, balance_after=fund.balance, day=day,
                                    note=note, application=application,
                                    recorded_by=actor if actor.is_authenticated else None)


def deposit(actor, fund: TalentFund, *, amount, day: dt.date, note: str = "") -> FundEntry:
    """Money put into the fund (拨入), added to its balance under the fund's lock."""
    _require(actor, "talent.manage", fund.org_path, fund.organization, field="amount")
    value = money(amount, "amount", "拨入金额", 1_000_000_000, positive=True)
    _day(day, "day", "日期", not_future=True)
    note = checked_text(note, "摘要", "note", 200)
    with transaction.atomic():
        lock(fund)
        entry = _ledger_line(actor, fund, kind=FundEntry.Kind.DEPOSIT, amount=value, day=day, note=note)
        record_event(actor, A.UPDATE, fund, changes={"余额（元）": [str(fund.balance - value), str(fund.balance)]},
                     message=f"拨入 {value} 元")
    return entry


def grant(actor, application: Application, *, amount, day: dt.date, note: str = "") -> FundEntry:
    """Funding for an approved application from its round's fund; refused above the balance (under the fund's
    lock: of two grants that together exceed it, the second is refused and nothing of it is written)."""
    round_ = application.round
    _require(actor, "talent.manage", round_.org_path, round_.organization, field="amount")
    fund = round_.fund
    if fund is None:
        raise DomainError("本批次未指定资助资金来源（人才基金）", field="amount")
    value = money(amount, "amount", "资助金额", policy_int(P.GRANT_MAX.key), positive=True)
    _day(day, "day", "发放日期", not_future=True)
    note = checked_text(note, "摘要", "note", 200) or f"{round_}：{application.talent.name}"
    with transaction.atomic():
        lock(application)
        if refusal := procedure.refusal("grant", application_status=application.status,
                                        round_status=ProgramRound.objects.get(pk=round_.pk).status):
            raise DomainError(refusal, field="amount")
        lock(fund)
        if value > fund.balance:
            raise DomainError(f"资助金额 {value:,} 元超过「{fund.name}」余额 {fund.balance:,} 元，未发放", field="amount")
        entry = _ledger_line(actor, fund, kind=FundEntry.Kind.GRANT, amount=value, day=day, note=note[:200],
                             application=application)
        record_event(actor, A.UPDATE, fund, changes={"余额（元）": [str(fund.balance + value), str(fund.balance)]},
                     message=f"资助 {application.talent.name} {value} 元")
    return entry


# ---- recognitions -------------------------------------------------------------------------------------------------

def create_recognition(actor, *, title: str, year: int, level: str, organization: Organization,
                       announced_on: dt.date) -> RecognitionList:
    _require(actor, "talent.manage", organization.path, organization)
    title = checked_text(title, "表彰名称", "title", 100, required=True)
    _year(year)
    if level not in AwardLevel.values:
        raise DomainError("请选择级别", field="level")
    _day(announced_on, "announced_on", "公布日期")
    with transaction.atomic():
        recognition = RecognitionList.objects.create(title=title, year=year, level=level, organization=organization,
                                                     announced_on=announced_on)
        record_event(actor, A.CREATE, recognition)
    return recognition


def recognize(actor, recognition: RecognitionList, *, talent: Talent, citation: str = "") -> RecognitionEntry:
    """A talent on the list: an entry, and the award on the talent's record (its level computed again)."""
    _require(actor, "talent.manage", recognition.org_path, recognition.organization, field="talent")
    if not is_within(talent.org_path, recognition.org_path):
        raise DomainError(f"「{talent.name}」不在表彰单位的范围内", field="talent")
    citation = checked_text(citation, "主要事迹", "citation", 300)
    with transaction.atomic():
        if RecognitionEntry.objects.filter(recognition=recognition, talent=talent).exists():
            raise DomainError("该人才已在本表彰名单中", field="talent")
        entry = RecognitionEntry.objects.create(recognition=recognition, talent=talent, citation=citation)
        Award.objects.create(talent=talent, title=recognition.title, level=recognition.level, year=recognition.year,
                             issuer=recognition.organization.name, entry=entry)
        levels.refresh_level(talent)
        record_event(actor, A.CREATE, entry, subject=talent)
    return entry


# ---- 农村实用人才 evaluation ---------------------------------------------------------------------------------------

def rural_grade(total: Decimal) -> str:
    G = RuralEvaluation.Grade
    for grade, key in ((G.FIRST, P.RURAL_FIRST_POINTS), (G.SECOND, P.RURAL_SECOND_POINTS),
                       (G.THIRD, P.RURAL_THIRD_POINTS)):
        if total >= policy_int(key.key):
            return grade
    return G.NONE


def evaluate_rural(actor, talent: Talent, *, year: int, points: dict[int, Decimal]) -> RuralEvaluation:
    """A year's evaluation of a rural practical talent: points per criterion (0..its maximum), the total and the
    grade by the policy thresholds. Evaluating the year again replaces its points."""
    _require(actor, "talent.manage", talent.org_path, talent.organization, field="year")
    if talent.category.code != "rural":
        raise DomainError("只有农村实用人才参加此项评价", field="year")
    _year(year)
    criteria = list(RuralCriterion.objects.all())
    values = {}
    for criterion in criteria:
        value = points.get(criterion.pk)
        if value is None or not Decimal(0) <= Decimal(value) <= criterion.max_points:
            raise DomainError(f"「{criterion.name}」的得分应在0到{criterion.max_points}分之间", field="year")
        values[criterion.pk] = Decimal(value).quantize(Decimal("0.1"))
    total = sum(values.values(), Decimal(0))
    with transaction.atomic():
        lock(talent)
        evaluation, _created = RuralEvaluation.objects.update_or_create(
            talent=talent, year=year, defaults={"total": total, "grade": rural_grade(total),
                                                "evaluated_by": actor if actor.is_authenticated else None})
        evaluation.scores.all().delete()
        RuralScore.objects.bulk_create([RuralScore(evaluation=evaluation, criterion_id=pk, points=v)
                                        for pk, v in values.items()])
        record_event(actor, A.UPDATE, talent, changes={f"{year}年农村实用人才评价": [
            "", f"{total}分 {evaluation.get_grade_display()}"]}, message="农村实用人才评价")
    return evaluation


# ---- the level rules ------------------------------------------------------------------------------------------------

def _require_root(actor) -> None:
    if not any(len(p) <= 10 for p in actor.scope_prefixes("talent.manage")):
        raise DomainError("人才层次认定规则由县级组织部门调整", field="basis")


def recompute_levels() -> int:
    """Every talent's level computed again by the current rules (after a rule changes); returns how many changed."""
    rules = levels.active_rules()
    awards: dict[int, list[str]] = {}
    for talent_id, level in Award.objects.values_list("talent_id", "level"):
        awards.setdefault(talent_id, []).append(level)
    changed: dict[str, list[int]] = {}
    for pk, degree, title, level in Talent.objects.values_list("pk", "degree", "title_grade", "level"):
        new = levels.level_for(degree=degree, title_grade=title, award_levels=awards.get(pk, []), rules=rules)
        if new != level:
            changed.setdefault(new, []).append(pk)
    for level, pks in changed.items():
        Talent.objects.filter(pk__in=pks).update(level=level)
    return sum(len(pks) for pks in changed.values())


def add_level_rule(actor, *, basis: str, value: str, level: str, source: str = "") -> LevelRule:
    _require_root(actor)
    values: dict[str, list[str]] = {LevelRule.Basis.DEGREE: Degree.values, LevelRule.Basis.TITLE: TitleGrade.values,
              LevelRule.Basis.AWARD: AwardLevel.values}
    if basis not in values:
        raise DomainError("请选择认定依据", field="basis")
    if value not in values[basis]:
        raise DomainError("该认定依据没有这个条件", field="value")
    if level not in Level.values:
        raise DomainError("请选择认定层次", field="level")
    source = checked_text(source, "依据来源", "source", 200)
    with transaction.atomic():
        if LevelRule.objects.filter(basis=basis, value=value).exists():
            raise DomainError("该认定依据和条件已有规则", field="value")
        rule = LevelRule.objects.create(basis=basis, value=value, level=level, source=source)
        record_event(actor, A.CREATE, rule)
        recompute_levels()
    return rule


def set_rule_active(actor, rule: LevelRule, active: bool) -> LevelRule:
    _require_root(actor)
    with transaction.atomic():
        lock(rule)
        before = snapshot(rule)
        rule.is_active = active
        rule.save(update_fields=["is_active"])
        record_event(actor, A.UPDATE, rule, before=before)
        recompute_levels()
    return rule
