"""Checks on selection and appointment: stalled cases, 公示 ended without 任职, probation reviews due or overdue,
recommendations older than their validity. The dates come from the procedure table (``selectors``)."""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from zugong.appointments import policies as P
from zugong.appointments.models import CaseStep, Notice, SelectionCase
from zugong.appointments.selectors import reviews_due, stalled
from zugong.appointments.services import rule_values
from zugong.appointments.workdays import next_working_day
from zugong.core.checks import FindingData, register_check
from zugong.core.dates import add_months
from zugong.core.models import Finding
from zugong.core.tree import subtree_q

VIEW = "appointments.view"
K = CaseStep.Kind


def _cases(within: str):
    return SelectionCase.objects.filter(subtree_q(within, "org_path")).select_related("unit")


@register_check("appointments.stalled", _("选拔任用程序停滞"), capability=VIEW)
def cases_stalled(within: str, today: dt.date):
    values = rule_values()
    for case, since in stalled(_cases(within), today, values):
        yield FindingData(
            subject=case, scope_path=case.org_path, url=case.get_absolute_url(), due_on=since,
            title=f"「{case.title}」自{case.last_step_on:%Y-%m-%d}以来没有进展",
            detail=f"超过{values[P.STALLED_MONTHS.key]}个月未办理下一步骤（{P.STALLED_MONTHS.source}；单位：{case.unit}）",
        )


@register_check("appointments.notice_without_appointment", _("任前公示期满未任职"), capability=VIEW)
def notice_without_appointment(within: str, today: dt.date):
    months = int(rule_values()[P.APPOINT_AFTER_NOTICE_MONTHS.key])
    notices = Notice.objects.filter(subtree_q(within, "case__org_path"), kind=Notice.Kind.PRE_APPOINTMENT,
                                    case__status=SelectionCase.Status.OPEN).select_related("case__unit")
    for notice in notices:
        case = notice.case
        due = add_months(notice.ends_on, months)
        if due >= today or not case.candidates.filter(decided=True, appointed=False, dropped_reason="").exists():
            continue
        yield FindingData(
            subject=case, scope_path=case.org_path, url=case.get_absolute_url(), due_on=due,
            severity=Finding.Severity.WARNING,
            title=f"「{case.title}」任前公示已于{notice.ends_on:%Y-%m-%d}期满，尚未办理任职",
            detail=(f"公示期满后{next_working_day(notice.ends_on):%Y-%m-%d}起可以任职；{P.APPOINT_AFTER_NOTICE_MONTHS.label}"
                    f"{months}个月（{P.APPOINT_AFTER_NOTICE_MONTHS.source}）"),
        )


@register_check("appointments.probation_review", _("试用期满考核到期"), capability=VIEW)
def probation_reviews(within: str, today: dt.date):
    values = rule_values()
    for review, due, overdue in reviews_due(_cases(within), today, values):
        case, cadre = review.candidate.case, review.candidate.cadre
        yield FindingData(
            subject=review.candidate, scope_path=case.org_path, url=case.get_absolute_url(), due_on=due,
            severity=Finding.Severity.PROBLEM if overdue else Finding.Severity.WARNING,
            title=(f"{cadre.name}（{review.candidate.position}）试用期{review.ends_on:%Y-%m-%d}期满，"
                   + ("考核已逾期" if overdue else "应进行试用期满考核")),
            detail=f"{P.REVIEW_GRACE_MONTHS.label}：{values[P.REVIEW_GRACE_MONTHS.key]}个月（{P.REVIEW_GRACE_MONTHS.source}）",
        )


@register_check("appointments.recommendation_expired", _("民主推荐结果超过有效期"), capability=VIEW)
def recommendations_expired(within: str, today: dt.date):
    values = rule_values()
    months = int(values[P.RECOMMENDATION_VALID_MONTHS.key])
    steps = CaseStep.objects.filter(subtree_q(within, "case__org_path"), case__status=SelectionCase.Status.OPEN,
                                    kind__in=[K.TALK_RECOMMENDATION, K.MEETING_RECOMMENDATION]).select_related("case")
    first: dict[int, CaseStep] = {}
    for step in steps:
        if step.case_id not in first or step.done_on < first[step.case_id].done_on:
            first[step.case_id] = step
    decided = set(CaseStep.objects.filter(case_id__in=list(first), kind=K.DECISION).values_list("case_id", flat=True))
    for case_id, step in first.items():
        expires = add_months(step.done_on, months)
        if expires >= today or case_id in decided:
            continue
        case = step.case
        yield FindingData(
            subject=case, scope_path=case.org_path, url=case.get_absolute_url(), due_on=expires,
            severity=Finding.Severity.PROBLEM,
            title=f"「{case.title}」的民主推荐（{step.done_on:%Y-%m-%d}）已超过{months}个月有效期，尚未作出决定",
            detail=f"须重新进行民主推荐（{P.RECOMMENDATION_VALID_MONTHS.source}）",
        )
