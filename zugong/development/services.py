"""Use cases of member development: open a case on an application, take a step, extend or cancel probation.

Every refusal is a ``DomainError`` in Chinese naming the rule, its source and, for a step taken too early,
the first date it becomes possible; a refused step leaves the case as it was.

Every decision on a case locks it and reads it and its steps again (``core.locks``): the same step sent twice
at once is recorded once (approval puts one member in the register), probation is extended once, a case is
closed once; the loser is told what the winner did.
"""

import datetime as dt
from typing import cast

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from zugong.core.access import DomainError, path_in_scope
from zugong.core.audit import record_event, snapshot
from zugong.core.dates import add_months, month_start
from zugong.core.locks import lock
from zugong.core.models import AuditEvent
from zugong.core.policy import policy_int, policy_values
from zugong.core.submissions import constraint_message
from zugong.core.validators import parse_identity_number
from zugong.development import policies as P
from zugong.development import voting
from zugong.development.models import (
    BodyVote,
    BranchVote,
    DevelopmentCase,
    DevelopmentStep,
    StepRefusal,
)
from zugong.development.procedure import (
    BY_HIGHER_COMMITTEE,
    REPEATABLE,
    STAGE_REACHED,
    VOTES,
    History,
    chinese_date,
    label,
    sequence,
    timing_refusal,
)
from zugong.members import periods
from zugong.members import services as member_services
from zugong.members.codes import DUES_CATEGORY_BY_OCCUPATION, DuesCategory, Occupation
from zugong.members.models import Member, MembershipPeriod
from zugong.members.policies import MIN_AGE
from zugong.organizations.models import Organization, WorkUnit

K = DevelopmentStep.Kind
OPEN_CASE_EXISTS = "该身份证号已有正在进行的发展党员档案"

# What a page says when the database refuses a write that raced past a service's own check.
constraint_message("devstep_once_per_case", "该步骤已经登记（可能是他人刚刚登记），未作更改，请刷新页面查看")
constraint_message("devcase_one_open_case_per_person", OPEN_CASE_EXISTS)
constraint_message("devbodyvote_once_per_body", "该机构的三票决结果已经登记（可能是他人刚刚登记），未作更改，请刷新页面查看")


def rule_values() -> dict:
    return policy_values("development.") | {rule.key: policy_int(rule.key) for rule in P.VOTE_RULE}


def _require(actor, organization: Organization) -> None:
    if not path_in_scope(actor, "members.change", organization.path):
        raise DomainError(f"您无权在「{organization}」范围内办理发展党员", field="organization")


def approving_committee(organization: Organization) -> Organization | None:
    """The committee that approves a branch's new members: the nearest 党委 or 党工委 above it that is not a
    village or community committee (12371 问答: a general branch or a village/community committee may not approve;
    《中国共产党农村基层组织工作条例》: village development is approved by the township committee)."""
    grassroots = (WorkUnit.Kind.VILLAGE, WorkUnit.Kind.COMMUNITY)
    for ancestor in reversed(list(organization.ancestors().prefetch_related("work_units"))):
        if ancestor.kind not in (Organization.Kind.COMMITTEE, Organization.Kind.WORKING_COMMITTEE):
            continue
        if any(unit.kind in grassroots for unit in ancestor.work_units.all()):
            continue
        return ancestor
    return None


def _require_approving_committee(actor, case: DevelopmentCase, kind: str) -> None:
    committee = approving_committee(case.organization)
    if committee is None:
        raise DomainError(f"「{case.organization}」上级没有有审批权的党委，不能办理「{label(kind)}」")
    if not path_in_scope(actor, "members.change", committee.path):
        raise DomainError(f"「{label(kind)}」由上级党委「{committee}」办理，请由该党委的工作人员登记"
                          f"（党总支、村和社区党组织没有审批权）")


