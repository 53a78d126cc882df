"""Use cases of 公开选拔、竞争上岗 (D2) on an OPEN case: the announcement (公告, a ``Notice`` the portal lists),
registrations (报名: a cadre of the register or a person from outside), the 资格审查 decision, the interview panel
(大评委) and its scores, the exam scores (typed for a whole list at once, or imported from an .xlsx: checked, then
all rows or none) and the ranking's export. 确定考察对象 itself is a step of the procedure (``services.record_step``
→ ``procedure._ranking_refusal``): the top of each post's ranking, 差额.

Every change locks the case (``core.locks.lock``) and reads it again; a loser is told in Chinese what is already
there. Scores and decisions are refused once the 考察对象 are chosen.
"""

import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from zugong.appointments import policies as P
from zugong.appointments import ranking
from zugong.appointments.models import (
    CaseStep,
    Competition,
    Notice,
    PanelMember,
    PanelScore,
    Registration,
    SelectionCase,
)
from zugong.appointments.procedure import chinese_date
from zugong.appointments.services import (
    _lock_open,
    _require,
    history_of,
    qualification_of,
    rule_values,
)
from zugong.cadres.models import Cadre, Position
from zugong.core import bounds
from zugong.core.access import DomainError, path_in_scope
from zugong.core.audit import record_event, snapshot
from zugong.core.downloads import new_workbook, write_cell, write_cells
from zugong.core.locks import lock
from zugong.core.models import AuditEvent
from zugong.core.submissions import constraint_message
from zugong.core.workbooks import open_sheet, shown

K = CaseStep.Kind
REVIEW = Registration.Review
SCORE_MAX = Decimal(100)
COLUMNS = ["名次", "报名序号", "姓名", "工作单位", "现任职务", "报考职位", "笔试成绩", "面试成绩", "综合成绩"]
IMPORTED = ("报名序号", "姓名", "笔试成绩", "面试成绩")  # what the import reads; the rest of the export is ignored

constraint_message("selreg_cadre_once_per_case", "该干部已经报名（可能是他人刚刚登记），未作更改")
constraint_message("selpanel_score_once", "该评委对这名报名人的评分已经登记，未作更改")


def competition_of(case: SelectionCase) -> Competition | None:
    return Competition.objects.filter(case=case).select_related("notice").first()


def _open_competition(case: SelectionCase) -> Competition:
    """Inside the transaction: the case locked and open, its competition, and the 考察对象 not chosen yet."""
    _lock_open(case)
    competition = competition_of(case)
    if competition is None:
        raise DomainError("请先发布公开选拔公告")
    if history_of(case).is_done(K.CANDIDATES_CHOSEN):
        raise DomainError("考察对象已经确定，报名、资格审查和成绩不能再更改")
    return competition


# --- The announcement ---------------------------------------------------------------------------------------------

