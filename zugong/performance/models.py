"""Agency performance as data (机关绩效, 平衡计分卡; seed 002: 64 党政机关, targets broken down to units and people,
the 四个一 cycle every half month).

- ``Template`` (计分卡模板): the department's scorecard for a year — its perspectives (``Perspective``, the four of a
  balanced scorecard as rows, not as code) and indicators (``Indicator``: objective, measure, target, weight; the
  weights add up to 100 before any agency gets a scorecard, ``services.issue_scorecards``).
- ``Scorecard`` (机关计分卡): one agency's card for the template's year with its own targets (``CardTarget``) and
  their breakdown (``Breakdown``) to its internal units (科室, by name) and to people (``cadres.Cadre``).

  The agency is a ``WorkUnit`` of the kinds 机关 / 事业单位 (机关单位 is a 单位 in zugong's terms: the work assessed is
  the agency's, not its party branch's). Its scope is its party organization (``covered_by``, or ``managed_by``
  when it has none of its own): the card copies that organization's path (``org_path``), and computed measures
  (``assessments.measures``) read that organization's records.
- ``Period`` (考核周期): a half month of the year (``policies.PERIODS_PER_MONTH``) going through deploy → inspect →
  assess → bulletin (``procedure``); ``Actual`` is an indicator's value in a period, typed with evidence or computed;
  ``PeriodScore`` the agency's weighted total and rank, written once when the period is assessed.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zugong.cadres.models import Cadre
from zugong.core.tree import InTreeQuerySet
from zugong.organizations.models import Organization, WorkUnit

VALUE: dict = {"max_digits": 14, "decimal_places": 2}
SCORE: dict = {"max_digits": 7, "decimal_places": 2}
AGENCY_KINDS = (WorkUnit.Kind.AGENCY, WorkUnit.Kind.INSTITUTION)


class PathQuerySet(InTreeQuerySet):
    path_field = "org_path"


class _PathCopy(models.Model):
    """``org_path`` copies ``organization``'s path (``organizations.services.follow_moves`` keeps it)."""

    organization: models.ForeignKey

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        self.org_path = self.organization.path
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "org_path"}
        super().save(*args, **kwargs)


