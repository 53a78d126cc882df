"""Users, their roles and the organization subtrees those roles cover (账户、角色与范围)."""

from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zugong.accounts.capabilities import ROLE_CAPABILITIES, Role
from zugong.core.tree import outermost


class User(AbstractUser):
    display_name = models.CharField(_("姓名"), max_length=50, blank=True)
    failed_login_count = models.PositiveIntegerField(_("连续登录失败次数"), default=0)
    locked_until = models.DateTimeField(_("锁定至"), null=True, blank=True)

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

    @property
    def is_locked(self) -> bool:
        return bool(self.locked_until and self.locked_until > timezone.now())

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