def announce(actor, case: SelectionCase, *, text: str, qualifications: str, phone: str, publish_on: dt.date,
             registration_starts_on: dt.date, registration_ends_on: dt.date, per_post: int | None = None,
             written_weight: Decimal | None = None, interview_weight: Decimal | None = None) -> Competition:
    """公告: the posts (the case's), the qualifications, the registration window, the 差额 and the weights."""
    _require(actor, case)
    values = rule_values()
    per_post = int(values[P.OPEN_INSPECTION_RATIO.key]) if per_post is None else per_post
    written_weight = Decimal(values[P.WRITTEN_WEIGHT_PERCENT.key]) if written_weight is None else written_weight
    interview_weight = Decimal(values[P.INTERVIEW_WEIGHT_PERCENT.key]) if interview_weight is None else interview_weight
    if case.kind != SelectionCase.Kind.OPEN:
        raise DomainError(f"只有「{SelectionCase.Kind.OPEN.label}」类事项发布公开选拔公告")
    if not text.strip() or not qualifications.strip() or not phone.strip():
        raise DomainError("公告须写明正文、报名资格条件和咨询电话", field="text")
    if publish_on > timezone.localdate():
        raise DomainError("发布日期不能晚于今天", field="publish_on")
    if registration_starts_on < publish_on:
        raise DomainError(f"报名开始日期不能早于公告发布日期（{chinese_date(publish_on)}）", field="registration_starts_on")
    if registration_ends_on < registration_starts_on:
        raise DomainError("报名截止日期不能早于报名开始日期", field="registration_ends_on")
    low, high = P.OPEN_INSPECTION_RATIO.minimum, P.OPEN_INSPECTION_RATIO.maximum
    if not low <= per_post <= high:
        raise DomainError(f"每个职位的考察对象人数须在{low}至{high}人之间（差额考察，{P.OPEN_INSPECTION_RATIO.source}）",
                          field="per_post")
    refused = ranking.weights_refusal(written_weight, interview_weight)
    if refused:
        raise DomainError(refused, field="written_weight")
    with transaction.atomic():
        _lock_open(case)
        if competition_of(case) is not None:
            raise DomainError("本事项的公开选拔公告已经发布，未作更改")
        motion = history_of(case).done.get(K.MOTION)
        if motion is not None and publish_on < motion:
            raise DomainError(f"公告不能早于动议日期（{chinese_date(motion)}）", field="publish_on")
        notice = Notice.objects.create(case=case, kind=Notice.Kind.ANNOUNCEMENT, text=text.strip(), phone=phone.strip(),
                                       publish_on=publish_on, ends_on=registration_ends_on)
        competition = Competition.objects.create(
            case=case, notice=notice, registration_starts_on=registration_starts_on,
            registration_ends_on=registration_ends_on, qualifications=qualifications.strip(), per_post=per_post,
            written_weight=written_weight, interview_weight=interview_weight,
            trim_from=int(values[P.PANEL_TRIM_JUDGES.key]))
        record_event(actor, AuditEvent.Action.CREATE, competition, subject=case,
                     changes={"报名时间": [None, f"{registration_starts_on}至{registration_ends_on}"],
                              "每个职位考察对象": [None, per_post],
                              "权重": [None, f"笔试{written_weight}%、面试{interview_weight}%"]},
                     message="发布公开选拔公告")
    return competition


# --- Registrations and 资格审查 --------------------------------------------------------------------------------------

def _window_refusal(competition: Competition, day: dt.date) -> str | None:
    if competition.notice.withdraw_on is not None and competition.notice.withdraw_on <= day:
        return f"公开选拔公告已于{chinese_date(competition.notice.withdraw_on)}撤下，不再接受报名"
    start, end = competition.registration_starts_on, competition.registration_ends_on
    if day < start:
        return f"报名时间为{chinese_date(start)}至{chinese_date(end)}，{chinese_date(day)}尚未开始报名，最早可于{chinese_date(start)}报名"
    if day > end:
        return f"报名时间为{chinese_date(start)}至{chinese_date(end)}，报名已于{chinese_date(end)}截止"
    return None


def register(actor, case: SelectionCase, *, position: Position, registered_on: dt.date, cadre: Cadre | None = None,
             name: str = "", unit: str = "", post: str = "", birth: dt.date | None = None,
             education: str = "") -> Registration:
    """报名: a cadre of the register (checked against the promotion rules, kept) or a person typed in."""
    _require(actor, case)
    if registered_on > timezone.localdate():
        raise DomainError("报名日期不能晚于今天", field="registered_on")
    if cadre is not None and not path_in_scope(actor, "cadres.view", cadre.org_path):
        raise DomainError("该干部不在您的管理范围内", field="cadre")
    if cadre is None and (not name.strip() or not unit.strip() or birth is None):
        raise DomainError("从干部名册以外报名的，请填写姓名、工作单位和出生年月", field="name")
    with transaction.atomic():
        competition = _open_competition(case)
        if not case.positions.filter(pk=position.pk).exists():
            raise DomainError(f"「{position}」不是本次公开选拔的职位", field="position")
        refused = _window_refusal(competition, registered_on)
        if refused:
            raise DomainError(refused, field="registered_on")
        if cadre is not None:
            if case.registrations.filter(cadre=cadre).exists():
                raise DomainError(f"{cadre.name}已经报名，未作更改", field="cadre")
            current = "、".join(t.position.title for t in cadre.tenures.filter(ended_on__isnull=True)
                               .select_related("position"))
            registration = Registration(
                case=case, position=position, cadre=cadre, name=cadre.name, unit=cadre.organization.name,
                post=current[: bounds.max_length_of(Registration, "post")], birth=cadre.birth,
                education=cadre.full_time_level or cadre.in_service_level, registered_on=registered_on,
                qualification=qualification_of(cadre, position, registered_on))
        else:
            if case.registrations.filter(cadre__isnull=True, name=name.strip(), birth=birth).exists():
                raise DomainError(f"{name.strip()}（出生年月{birth:%Y-%m}）已经报名，未作更改", field="name")
            registration = Registration(case=case, position=position, name=name.strip(), unit=unit.strip(),
                                        post=post.strip(), birth=birth, education=education.strip(),
                                        registered_on=registered_on)
        registration.save()
        record_event(actor, AuditEvent.Action.CREATE, registration, subject=case,
                     message=f"{registration.name}报名「{position.title}」" + ("" if cadre else "（干部名册以外）"))
    return registration


