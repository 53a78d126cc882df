"""Use cases of selection and appointment: open a case (动议), name candidates, take each step, publish the
notices, record the 酝酿 opinions, hold and release a case, review probation.

Every step goes through ``procedure.refusal`` (order, date, holds, quorum, vote, documents); a refused step
leaves the case as it was and is kept as a ``StepRefusal``. Decisions lock the case (``core.locks.lock``) and
read it again: the same step sent twice at once is recorded once, the loser is told what the winner did.
Vote figures are never typed: they come from the ballot's tally (``ballots.selectors.tally``).
"""

import datetime as dt
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from zugong.appointments import holds, ranking, workdays
from zugong.appointments import policies as P
from zugong.appointments.models import (
    CaseCandidate,
    CaseStep,
    KeyPost,
    Notice,
    Opinion,
    ProbationReview,
    SelectionCase,
    StepRefusal,
)
from zugong.appointments.models import Hold as StoredHold
from zugong.appointments.procedure import (
    PER_CANDIDATE,
    Attempt,
    History,
    VoteFigures,
    chinese_date,
    label,
    next_kinds,
    stored_refusal,
)
from zugong.cadres import services as cadre_services
from zugong.cadres.models import Cadre, Position, ReserveEntry, Tenure
from zugong.cadres.qualification import check_promotion
from zugong.core.access import DomainError, holds_at_root, path_in_scope
from zugong.core.audit import record_event, snapshot
from zugong.core.dates import add_months
from zugong.core.locks import lock
from zugong.core.models import AuditEvent
from zugong.core.policy import policy_values
from zugong.core.submissions import constraint_message

K = CaseStep.Kind
MANAGE, DECIDE = "appointments.manage", "appointments.decide"
OPINION_SOURCES = list(Opinion.Source)

constraint_message("selstep_once_per_case", "该步骤已经登记（可能是他人刚刚登记），未作更改，请刷新页面查看")
constraint_message("selstep_once_per_candidate", "该人选的这一步骤已经登记（可能是他人刚刚登记），未作更改，请刷新页面查看")
constraint_message("selcandidate_once_per_case", "该干部已是本事项的人选（可能是他人刚刚提名），未作更改")
constraint_message("selnotice_once_per_case", "本事项的这类预告或公示已经发布，未作更改")


def rule_values() -> dict:
    return {**policy_values("appointments."), **policy_values("ballots.decision_")}


def _require(actor, case_or_unit) -> None:
    path = case_or_unit.org_path if isinstance(case_or_unit, SelectionCase) else case_or_unit.path
    if not path_in_scope(actor, MANAGE, path):
        raise DomainError("您无权在该单位范围内办理选拔任用", field="unit")


def _user(actor):
    return actor if actor is not None and actor.is_authenticated else None


def _lock_open(case: SelectionCase, *, allow_probation: bool = False) -> None:
    lock(case)
    allowed = [SelectionCase.Status.OPEN] + ([SelectionCase.Status.PROBATION] if allow_probation else [])
    if case.status not in allowed:
        raise DomainError(f"该事项{case.get_status_display()}，不能再办理")


def history_of(case: SelectionCase) -> History:
    return History.of(case, holds.holds_on(case))


def is_key(position: Position) -> bool:
    return KeyPost.objects.filter(position=position).exists()


# --- The case and its candidates ------------------------------------------------------------------------------

def open_case(actor, *, title: str, kind: str, unit, positions: list[Position], motion_on: dt.date,
              handled_by: str = "", note: str = "", elected_posts: bool = False, document=None) -> SelectionCase:
    """动议: the posts to fill and the plan approved by the 部务会 (uploaded) — step 1 of every case."""
    _require(actor, unit)
    title = title.strip()
    if not title:
        raise DomainError("请填写事项名称", field="title")
    if not positions:
        raise DomainError("请选择至少一个拟任职位", field="positions")
    for position in positions:
        if position.closed_on is not None:
            raise DomainError(f"职位「{position}」已撤销", field="positions")
        if not position.organization.path.startswith(unit.path):
            raise DomainError(f"职位「{position}」不在「{unit}」范围内", field="positions")
    attempt = Attempt(K.MOTION, motion_on, inputs=True, has_document=bool(document))
    found = stored_refusal(attempt, History(kind, elected_posts), rule_values(), timezone.localdate())
    if found:
        raise DomainError(found, field="document" if "上传" in found else "motion_on")
    with transaction.atomic():
        case = SelectionCase.objects.create(title=title, kind=kind, unit=unit, elected_posts=elected_posts,
                                            created_by=_user(actor), last_step_on=motion_on)
        case.positions.set(positions)
        step = CaseStep.objects.create(case=case, kind=K.MOTION, done_on=motion_on, handled_by=handled_by.strip(),
                                       note=note.strip(), document=document, recorded_by=_user(actor))
        record_event(actor, AuditEvent.Action.CREATE, case, message=f"动议：{title}")
        _audit_step(actor, step)
    return case


