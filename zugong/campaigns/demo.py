"""Demo campaign (主题实践活动示范数据): seed 000's 三抓三促 rebuilt on the first county, dated from the demo's today.

Ten months in three phases (动员部署 one month, 组织实施 seven, 总结提高 two), begun about five months ago, so the
demo stands in the second phase. 28 work groups, one per village with the LOWEST collective income of last year
(``statistics.VillageIncome``; villages without a figure come after those with one), each led by a county agency's
branch with 3–5 of its cadres (the last group is left with two, so the size check has one finding). The seed's
dates to the day become offsets from the start: members' lists due on day 22 (3月23日), groups in their villages by
day 18 (3月19日). The 五个一 template gives each group five tasks due on day 120; every state is present (passed,
reported and waiting, returned with a reason, overdue), reported and reviewed through the services on their own
backdated days. County leaders each hold one village (挂点) and log visits (one is short one month); four
organization cadres hold the seed's pattern of contact points (one short of villages and a school). Two inspections
(明察 on day 60, 暗访 three weeks ago, one rectification past its day) and two bulletins issued from the data.
"""

import datetime as dt
import random
from decimal import Decimal

from zugong.accounts.models import User
from zugong.cadres.models import Cadre
from zugong.campaigns import procedure, services
from zugong.campaigns.models import (
    Bulletin,
    Campaign,
    ContactPoint,
    Inspection,
    InspectionFinding,
    Phase,
    Task,
    TaskTemplate,
    Visit,
    WorkGroup,
)
from zugong.core.access import DomainError
from zugong.organizations import demo
from zugong.organizations.models import Organization, WorkUnit
from zugong.pairing.models import Pairing
from zugong.statistics.models import VillageIncome

GROUPS = 28
TITLE = "“三抓三促强基础、服务‘四区’当先锋”主题实践活动"
GOALS = ("抓班子带队伍促发展、抓基础强保障促和谐、抓服务树形象促满意。县直和省市驻县各单位挂点指导一个村，"
         "抽调3—5名干部组成工作组，每组帮扶指导一个经济薄弱村，突出抓好“五个一”工作。")
FIVE = ("五个一", [
    ("整顿转化一批后进支部", "对软弱涣散的村党组织逐一分析原因，制定整顿方案，限期转化"),
    ("挂点联系一个党建项目", "确定一个党建项目，由工作组挂点联系，报送项目进展"),
    ("帮助基层解决一批实际问题", "收集群众意见建议，逐件建立台账并报送办理结果"),
    ("指导帮助一批村级党组织发展壮大村级集体经济", "结合村情制定集体经济发展计划，报送项目和收入情况"),
    ("结对帮扶一批困难群众", "工作组成员每人结对帮扶困难户，报送帮扶户数和帮扶资金"),
])
STARTED_DAYS_AGO = 150
RETURN_REASONS = ["材料不全，请补充整改台账", "未附现场照片，请补充", "数字与台账不一致，请核对后重报"]
FINDINGS = {"good": "工作组在岗，台账齐全", "fair": "工作组驻村天数不足，部分台账不全",
            "poor": "工作组成员多次不在岗，“五个一”任务推进缓慢"}


def _villages(county: Organization, year: int) -> list[Organization]:
    """The party organizations of the villages with the lowest collective income of ``year`` (then the rest)."""
    units = (WorkUnit.objects.filter(kind=WorkUnit.Kind.VILLAGE, is_closed=False, covered_by__isnull=False,
                                     covered_by__is_closed=False, managed_by__path__startswith=county.path)
             .select_related("covered_by"))
    income = dict(VillageIncome.objects.filter(year=year).values_list("village_id", "amount"))
    ordered = sorted(units, key=lambda u: (u.pk not in income, income.get(u.pk, Decimal(0)), u.pk))
    seen, villages = set(), []
    for unit in ordered:
        if unit.covered_by_id not in seen:
            seen.add(unit.covered_by_id)
            villages.append(unit.covered_by)
        if len(villages) == GROUPS:
            break
    return villages


def _agencies(county: Organization) -> list[tuple[Organization, list[Cadre]]]:
    """County agencies' branches with their serving cadres (the groups' leading units and members)."""
    found = []
    for agency in Organization.objects.filter(path__startswith=county.path, sector=Organization.Sector.AGENCY,
                                              kind=Organization.Kind.BRANCH, is_closed=False).order_by("path"):
        cadres = list(Cadre.objects.filter(organization=agency, status=Cadre.Status.SERVING).order_by("pk"))
        if len(cadres) >= 2:
            found.append((agency, cadres))
    return found


def _template(actor) -> TaskTemplate:
    template = TaskTemplate.objects.filter(name=FIVE[0]).first()
    return template or services.create_template(actor, name=FIVE[0], items=FIVE[1],
                                                description="“三抓三促”工作组的五项任务（县委组织部动员会议讲话）")


