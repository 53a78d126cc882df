"""Demo development cases: applicants, activists, candidates and probationary members at realistic proportions.

Each case walks the procedure table with the default rules, a few weeks between steps, from an application up
to ``members.demo.RECENT_YEARS`` back (the member demo's admissions end where these begin); where today
interrupts the walk, the case waits at that step — some due, some overdue, some not yet possible. A few
too-early attempts are kept as refusals, as a hurried branch would leave them. Once admitted, a case does not
stall: its confirmation follows the end of probation within weeks, and a few branches extend probation once
(by the policy's months), so the probationary members are those admitted in the last probation period plus
those extensions (预备党员 = 预备期内的新党员). Names follow the person's gender.
"""

import datetime as dt

from zugong.core.dates import add_months, month_start
from zugong.core.policy import policy_values
from zugong.core.validators import id_check_char
from zugong.development.models import BranchVote, DevelopmentCase, DevelopmentStep, StepRefusal
from zugong.development.procedure import (
    STAGE_REACHED,
    History,
    bounds,
    chinese_date,
    label,
    next_kinds,
)
from zugong.members import periods
from zugong.members.codes import Education, Occupation
from zugong.members.demo import RECENT_YEARS
from zugong.members.demo_names import person_name
from zugong.members.models import Member
from zugong.members.services import MEMBER_KINDS, name_initials
from zugong.organizations import demo
from zugong.organizations.models import Organization

K = DevelopmentStep.Kind
# Cases per branch over the RECENT_YEARS window: a county of ~24,000 members admits a few hundred a year.
CASES_PER_BRANCH = {"county": 1.4, "city": 0.25, "province": 0.035}
EXTENDED = 0.04  # share of the admitted whose probation the branch extends once
REGION = "360722"  # applicants registered with a neighbouring county's address code: never a demo member's number
# How long a branch typically takes after a step becomes possible (days, low–high); some cases stall.
GAP_DAYS = (3, 45)
STALL = 0.12


def add_cases(ctx: demo.DemoContext) -> None:
    rng, today = ctx.rng, ctx.today
    values = policy_values("development.")
    branches = list(Organization.objects.filter(kind__in=MEMBER_KINDS, is_closed=False).exclude(
        kind__in=[Organization.Kind.GROUP, Organization.Kind.MOBILE_BRANCH]).order_by("path"))
    used: set[str] = set()
    walks = []
    for branch in branches:
        for _ in range(3):
            if rng.random() < CASES_PER_BRANCH[ctx.scale] / 3 * (2 if branch.sector == "rural" else 1):
                walks.append(_walk(rng, today, branch, values, used))
    cases = DevelopmentCase.objects.bulk_create([w[0] for w in walks], batch_size=demo.BATCH)
    members = Member.objects.bulk_create([w[2] for w in walks if w[2] is not None], batch_size=demo.BATCH)
    periods.open_periods(members)
    by_number = {m.id_number: m for m in members}
    steps, votes, refusals = [], [], []
    for case, walked, member, refusal in walks:
        if member is not None:
            case.member = by_number[member.id_number]
        for step, vote in walked:
            step.case = case
            steps.append(step)
            if vote is not None:
                votes.append((step, vote))
        if refusal is not None:
            refusal.case = case
            refusals.append(refusal)
    DevelopmentCase.objects.bulk_update([c for c in cases if c.member is not None], ["member"], batch_size=demo.BATCH)
    DevelopmentStep.objects.bulk_create(steps, batch_size=demo.BATCH)
    for step, vote in votes:
        vote.step = step
    BranchVote.objects.bulk_create([v for _, v in votes], batch_size=demo.BATCH)
    StepRefusal.objects.bulk_create(refusals, batch_size=demo.BATCH)


