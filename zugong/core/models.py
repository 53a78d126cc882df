"""Cross-cutting records: audit history (变更记录), policy settings (政策规则), findings (问题预警), and the shape
of a file import run in the background (``BackgroundImport``)."""

import uuid

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
        PASSWORD = "password", _("密码变更")
        EXPORT_SENSITIVE = "export_sensitive", _("导出敏感信息")
        SETUP = "setup", _("系统初始化")
        FINDING = "finding", _("问题预警处理")

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


class OpenFindingManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(status__in=("open", "acknowledged"))


class Finding(models.Model):
    """What a registered check found. Its identity is the check, the record and the check's key: each run updates
    the same row, so who assigned, acknowledged or closed it survives; a closed finding found again reopens."""

    class Severity(models.TextChoices):
        WARNING = "warning", _("提醒")
        PROBLEM = "problem", _("问题")

    class Status(models.TextChoices):
        OPEN = "open", _("待处理")
        ACKNOWLEDGED = "acknowledged", _("已确认")
        CLOSED = "closed", _("已关闭")
        RESOLVED = "resolved", _("已消除")  # the check no longer finds it

    OPEN_STATUSES = (Status.OPEN, Status.ACKNOWLEDGED)

    check_code = models.CharField(_("检查项"), max_length=100, db_index=True)
    key = models.CharField(_("标识"), max_length=255, blank=True, default="")
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.OPEN)
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("承办人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    severity = models.CharField(_("级别"), max_length=10, choices=Severity.choices)
    title = models.CharField(_("问题"), max_length=255)
    detail = models.CharField(_("说明"), max_length=500, blank=True)
    url = models.CharField(_("链接"), max_length=255)
    scope_path = models.CharField(max_length=255, db_index=True)
    subject_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    subject_id = models.CharField(max_length=64)
    due_on = models.DateField(_("期限"), null=True, blank=True)
    detected_at = models.DateTimeField(_("发现时间"), auto_now_add=True)

    # ``all_objects`` (the default manager) holds every finding with its history; ``objects`` the open ones —
    # what dashboards, record pages and charts mean by "the findings".
    all_objects = models.Manager()
    objects = OpenFindingManager()

    class Meta:
        verbose_name = _("问题预警")
        verbose_name_plural = _("问题预警")
        ordering = ["severity", "due_on", "title"]
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="finding_subject_idx"),
                   models.Index(fields=["status", "scope_path"], name="finding_status_path_idx")]
        constraints = [models.UniqueConstraint(fields=["check_code", "subject_type", "subject_id", "key"],
                                               name="finding_identity")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class FindingEvent(models.Model):
    """The history of a finding (处理记录): assigned, acknowledged, closed by people; reopened or found resolved by
    a run of its check (no actor)."""

    class Action(models.TextChoices):
        ASSIGNED = "assigned", _("指派")
        ACKNOWLEDGED = "acknowledged", _("确认")
        CLOSED = "closed", _("关闭")
        REOPENED = "reopened", _("重新打开")
        RESOLVED = "resolved", _("已消除")

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("操作"), max_length=20, choices=Action.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("承办人"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(_("说明"), max_length=500, blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("预警处理记录")
        verbose_name_plural = _("预警处理记录")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.finding}"


class Installation(models.Model):
    """How this database was set up (at most one row): with the demo county, or for a department by
    ``manage.py setup_site``. A department's database is never seeded with, or reset to, demo data."""

    class Kind(models.TextChoices):
        DEMO = "demo", _("示范数据")
        DEPARTMENT = "department", _("正式使用")

    kind = models.CharField(_("用途"), max_length=20, choices=Kind.choices)
    set_up_at = models.DateTimeField(_("初始化时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("系统初始化")
        verbose_name_plural = _("系统初始化")
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="one_installation")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.set_up_at:%Y-%m-%d}"


class FormSubmission(models.Model):
    """The one-time token of a submitted form, written in the transaction that acts on it: a second submit of
    the same form (a double click, a resent request) finds the token taken and changes nothing."""

    token = models.UUIDField(primary_key=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("表单提交")
        verbose_name_plural = _("表单提交")

    def __str__(self) -> str:
        return str(self.token)


class RateWindow(models.Model):
    """Attempts counted per key (an address, a code, everyone) in one fixed time window; kept in the database so
    that every web worker counts the same attempts."""

    key = models.CharField(max_length=200)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("访问频率计数")
        verbose_name_plural = _("访问频率计数")
        constraints = [models.UniqueConstraint(fields=["key", "window_start"], name="unique_rate_window")]
        indexes = [models.Index(fields=["window_start"], name="rate_window_start_idx")]

    def __str__(self) -> str:
        return f"{self.key} {self.window_start:%Y-%m-%d %H:%M} × {self.count}"


class BackgroundImport(models.Model):
    """A large file import run by the task worker: checked, then applied on confirmation, with its progress and,
    when finished, its report (the member register's and the paper questionnaires' jobs).

    ``attempt`` counts the runs queued for it: a run writes the job only while the attempt is still its own, so a
    worker thought dead (``INTERRUPTED``) that comes back cannot overwrite a later run or keep its rows.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        CHECKING = "checking", _("正在检查")
        CHECKED = "checked", _("检查完成")
        APPLYING = "applying", _("正在导入")
        APPLIED = "applied", _("导入完成")
        FAILED = "failed", _("未能完成")
        INTERRUPTED = "interrupted", _("已中断")

    RUNNING = (Status.QUEUED, Status.CHECKING, Status.APPLYING)
    WORKING = (Status.CHECKING, Status.APPLYING)  # a worker holds the job and beats its heart

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    file_name = models.CharField(_("文件名"), max_length=200)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    rows_total = models.PositiveIntegerField(_("总行数"), default=0)
    rows_done = models.PositiveIntegerField(_("已处理行数"), default=0)
    report = models.JSONField(_("检查结果"), default=dict, blank=True)
    attempt = models.PositiveIntegerField(_("第几次运行"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} {self.get_status_display()}"

    @property
    def is_running(self) -> bool:
        return self.status in self.RUNNING

    @property
    def percent(self) -> int:
        if self.status in (self.Status.CHECKED, self.Status.APPLIED):
            return 100
        return min(99, self.rows_done * 100 // self.rows_total) if self.rows_total else 0