class Template(_PathCopy):
    year = models.PositiveSmallIntegerField(_("年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    name = models.CharField(_("模板名称"), max_length=100)
    organization = models.ForeignKey(Organization, verbose_name=_("制定单位"), on_delete=models.PROTECT,
                                     related_name="+")
    org_path = models.CharField(max_length=255, editable=False, default="")
    source = models.CharField(_("依据"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PathQuerySet.as_manager()

    class Meta:
        verbose_name = _("计分卡模板")
        verbose_name_plural = _("计分卡模板")
        ordering = ["-year", "pk"]
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="performance_one_template_a_year",
                                               violation_error_message=_("该单位本年度已有计分卡模板"))]

    def __str__(self) -> str:
        return self.name


class Perspective(models.Model):
    """A perspective of the balanced scorecard (维度), e.g. 履职成效 / 服务对象 / 内部管理 / 学习成长."""

    template = models.ForeignKey(Template, on_delete=models.CASCADE, related_name="perspectives")
    order = models.PositiveSmallIntegerField(_("序号"), default=0)
    name = models.CharField(_("维度"), max_length=50)

    class Meta:
        verbose_name = _("计分卡维度")
        verbose_name_plural = _("计分卡维度")
        ordering = ["template", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["template", "name"], name="performance_perspective_name",
                                               violation_error_message=_("该模板已有同名维度"))]

    def __str__(self) -> str:
        return self.name


class Indicator(models.Model):
    """An objective's measure with its default target and weight. ``measure`` names a computed measure of
    ``assessments.measures`` (blank: the agency types the value with evidence)."""

    class Direction(models.TextChoices):
        HIGHER = "higher", _("越高越好")
        LOWER = "lower", _("越低越好")

    template = models.ForeignKey(Template, on_delete=models.CASCADE, related_name="indicators")
    perspective = models.ForeignKey(Perspective, verbose_name=_("维度"), on_delete=models.CASCADE,
                                    related_name="indicators")
    order = models.PositiveSmallIntegerField(_("序号"), default=0)
    objective = models.CharField(_("战略目标"), max_length=100)
    label = models.CharField(_("衡量指标"), max_length=100)
    unit = models.CharField(_("计量单位"), max_length=20, blank=True)
    target = models.DecimalField(_("目标值"), **VALUE, validators=[MinValueValidator(Decimal(0))])
    weight = models.DecimalField(_("权重"), max_digits=5, decimal_places=2,
                                 validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal(100))])
    direction = models.CharField(_("方向"), max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    measure = models.CharField(_("计算方法"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("衡量指标")
        verbose_name_plural = _("衡量指标")
        ordering = ["template", "perspective__order", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["template", "label"], name="performance_indicator_label",
                                    violation_error_message=_("该模板已有同名衡量指标")),
            models.CheckConstraint(condition=Q(weight__gt=0, weight__lte=100), name="performance_weight_range",
                                   violation_error_message=_("权重须大于0且不超过100")),
            models.CheckConstraint(condition=Q(target__gte=0), name="performance_indicator_target_non_negative",
                                   violation_error_message=_("目标值不能为负数")),
        ]

    def __str__(self) -> str:
        return self.label


class Scorecard(_PathCopy):
    template = models.ForeignKey(Template, verbose_name=_("计分卡模板"), on_delete=models.PROTECT,
                                 related_name="scorecards")
    unit = models.ForeignKey(WorkUnit, verbose_name=_("机关单位"), on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey(Organization, verbose_name=_("机关党组织"), on_delete=models.PROTECT,
                                     related_name="+")
    org_path = models.CharField(max_length=255, editable=False, default="")
    label = models.CharField(_("机关名称"), max_length=150)

    objects = PathQuerySet.as_manager()

    class Meta:
        verbose_name = _("机关计分卡")
        verbose_name_plural = _("机关计分卡")
        ordering = ["template", "org_path", "label", "pk"]
        constraints = [models.UniqueConstraint(fields=["template", "unit"], name="performance_one_card_per_agency",
                                               violation_error_message=_("该机关本年度已有计分卡"))]

    def __str__(self) -> str:
        return f"{self.label}（{self.template.year}）"


class CardTarget(models.Model):
    """The agency's own target for an indicator (the template's by default)."""

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="targets")
    indicator = models.ForeignKey(Indicator, verbose_name=_("衡量指标"), on_delete=models.CASCADE, related_name="+")
    target = models.DecimalField(_("目标值"), **VALUE, validators=[MinValueValidator(Decimal(0))])

    class Meta:
        verbose_name = _("机关目标值")
        verbose_name_plural = _("机关目标值")
        ordering = ["scorecard", "indicator__perspective__order", "indicator__order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "indicator"], name="performance_one_target_per_indicator",
                                    violation_error_message=_("该机关的这项指标已有目标值")),
            models.CheckConstraint(condition=Q(target__gte=0), name="performance_card_target_non_negative",
                                   violation_error_message=_("目标值不能为负数")),
        ]

    def __str__(self) -> str:
        return f"{self.scorecard_id}:{self.indicator_id}={self.target}"


class Breakdown(models.Model):
    """A share of an agency's target held by one of its internal units (科室, by name) or by a cadre, with its own
    target and — at the year's end — its actual value and evidence (``services.enter_breakdown_actual``)."""

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="breakdowns")
    indicator = models.ForeignKey(Indicator, verbose_name=_("衡量指标"), on_delete=models.CASCADE, related_name="+")
    part = models.CharField(_("承接科室"), max_length=50, blank=True)
    cadre = models.ForeignKey(Cadre, verbose_name=_("承接干部"), null=True, blank=True, on_delete=models.CASCADE,
                              related_name="+")
    target = models.DecimalField(_("目标值"), **VALUE, validators=[MinValueValidator(Decimal(0))])
    actual = models.DecimalField(_("年度完成值"), **VALUE, null=True, blank=True,
                                 validators=[MinValueValidator(Decimal(0))])
    evidence = models.CharField(_("完成情况说明"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("目标分解")
        verbose_name_plural = _("目标分解")
        ordering = ["scorecard", "indicator__perspective__order", "indicator__order", "part", "pk"]
        constraints = [
            models.CheckConstraint(condition=(Q(cadre__isnull=True) & ~Q(part="")) | (Q(cadre__isnull=False) & Q(part="")),
                                   name="performance_breakdown_one_holder",
                                   violation_error_message=_("目标分解须且只能承接到一个科室或一名干部")),
            models.UniqueConstraint(fields=["scorecard", "indicator", "cadre"], condition=Q(cadre__isnull=False),
                                    name="performance_breakdown_cadre_once",
                                    violation_error_message=_("该干部已承接这项指标")),
            models.UniqueConstraint(fields=["scorecard", "indicator", "part"], condition=Q(cadre__isnull=True),
                                    name="performance_breakdown_part_once",
                                    violation_error_message=_("该科室已承接这项指标")),
            models.CheckConstraint(condition=Q(target__gte=0), name="performance_breakdown_target_non_negative",
                                   violation_error_message=_("目标值不能为负数")),
        ]

    def __str__(self) -> str:
        return f"{self.holder} {self.target}"

    @property
    def holder(self) -> str:
        return self.cadre.name if self.cadre is not None else self.part


class Period(models.Model):
    """A period of the 四个一 cycle. ``step`` is the last step done (``procedure.STEPS``), with its day and person."""

    class Step(models.TextChoices):
        PLANNED = "planned", _("未部署")
        DEPLOYED = "deployed", _("已部署")
        INSPECTED = "inspected", _("已督查")
        ASSESSED = "assessed", _("已考核")
        BULLETIN = "bulletin", _("已通报")

    template = models.ForeignKey(Template, verbose_name=_("计分卡模板"), on_delete=models.PROTECT,
                                 related_name="periods")
    number = models.PositiveSmallIntegerField(_("期数"))
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    step = models.CharField(_("进度"), max_length=10, choices=Step.choices, default=Step.PLANNED)
    deployed_on = models.DateField(_("部署日期"), null=True, blank=True)
    inspected_on = models.DateField(_("督查日期"), null=True, blank=True)
    assessed_on = models.DateField(_("考核日期"), null=True, blank=True)
    bulletin_on = models.DateField(_("通报日期"), null=True, blank=True)
    deploy_note = models.CharField(_("部署要点"), max_length=500, blank=True)
    inspect_note = models.CharField(_("督查情况"), max_length=500, blank=True)
    bulletin_number = models.CharField(_("通报文号"), max_length=50, blank=True)
    last_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")

    class Meta:
        verbose_name = _("考核周期")
        verbose_name_plural = _("考核周期")
        ordering = ["template", "number"]
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="performance_period_number",
                                    violation_error_message=_("该模板已有这一期")),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="performance_period_in_order",
                                   violation_error_message=_("结束日期不能早于开始日期")),
        ]

    def __str__(self) -> str:
        return f"{self.template.year}年第{self.number}期（{self.starts_on:%m月%d日}—{self.ends_on:%m月%d日}）"

    @property
    def is_assessed(self) -> bool:
        return self.step in (self.Step.ASSESSED, self.Step.BULLETIN)