def _walk(rng, today, branch, values, used):
    age = rng.randint(19, 45)
    birth = today - dt.timedelta(days=age * 365 + rng.randint(0, 364))
    is_male = rng.random() > 0.35
    while True:
        sequence = rng.randint(500, 999) // 2 * 2 + (1 if is_male else 0)
        first17 = f"{REGION}{birth:%Y%m%d}{sequence:03d}"
        number = first17 + id_check_char(first17)
        if number not in used:
            used.add(number)
            break
    name = person_name(rng, is_male)
    rural = branch.sector == "rural"
    case = DevelopmentCase(
        name=name, id_number=number, gender=Member.Gender.MALE if is_male else Member.Gender.FEMALE,
        birth_date=birth, education=rng.choice([Education.HIGH_SCHOOL, Education.COLLEGE] if rural else
                                               [Education.UNDERGRADUATE, Education.COLLEGE]),
        occupation=Occupation.FARMER if rural and rng.random() < 0.6 else Occupation.WORKER if rural else
        Occupation.PROFESSIONAL, organization=branch, org_path=branch.path,
        phone=f"1{rng.choice('3589')}{rng.randint(0, 999999999):09d}")
    day = today - dt.timedelta(days=rng.randint(5, RECENT_YEARS * 365))
    walked: list = []
    history = History({}, None)
    refusal = None
    kind = K.APPLICATION
    while True:
        step = DevelopmentStep(kind=kind, done_on=day, handled_by="支部书记" if kind != K.APPLICATION else "")
        vote = None
        if kind == K.APPLICATION_FORM:
            step.number = f"{day.year}{rng.randint(1, 99999):05d}"
        if kind == K.TRAINING:
            step.training_days, step.training_hours = 3, 24
        if kind in (K.ADMISSION_VOTE, K.CONFIRMATION_VOTE):
            entitled = rng.randint(12, 45)
            present = rng.randint(entitled // 2 + 1, entitled)
            yes = rng.randint(entitled // 2 + 1, present)
            vote = BranchVote(entitled=entitled, present=present, yes=yes, no=present - yes, abstain=0)
        walked.append((step, vote))
        history.done[kind] = day
        if kind in STAGE_REACHED:
            case.stage = STAGE_REACHED[kind]
        if kind == K.ADMISSION_VOTE:
            ends_on = add_months(day, int(values["development.probation_months"]))
            if rng.random() < EXTENDED:  # decided before the confirmation vote (services.extend_probation)
                low, high = int(values["development.extension_min_months"]), int(values["development.extension_max_months"])
                # short of the longest, so that the confirmation weeks later still fall within the record rule
                case.extension_months = rng.randint(low, max(low, high - 3))
                case.extension_reason = "预备期内未能完全履行党员义务，支部大会决定延长预备期"
                ends_on = add_months(ends_on, case.extension_months)
            history = History(history.done, ends_on)
            case.probation_ends_on = ends_on
        following = [k for k in next_kinds(history, values) if k not in history.done]
        if not following:
            case.status = DevelopmentCase.Status.COMPLETED
            break
        kind = following[0]
        limits = bounds(kind, history, values)
        if refusal is None and limits.earliest_rule and rng.random() < 0.05:
            early = max(day, limits.earliest - dt.timedelta(days=rng.randint(10, 60)))
            if early < limits.earliest:
                refusal = StepRefusal(kind=kind, attempted_for=early, message=(
                    f"「{label(kind)}」须{limits.earliest_rule}，最早可于{chinese_date(limits.earliest)}办理"))
        day = max(day, limits.earliest) + dt.timedelta(days=rng.randint(*GAP_DAYS))
        admitted = K.APPROVAL in history.done
        if day > today or (not admitted and rng.random() < STALL / 10) or (
                kind == K.ACTIVIST_CHOSEN and rng.random() < 0.45):
            break  # many applicants wait long before a branch chooses them as activists
    member = None
    if K.APPROVAL in history.done:
        joined = history.done[K.ADMISSION_VOTE]
        full = K.CONFIRMATION_APPROVAL in history.done
        member = Member(
            name=name, name_initials=name_initials(name), id_number=number, gender=case.gender, birth_date=birth,
            education=case.education, occupation=case.occupation, joined_on=joined,
            full_member_on=case.probation_ends_on if full else None,
            stage=Member.Stage.FULL if full else Member.Stage.PROBATIONARY, organization=branch, org_path=branch.path,
            phone=case.phone, dues_category="farmer" if case.occupation == Occupation.FARMER else "wage",
            dues_base=None if case.occupation == Occupation.FARMER else 4000,
            dues_from=month_start(today))  # the demo ledger starts with the system
    return case, walked, member, refusal


demo.register_step(add_cases)
demo.RESET_MODELS[:0] = [StepRefusal, BranchVote, DevelopmentStep, DevelopmentCase]  # before the members
