"""The schemes zugong ships (考核方案目录), built as data by ``ensure_catalogue``.

Installed once by the data migration ``0002_catalogue`` (so a department's installation has them from
``migrate`` on, like the 100-point scheme), and again by ``manage.py ensure_assessment_schemes`` or the demo,
which add only what is missing: a scheme is found by its code, and a scheme that exists is left exactly as the
department edited it (its criteria and grades are not touched). ``get_model`` lets the migration pass its
historical models.

Every figure carries its source. The seeds name the drives and the documents but give almost no points or bands;
those figures are 本县规定（可调整）: rows a department edits, never constants in code.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps as django_apps

from zugong.assessments.measures import BRANCH_MEETINGS  # 三会一课, registered by branchlife

LOCAL = "本县规定（可调整）"
COUNTY_2012 = "本县规定：2012年全县组织工作暨创建“五好”村党组织活动动员会议部署"
CITY_THREE_FIVES = "本市做法：“三个五”争创活动（争创五好支部、争做五会支书、争当五星党员）"
FIVE_HAVES_DOCUMENTS = ("《关于开展创建“五有”社区党建工作示范点活动的意见》（常组发〔2003〕99号）、"
            "《创建“五有”社区党建工作示范点考评办法（试行）》")


@dataclass(frozen=True)
class C:
    code: str
    label: str
    points: int
    measure: str = ""  # empty: entered by the assessor
    scoring: str = ""
    full_at: str | None = None
    per_unit: str | None = None
    steps: list = field(default_factory=list)
    is_basic_task: bool = False
    guidance: str = ""
    source: str = LOCAL


@dataclass(frozen=True)
class G:
    label: str
    min_total: int
    max_share_percent: int | None = None
    opens_rectification: bool = False
    source: str = LOCAL


@dataclass(frozen=True)
class S:
    code: str
    name: str
    target_kind: str
    source: str
    criteria: list[C]
    grades: list[G]
    description: str = ""
    feeds_township_ranking: bool = False


def dues(points: int) -> C:
    return C("dues_rate", "按月足额交纳党费（党费收缴率）", points, "dues_rate", "proportional", full_at="100",
             guidance="收缴率100%得满分，按比例计分")


def reports(points: int, per: str) -> C:
    return C("reports_found", "无查实的12380举报", points, "reports_found", "deduct", per_unit=per,
             guidance=f"考核期内每有一件经核查属实或部分属实的举报扣{per}分，扣完为止")


def meetings(points: int) -> C:
    return C("branch_meetings", "落实“三会一课”制度", points, BRANCH_MEETINGS, "proportional", full_at="100",
             guidance="按规定次数召开的比例计分；支部工作模块接入前由考核人录入")


PASS_BANDS = [G("合格", 60), G("不合格", 0)]

CATALOGUE: list[S] = [
    S("five_good_village", "五好村党组织", "village_committee", COUNTY_2012, [
        C("leadership", "领导班子好", 20, guidance="班子团结、书记带头、按期换届"),
        dues(10),
        C("development", "党员队伍好（发展党员）", 10, "development_admitted", "steps", steps=[[0, 0], [1, 10]],
          guidance="考核期内发展党员1名以上得满分"),
        meetings(20),
        C("collective_income", "发展业绩好（村级集体经济）", 20, "village_income", "steps",
          steps=[[0, 0], [5, 10], [10, 20]],
          guidance="年纯收入5万元以上得10分，10万元以上得满分（参照政策规则“村级集体经济年纯收入目标”）"),
        reports(10, "5"),
        C("satisfaction", "群众反映好（群众测评）", 10, "survey_score", "proportional", full_at="100",
          guidance="关联测评问卷时按主要指标平均得分折算；未关联时由考核人录入"),
    ], [G("五好村党组织", 90), *PASS_BANDS],
      description="发展壮大村级集体经济创建“五好”村党组织活动（2012—2014年）的年度考评"),
    S("five_have_community", "五有社区党组织", "community_committee", FIVE_HAVES_DOCUMENTS, [
        C("leadership", "有一个好班子", 20),
        dues(20),
        C("facilities", "有一个好阵地（活动场所）", 20),
        meetings(20),
        C("service", "有一套服务群众的好机制", 20),
    ], [G("五有社区", 90), *PASS_BANDS]),
    S("five_good_branch", "五好支部", "branch", CITY_THREE_FIVES, [
        C("leadership", "班子建设好", 20),
        C("members_score", "党员队伍好（党员平均积分）", 20, "branch_mean_score", "proportional", full_at="100",
          guidance="支部党员百分制积分的平均分折算"),
        meetings(20),
        dues(20),
        reports(20, "10"),
    ], [G("五好支部", 90), *PASS_BANDS]),
    S("five_skill_secretary", "五会支书", "secretary", CITY_THREE_FIVES, [
        C("lead_team", "会带班子", 20), C("party_work", "会抓党建", 20), C("development", "会谋发展", 20),
        C("mass_work", "会做群众工作", 20), C("rule_of_law", "会依法办事", 20),
    ], [G("五会支书", 90), *PASS_BANDS]),
    S("five_star_member", "五星党员", "member", CITY_THREE_FIVES, [
        C("stars", "星级（党员百分制积分）", 60, "member_stars", "steps",
          steps=[[0, 0], [1, 12], [2, 24], [3, 36], [4, 48], [5, 60]],
          guidance="取党员教育管理的百分制积分星级（星级线为政策规则“education.star_N_points”），每星12分"),
        C("pioneer", "发挥先锋模范作用", 20),
        reports(20, "20"),
    ], [G("五星党员", 90), *PASS_BANDS],
      description="党员的星级由百分制积分计算（党员教育管理），本方案读取而不另行计分"),
    S("weak_lax", "软弱涣散基层党组织排查", "branch", LOCAL, [
        C("leadership", "班子健全、书记履职", 30, guidance="书记空缺、班子不团结、长期不换届的酌情扣分"),
        dues(15),
        meetings(20),
        C("open_findings", "问题预警已整改", 20, "open_findings", "deduct", per_unit="5",
          guidance="每有一条未关闭的问题预警扣5分"),
        reports(15, "15"),
    ], [G("正常", 60), G("软弱涣散", 0, opens_rectification=True)],
      description="评定为“软弱涣散”的党组织在定稿时列入软弱涣散整顿；整顿仍可在党组织页面手工列入"),
    S("secretary_report", "书记抓基层党建述职评议", "secretary",
      "本县规定：2012年全县组织工作会议部署（健全各级党组织书记基层党建述职测评制）；街镇党（工）委书记基层党建工作责任专项述职制度", [
        C("report", "述职报告", 30, guidance="上传述职报告，按报告质量评分"),
        C("evaluation", "述职测评", 70, "survey_score", "proportional", full_at="100",
          guidance="述职测评在民意调查中进行（测评表），按主要指标平均得分折算"),
    ], [G("好", 85, max_share_percent=30), G("较好", 75), G("一般", 60), G("差", 0)],
      description="“好”的比例上限为本县规定（可调整）；超出比例的按名次顺延为“较好”"),
    S("township_biennial", "乡镇党委履行基层党建工作职责评估", "township_committee",
      "每两年对乡镇党委履行基层党建工作职责情况进行评估，评选党建工作先进乡镇党委；评估排后两位且没有完成党建基本"
      "工作任务的乡镇党委书记，不列为下一年度县级后备干部（本县规定：2012年全县组织工作会议部署）", [
        C("basic_tasks", "完成党建基本工作任务", 30, is_basic_task=True,
          guidance="未得满分即为没有完成党建基本工作任务（后备干部入库规则读取）", source=COUNTY_2012),
        dues(10),
        C("development", "发展党员", 10, "development_admitted", "steps", steps=[[0, 0], [1, 5], [5, 10]]),
        C("open_findings", "问题预警已整改", 15, "open_findings", "deduct", per_unit="1"),
        reports(10, "5"),
        C("collective_income", "村级集体经济", 15, "village_income", "steps", steps=[[0, 0], [50, 8], [100, 15]],
          guidance="全乡镇各村年纯收入合计（万元）"),
        C("satisfaction", "党建工作满意度", 10, "survey_score", "proportional", full_at="100"),
    ], [G("党建工作先进乡镇党委", 90, max_share_percent=30), *PASS_BANDS], feeds_township_ranking=True,
      description="定稿时各乡镇的名次写入乡镇考核排名，后备干部入库资格审查按此执行"),
]


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def ensure_catalogue(get_model: Callable = django_apps.get_model) -> int:
    """Create the schemes that do not exist yet; return how many were created."""
    scheme_model = get_model("assessments", "Scheme")
    criterion_model = get_model("assessments", "Criterion")
    grade_model = get_model("assessments", "Grade")
    created = 0
    for spec in CATALOGUE:
        scheme, is_new = scheme_model.objects.get_or_create(code=spec.code, defaults={
            "name": spec.name, "target_kind": spec.target_kind, "source": spec.source,
            "description": spec.description, "feeds_township_ranking": spec.feeds_township_ranking})
        if not is_new:
            continue
        created += 1
        criterion_model.objects.bulk_create(criterion_model(
            scheme=scheme, code=c.code, order=order, label=c.label, max_points=Decimal(c.points),
            method="computed" if c.measure else "entered", measure=c.measure, scoring=c.scoring,
            full_at=_decimal(c.full_at), per_unit=_decimal(c.per_unit), steps=c.steps, is_basic_task=c.is_basic_task,
            guidance=c.guidance, source=c.source) for order, c in enumerate(spec.criteria, start=1))
        grade_model.objects.bulk_create(grade_model(
            scheme=scheme, label=g.label, min_total=Decimal(g.min_total), max_share_percent=g.max_share_percent,
            opens_rectification=g.opens_rectification, source=g.source) for g in spec.grades)
    return created
