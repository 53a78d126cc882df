"""Demo surveys of the first county: last year's and this year's 组织工作满意度民意调查 over its townships (one
township with too few answers, to show suppression), seed 002's outside averages, seed 000's 换届风气测评
(3,956 forms) and a 一报告两评议 with two newly promoted cadres. Answers are drawn from ``ctx.rng``."""

import datetime as dt
from decimal import Decimal

from zugong.accounts.models import User
from zugong.core.policy import policy_int
from zugong.organizations import demo
from zugong.organizations.models import Organization
from zugong.surveys import design as designs
from zugong.surveys.codes import CODE_ALPHABET, code_length
from zugong.surveys.models import (
    Answer,
    ExternalAverage,
    Invitation,
    PaperSheet,
    Question,
    RespondentGroup,
    Response,
    Survey,
)
from zugong.surveys.policies import MIN_GROUP_SIZE
from zugong.surveys.services import (
    AnswerData,
    OptionData,
    install_design,
    questions_of,
    record_responses,
    save_question,
)

K, S = Organization.Kind, Organization.Sector
GROUPS = (("cadres", 30), ("members", 40), ("public", 50))  # respondent kind and quota of each township
# seed 002: national averages of the four main indicators; 全区/全市 worked back from the county's differences
AVERAGES = {"M1": ("75.17", "72.94", "73.31"), "M2": ("75.54", "73.32", "73.78"),
            "M3": ("72.92", "71.06", "72.46"), "M4": ("72.91", "70.15", "71.66")}
SUGGESTIONS = ("希望多到基层听取意见", "干部选拔要更加公开透明", "加强对年轻干部的培养", "组织工作宣传还不够",
               "多关心村干部待遇")
CONDUCT_FORMS, CONDUCT_GOOD = 3956, 13  # seed 000: 很好 3,943, 好 13


def add_surveys(ctx: demo.DemoContext) -> None:
    if ctx.scale != "county":
        return
    county = ctx.counties[0] if ctx.counties else ctx.root
    townships = list(Organization.objects.filter(parent=county, kind=K.COMMITTEE, sector=S.RURAL, is_closed=False)
                     .order_by("path"))
    if not townships:
        return
    last = _satisfaction(ctx, county, townships, ctx.today.year - 1, None, shift=-0.06)
    this = _satisfaction(ctx, county, townships, ctx.today.year, last, shift=0.0)
    for indicator in this.indicators.filter(code__in=AVERAGES):
        ExternalAverage.objects.bulk_create(
            ExternalAverage(survey=this, indicator=indicator, level=level, value=Decimal(value))
            for level, value in zip(("national", "region", "city"), AVERAGES[indicator.code], strict=True))
    _election_conduct(ctx, county, townships)
    _report_review(ctx, county, townships)


def _day(ctx: demo.DemoContext, year: int) -> dt.date:
    return min(dt.date(year, 5, ctx.rng.randint(10, 28)), ctx.today)


def _survey(county, name: str, kind: str, year: int, status: str, compare_with=None) -> Survey:
    survey = Survey.objects.create(name=name, kind=kind, year=year, organization=county, status=status,
                                   compare_with=compare_with)
    install_design(survey, designs.DESIGNS[kind])
    return survey


def _pick(rng, question: Question, weights: list[float]) -> AnswerData:
    options = list(question.options.all())
    return AnswerData(question, option=rng.choices(options, weights=weights[:len(options)])[0])


