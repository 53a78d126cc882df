"""Demo branch work: a year of 三会一课 and 主题党日 for every branch, general branch and group of the demo county,
each with its whole roll (出席 / 请假 / 缺席 with reasons), and a dozen 四议两公开 matters in villages at every step.

About one branch in ten (and one group in twenty) falls short of the rules — it skips some meetings, always the
general meeting of the last complete quarter — so the nightly check has something to find. At county scale this
writes about 30,000 meetings and 600,000 roll lines: meetings through ``bulk_create``, the roll as plain rows
(PostgreSQL ``COPY`` through ``core.bulk.insert_rows``; one ``executemany`` on SQLite, where building 600,000
model objects would take longer than the rest of the county's demo).
"""

import datetime as dt
from collections import defaultdict

from django.db import connection, transaction
from django.utils import timezone

from zugong.branchlife.models import (
    Attendance,
    DecisionStep,
    Meeting,
    ThemeDayActivity,
    ThemeDayItem,
    VillageDecision,
)
from zugong.branchlife.procedure import quorum_met
from zugong.branchlife.selectors import (
    OWING_KINDS,
    last_complete_period,
    may_vote,
    owed_kinds,
    quorum_fraction,
)
from zugong.branchlife.themeday import install_default_items
from zugong.core.bulk import insert_rows
from zugong.core.dates import add_months, month_start
from zugong.core.policy import policy_int
from zugong.members.models import Member
from zugong.organizations import demo
from zugong.organizations.models import Organization, WorkUnit

from . import policies as P

K, A, S = Meeting.Kind, Attendance.Status, VillageDecision.Step
TOPICS = {
    K.GENERAL_MEETING: ("讨论本季度党建工作", "讨论发展党员工作", "通报村级重大事项", "讨论年度工作计划"),
    K.COMMITTEE: ("研究本月工作安排", "研究党员教育管理工作", "研究集体经济发展", "研究为民办实事项目"),
    K.GROUP: ("学习党的基本知识", "交流思想和工作情况", "学习党章党规"),
    K.LECTURE: ("学习党章，做合格党员", "党的光辉历程", "乡村振兴与党员责任", "党的纪律和规矩"),
    K.LIFE_MEETING: ("年度组织生活会：对照检查、批评与自我批评",),
    K.THEME_DAY: ("主题党日：学习贯彻会议精神", "主题党日：为民办实事", "主题党日：重温入党初心"),
    K.DEMOCRATIC_LIFE: ("领导班子年度民主生活会：对照检查、批评与自我批评",),
}
OWN_ITEMS = ("清理村内环境卫生", "走访慰问困难群众", "政策宣讲进农户", "参观红色教育基地", "帮助群众解决实际困难")
EXCUSES = ("外出务工", "生病住院", "年老体弱", "家中有事")
ABSENCES = ("未请假", "联系不上")
MATTERS = ("村集体产业项目建设", "村道硬化工程", "集体土地流转", "村级光伏发电项目", "农田水利设施改造",
           "村集体资产出租", "人居环境整治项目", "村民饮水工程改造", "村级活动场所修缮", "集体经济合作社分红方案",
           "特色种植基地建设", "村内路灯安装")
SHORT_SHARE, SHORT_GROUP_SHARE = 0.10, 0.05


