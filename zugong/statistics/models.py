"""Figures entered for statistics that no other module records: village collective income (I5 in part)."""

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
