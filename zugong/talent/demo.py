"""Demo talent data (seeds 000, 001, 003): about 800 talents of the demo county over the six categories and the
leading industries — some of them members or cadres of the register (linked, not copied) —, awards that make a
few of them 高层次, records shared with a county department, the 30万元 talent fund of seed 000, a round of the
高层次人才1123工程 with applications, scores, decisions and grants from the fund, a 泽州工匠 recognition list and
rural practical talent evaluations. Talents and their awards are written in bulk (``core.bulk.insert_many``).
"""

import datetime as dt
from decimal import Decimal

from django.db import transaction

from zugong.cadres.models import Cadre
from zugong.core.bulk import insert_many
from zugong.members.codes import Education
from zugong.members.models import Member
from zugong.organizations import demo
from zugong.organizations.models import Organization, WorkUnit
from zugong.talent import levels
from zugong.talent.catalogue import install
from zugong.talent.models import (
    Application,
    Award,
    AwardLevel,
    Criterion,
    Degree,
    FundEntry,
    Industry,
    Program,
    ProgramRound,
    RecognitionEntry,
    RecognitionList,
    ReviewScore,
    RuralCriterion,
    RuralEvaluation,
    RuralScore,
    Sharing,
    Talent,
    TalentCategory,
    TalentFund,
    TitleGrade,
)

TALENTS = 800
FUND = Decimal("300000.00")  # seed 000: 建立30万元人才工作发展基金
SKILLS = {
    "party_government": ("党建工作", "乡村规划", "基层治理", "招商引资"),
    "enterprise": ("企业管理", "市场营销", "财务管理", "项目融资"),
    "professional": ("冶金材料研发", "机械设计", "临床医学", "中学教学", "农业技术推广", "软件开发"),
    "high_skill": ("数控车工", "电焊", "钳工", "电工", "模具制造"),
    "rural": ("蔬菜种植", "生猪养殖", "果树栽培", "农机维修", "电商销售", "农家乐经营"),
    "social_work": ("社区服务", "养老服务", "心理咨询", "志愿服务组织"),
}
CATEGORY_SHARE = [("party_government", 0.12), ("enterprise", 0.14), ("professional", 0.30), ("high_skill", 0.16),
                  ("rural", 0.22), ("social_work", 0.06)]
AWARDS = [("省五一劳动奖章", AwardLevel.PROVINCIAL), ("市级劳动模范", AwardLevel.MUNICIPAL),
          ("县级优秀人才", AwardLevel.COUNTY), ("全国技术能手", AwardLevel.NATIONAL),
          ("省科学技术进步奖", AwardLevel.PROVINCIAL), ("市科技进步奖", AwardLevel.MUNICIPAL)]
EDUCATIONS = [Education.POSTGRADUATE, Education.UNDERGRADUATE, Education.UNDERGRADUATE, Education.COLLEGE,
              Education.COLLEGE, Education.SECONDARY, Education.HIGH_SCHOOL, Education.MIDDLE_SCHOOL]


def _pick(rng, shares) -> str:
    point, total = rng.random(), 0.0
    for code, share in shares:
        total += share
        if point < total:
            return code
    return shares[-1][0]


def add_talent(ctx: demo.DemoContext) -> None:
    from django.apps import apps

    install(apps)
    county = ctx.counties[0] if ctx.counties else ctx.root
    if county is None:
        return
    with transaction.atomic():
        talents = _talents(ctx, county)
        _awards(ctx, talents)
        _sharing(ctx, county, talents)
        fund = _fund(ctx, county)
        _program_round(ctx, county, fund, talents)
        _recognition(ctx, county, talents)
        _rural(ctx, talents)
    ctx.counts["人才"] = len(talents)


