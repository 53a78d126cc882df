"""Policy settings of the member register."""

from zugong.core.policy import define

MIN_AGE = define(
    "members.min_join_age", label="入党最低年龄", module="党员", kind=int, default=18, unit="周岁",
    source="《中国共产党发展党员工作细则》第五条", minimum=18, maximum=30,
)

LETTER_VALID_DAYS = define(
    "members.transfer_letter_valid_days", label="组织关系介绍信有效期", module="党员", kind=int, default=30,
    unit="天", source="党员组织关系介绍信有效期（本地设定，国家规定未统一，请按本省要求调整）", minimum=7, maximum=180,
)

LOST_CONTACT_MONTHS = define(
    "members.lost_contact_months", label="失去联系视为失联的期限", module="党员", kind=int, default=6,
    unit="个月", source="《中国共产党党员教育管理工作条例》(2019) 第二十四条", minimum=1, maximum=24,
)

LETTER_ISSUER_ACROSS_COMMITTEES = define(
    "members.letter_issuer_across_committees",
    label="本县内、跨基层党委转接组织关系时开具介绍信的党委（0=转出党员所在的基层党委，1=县委组织部统一开具）",
    module="党员", kind=int, default=0, unit="（开关）",
    source="中组部关于转移和接收党员组织关系权限的规定（县内基层党委之间可直接相互接转；有的地方规定统一经县委组织部转接，"
           "请按本地要求调整）", minimum=0, maximum=1,
)
