"""Policy settings of the talent register and programs (REQUIREMENTS E1–E2; seeds 000, 001, 003)."""

from zugong.core.policy import define

MODULE = "人才"

REVIEW_MIN_SCORES = define(
    "talent.review_min_scores", label="人才工程申报作出决定前至少需要的评审评分份数", module=MODULE, kind=int,
    default=3, unit="份",
    source="本县做法：2012年全县组织工作会议部署（“赣鄱英才555工程”等人才工程人选的申报评审；评审人数请按本地办法设定）",
    minimum=1, maximum=30,
)
REVIEW_PASS_SCORE = define(
    "talent.review_pass_score", label="人才工程申报入选所需的平均评分", module=MODULE, kind=int, default=70, unit="分",
    source="本县做法：人才工程评审（百分制，入选分数线请按本地办法设定）",
    minimum=0, maximum=100,
)
GRANT_MAX = define(
    "talent.grant_max", label="单笔人才资助金额上限", module=MODULE, kind=int, default=100_000, unit="元",
    source="本县规定：2012年全县组织工作会议部署（建立30万元人才工作发展基金；单笔上限请按基金管理办法设定）",
    minimum=100, maximum=10_000_000,
)
RURAL_FIRST_POINTS = define(
    "talent.rural_first_points", label="农村实用人才评价一级（高级）所需总分", module=MODULE, kind=int, default=85,
    unit="分", source="本区做法：探索建立农村实用人才评价鉴定机制（区委组织部组织科年度工作总结）",
    minimum=0, maximum=100,
)
RURAL_SECOND_POINTS = define(
    "talent.rural_second_points", label="农村实用人才评价二级（中级）所需总分", module=MODULE, kind=int, default=70,
    unit="分", source="本区做法：探索建立农村实用人才评价鉴定机制（区委组织部组织科年度工作总结）",
    minimum=0, maximum=100,
)
RURAL_THIRD_POINTS = define(
    "talent.rural_third_points", label="农村实用人才评价三级（初级）所需总分", module=MODULE, kind=int, default=60,
    unit="分", source="本区做法：探索建立农村实用人才评价鉴定机制（区委组织部组织科年度工作总结）",
    minimum=0, maximum=100,
)
