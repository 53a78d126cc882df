"""Policy settings of statistics: enterprise coverage (RULES.md Enterprises) and village economy (seed 000)."""

from decimal import Decimal

from zugong.core.policy import define

LOCAL = "本县规定：2012年全县组织工作会议部署（员工30名以上的企业都有党员，有3名以上正式党员或员工50人以上的企业都有党组织；其他地区按本地规定设定）"

MEMBERS_FROM_EMPLOYEES = define(
    "coverage.members_from_employees", label="从业人员达到该数的非公企业应有党员", module="非公企业党建",
    kind=int, default=30, unit="人", source=LOCAL, minimum=1, maximum=1000,
)
ORGANIZATION_FROM_EMPLOYEES = define(
    "coverage.organization_from_employees", label="从业人员达到该数的非公企业应建立党组织", module="非公企业党建",
    kind=int, default=50, unit="人", source=LOCAL, minimum=1, maximum=1000,
)
ORGANIZATION_FROM_MEMBERS = define(
    "coverage.organization_from_members", label="正式党员达到该数的非公企业应建立党组织", module="非公企业党建",
    kind=int, default=3, unit="名", source="《中国共产党支部工作条例（试行）》第四条（正式党员3人以上的，应当成立党支部）",
    minimum=1, maximum=50,
)

INCOME_TARGET = define(
    "economy.village_income_target", label="村级集体经济年纯收入目标", module="村级集体经济", kind=Decimal,
    default=Decimal("5"), unit="万元", source="本县规定：2012年全县组织工作会议部署（行政村集体经济年纯收入达到5万元以上）",
    minimum=Decimal("0"), maximum=Decimal("10000"),
)
TARGET_SHARE = define(
    "economy.target_share_percent", label="集体经济达标村目标比例", module="村级集体经济", kind=int, default=70,
    unit="%", source="本县规定：2012年全县组织工作会议部署（力争3-5年使全县70%的行政村达到目标）", minimum=1, maximum=100,
)
TARGET_YEAR = define(
    "economy.target_year", label="集体经济达标比例的目标年度", module="村级集体经济", kind=int, default=2028,
    unit="年", source="本县规定：2012年全县组织工作会议部署（力争3-5年；请按本地规划设定年度）", minimum=2000, maximum=2100,
)

BRANCH_COMMITTEE_SEATS = define(
    "statistics.branch_committee_min_seats", label="统计“设立支部委员会的党支部”时委员会的最少名额", module="统计报表",
    kind=int, default=3, unit="名", source="《中国共产党支部工作条例（试行）》第六章（支部委员会一般由3至5人组成）",
    minimum=2, maximum=7,
)
