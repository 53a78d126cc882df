"""Party dues (党费): the bracket table's later versions, payments month by month, reasons for arrears."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zugong.core.tree import InTreeQuerySet
from zugong.members.codes import DuesCategory
from zugong.members.models import Member
from zugong.organizations.models import Organization


class DuesBracket(models.Model):
    """One bracket of a version of the dues table a department set (the national table is the built-in default).

    A version is all brackets of one category with the same ``effective_from``; it applies to the months from
    that date until the next version, so months before a change keep the amount they had.
    """

    category = models.CharField(_("党费类别"), max_length=20, choices=DuesCategory.choices)
    effective_from = models.DateField(_("起用月份"))
    position = models.PositiveSmallIntegerField(_("档次"))
    up_to = models.DecimalField(_("基数上限（元，含）"), max_digits=10, decimal_places=2, null=True, blank=True,
                                help_text=_("留空表示以上各档"))
    rate_percent = models.DecimalField(_("比例（%）"), max_digits=5, decimal_places=2, null=True, blank=True)
    fixed_amount = models.DecimalField(_("定额（元/月）"), max_digits=8, decimal_places=2, null=True, blank=True)
    source = models.CharField(_("依据"), max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("党费交纳标准")
        verbose_name_plural = _("党费交纳标准")
        ordering = ["category", "-effective_from", "position"]
        constraints = [
            models.UniqueConstraint(fields=["category", "effective_from", "position"], name="one_bracket_per_position"),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.effective_from:%Y-%m} 第{self.position}档"


class DuesPaymentQuerySet(InTreeQuerySet):
    path_field = "organization__path"


class DuesPayment(models.Model):
    """One member's dues for one month, with the amount due then (a later change of base or table leaves it)."""

    member = models.ForeignKey(Member, verbose_name=_("党员"), on_delete=models.PROTECT, related_name="dues_payments")
    month = models.DateField(_("所属月份"))
    amount = models.DecimalField(_("实缴金额（元）"), max_digits=10, decimal_places=2)
    due_amount = models.DecimalField(_("应缴金额（元）"), max_digits=10, decimal_places=2)
    paid_on = models.DateField(_("交纳日期"))
    # Where the member was when paying: totals by organization stay put when the member moves on.
    organization = models.ForeignKey(Organization, verbose_name=_("收缴党组织"), on_delete=models.PROTECT,
                                     related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("经办人"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DuesPaymentQuerySet.as_manager()

    class Meta:
        verbose_name = _("党费交纳记录")
        verbose_name_plural = _("党费交纳记录")
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["member", "month"], name="one_payment_per_member_month",
                                    violation_error_message=_("该党员这个月的党费已登记")),
        ]
        indexes = [models.Index(fields=["organization", "month"], name="dues_org_month")]

    def __str__(self) -> str:
        return f"{self.member} {self.month:%Y-%m} {self.amount}元"


class DuesArrearsReason(models.Model):
    """Why a member has not paid (illness, hardship …): recorded by the branch, it excuses the current run of
    unpaid months from being treated as lapsed (党章 第九条 speaks of months unpaid *without good reason*)."""

    member = models.ForeignKey(Member, verbose_name=_("党员"), on_delete=models.PROTECT,
                               related_name="dues_arrears_reasons")
    reason = models.CharField(_("未缴原因"), max_length=300)
    recorded_on = models.DateField(_("登记日期"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("经办人"))

    class Meta:
        verbose_name = _("党费未缴原因")
        verbose_name_plural = _("党费未缴原因")
        ordering = ["-recorded_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.member}：{self.reason}"
