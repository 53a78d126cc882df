"""Demo cadres: the county's leaders, township and agency leadership, and section-level staff (about 1,500 at
county scale), each with tenures, a resume written from those tenures, family, and the last three assessments.

At city and province scale only the first county gets cadres: the cadre record is per county and the larger
scales exist to measure the member register and statistics.
"""

import datetime as dt
import random
from collections import Counter
from decimal import Decimal

from zugong.cadres.codes import Grade
from zugong.cadres.models import (
    AnnualAssessment,
    Cadre,
    ComponentScore,
    FamilyRelation,
    Position,
    Rank,
    ResumeEntry,
    RoutineAssessment,
    Tenure,
)
from zugong.cadres.policies import EXCELLENT_SHARE
from zugong.core.dates import add_months
from zugong.core.policy import policy_int
from zugong.core.validators import id_check_char
from zugong.organizations import demo
from zugong.organizations.models import Organization

REGION = "360723"  # cadres' numbers use another address code than the demo members' (360721)
R = Rank
COUNTY_POSTS = [("县委书记", R.COUNTY_HEAD), ("县长", R.COUNTY_HEAD), ("县委副书记", R.COUNTY_DEPUTY),
                *[(f"县委常委（{n}）", R.COUNTY_DEPUTY) for n in ("组织部部长", "宣传部部长", "政法委书记",
                                                            "纪委书记", "统战部部长", "常务副县长", "办公室主任")],
                *[(f"副县长（{n}）", R.COUNTY_DEPUTY) for n in ("分管农业", "分管工业", "分管教育", "分管城建",
                                                           "分管卫健")]]
TOWNSHIP_POSTS = [("党委书记", R.SECTION_HEAD, False), ("党委副书记、镇长", R.SECTION_HEAD, False),
                  ("人大主席", R.SECTION_HEAD, False), ("党委副书记", R.SECTION_DEPUTY, False),
                  ("纪委书记", R.SECTION_DEPUTY, False), ("组织委员", R.SECTION_DEPUTY, False),
                  ("宣传委员", R.SECTION_DEPUTY, False), ("武装部部长", R.SECTION_DEPUTY, False),
                  *[(f"副镇长（{n}）", R.SECTION_DEPUTY, False) for n in ("一", "二", "三")],
                  *[(f"{n}主任", R.STAFF, True) for n in ("党政综合办公室", "党建工作办公室", "经济发展办公室",
                                                        "社会事务办公室", "综合行政执法队", "便民服务中心",
                                                        "农业综合服务中心", "财政所", "退役军人服务站",
                                                        "社会治理中心", "应急管理办公室", "自然资源所")]]
TOWNSHIP_STAFF = ("一级科员", 35)  # one post held by many
AGENCY_POSTS = [("局长", R.SECTION_HEAD), ("副局长（一）", R.SECTION_DEPUTY), ("副局长（二）", R.SECTION_DEPUTY),
                ("副局长（三）", R.SECTION_DEPUTY), ("办公室主任", R.STAFF), ("业务股股长", R.STAFF),
                ("综合股股长", R.STAFF), ("一级科员", R.STAFF)]
SCHOOLS = ["山西大学", "山西师范大学", "太原理工大学", "山西农业大学", "中北大学", "长治学院", "晋城职业技术学院"]
MAJORS = ["中文系汉语言文学专业", "经济系经济学专业", "法学院法学专业", "农学院农学专业", "管理学院行政管理专业"]
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华建国文斌志红"
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def _id_number(birth: dt.date, sequence: int, male: bool, used: set[str]) -> str:
    """A valid number, unique among the demo's cadres: odd 17th digit for men, even for women (GB 11643)."""
    serial = sequence % 500 * 2 + (1 if male else 0)
    while (first17 := f"{REGION}{birth:%Y%m%d}{serial:03d}") in used:
        serial = (serial + 2) % 1000
    used.add(first17)
    return first17 + id_check_char(first17)