def review(actor, registration: Registration, *, passed: bool, reviewed_on: dt.date, reason: str = "") -> Registration:
    """资格审查: passed, or not passed with the reason; decided once (the second decision is refused)."""
    case = registration.case
    _require(actor, case)
    if not passed and not reason.strip():
        raise DomainError(f"{registration.name}资格审查未通过的，请填写原因", field="reason")
    if reviewed_on > timezone.localdate():
        raise DomainError("审查日期不能晚于今天", field="reviewed_on")
    with transaction.atomic():
        _open_competition(case)
        lock(registration)
        if registration.review != REVIEW.PENDING:
            raise DomainError(f"{registration.name}已于{chinese_date(registration.reviewed_on)}审查为"
                              f"「{registration.get_review_display()}」（可能是他人刚刚审查），未作更改")
        if reviewed_on < registration.registered_on:
            raise DomainError(f"审查日期不能早于报名日期（{chinese_date(registration.registered_on)}）", field="reviewed_on")
        failed = registration.failed_rules
        if passed and failed and not case.has_exceptional_approval:
            rules = "；".join(f"{r['rule']}：{r['detail']}（{r['source']}）" for r in failed)
            raise DomainError(f"{registration.name}不符合任职资格：{rules}。不能审查通过", field="passed")
        before = snapshot(registration)
        registration.review = REVIEW.PASSED if passed else REVIEW.FAILED
        registration.review_reason, registration.reviewed_on = ("" if passed else reason.strip()), reviewed_on
        registration.save(update_fields=["review", "review_reason", "reviewed_on"])
        record_event(actor, AuditEvent.Action.UPDATE, registration, subject=case, before=before,
                     message=f"{registration.name}资格审查" + ("通过" if passed else f"未通过：{reason.strip()}"))
    return registration


# --- Scores ---------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ScoreRow:
    """One row of a score list: the registration (by its 报名序号), and the scores (None: left as it is)."""

    registration_id: int
    written: Decimal | None
    interview: Decimal | None
    where: str = ""  # how a message names the row (第3行); else the registration's name
    name: str = ""  # the name the row says, checked against the registration's


