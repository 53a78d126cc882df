"""Demo selection cases: twenty-one cases of the first county in every state — at each step, held (an unfavourable
信访 opinion, a hold by hand), one with a refused vote, 公示 running and ended without 任职, on probation with the
review due and overdue, completed, stopped, an exchange, an open selection, a key post decided by the 全委会 —
every vote behind a counted and sealed paper ballot. Every step goes through the services (so through the
procedure's one decision function); a step the procedure refuses ends that case's walk where it is."""

import datetime as dt
from decimal import Decimal

from zugong.accounts.models import User
from zugong.appointments import competition, outsiders, services
from zugong.appointments.models import (
    CaseCandidate,
    CaseStep,
    Competition,
    Hold,
    KeyPost,
    Notice,
    Opinion,
    PanelMember,
    PanelScore,
    ProbationReview,
    Registration,
    SelectionCase,
    StepRefusal,
)
from zugong.appointments.voting import counted_paper_vote
from zugong.appointments.workdays import next_working_day
from zugong.cadres.models import Cadre, Position, Rank
from zugong.cadres.qualification import check_promotion
from zugong.core.access import DomainError
from zugong.core.validators import id_check_char
from zugong.organizations import demo
from zugong.organizations.models import Organization

K = CaseStep.Kind
KIND = SelectionCase.Kind
WALK = [K.TALK_RECOMMENDATION, K.MEETING_RECOMMENDATION, K.CANDIDATES_CHOSEN, "inspection_notice", K.INSPECTION,
        "opinions", K.DELIBERATION, K.DECISION, K.PUBLIC_NOTICE, K.APPOINTMENT, K.REVIEW]
OFFSET = {K.TALK_RECOMMENDATION: 8, K.MEETING_RECOMMENDATION: 10, K.CANDIDATES_CHOSEN: 15, "inspection_notice": 16,
          K.INSPECTION: 24, "opinions": 28, K.DELIBERATION: 30, K.DECISION: 35, K.PUBLIC_NOTICE: 38}
# (title, kind, days ago of the 动议, the last step taken or None for 动议 only, what else happens)
PLANS = [
    ("党委书记", KIND.PROMOTION, 10, None, ""), ("党委书记", KIND.PROMOTION, 130, None, "stalled"),
    ("党委副书记、镇长", KIND.PROMOTION, 20, K.TALK_RECOMMENDATION, ""),
    ("党委书记", KIND.GENERAL, 40, K.MEETING_RECOMMENDATION, ""),
    ("党委副书记、镇长", KIND.PROMOTION, 30, K.CANDIDATES_CHOSEN, ""),
    ("人大主席", KIND.PROMOTION, 20, "inspection_notice", ""),
    ("党委书记", KIND.PROMOTION, 45, K.INSPECTION, ""),
    ("党委副书记、镇长", KIND.PROMOTION, 60, K.DELIBERATION, "opinion"),
    ("人大主席", KIND.PROMOTION, 60, K.DELIBERATION, "hold"),
    ("党委书记", KIND.PROMOTION, 70, K.DELIBERATION, "failed_vote"),
    ("党委副书记、镇长", KIND.PROMOTION, 80, K.DECISION, ""),
    ("人大主席", KIND.PROMOTION, 41, K.PUBLIC_NOTICE, ""),
    ("党委书记", KIND.PROMOTION, 150, K.PUBLIC_NOTICE, ""),
    ("党委副书记、镇长", KIND.PROMOTION, 200, K.APPOINTMENT, ""),
    ("人大主席", KIND.PROMOTION, 410, K.APPOINTMENT, ""),
    ("党委书记", KIND.PROMOTION, 480, K.APPOINTMENT, ""),
    ("党委副书记、镇长", KIND.PROMOTION, 520, K.REVIEW, ""),
    ("人大主席", KIND.PROMOTION, 25, None, "stop"),
    ("党委书记", KIND.EXCHANGE, 120, K.APPOINTMENT, ""),
    ("党委副书记、镇长", KIND.OPEN, 30, K.CANDIDATES_CHOSEN, ""),
    ("局长", KIND.PROMOTION, 100, K.DECISION, "key"),
    ("党委书记", KIND.PROMOTION, 400, K.CANDIDATES_CHOSEN, ""),
]


