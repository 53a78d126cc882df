"""Policy settings of surveys: the smallest group whose results are shown, how parents are scored."""

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
CODE_LENGTH = define(
    "surveys.code_length", label="邀请码长度", module=MODULE, kind=int, default=8, unit="位",
    source="本系统默认（8位字母数字，约一万亿种组合，不可猜测）", minimum=6, maximum=16,
)
LOW_SCORE_MARGIN = define(
    "surveys.low_score_margin", label="低于上级平均分多少分列为问题", module=MODULE, kind=int, default=0,
    unit="分", source="种子材料002：对组织工作满意度较差的单位，找“一把手”、找班子成员谈话", minimum=0, maximum=100,
)
MAX_MAIN_INDICATORS = define(
    "surveys.max_main_indicators", label="主要指标最多个数", module=MODULE, kind=int, default=4, unit="个",
    source="种子材料002：组织工作满意度民意调查四项主要指标", minimum=1, maximum=20,
)
MAX_SECONDARY_INDICATORS = define(
    "surveys.max_secondary_indicators", label="次要指标最多个数", module=MODULE, kind=int, default=10, unit="个",
    source="种子材料002：其它十项次要评价指标", minimum=0, maximum=50,
)