def score_refusal(value) -> tuple[Decimal | None, str | None]:
    """A score as typed: a number 0–100 with at most two decimals, or empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None, f"应为数字，实为「{shown(value)}」"
    if not number.is_finite() or number < 0 or number > SCORE_MAX:
        return None, f"须在0至100之间，实为{shown(value)}"
    if number != number.quantize(ranking.CENT):
        return None, f"最多保留两位小数，实为{shown(value)}"
    return number.quantize(ranking.CENT), None


def _score_errors(case: SelectionCase, rows: list[ScoreRow], registrations: dict) -> tuple[list, list]:
    """(where, column, problem) for each bad row, and the rows to save with their registration."""
    errors, seen, changed = [], set(), []
    for row in rows:
        registration = registrations.get(row.registration_id)
        where = row.where or (registration.name if registration else f"报名序号{row.registration_id}")
        if registration is None:
            errors.append((where, "报名序号", f"报名序号{row.registration_id}不是本次公开选拔的报名"))
            continue
        if row.name and row.name != registration.name:
            errors.append((where, "姓名", f"报名序号{row.registration_id}是{registration.name}，不是{shown(row.name)}"))
            continue
        if row.registration_id in seen:
            errors.append((where, "报名序号", f"{registration.name}的成绩重复出现"))
            continue
        seen.add(row.registration_id)
        if row.written is None and row.interview is None:
            continue
        if registration.review != REVIEW.PASSED:
            errors.append((where, "报名序号", f"{registration.name}{registration.get_review_display()}，不能登记成绩"))
            continue
        changed.append((registration, row))
    return errors, changed


def _save_scores(actor, case: SelectionCase, rows: list[ScoreRow]) -> tuple[int, list]:
    """Inside a transaction: check every row; save all of them when none is bad. (saved, errors)"""
    _open_competition(case)
    registrations = {r.pk: r for r in case.registrations.select_for_update(no_key=True).order_by("pk")}
    errors, changed = _score_errors(case, rows, registrations)
    if errors:
        return 0, errors
    for registration, row in changed:
        before = snapshot(registration)
        if row.written is not None:
            registration.written = row.written
        if row.interview is not None:
            registration.interview = row.interview
        registration.save(update_fields=["written", "interview"])
        record_event(actor, AuditEvent.Action.UPDATE, registration, subject=case, before=before,
                     message=f"登记{registration.name}的成绩")
    return len(changed), []


def record_scores(actor, case: SelectionCase, rows: list[ScoreRow]) -> int:
    """The scores of a whole list: every row is checked, and all are saved or none (each bad row named)."""
    _require(actor, case)
    if len(rows) > bounds.COUNT_MAX:
        raise DomainError("成绩行数过多", field="rows")
    with transaction.atomic():
        saved, errors = _save_scores(actor, case, rows)
    if errors:
        raise DomainError("成绩未保存（全部行均未保存），请改正后重新提交："
                          + "；".join(f"{where}：{problem}" for where, _column, problem in errors), field="rows")
    return saved


@dataclass
class ScoreImport:
    """What a score workbook's check or import found: the rows, every (row, column, problem), whether applied."""

    rows: int = 0
    errors: list[tuple[str, str, str]] = field(default_factory=list)
    applied: bool = False


def read_scores(source) -> tuple[list[ScoreRow], list[tuple[str, str, str]]]:
    """The rows of an uploaded score workbook (the ranking export's columns), and every bad cell by row and column."""
    rows, errors = [], []
    with open_sheet(source) as sheet:
        header = [str(h or "").strip() for h in sheet.header]
        missing = [name for name in IMPORTED if name not in header]
        if missing:
            raise DomainError(f"第1行（表头）缺少列：{'、'.join(missing)}（请使用导出的排名表）", field="workbook")
        at = {name: header.index(name) for name in IMPORTED}
        for number, values in sheet.rows():
            cells = {name: (values[i] if i < len(values) else None) for name, i in at.items()}
            if all(v is None or str(v).strip() == "" for v in cells.values()):
                continue
            where = f"第{number}行"
            raw_id = cells["报名序号"]
            try:
                registration_id = int(str(raw_id).strip().removesuffix(".0"))
            except ValueError:
                errors.append((where, "报名序号", f"应为整数，实为「{shown(raw_id)}」"))
                continue
            if not 0 < registration_id <= bounds.ID_MAX:
                errors.append((where, "报名序号", "超出范围"))
                continue
            written, bad_written = score_refusal(cells["笔试成绩"])
            interview, bad_interview = score_refusal(cells["面试成绩"])
            bad = [(where, column, problem) for column, problem in (("笔试成绩", bad_written),
                                                                     ("面试成绩", bad_interview)) if problem]
            if bad:
                errors.extend(bad)
                continue
            rows.append(ScoreRow(registration_id, written, interview, where=where,
                                 name=str(cells["姓名"] or "").strip()[:50]))
    return rows, errors