def add_branch_life(ctx: demo.DemoContext) -> None:
    if ctx.scale != "county":
        return  # the larger scales are for the register's benchmarks
    rng, today = ctx.rng, ctx.today
    install_default_items(ThemeDayItem)
    fixed = list(ThemeDayItem.objects.filter(is_active=True))
    min_full = policy_int(P.COMMITTEE_MIN_FULL_MEMBERS.key)
    holders = list(Organization.objects.open().filter(kind__in=OWING_KINDS).order_by("path"))
    by_path = {org.path: org for org in holders}
    roll: dict[int, list[Member]] = defaultdict(list)
    for member in Member.objects.active().only("pk", "org_path", "stage", "full_member_on").order_by("pk"):
        for end in range(10, len(member.org_path) + 1, 10):
            org = by_path.get(member.org_path[:end])
            if org is not None:
                roll[org.pk].append(member)
    first = month_start(add_months(today, -12))
    months = [add_months(first, n) for n in range(13)]  # twelve whole months and this one so far
    last_quarter = last_complete_period("quarter", today)
    meetings: list[Meeting] = []
    rolls: list[list[Member]] = []
    for org in holders:
        people = roll.get(org.pk)
        if not people:
            continue
        full = sum(1 for m in people if m.stage == Member.Stage.FULL)
        owed = owed_kinds(org.kind, full, min_full, org.sector)
        if not owed:
            continue
        short = rng.random() < (SHORT_GROUP_SHARE if org.kind == Organization.Kind.GROUP else SHORT_SHARE)
        committee = [m for m in people if m.stage == Member.Stage.FULL][:5]
        for month in months:
            kinds = [k for k in (K.COMMITTEE, K.GROUP, K.THEME_DAY) if k in owed]
            if month.month % 3 == 2:  # the middle month of each quarter
                kinds += [k for k in (K.GENERAL_MEETING, K.LECTURE) if k in owed]
            if month.month == 12:  # the year's organizational life and leadership democratic life meetings
                kinds += [k for k in (K.LIFE_MEETING, K.DEMOCRATIC_LIFE) if k in owed]
            for kind in kinds:
                day = month + dt.timedelta(days=rng.randint(0, 24))
                if day > today:
                    continue
                if short and (rng.random() < 0.35 or (kind == K.GENERAL_MEETING
                                                      and last_quarter.start <= day <= last_quarter.end)):
                    continue
                meetings.append(Meeting(
                    organization=org, org_path=org.path, kind=kind, held_on=day,
                    topic=rng.choice(TOPICS[kind]),
                    lecturer=("党支部书记" if rng.random() < 0.6 else demo.person_name(rng)) if kind == K.LECTURE else "",
                    minutes="会议按程序进行，到会党员逐一发言。" if kind != K.THEME_DAY else "",
                    resolutions="会议形成一致意见。" if kind in (K.GENERAL_MEETING, K.COMMITTEE) else ""))
                rolls.append(people if kind in (K.GENERAL_MEETING, K.LECTURE, K.LIFE_MEETING, K.THEME_DAY)
                             else committee if kind in (K.COMMITTEE, K.DEMOCRATIC_LIFE) else people)
    columns = ("organization_id", "org_path", "kind", "held_on", "topic", "lecturer", "minutes", "resolutions",
               "document", "recorded_at")
    now = timezone.now()
    pks = _insert_plain(Meeting, columns, [(m.organization_id, m.org_path, m.kind, m.held_on, m.topic, m.lecturer,
                                            m.minutes, m.resolutions, "", now) for m in meetings])
    for meeting, pk in zip(meetings, pks, strict=True):
        meeting.pk = pk
    lines, present_full = _roll_lines(ctx, meetings, rolls)
    activities: list[tuple] = []
    for meeting in meetings:
        if meeting.kind == K.THEME_DAY:
            activities += [(meeting.pk, item.pk, item.name) for item in fixed]
            activities += [(meeting.pk, None, name) for name in rng.sample(OWN_ITEMS, k=rng.randint(1, 2))]
    _insert_plain(ThemeDayActivity, ("meeting_id", "item_id", "name"), activities)
    _insert_plain(Attendance, ("meeting_id", "member_id", "status", "reason", "may_vote"), lines)
    _decisions(ctx, [m for m in meetings if m.kind == K.GENERAL_MEETING and present_full[m.pk]])


def _roll_lines(ctx: demo.DemoContext, meetings: list[Meeting], rolls: list[list[Member]]):
    """Each meeting's roll as plain rows, and whether more than half of its full members were present."""
    rng = ctx.rng
    lines: list[tuple] = []
    quorum: dict[int, bool] = {}
    fraction = quorum_fraction()
    for meeting, people in zip(meetings, rolls, strict=True):
        voting = present = 0
        for member in people:
            draw = rng.random()
            status = A.PRESENT if draw < 0.86 else A.EXCUSED if draw < 0.96 else A.ABSENT
            reason = "" if status == A.PRESENT else rng.choice(EXCUSES if status == A.EXCUSED else ABSENCES)
            vote = may_vote(member, meeting.held_on)
            voting += vote
            present += vote and status == A.PRESENT
            lines.append((meeting.pk, member.pk, str(status), reason, vote))
        quorum[meeting.pk] = quorum_met(voting, present, fraction)
    return lines, quorum


