"""Users, their roles and the organization subtrees those roles cover (账户、角色与范围)."""

from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from zugong.accounts.capabilities import ROLE_CAPABILITIES, Role
from zugong.core.tree import outermost


class User(AbstractUser):
    display_name = models.CharField(_("姓名"), max_length=50, blank=True)
    # Set when an administrator issues a temporary password: every page leads to the password change until
    # the user has chosen their own. The temporary password works for one sign-in, and only until it expires.
    must_change_password = models.BooleanField(_("须修改密码"), default=False)
    temporary_password_expires_at = models.DateTimeField(_("临时密码有效期至"), null=True, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username

    @cached_property
    def _scopes(self) -> dict[str, list[str]]:
        by_capability: dict[str, list[str]] = {}
        for role, path in self.role_assignments.filter(organization__is_closed=False).values_list(
            "role", "organization__path"
        ):
            for capability in ROLE_CAPABILITIES[role]:
                by_capability.setdefault(capability, []).append(path)
        return {cap: outermost(paths) for cap, paths in by_capability.items()}

    def scope_prefixes(self, capability: str) -> list[str]:
        """Tree paths where this user holds ``capability`` (outermost only)."""
        return self._scopes.get(capability, [])

    def has_capability(self, capability: str) -> bool:
        return bool(self.scope_prefixes(capability))


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("角色"), max_length=30, choices=Role.choices)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("负责范围"),
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )

    class Meta:
        verbose_name = _("角色授权")
        verbose_name_plural = _("角色授权")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "organization"], name="unique_role_assignment")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organization}"


class SignInCounter(models.Model):
    """Failed sign-ins counted for one key (登录失败计数): an account from one address, an account from every
    address, or one address for every account. Keys are the typed username and the address, whether or not
    the account exists, so a refusal never tells whether it does. See docs/decisions (sign-in lockout)."""

    class Kind(models.TextChoices):
        PAIR = "pair", _("同一账户、同一地址")
        ACCOUNT = "account", _("同一账户、所有地址")
        ADDRESS = "address", _("同一地址、所有账户")

    kind = models.CharField(_("计数方式"), max_length=10, choices=Kind.choices)
    username = models.CharField(_("用户名"), max_length=150, blank=True)
    address = models.CharField(_("地址"), max_length=45, blank=True)
    failures = models.PositiveIntegerField(_("失败次数"), default=0)
    last_failure_at = models.DateTimeField(_("最近失败时间"), null=True, blank=True)
    locked_until = models.DateTimeField(_("锁定至"), null=True, blank=True)

    class Meta:
        verbose_name = _("登录失败计数")
        verbose_name_plural = _("登录失败计数")
        constraints = [
            models.UniqueConstraint(fields=["kind", "username", "address"], name="unique_sign_in_counter")
        ]
        indexes = [models.Index(fields=["last_failure_at"], name="sign_in_counter_last_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.username} {self.address} × {self.failures}"