def _qualifying(post: Position, on: dt.date, used: set[int]) -> Cadre | None:
    """A serving cadre one rank below the post (the same rank for an exchange), in the post's organization, who
    passes every blocking qualification rule."""
    wanted = Rank.SECTION_DEPUTY if post.rank == Rank.SECTION_HEAD else Rank.STAFF
    cadres = Cadre.objects.serving().filter(tenures__position__organization=post.organization,
                                            tenures__position__rank=wanted, tenures__ended_on__isnull=True)
    for cadre in cadres.exclude(pk__in=used).distinct().order_by("pk")[:20]:
        if all(r.passed or not r.blocking for r in check_promotion(cadre, post.rank, on)):
            return cadre
    return None


def _post(organization: Organization, title: str) -> Position | None:
    """The demo cadres' posts are named after their place (城关镇党委书记, 县财政局局长)."""
    place = organization.name.removesuffix("党委").removesuffix("机关党支部")
    return Position.objects.filter(organization=organization, title=f"{place}{title}").first()


def _take(actor, case, what, day, candidate, plan_extra: str) -> None:
    if what == "inspection_notice":
        services.publish_inspection_notice(actor, case, text=f"根据工作需要，拟对{candidate.name}同志进行考察。",
                                           inspectors="县委组织部干部科 王组长、陈干事", phone="0356-12380", publish_on=day)
        return
    if what == "opinions":
        for source in Opinion.Source:
            bad = plan_extra == "opinion" and source == Opinion.Source.PETITION
            services.record_opinion(actor, case, source=source, received_on=day, favourable=not bad,
                                    content="群众来信反映其违规操办婚宴，正在核查" if bad else "", candidate=candidate)
        return
    args: dict = {}
    if what == K.TALK_RECOMMENDATION:
        args = {"talks": 32, "recommended": [candidate]}
    elif what == K.MEETING_RECOMMENDATION:
        args = {"ballot": counted_paper_vote(actor, case, "meeting_recommendation", [candidate], entitled=58,
                                             present=54, yes=[41], held_on=day)}
    elif what == K.CANDIDATES_CHOSEN:
        args = {"chosen": [candidate]}
    elif what == K.INSPECTION:
        args = {"talks": 26, "document": _file("考察材料.pdf")}
    elif what == K.DELIBERATION:
        args = {"document": _file("部务会纪要.pdf"), "handled_by": "部务会"}
    elif what == K.DECISION:
        key = KeyPost.objects.filter(position=candidate.position).exists()
        args = {"candidate": candidate, "ballot": counted_paper_vote(
            actor, case, "decision", [candidate], entitled=35 if key else 11, present=33 if key else 10,
            yes=[30 if key else 9], held_on=day, key_post=key)}
    elif what == K.PUBLIC_NOTICE:
        args = {"notice_text": f"{candidate.name}，拟任{candidate.position.title}。", "phone": "0356-12380"}
    elif what == K.APPOINTMENT:
        args = {"candidate": candidate, "number": f"示组字〔{day.year}〕{case.pk}号"}
    elif what == K.REVIEW:
        args = {"candidate": candidate, "result": "confirmed", "note": "试用期满考核合格"}
    services.record_step(actor, case, what, day, **args)


def _file(name: str):
    from django.core.files.base import ContentFile  # noqa: PLC0415

    return ContentFile("示范材料".encode(), name=name)


def _day_of(case, what, start: dt.date, today: dt.date) -> dt.date:
    if what == K.APPOINTMENT:
        notice = case.notices.filter(kind="pre_appointment").first()
        base = next_working_day(notice.ends_on) if notice else start + dt.timedelta(days=40)
        return min(base, today)
    if what == K.REVIEW:
        probation = case.candidates.first().probation
        return min(probation.ends_on + dt.timedelta(days=5), today)
    return min(start + dt.timedelta(days=OFFSET[what]), today)