def qualification_of(cadre: Cadre, position: Position, on: dt.date) -> list[dict]:
    return [result.as_dict() for result in check_promotion(cadre, position.rank, on)]


def name_candidate(actor, case: SelectionCase, cadre: Cadre, position: Position, named_on: dt.date) -> CaseCandidate:
    """Name a cadre for a post of the case: the qualification rules are checked and kept; a failed rule bars
    the cadre unless the case records the 破格 approval."""
    _require(actor, case)
    if not path_in_scope(actor, "cadres.view", cadre.org_path):
        raise DomainError("该干部不在您的管理范围内", field="cadre")
    if named_on > timezone.localdate():
        raise DomainError("提名日期不能晚于今天", field="named_on")
    with transaction.atomic():
        _lock_open(case)
        if not case.positions.filter(pk=position.pk).exists():
            raise DomainError(f"「{position}」不是本事项的拟任职位", field="position")
        if case.kind == SelectionCase.Kind.OPEN:
            raise DomainError("公开选拔、竞争上岗的人选来自报名：考察对象按综合成绩排名确定，不单独提名", field="cadre")
        if history_of(case).is_done(K.CANDIDATES_CHOSEN):
            raise DomainError("考察对象已经确定，不能再提名人选", field="cadre")
        if case.candidates.filter(cadre=cadre).exists():
            raise DomainError(f"{cadre.name}已是本事项的人选", field="cadre")
        results = qualification_of(cadre, position, named_on)
        failed = [r for r in results if not r["passed"] and r["blocking"]]
        if failed and not case.has_exceptional_approval:
            shown = "；".join(f"{r['rule']}：{r['detail']}（{r['source']}）" for r in failed)
            raise DomainError(f"{cadre.name}不符合任职资格：{shown}。如确需破格提拔，请先登记破格提拔的批准", field="cadre")
        in_reserve = ReserveEntry.objects.filter(cadre=cadre, status="admitted").exists()
        candidate = CaseCandidate.objects.create(case=case, cadre=cadre, name=cadre.name, position=position,
                                                 named_on=named_on,
                                                 qualification=results, in_reserve=in_reserve)
        checked = "；".join(f"{r['rule']}{'符合' if r['passed'] else '不符合'}（{r['detail']}）" for r in results)
        record_event(actor, AuditEvent.Action.CREATE, candidate, subject=case,
                     changes={"干部": [None, cadre.name], "拟任职位": [None, str(position)],
                              "资格审查": [None, checked or "无适用规则"], "在后备干部库": [None, "是" if in_reserve else "否"]},
                     message=f"提名{cadre.name}为「{position}」人选" + ("（破格）" if failed else ""))
    return candidate


def record_exceptional_approval(actor, case: SelectionCase, *, approved_on: dt.date, document: str,
                                reason: str) -> SelectionCase:
    """破格提拔: the approval (date, document number, reason) that lets a candidate who fails a rule go on."""
    _require(actor, case)
    if not document.strip() or not reason.strip():
        raise DomainError("请填写破格提拔的批准文号和理由", field="exceptional_document")
    if approved_on > timezone.localdate():
        raise DomainError("批准日期不能晚于今天", field="approved_on")
    with transaction.atomic():
        _lock_open(case)
        before = snapshot(case)
        case.exceptional_approved_on, case.exceptional_document = approved_on, document.strip()
        case.exceptional_reason = reason.strip()
        case.save()
        record_event(actor, AuditEvent.Action.UPDATE, case, before=before, message="登记破格提拔批准")
    return case