def add_campaign(ctx: demo.DemoContext) -> None:
    actor = User.objects.filter(username="admin").first()
    county = ctx.counties[0] if ctx.counties else ctx.root
    if actor is None or county is None:
        return
    rng, today = ctx.rng, ctx.today
    start = today - dt.timedelta(days=STARTED_DAYS_AGO)
    end = start + dt.timedelta(days=303)  # ten months
    mobilise, carry_out = start + dt.timedelta(days=30), start + dt.timedelta(days=243)
    campaign = services.create_campaign(
        actor, organization=county, title=TITLE, starts_on=start, ends_on=end, goals=GOALS,
        phases=[("动员部署", start, mobilise, "召开动员会议，组建工作组，工作组进村"),
                ("组织实施", mobilise + dt.timedelta(days=1), carry_out, "突出抓好“五个一”工作，开展明察暗访"),
                ("总结提高", carry_out + dt.timedelta(days=1), end, "总结验收，通报表彰，建立长效机制")])
    villages = _villages(county, today.year - 1)
    agencies = _agencies(county)
    if not villages or not agencies:
        return
    groups = _groups(actor, campaign, villages, agencies, rng, start)
    # The agencies' pairing aid at the groups' villages (the pairing demo's, over the same weakest villages) is the
    # campaign's: its projects and venues are the campaign's results (seed 000: the work groups brought them).
    Pairing.objects.filter(village__in=[g.village for g in groups], campaign__isnull=True).update(campaign=campaign)
    _tasks(actor, campaign, groups, rng, start, today)
    _secretary_task(actor, campaign, today)
    leaders = list(Cadre.objects.filter(organization=county, status=Cadre.Status.SERVING).order_by("pk")[:8])
    _points_and_visits(campaign, leaders, agencies, villages, county, rng, start, today)
    _inspections(actor, campaign, villages, rng, start, today)
    for as_of in (start + dt.timedelta(days=64), today - dt.timedelta(days=7)):
        bulletin = services.draft_bulletin(actor, campaign, as_of=as_of)
        services.issue_bulletin(actor, bulletin, day=as_of + dt.timedelta(days=1))
    ctx.counts["主题实践活动任务"] = Task.objects.filter(campaign=campaign).count()


def _groups(actor, campaign, villages, agencies, rng, start) -> list[WorkGroup]:
    groups = []
    for number, village in enumerate(villages):
        agency, cadres = agencies[number % len(agencies)]
        size = 2 if number == len(villages) - 1 else min(len(cadres), 3 + number % 3)
        members = rng.sample(cadres, min(size, len(cadres)))
        groups.append(services.add_group(
            actor, campaign, name=f"{agency.name.removesuffix('机关党支部')}工作组", village=village,
            members=members, leader=members[0], leader_organization=agency,
            arrived_on=start + dt.timedelta(days=rng.randint(10, 18))))
    return groups


def _tasks(actor, campaign, groups, rng: random.Random, start: dt.date, today: dt.date) -> None:
    first = services.assign_task(actor, campaign, title="报送工作组成员名单", groups=groups,
                                 deadline=start + dt.timedelta(days=22),
                                 description="各单位将工作组成员名单报县委“三抓三促”活动办公室",
                                 phase=campaign.phases.get(position=1))
    five = services.assign_template(actor, campaign, template=_template(actor), groups=groups,
                                    deadline=start + dt.timedelta(days=120), phase=campaign.phases.get(position=2))
    services.assign_task(actor, campaign, title="报送活动中期工作总结", groups=groups,
                         deadline=today + dt.timedelta(days=5), phase=campaign.phases.get(position=2))
    services.assign_task(actor, campaign, title="报送“五个一”工作台账", groups=groups,
                         deadline=today + dt.timedelta(days=40), phase=campaign.phases.get(position=2))
    for task in first:
        _walk(actor, task, "accepted", rng, today)
    # The five tasks of each group: mostly passed, some waiting, some returned, some never reported (overdue).
    states = ["accepted"] * 11 + ["reported"] * 3 + ["returned"] * 2 + ["open"] * 4
    for number, task in enumerate(five):
        _walk(actor, task, states[(number * 7) % len(states)], rng, today)


def _secretary_task(actor, campaign, today: dt.date) -> None:
    """The demo branch secretary's village owes a task too (a unit's own, not a group's), due soon: the secretary
    signing in with the demo account reports it from a phone."""
    secretary = User.objects.filter(username="branch").first()
    assignment = secretary.role_assignments.select_related("organization").first() if secretary else None
    if assignment is None or not campaign.starts_on <= today + dt.timedelta(days=10) <= campaign.ends_on:
        return
    services.assign_task(actor, campaign, title="报送村级“五个一”工作台账", organizations=[assignment.organization],
                         deadline=today + dt.timedelta(days=10), phase=campaign.phases.get(position=2),
                         description="村党组织将本村落实“五个一”的情况、数量和照片报送县委“三抓三促”活动办公室")


