"""Policy settings of themed campaigns (主题实践活动). The figures are seed 000's, the county's own rules for 三抓三促:
a work group of 3–5 cadres, each organization cadre's contact points (a township, 4–6 villages, an enterprise, a school
and a social organization), county leaders at the grassroots at least twice a month. The file limits and the notice a
due list gives are local settings where no figure is given (RULES.md)."""

from zugong.core.policy import define

MODULE = "主题实践活动"
SEED = "本县规定：县委组织工作暨“三抓三促”主题实践活动动员会议讲话"
LOCAL = "本县规定（可调整）"

GROUP_MIN = define(
    "campaigns.group_min", label="工作组最少人数", module=MODULE, kind=int, default=3, unit="名",
    source=f"{SEED}（抽调3—5名工作经验丰富的干部组成工作组）", minimum=1, maximum=20,
)
GROUP_MAX = define(
    "campaigns.group_max", label="工作组最多人数", module=MODULE, kind=int, default=5, unit="名",
    source=f"{SEED}（抽调3—5名工作经验丰富的干部组成工作组）", minimum=1, maximum=30,
)
VISITS_PER_MONTH = define(
    "campaigns.visits_per_month", label="县级领导每月深入基层最少次数", module=MODULE, kind=int, default=2,
    unit="次/月", source=f"{SEED}（县级领导干部平均每月至少2次带头深入基层）", minimum=1, maximum=31,
)
POINTS_TOWNSHIP = define(
    "campaigns.points_township", label="组工干部联系点：乡镇", module=MODULE, kind=int, default=1, unit="个",
    source=f"{SEED}（每名组工干部确定一个乡镇、4-6个村、一家企业、一所学校和一个新社会组织作为联系点）",
    minimum=0, maximum=10,
)
POINTS_VILLAGES_MIN = define(
    "campaigns.points_villages_min", label="组工干部联系点：村（至少）", module=MODULE, kind=int, default=4, unit="个",
    source=f"{SEED}（4-6个村）", minimum=0, maximum=20,
)
POINTS_VILLAGES_MAX = define(
    "campaigns.points_villages_max", label="组工干部联系点：村（至多）", module=MODULE, kind=int, default=6, unit="个",
    source=f"{SEED}（4-6个村）", minimum=0, maximum=30,
)
POINTS_ENTERPRISE = define(
    "campaigns.points_enterprise", label="组工干部联系点：企业", module=MODULE, kind=int, default=1, unit="个",
    source=f"{SEED}（一家企业）", minimum=0, maximum=10,
)
POINTS_SCHOOL = define(
    "campaigns.points_school", label="组工干部联系点：学校", module=MODULE, kind=int, default=1, unit="个",
    source=f"{SEED}（一所学校）", minimum=0, maximum=10,
)
POINTS_SOCIAL_ORG = define(
    "campaigns.points_social_org", label="组工干部联系点：社会组织", module=MODULE, kind=int, default=1, unit="个",
    source=f"{SEED}（一个新社会组织）", minimum=0, maximum=10,
)
REPORT_MAX_BYTES = define(
    "campaigns.report_file_max_bytes", label="任务报送材料每个文件的大小上限", module=MODULE, kind=int,
    default=10_000_000, unit="字节", source=f"{LOCAL}（网页上传的总大小另受上传上限约束）", minimum=100_000,
    maximum=50_000_000,
)
REPORT_MAX_FILES = define(
    "campaigns.report_files_max", label="一次报送可上传的文件数", module=MODULE, kind=int, default=5, unit="个",
    source=LOCAL, minimum=1, maximum=20,
)
DUE_SOON_DAYS = define(
    "campaigns.due_soon_days", label="任务临近期限的提醒天数", module=MODULE, kind=int, default=7, unit="天",
    source=f"{LOCAL}（与其他待办清单一样提前一周提醒）", minimum=1, maximum=60,
)
