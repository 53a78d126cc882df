"""Demo education and care: the default 100-point scheme is a migration; this adds last year's democratic
evaluation for every branch, study days (branch meetings of kind 学习日) with their rolls, pledges, and a few months
of care allowance."""

import datetime as dt
from decimal import Decimal

from zugong.branchlife.models import Attendance, Meeting
from zugong.branchlife.selectors import may_vote
from zugong.core.dates import add_months, month_start
from zugong.core.policy import policy_int
from zugong.development.models import AnnualEvaluation, EvaluationRound
from zugong.education.models import (
    CarePayment,
    CareVisit,
    MutualAidGrant,
    Pledge,
    PointsEntry,
    ScoreItem,
)
from zugong.education.policies import CARE_MONTHLY_AMOUNT
from zugong.education.selectors import care_eligibility
from zugong.members.models import Member
from zugong.members.services import MEMBER_KINDS
from zugong.organizations import demo
from zugong.organizations.models import Organization

G = AnnualEvaluation.Grade
PLEDGES = ("带头参加村级公益劳动", "帮扶一户困难群众", "带头移风易俗、文明节俭办事", "每月参加一次志愿服务",
           "带领群众发展特色种植", "调解邻里纠纷", "参加周五学习日不缺席")
EXCUSED = ("外出务工", "生病住院", "外出学习")


def add_education(ctx: demo.DemoContext) -> None:
    if ctx.scale != "county":
        return  # the larger scales are for the register's benchmarks
    rng, today = ctx.rng, ctx.today
    last_year = today.year - 1
    branches = list(Organization.objects.filter(kind__in=MEMBER_KINDS, is_closed=False).exclude(
        kind__in=[Organization.Kind.GROUP]).order_by("path"))
    members_of: dict[int, list[Member]] = {}
    for member in Member.objects.active().filter(organization__in=branches).order_by("pk"):
        members_of.setdefault(member.organization_id, []).append(member)
    rounds, results, sessions, attendance, pledges = [], [], [], [], []
    for branch in branches:
        people = members_of.get(branch.pk, [])
        if not people:
            continue
        voted = dt.date(last_year, 12, rng.randint(10, 28))
        rounds.append(EvaluationRound(organization=branch, year=last_year, org_path=branch.path,
                                      self_assessed_on=voted - dt.timedelta(days=10),
                                      mutually_evaluated_on=voted - dt.timedelta(days=5), voted_on=voted))
        graded = [p for p in people if p.stage == Member.Stage.FULL and p.joined_on.year < last_year]
        excellent = set(rng.sample(range(len(graded)), k=min(len(graded) // 3, max(1, len(graded) // 5))))
        for index, person in enumerate(graded):
            grade = G.EXCELLENT if index in excellent else (G.BASICALLY_QUALIFIED if rng.random() < 0.03 else G.QUALIFIED)
            results.append((branch.pk, person, grade))
        for month in range(1, today.month):
            held = dt.date(today.year, month, 1) + dt.timedelta(days=rng.randint(0, 25))
            sessions.append(Meeting(organization=branch, org_path=branch.path, kind=Meeting.Kind.STUDY_DAY,
                                    held_on=held, topic=f"{month}月周五学习日"))
            attendance.append([(p, rng.random()) for p in people])
        for person in rng.sample(people, k=min(len(people), max(1, len(people) // 3))):
            kept = rng.random() < 0.8 if today.month > 10 else None
            pledges.append(Pledge(member=person, year=today.year, content=rng.choice(PLEDGES), kept=kept,
                                  public_review="satisfied" if kept else ""))
    EvaluationRound.objects.bulk_create(rounds, batch_size=demo.BATCH)
    by_branch = {r.organization_id: r for r in rounds}
    AnnualEvaluation.objects.bulk_create([AnnualEvaluation(round=by_branch[b], member=m, grade=g)
                                          for b, m, g in results], batch_size=demo.BATCH)
    Meeting.objects.bulk_create(sessions, batch_size=demo.BATCH)
    A = Attendance.Status
    Attendance.objects.bulk_create([
        Attendance(meeting_id=s.pk, member_id=m.pk, may_vote=may_vote(m, s.held_on),
                   status=A.PRESENT if draw < 0.8 else A.EXCUSED if draw < 0.95 else A.ABSENT,
                   reason="" if draw < 0.8 else EXCUSED[int(draw * 100) % len(EXCUSED)] if draw < 0.95 else "无故缺席")
        for s, roll in zip(sessions, attendance, strict=True) for m, draw in roll], batch_size=demo.BATCH)
    Pledge.objects.bulk_create(pledges, batch_size=demo.BATCH)
    _entered_points(ctx, [m for people in members_of.values() for m in people])
    _care(ctx)


def _entered_points(ctx: demo.DemoContext, members: list[Member]) -> None:
    """Most branches have scored the items they enter (volunteer service, vanguard role) for this year."""
    rng = ctx.rng
    entered = list(ScoreItem.objects.filter(source=ScoreItem.Source.ENTERED))
    PointsEntry.objects.bulk_create([
        PointsEntry(member=member, year=ctx.today.year, item=item,
                    points=Decimal(round(item.max_points * rng.uniform(0.6, 1.0), 1)).quantize(Decimal("0.1")))
        for member in members if rng.random() < 0.7 for item in entered], batch_size=demo.BATCH)


def _care(ctx: demo.DemoContext) -> None:
    """关爱金 for the eligible paid for the last three months (a few newly eligible are left for the finding);
    some mutual-aid grants and visits."""
    rng, today = ctx.rng, ctx.today
    amount = Decimal(policy_int(CARE_MONTHLY_AMOUNT.key))
    eligible = [e for e in care_eligibility(Member.objects.all(), today) if e.eligible]
    payments, visits, grants = [], [], []
    for entry in eligible:
        if entry.since is not None and entry.since >= month_start(today):
            continue
        for back in (3, 2, 1):
            month = add_months(month_start(today), -back)
            payments.append(CarePayment(member=entry.member, month=month, amount=amount,
                                        paid_on=month + dt.timedelta(days=rng.randint(3, 20))))
        if rng.random() < 0.6:
            visits.append(CareVisit(member=entry.member, visited_on=today - dt.timedelta(days=rng.randint(5, 300)),
                                    visitor="村党支部书记", note="送去慰问品，了解身体和生活情况"))
        if rng.random() < 0.1:
            grants.append(MutualAidGrant(member=entry.member, granted_on=today - dt.timedelta(days=rng.randint(5, 300)),
                                         amount=Decimal(rng.choice((300, 500, 800))), reason="因病生活困难"))
    CarePayment.objects.bulk_create(payments, batch_size=demo.BATCH)
    CareVisit.objects.bulk_create(visits, batch_size=demo.BATCH)
    MutualAidGrant.objects.bulk_create(grants, batch_size=demo.BATCH)


demo.register_step(add_education)
demo.RESET_MODELS[:0] = [CarePayment, CareVisit, MutualAidGrant, Pledge, PointsEntry, AnnualEvaluation,
                         EvaluationRound]  # the study days are meetings: branchlife's demo resets them
