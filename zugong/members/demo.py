"""Demo members (示范党员): about 25 per village branch and fewer in agencies and enterprises,
with distributions close to the statistics dimensions in RULES.md.

Everyone here is a full member (正式党员) admitted before the development demo's window (``RECENT_YEARS``): the
admissions of recent years, and so every probationary member, come from development cases
(``development/demo.py``), so that the annual statistics' 发展党员 and 预备党员 agree. Admission days are spread
over the year, and names follow the person's gender (``demo_names``)."""

import datetime as dt
from decimal import Decimal

from zugong.core.dates import add_months, add_years, month_start
from zugong.core.policy import policy_int
from zugong.core.validators import id_check_char
from zugong.members import periods
from zugong.members.codes import DUES_CATEGORY_BY_OCCUPATION, DuesCategory, Education, Occupation
from zugong.members.demo_names import person_name
from zugong.members.models import Member, MembershipPeriod, MembershipTransfer, MobileRecord
from zugong.members.services import MEMBER_KINDS, name_initials
from zugong.organizations import demo
from zugong.organizations.models import Organization

S = Organization.Sector
REGION = "360721"  # the demo county's address code
# sector → (members per organization, typical age range, education weights, occupation weights)
PROFILES = {
    S.RURAL: ((22, 48), (24, 88), {Education.MIDDLE_SCHOOL: 55, Education.HIGH_SCHOOL: 25, Education.COLLEGE: 12,
                                     Education.UNDERGRADUATE: 8},
              {Occupation.FARMER: 60, Occupation.RETIRED: 15, Occupation.WORKER: 10, Occupation.OTHER: 15}),
    S.COMMUNITY: ((25, 60), (25, 85), {Education.HIGH_SCHOOL: 35, Education.COLLEGE: 30, Education.UNDERGRADUATE: 25,
                                        Education.MIDDLE_SCHOOL: 10},
                  {Occupation.RETIRED: 45, Occupation.OTHER: 30, Occupation.WORKER: 25}),
    S.AGENCY: ((8, 30), (24, 60), {Education.UNDERGRADUATE: 60, Education.POSTGRADUATE: 15, Education.COLLEGE: 25},
               {Occupation.OFFICIAL: 85, Occupation.PROFESSIONAL: 15}),
    S.INSTITUTION: ((10, 40), (24, 60), {Education.UNDERGRADUATE: 60, Education.COLLEGE: 25, Education.POSTGRADUATE: 15},
                    {Occupation.PROFESSIONAL: 70, Occupation.MANAGER: 30}),
    S.SCHOOL: ((6, 25), (23, 60), {Education.UNDERGRADUATE: 70, Education.COLLEGE: 20, Education.POSTGRADUATE: 10},
               {Occupation.PROFESSIONAL: 85, Occupation.MANAGER: 10, Occupation.STUDENT: 5}),
    S.PRIVATE_ENTERPRISE: ((3, 12), (22, 55), {Education.HIGH_SCHOOL: 30, Education.COLLEGE: 35,
                                                Education.UNDERGRADUATE: 30, Education.SECONDARY: 5},
                           {Occupation.WORKER: 45, Occupation.MANAGER: 30, Occupation.PROFESSIONAL: 25}),
    S.SOCIAL_ORG: ((3, 10), (28, 70), {Education.UNDERGRADUATE: 50, Education.COLLEGE: 50},
                   {Occupation.OTHER: 60, Occupation.PROFESSIONAL: 40}),
}
PROFILES[S.STATE_ENTERPRISE] = PROFILES[S.PRIVATE_ENTERPRISE]
# How far back the demo ledger starts: a year at county scale; larger scales keep the payments table to a
# size the benchmarks can seed in minutes (a province has ~2.4M members).
DUES_HISTORY_MONTHS = {"county": 12, "city": 3, "province": 1}
# Admissions of the last years are the development demo's cases (applications up to this many years back).
RECENT_YEARS = 5
DUES_BASES = {  # monthly base in yuan, low–high
    DuesCategory.WAGE: (2800, 9000), DuesCategory.SELF_EMPLOYED: (1800, 6000), DuesCategory.RETIREE: (2200, 6500),
}


