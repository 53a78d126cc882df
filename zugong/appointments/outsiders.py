"""公开选拔: a 考察对象 who registered from outside the cadre register enters it (or is linked to the cadre the
register already has under that 身份证号), so that 讨论决定 and 任职 can be taken for them as for any candidate.

The cadre is created through ``cadres.services.save_form`` (its checks of the 身份证号 — the one validator in core —,
its audit event); the candidate (and the registration it came from) is linked in the same transaction, under the
case's and the candidate's locks, read again: a second submit is told the person is already linked and nothing is
created twice. The qualification rules are checked at that moment and kept, as when a cadre is named.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zugong.appointments.models import CaseCandidate, Registration
from zugong.appointments.services import _lock_open, _require, qualification_of
from zugong.cadres import services as cadre_services
from zugong.cadres.models import Cadre, ReserveEntry
from zugong.cadres.record import AppointmentForm, Education
from zugong.core.access import DomainError, path_in_scope
from zugong.core.audit import record_event, snapshot
from zugong.core.locks import lock
from zugong.core.models import AuditEvent
from zugong.core.validators import parse_identity_number
from zugong.organizations.models import Organization

CADRES_CHANGE, CADRES_VIEW = "cadres.change", "cadres.view"


def may_enter(actor, candidate: CaseCandidate) -> bool:
    """Whether the actor may enter the candidate in the register: ``appointments.manage`` on the case and
    ``cadres.change`` over its unit."""
    case = candidate.case
    return path_in_scope(actor, "appointments.manage", case.org_path) and path_in_scope(actor, CADRES_CHANGE,
                                                                                          case.org_path)


def registration_of(candidate: CaseCandidate) -> Registration | None:
    return Registration.objects.filter(candidate=candidate).first()


def _number(id_number: str) -> str:
    if not id_number.strip():
        raise DomainError("请填写身份证号：录入干部名册须有身份证号", field="id_number")
    try:
        return parse_identity_number(id_number.strip()).number
    except ValidationError as exc:
        raise DomainError(exc.messages[0], field="id_number") from exc  # the validator's message, as everywhere


def _existing(actor, number: str, link_existing: bool) -> Cadre | None:
    """The cadre the register has under the number, when the actor chose to link to it; refused otherwise."""
    existing = Cadre.objects.filter(id_number=number).select_related("organization").first()
    if existing is None:
        return None
    if not path_in_scope(actor, CADRES_VIEW, existing.org_path):
        raise DomainError(f"身份证号 {number} 已登记为另一名干部，该干部不在您的管理范围内，未作更改；"
                          "请联系其管理单位", field="id_number")
    if not link_existing:
        raise DomainError(f"身份证号 {number} 已登记为干部{existing.name}（{existing.organization.name}），未新建干部记录；"
                          "如是同一人，请勾选「关联干部名册中已有的该干部」后再提交", field="link_existing")
    return existing


def enter_register(actor, candidate: CaseCandidate, *, name: str, gender: str, birth: dt.date | None,
                   id_number: str, organization: Organization, education: str = "", current_post: str = "",
                   ethnicity: str = "", link_existing: bool = False) -> Cadre:
    """登记入干部库: create the cadre in ``organization`` (or link the one already registered under the 身份证号, when
    ``link_existing``) and make it the candidate's and its registration's cadre. Returns the cadre."""
    case = candidate.case
    _require(actor, case)
    if not path_in_scope(actor, CADRES_CHANGE, organization.path):
        raise DomainError(f"您无权管理「{organization}」的干部", field="organization")
    if not name.strip():
        raise DomainError("请填写姓名", field="name")
    if birth is None:
        raise DomainError("请填写出生年月", field="birth")
    number = _number(id_number)
    with transaction.atomic():
        _lock_open(case)
        lock(candidate)
        if candidate.cadre_id is not None:
            raise DomainError(f"{candidate.name}已关联干部名册中的{candidate.cadre.name}（可能是他人刚刚登记），未作更改")
        if candidate.dropped_reason:
            raise DomainError(f"{candidate.name}已不再作为人选，未作更改")
        cadre = _existing(actor, number, link_existing)
        linked = cadre is not None
        if linked:
            if case.candidates.filter(cadre=cadre).exists() or case.registrations.filter(cadre=cadre).exists():
                raise DomainError(f"干部{cadre.name}已是本事项的报名人或人选，不能再关联{candidate.name}，未作更改",
                                  field="id_number")
        else:
            form = AppointmentForm(name=name.strip(), gender=gender, birth=birth.replace(day=1),
                                   ethnicity=ethnicity or Cadre._meta.get_field("ethnicity").default,
                                   full_time_education=Education(level=education.strip()),
                                   current_post=current_post.strip(), id_number=number)
            cadre = cadre_services.save_form(actor, form, organization)
        before = snapshot(candidate)
        today = timezone.localdate()
        candidate.cadre, candidate.name = cadre, cadre.name
        candidate.qualification = qualification_of(cadre, candidate.position, today)
        candidate.in_reserve = ReserveEntry.objects.filter(cadre=cadre, status="admitted").exists()
        candidate.save(update_fields=["cadre", "name", "qualification", "in_reserve"])
        registration = registration_of(candidate)
        if registration is not None:
            lock(registration)
            registration.cadre = cadre
            registration.save(update_fields=["cadre"])
        failed = candidate.failed_rules
        record_event(actor, AuditEvent.Action.UPDATE, candidate, subject=case, before=before,
                     message=f"{candidate.name}（从干部名册以外报名）"
                             + ("关联干部名册中已有的干部记录" if linked else "登记入干部名册")
                             + ("；任职资格不符合：" + "、".join(r["rule"] for r in failed) if failed else ""))
    return cadre