def _positions(county: Organization) -> list[tuple[Position, int]]:
    """The county's positions, each with how many cadres hold it (most one; a township's 一级科员 many)."""
    positions = [(Position(organization=county, title=title, rank=rank), 1) for title, rank in COUNTY_POSTS]
    for township in Organization.objects.filter(parent=county, kind=Organization.Kind.COMMITTEE,
                                                sector=Organization.Sector.RURAL).order_by("path"):
        place = township.name.removesuffix("党委")
        positions += [(Position(organization=township, title=f"{place}{title}", rank=rank, grassroots=True,
                                is_leading=not staff), 1) for title, rank, staff in TOWNSHIP_POSTS]
        title, holders = TOWNSHIP_STAFF
        positions.append((Position(organization=township, title=f"{place}{title}", rank=R.STAFF, grassroots=True,
                                   is_leading=False), holders))
    for agency in Organization.objects.filter(parent__parent=county, parent__kind=Organization.Kind.WORKING_COMMITTEE,
                                              kind=Organization.Kind.BRANCH).order_by("path"):
        place = agency.name.removesuffix("机关党支部")
        positions += [(Position(organization=agency, title=f"{place}{title}", rank=rank,
                                is_leading=rank != R.STAFF), 1) for title, rank in AGENCY_POSTS]
    Position.objects.bulk_create([p for p, _holders in positions])
    return positions