def drop_candidate(actor, candidate: CaseCandidate, reason: str) -> CaseCandidate:
    """A candidate who does not go on (not recommended, a failed vote, withdrawn), with the reason."""
    case = candidate.case
    _require(actor, case)
    if not reason.strip():
        raise DomainError("请填写原因", field="reason")
    with transaction.atomic():
        _lock_open(case)
        lock(candidate)
        if candidate.dropped_reason:
            raise DomainError(f"{candidate.name}已不再作为人选，未作更改")
        if candidate.appointed:
            raise DomainError(f"{candidate.name}已任职，不能再取消")
        candidate.dropped_reason, candidate.chosen = reason.strip(), False
        candidate.save(update_fields=["dropped_reason", "chosen"])
        record_event(actor, AuditEvent.Action.UPDATE, candidate, subject=case,
                     message=f"{candidate.name}不再作为人选：{reason.strip()}")
    return candidate


def stop_case(actor, case: SelectionCase, reason: str) -> SelectionCase:
    _require(actor, case)
    if not reason.strip():
        raise DomainError("请填写终止原因", field="reason")
    with transaction.atomic():
        _lock_open(case)
        before = snapshot(case)
        case.status, case.stopped_reason = SelectionCase.Status.STOPPED, reason.strip()
        case.save()
        record_event(actor, AuditEvent.Action.UPDATE, case, before=before, message=f"终止：{reason.strip()}")
    return case


# --- Steps --------------------------------------------------------------------------------------------------------

def _tally_of(ballot):
    from zugong.ballots.selectors import tally  # noqa: PLC0415 (only the vote steps read ballots)
    from zugong.ballots.services import verify_seal  # noqa: PLC0415

    if ballot.status != ballot.Status.CLOSED:
        raise DomainError(f"表决票「{ballot.title}」尚未结束计票，不能据以登记", field="ballot")
    if not verify_seal(ballot):
        raise DomainError(f"表决票「{ballot.title}」的计票封存码核对不符（选票在结束计票后被改动），不能据以登记",
                          field="ballot")
    return tally(ballot)


def _figures(ballot, cadre_id: int | None = None) -> tuple[VoteFigures, dict]:
    result = _tally_of(ballot)
    rows = [r for r in result.rows if cadre_id is None or (r.candidate and r.candidate.cadre_id == cadre_id)]
    if cadre_id is not None and not rows:
        raise DomainError("该表决票上没有这名人选", field="ballot")
    yes = rows[0].yes if rows else 0
    figures = {"ballot": ballot.pk, "entitled": result.entitled, "present": result.present, "valid": result.valid,
               "invalid": result.invalid, "rule": result.rule_text, "seal": ballot.seal,
               "rows": [{"name": r.name, "cadre": r.candidate.cadre_id if r.candidate else None, "yes": r.yes,
                         "no": r.no, "abstain": r.abstain} for r in result.rows]}
    return VoteFigures(result.entitled, result.present, yes, result.valid), figures


def _shares(figures: dict, candidates: list[CaseCandidate]) -> dict[int, Decimal]:
    present = figures.get("present") or 0
    by_cadre = {row["cadre"]: row["yes"] for row in figures.get("rows", []) if row["cadre"]}
    return {c.pk: (Decimal(by_cadre[c.cadre_id]) * 100 / present).quantize(Decimal("0.01"))
            for c in candidates if c.cadre_id in by_cadre and present}


def _check_decider(actor, kind: str) -> None:
    if kind == K.DECISION and not (holds_at_root(actor, DECIDE)):
        raise DomainError("讨论决定须由具有全县范围“常委会、全委会讨论决定”权限的人员登记", field="ballot")


