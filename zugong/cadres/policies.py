"""Policy settings of cadre work: the 优秀 quota of the annual assessment (RULES.md, Assessment)."""

from zugong.core.policy import define

MODULE = "干部"

EXCELLENT_SHARE = define(
    "cadres.excellent_share_percent", label="年度考核优秀等次比例", module=MODULE, kind=int, default=15, unit="%",
    source="公务员考核规定（优秀一般不超过本单位参加考核人数的15%，最多不超过20%；二手资料，按本地办法设置）",
    minimum=0, maximum=20,
    note="本单位优秀人数上限 = 本单位在职干部人数 × 比例，四舍五入",
)
