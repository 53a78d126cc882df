"""Ready-made designs (问卷模板) of the surveys the seeds describe, as data.

A design is a list of sections, each a list of questions (text, indicator code, scale); a scale is a list
of (label, score, counted). 不了解 is on the scale but never counted.
"""

from dataclasses import dataclass, field

Scale = tuple[tuple[str, int | None, bool], ...]

SATISFACTION_SCALE: Scale = (("好", 100, True), ("较好", 80, True), ("一般", 60, True), ("差", 0, True),
                             ("不了解", None, False))
CONDUCT_SCALE: Scale = (("很好", 100, True), ("好", 80, True), ("一般", 60, True), ("差", 0, True))
REVIEW_SCALE: Scale = (("满意", 100, True), ("基本满意", 60, True), ("不满意", 0, True), ("不了解", None, False))
DEGREE_SCALE: Scale = (("高", 100, True), ("较高", 80, True), ("一般", 60, True), ("低", 0, True),
                       ("不了解", None, False))


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    name: str
    main: bool = True


@dataclass(frozen=True)
class QuestionSpec:
    text: str
    indicator: str | None = None
    scale: Scale = SATISFACTION_SCALE
    kind: str = "single"


@dataclass(frozen=True)
class Design:
    indicators: tuple[IndicatorSpec, ...]
    sections: tuple[tuple[str, tuple[QuestionSpec, ...]], ...]
    intro: str = ""
    extra: dict = field(default_factory=dict)


# Seed 002: four main indicators; the ten secondary ones follow the national survey's topics.
SATISFACTION = Design(
    indicators=(
        IndicatorSpec("M1", "对组织工作的总体评价"),
        IndicatorSpec("M2", "对组工干部的评价"),
        IndicatorSpec("M3", "对干部选拔任用工作的评价"),
        IndicatorSpec("M4", "对防止和纠正用人上不正之风工作的评价"),
        IndicatorSpec("S1", "领导班子建设", False),
        IndicatorSpec("S2", "干部教育培训", False),
        IndicatorSpec("S3", "干部监督管理", False),
        IndicatorSpec("S4", "选人用人公信度", False),
        IndicatorSpec("S5", "基层党组织建设", False),
        IndicatorSpec("S6", "党员队伍建设", False),
        IndicatorSpec("S7", "人才工作", False),
        IndicatorSpec("S8", "组织部门自身建设", False),
        IndicatorSpec("S9", "组工干部作风", False),
        IndicatorSpec("S10", "组织工作宣传与知晓", False),
    ),
    sections=(
        ("一、主要指标", (
            QuestionSpec("您对本地组织工作的总体评价是？", "M1"),
            QuestionSpec("您对本地组工干部的总体评价是？", "M2"),
            QuestionSpec("您对本地干部选拔任用工作的评价是？", "M3"),
            QuestionSpec("您对本地防止和纠正用人上不正之风工作的评价是？", "M4"),
        )),
        ("二、次要指标", (
            QuestionSpec("您对本地领导班子建设的评价是？", "S1"),
            QuestionSpec("您对本地干部教育培训工作的评价是？", "S2"),
            QuestionSpec("您对本地干部监督管理工作的评价是？", "S3"),
            QuestionSpec("您对本地选人用人公信度的评价是？", "S4"),
            QuestionSpec("您对本地基层党组织建设的评价是？", "S5"),
            QuestionSpec("您对本地党员队伍建设的评价是？", "S6"),
            QuestionSpec("您对本地人才工作的评价是？", "S7"),
            QuestionSpec("您对组织部门自身建设的评价是？", "S8"),
            QuestionSpec("您对组工干部工作作风的评价是？", "S9"),
            QuestionSpec("您对组织工作政策宣传和信息公开的评价是？", "S10"),
        )),
        ("三、意见建议", (QuestionSpec("您对做好组织工作有什么意见和建议？", kind="text", scale=()),)),
    ),
    intro="本调查采取无记名方式，请根据您的了解如实填写；对不了解的事项请选择“不了解”，不计入得分。",
)

# Seed 000: 换届风气测评 (3,956 forms; 很好 99.68%, 好 0.32%).
ELECTION_CONDUCT = Design(
    indicators=(IndicatorSpec("C1", "换届风气总体评价"),),
    sections=(("换届风气测评", (
        QuestionSpec("您对本次换届风气的总体评价是？", "C1", CONDUCT_SCALE),
        QuestionSpec("您是否发现拉票贿选、跑官要官等违反换届纪律的问题？如有，请简要说明。", kind="text", scale=()),
    )),),
    intro="本测评采取无记名方式。",
)

# 一报告两评议: the year's selection work, then one question per newly promoted cadre (added by the department).
REPORT_REVIEW = Design(
    indicators=(IndicatorSpec("R1", "对本年度干部选拔任用工作的评价"), IndicatorSpec("R2", "对新提拔干部的评价")),
    sections=(
        ("一、对干部选拔任用工作的评议", (QuestionSpec("您对本年度干部选拔任用工作的总体评价是？", "R1", REVIEW_SCALE),)),
        ("二、对新提拔任用干部的评议", ()),
    ),
    intro="请对本地区（单位）本年度干部选拔任用工作和新提拔任用的干部进行评议。本评议采取无记名方式。",
    extra={"per_cadre_indicator": "R2", "per_cadre_scale": REVIEW_SCALE},
)

# Seed 003: 三度测评 (知晓度、参与度、满意度).
THREE_DEGREE = Design(
    indicators=(IndicatorSpec("D1", "知晓度"), IndicatorSpec("D2", "参与度"), IndicatorSpec("D3", "满意度")),
    sections=(("组工干部形象“三度”测评", (
        QuestionSpec("您对组织工作政策和组工干部工作情况的知晓程度是？", "D1", DEGREE_SCALE),
        QuestionSpec("您参与组织工作（推荐、评议、征求意见等）的程度是？", "D2", DEGREE_SCALE),
        QuestionSpec("您对组工干部形象的满意程度是？", "D3", DEGREE_SCALE),
    )),),
)

DESIGNS: dict[str, Design] = {
    "satisfaction": SATISFACTION,
    "election_conduct": ELECTION_CONDUCT,
    "report_review": REPORT_REVIEW,
    "three_degree": THREE_DEGREE,
}