def add_cadres(ctx: demo.DemoContext) -> None:
    rng, today = ctx.rng, ctx.today
    share = policy_int(EXCELLENT_SHARE.key)
    county = ctx.counties[0] if ctx.counties else ctx.root
    assert county is not None
    positions = _positions(county)
    cadres, plans, used_numbers = [], [], set[str]()
    held = [position for position, holders in positions for _ in range(holders)]
    for number, position in enumerate(held, start=1):
        rank_step = list(Rank).index(Rank(position.rank))
        age = rng.randint(24 + 5 * rank_step, 40 + 4 * rank_step)
        birth = dt.date(today.year - age, rng.randint(1, 12), 1)
        male = rng.random() < 0.72
        graduated = dt.date(birth.year + rng.choice((21, 22, 22, 23)), 7, 1)
        start = add_months(graduated, 2)
        cadre = Cadre(
            name=_name(rng), gender="男" if male else "女", birth=birth, ethnicity="01" if rng.random() < 0.97 else "03",
            native_place=rng.choice(("山西泽州", "山西高平", "山西阳城", "山西陵川", "河南焦作")),
            birthplace=rng.choice(("山西泽州", "山西晋城", "山西高平")), party_joined=add_months(start, rng.randint(6, 60)),
            work_started=start, health="健康", full_time_level=rng.choice(("大学", "大学", "大专", "研究生")),
            full_time_level_school=f"{rng.choice(SCHOOLS)}{rng.choice(MAJORS)}",
            id_number=_id_number(birth.replace(day=rng.randint(1, 28)), number, male, used_numbers),
            organization=position.organization, org_path=position.organization.path,  # bulk_create skips save()
            reporting_unit="中共示范县委组织部",
        )
        cadre.full_time_degree = {"大学": "学士", "研究生": "硕士"}.get(cadre.full_time_level, "")
        cadre.full_time_degree_school = cadre.full_time_level_school if cadre.full_time_degree else ""
        cadres.append(cadre)
        plans.append((position, graduated, start, rank_step))
    Cadre.objects.bulk_create(cadres)
    tenures, resume, family, assessments = [], [], [], []
    serving = Counter(cadre.organization_id for cadre in cadres)
    excellent: Counter = Counter()  # (unit, year) → 优秀 given, kept within the unit's quota as the service would
    earlier = {p.organization_id: p for p, _h in positions if p.rank == R.STAFF}  # where careers began
    anywhere = next(iter(earlier.values()))  # for posts of an organization without staff posts (the county's)
    for cadre, (position, graduated, start, rank_step) in zip(cadres, plans, strict=True):
        lines: list[tuple[dt.date, dt.date | None, str]] = [
            (add_months(graduated, -48), graduated, f"{cadre.full_time_level_school}学习")]
        began = start
        if rank_step and (first := earlier.get(position.organization_id, anywhere)) != position:
            # Worked up from a staff post. Most took their post within the last nine years; a few have held it past the ten-year limit.
            moved = add_months(today, -rng.randint(125, 160) if rng.random() < 0.03 else -rng.randint(3, 108))
            moved = max(moved, add_months(start, 12))
            if moved > start:
                tenures.append(Tenure(cadre=cadre, position=first, started_on=start, ended_on=moved))
                lines.append((start, moved, first.title))
                began = moved
        held_from = min(began, today)
        tenures.append(Tenure(cadre=cadre, position=position, started_on=held_from,
                              document=f"示组任〔{held_from.year}〕{rng.randint(1, 120)}号"))
        lines.append((held_from, None, position.title))
        resume += [ResumeEntry(cadre=cadre, number=n, start=a.replace(day=1), end=b.replace(day=1) if b else None,
                               text=text) for n, (a, b, text) in enumerate(lines, start=1)]
        relatives = [("12" if cadre.gender == "男" else "11", 0), (rng.choice(("20", "30")), -28), ("51", 28)]
        for n, (relation, offset) in enumerate(relatives, start=1):
            born = dt.date(cadre.birth.year - offset + rng.randint(-3, 3), rng.randint(1, 12), 1)
            deceased = relation == "51" and rng.random() < 0.3
            family.append(FamilyRelation(
                cadre=cadre, number=n, relation=relation, name=_name(rng), birth=None if deceased else born,
                political_status=rng.choice(("01", "13", "13")) if relation != "20" and relation != "30" else "03",
                work_unit_and_post="已去世" if deceased else rng.choice(("示范县第一中学教师", "务农", "退休", "学生"))))
        for year in range(today.year - 3, today.year):
            if dt.date(year, 12, 31) > start:
                quota = (serving[cadre.organization_id] * share * 2 + 100) // 200
                grade = Grade.EXCELLENT if rng.random() < 0.15 else Grade.COMPETENT
                if grade == Grade.EXCELLENT and excellent[cadre.organization_id, year] >= quota:
                    grade = Grade.COMPETENT
                if grade == Grade.EXCELLENT:
                    excellent[cadre.organization_id, year] += 1
                elif rng.random() < 0.01:
                    grade = Grade.BASICALLY_COMPETENT
                assessments.append(AnnualAssessment(cadre=cadre, year=year, grade=grade, unit=cadre.organization))
    routine, scores = [], []
    quarters_begun = (today.month - 1) // 3 + 1
    for cadre, (_p, _g, _s, rank_step) in zip(cadres, plans, strict=True):
        if rank_step == 0:
            continue  # leaders: 平时考核 this year, the 三位一体 scores of last year (seed 001)
        routine += [RoutineAssessment(cadre=cadre, year=today.year, quarter=q,
                                      grade=rng.choices(RoutineAssessment.Grade.values, (50, 40, 9, 1))[0])
                    for q in range(1, quarters_begun)]
        scores += [ComponentScore(cadre=cadre, year=today.year - 1, component=component,
                                  score=Decimal(rng.randint(7800, 9900)) / 100)
                   for component in ComponentScore.Component.values]
    RoutineAssessment.objects.bulk_create(routine)
    ComponentScore.objects.bulk_create(scores)
    Tenure.objects.bulk_create(tenures)
    ResumeEntry.objects.bulk_create(resume)
    FamilyRelation.objects.bulk_create(family)
    AnnualAssessment.objects.bulk_create(assessments)
    ctx.counts["cadres"] = len(cadres)


demo.register_step(add_cadres)
demo.RESET_MODELS[:0] = [RoutineAssessment, ComponentScore, AnnualAssessment, FamilyRelation, ResumeEntry, Tenure,
                         Cadre, Position]
