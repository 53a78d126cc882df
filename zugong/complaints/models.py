"""12380 reports (12380举报受理): a report about a cadre or member, the reporter's sealed identity, the receipt the
reporter follows it with, the messages both ways and the evidence files.

Terms: report 举报件, registration number 登记编号 (12380-2026-0001), receipt 查询码, sealed identity 举报人身份（加密）,
受理 acceptance, 交办 assignment, 核查 verification, 办结 conclusion with an outcome, 答复 reply, 结案 closing.
Nothing that identifies a reporter is stored in clear: ``ReporterIdentity`` holds one Fernet token
(``sealing.py``), ``Receipt`` a slow hash of the code, ``ReportMessage`` the day only, never the time.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zugong.cadres.models import Cadre
from zugong.core.tree import InTreeQuerySet
from zugong.members.models import Member
from zugong.organizations.models import Organization


class ReportQuerySet(InTreeQuerySet):
    path_field = "org_path"

    def open(self) -> "ReportQuerySet":
        return self.exclude(status=Report.Status.CLOSED)


class Report(models.Model):
    class Channel(models.TextChoices):
        WEB = "web", _("网络举报")
        LETTER = "letter", _("来信")
        PHONE = "phone", _("12380电话")
        VISIT = "visit", _("来访")

    class Kind(models.TextChoices):
        SELECTION = "selection", _("选人用人")
        DISCIPLINE = "discipline", _("违规违纪")
        CONDUCT = "conduct", _("作风")
        OTHER = "other", _("其他")

    class Status(models.TextChoices):
        REGISTERED = "registered", _("待受理")
        ACCEPTED = "accepted", _("已受理，待交办")
        ASSIGNED = "assigned", _("已交办，待核查")
        VERIFYING = "verifying", _("核查中")
        CONCLUDED = "concluded", _("已办结，待答复")
        NOT_ACCEPTED = "not_accepted", _("不予受理或已转办，待答复")
        REPLIED = "replied", _("已答复，待结案")
        CLOSED = "closed", _("已结案")

    class Decision(models.TextChoices):
        ACCEPT = "accept", _("受理")
        OUTSIDE = "outside", _("不属于受理范围")
        FORWARD = "forward", _("转纪委监委或其他机关")

    class Outcome(models.TextChoices):
        TRUE = "true", _("属实")
        PARTLY = "partly", _("部分属实")
        FALSE = "false", _("不属实")
        UNVERIFIABLE = "unverifiable", _("无法核实")

    class ReplyVia(models.TextChoices):
        RECEIPT = "receipt", _("查询码（网上答复）")
        PHONE = "phone", _("电话告知")
        LETTER = "letter", _("书面答复")
        NONE = "none", _("匿名且无查询码，无法答复")

    number = models.CharField(_("登记编号"), max_length=20, unique=True, editable=False)
    year = models.PositiveIntegerField(_("年度"), editable=False)
    serial = models.PositiveIntegerField(_("序号"), editable=False)
    channel = models.CharField(_("举报方式"), max_length=10, choices=Channel.choices)
    received_on = models.DateField(_("收到日期"))
    anonymous = models.BooleanField(_("匿名举报"), default=True)
    person_name = models.CharField(_("被举报人姓名"), max_length=50)
    person_unit = models.CharField(_("被举报人单位"), max_length=100, blank=True)
    person_post = models.CharField(_("被举报人职务"), max_length=100, blank=True)
    cadre = models.ForeignKey(Cadre, verbose_name=_("对应干部"), null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="reports12380")
    member = models.ForeignKey(Member, verbose_name=_("对应党员"), null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="reports12380")
    unit = models.ForeignKey(Organization, verbose_name=_("被举报人所在单位（组织）"), on_delete=models.PROTECT,
                             related_name="reports12380")
    org_path = models.CharField(max_length=255, editable=False, default="")
    kind = models.CharField(_("问题类别"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    content = models.TextField(_("举报内容"), max_length=5000)
    happened = models.CharField(_("发生时间"), max_length=100, blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.REGISTERED)
    decision = models.CharField(_("受理决定"), max_length=10, choices=Decision.choices, blank=True)
    decided_on = models.DateField(_("受理决定日期"), null=True, blank=True)
    decision_note = models.CharField(_("受理决定说明"), max_length=500, blank=True)
    forwarded_to = models.CharField(_("转办机关"), max_length=100, blank=True)
    forwarded_on = models.DateField(_("转办日期"), null=True, blank=True)
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("承办人"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="reports12380")
    assigned_on = models.DateField(_("交办日期"), null=True, blank=True)
    verification_started_on = models.DateField(_("开始核查日期"), null=True, blank=True)
    verification_note = models.TextField(_("核查情况"), max_length=5000, blank=True)
    outcome = models.CharField(_("核查结论"), max_length=20, choices=Outcome.choices, blank=True)
    concluded_on = models.DateField(_("办结日期"), null=True, blank=True)
    extension_days = models.PositiveIntegerField(_("延长办理天数"), default=0)
    extension_reason = models.CharField(_("延长理由"), max_length=300, blank=True)
    extended_on = models.DateField(_("延长日期"), null=True, blank=True)
    replied_on = models.DateField(_("答复日期"), null=True, blank=True)
    reply_via = models.CharField(_("答复方式"), max_length=10, choices=ReplyVia.choices, blank=True)
    closed_on = models.DateField(_("结案日期"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("12380举报")
        verbose_name_plural = _("12380举报")
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["status", "org_path"], name="report12380_status_path")]
        constraints = [
            models.UniqueConstraint(fields=["year", "serial"], name="report12380_serial_per_year"),
            models.CheckConstraint(condition=Q(extension_days=0) | ~Q(extension_reason=""),
                                   name="report12380_extension_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.person_name}"

    def save(self, *args, **kwargs):
        self.org_path = self.unit.path
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("complaints:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.CLOSED


class ReporterIdentity(models.Model):
    """A named reporter's name, phone, ID number and address as ONE Fernet token; the key is not in the database."""

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="identity")
    sealed = models.TextField(_("加密的身份信息"))

    class Meta:
        verbose_name = _("举报人身份（加密）")
        verbose_name_plural = _("举报人身份（加密）")

    def __str__(self) -> str:
        return "实名（身份已加密）"