def _pick(rng, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def add_members(ctx: demo.DemoContext) -> None:
    rng, today = ctx.rng, ctx.today
    probation_months = policy_int("development.probation_months")
    holders = (
        Organization.objects.filter(kind__in=MEMBER_KINDS).exclude(kind=Organization.Kind.GROUP)
        .exclude(children__kind__in=MEMBER_KINDS).order_by("path").distinct()
    )
    used_ids: set[str] = set()
    batch: list[Member] = []
    for org in holders.iterator():
        (low, high), (age_low, age_high), educations, occupations = PROFILES[org.sector]
        if org.kind == Organization.Kind.MOBILE_BRANCH:
            low, high = 3, 8
        for _ in range(rng.randint(low, high)):
            batch.append(_member(rng, today, org, age_low, age_high, educations, occupations, used_ids,
                                 DUES_HISTORY_MONTHS[ctx.scale], probation_months))
        if len(batch) >= demo.BATCH:
            periods.open_periods(Member.objects.bulk_create(batch))
            batch = []
    periods.open_periods(Member.objects.bulk_create(batch))
    _pending_transfers(ctx)
    _mobile_members(ctx)


def _mobile_members(ctx: demo.DemoContext) -> None:
    """About 2% of rural members work away; a few have not been heard from for months."""
    rural = Member.objects.filter(organization__sector=S.RURAL, birth_date__gt=add_months(ctx.today, -12 * 55))
    chosen = [m for m in rural.order_by("pk").values_list("pk", flat=True)[:20000] if ctx.rng.random() < 0.02]
    places = ("广东省广州市", "广东省东莞市", "浙江省宁波市", "福建省厦门市", "上海市", "江苏省苏州市")
    records = []
    for index, pk in enumerate(chosen):
        started = add_months(ctx.today, -ctx.rng.randint(1, 36))
        last = add_months(ctx.today, -9) if index % 25 == 0 else max(started, add_months(ctx.today, -ctx.rng.randint(0, 4)))
        records.append(MobileRecord(
            member_id=pk, started_on=started, destination=ctx.rng.choice(places),
            contact=f"1{ctx.rng.choice('3589')}{ctx.rng.randint(0, 999999999):09d}",
            certificate_number=f"LD{started.year}-{index + 1:04d}", last_contact_on=last,
        ))
    MobileRecord.objects.bulk_create(records, batch_size=demo.BATCH)


def _pending_transfers(ctx: demo.DemoContext) -> None:
    """A few letters on their way between villages, one of them past its validity."""
    villages = list(Organization.objects.filter(sector=S.RURAL, kind=Organization.Kind.BRANCH).order_by("path")[:400])
    if len(villages) < 2:
        return
    members = list(Member.objects.filter(organization__in=villages[:200]).order_by("pk")[:2000])
    transfers = []
    for index, member in enumerate(ctx.rng.sample(members, k=min(6, len(members)))):
        target = ctx.rng.choice([v for v in villages if v.pk != member.organization_id])
        issued = ctx.today - dt.timedelta(days=40 if index == 0 else ctx.rng.randint(1, 20))
        transfers.append(MembershipTransfer(
            member=member, kind=MembershipTransfer.Kind.INTERNAL, status=MembershipTransfer.Status.PENDING,
            from_organization_id=member.organization_id, to_organization=target,
            letter_number=f"{issued.year}-{index + 1:05d}", issued_on=issued, valid_until=issued + dt.timedelta(days=30),
        ))
    MembershipTransfer.objects.bulk_create(transfers)


def _member(rng, today, org, age_low, age_high, educations, occupations, used_ids, dues_history,
            probation_months) -> Member:
    # Old enough to have been admitted at 18 or later before the development demo's window.
    age = max(min(rng.randint(age_low, age_high), rng.randint(age_low, age_high) + 10), RECENT_YEARS + 20)
    birth = today - dt.timedelta(days=age * 365 + rng.randint(0, 364))
    is_male = rng.random() > 0.3
    while True:
        sequence = rng.randint(0, 499) * 2 + (1 if is_male else 0)
        first17 = f"{REGION}{birth:%Y%m%d}{sequence:03d}"
        number = first17 + id_check_char(first17)
        if number not in used_ids:
            used_ids.add(number)
            break
    # Any day of the year, not the birthday: an age at admission and a day within that year of life.
    joined = add_years(birth, rng.randint(18, max(18, min(age - 1, 45)))) + dt.timedelta(days=rng.randint(0, 364))
    latest = add_years(today, -RECENT_YEARS)
    if joined > latest:
        joined = latest - dt.timedelta(days=rng.randint(0, 364))
    occupation = Occupation.RETIRED if age >= 60 and rng.random() < 0.7 else _pick(rng, occupations)
    dues_category = DUES_CATEGORY_BY_OCCUPATION.get(occupation, DuesCategory.WAGE)
    if occupation == Occupation.OTHER:
        dues_category = DuesCategory.SELF_EMPLOYED if rng.random() < 0.6 else DuesCategory.RELIEF
    low, high = DUES_BASES.get(dues_category, (0, 0))
    name = person_name(rng, is_male)
    return Member(
        name=name, name_initials=name_initials(name), id_number=number,
        gender=Member.Gender.MALE if is_male else Member.Gender.FEMALE, birth_date=birth,
        ethnicity="01" if rng.random() > 0.04 else rng.choice(("03", "09", "15", "21")),
        education=_pick(rng, educations), occupation=occupation, joined_on=joined,
        full_member_on=add_months(joined, probation_months), stage=Member.Stage.FULL,
        organization=org, org_path=org.path, phone=f"1{rng.choice('3589')}{rng.randint(0, 999999999):09d}",
        is_in_hardship=rng.random() < 0.03, dues_category=dues_category,
        dues_base=Decimal(rng.randrange(low, high, 50)) if high else None,
        dues_from=max(month_start(joined), add_months(month_start(today), -dues_history)),
    )


demo.register_step(add_members)
demo.RESET_MODELS.append(Member)


demo.RESET_MODELS[:0] = [MembershipTransfer, MobileRecord, MembershipPeriod]  # before the members they point to
