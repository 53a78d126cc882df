"""Policy settings of enterprise coverage (非公企业党建覆盖, RULES.md Enterprises; seed 000)."""

from zugong.core.policy import define

LOCAL = "本地目标（种子材料000；其他地区未确认）"

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
