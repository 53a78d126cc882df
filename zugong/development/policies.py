"""Policy settings of member development (《中国共产党发展党员工作细则》2014, RULES.md)."""

from zugong.ballots import policies as ballot_policies
from zugong.core.policy import define

SOURCE = "《中国共产党发展党员工作细则》"

TALK_DUE_MONTHS = define(
    "development.talk_due_months", label="收到入党申请书后派人谈话的期限", module="发展党员", kind=int, default=1,
    unit="个月", source=f"{SOURCE}第七条", minimum=1, maximum=3,
)
REVIEW_INTERVAL_MONTHS = define(
    "development.review_interval_months", label="入党积极分子培养考察的间隔", module="发展党员", kind=int,
    default=6, unit="个月", source=f"{SOURCE}（党组织每半年对入党积极分子进行一次考察）", minimum=1,
    maximum=12,
)
CULTIVATION_MONTHS = define(
    "development.cultivation_months", label="入党积极分子确定为发展对象前的培养期", module="发展党员", kind=int,
    default=12, unit="个月", source=f"{SOURCE}第十三条（经过一年以上培养教育和考察）", minimum=12, maximum=36,
)
MENTORS_MIN = define(
    "development.mentors_min", label="培养联系人最少人数", module="发展党员", kind=int, default=1, unit="名",
    source=f"{SOURCE}第九条（指定一至两名正式党员作培养联系人）", minimum=1, maximum=2,
)
MENTORS_MAX = define(
    "development.mentors_max", label="培养联系人最多人数", module="发展党员", kind=int, default=2, unit="名",
    source=f"{SOURCE}第九条（指定一至两名正式党员作培养联系人）", minimum=1, maximum=3,
)
SPONSORS = define(
    "development.sponsors", label="入党介绍人人数", module="发展党员", kind=int, default=2, unit="名",
    source=f"{SOURCE}第十四条；《党章》第五条（两名正式党员作介绍人）", minimum=2, maximum=2,
)
TRAINING_MIN_DAYS = define(
    "development.training_min_days", label="发展对象集中培训最少天数", module="发展党员", kind=int, default=3,
    unit="天", source=f"{SOURCE}第十七条（一般不少于3天或不少于24个学时）", minimum=1, maximum=30,
)
TRAINING_MIN_HOURS = define(
    "development.training_min_hours", label="发展对象集中培训最少学时", module="发展党员", kind=int, default=24,
    unit="学时", source=f"{SOURCE}第十七条（一般不少于3天或不少于24个学时）", minimum=8, maximum=240,
)
# The branch meeting's quorum and majority are the ballots' rule for it (one setting each, read by the tally of a
# sealed ballot and by the check of hand-entered figures alike).
QUORUM_NUMERATOR, QUORUM_DENOMINATOR = ballot_policies.DUE_QUORUM
PASS_NUMERATOR, PASS_DENOMINATOR = ballot_policies.DUE_PASS
VOTE_RULE = (QUORUM_NUMERATOR, QUORUM_DENOMINATOR, PASS_NUMERATOR, PASS_DENOMINATOR)
APPROVAL_DUE_MONTHS = define(
    "development.approval_due_months", label="上级党委审批期限", module="发展党员", kind=int, default=3,
    unit="个月", source=f"{SOURCE}（上级党委应当在三个月内审批）", minimum=1, maximum=6,
)
APPROVAL_LIMIT_MONTHS = define(
    "development.approval_limit_months", label="上级党委审批最长期限", module="发展党员", kind=int, default=6,
    unit="个月", source=f"{SOURCE}（因特殊情况可适当延长审批时间，但不得超过六个月）", minimum=3, maximum=6,
)
OATH_DUE_MONTHS = define(
    "development.oath_due_months", label="审批后组织入党宣誓的期限", module="发展党员", kind=int, default=1,
    unit="个月", source="本地实践（国家规定为“及时”组织宣誓，期限未统一，请按本地要求调整）", minimum=1, maximum=6,
)
PROBATION_MONTHS = define(
    "development.probation_months", label="预备期", module="发展党员", kind=int, default=12, unit="个月",
    source=f"《党章》第七条；{SOURCE}第三十二条（预备期为一年，从支部大会通过之日算起）", minimum=12, maximum=12,
)
CONFIRMATION_GRACE_MONTHS = define(
    "development.confirmation_grace_months", label="预备期满后讨论转正的期限", module="发展党员", kind=int,
    default=1, unit="个月",
    source=f"{SOURCE}（预备期满，党支部应当及时讨论；期限为本地设定）", minimum=0, maximum=6,
)
CONFIRMATION_APPROVAL_DUE_MONTHS = define(
    "development.confirmation_approval_due_months", label="转正审批期限", module="发展党员", kind=int, default=3,
    unit="个月", source=f"{SOURCE}（转正上级党委应当在三个月内审批）", minimum=1, maximum=6,
)
EXTENSION_MIN_MONTHS = define(
    "development.extension_min_months", label="延长预备期最短", module="发展党员", kind=int, default=6,
    unit="个月", source=f"《党章》第七条（可以延长一次预备期，不能少于半年，最长不超过一年）；{SOURCE}第三十二条", minimum=1, maximum=12,
)
EXTENSION_MAX_MONTHS = define(
    "development.extension_max_months", label="延长预备期最长", module="发展党员", kind=int, default=12,
    unit="个月", source="《党章》第七条（延长预备期，但不能超过一年）", minimum=6, maximum=12,
)
THREE_STEP_VOTE = define(
    "development.three_statements_votes", label="实行“三述三评三票决”（1=实行，0=不实行）", module="发展党员",
    kind=int, default=0, unit="（开关）", source="本县规定：2012年全县组织工作会议部署（推行落实“三述三评三票决”发展党员机制）",
    minimum=0, maximum=1,
)
VILLAGE_YEARLY_TARGET = define(
    "development.village_yearly_target", label="每个村每年至少发展党员", module="发展党员", kind=int, default=1,
    unit="名", source="本县规定：2012年全县组织工作会议部署（确保每个村每年至少发展1名党员）", minimum=0, maximum=20,
)
DUE_SOON_DAYS = define(
    "development.due_soon_days", label="到期提醒提前天数", module="发展党员", kind=int, default=30, unit="天",
    source="本地设定（待办清单“30天内可办理”）", minimum=1, maximum=90,
)

EXCELLENT_SHARE_DENOMINATOR = define(
    "development.excellent_share_denominator", label="民主评议“优秀”等次比例上限（参评党员的几分之一）", module="发展党员",
    kind=int, default=3, unit="分之一", source="《中国共产党支部工作条例（试行）》第十八条（评为优秀的一般不超过党员总数的1/3）",
    minimum=2, maximum=10,
)
PROBATIONARY_GRADED = define(
    "development.probationary_graded", label="预备党员在民主评议中评定等次（1=评定，0=参加评议不评定等次）",
    module="发展党员", kind=int, default=0, unit="（开关）", source="《关于建立民主评议党员制度的意见》（预备党员参加评议，不评定等次）",
    minimum=0, maximum=1,
)