def import_scores(actor, case: SelectionCase, source, *, apply: bool) -> ScoreImport:
    """Check the workbook (``apply`` False: nothing is written) or apply it: all rows, or none when any is bad."""
    _require(actor, case)
    rows, errors = read_scores(source)
    result = ScoreImport(rows=len(rows), errors=errors)
    if errors:
        return result
    with transaction.atomic():
        saved, result.errors = _save_scores(actor, case, rows)
        result.applied = apply and not result.errors
        if not result.applied:
            transaction.set_rollback(True)
    result.rows = saved or len(rows)
    return result


# --- The panel --------------------------------------------------------------------------------------------------------

def add_panel_member(actor, case: SelectionCase, *, name: str, kind: str, unit: str = "") -> PanelMember:
    _require(actor, case)
    if not name.strip():
        raise DomainError("请填写评委姓名", field="name")
    if kind not in PanelMember.Kind.values:
        raise DomainError("请选择评委类别", field="kind")
    with transaction.atomic():
        _open_competition(case)
        if case.panel.filter(name=name.strip(), unit=unit.strip()).exists():
            raise DomainError(f"{name.strip()}已是评委，未作更改", field="name")
        member = PanelMember.objects.create(case=case, name=name.strip(), kind=kind, unit=unit.strip())
        record_event(actor, AuditEvent.Action.CREATE, member, subject=case,
                     message=f"评委：{member.name}（{member.get_kind_display()}）")
    return member


def record_panel_scores(actor, registration: Registration, scores: dict[int, Decimal]) -> Registration:
    """Every judge's score of one registration; the interview score is computed from them (highest and lowest
    dropped from the policy's number of judges on)."""
    case = registration.case
    _require(actor, case)
    with transaction.atomic():
        competition = _open_competition(case)
        lock(registration)
        members = list(case.panel.order_by("pk"))
        if not members:
            raise DomainError("请先登记评委", field="scores")
        if registration.review != REVIEW.PASSED:
            raise DomainError(f"{registration.name}{registration.get_review_display()}，不能评分", field="scores")
        if registration.panel_scores.exists():
            raise DomainError(f"{registration.name}的评委评分已经登记（可能是他人刚刚登记），未作更改")
        missing = [m.name for m in members if scores.get(m.pk) is None]
        if missing:
            raise DomainError(f"评分未保存：评委{'、'.join(missing)}尚未评分（须全体评委评分）", field="scores")
        for member in members:
            PanelScore.objects.create(registration=registration, member=member, score=scores[member.pk])
        before = snapshot(registration)
        registration.interview = ranking.panel_score([scores[m.pk] for m in members], competition.trim_from)
        registration.save(update_fields=["interview"])
        trimmed = len(members) >= competition.trim_from
        record_event(actor, AuditEvent.Action.UPDATE, registration, subject=case, before=before,
                     message=f"{registration.name}面试成绩{registration.interview}（{len(members)}名评委"
                             + ("，去掉一个最高分和一个最低分" if trimmed else "") + "）")
    return registration


# --- The ranking's export -------------------------------------------------------------------------------------------

def ranking_workbook(case: SelectionCase) -> bytes:
    """The ranking, one sheet, in the columns the score import reads back."""
    buffer = io.BytesIO()
    book = new_workbook(buffer)
    sheet = book.add_worksheet("排名")
    bold = book.add_format({"bold": True})
    write_cells(sheet, 0, 0, COLUMNS, bold)
    line = 1
    for post, ranked in ranking.post_rankings(case):
        for row in ranked:
            r = row.registration
            write_cells(sheet, line, 0, [row.rank, r.pk, r.name, r.unit, r.post, post.title, r.written, r.interview,
                                         row.total])
            line += 1
    write_cell(sheet, line + 1, 0, f"综合成绩=笔试×{case.competition.written_weight}%+面试×"
                                   f"{case.competition.interview_weight}%（保留两位小数，四舍五入）；同分同名次")
    book.close()
    return buffer.getvalue()
