"""Policy settings of member education and care: star thresholds, the care allowance (seed 000, B8)."""

from zugong.core.policy import define

SEED = "本县规定：2012年全县组织工作会议部署"

STAR_THRESHOLDS = [
    define(f"education.star_{stars}_points", label=f"{stars}星级党员最低积分", module="党员教育管理", kind=int,
           default=default, unit="分", source=f"{SEED}：党员百分制积分管理，按积分评定星级", minimum=0, maximum=100)
    for stars, default in ((5, 90), (4, 80), (3, 70), (2, 60), (1, 50))
]
PLAQUE_MIN_STARS = define(
    "education.plaque_min_stars", label="挂牌“星级党员”的最低星级", module="党员教育管理", kind=int, default=4,
    unit="星", source=f"{SEED}：星级党员、党员户挂牌", minimum=1, maximum=5,
)
CARE_MIN_AGE = define(
    "education.care_min_age", label="关爱金：最低年龄", module="党员教育管理", kind=int, default=70, unit="周岁",
    source=f"{SEED}：党组织关爱金（年满70周岁）", minimum=50, maximum=100,
)
CARE_MIN_PARTY_YEARS = define(
    "education.care_min_party_years", label="关爱金：最低党龄", module="党员教育管理", kind=int, default=30,
    unit="年", source=f"{SEED}：党组织关爱金（党龄30年以上）", minimum=1, maximum=80,
)
CARE_MONTHLY_AMOUNT = define(
    "education.care_monthly_amount", label="关爱金：每月发放标准", module="党员教育管理", kind=int, default=30,
    unit="元", source=f"{SEED}：党组织关爱金（每人每月不低于30元）", minimum=30, maximum=2000,
)
VISIT_MIN_AGE = define(
    "education.visit_min_age", label="走访慰问：老党员年龄（每年至少走访一次）", module="党员教育管理", kind=int,
    default=70, unit="周岁",
    source="本市做法：2023年全市提高组织工作满意度座谈会讲话（对70岁及以上农村老党员全覆盖慰问）",
    minimum=50, maximum=100,
)
# The grades in order (1 优秀, 2 合格, 3 基本合格): those up to this one count as passed (selectors.GRADE_ORDER).
CARE_LOWEST_PASSING_GRADE = define(
    "education.care_lowest_passing_grade", label="关爱金：上次民主评议至少须评为（1=优秀，2=合格，3=基本合格）",
    module="党员教育管理", kind=int, default=2, unit="（等次）",
    source=f"{SEED}：党组织关爱金（上次民主评议合格，即评为优秀或合格）", minimum=1, maximum=3,
)