def _talents(ctx, county: Organization) -> list[Talent]:
    rng, today = ctx.rng, ctx.today
    categories = {c.code: c for c in TalentCategory.objects.all()}
    industries = list(Industry.objects.all())
    units = list(WorkUnit.objects.filter(is_closed=False, managed_by__path__startswith=county.path).select_related(
        "managed_by")[:3000])
    if not units:
        return []
    members = list(Member.objects.active().under(county.path).order_by("?")[:80])
    cadres = list(Cadre.objects.filter(org_path__startswith=county.path, status=Cadre.Status.SERVING,
                                       talent__isnull=True).order_by("?")[:30])
    made: list[Talent] = []
    for _number in range(TALENTS):
        code = _pick(rng, CATEGORY_SHARE)
        unit = rng.choice(units)
        member = members.pop() if code in ("rural", "professional", "high_skill") and members and rng.random() < 0.3 \
            else None
        cadre = cadres.pop() if code == "party_government" and cadres and member is None else None
        if cadre is not None:
            organization, unit_of = cadre.organization, None
        elif member is not None:
            organization, unit_of = member.organization, member.work_unit
        else:
            organization, unit_of = unit.managed_by, unit
        degree = rng.choices([Degree.DOCTOR, Degree.MASTER, Degree.BACHELOR, Degree.NONE], [2, 8, 40, 50])[0]
        title = TitleGrade.NONE
        if code == "professional":
            title = rng.choices([TitleGrade.SENIOR_FULL, TitleGrade.SENIOR_DEPUTY, TitleGrade.INTERMEDIATE,
                                 TitleGrade.JUNIOR], [4, 16, 45, 35])[0]
        if code in ("rural", "high_skill", "social_work") and degree in (Degree.DOCTOR, Degree.MASTER):
            degree = Degree.NONE
        birth = dt.date(today.year - rng.randint(24, 62), rng.randint(1, 12), rng.randint(1, 28))
        person = {} if member or cadre else {
            "own_name": demo.person_name(rng), "own_gender": rng.choice(["male", "male", "female"]),
            "own_birth_date": birth,
            "own_education": Education.POSTGRADUATE if degree in (Degree.DOCTOR, Degree.MASTER)
            else rng.choice(EDUCATIONS[1:])}
        industry = rng.choice(industries) if code in ("enterprise", "professional", "high_skill", "rural") \
            and rng.random() < 0.85 else None
        talent = Talent(member=member, cadre=cadre, category=categories[code], industry=industry, degree=degree,
                        title_grade=title, organization=organization, unit=unit_of,
                        skills="、".join(rng.sample(SKILLS[code], 2)), post="",
                        phone=f"13{rng.randint(0, 9)}{rng.randint(10_000_000, 99_999_999)}",
                        org_path=organization.path, **person)
        talent.level = levels.level_for(degree=degree, title_grade=title, award_levels=[])
        made.append(talent)
    return insert_many(made)


def _awards(ctx, talents: list[Talent]) -> None:
    rng = ctx.rng
    awards = []
    for talent in rng.sample(talents, min(len(talents), 90)):
        title, level = rng.choice(AWARDS)
        awards.append(Award(talent=talent, title=title, level=level, year=ctx.today.year - rng.randint(0, 6),
                            issuer=""))
    insert_many(awards)
    rules = levels.active_rules()
    by_talent: dict[int, list[str]] = {}
    for award in awards:
        by_talent.setdefault(award.talent_id, []).append(award.level)
    for talent in talents:
        if talent.pk in by_talent:
            level = levels.level_for(degree=talent.degree, title_grade=talent.title_grade,
                                     award_levels=by_talent[talent.pk], rules=rules)
            if level != talent.level:
                talent.level = level
                Talent.objects.filter(pk=talent.pk).update(level=level)


def _sharing(ctx, county: Organization, talents: list[Talent]) -> None:
    """Seed 000's 人才信息共享平台: the professional and enterprise talents shared with a county department."""
    departments = list(Organization.objects.filter(parent=county, sector=Organization.Sector.AGENCY,
                                                   is_closed=False)[:2])
    if not departments:
        return
    shared = [t for t in talents if t.category.code in ("professional", "enterprise")][:120]
    insert_many([Sharing(talent=t, organization=departments[i % len(departments)]) for i, t in enumerate(shared)])


def _fund(ctx, county: Organization) -> TalentFund:
    fund = TalentFund.objects.create(name="人才工作发展基金", organization=county, balance=FUND)
    FundEntry.objects.create(fund=fund, kind=FundEntry.Kind.DEPOSIT, amount=FUND, balance_after=FUND,
                             day=ctx.today.replace(month=1, day=1), note="县财政拨入人才工作发展基金")
    return fund


