"""Policy settings of the selection-and-appointment procedure (选拔任用, RULES.md "Cadre selection")."""

from zugong.ballots import policies as ballot_policies
from zugong.core.policy import define

MODULE = "选拔任用"
REGULATION = "《党政领导干部选拔任用工作条例》（2019）"

VOTE_SHARE_PERCENT = define(
    "appointments.vote_share_percent", label="列为考察对象的会议推荐得票率", module=MODULE, kind=int, default=50,
    unit="%", source=f"{REGULATION}第二十二条（不简单以票取人）；本市做法：2023年全市提高组织工作满意度座谈会讲话（提拔的干部得票率一般都在50%以上）",
    minimum=0, maximum=100,
)
RECOMMENDATION_VALID_MONTHS = define(
    "appointments.recommendation_valid_months", label="民主推荐结果有效期", module=MODULE, kind=int, default=12,
    unit="个月", source=f"{REGULATION}（民主推荐结果一般在一年内有效）", minimum=1, maximum=24,
)
# The 常委会/全委会's quorum and majority are the ballots' rule (one setting, read by the tally and by this procedure).
QUORUM_NUMERATOR, QUORUM_DENOMINATOR = ballot_policies.DECISION_QUORUM
APPROVAL_NUMERATOR, APPROVAL_DENOMINATOR = ballot_policies.DECISION_PASS
NOTICE_WORKING_DAYS = define(
    "appointments.notice_working_days", label="任前公示期", module=MODULE, kind=int, default=5, unit="个工作日",
    source="《党政领导干部选拔任用工作条例》（2014）第四十一条；2019年条例第四十八条（公示期不少于5个工作日）",
    minimum=5, maximum=30,
)
PROBATION_MONTHS = define(
    "appointments.probation_months", label="提拔任职试用期", module=MODULE, kind=int, default=12, unit="个月",
    source="《党政领导干部选拔任用工作条例》（2014）第四十二条（非选举产生的职务试用期为一年）；本市做法：2023年全市提高组织工作满意度座谈会讲话（新提拔的科级领导干部实行为期一年的试用期制度）",
    minimum=1, maximum=24,
)
REVIEW_GRACE_MONTHS = define(
    "appointments.review_grace_months", label="试用期满后考核的期限", module=MODULE, kind=int, default=1,
    unit="个月", source="本地设定（试用期满进行考核，及时作出正式任职或免职决定）", minimum=0, maximum=6,
)
STALLED_MONTHS = define(
    "appointments.stalled_months", label="选拔任用程序停滞提醒", module=MODULE, kind=int, default=3, unit="个月",
    source="本地设定（纪实表中一个步骤之后超过该期限无进展即提醒）", minimum=1, maximum=24,
)
APPOINT_AFTER_NOTICE_MONTHS = define(
    "appointments.appoint_after_notice_months", label="公示期满后办理任职的期限", module=MODULE, kind=int, default=1,
    unit="个月", source="本地设定（公示结果不影响任职的，及时办理任职手续）", minimum=0, maximum=12,
)
DUE_SOON_DAYS = define(
    "appointments.due_soon_days", label="到期提醒提前天数", module=MODULE, kind=int, default=30, unit="天",
    source="本地设定（待办清单“30天内可办理”）", minimum=1, maximum=90,
)
# 公开选拔、竞争上岗 (D2). RULES.md has no figures for it; the seeds name the practice only.
OPEN_INSPECTION_RATIO = define(
    "appointments.open_inspection_ratio", label="公开选拔每个职位的考察对象人数（差额考察）", module=MODULE, kind=int,
    default=2, unit="人",
    source="示例县材料（000）“四公开五差额两票决”（差额考察：考察对象多于拟任职位数）；每职位2人为本地设定，RULES.md未规定比例",
    minimum=2, maximum=5,
)
WRITTEN_WEIGHT_PERCENT = define(
    "appointments.written_weight_percent", label="公开选拔笔试成绩权重", module=MODULE, kind=int, default=40, unit="%",
    source="本地设定（综合成绩=笔试×权重+面试×权重，两项权重之和为100%；RULES.md未规定，每个事项发布公告时可调整）",
    minimum=0, maximum=100,
)
INTERVIEW_WEIGHT_PERCENT = define(
    "appointments.interview_weight_percent", label="公开选拔面试成绩权重", module=MODULE, kind=int, default=60, unit="%",
    source="本地设定（与笔试权重之和为100%）", minimum=0, maximum=100,
)
PANEL_TRIM_JUDGES = define(
    "appointments.panel_trim_judges", label="面试评分去掉最高分和最低分的评委人数下限", module=MODULE, kind=int,
    default=5, unit="人",
    source="本地设定（通行做法：评委5人以上的，去掉一个最高分和一个最低分后取平均分；示例县材料（002）实行“大评委”制）",
    minimum=3, maximum=99,
)
YOUNG_CADRE_MAX_AGE = define(
    "appointments.young_cadre_max_age", label="一报告中“年轻干部”的年龄上限", module=MODULE, kind=int, default=35,
    unit="岁", source="本地统计口径（任职时年满不超过该岁数的计为年轻干部；中央未统一规定，县级通常按35岁以下科级干部统计，"
    "如示例县材料（000）的年轻干部培训班）", minimum=25, maximum=50,
)