def open_case(actor, *, applied_on: dt.date, **person) -> DevelopmentCase:
    """An application (入党申请书) received by a branch: step 1 of the procedure."""
    organization: Organization = person["organization"]
    _require(actor, organization)
    today = timezone.localdate()
    try:
        identity = parse_identity_number(person["id_number"])
    except ValidationError as error:
        raise DomainError(error.messages[0], field="id_number") from error
    person["id_number"] = identity.number
    person["birth_date"] = identity.birth_date
    person["gender"] = Member.Gender.MALE if identity.is_male else Member.Gender.FEMALE
    person["name"] = (person.get("name") or "").strip()
    if not person["name"]:
        raise DomainError("请填写姓名", field="name")
    if applied_on > today:
        raise DomainError("递交入党申请书的日期不能晚于今天", field="applied_on")
    min_age = policy_int(MIN_AGE.key)
    age = applied_on.year - identity.birth_date.year - (
        (applied_on.month, applied_on.day) < (identity.birth_date.month, identity.birth_date.day))
    if age < min_age:
        first = add_months(identity.birth_date, 12 * min_age)
        raise DomainError(f"递交入党申请时未满 {min_age} 周岁（{MIN_AGE.source}），最早可于{chinese_date(first)}申请",
                          field="applied_on")
    if organization.is_closed or organization.kind not in member_services.MEMBER_KINDS:
        raise DomainError(f"「{organization}」不是可以发展党员的党支部（党总支）", field="organization")
    if Member.objects.filter(id_number=identity.number, status=Member.Status.ACTIVE).exists():
        raise DomainError("该身份证号已是在册党员", field="id_number")
    _check_no_open_case(identity.number)
    with transaction.atomic():
        case = _insert_case(person)
        step = DevelopmentStep.objects.create(case=case, kind=K.APPLICATION, done_on=applied_on,
                                              recorded_by=_user(actor), rules={MIN_AGE.key: min_age})
        record_event(actor, AuditEvent.Action.CREATE, case, changes={
            label: [None, value] for label, value in snapshot(case).items() if value not in (None, "")})
        _audit_step(actor, step)
    return case


def _check_no_open_case(id_number: str) -> None:
    if DevelopmentCase.objects.open().filter(id_number=id_number).exists():
        raise DomainError(OPEN_CASE_EXISTS, field="id_number")


def _insert_case(person: dict) -> DevelopmentCase:
    """The same application registered twice at once: the database's one open case per person refuses one."""
    try:
        with transaction.atomic():
            return DevelopmentCase.objects.create(**person)
    except IntegrityError:
        if DevelopmentCase.objects.open().filter(id_number=person["id_number"]).exists():
            raise DomainError(OPEN_CASE_EXISTS, field="id_number") from None
        raise


def _lock_open(case: DevelopmentCase, doing: str = "，不能再办理") -> None:
    """Lock the case and read it again: only an open case is decided on."""
    lock(case)
    if case.status != DevelopmentCase.Status.OPEN:
        raise DomainError(f"该档案{case.get_status_display()}{doing}")


def _check_not_taken(case: DevelopmentCase, kind: str, day: dt.date) -> None:
    """A step already on the case (two clicks, two pages): refused, and not kept as an attempt to hurry."""
    taken = case.steps.filter(kind=kind).order_by("done_on").values_list("done_on", flat=True)
    if kind not in REPEATABLE and taken:
        raise DomainError(f"「{label(kind)}」已于{chinese_date(taken[0])}办理，不能重复办理", field="done_on")
    if kind in REPEATABLE and day in taken:
        raise DomainError(f"「{label(kind)}」{chinese_date(day)}的记录已经登记，不能重复登记", field="done_on")


