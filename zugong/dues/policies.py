"""Policy settings of dues (中组发〔2008〕3号《关于中国共产党党费收缴、使用和管理的规定》)."""

from zugong.core.policy import define

BACK_PAYMENT_MONTHS = define(
    "dues.back_payment_months", label="党费补缴期限", module="党费", kind=int, default=6, unit="个月",
    source="中组发〔2008〕3号 第十二条（补交党费一般不超过6个月）", minimum=0, maximum=24,
)

ADVANCE_MONTHS = define(
    "dues.advance_months", label="可预交的后续月数", module="党费", kind=int, default=2, unit="个月",
    source="中组发〔2008〕3号 第十二条（按月交纳，经党组织同意可按季度交纳：本月及其后2个月）", minimum=0, maximum=12,
)

WARNING_MONTHS = define(
    "dues.arrears_warning_months", label="连续未缴党费预警", module="党费", kind=int, default=3, unit="个月",
    source="本地设定：提前提醒党支部，避免达到第十三条的6个月", minimum=1, maximum=12,
)

LAPSE_MONTHS = define(
    "dues.lapse_months", label="连续未缴党费视为自行脱党", module="党费", kind=int, default=6, unit="个月",
    source="《中国共产党章程》第九条；中组发〔2008〕3号 第十三条", minimum=1, maximum=24,
)