def add_appointments(ctx: demo.DemoContext) -> None:
    actor = User.objects.filter(username="admin").first()
    county = ctx.counties[0] if ctx.counties else ctx.root
    if actor is None or county is None:
        return
    townships = list(Organization.objects.filter(parent=county, kind=Organization.Kind.COMMITTEE,
                                                 sector=Organization.Sector.RURAL).order_by("path"))
    agencies = list(Organization.objects.filter(positions__title__endswith="局长", positions__rank=Rank.SECTION_HEAD,
                                                path__startswith=county.path).distinct().order_by("path"))
    for agency in agencies[:3]:
        KeyPost.objects.get_or_create(position=_post(agency, "局长"),
                                      defaults={"note": "重要职能部门主要领导，全委会票决（本市做法：2023年全市提高组织工作满意度座谈会讲话）"})
    used: set[int] = set()
    made = 0
    for number, (title, kind, days_ago, last, extra) in enumerate(PLANS):
        organizations = agencies if title == "局长" else townships
        if not organizations:
            continue
        organization = organizations[number % len(organizations)]
        post = _post(organization, title)
        start = ctx.today - dt.timedelta(days=days_ago)
        candidate_cadre = post and _qualifying(post, start, used)
        if post is None or candidate_cadre is None:
            continue
        used.add(candidate_cadre.pk)
        case = services.open_case(actor, title=f"{post.title}人选", kind=kind,
                                  unit=organization, positions=[post], motion_on=start, handled_by="县委组织部干部科",
                                  note="职位空缺，经部务会研究提出动议", document=_file("工作方案.pdf"))
        made += 1
        if kind == KIND.OPEN:  # 公开选拔: the candidates come from the registrations' ranking
            _open_selection(actor, case, post, candidate_cadre, start, ctx.today)
            continue
        candidate = services.name_candidate(actor, case, candidate_cadre, post, start)
        _walk(actor, case, candidate, kind, start, last, extra, ctx.today)
    ctx.counts["选拔任用纪实"] = made


OUTSIDERS = ["王建国", "李红梅", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "黄丽", "周杰", "吴敏", "徐强", "孙燕", "胡斌",
             "朱琳", "高峰", "林涛", "何芳", "郭亮", "马超", "罗娟", "梁勇", "宋佳", "郑浩", "谢婷", "韩冰", "唐明",
             "冯雪", "于洋", "董健"]
PANEL = [("县委常委、组织部长", "leader"), ("县委组织部副部长", "leader"), ("邻县人事考试中心考官", "examiner"),
         ("县党代表", "party_delegate"), ("县人大代表", "npc_deputy"), ("县政协委员", "cppcc_member"),
         ("群众代表", "public")]


