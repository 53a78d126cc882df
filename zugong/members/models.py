"""The member register (党员名册): one record per member, always in exactly one organization."""

import datetime as dt

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zugong.core.dates import month_start
from zugong.core.models import BackgroundImport
from zugong.core.tree import InTreeQuerySet
from zugong.members.codes import ETHNICITY_CHOICES, HAN, DuesCategory, Education, Occupation
from zugong.organizations.models import Organization, WorkUnit


def this_month() -> dt.date:
    return month_start(timezone.localdate())


class MemberQuerySet(InTreeQuerySet):
    path_field = "org_path"

    def active(self) -> "MemberQuerySet":
        return self.filter(status=Member.Status.ACTIVE)


class Member(models.Model):
    class Stage(models.TextChoices):
        PROBATIONARY = "probationary", _("预备党员")
        FULL = "full", _("正式党员")

    class Status(models.TextChoices):
        ACTIVE = "active", _("在册")
        TRANSFERRED_OUT = "transferred_out", _("已转出")
        DECEASED = "deceased", _("已去世")
        PROBATION_CANCELLED = "probation_cancelled", _("已取消预备党员资格")
        LAPSED = "lapsed", _("已自行脱党或除名")
        EXPELLED = "expelled", _("已开除党籍")

    class Gender(models.TextChoices):
        MALE = "male", _("男")
        FEMALE = "female", _("女")

    name = models.CharField(_("姓名"), max_length=50)
    name_initials = models.CharField(_("姓名拼音首字母"), max_length=50, db_index=True, editable=False)
    id_number = models.CharField(_("身份证号"), max_length=18, unique=True)
    gender = models.CharField(_("性别"), max_length=10, choices=Gender.choices)
    birth_date = models.DateField(_("出生日期"))
    ethnicity = models.CharField(_("民族"), max_length=2, choices=ETHNICITY_CHOICES, default=HAN)
    education = models.CharField(_("学历"), max_length=20, choices=Education.choices)
    occupation = models.CharField(_("职业"), max_length=20, choices=Occupation.choices)
    joined_on = models.DateField(_("入党日期"))
    full_member_on = models.DateField(_("转正日期"), null=True, blank=True)
    stage = models.CharField(_("党员类别"), max_length=20, choices=Stage.choices)
    organization = models.ForeignKey(
        Organization, verbose_name=_("所在党组织"), on_delete=models.PROTECT, related_name="members"
    )
    work_unit = models.ForeignKey(
        WorkUnit, verbose_name=_("工作单位"), null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    address = models.CharField(_("家庭住址"), max_length=200, blank=True)
    is_in_hardship = models.BooleanField(_("生活困难"), default=False)
    dues_category = models.CharField(_("党费类别"), max_length=20, choices=DuesCategory.choices)
    dues_base = models.DecimalField(_("党费基数（元/月）"), max_digits=10, decimal_places=2, null=True, blank=True,
                                    help_text=_("税后工资、年薪当月收入、个体经营月均纯收入或离退休费"))
    dues_from = models.DateField(_("党费起算月份"), default=this_month, help_text=_("从该月起按月计算应缴党费"))
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    left_on = models.DateField(_("离开名册日期"), null=True, blank=True, editable=False)
    # A copy of organization.path: lists of a subtree filter and sort on one index, without a join
    # (a province's 2.4 million members). Set on every save; a moved subtree rewrites it (PATH_FOLLOWERS).
    org_path = models.CharField(max_length=255, editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("党员")
        verbose_name_plural = _("党员")
        ordering = ["org_path", "name", "pk"]
        indexes = [
            models.Index(fields=["organization", "status", "name"], name="member_org_status_name"),
            models.Index(fields=["status", "org_path", "name", "id"], name="member_status_path_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.org_path = self.organization.path
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "organization" in update_fields:
            kwargs["update_fields"] = {*update_fields, "org_path"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("members:detail", args=[self.pk])

    def age_on(self, day: dt.date) -> int:
        return day.year - self.birth_date.year - ((day.month, day.day) < (self.birth_date.month, self.birth_date.day))

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)


def mask_id_number(number: str) -> str:
    """``1101**********002X``: region prefix and the last four, never the birth date."""
    return f"{number[:4]}{'*' * (len(number) - 8)}{number[-4:]}" if len(number) > 8 else "*" * len(number)


class MembershipTransfer(models.Model):
    """A member's organization relationship moving (组织关系转接), with its letter (介绍信)."""

    class Kind(models.TextChoices):
        INTERNAL = "internal", _("系统内转接")
        OUTGOING = "outgoing", _("转出本系统")
        INCOMING = "incoming", _("从系统外转入")

    class Status(models.TextChoices):
        PENDING = "pending", _("待接收")
        ACCEPTED = "accepted", _("已接收")
        RETURNED = "returned", _("已退回")
        CANCELLED = "cancelled", _("已撤回")
        AWAITING_RECEIPT = "awaiting_receipt", _("已转出，待回执")
        COMPLETED = "completed", _("已办结")

    member = models.ForeignKey(Member, verbose_name=_("党员"), on_delete=models.PROTECT, related_name="transfers")
    kind = models.CharField(_("转接类型"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices)
    from_organization = models.ForeignKey(
        Organization, verbose_name=_("转出党组织"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_organization = models.ForeignKey(
        Organization, verbose_name=_("接收党组织"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outside_organization = models.CharField(_("系统外党组织"), max_length=200, blank=True,
                                            help_text=_("转往或来自的本系统以外的党组织全称"))
    letter_number = models.CharField(_("介绍信编号"), max_length=50)
    issuer = models.ForeignKey(
        Organization, verbose_name=_("开具介绍信的党委"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", help_text=_("按转接权限开具介绍信、收回执的党委"),
    )
    receipt_returned_on = models.DateField(_("回执寄回日期"), null=True, blank=True)
    issued_on = models.DateField(_("开具日期"))
    valid_until = models.DateField(_("有效期至"))
    note = models.CharField(_("备注"), max_length=300, blank=True)
    return_reason = models.CharField(_("退回原因"), max_length=300, blank=True)
    started_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("经办人")
    )
    decided_at = models.DateTimeField(_("办理时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("组织关系转接")
        verbose_name_plural = _("组织关系转接")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"], condition=models.Q(status="pending"), name="one_pending_transfer_per_member",
                violation_error_message=_("该党员已有一项待接收的组织关系转接"),
            ),
            models.UniqueConstraint(
                fields=["letter_number"], condition=models.Q(kind="internal"), name="one_internal_letter_number",
                violation_error_message=_("介绍信编号已被占用"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.get_kind_display()} {self.letter_number}"

    @property
    def from_label(self) -> str:
        return self.from_organization.name if self.from_organization else self.outside_organization

    @property
    def to_label(self) -> str:
        return self.to_organization.name if self.to_organization else self.outside_organization


class MobileRecord(models.Model):
    """A member working away from home (流动党员), from leaving until return."""

    member = models.ForeignKey(Member, verbose_name=_("党员"), on_delete=models.PROTECT, related_name="mobile_records")
    started_on = models.DateField(_("外出日期"))
    destination = models.CharField(_("外出地点"), max_length=200)
    contact = models.CharField(_("外出期间联系方式"), max_length=100)
    certificate_number = models.CharField(_("流动党员活动证编号"), max_length=50, blank=True)
    mobile_branch = models.ForeignKey(
        Organization, verbose_name=_("编入的流动党支部"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="mobile_records", limit_choices_to={"kind": Organization.Kind.MOBILE_BRANCH},
    )
    last_contact_on = models.DateField(_("最近联系日期"))
    ended_on = models.DateField(_("返回日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("流动党员记录")
        verbose_name_plural = _("流动党员记录")
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"], condition=models.Q(ended_on__isnull=True), name="one_open_mobile_record",
                violation_error_message=_("该党员已登记为外出流动"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} 外出至 {self.destination}"


class ImportJob(BackgroundImport):
    """A large member import running in the background (``core.models.BackgroundImport``); the row count is estimated
    from the file's size before it is read."""

    rows_total = models.PositiveIntegerField(_("总行数（估计）"), default=0)

    class Meta(BackgroundImport.Meta):
        verbose_name = _("导入任务")
        verbose_name_plural = _("导入任务")


class MembershipPeriod(models.Model):
    """A member's time in one organization of the register: the history statistics read "as of a date".

    A member on the active register has exactly one open period (``ended_on`` empty); a transfer closes one and
    opens the next on the same day; leaving the register closes the last one with its reason.
    """

    class EndReason(models.TextChoices):
        TRANSFERRED = "transferred", _("系统内转出")
        TRANSFERRED_OUT = "transferred_out", _("转出本系统")
        DECEASED = "deceased", _("去世")
        LAPSED = "lapsed", _("自行脱党或除名")
        EXPELLED = "expelled", _("开除党籍")
        PROBATION_CANCELLED = "probation_cancelled", _("取消预备党员资格")

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="periods")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="member_periods")
    org_path = models.CharField(max_length=255, default="")
    started_on = models.DateField(_("起始日期"))
    ended_on = models.DateField(_("终止日期"), null=True, blank=True)
    end_reason = models.CharField(_("终止原因"), max_length=30, choices=EndReason.choices, blank=True)

    class Meta:
        verbose_name = _("党员所在党组织时期")
        verbose_name_plural = _("党员所在党组织时期")
        indexes = [models.Index(fields=["org_path", "started_on"], name="period_path_start")]
        constraints = [models.UniqueConstraint(fields=["member"], condition=models.Q(ended_on__isnull=True),
                                               name="one_open_period_per_member")]

    def __str__(self) -> str:
        return f"{self.member_id}@{self.organization_id} {self.started_on}–{self.ended_on or ''}"
