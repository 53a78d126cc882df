"""Use cases of the cadre record: save a 任免审批表 (typed or read from .lrmx), import files, edit the resume,
appoint to and remove from positions, record the annual assessment within the 优秀 quota.

Each refusal is a ``DomainError`` in Chinese; a refused change leaves the record as it was. Decisions two people
can take at once (并发) are taken on a locked row, read again after the lock: the cadre's for a post and the
numbering of lines, the tenure's for its end, the assessing unit's for the 优秀 quota. The second is told so.
"""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zugong.cadres.codes import Grade
from zugong.cadres.models import (
    AnnualAssessment,
    Cadre,
    ComponentScore,
    FamilyRelation,
    Position,
    ResumeEntry,
    RoutineAssessment,
    Tenure,
)
from zugong.cadres.policies import EXCELLENT_SHARE
from zugong.cadres.record import AppointmentForm, format_assessments
from zugong.cadres.selectors import current_post
from zugong.core.access import DomainError, path_in_scope
from zugong.core.audit import record_event, snapshot
from zugong.core.models import AuditEvent
from zugong.core.policy import policy_int
from zugong.core.submissions import constraint_message
from zugong.core.validators import parse_identity_number
from zugong.organizations.models import Organization

constraint_message("cadre_one_record_per_id_number", "该身份证号刚刚已登记为另一名干部，本次未保存；请刷新后查看")
constraint_message("position_title_per_org", "该单位已有同名职位，本次未保存")
constraint_message("tenure_ends_after_start", "免职时间不能早于任职时间")
constraint_message("resume_line_number", "简历行号刚刚已被占用（可能是他人同时修改），本次未保存；请刷新页面后重试")
constraint_message("family_row_number", "家庭成员序号刚刚已被占用（可能是他人同时修改），本次未保存；请刷新页面后重试")
constraint_message("one_assessment_per_cadre_year", "该干部这一年度的考核结果刚刚已登记，本次未保存；请刷新页面查看")
constraint_message("one_routine_per_quarter", "该干部这一季度的平时考核刚刚已登记，本次未保存；请刷新页面查看")
constraint_message("one_score_per_component", "该干部这一年度此项考核得分刚刚已登记，本次未保存；请刷新页面查看")
constraint_message("one_record_per_class", "该干部已在此班次名单中（可能是他人同时加入），本次未保存")
constraint_message("one_ranking_per_township_year", "该乡镇这一年度的排名刚刚已登记，本次未保存；请刷新页面查看")
constraint_message("one_open_reserve_entry_per_cadre", "该干部已在后备干部库中（可能是他人同时纳入），本次未保存")
constraint_message("one_report_per_cadre_year", "该干部这一年度的个人有关事项报告已登记（可能是他人同时登记），本次未保存")


def _require(actor, organization: Organization) -> None:
    if not path_in_scope(actor, "cadres.change", organization.path):
        raise DomainError(f"您无权管理「{organization}」的干部", field="organization")


def _checked_id_number(form: AppointmentForm) -> str:
    if not form.id_number:
        return ""
    try:
        identity = parse_identity_number(form.id_number)
    except ValidationError as exc:
        raise DomainError(exc.messages[0], field="id_number") from exc  # the validator's message, as everywhere
    if form.birth and (identity.birth_date.year, identity.birth_date.month) != (form.birth.year, form.birth.month):
        raise DomainError(f"身份证号中的出生年月 {identity.birth_date:%Y.%m} 与填写的出生年月 {form.birth:%Y.%m} 不一致",
                          field="birth")
    if form.gender and ("男" if identity.is_male else "女") != form.gender:
        raise DomainError(f"身份证号显示性别为{'男' if identity.is_male else '女'}，与填写的性别不一致", field="gender")
    return identity.number


FORM_FIELDS = ("name", "gender", "birth", "ethnicity", "native_place", "birthplace", "party_joined", "work_started",
               "health", "professional_title", "speciality", "proposed_post", "proposed_removal",
               "rewards_and_penalties", "appointment_reason", "reporting_unit", "age_as_of", "filled_on", "filled_by")