def record_step(actor, case: SelectionCase, kind: str, done_on: dt.date, *, candidate: CaseCandidate | None = None,
                handled_by: str = "", number: str = "", note: str = "", talks: int | None = None, document=None,
                ballot=None, recommended: list[CaseCandidate] | None = None,
                chosen: list[CaseCandidate] | None = None, result: str = "", notice_text: str = "",
                phone: str = "") -> CaseStep:
    """Take ``kind`` on ``done_on``; refused (and the attempt kept) when ``procedure.refusal`` says so."""
    _require(actor, case)
    _check_decider(actor, kind)
    if kind in (K.DECISION, K.APPOINTMENT) and candidate is not None and candidate.cadre_id is None:
        raise DomainError(f"{candidate.name}是从本县干部名册以外报名的人选，「{label(kind)}」须依据干部名册办理："
                          f"请先将其录入干部名册", field="candidate")
    values, today = rule_values(), timezone.localdate()
    with transaction.atomic():
        _lock_open(case, allow_probation=kind == K.REVIEW)
        history = history_of(case)
        live = list(case.candidates.filter(dropped_reason="").select_related("cadre", "position"))
        attempt = Attempt(kind, done_on, candidate.pk if candidate else None, inputs=True,
                          has_document=bool(document), talks=talks, names={c.pk: c.name for c in live},
                          recommended={c.pk for c in live if c.recommended},
                          shares={c.pk: c.vote_share for c in live if c.vote_share is not None},
                          chosen=[c.pk for c in (chosen or [])])
        if kind == K.CANDIDATES_CHOSEN and case.kind == SelectionCase.Kind.OPEN:
            attempt.standings = ranking.standings_of(case)
        figures: dict = {}
        if kind in (K.MEETING_RECOMMENDATION, K.DECISION) and ballot is not None:
            vote, figures = _figures(ballot, candidate.cadre_id if kind == K.DECISION and candidate else None)
            attempt.vote = vote
        if kind == K.DECISION and candidate is not None:
            attempt.key_post = is_key(candidate.position)
        if kind == K.DELIBERATION:
            received = set(case.opinions.values_list("source", flat=True))
            attempt.opinions_missing = [str(s.label) for s in OPINION_SOURCES if s not in received]
        if kind == K.REVIEW and result not in ProbationReview.Result.values:
            raise DomainError("请选择考核结论：正式任职或免去试任职务", field="result")
        if kind == K.PUBLIC_NOTICE and (not notice_text.strip() or not phone.strip()):
            raise DomainError("任前公示须有公示内容和受理电话", field="notice_text")
        found = stored_refusal(attempt, history, values, today)
        if not found:
            step = _take(actor, case, kind, done_on, values, candidate=candidate, handled_by=handled_by,
                         number=number, note=note, talks=talks, document=document, figures=figures, live=live,
                         recommended=recommended or [], chosen=chosen or [], result=result,
                         notice=(notice_text.strip(), phone.strip()))
            return step
    StepRefusal.objects.create(case=case, kind=kind, attempted_for=done_on, message=found[:500],
                               attempted_by=_user(actor))
    field = "ballot" if kind in (K.DECISION, K.MEETING_RECOMMENDATION) else "done_on"
    if "上传" in found:
        field = "document"
    elif "谈话人数" in found:
        field = "talks"
    raise DomainError(found, field=field)


def _take(actor, case, kind, done_on, values, *, candidate, handled_by, number, note, talks, document, figures, live,
          recommended, chosen, result, notice) -> CaseStep:
    meeting = ""
    if kind == K.DECISION and candidate is not None:
        meeting = "全委会票决" if is_key(candidate.position) else "常委会讨论决定"
    step = CaseStep.objects.create(
        case=case, kind=kind, candidate=candidate if kind in PER_CANDIDATE else None, done_on=done_on,
        handled_by=handled_by.strip(), number=number.strip() or meeting, note=note.strip(), talks=talks,
        ballot_id=figures.get("ballot"), figures=figures, result=result, recorded_by=_user(actor),
        rules=_rules_applied(kind, values),
        **({"document": document} if document else {}))
    if kind == K.TALK_RECOMMENDATION:
        CaseCandidate.objects.filter(pk__in=[c.pk for c in recommended], case=case).update(recommended=True)
    if kind == K.MEETING_RECOMMENDATION:
        for pk, share in _shares(figures, live).items():
            CaseCandidate.objects.filter(pk=pk).update(recommended=True, vote_share=share)
    if kind == K.CANDIDATES_CHOSEN and case.kind == SelectionCase.Kind.OPEN:
        _carry_ranked(actor, case, done_on)
    elif kind == K.CANDIDATES_CHOSEN:
        CaseCandidate.objects.filter(pk__in=[c.pk for c in chosen], case=case).update(chosen=True)
    if kind == K.DECISION and candidate is not None:
        CaseCandidate.objects.filter(pk=candidate.pk).update(decided=True)
    if kind == K.PUBLIC_NOTICE:
        _publish(case, Notice.Kind.PRE_APPOINTMENT, done_on, values, text=notice[0], phone=notice[1])
    if kind == K.APPOINTMENT and candidate is not None:
        _appoint(actor, case, candidate, done_on, number.strip(), values)
    if kind == K.REVIEW and candidate is not None:
        _review(actor, candidate, done_on, result, note.strip())
    _follow(case, done_on)
    _audit_step(actor, step)
    return step