def record_step(actor, case: DevelopmentCase, kind: str, done_on: dt.date, *, handled_by: str = "", note: str = "",
                number: str = "", people: list[Member] | None = None, training_days: int | None = None,
                training_hours: int | None = None, vote: dict | None = None, document=None,
                ballot=None, three_ballots: dict | None = None) -> DevelopmentStep:
    """Take the next step on ``done_on``; refused if too early, out of order, late past a limit, or without
    what the step needs (mentors, sponsors, training length, a passing vote).

    A vote step with ``ballot`` (the case's ``CaseBallot``) takes its figures from the sealed tally
    (``voting.vote_from_ballot``) instead of ``vote``; refused when the ballot is open, altered or failed.
    The 三票决 step with ``three_ballots`` ({body: Ballot}) records each body's sealed tally
    (``voting.three_votes_from_ballots``); without it, it is a hand record, as a vote typed by hand.

    A refusal of the timing is kept (``StepRefusal``) after the case's lock is released, so it is kept even
    though the refusal ends the use case."""
    _require(actor, case.organization)
    if kind in BY_HIGHER_COMMITTEE:
        _require_approving_committee(actor, case, kind)
    values = rule_values()
    people = list(people or [])
    with transaction.atomic():
        _lock_open(case)
        if kind in sequence(values):  # a step outside the department's procedure is refused below, for that
            _check_not_taken(case, kind, done_on)
        refusal = timing_refusal(kind, done_on, History.of(case), values, timezone.localdate())
        if not refusal and kind in VOTES and ballot is not None:
            vote = voting.vote_from_ballot(case, kind, ballot, done_on)
        body_votes = None
        if not refusal and kind == K.THREE_VOTES and three_ballots is not None:
            body_votes = voting.three_votes_from_ballots(case, three_ballots, done_on)
        if not refusal:
            return _take_step(actor, case, kind, done_on, values, handled_by=handled_by, note=note, number=number,
                              people=people, training_days=training_days, training_hours=training_hours, vote=vote,
                              document=document, body_votes=body_votes)
    StepRefusal.objects.create(case=case, kind=kind, attempted_for=done_on, message=refusal[:500],
                               attempted_by=_user(actor))
    raise DomainError(refusal, field="done_on")


def _take_step(actor, case: DevelopmentCase, kind: str, done_on: dt.date, values: dict, *, handled_by: str,
               note: str, number: str, people: list[Member], training_days: int | None, training_hours: int | None,
               vote: dict | None, document, body_votes: list[dict] | None = None) -> DevelopmentStep:
    """The step and what it changes, inside ``record_step``'s transaction with the case locked."""
    applied = _check_requirements(case, kind, values, people=people, number=number, training_days=training_days,
                                  training_hours=training_hours, vote=vote)
    step = DevelopmentStep.objects.create(
        case=case, kind=kind, done_on=done_on, handled_by=handled_by.strip(), note=note.strip(),
        number=number.strip(), training_days=training_days, training_hours=training_hours,
        rules=applied, recorded_by=_user(actor), **({"document": document} if document else {}))
    if people:
        step.people.set(people)
    if kind in VOTES and vote is not None:  # _check_requirements refused a vote step without one
        BranchVote.objects.create(step=step, **vote)
    for figures in body_votes or []:
        BodyVote.objects.create(step=step, **figures)
    before = snapshot(case)
    _follow(actor, case, step, values)
    after = snapshot(case)
    if after != before:
        case.save()
    _audit_step(actor, step)
    return step


def _check_requirements(case, kind, values, *, people, number, training_days, training_hours, vote) -> dict:
    """What a step needs besides its date; returns the rule values it was checked against."""
    applied = {}
    if kind in (K.MENTORS, K.SPONSORS):
        low, high = ((values[P.MENTORS_MIN.key], values[P.MENTORS_MAX.key]) if kind == K.MENTORS
                     else (values[P.SPONSORS.key],) * 2)
        source = (P.MENTORS_MIN if kind == K.MENTORS else P.SPONSORS).source
        role = "培养联系人" if kind == K.MENTORS else "入党介绍人"
        wanted = f"{low}名" if low == high else f"{low}至{high}名"
        if not low <= len(people) <= high:
            raise DomainError(f"{role}应为{wanted}正式党员（{source}），现选择了{len(people)}名", field="people")
        for person in people:
            if person.stage != Member.Stage.FULL or person.status != Member.Status.ACTIVE:
                raise DomainError(f"{person.name}不是在册正式党员，不能担任{role}（{source}）", field="people")
        applied = {P.MENTORS_MIN.key: low, P.MENTORS_MAX.key: high} if kind == K.MENTORS else {P.SPONSORS.key: low}
    if kind == K.TRAINING:
        days, hours = values[P.TRAINING_MIN_DAYS.key], values[P.TRAINING_MIN_HOURS.key]
        if (training_days or 0) < days and (training_hours or 0) < hours:
            raise DomainError(f"集中培训应不少于{days}天或不少于{hours}个学时（{P.TRAINING_MIN_DAYS.source}），"
                              f"现登记{training_days or 0}天、{training_hours or 0}学时", field="training_days")
        applied = {P.TRAINING_MIN_DAYS.key: days, P.TRAINING_MIN_HOURS.key: hours}
    if kind == K.APPLICATION_FORM and not number.strip():
        raise DomainError("请填写入党志愿书编号", field="number")
    if kind in VOTES:
        applied = _check_vote(vote, values)
    if kind == K.ADMISSION_VOTE:
        applied[P.PROBATION_MONTHS.key] = values[P.PROBATION_MONTHS.key]
    return applied


