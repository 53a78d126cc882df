"""Cross-cutting records: audit history (变更记录), policy settings (政策规则), findings (问题预警)."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", _("新建")
        UPDATE = "update", _("修改")
        DELETE = "delete", _("删除")
        MOVE = "move", _("调整隶属")
        CLOSE = "close", _("撤销")
        ELECTION = "election", _("换届选举")
        LOGIN_LOCKED = "login_locked", _("账户锁定")
        POLICY = "policy", _("规则调整")
        VIEW_SENSITIVE = "view_sensitive", _("查看敏感信息")
        TRANSFER = "transfer", _("组织关系转接")

    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    action = models.CharField(_("操作"), max_length=20, choices=Action.choices)
    # The record that changed …
    object_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(_("记录"), max_length=255)
    # … and the record on whose page the change is listed (itself, or e.g. the organization of an election).
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    subject_id = models.CharField(max_length=64)
    changes = models.JSONField(_("变更内容"), default=dict)
    message = models.CharField(_("说明"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("变更记录")
        verbose_name_plural = _("变更记录")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["subject_type", "subject_id", "-at"], name="audit_subject_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.object_repr}"


class PolicyValue(models.Model):
    """A department's value for one policy setting; absent means the default applies."""

    key = models.CharField(_("规则"), max_length=100, unique=True)
    value = models.JSONField(_("取值"))
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("政策规则取值")
        verbose_name_plural = _("政策规则取值")

    def __str__(self) -> str:
        return f"{self.key} = {self.value}"


class Finding(models.Model):
    """What a registered check found; replaced on each run of that check."""

    class Severity(models.TextChoices):
        WARNING = "warning", _("提醒")
        PROBLEM = "problem", _("问题")

    check_code = models.CharField(_("检查项"), max_length=100, db_index=True)
    severity = models.CharField(_("级别"), max_length=10, choices=Severity.choices)
    title = models.CharField(_("问题"), max_length=255)
    detail = models.CharField(_("说明"), max_length=500, blank=True)
    url = models.CharField(_("链接"), max_length=255)
    scope_path = models.CharField(max_length=255, db_index=True)
    subject_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    subject_id = models.CharField(max_length=64)
    due_on = models.DateField(_("期限"), null=True, blank=True)
    detected_at = models.DateTimeField(_("发现时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("问题预警")
        verbose_name_plural = _("问题预警")
        ordering = ["severity", "due_on", "title"]
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="finding_subject_idx")]

    def __str__(self) -> str:
        return self.title