def _insert_plain(model, columns: tuple[str, ...], rows: list[tuple]) -> list[int]:
    """Rows of ``columns`` without model objects, returning their new ids in order: ``core.bulk.insert_rows``
    (COPY) on PostgreSQL, one ``executemany`` in one transaction on SQLite (one writer: the ids it gives are the
    ones above the largest before, in the rows' order)."""
    if connection.vendor == "postgresql":
        pks: list[int] = []
        for start in range(0, len(rows), 100_000):
            pks += insert_rows(model, [dict(zip(columns, row, strict=True)) for row in rows[start:start + 100_000]])
        return pks
    table, marks = model._meta.db_table, ", ".join(["%s"] * len(columns))
    with transaction.atomic(), connection.cursor() as cursor:  # one transaction, not one per row
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        before = cursor.fetchone()[0]
        cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
        cursor.execute(f"SELECT id FROM {table} WHERE id > %s ORDER BY id", [before])
        pks = [row[0] for row in cursor.fetchall()]
    if len(pks) != len(rows):
        raise RuntimeError(f"{table}: {len(rows)} rows written, {len(pks)} new ids found")
    return pks


def _decisions(ctx: demo.DemoContext, held: list[Meeting]) -> None:
    """A dozen village matters, each stopped at a different step; 党员大会审议 is one of the village's general
    meetings (with its quorum), the other steps dated around it."""
    rng, today = ctx.rng, ctx.today
    villages = set(WorkUnit.objects.filter(kind=WorkUnit.Kind.VILLAGE, is_closed=False, covered_by__isnull=False)
                   .values_list("covered_by_id", flat=True))
    candidates = [m for m in held if m.organization_id in villages and m.held_on >= today - dt.timedelta(days=300)]
    rng.shuffle(candidates)
    chosen, used = [], set()
    for meeting in candidates:
        if meeting.organization_id not in used:
            used.add(meeting.organization_id)
            chosen.append(meeting)
        if len(chosen) == len(MATTERS):
            break
    decisions, steps = [], []
    for n, (meeting, title) in enumerate(zip(chosen, MATTERS, strict=False)):
        review = meeting.held_on
        days = {S.PROPOSAL: review - dt.timedelta(days=21), S.CONSULTATION: review - dt.timedelta(days=12),
                S.REVIEW: review, S.RESOLUTION: review + dt.timedelta(days=6),
                S.RESOLUTION_PUBLIC: review + dt.timedelta(days=9), S.RESULT_PUBLIC: review + dt.timedelta(days=75)}
        reached = [kind for kind in list(days)[: 1 + n % 6] if days[kind] <= today]
        decision = VillageDecision(organization_id=meeting.organization_id, org_path=meeting.org_path, title=title,
                                   content=f"{title}，经村“两委”研究提出，按“四议两公开”程序办理。",
                                   last_step=reached[-1], last_step_on=days[reached[-1]])
        decisions.append(decision)
        steps.append([(kind, days[kind], meeting if kind == S.REVIEW else None) for kind in reached])
    VillageDecision.objects.bulk_create(decisions)
    DecisionStep.objects.bulk_create([
        DecisionStep(decision=decision, kind=kind, done_on=day, meeting=meeting,
                     note="会议记录存档" if meeting is not None else "")
        for decision, taken in zip(decisions, steps, strict=True) for kind, day, meeting in taken])


demo.register_step(add_branch_life)
# Deleted before the members and organizations they point to; the roll and the steps before what they name.
demo.RESET_MODELS[:0] = [DecisionStep, VillageDecision, Attendance, ThemeDayActivity, Meeting]