def _check_vote(vote: dict | None, values: dict) -> dict:
    if not vote:
        raise DomainError("请登记支部大会的到会和表决人数", field="entitled")
    entitled, present = vote["entitled"], vote["present"]
    cast = vote["yes"] + vote["no"] + vote["abstain"]
    if entitled <= 0:
        raise DomainError("应到会有表决权的正式党员人数应大于0", field="entitled")
    if present > entitled:
        raise DomainError(f"实到会人数（{present}）不能多于应到会人数（{entitled}）", field="present")
    if cast > present:
        raise DomainError(f"赞成、反对、弃权合计{cast}票，多于实到会人数{present}", field="yes")
    quorum = values[P.QUORUM_NUMERATOR.key], values[P.QUORUM_DENOMINATOR.key]
    passing = values[P.PASS_NUMERATOR.key], values[P.PASS_DENOMINATOR.key]
    if present * quorum[1] <= entitled * quorum[0]:
        raise DomainError(f"到会有表决权的正式党员{present}人，未超过应到会{entitled}人的{quorum[0]}/{quorum[1]}，"
                          f"不能开会表决（{P.QUORUM_NUMERATOR.source}）", field="present")
    if vote["yes"] * passing[1] <= entitled * passing[0]:
        raise DomainError(f"表决未通过：赞成{vote['yes']}票，未超过应到会有表决权的正式党员{entitled}人的"
                          f"{passing[0]}/{passing[1]}（{P.PASS_NUMERATOR.source}）", field="yes")
    return {rule.key: values[rule.key] for rule in P.VOTE_RULE}


def _follow(actor, case: DevelopmentCase, step: DevelopmentStep, values: dict) -> None:
    """What a step changes on the case and in the register."""
    reached = STAGE_REACHED.get(DevelopmentStep.Kind(step.kind))
    if reached is not None:
        case.stage = reached
    if step.kind == K.ADMISSION_VOTE:
        case.probation_ends_on = add_months(step.done_on, values[P.PROBATION_MONTHS.key])
    if step.kind == K.APPROVAL:
        admitted_on = case.steps.get(kind=K.ADMISSION_VOTE).done_on  # 入党时间：支部大会通过之日
        case.member = member_services.create_member(
            actor, name=case.name, id_number=case.id_number, gender=case.gender, birth_date=case.birth_date,
            ethnicity=case.ethnicity, education=case.education, occupation=case.occupation, joined_on=admitted_on,
            stage=Member.Stage.PROBATIONARY, organization=case.organization, work_unit=case.work_unit,
            phone=case.phone, dues_from=month_start(admitted_on), as_of=admitted_on,
            dues_category=DUES_CATEGORY_BY_OCCUPATION.get(cast(Occupation, case.occupation), DuesCategory.WAGE))
    if step.kind == K.CONFIRMATION_APPROVAL and case.member is not None:  # approval created it
        member_services.update_member(actor, case.member, stage=Member.Stage.FULL,
                                      full_member_on=case.probation_ends_on)  # 转正时间：预备期满之日
    if step.kind == K.ARCHIVED:
        case.status = DevelopmentCase.Status.COMPLETED


