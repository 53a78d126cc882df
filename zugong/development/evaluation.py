"""The year's democratic evaluation of a branch's members (民主评议党员): all grades saved at once, or none.

The share of 优秀 is capped by policy (1/3 of those graded) and probationary members take part without a grade
unless the department's policy says otherwise.

Saving locks the year's round (``core.locks``): a page opened before any round existed does not overwrite one
someone else saved meanwhile; the form's one-time token keeps a double submit from saving twice.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from zugong.core.access import DomainError, path_in_scope
from zugong.core.audit import record_event
from zugong.core.locks import lock
from zugong.core.models import AuditEvent
from zugong.core.policy import policy_int
from zugong.core.submissions import constraint_message
from zugong.development.models import AnnualEvaluation, EvaluationRound
from zugong.development.policies import EXCELLENT_SHARE_DENOMINATOR, PROBATIONARY_GRADED
from zugong.members.models import Member
from zugong.organizations.models import Organization

G = AnnualEvaluation.Grade
SAVED_MEANWHILE = "已由他人保存，未作更改；请重新打开本页，在其基础上修改"
constraint_message("evaluation_once_a_year", f"该支部这一年度的民主评议{SAVED_MEANWHILE}")
constraint_message("evaluation_result_once", f"该党员这一年度的评议结果{SAVED_MEANWHILE}")


def branch_members(organization: Organization):
    """Who takes part: the branch's members on its register today (its own, not its groups' children)."""
    return Member.objects.active().filter(organization=organization).order_by("name", "pk")


@dataclass(frozen=True)
class Grading:
    member: Member
    grade: str  # "" for a probationary member taking part without a grade
    excellent_votes: int | None = None


def _locked_round(organization: Organization, year: int) -> EvaluationRound | None:
    """The year's round as saved now; the branch is locked first, so two first saves are taken in turn."""
    lock(organization)
    return EvaluationRound.objects.filter(organization=organization, year=year).first()


def record_round(actor, organization: Organization, year: int, *, self_assessed_on: dt.date,
                 mutually_evaluated_on: dt.date, voted_on: dt.date, gradings: list[Grading],
                 note: str = "", replacing: bool | None = None) -> EvaluationRound:
    """Save the year's round; ``replacing`` says whether the page showed a saved round (None: do not check)."""
    if not path_in_scope(actor, "members.change", organization.path):
        raise DomainError(f"您无权为「{organization}」登记民主评议")
    today = timezone.localdate()
    if not (self_assessed_on <= mutually_evaluated_on <= voted_on):
        raise DomainError("民主评议应依次进行：个人自评、党员互评、民主测评", field="voted_on")
    if voted_on > today:
        raise DomainError("民主测评日期不能晚于今天", field="voted_on")
    if voted_on.year not in (year, year + 1):
        raise DomainError(f"{year}年度的民主评议应在{year}年或{year + 1}年初进行", field="voted_on")
    graded_probationers = policy_int(PROBATIONARY_GRADED.key)
    expected = {m.pk for m in branch_members(organization)}
    given = {g.member.pk for g in gradings}
    if given != expected:
        raise DomainError("请为本支部每一名在册党员登记评议结果（名单已变动，请重新打开本页）")
    for g in gradings:
        probationary = g.member.stage == Member.Stage.PROBATIONARY and not graded_probationers
        if probationary and g.grade:
            raise DomainError(f"{g.member.name}是预备党员，参加评议但不评定等次（{PROBATIONARY_GRADED.source}）",
                              field=f"grade_{g.member.pk}")
        if not probationary and not g.grade:
            raise DomainError(f"请评定{g.member.name}的等次", field=f"grade_{g.member.pk}")
    graded = sum(1 for g in gradings if g.grade)
    excellent = sum(1 for g in gradings if g.grade == G.EXCELLENT)
    denominator = policy_int(EXCELLENT_SHARE_DENOMINATOR.key)
    allowed = graded // denominator
    if excellent > allowed:
        raise DomainError(f"“优秀”等次不能超过参加评定等次党员的1/{denominator}（{EXCELLENT_SHARE_DENOMINATOR.source}）："
                          f"本支部参加评定{graded}人，最多{allowed}名，现评定{excellent}名")
    dates = {"self_assessed_on": self_assessed_on, "mutually_evaluated_on": mutually_evaluated_on,
             "voted_on": voted_on, "note": note.strip()}
    with transaction.atomic():
        round_ = _locked_round(organization, year)
        created = round_ is None
        if round_ is None:
            round_ = EvaluationRound.objects.create(organization=organization, year=year, **dates)
        elif replacing is False:
            raise DomainError(f"{organization.name}{year}年的民主评议{SAVED_MEANWHILE}")
        else:
            for name, value in dates.items():
                setattr(round_, name, value)
            round_.save()
        round_.results.all().delete()
        AnnualEvaluation.objects.bulk_create([
            AnnualEvaluation(round=round_, member=g.member, grade=g.grade, excellent_votes=g.excellent_votes)
            for g in gradings])
        counts = {label: sum(1 for g in gradings if g.grade == value) for value, label in G.choices}
        record_event(actor, AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE, round_,
                     subject=organization, changes={f"{year}年民主评议": [None, "，".join(
                         f"{label}{n}人" for label, n in counts.items() if n)]},
                     message=f"{year}年民主评议：参加{len(gradings)}人，评定等次{graded}人")
    return round_
