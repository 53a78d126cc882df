"""Policy settings of accounts (账户与权限): sign-in lockout and temporary passwords.

The lockout rule is in docs/decisions/0007-sign-in-lockout.md: an account is locked *from one address*
after ``lockout_attempts`` failures there; an address is locked for every account after
``address_lockout_attempts``; an account is locked from every address after ``account_lockout_attempts``
(distributed guessing). Failures count while each follows the previous one within ``lockout_minutes``.
"""

from zugong.core.policy import define

SOURCE = "本系统安全设置，参照 GB/T 22239-2019《网络安全等级保护基本要求》登录失败处理（本地设定）"
MODULE = "账户与权限"

LOCKOUT_ATTEMPTS = define(
    "accounts.lockout_attempts",
    label="登录失败锁定次数（同一账户、同一地址）",
    module=MODULE,
    kind=int,
    default=5,
    unit="次",
    source=SOURCE,
    minimum=3,
    maximum=20,
)
LOCKOUT_MINUTES = define(
    "accounts.lockout_minutes",
    label="登录锁定时长（也是连续失败的计数期：两次失败相隔超过此时长则重新计数）",
    module=MODULE,
    kind=int,
    default=30,
    unit="分钟",
    source=SOURCE,
    minimum=1,
    maximum=1440,
)
ADDRESS_LOCKOUT_ATTEMPTS = define(
    "accounts.address_lockout_attempts",
    label="登录失败锁定次数（同一地址、所有账户合计）",
    module=MODULE,
    kind=int,
    default=20,
    unit="次",
    source=SOURCE + "；一个单位经同一出口地址上网时可调高",
    minimum=5,
    maximum=1000,
)
ACCOUNT_LOCKOUT_ATTEMPTS = define(
    "accounts.account_lockout_attempts",
    label="登录失败锁定次数（同一账户、所有地址合计，防分散猜测）",
    module=MODULE,
    kind=int,
    default=50,
    unit="次",
    source=SOURCE,
    minimum=10,
    maximum=1000,
)
TEMPORARY_PASSWORD_HOURS = define(
    "accounts.temporary_password_hours",
    label="管理员签发的临时密码有效期（只能登录一次，登录后须修改）",
    module=MODULE,
    kind=int,
    default=72,
    unit="小时",
    source="本系统安全设置（本地设定）",
    minimum=1,
    maximum=720,
)
