"""Policy settings of secret ballots (票决): the quorum and the majority of each rule, the 差额 margin of an
election, voting codes and how many wrong codes the public page takes.

Fractions such as 2/3 and 4/5 are kept as a numerator and a denominator: a percentage could not say "two thirds"
exactly (6 of 9 members is two thirds, and 6 × 100 < 67 × 9).
"""

from zugong.core.policy import define

MODULE = "票决"
APPOINTMENT = "《党政领导干部选拔任用工作条例》（2019）第四十五条（讨论决定干部任免：必须有三分之二以上成员到会，以超过应到会成员半数同意形成决定）"
DEVELOPMENT = ("《中国共产党发展党员工作细则》第二十条；《党章》（有表决权的到会人数必须超过应到会人数的半数，"
               "赞成人数超过应到会有表决权的正式党员的半数）")
ELECTION = "《中国共产党基层组织选举工作条例》第二十二条（有选举权的到会人数超过应到会人数的五分之四，会议有效）"
ELECTED = "《中国共产党基层组织选举工作条例》第二十三条（被选举人获得的赞成票超过实到会有选举权的人数的一半，始得当选）"
MARGIN = "《中国共产党基层组织选举工作条例》（候选人数应多于应选人数的20%）"
SECURITY = "本系统安全设置，参照 GB/T 22239-2019《信息安全技术 网络安全等级保护基本要求》（限制非法登录次数）"


def _fraction(key: str, label: str, numerator: int, denominator: int, source: str):
    return (
        define(f"ballots.{key}_numerator", label=f"{label}（分子）", module=MODULE, kind=int, default=numerator,
               unit="份", source=source, minimum=1, maximum=99),
        define(f"ballots.{key}_denominator", label=f"{label}（分母）", module=MODULE, kind=int, default=denominator,
               unit="份", source=source, minimum=1, maximum=100),
    )


DECISION_QUORUM = _fraction("decision_quorum", "讨论决定：到会人数不少于应到会人数的比例", 2, 3, APPOINTMENT)
DECISION_PASS = _fraction("decision_pass", "讨论决定：同意人数须超过应到会人数的比例", 1, 2, APPOINTMENT)
DUE_QUORUM = _fraction("due_quorum", "支部大会表决：到会人数须超过应到会人数的比例", 1, 2, DEVELOPMENT)
DUE_PASS = _fraction("due_pass", "支部大会表决：赞成人数须超过应到会人数的比例", 1, 2, DEVELOPMENT)
PRESENT_QUORUM = _fraction("present_quorum", "一般表决：到会人数须超过应到会人数的比例", 1, 2,
                           "本系统默认（会议须过半数到会；按本单位议事规则调整）")
PRESENT_PASS = _fraction("present_pass", "一般表决：同意人数须超过实到会人数的比例", 1, 2,
                         "本系统默认（以超过实到会人数半数同意通过；按本单位议事规则调整）")
ELECTION_QUORUM = _fraction("election_quorum", "选举：到会人数须超过应到会人数的比例", 4, 5, ELECTION)
ELECTION_PASS = _fraction("election_pass", "选举：赞成票须超过实到会人数的比例", 1, 2, ELECTED)

ELECTION_MARGIN_PERCENT = define(
    "ballots.election_margin_percent", label="差额选举：候选人数多于应选人数的最低比例", module=MODULE, kind=int,
    default=20, unit="%", source=MARGIN, minimum=0, maximum=100,
)
CODE_LENGTH = define(
    "ballots.code_length", label="投票码长度", module=MODULE, kind=int, default=8, unit="位",
    source="本系统安全设置（与民意调查邀请码相同的31个字母数字，8位约8.5×10¹¹种组合；不少于8位）",
    minimum=8, maximum=16,
)
CODE_ATTEMPT_MINUTES = define(
    "ballots.code_attempt_minutes", label="投票码输错次数的计数时段", module=MODULE, kind=int, default=10,
    unit="分钟", source=SECURITY, minimum=1, maximum=1440,
)
CODE_ATTEMPTS_PER_ADDRESS = define(
    "ballots.code_attempts_per_address", label="同一网络地址每个计数时段最多输错投票码次数", module=MODULE,
    kind=int, default=20, unit="次", source=SECURITY, minimum=1, maximum=10000,
)
CODE_ATTEMPTS_TOTAL = define(
    "ballots.code_attempts_total", label="全系统每个计数时段最多输错投票码次数（超过后所有地址暂停输入）",
    module=MODULE, kind=int, default=200, unit="次", source=SECURITY, minimum=1, maximum=100000,
)
