"""Policy settings of cadre work: the 优秀 quota of the annual assessment (RULES.md, Assessment)."""

from zugong.core.policy import define

MODULE = "干部"

EXCELLENT_SHARE = define(
    "cadres.excellent_share_percent", label="年度考核优秀等次比例", module=MODULE, kind=int, default=15, unit="%",
    source="公务员考核规定（优秀一般不超过本单位参加考核人数的15%，最多不超过20%；二手资料，按本地办法设置）",
    minimum=0, maximum=20,
    note="本单位优秀人数上限 = 本单位在职干部人数 × 比例，四舍五入",
)

TRAINING = "《干部教育培训工作条例》（2023）第十四条"
SECTION_HOURS_PER_YEAR = define(
    "cadres.training_section_hours_per_year", label="乡科级及以下干部每年培训学时", module=MODULE, kind=int,
    default=90, unit="学时", source=f"{TRAINING}：乡科级领导干部、一级主任科员以下每年不少于12天或90学时",
    minimum=0, maximum=500)
COUNTY_HOURS_PER_CYCLE = define(
    "cadres.training_county_hours_per_cycle", label="县处级干部每周期培训学时", module=MODULE, kind=int,
    default=550, unit="学时", source=f"{TRAINING}：县处级以上领导干部、四级调研员以上每5年不少于3个月或550学时",
    minimum=0, maximum=3000)
COUNTY_CYCLE_YEARS = define(
    "cadres.training_county_cycle_years", label="县处级干部培训周期", module=MODULE, kind=int, default=5,
    unit="年", source=TRAINING, minimum=1, maximum=10)
CYCLE_START_YEAR = define(
    "cadres.training_cycle_start_year", label="培训周期起始年度", module=MODULE, kind=int, default=2023,
    unit="年", source=f"{TRAINING}（2023年施行，周期自施行之年起算；本地可调整）", minimum=2000, maximum=2100)
LEAVE_SHARE_DENOMINATOR = define(
    "cadres.training_leave_share_denominator", label="脱产培训请假不得超过总学时的几分之一", module=MODULE, kind=int,
    default=7, unit="分之一", source=f"{TRAINING}：脱产培训期间请假累计不超过总学时的1/7", minimum=2, maximum=20)

SELECTION = "《党政领导干部选拔任用工作条例》（2019）"
PROMOTION_WORK_YEARS = define(
    "cadres.promotion_county_work_years", label="提任县处级领导职务：工作经历", module=MODULE, kind=int, default=5,
    unit="年", source=f"{SELECTION}第八条：具有5年以上工龄和2年以上基层工作经历", minimum=0, maximum=20)
PROMOTION_GRASSROOTS_YEARS = define(
    "cadres.promotion_county_grassroots_years", label="提任县处级领导职务：基层工作经历", module=MODULE, kind=int,
    default=2, unit="年", source=f"{SELECTION}第八条", minimum=0, maximum=20)
DEPUTY_TO_HEAD_YEARS = define(
    "cadres.promotion_deputy_to_head_years", label="由副职提任正职：任副职年限", module=MODULE, kind=int, default=2,
    unit="年", source=f"{SELECTION}第八条：提任正职应在副职岗位工作2年以上", minimum=0, maximum=10)
HEAD_TO_UPPER_DEPUTY_YEARS = define(
    "cadres.promotion_head_to_upper_deputy_years", label="由下级正职提任上级副职：任正职年限", module=MODULE, kind=int,
    default=3, unit="年", source=f"{SELECTION}第八条：由下级正职提任上级副职应在下级正职岗位工作3年以上",
    minimum=0, maximum=10)
EXCEPTIONAL_MIN_YEARS_IN_POST = define(
    "cadres.exceptional_min_years_in_post", label="破格提拔：任现职最少年限", module=MODULE, kind=int, default=1,
    unit="年", source=f"{SELECTION}第十条：任职试用期未满或提拔任职不满1年的，不得破格提拔", minimum=0, maximum=5)

RESERVE = "本县规定：2012年全县组织工作会议部署（实行后备干部资格准入制）"
RESERVE_MAX_AGE = {
    rank: define(f"cadres.reserve_max_age_{rank}", label=f"后备干部入库年龄上限（{label}）", module=MODULE, kind=int,
                 default=default, unit="周岁", source=RESERVE, minimum=20, maximum=60)
    for rank, label, default in (("section_deputy", "乡科级副职", 35), ("section_head", "乡科级正职", 40),
                                 ("county_deputy", "县处级副职", 45), ("county_head", "县处级正职", 50))
}
RESERVE_MIN_EDUCATION = define(
    "cadres.reserve_min_education", label="后备干部入库最低学历", module=MODULE, kind=int, default=2, unit="级",
    source=RESERVE, minimum=1, maximum=4,
    note="1 高中、中专及以下，2 大专，3 大学本科，4 研究生（全日制或在职教育中的最高学历）")
RESERVE_MIN_YEARS_IN_POST = define(
    "cadres.reserve_min_years_in_post", label="后备干部入库：任现职最少年限", module=MODULE, kind=int, default=1,
    unit="年", source=RESERVE, minimum=0, maximum=10)
RESERVE_ASSESSMENT_YEARS = define(
    "cadres.reserve_assessment_years", label="后备干部入库：近几年年度考核均为称职以上", module=MODULE, kind=int,
    default=3, unit="年", source=RESERVE, minimum=1, maximum=5)
RESERVE_BOTTOM_RANKS = define(
    "cadres.reserve_bottom_ranks_excluded", label="乡镇考核排名倒数几位的党委书记次年不得入库（并未完成基本任务）",
    module=MODULE, kind=int, default=2, unit="位", source="本县规定：2012年全县组织工作会议部署（对评估排后两位且没有完成党建基本工作任务的乡镇党委书记，不列为下一年度县级后备干部）",
    minimum=0, maximum=10)

MAX_YEARS_IN_POST = define(
    "cadres.max_years_in_post", label="同一职位任职年限上限（应交流）", module=MODULE, kind=int, default=10, unit="年",
    source="《党政领导干部交流工作规定》《党政领导干部职务任期暂行规定》：在同一职位上任职满10年的，必须交流",
    minimum=1, maximum=30)

REPORT_DUE_DAY = define(
    "cadres.personal_report_due_day", label="个人有关事项年度报告截止日（1月几日）", module=MODULE, kind=int, default=31,
    unit="日", source="《领导干部报告个人有关事项规定》（2017）：每年1月31日前集中报告上一年度个人有关事项",
    minimum=1, maximum=31)
NEW_LEADER_REPORT_DAYS = define(
    "cadres.personal_report_new_leader_days", label="新任领导干部报告期限", module=MODULE, kind=int, default=30,
    unit="日", source="领导干部报告个人有关事项规定（2010年表述）：新任领导干部30日内报告", minimum=1, maximum=90)