def _carry_ranked(actor, case: SelectionCase, day: dt.date) -> None:
    """公开选拔: the top of each post's ranking become the 考察对象 (a registration from outside without a cadre)."""
    per_post = case.competition.per_post
    for _post, ranked in ranking.post_rankings(case):
        for row in ranked:
            registration = row.registration
            if row.rank is None or row.rank > per_post or registration.candidate_id is not None:
                continue
            candidate = CaseCandidate.objects.create(
                case=case, cadre=registration.cadre, name=registration.name, position=registration.position,
                named_on=day, chosen=True, qualification=registration.qualification,
                in_reserve=registration.cadre_id is not None and ReserveEntry.objects.filter(
                    cadre_id=registration.cadre_id, status="admitted").exists())
            registration.candidate = candidate
            registration.save(update_fields=["candidate"])
            record_event(actor, AuditEvent.Action.CREATE, candidate, subject=case,
                         changes={"综合成绩": [None, str(row.total)], "名次": [None, row.rank]},
                         message=f"{registration.name}综合成绩{row.total}，第{row.rank}名，确定为「{registration.position}」考察对象")


def _rules_applied(kind: str, values: dict) -> dict:
    keys: list = {K.CANDIDATES_CHOSEN: [P.VOTE_SHARE_PERCENT, P.RECOMMENDATION_VALID_MONTHS],
            K.DECISION: [P.QUORUM_NUMERATOR, P.QUORUM_DENOMINATOR, P.APPROVAL_NUMERATOR, P.APPROVAL_DENOMINATOR],
            K.PUBLIC_NOTICE: [P.NOTICE_WORKING_DAYS], K.APPOINTMENT: [P.PROBATION_MONTHS]}.get(K(kind), [])
    return {policy.key: int(values[policy.key]) for policy in keys}


def _appoint(actor, case, candidate: CaseCandidate, day: dt.date, document: str, values: dict) -> None:
    """The tenure through the cadre services, ending the cadre's other current posts the day before."""
    cadre = candidate.cadre
    if cadre is None:  # the procedure refuses it first; a tenure needs a cadre of the register
        raise DomainError(f"{candidate.name}尚未登记入干部库，不能办理任职", field="candidate")
    for tenure in Tenure.objects.filter(cadre=cadre, ended_on__isnull=True).exclude(position=candidate.position):
        cadre_services.end_tenure(actor, tenure, max(day - dt.timedelta(days=1), tenure.started_on), document)
    tenure = cadre_services.appoint(actor, cadre, candidate.position, day, document)
    CaseCandidate.objects.filter(pk=candidate.pk).update(appointed=True, tenure=tenure)
    if case.kind != SelectionCase.Kind.EXCHANGE and not case.elected_posts:
        ProbationReview.objects.create(candidate=candidate, started_on=day,
                                       ends_on=add_months(day, int(values[P.PROBATION_MONTHS.key])))


def _review(actor, candidate: CaseCandidate, day: dt.date, result: str, note: str) -> None:
    review = ProbationReview.objects.select_for_update().get(candidate=candidate)
    review.reviewed_on, review.result, review.note = day, result, note
    review.save()
    if result == ProbationReview.Result.REMOVED and candidate.tenure_id:
        cadre_services.end_tenure(actor, Tenure.objects.get(pk=candidate.tenure_id), day, "试用期满考核不胜任")


