"""Policy settings of pairing aid and party members' micro-credit (seed 000, seed 002; REQUIREMENTS I5)."""

from zugong.core.policy import define

MODULE = "结对帮扶"

PROJECT_FUNDS_MAX = define(
    "pairing.project_funds_max", label="单个帮扶项目或活动场所资金上限（超过视为录入错误）", module=MODULE, kind=int,
    default=50_000_000, unit="元",
    source="本县规定：2012年全县组织工作会议部署（引进项目13个、到位帮扶资金600余万元，"
           "活动场所配套资金321.91万元；上限用于拦截录入错误，请按本地实际设定）",
    minimum=10_000, maximum=1_000_000_000,
)
LOAN_AMOUNT_MAX = define(
    "pairing.loan_amount_max", label="党员创业贷款单笔金额上限", module=MODULE, kind=int, default=500_000, unit="元",
    source="本市做法：2023年全市提高组织工作满意度座谈会讲话（472名党员获得“党员信贷”1153万元，"
           "户均约2.4万元；上限用于拦截录入错误，请按本地信贷产品设定）",
    minimum=1_000, maximum=100_000_000,
)
VENUE_AREA_MAX = define(
    "pairing.venue_area_max", label="村级组织活动场所建筑面积上限（超过视为录入错误）", module=MODULE, kind=int,
    default=5_000, unit="平方米",
    source="本县规定：2012年全县组织工作会议部署（第二轮村级组织活动场所建设；上限用于拦截录入错误）",
    minimum=100, maximum=100_000,
)