class Actual(models.Model):
    """An indicator's value for an agency in a period: typed with evidence (text, an optional file) or computed
    (``explanation`` says what was counted)."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="actuals")
    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="actuals")
    indicator = models.ForeignKey(Indicator, verbose_name=_("衡量指标"), on_delete=models.CASCADE, related_name="+")
    value = models.DecimalField(_("完成值"), **VALUE, validators=[MinValueValidator(Decimal(0))])
    evidence = models.CharField(_("完成情况及佐证"), max_length=500, blank=True)
    evidence_file = models.FileField(_("佐证材料"), upload_to="performance/%Y/", blank=True)
    explanation = models.CharField(_("计算说明"), max_length=500, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    entered_at = models.DateTimeField(_("填报时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("完成值")
        verbose_name_plural = _("完成值")
        ordering = ["period", "scorecard", "indicator__perspective__order", "indicator__order"]
        constraints = [
            models.UniqueConstraint(fields=["period", "scorecard", "indicator"], name="performance_one_actual",
                                    violation_error_message=_("该机关本期的这项指标已有完成值")),
            models.CheckConstraint(condition=Q(value__gte=0), name="performance_actual_non_negative",
                                   violation_error_message=_("完成值不能为负数")),
        ]

    def __str__(self) -> str:
        return f"{self.period_id}:{self.scorecard_id}:{self.indicator_id}={self.value}"


class PeriodScore(_PathCopy):
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="scores")
    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="scores")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, editable=False, default="")
    total = models.DecimalField(_("得分"), **SCORE)
    rank = models.PositiveIntegerField(_("名次"))
    missing = models.PositiveSmallIntegerField(_("未填报指标数"), default=0)

    objects = PathQuerySet.as_manager()

    class Meta:
        verbose_name = _("周期得分")
        verbose_name_plural = _("周期得分")
        ordering = ["period", "rank", "scorecard__label", "pk"]
        constraints = [models.UniqueConstraint(fields=["period", "scorecard"], name="performance_one_score",
                                               violation_error_message=_("该机关本期已有得分"))]

    def __str__(self) -> str:
        return f"{self.period_id}:{self.scorecard_id} {self.total}（{self.rank}）"