def _follow(case: SelectionCase, day: dt.date) -> None:
    """The case's stage, status and last activity after a step."""
    history = history_of(case)
    pending = next_kinds(history)
    case.stage = pending[0] if pending else ""
    case.last_step_on = max(day, case.last_step_on or day)
    if not pending:
        case.status = SelectionCase.Status.COMPLETED
    elif pending == [K.REVIEW]:
        case.status = SelectionCase.Status.PROBATION
    case.save(update_fields=["stage", "last_step_on", "status"])


def _audit_step(actor, step: CaseStep) -> None:
    who = f"（{step.candidate.name}）" if step.candidate is not None else ""
    shown = {"步骤": label(step.kind), "办理日期": str(step.done_on), "经办人": step.handled_by, "文号": step.number,
             "情况说明": step.note, "材料": step.document.name if step.document else ""}
    record_event(actor, AuditEvent.Action.CREATE, step, subject=step.case,
                 changes={name: [None, value] for name, value in shown.items() if value},
                 message=f"{label(step.kind)}{who}（{chinese_date(step.done_on)}）")


# --- Notices, opinions, holds ---------------------------------------------------------------------------------

def _publish(case, kind: str, publish_on: dt.date, values: dict, *, text: str, phone: str,
             inspectors: str = "") -> Notice:
    period = workdays.count_from(publish_on, int(values[P.NOTICE_WORKING_DAYS.key]))
    try:
        with transaction.atomic():
            return Notice.objects.create(case=case, kind=kind, text=text, phone=phone, inspectors=inspectors,
                                         publish_on=publish_on, ends_on=period.end, calendar_note=period.note)
    except IntegrityError:
        raise DomainError(f"本事项的{Notice.Kind(kind).label}已经发布，未作更改") from None


def publish_inspection_notice(actor, case: SelectionCase, *, text: str, inspectors: str, phone: str,
                              publish_on: dt.date) -> Notice:
    """考察预告: candidate, unit, post, the inspectors and a phone; published before the inspection."""
    _require(actor, case)
    if not text.strip() or not inspectors.strip() or not phone.strip():
        raise DomainError("考察预告须写明考察对象、考察组成员和举报电话", field="text")
    if publish_on > timezone.localdate():
        raise DomainError("发布日期不能晚于今天", field="publish_on")
    with transaction.atomic():
        _lock_open(case)
        history = history_of(case)
        if not history.is_done(K.CANDIDATES_CHOSEN):
            raise DomainError("确定考察对象后才能发布考察预告", field="publish_on")
        if publish_on < history.done[K.CANDIDATES_CHOSEN]:
            raise DomainError(f"考察预告不能早于确定考察对象的日期（{chinese_date(history.done[K.CANDIDATES_CHOSEN])}）",
                              field="publish_on")
        notice = _publish(case, Notice.Kind.INSPECTION, publish_on, rule_values(), text=text.strip(),
                          phone=phone.strip(), inspectors=inspectors.strip())
        record_event(actor, AuditEvent.Action.CREATE, notice, subject=case, message="发布考察预告")
    return notice


def withdraw_notice(actor, notice: Notice, withdraw_on: dt.date) -> Notice:
    _require(actor, notice.case)
    with transaction.atomic():
        lock(notice)
        if notice.withdraw_on is not None:
            raise DomainError(f"该{notice.get_kind_display()}已于{notice.withdraw_on:%Y-%m-%d}撤下，未作更改")
        if withdraw_on < notice.publish_on:
            raise DomainError("撤下日期不能早于发布日期", field="withdraw_on")
        notice.withdraw_on = withdraw_on
        notice.save(update_fields=["withdraw_on"])
        record_event(actor, AuditEvent.Action.UPDATE, notice, subject=notice.case,
                     message=f"撤下{notice.get_kind_display()}")
    return notice


