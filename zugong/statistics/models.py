"""Figures entered for statistics that no other module records: village collective income (I5 in part)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zugong.organizations.models import WorkUnit


class VillageIncome(models.Model):
    """A village's collective economic net income for a year (村级集体经济年纯收入), in 万元."""

    village = models.ForeignKey(WorkUnit, verbose_name=_("村"), on_delete=models.PROTECT, related_name="incomes",
                                limit_choices_to={"kind": WorkUnit.Kind.VILLAGE})
    year = models.PositiveSmallIntegerField(_("年度"))
    amount = models.DecimalField(_("集体经济年纯收入（万元）"), max_digits=10, decimal_places=2)

    class Meta:
        verbose_name = _("村级集体经济收入")
        verbose_name_plural = _("村级集体经济收入")
        constraints = [models.UniqueConstraint(fields=["village", "year"], name="village_income_once_a_year")]

    def __str__(self) -> str:
        return f"{self.village} {self.year}：{self.amount}万元"


class Snapshot(models.Model):
    """The annual statistics of one day counted once and kept (年报定稿): the tables of that day are read from
    here instead of being counted again, until the department counts them anew."""

    day = models.DateField(_("统计时点"))
    path = models.CharField(max_length=255)  # the organization whose subtree was counted
    made_at = models.DateTimeField(_("定稿时间"), auto_now=True)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("定稿人"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    seconds = models.FloatField(_("计算用时（秒）"), default=0)

    class Meta:
        verbose_name = _("统计定稿")
        verbose_name_plural = _("统计定稿")
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["day", "path"], name="statistics_snapshot_once")]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} 统计定稿"


class SnapshotRow(models.Model):
    """Every cell of every table for one organization's whole subtree on the snapshot's day."""

    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="rows")
    path = models.CharField(max_length=255)
    counts = models.JSONField()  # {"<table>__<cell>": n, "<table>__<cell>__amount": "12.30", "<source>__total": n}

    class Meta:
        constraints = [models.UniqueConstraint(fields=["snapshot", "path"], name="statistics_snapshot_path_once")]

    def __str__(self) -> str:
        return f"{self.snapshot} {self.path}"


class LowerInstance(models.Model):
    """A lower instance (下级实例) that reports upward to this one: another installation of zugong, e.g. a county
    reporting to its city, known by its identity and Ed25519 public key; its figures stand for ``organization``."""

    name = models.CharField(_("名称"), max_length=100)
    installation = models.CharField(_("安装标识"), max_length=32, unique=True)
    public_key = models.CharField(_("公钥"), max_length=100)
    organization = models.OneToOneField("organizations.Organization", verbose_name=_("对应党组织"),
                                        on_delete=models.PROTECT, related_name="lower_instance")
    registered_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("下级实例")
        verbose_name_plural = _("下级实例")
        ordering = ["organization__path"]

    def __str__(self) -> str:
        return self.name


class ReportPackage(models.Model):
    """One version of a lower instance's finalized statistics of a day (逐级汇总上报的数据包), as imported; the
    newest version of a day is the one counted, older ones are kept and listed."""

    lower = models.ForeignKey(LowerInstance, verbose_name=_("下级实例"), on_delete=models.PROTECT,
                              related_name="packages")
    day = models.DateField(_("统计时点"))
    version = models.CharField(_("版本"), max_length=20)  # the lower instance's finalize time, YYYYMMDDHHMMSS
    checksum = models.CharField(_("校验和（SHA-256）"), max_length=64)
    organizations = models.JSONField()  # [{"key", "parent", "name", "counts"}] as in the package
    counts = models.JSONField()  # the package's top organization: its whole subtree
    imported_at = models.DateTimeField(_("导入时间"), auto_now_add=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("导入人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("上报数据包")
        verbose_name_plural = _("上报数据包")
        ordering = ["lower", "-day", "-version"]
        constraints = [models.UniqueConstraint(fields=["lower", "day", "version"], name="report_package_once")]

    def __str__(self) -> str:
        return f"{self.lower} {self.day:%Y-%m-%d} 版本{self.version}"
