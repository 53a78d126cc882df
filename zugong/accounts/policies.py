"""Policy settings of accounts: login lockout."""

from zugong.core.policy import define

SOURCE = "本系统安全设置，参照 GB/T 22239-2019《网络安全等级保护基本要求》登录失败处理（本地设定）"

LOCKOUT_ATTEMPTS = define(
    "accounts.lockout_attempts",
    label="连续登录失败锁定次数",
    module="账户与权限",
    kind=int,
    default=5,
    unit="次",
    source=SOURCE,
    minimum=3,
    maximum=20,
)
LOCKOUT_MINUTES = define(
    "accounts.lockout_minutes",
    label="账户锁定时长",
    module="账户与权限",
    kind=int,
    default=30,
    unit="分钟",
    source=SOURCE,
    minimum=1,
    maximum=1440,
)