def _open_selection(actor, case, post, cadre, start, today) -> None:
    """公开选拔: the announcement, 30 registrations (a cadre of the register and people from outside), 资格审查
    (four not passed), a panel of seven (两代表一委员 among them) scoring each interview, the written exam typed
    for the whole list, the ranking (a tie in it) and its top carried into 考察 through the procedure."""
    def day(n: int) -> dt.date:
        return min(start + dt.timedelta(days=n), today)

    competition.announce(actor, case, text=f"根据工作需要，经县委研究，面向全县公开选拔{post.title}1名。",
                         qualifications="现任副科级领导职务满两年，大学本科以上学历，年龄40周岁以下",
                         phone="0356-12380", publish_on=day(1), registration_starts_on=day(1),
                         registration_ends_on=day(8))
    registrations = [competition.register(actor, case, position=post, registered_on=day(2), cadre=cadre)]
    for number, name in enumerate(OUTSIDERS):
        registrations.append(competition.register(
            actor, case, position=post, registered_on=day(2 + number % 6), name=name,
            unit=["县发改委", "县财政局", "县教体局", "县农业农村局", "县人社局"][number % 5], post="副主任科员",
            birth=dt.date(1984 + number % 8, 1 + number % 12, 1), education="大学本科"))
    for number, registration in enumerate(registrations):
        refused = number in (8, 15, 22, 29)
        competition.review(actor, registration, passed=not refused, reviewed_on=day(9),
                           reason="任现职不满两年，不符合报名资格条件" if refused else "")
    members = [competition.add_panel_member(actor, case, name=f"{title}（评委{n}）", kind=kind)
               for n, (title, kind) in enumerate(PANEL, start=1)]
    passed = [r for r in registrations if r.review == Registration.Review.PASSED]
    rows = []
    for number, registration in enumerate(passed):
        written = Decimal(62) + Decimal((number * 37) % 33) + Decimal(number % 4) / 4
        rows.append(competition.ScoreRow(registration.pk, written, None))
        base = 70 + (number * 11) % 25
        competition.record_panel_scores(actor, registration, {
            m.pk: Decimal(base + (n * 3) % 7) for n, m in enumerate(members)})
    rows[1] = competition.ScoreRow(passed[1].pk, rows[0].written, None)  # the same written score as the first
    competition.record_scores(actor, case, rows)
    services.record_step(actor, case, K.CANDIDATES_CHOSEN, day(15), handled_by="县委组织部干部科",
                         note="按综合成绩排名差额确定考察对象")
    _enter_outsider(actor, case)


def _enter_outsider(actor, case) -> None:
    """The first 考察对象 from outside the register entered in it from the case (登记入干部库), as the department
    does before 讨论决定; a number the register already holds is skipped (the demo never links by accident)."""
    candidate = case.candidates.filter(cadre__isnull=True).order_by("pk").first()
    registration = outsiders.registration_of(candidate) if candidate else None
    if registration is None or registration.birth is None:
        return
    for serial in range(501, 999, 2):  # odd: a man's number; above the demo cadres' usual serials
        first17 = f"360723{registration.birth:%Y%m%d}{serial:03d}"
        number = first17 + id_check_char(first17)
        if not Cadre.objects.filter(id_number=number).exists():
            break
    try:
        outsiders.enter_register(actor, candidate, name=registration.name, gender="男", birth=registration.birth,
                                 id_number=number, organization=case.unit, education=registration.education,
                                 current_post=f"{registration.unit}{registration.post}")
    except DomainError:
        return  # refused (e.g. a bounds change): the candidate stays as registered


def _walk(actor, case, candidate, kind, start, last, extra, today) -> None:
    if extra == "stop":
        services.stop_case(actor, case, "职位调整，暂不选配")
        return
    if last is None:
        return
    steps = [w for w in WALK if kind not in (KIND.OPEN, KIND.EXCHANGE)
             or w not in (K.TALK_RECOMMENDATION, K.MEETING_RECOMMENDATION)]
    if kind == KIND.EXCHANGE:
        steps = [w for w in steps if w not in (K.PUBLIC_NOTICE, K.REVIEW)]
    for what in steps[: steps.index(last) + 1]:
        try:
            _take(actor, case, what, _day_of(case, what, start, today), candidate, extra)
        except DomainError:
            return  # refused (held, too early today): the case stays where the procedure stopped it
        candidate.refresh_from_db()
    day = _day_of(case, K.DECISION, start, today)
    if extra == "hold":
        services.place_hold(actor, case, reason="12380举报反映问题，正在核查", placed_on=day)
    if extra == "failed_vote":
        failed = counted_paper_vote(actor, case, "decision", [candidate], entitled=11, present=10, yes=[5],
                                    held_on=day)
        try:
            services.record_step(actor, case, K.DECISION, day, candidate=candidate, ballot=failed)
        except DomainError:
            pass  # the refusal is kept on the case (StepRefusal), as a real attempt would be


demo.register_step(add_appointments)
# Before the ballots their steps point at and the cadres, posts and tenures they name.
demo.RESET_MODELS[:0] = [PanelScore, PanelMember, Registration, Competition, ProbationReview, StepRefusal, Hold, Notice,
                         Opinion, CaseStep, CaseCandidate, SelectionCase, KeyPost]