def _walk(actor, task: Task, state: str, rng: random.Random, today: dt.date) -> None:
    if state == "open":
        return
    task.refresh_from_db()
    reported = min(task.deadline + dt.timedelta(days=rng.randint(-15, 4)), today)
    try:
        services.report_task(actor, task, day=reported, text=f"{task.title}：已按要求完成，附台账。",
                             quantity=rng.randint(1, 12), amount=Decimal(rng.randint(0, 300)) / 10)
        if state == "reported":
            return
        reviewed = min(reported + dt.timedelta(days=rng.randint(1, 6)), today)
        if state == "returned":
            services.review_task(actor, task, accept=False, reason=rng.choice(RETURN_REASONS), day=reviewed)
        else:
            services.review_task(actor, task, accept=True, day=reviewed)
    except DomainError:  # a day the procedure refuses: the task stays where it is
        return


def _points_and_visits(campaign, leaders, agencies, villages, county, rng, start, today) -> None:
    points, visits = [], []
    for number, leader in enumerate(leaders):
        village = villages[number % len(villages)]
        points.append(ContactPoint(campaign=campaign, cadre=leader, holder=ContactPoint.Holder.LEADER,
                                   kind=ContactPoint.Kind.VILLAGE, organization=village, org_path=village.path))
        for month in procedure.months_between(start, today + dt.timedelta(days=31)):
            times = 1 if (number == 1 and month.month % 2 == 0) else rng.randint(2, 3)
            for _ in range(times):
                day = month + dt.timedelta(days=rng.randint(0, 27))
                if start <= day <= today:
                    visits.append(Visit(campaign=campaign, cadre=leader, organization=village, org_path=village.path,
                                        visited_on=day, purpose=rng.choice(["调研集体经济项目", "走访困难群众",
                                                                            "督导“五个一”任务", "召开村组干部座谈会"])))
    townships = list(Organization.objects.filter(parent=county, kind=Organization.Kind.COMMITTEE,
                                                 sector=Organization.Sector.RURAL).order_by("path"))
    by_sector = {sector: list(Organization.objects.filter(path__startswith=county.path, sector=sector,
                                                          is_closed=False).order_by("path")[:40])
                 for sector in (Organization.Sector.PRIVATE_ENTERPRISE, Organization.Sector.SCHOOL,
                                Organization.Sector.SOCIAL_ORG)}
    organizers = agencies[0][1][:4]
    for number, cadre in enumerate(organizers):
        wanted = [(ContactPoint.Kind.TOWNSHIP, townships[number % len(townships)] if townships else None)]
        rural = [v for v in villages[number * 5: number * 5 + (3 if number == 3 else 5)]]
        wanted += [(ContactPoint.Kind.VILLAGE, v) for v in rural]
        for kind, sector in ((ContactPoint.Kind.ENTERPRISE, Organization.Sector.PRIVATE_ENTERPRISE),
                             (ContactPoint.Kind.SCHOOL, Organization.Sector.SCHOOL),
                             (ContactPoint.Kind.SOCIAL_ORG, Organization.Sector.SOCIAL_ORG)):
            if number == 3 and kind == ContactPoint.Kind.SCHOOL:
                continue
            choices = by_sector[sector]
            wanted.append((kind, choices[number % len(choices)] if choices else None))
        points += [ContactPoint(campaign=campaign, cadre=cadre, holder=ContactPoint.Holder.ORGANIZATION_CADRE,
                                kind=kind, organization=org, org_path=org.path) for kind, org in wanted if org]
    ContactPoint.objects.bulk_create(points, ignore_conflicts=True)
    Visit.objects.bulk_create(visits, batch_size=demo.BATCH)


def _inspections(actor, campaign, villages, rng, start, today) -> None:
    plans = [("第一轮督查", Inspection.Kind.PLANNED, start + dt.timedelta(days=60), villages[:8]),
             ("明察暗访", Inspection.Kind.UNANNOUNCED, today - dt.timedelta(days=21), villages[8:14])]
    for title, kind, day, inspected in plans:
        inspection = services.record_inspection(actor, campaign, title=title, kind=kind, started_on=day,
                                                ended_on=day + dt.timedelta(days=3), inspectors="县委督查组",
                                                summary="对工作组到位情况和“五个一”任务落实情况进行督查")
        for number, village in enumerate(inspected):
            rating = ["good", "good", "fair", "poor"][number % 4]
            asked = rating != "good"
            item = services.add_inspection_finding(
                actor, inspection, organization=village, rating=rating, found=FINDINGS[rating],
                rectification="限期整改，书面报告整改情况" if asked else "",
                rectify_by=day + dt.timedelta(days=18) if asked else None)
            if asked and kind == Inspection.Kind.PLANNED:
                services.record_rectified(actor, item, day=day + dt.timedelta(days=rng.randint(8, 16)),
                                          note="已整改到位，台账补齐")


def _after_pairing() -> int:
    """Reset position: after any table that points at a campaign (pairing aid's), before the cadres and the tree."""
    return max((index + 1 for index, model in enumerate(demo.RESET_MODELS)
                if any(getattr(f, "related_model", None) is Campaign for f in model._meta.fields)), default=0)


demo.register_step(add_campaign)
demo.RESET_MODELS[_after_pairing():_after_pairing()] = [Bulletin, InspectionFinding, Inspection, Visit, ContactPoint,
                                                       Task, WorkGroup, Phase, Campaign, TaskTemplate]