def _satisfaction(ctx, county, townships, year: int, compare_with, shift: float) -> Survey:
    rng = ctx.rng
    status = Survey.Status.OPEN if year == ctx.today.year else Survey.Status.CLOSED
    survey = _survey(county, "组织工作满意度民意调查", Survey.Kind.SATISFACTION, year, status, compare_with)
    questions = questions_of(survey)
    small = townships[len(townships) // 2]  # one township with too few answers: its figures are not shown
    batch, invitations = [], []
    for township in townships:
        if township == small:
            total = rng.randint(3, policy_int(MIN_GROUP_SIZE.key) - 1)
        elif township in townships[:2]:  # the demo accounts' townships: large, never hidden to protect the small one
            total = rng.randint(100, 120)
        else:
            total = rng.randint(40, 120)
        good = 0.30 + shift + rng.uniform(-0.08, 0.08)  # 好 / 较好 / 一般 / 差 / 不了解
        weights = [good, 0.34, 0.22 - shift, 0.08 - good / 8, 0.05]
        for kind, quota in GROUPS:
            group = RespondentGroup.objects.create(survey=survey, organization=township, kind=kind, quota=quota)
            answered = min(quota, round(total * quota / 120))
            for _ in range(answered):
                answers = [_pick(rng, q, weights) for q in questions if q.kind == Question.Kind.SINGLE]
                if rng.random() < 0.1:
                    answers += [AnswerData(q, text=rng.choice(SUGGESTIONS)) for q in questions
                                if q.kind == Question.Kind.TEXT]
                batch.append((group, answers))
            invitations += _codes(rng, group, quota, answered)
    record_responses(survey, batch, channel=Response.Channel.ONLINE, day=_day(ctx, year))
    Invitation.objects.bulk_create(invitations, batch_size=demo.BATCH)
    return survey


def _codes(rng, group: RespondentGroup, count: int, used: int) -> list[Invitation]:
    """Codes for the whole quota; as many are used as the group answered (the rest: not yet)."""
    length = code_length()
    codes = ["".join(rng.choice(CODE_ALPHABET) for _ in range(length)) for _ in range(count)]
    return [Invitation(group=group, code=code, used=index < used) for index, code in enumerate(codes)]


def _election_conduct(ctx, county, townships) -> None:
    """Seed 000: 3,956 forms, 很好 3,943 and 好 13 (99.67 % / 0.33 % by largest remainder)."""
    rng = ctx.rng
    survey = _survey(county, "换届风气测评", Survey.Kind.ELECTION_CONDUCT, ctx.today.year, Survey.Status.CLOSED)
    question = next(q for q in questions_of(survey) if q.kind == Question.Kind.SINGLE)
    very_good, good = list(question.options.all())[:2]
    shares = [rng.randint(150, 300) for _ in townships]
    counts = [CONDUCT_FORMS * s // sum(shares) for s in shares]
    counts[0] += CONDUCT_FORMS - sum(counts)
    picks = [good] * CONDUCT_GOOD + [very_good] * (CONDUCT_FORMS - CONDUCT_GOOD)
    rng.shuffle(picks)
    batch = []
    for township, count in zip(townships, counts, strict=True):
        group = RespondentGroup.objects.create(survey=survey, organization=township, kind="members", quota=count)
        batch += [(group, [AnswerData(question, option=picks.pop())]) for _ in range(count)]
    record_responses(survey, batch, channel=Response.Channel.PAPER, day=_day(ctx, ctx.today.year))


def _report_review(ctx, county, townships) -> None:
    """一报告两评议 at the county's plenary: the year's selection work and two newly promoted cadres."""
    rng = ctx.rng
    actor = User.objects.filter(username="admin").first()
    survey = _survey(county, "干部选拔任用工作“一报告两评议”", Survey.Kind.REPORT_REVIEW, ctx.today.year,
                     Survey.Status.CLOSED)
    section = survey.sections.order_by("order").last()
    per_cadre = survey.indicators.get(code=designs.REPORT_REVIEW.extra["per_cadre_indicator"])
    scale = [OptionData(label, score, counted)
             for label, score, counted in designs.REPORT_REVIEW.extra["per_cadre_scale"]]
    for township, post in zip(townships * 2, ("党委书记", "党委副书记、镇长"), strict=False):
        place = township.name.removesuffix("党委")
        save_question(actor, survey, section=section, text=f"您对新提拔的{demo.person_name(rng)}（{place}{post}）的评价是？",
                      kind=Question.Kind.SINGLE, indicator=per_cadre, required=True, options=scale)
    group = RespondentGroup.objects.create(survey=survey, organization=county, kind="cadres", quota=120)
    questions = questions_of(survey)
    batch = [(group, [_pick(rng, q, [0.86, 0.1, 0.01, 0.03]) for q in questions if q.kind == Question.Kind.SINGLE])
             for _ in range(rng.randint(90, 110))]
    record_responses(survey, batch, channel=Response.Channel.PAPER, day=_day(ctx, ctx.today.year))


demo.register_step(add_surveys)
demo.RESET_MODELS[:0] = [Answer, Response, PaperSheet, Invitation, ExternalAverage, Survey]
