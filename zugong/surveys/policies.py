"""Policy settings of surveys: the smallest group whose results are shown, how parents are scored, invitation codes
and how many wrong ones may be typed (邀请码输入限制)."""

from zugong.core.policy import define

MODULE = "民意调查"

MIN_GROUP_SIZE = define(
    "surveys.min_group_size", label="显示结果的最少答卷数", module=MODULE, kind=int, default=10, unit="份",
    source="本系统默认（保护匿名：样本过少的单位不显示得分，也不能由合计反推）", minimum=2, maximum=1000,
)
ROLLUP_CHILDREN_MEAN = define(
    "surveys.rollup_children_mean", label="上级得分算法（0 合并全部答卷计算，1 取下级单位得分的平均）",
    module=MODULE, kind=int, default=0, unit="（0或1）",
    source="本系统默认（全国组织工作满意度民意调查按答卷合并计分）", minimum=0, maximum=1,
)
SECURITY = "本系统安全设置，参照 GB/T 22239-2019《信息安全技术 网络安全等级保护基本要求》（限制非法登录次数）"
CODE_LENGTH = define(
    "surveys.code_length", label="邀请码长度", module=MODULE, kind=int, default=8, unit="位",
    source="本系统安全设置（31个字母数字，8位约8.5×10¹¹种组合，配合输错次数限制不可猜测；不少于8位）",
    minimum=8, maximum=16,
)
CODE_ATTEMPT_MINUTES = define(
    "surveys.code_attempt_minutes", label="邀请码输错次数的计数时段", module=MODULE, kind=int, default=10,
    unit="分钟", source=SECURITY, minimum=1, maximum=1440,
)
CODE_ATTEMPTS_PER_ADDRESS = define(
    "surveys.code_attempts_per_address", label="同一网络地址每个计数时段最多输错邀请码次数（超过后暂停输入，正确的邀请码也须等到时段结束）",
    module=MODULE, kind=int, default=20, unit="次", source=SECURITY, minimum=1, maximum=10000,
)
CODE_ATTEMPTS_TOTAL = define(
    "surveys.code_attempts_total", label="全系统每个计数时段最多输错邀请码次数（超过后所有地址暂停输入）",
    module=MODULE, kind=int, default=200, unit="次", source=SECURITY, minimum=1, maximum=100000,
)
LOW_SCORE_MARGIN = define(
    "surveys.low_score_margin", label="低于上级平均分多少分列为问题", module=MODULE, kind=int, default=0,
    unit="分", source="本市做法：2023年全市提高组织工作满意度座谈会讲话（对组织工作满意度较差的单位，找“一把手”、找班子成员谈话）", minimum=0, maximum=100,
)
MAX_MAIN_INDICATORS = define(
    "surveys.max_main_indicators", label="主要指标最多个数", module=MODULE, kind=int, default=4, unit="个",
    source="本市做法：2023年全市提高组织工作满意度座谈会讲话（组织工作满意度民意调查四项主要指标）", minimum=1, maximum=20,
)
MAX_SECONDARY_INDICATORS = define(
    "surveys.max_secondary_indicators", label="次要指标最多个数", module=MODULE, kind=int, default=10, unit="个",
    source="本市做法：2023年全市提高组织工作满意度座谈会讲话（四项主要指标之外的评价指标，题目按全国组织工作满意度民意调查设定）", minimum=0, maximum=50,
)
