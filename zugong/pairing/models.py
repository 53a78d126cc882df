"""Pairing aid (结对帮扶, I5): who helps which village or household, the projects and funds brought, the venues
(活动场所) built, the visits made; and party members' micro-credit (党员创业贷款 / 小额信贷).

Every record keeps ``org_path``, a copy of its village's (or member's) path, so totals by township are one grouped
query over the subtree; a moved subtree rewrites it (``organizations.services.follow_moves``). Amounts are in yuan
(元), as Decimal to the fen.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zugong.cadres.models import Cadre
from zugong.core.tree import InTreeQuerySet
from zugong.members.models import Member
from zugong.organizations.models import Organization, WorkUnit


class PathQuerySet(InTreeQuerySet):
    path_field = "org_path"


class Pairing(models.Model):
    """A unit, an organization or a cadre paired with a village (its party organization) or one household in it."""

    class Helper(models.TextChoices):
        UNIT = "unit", _("单位")
        ORGANIZATION = "organization", _("党组织")
        CADRE = "cadre", _("干部")

    helper_kind = models.CharField(_("帮扶方类别"), max_length=20, choices=Helper.choices)
    helper_unit = models.ForeignKey(WorkUnit, verbose_name=_("帮扶单位"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="pairings")
    helper_organization = models.ForeignKey(Organization, verbose_name=_("帮扶党组织"), null=True, blank=True,
                                            on_delete=models.PROTECT, related_name="pairings_given")
    helper_cadre = models.ForeignKey(Cadre, verbose_name=_("帮扶干部"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="pairings")
    village = models.ForeignKey(Organization, verbose_name=_("帮扶村（党组织）"), on_delete=models.PROTECT,
                                related_name="pairings")
    household = models.CharField(_("帮扶户户主"), max_length=50, blank=True,
                                 help_text=_("结对到户时填写户主姓名；结对到村则留空"))
    started_on = models.DateField(_("结对日期"))
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    note = models.CharField(_("帮扶内容"), max_length=300, blank=True)
    campaign = models.ForeignKey("campaigns.Campaign", verbose_name=_("所属主题实践活动"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="pairings")
    org_path = models.CharField(max_length=255, editable=False, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PathQuerySet.as_manager()

    class Meta:
        verbose_name = _("结对帮扶")
        verbose_name_plural = _("结对帮扶")
        ordering = ["org_path", "-started_on", "pk"]
        indexes = [models.Index(fields=["org_path"], name="pairing_path")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(helper_kind="unit", helper_unit__isnull=False, helper_organization__isnull=True,
                             helper_cadre__isnull=True)
                           | Q(helper_kind="organization", helper_unit__isnull=True,
                               helper_organization__isnull=False, helper_cadre__isnull=True)
                           | Q(helper_kind="cadre", helper_unit__isnull=True, helper_organization__isnull=True,
                               helper_cadre__isnull=False)),
                name="pairing_one_helper"),
            models.CheckConstraint(condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                                   name="pairing_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.helper_name} → {self.target_name}"

    def save(self, *args, **kwargs):
        self.org_path = self.village.path
        super().save(*args, **kwargs)

    @property
    def helper_name(self) -> str:
        helper = self.helper_unit or self.helper_organization or self.helper_cadre
        return helper.name if helper else ""

    @property
    def target_name(self) -> str:
        return f"{self.village.name}·{self.household}户" if self.household else self.village.name


class Project(models.Model):
    """A project a pairing brings to its village (帮扶项目), with the funds planned and those in place."""

    class Kind(models.TextChoices):
        INDUSTRY = "industry", _("产业发展")
        INFRASTRUCTURE = "infrastructure", _("基础设施")
        LIVELIHOOD = "livelihood", _("民生服务")
        OTHER = "other", _("其他")

    class Status(models.TextChoices):
        PLANNED = "planned", _("计划中")
        UNDER_WAY = "under_way", _("实施中")
        COMPLETED = "completed", _("已完成")

    pairing = models.ForeignKey(Pairing, verbose_name=_("结对帮扶"), on_delete=models.PROTECT,
                                related_name="projects")
    title = models.CharField(_("项目名称"), max_length=100)
    kind = models.CharField(_("项目类别"), max_length=20, choices=Kind.choices)
    funds_planned = models.DecimalField(_("计划资金（元）"), max_digits=14, decimal_places=2)
    funds_spent = models.DecimalField(_("到位资金（元）"), default=0, max_digits=14, decimal_places=2)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    planned_on = models.DateField(_("立项日期"))
    completed_on = models.DateField(_("完成日期"), null=True, blank=True)
    org_path = models.CharField(max_length=255, editable=False, default="")

    objects = PathQuerySet.as_manager()

    class Meta:
        verbose_name = _("帮扶项目")
        verbose_name_plural = _("帮扶项目")
        ordering = ["-planned_on", "pk"]
        indexes = [models.Index(fields=["org_path"], name="pairing_project_path")]
        constraints = [
            models.CheckConstraint(condition=Q(funds_planned__gte=0) & Q(funds_spent__gte=0),
                                   name="pairing_project_funds_not_negative"),
            models.CheckConstraint(condition=Q(completed_on__isnull=True) | Q(completed_on__gte=models.F("planned_on")),
                                   name="pairing_project_completed_after_planned"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.org_path = self.pairing.org_path
        super().save(*args, **kwargs)


class Venue(models.Model):
    """A village's activity venue (村级组织活动场所) built or renovated, with its floor area and funds."""

    class Kind(models.TextChoices):
        NEW = "new", _("新建")
        RENOVATED = "renovated", _("改扩建")

    village = models.ForeignKey(Organization, verbose_name=_("村（党组织）"), on_delete=models.PROTECT,
                                related_name="venues")
    pairing = models.ForeignKey(Pairing, verbose_name=_("结对帮扶"), null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="venues")
    kind = models.CharField(_("建设方式"), max_length=20, choices=Kind.choices)
    area = models.DecimalField(_("建筑面积（平方米）"), max_digits=8, decimal_places=2)
    funds = models.DecimalField(_("投入资金（元）"), max_digits=14, decimal_places=2)
    started_on = models.DateField(_("开工日期"))
    completed_on = models.DateField(_("竣工日期"), null=True, blank=True)
    org_path = models.CharField(max_length=255, editable=False, default="")

    objects = PathQuerySet.as_manager()

    class Meta:
        verbose_name = _("活动场所建设")
        verbose_name_plural = _("活动场所建设")
        ordering = ["-started_on", "pk"]
        indexes = [models.Index(fields=["org_path"], name="pairing_venue_path")]
        constraints = [
            models.CheckConstraint(condition=Q(funds__gte=0) & Q(area__gt=0), name="pairing_venue_positive"),
            models.CheckConstraint(condition=Q(completed_on__isnull=True) | Q(completed_on__gte=models.F("started_on")),
                                   name="pairing_venue_completed_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.village.name} {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        self.org_path = self.village.path
        super().save(*args, **kwargs)


class Visit(models.Model):
    """A visit of the helpers to the village or household (走访)."""

    pairing = models.ForeignKey(Pairing, verbose_name=_("结对帮扶"), on_delete=models.PROTECT, related_name="visits")
    visited_on = models.DateField(_("走访日期"))
    visitors = models.CharField(_("走访人"), max_length=100)
    content = models.CharField(_("走访内容"), max_length=300)
    org_path = models.CharField(max_length=255, editable=False, default="")

    objects = PathQuerySet.as_manager()

    class Meta:
        verbose_name = _("帮扶走访")
        verbose_name_plural = _("帮扶走访")
        ordering = ["-visited_on", "pk"]
        indexes = [models.Index(fields=["org_path"], name="pairing_visit_path")]

    def __str__(self) -> str:
        return f"{self.visited_on} {self.visitors}"

    def save(self, *args, **kwargs):
        self.org_path = self.pairing.org_path
        super().save(*args, **kwargs)


class MicroLoan(models.Model):
    """A party member's start-up loan (党员创业贷款 / 小额信贷): applied, granted, repaid or overdue."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("已申请")
        GRANTED = "granted", _("已发放")
        REPAID = "repaid", _("已还清")
        OVERDUE = "overdue", _("逾期")

    member = models.ForeignKey(Member, verbose_name=_("党员"), on_delete=models.PROTECT, related_name="micro_loans")
    amount = models.DecimalField(_("贷款金额（元）"), max_digits=14, decimal_places=2)
    bank = models.CharField(_("贷款银行"), max_length=100)
    purpose = models.CharField(_("贷款用途"), max_length=200, blank=True)
    applied_on = models.DateField(_("申请日期"))
    granted_on = models.DateField(_("发放日期"), null=True, blank=True)
    due_on = models.DateField(_("到期日期"), null=True, blank=True)
    repaid_on = models.DateField(_("还清日期"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.APPLIED)
    org_path = models.CharField(max_length=255, editable=False, default="")

    objects = PathQuerySet.as_manager()

    class Meta:
        verbose_name = _("党员创业贷款")
        verbose_name_plural = _("党员创业贷款")
        ordering = ["-applied_on", "pk"]
        indexes = [models.Index(fields=["status", "org_path"], name="pairing_loan_status_path")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="pairing_loan_amount_positive"),
            models.CheckConstraint(condition=Q(granted_on__isnull=True) | Q(granted_on__gte=models.F("applied_on")),
                                   name="pairing_loan_granted_after_applied"),
            models.CheckConstraint(condition=Q(repaid_on__isnull=True) | Q(repaid_on__gte=models.F("granted_on")),
                                   name="pairing_loan_repaid_after_granted"),
        ]

    def __str__(self) -> str:
        return f"{self.member.name} {self.amount}元"

    def save(self, *args, **kwargs):
        self.org_path = self.member.org_path
        super().save(*args, **kwargs)