@transaction.atomic
def record_identity_view(actor, cadre: Cadre) -> None:
    """The record's edit form shows the full 身份证号: each time is written to the history, as in the register."""
    if cadre.id_number:
        record_event(actor, AuditEvent.Action.VIEW_SENSITIVE, cadre, changes={},
                     message="修改任免审批表时查看完整身份证号")


@transaction.atomic
def save_form(actor, form: AppointmentForm, organization: Organization, cadre: Cadre | None = None) -> Cadre:
    """Create a cadre from a 任免审批表, or replace an existing cadre's form fields, resume and family.

    The current post and the recorded assessments come from zugong's own records; what the form says beyond them
    is kept as written (a post held elsewhere, results of years before zugong).
    """
    _require(actor, cadre.organization if cadre else organization)
    if not form.name.strip():
        raise DomainError("姓名不能为空", field="name")
    if form.birth is None:
        raise DomainError("出生年月不能为空", field="birth")
    number = _checked_id_number(form)
    others = Cadre.objects.filter(id_number=number)
    if number and (others.exclude(pk=cadre.pk) if cadre else others).exists():
        raise DomainError(f"身份证号 {number} 已登记为另一名干部", field="id_number")
    if cadre is not None:  # two saves at once replace the resume and family one after the other
        cadre = Cadre.objects.locked(cadre.pk)
    before = snapshot(cadre) if cadre else None
    cadre = cadre or Cadre(organization=organization)
    for name in FORM_FIELDS:
        setattr(cadre, name, getattr(form, name))
    cadre.id_number = number
    for prefix, education in (("full_time", form.full_time_education), ("in_service", form.in_service_education)):
        for part in ("level", "degree", "level_school", "degree_school"):
            setattr(cadre, f"{prefix}_{part}", getattr(education, part))
    cadre.photo = form.photo
    cadre.lrmx_version = form.version
    cadre.save()
    recorded = {a.year: a.grade for a in cadre.assessments.all()}
    cadre.assessments_as_written = format_assessments(
        [r for r in form.assessments if recorded.get(r.year) != r.grade])
    cadre.post_as_written = ""  # what the tenures say is not kept twice
    computed = current_post(cadre, form.age_as_of or timezone.localdate())
    cadre.post_as_written = form.current_post if form.current_post != computed else ""
    cadre.save(update_fields=["assessments_as_written", "post_as_written"])
    cadre.resume.all().delete()
    ResumeEntry.objects.bulk_create(ResumeEntry(cadre=cadre, number=n, start=line.start, end=line.end, text=line.text)
                                    for n, line in enumerate(form.resume, start=1))
    cadre.family.all().delete()
    FamilyRelation.objects.bulk_create(
        FamilyRelation(cadre=cadre, number=n, relation=f.relation, name=f.name, birth=f.birth,
                       political_status=f.political_status, work_unit_and_post=f.work_unit_and_post)
        for n, f in enumerate(form.family, start=1))
    record_event(actor, AuditEvent.Action.UPDATE if before else AuditEvent.Action.CREATE, cadre, before=before,
                 message="保存任免审批表")
    return cadre


@transaction.atomic
def move_cadre(actor, cadre: Cadre, organization: Organization) -> Cadre:
    """Put the cadre under another managing unit (both within the actor's reach)."""
    _require(actor, cadre.organization)
    _require(actor, organization)
    before = snapshot(cadre)
    cadre.organization = organization
    cadre.save()
    record_event(actor, AuditEvent.Action.UPDATE, cadre, before=before, message="调整管理单位")
    return cadre


@transaction.atomic
def change_resume_line(actor, entry: ResumeEntry, start: dt.date, end: dt.date | None, text: str) -> ResumeEntry:
    _require(actor, entry.cadre.organization)
    if end is not None and end < start:
        raise DomainError("截止年月不能早于起始年月", field="end")
    if not text.strip():
        raise DomainError("经历不能为空", field="text")
    before = snapshot(entry)
    entry.start, entry.end, entry.text = start.replace(day=1), end.replace(day=1) if end else None, text.strip()
    entry.save()
    record_event(actor, AuditEvent.Action.UPDATE, entry, before=before, subject=entry.cadre, message="修改简历")
    return entry


