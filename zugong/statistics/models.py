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