class Receipt(models.Model):
    """The hash of a report's receipt code (scrypt with the installation's salt); the code itself is never kept."""

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="receipt")
    digest = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("查询码")
        verbose_name_plural = _("查询码")

    def __str__(self) -> str:
        return "查询码"


class ReportMessage(models.Model):
    class Author(models.TextChoices):
        DEPARTMENT = "department", _("组织部门答复")
        REPORTER = "reporter", _("举报人补充")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="messages")
    author = models.CharField(_("来自"), max_length=20, choices=Author.choices)
    text = models.TextField(_("内容"), max_length=5000)
    on = models.DateField(_("日期"))  # the day only: a time of day could point at the reporter

    class Meta:
        verbose_name = _("答复与补充")
        verbose_name_plural = _("答复与补充")
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_author_display()} {self.on}"


def _evidence_path(instance: "Evidence", filename: str) -> str:
    return f"complaints/{instance.report_id}/{instance.token}{instance.extension}"


class Evidence(models.Model):
    """A file given with a report (by the reporter or found in 核查): sniffed by content, metadata stripped."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("文件"), upload_to=_evidence_path, max_length=200)
    token = models.CharField(max_length=32, editable=False)
    extension = models.CharField(max_length=10, editable=False)
    kind = models.CharField(_("文件类型"), max_length=20)
    size = models.PositiveIntegerField(_("大小（字节）"))
    from_reporter = models.BooleanField(_("举报人提供"), default=True)
    added_on = models.DateField(_("日期"))
    stripped = models.BooleanField(_("已去除元数据"), default=False)

    class Meta:
        verbose_name = _("证据材料")
        verbose_name_plural = _("证据材料")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.kind}（{self.size}字节）"