def record_opinion(actor, case: SelectionCase, *, source: str, received_on: dt.date, favourable: bool,
                   content: str = "", candidate: CaseCandidate | None = None) -> Opinion:
    """An opinion received in the 酝酿; an unfavourable one holds the case until it is resolved."""
    _require(actor, case)
    if received_on > timezone.localdate():
        raise DomainError("回复日期不能晚于今天", field="received_on")
    if not favourable and not content.strip():
        raise DomainError("反映问题的，请填写意见内容", field="content")
    with transaction.atomic():
        _lock_open(case)
        opinion = Opinion.objects.create(case=case, source=source, received_on=received_on, favourable=favourable,
                                         content=content.strip(), candidate=candidate, recorded_by=_user(actor))
        record_event(actor, AuditEvent.Action.CREATE, opinion, subject=case,
                     message=f"{opinion.get_source_display()}意见：{'无不良反映' if favourable else content.strip()}")
    return opinion


def resolve_opinion(actor, opinion: Opinion, *, resolved_on: dt.date, resolution: str) -> Opinion:
    _require(actor, opinion.case)
    if not resolution.strip():
        raise DomainError("请填写查核结论", field="resolution")
    with transaction.atomic():
        lock(opinion)
        if opinion.resolved_on is not None or opinion.favourable:
            raise DomainError("该意见无需查核或已经查清，未作更改")
        if resolved_on < opinion.received_on or resolved_on > timezone.localdate():
            raise DomainError("查清日期应在回复日期和今天之间", field="resolved_on")
        opinion.resolved_on, opinion.resolution = resolved_on, resolution.strip()
        opinion.save(update_fields=["resolved_on", "resolution"])
        record_event(actor, AuditEvent.Action.UPDATE, opinion, subject=opinion.case, message="反映问题已查清")
    return opinion


def place_hold(actor, case: SelectionCase, *, reason: str, placed_on: dt.date,
               candidate: CaseCandidate | None = None) -> StoredHold:
    _require(actor, case)
    if not reason.strip():
        raise DomainError("请填写暂缓原因", field="reason")
    if placed_on > timezone.localdate():
        raise DomainError("暂缓日期不能晚于今天", field="placed_on")
    with transaction.atomic():
        _lock_open(case)
        hold = StoredHold.objects.create(case=case, candidate=candidate, reason=reason.strip(), placed_on=placed_on,
                                         placed_by=_user(actor))
        record_event(actor, AuditEvent.Action.CREATE, hold, subject=case, message=f"暂缓：{reason.strip()}")
    return hold


def lift_hold(actor, hold: StoredHold, *, lifted_on: dt.date, reason: str) -> StoredHold:
    _require(actor, hold.case)
    if not reason.strip():
        raise DomainError("请填写解除理由", field="reason")
    with transaction.atomic():
        lock(hold)
        if hold.lifted_on is not None:
            raise DomainError(f"该暂缓已于{hold.lifted_on:%Y-%m-%d}解除，未作更改")
        if lifted_on < hold.placed_on or lifted_on > timezone.localdate():
            raise DomainError("解除日期应在暂缓日期和今天之间", field="lifted_on")
        hold.lifted_on, hold.lift_reason = lifted_on, reason.strip()
        hold.save(update_fields=["lifted_on", "lift_reason"])
        record_event(actor, AuditEvent.Action.UPDATE, hold, subject=hold.case, message=f"解除暂缓：{reason.strip()}")
    return hold


def add_key_post(actor, position: Position, note: str = "") -> KeyPost:
    """A post the department decides by the 全委会票决 from now on (the list is the department's, county-wide)."""
    if not holds_at_root(actor, MANAGE):
        raise DomainError("重要职位名单由全县范围的组织部管理员维护", field="position")
    if KeyPost.objects.filter(position=position).exists():
        raise DomainError(f"「{position}」已在重要职位名单中", field="position")
    with transaction.atomic():
        key = KeyPost.objects.create(position=position, note=note.strip())
        record_event(actor, AuditEvent.Action.CREATE, key, message=f"列入重要职位（全委会票决）：{position}")
    return key


def remove_key_post(actor, key: KeyPost) -> None:
    if not holds_at_root(actor, MANAGE):
        raise DomainError("重要职位名单由全县范围的组织部管理员维护")
    with transaction.atomic():
        record_event(actor, AuditEvent.Action.DELETE, key, before=snapshot(key), message=f"移出重要职位：{key.position}")
        key.delete()
