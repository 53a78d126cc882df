"""Policy settings of the organization tree: terms and the reminder before a term ends."""

from zugong.core.policy import define

_TERMS_SOURCE = "中办《关于党的基层组织任期的意见》(2018)"
_M = "组织体系"

TERM_YEARS_COUNTY_COMMITTEE = define(
    "organizations.term_years.county_committee", label="县（市）委任期", module=_M, kind=int,
    default=5, unit="年", source="《中国共产党章程》第二十七条", minimum=1, maximum=10,
)
TERM_YEARS_GRASSROOTS_COMMITTEE = define(
    "organizations.term_years.grassroots_committee", label="基层党委（党工委）任期", module=_M, kind=int,
    default=5, unit="年", source=_TERMS_SOURCE, minimum=1, maximum=10,
)
TERM_YEARS_GENERAL_BRANCH = define(
    "organizations.term_years.general_branch", label="党总支任期", module=_M, kind=int,
    default=3, unit="年", source=_TERMS_SOURCE, minimum=1, maximum=10,
)
TERM_YEARS_BRANCH = define(
    "organizations.term_years.branch", label="党支部任期", module=_M, kind=int,
    default=3, unit="年", source=_TERMS_SOURCE, minimum=1, maximum=10,
)
TERM_YEARS_VILLAGE_COMMUNITY = define(
    "organizations.term_years.village_community", label="村、社区党组织任期", module=_M, kind=int,
    default=5, unit="年", source=f"{_TERMS_SOURCE}；《中国共产党农村基层组织工作条例》(2019)",
    minimum=1, maximum=10,
)
TERM_REMINDER_MONTHS = define(
    "organizations.term_reminder_months", label="任期届满提前提醒", module=_M, kind=int,
    default=6, unit="个月", source="《中国共产党支部工作条例（试行）》(2018)", minimum=1, maximum=24,
)