@transaction.atomic
def add_resume_line(actor, cadre: Cadre, start: dt.date, end: dt.date | None, text: str) -> ResumeEntry:
    cadre = Cadre.objects.locked(cadre.pk)  # two lines added at once take the next numbers one after the other
    number = (cadre.resume.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    entry = ResumeEntry(cadre=cadre, number=number, start=start, end=end, text="")
    _require(actor, cadre.organization)
    entry.save()
    return change_resume_line(actor, entry, start, end, text)


@transaction.atomic
def appoint(actor, cadre: Cadre, position: Position, started_on: dt.date, document: str = "") -> Tenure:
    """Put a cadre in a position from a day (a cadre may hold several posts, each once at a time)."""
    _require(actor, cadre.organization)
    _require(actor, position.organization)
    cadre = Cadre.objects.locked(cadre.pk)  # the same post given twice at once: the second finds the first
    if cadre.tenures.filter(position=position, ended_on__isnull=True).exists():
        raise DomainError(f"{cadre.name}已在任「{position}」", field="position")
    tenure = Tenure.objects.create(cadre=cadre, position=position, started_on=started_on, document=document)
    record_event(actor, AuditEvent.Action.CREATE, tenure, subject=cadre, message=f"任{position}")
    return tenure


@transaction.atomic
def end_tenure(actor, tenure: Tenure, ended_on: dt.date, document: str = "") -> Tenure:
    _require(actor, tenure.cadre.organization)
    tenure = Tenure.objects.select_for_update().select_related("cadre", "position").get(pk=tenure.pk)
    if tenure.ended_on is not None:  # ended meanwhile (twice at once, or the page sent again)
        raise DomainError(f"{tenure.cadre.name}已于{tenure.ended_on:%Y-%m-%d}免去「{tenure.position}」，未重复办理",
                          field="ended_on")
    if ended_on < tenure.started_on:
        raise DomainError(f"免职时间不能早于任职时间（{tenure.started_on:%Y-%m-%d}）", field="ended_on")
    before = snapshot(tenure)
    tenure.ended_on = ended_on
    tenure.document = document or tenure.document
    tenure.save()
    record_event(actor, AuditEvent.Action.UPDATE, tenure, before=before, subject=tenure.cadre,
                 message=f"免去{tenure.position}")
    return tenure


def excellent_quota(unit: Organization) -> int:
    """How many of the unit's serving cadres may be graded 优秀 in a year (policy share, rounded half up)."""
    serving = Cadre.objects.serving().filter(organization=unit).count()
    return (serving * policy_int(EXCELLENT_SHARE.key) * 2 + 100) // 200


@transaction.atomic
def record_assessment(actor, cadre: Cadre, year: int, grade: str, unit: Organization | None = None) -> AnnualAssessment:
    """The cadre's grade for the year; 优秀 beyond the unit's quota is refused."""
    unit = unit or cadre.organization
    _require(actor, unit)
    if grade == Grade.EXCELLENT:
        # The unit's row is the quota's lock: parallel saves count one after the other (an empty count locks nothing)
        Organization.objects.select_for_update().filter(pk=unit.pk).values_list("pk").first()
        quota = excellent_quota(unit)
        taken = (AnnualAssessment.objects.filter(unit=unit, year=year, grade=Grade.EXCELLENT)
                 .exclude(cadre=cadre).count())
        if taken >= quota:
            raise DomainError(
                f"{unit}{year}年度优秀等次已有{taken}人，达到上限{quota}人（在职干部人数×{policy_int(EXCELLENT_SHARE.key)}%，"
                f"依据：{EXCELLENT_SHARE.source}）", field="grade")
    existing = AnnualAssessment.objects.filter(cadre=cadre, year=year).first()
    before = snapshot(existing) if existing else None
    assessment, _created = AnnualAssessment.objects.update_or_create(
        cadre=cadre, year=year, defaults={"grade": grade, "unit": unit, "recorded_by": actor})
    record_event(actor, AuditEvent.Action.UPDATE if before else AuditEvent.Action.CREATE, assessment, before=before,
                 subject=cadre, message="年度考核")
    return assessment


@transaction.atomic
def record_routine(actor, cadre: Cadre, year: int, quarter: int, grade: str, note: str = "") -> RoutineAssessment:
    """平时考核 for a quarter that has begun; recording a quarter again replaces its grade."""
    _require(actor, cadre.organization)
    today = timezone.localdate()
    if not 1 <= quarter <= 4:
        raise DomainError("季度应为1至4", field="quarter")
    if dt.date(year, 3 * quarter - 2, 1) > today:
        raise DomainError(f"{year}年第{quarter}季度尚未开始，不能登记平时考核", field="quarter")
    existing = RoutineAssessment.objects.filter(cadre=cadre, year=year, quarter=quarter).first()
    before = snapshot(existing) if existing else None
    routine, _created = RoutineAssessment.objects.update_or_create(
        cadre=cadre, year=year, quarter=quarter, defaults={"grade": grade, "note": note.strip(), "recorded_by": actor})
    record_event(actor, AuditEvent.Action.UPDATE if before else AuditEvent.Action.CREATE, routine, before=before,
                 subject=cadre, message="平时考核")
    return routine


@transaction.atomic
def record_component_score(actor, cadre: Cadre, year: int, component: str, score: Decimal) -> ComponentScore:
    """A 三位一体 component's score on 100 points for the year (seed 001)."""
    _require(actor, cadre.organization)
    if not Decimal(0) <= score <= Decimal(100):
        raise DomainError(f"得分应在0至100之间，收到{score}", field="score")
    if year > timezone.localdate().year:
        raise DomainError(f"{year}年度尚未开始", field="year")
    existing = ComponentScore.objects.filter(cadre=cadre, year=year, component=component).first()
    before = snapshot(existing) if existing else None
    recorded, _created = ComponentScore.objects.update_or_create(
        cadre=cadre, year=year, component=component, defaults={"score": score, "recorded_by": actor})
    record_event(actor, AuditEvent.Action.UPDATE if before else AuditEvent.Action.CREATE, recorded, before=before,
                 subject=cadre, message="三位一体考核得分")
    return recorded


@transaction.atomic
def add_family_member(actor, cadre: Cadre, relation: str, name: str, birth: dt.date | None, political_status: str,
                      work_unit_and_post: str) -> FamilyRelation:
    _require(actor, cadre.organization)
    if not name.strip():
        raise DomainError("姓名不能为空", field="name")
    if birth is not None and birth > timezone.localdate():
        raise DomainError("出生年月不能晚于今天", field="birth")
    cadre = Cadre.objects.locked(cadre.pk)  # two rows added at once take the next numbers one after the other
    number = (cadre.family.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    row = FamilyRelation.objects.create(cadre=cadre, number=number, relation=relation, name=name.strip(), birth=birth,
                                        political_status=political_status, work_unit_and_post=work_unit_and_post.strip())
    record_event(actor, AuditEvent.Action.CREATE, row, subject=cadre, message="增加家庭成员")
    return row


@transaction.atomic
def remove_family_member(actor, row: FamilyRelation) -> None:
    """Remove a row; the rows after it move up, as on the form."""
    cadre = row.cadre
    _require(actor, cadre.organization)
    cadre = Cadre.objects.locked(cadre.pk)
    if not FamilyRelation.objects.filter(pk=row.pk).exists():  # removed meanwhile (the button pressed twice)
        raise DomainError("该家庭成员已删除，未重复办理")
    record_event(actor, AuditEvent.Action.DELETE, row, subject=cadre, before=snapshot(row), message="删除家庭成员")
    row.delete()
    for number, later in enumerate(cadre.family.order_by("number"), start=1):
        if later.number != number:
            FamilyRelation.objects.filter(pk=later.pk).update(number=number)