def _program_round(ctx, county: Organization, fund: TalentFund, talents: list[Talent]) -> None:
    rng, today = ctx.rng, ctx.today
    programs = {name: Program.objects.create(name=name, level=level, description=text) for name, level, text in (
        ("赣鄱英才555工程", AwardLevel.PROVINCIAL, "省级重大人才工程，县里做好人选申报"),
        ("高层次人才1123工程", AwardLevel.COUNTY, "围绕五大主导产业引进培养高层次人才"),
        ("企业精英人才工程", AwardLevel.COUNTY, "培养一批民营企业经营管理人才"))}
    round_ = ProgramRound.objects.create(
        program=programs["高层次人才1123工程"], title=f"{today.year}年第一批", organization=county,
        opens_on=today - dt.timedelta(days=60), closes_on=today - dt.timedelta(days=20), fund=fund,
        status=ProgramRound.Status.REVIEWING)
    Criterion.objects.create(round=round_, kind=Criterion.Kind.MIN_LEVEL, value="key")
    Criterion.objects.create(round=round_, kind=Criterion.Kind.MAX_AGE, value="55")
    ProgramRound.objects.create(program=programs["企业精英人才工程"], title=f"{today.year}年", organization=county,
                                opens_on=today - dt.timedelta(days=5), closes_on=today + dt.timedelta(days=40),
                                fund=fund)
    eligible = [t for t in talents if t.level in ("high", "key") and t.birth_date
                and t.age_on(today) <= 55][:12]
    balance = FUND
    for number, talent in enumerate(eligible):
        application = Application.objects.create(
            round=round_, talent=talent, project=f"{talent.skills.split('、')[0]}项目",
            amount_requested=Decimal(rng.choice([20000, 30000, 50000])))
        if number >= 8:
            continue  # still under review
        for reviewer in _reviewers():
            ReviewScore.objects.create(application=application, reviewer=reviewer, score=rng.randint(72, 95))
        approved = number < 6
        Application.objects.filter(pk=application.pk).update(
            status=Application.Status.APPROVED if approved else Application.Status.REJECTED,
            decision_note="经评审，同意入选" if approved else "评分未达入选分数线")
        if approved and number < 5 and application.amount_requested <= balance:
            balance -= application.amount_requested
            FundEntry.objects.create(fund=fund, kind=FundEntry.Kind.GRANT, amount=application.amount_requested,
                                     balance_after=balance, application=application,
                                     day=today - dt.timedelta(days=10 - number),
                                     note=f"{round_}：{talent.name}")
    TalentFund.objects.filter(pk=fund.pk).update(balance=balance)


def _reviewers() -> list:
    """Up to three of the demo's users review (the score rows need a user): administrators first."""
    from zugong.accounts.models import User

    return list(User.objects.order_by("pk")[:3])


def _recognition(ctx, county: Organization, talents: list[Talent]) -> None:
    rng = ctx.rng
    recognition = RecognitionList.objects.create(title="泽州工匠", year=ctx.today.year - 1, level=AwardLevel.COUNTY,
                                                 organization=county,
                                                 announced_on=dt.date(ctx.today.year - 1, 5, 1))
    chosen = [t for t in talents if t.category.code == "high_skill"][:10]
    entries = insert_many([RecognitionEntry(recognition=recognition, talent=t,
                                            citation=f"{t.skills.split('、')[0]}技艺精湛，带徒{rng.randint(3, 20)}名")
                           for t in chosen])
    insert_many([Award(talent_id=e.talent_id, title="泽州工匠", level=AwardLevel.COUNTY, year=recognition.year,
                       issuer=county.name, entry=e) for e in entries])


def _rural(ctx, talents: list[Talent]) -> None:
    from zugong.talent.services import rural_grade

    rng = ctx.rng
    criteria = list(RuralCriterion.objects.all())
    rural = [t for t in talents if t.category.code == "rural"][:60]
    evaluations, scores = [], []
    for talent in rural:
        points = [Decimal(round(c.max_points * rng.uniform(0.5, 1.0))) for c in criteria]
        total = sum(points, Decimal(0))
        evaluations.append(RuralEvaluation(talent=talent, year=ctx.today.year - 1, total=total,
                                           grade=rural_grade(total)))
        scores.append(points)
    insert_many(evaluations)
    insert_many([RuralScore(evaluation=e, criterion=c, points=p) for e, points in zip(evaluations, scores, strict=True)
                 for c, p in zip(criteria, points, strict=True)])


demo.register_step(add_talent)
# Before the members and cadres they link to (PROTECT); the code tables of the data migration stay.
demo.RESET_MODELS[:0] = [RuralScore, RuralEvaluation, FundEntry, ReviewScore, Application, Criterion, ProgramRound,
                         Program, TalentFund, Award, RecognitionEntry, RecognitionList, Sharing, Talent]
