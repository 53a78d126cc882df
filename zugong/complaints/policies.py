"""Policy settings of 12380 reports (RULES.md "Where no figure is given": no regulation here fixes the days to
accept or close a 12380 case, so each is a local setting, 本县规定（可调整）)."""

from zugong.core.policy import define

MODULE = "12380举报受理"
LOCAL = "本县规定（可调整）"

ACCEPT_WORKING_DAYS = define(
    "complaints.accept_working_days", label="收到举报后作出受理决定的期限", module=MODULE, kind=int, default=15,
    unit="个工作日", source=f"{LOCAL}（参照信访事项办理的做法，自收到之次日起计算工作日）", minimum=1, maximum=60,
)
CONCLUDE_DAYS = define(
    "complaints.conclude_days", label="受理后办结的期限", module=MODULE, kind=int, default=60, unit="天",
    source=f"{LOCAL}（自受理决定之次日起计算）", minimum=7, maximum=365,
)
EXTENSION_MAX_DAYS = define(
    "complaints.extension_max_days", label="办结期限可延长的天数（限一次，须说明理由）", module=MODULE, kind=int,
    default=30, unit="天", source=LOCAL, minimum=0, maximum=180,
)
EVIDENCE_MAX_BYTES = define(
    "complaints.evidence_max_bytes", label="每个证据文件的大小上限", module=MODULE, kind=int, default=10_000_000,
    unit="字节", source=f"{LOCAL}（网页上传的总大小另受上传上限约束）", minimum=100_000, maximum=50_000_000,
)
EVIDENCE_MAX_FILES = define(
    "complaints.evidence_max_files", label="一次可上传的证据文件数", module=MODULE, kind=int, default=5, unit="个",
    source=LOCAL, minimum=1, maximum=20,
)
LOOKUP_ATTEMPTS = define(
    "complaints.lookup_attempts_per_hour", label="同一地址每小时可输错查询码的次数", module=MODULE, kind=int,
    default=10, unit="次", source=f"{LOCAL}（防止猜测查询码）", minimum=3, maximum=100,
)
FILINGS_PER_HOUR = define(
    "complaints.filings_per_hour", label="同一地址每小时可提交的网上举报数", module=MODULE, kind=int, default=10,
    unit="件", source=f"{LOCAL}（防止批量灌入）", minimum=1, maximum=1000,
)