def extend_probation(actor, case: DevelopmentCase, *, months: int, reason: str, decided_on: dt.date):
    """Once, by the policy's 6–12 months, with a reason; decided before the confirmation vote."""
    _require(actor, case.organization)
    low, high = policy_int(P.EXTENSION_MIN_MONTHS.key), policy_int(P.EXTENSION_MAX_MONTHS.key)
    if not low <= months <= high:
        raise DomainError(f"延长预备期应为{low}至{high}个月（{P.EXTENSION_MAX_MONTHS.source}）", field="months")
    if not reason.strip():
        raise DomainError("请填写延长预备期的原因", field="reason")
    if decided_on > timezone.localdate():
        raise DomainError("决定日期不能晚于今天", field="decided_on")
    with transaction.atomic():
        lock(case)
        ends_on = _check_extendable(case)
        before = snapshot(case)
        case.extension_months, case.extension_reason = months, reason.strip()
        case.probation_ends_on = add_months(ends_on, months)
        case.save()
        record_event(actor, AuditEvent.Action.UPDATE, case, before=before,
                     message=f"{chinese_date(decided_on)}支部大会决定延长预备期{months}个月")
    return case


def _check_extendable(case: DevelopmentCase) -> dt.date:
    """The end of probation as it stands, if it may still be extended."""
    if (case.stage != DevelopmentCase.Stage.PROBATIONARY or case.status != DevelopmentCase.Status.OPEN
            or case.probation_ends_on is None):
        raise DomainError("只有预备党员可以延长预备期")
    if case.extension_months:
        raise DomainError(f"预备期已延长过一次（{case.extension_months}个月），只能延长一次（{P.EXTENSION_MAX_MONTHS.source}）")
    if case.steps.filter(kind=K.CONFIRMATION_VOTE).exists():
        raise DomainError("支部大会已讨论转正，不能再延长预备期")
    return case.probation_ends_on


def close_case(actor, case: DevelopmentCase, *, reason: str) -> DevelopmentCase:
    """End a case: an applicant who withdrew or was not admitted; a probationary member's 资格 cancelled."""
    _require(actor, case.organization)
    if not reason.strip():
        raise DomainError("请填写原因", field="reason")
    with transaction.atomic():
        _lock_open(case, doing="，未作更改")
        before = snapshot(case)
        if case.member is not None:
            lock(case.member)
            if case.member.stage != Member.Stage.PROBATIONARY:
                raise DomainError("已转为正式党员，不能取消预备党员资格")
            if case.member.status != Member.Status.ACTIVE:
                raise DomainError(f"{case.member.name}已不在册（{case.member.get_status_display()}），未作更改")
            case.status = DevelopmentCase.Status.CANCELLED
            member_before = member_services.member_snapshot(case.member)
            periods.leave(case.member, timezone.localdate(), MembershipPeriod.EndReason.PROBATION_CANCELLED)
            record_event(actor, AuditEvent.Action.UPDATE, case.member, before=member_before,
                         message=f"取消预备党员资格：{reason.strip()}")
        else:
            case.status = DevelopmentCase.Status.WITHDRAWN
        case.closed_reason = reason.strip()
        case.save()
        record_event(actor, AuditEvent.Action.UPDATE, case, before=before, message=reason.strip())
    return case


def _audit_step(actor, step: DevelopmentStep) -> None:
    """On the case's history: the step, its date and what was entered with it."""
    shown = {"步骤": label(step.kind), "办理日期": str(step.done_on), "经办人/谈话人": step.handled_by,
             "编号": step.number, "情况说明": step.note, "附件": step.document.name if step.document else ""}
    vote = getattr(step, "vote", None) if step.kind in VOTES else None
    if vote is not None:
        shown["表决"] = (f"应到{vote.entitled}人，实到{vote.present}人，赞成{vote.yes}、反对{vote.no}、弃权{vote.abstain}"
                       + (f"（由票决 #{vote.ballot_reference} 计票结果）" if vote.ballot_reference else "（手工登记）"))
    body_votes = list(step.body_votes.all()) if step.kind == K.THREE_VOTES else []
    if body_votes:
        shown["表决"] = "；".join(
            f"{v.get_body_display()}应到{v.entitled}人，实到{v.present}人，赞成{v.yes}、反对{v.no}、弃权{v.abstain}"
            f"（票决 #{v.ballot_reference}）" for v in body_votes)
    record_event(actor, AuditEvent.Action.CREATE, step, subject=step.case,
                 changes={name: [None, value] for name, value in shown.items() if value},
                 message=f"{label(step.kind)}（{chinese_date(step.done_on)}）")


def _user(actor):
    return actor if actor is not None and actor.is_authenticated else None
