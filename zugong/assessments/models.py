"""Assessment schemes as data (考核评价): a scheme (考核方案) with its criteria (考核指标) and grades (等次), a round
(考核轮次) applying it to targets under an organization for a period, and per target a result (考核结果) holding each
criterion's score (得分) — computed from records by a registered measure, or entered by the assessor with evidence.

A finalized round (已定稿) is frozen: its scores, totals, grades and ranks never change again (``services``).
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zugong.core.tree import InTreeQuerySet
from zugong.members.models import Member
from zugong.organizations.models import Organization, Rectification

LOCAL_SOURCE = "本县规定（可调整）"  # where no seed or regulation gives a figure (RULES.md "Where no figure is given")
POINTS: dict = {"max_digits": 6, "decimal_places": 1}
NON_NEGATIVE = [MinValueValidator(Decimal(0))]


class TargetKind(models.TextChoices):
    VILLAGE_COMMITTEE = "village_committee", _("村党组织")
    COMMUNITY_COMMITTEE = "community_committee", _("社区党组织")
    BRANCH = "branch", _("党支部")
    SECRETARY = "secretary", _("党组织书记")
    MEMBER = "member", _("党员")
    TOWNSHIP_COMMITTEE = "township_committee", _("乡镇党委")
    AGENCY = "agency", _("机关党组织")


class Scheme(models.Model):
    """A rubric: who it assesses, the document it comes from, its criteria and grades. Edited as data."""

    code = models.SlugField(_("方案代码"), max_length=50, unique=True)
    name = models.CharField(_("方案名称"), max_length=100)
    target_kind = models.CharField(_("考核对象"), max_length=30, choices=TargetKind.choices)
    year = models.PositiveSmallIntegerField(_("适用年度"), null=True, blank=True,
                                            validators=[MinValueValidator(1900), MaxValueValidator(2100)],
                                            help_text=_("留空为长期适用"))
    source = models.CharField(_("依据"), max_length=300)
    description = models.TextField(_("说明"), max_length=2000, blank=True)
    feeds_township_ranking = models.BooleanField(
        _("结果写入乡镇考核排名"), default=False,
        help_text=_("定稿时把排名写入后备干部入库规则读取的乡镇考核排名"))
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("考核方案")
        verbose_name_plural = _("考核方案")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def max_total(self) -> Decimal:
        return sum((c.max_points for c in self.criteria.all()), Decimal(0))


class Criterion(models.Model):
    """One line of a scheme: its points, and how it is measured — computed by a registered measure (``measures``)
    turned into points by ``scoring``, or entered by the assessor with evidence."""

    class Method(models.TextChoices):
        COMPUTED = "computed", _("按记录计算")
        ENTERED = "entered", _("考核人录入")

    class Scoring(models.TextChoices):
        PROPORTIONAL = "proportional", _("按比例（达到满分值得满分）")
        STEPS = "steps", _("分档（达到某值得某分）")
        DEDUCT = "deduct", _("扣分（每个扣若干分，扣完为止）")

    scheme = models.ForeignKey(Scheme, verbose_name=_("考核方案"), on_delete=models.CASCADE, related_name="criteria")
    code = models.SlugField(_("指标代码"), max_length=50)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    label = models.CharField(_("考核指标"), max_length=200)
    max_points = models.DecimalField(_("分值"), **POINTS, validators=NON_NEGATIVE)
    method = models.CharField(_("计分方式"), max_length=10, choices=Method.choices, default=Method.ENTERED)
    measure = models.CharField(_("计算方法"), max_length=50, blank=True, help_text=_("按记录计算时的计算方法代码"))
    scoring = models.CharField(_("折算方式"), max_length=20, choices=Scoring.choices, blank=True)
    full_at = models.DecimalField(_("满分值"), max_digits=12, decimal_places=2, null=True, blank=True,
                                  help_text=_("按比例：计算值达到此数得满分"))
    per_unit = models.DecimalField(_("每个扣分"), **POINTS, null=True, blank=True, validators=NON_NEGATIVE)
    steps = models.JSONField(_("分档"), default=list, blank=True,
                             help_text=_("[[计算值下限, 得分], …]：取达到的最高一档"))
    is_basic_task = models.BooleanField(_("党建基本工作任务"), default=False,
                                        help_text=_("得分低于分值即为未完成基本任务（乡镇党委考核）"))
    guidance = models.CharField(_("评分说明"), max_length=500, blank=True)
    source = models.CharField(_("依据"), max_length=300, default=LOCAL_SOURCE)

    class Meta:
        verbose_name = _("考核指标")
        verbose_name_plural = _("考核指标")
        ordering = ["scheme", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="assessment_criterion_code_per_scheme",
                                    violation_error_message=_("同一考核方案中已有该指标代码")),
            models.CheckConstraint(condition=Q(method="entered") | ~Q(measure=""),
                                   name="assessment_computed_criterion_has_measure",
                                   violation_error_message=_("按记录计算的指标须选择计算方法")),
        ]

    def __str__(self) -> str:
        return f"{self.label}（{self.max_points}分）"


class Grade(models.Model):
    """A band of a scheme: a total at or above ``min_total`` earns it (the highest first); ``max_share_percent``
    caps the share of targets in it (the rest fall to the next band); ``opens_rectification`` makes the grade a
    软弱涣散 determination."""

    scheme = models.ForeignKey(Scheme, verbose_name=_("考核方案"), on_delete=models.CASCADE, related_name="grades")
    label = models.CharField(_("等次"), max_length=30)
    min_total = models.DecimalField(_("总分下限"), **POINTS, validators=NON_NEGATIVE)
    max_share_percent = models.PositiveSmallIntegerField(_("比例上限（%）"), null=True, blank=True,
                                                         validators=[MaxValueValidator(100)])
    opens_rectification = models.BooleanField(_("列入软弱涣散整顿"), default=False)
    source = models.CharField(_("依据"), max_length=300, default=LOCAL_SOURCE)

    class Meta:
        verbose_name = _("考核等次")
        verbose_name_plural = _("考核等次")
        ordering = ["scheme", "-min_total", "pk"]
        constraints = [models.UniqueConstraint(fields=["scheme", "label"], name="assessment_grade_label_per_scheme",
                                               violation_error_message=_("同一考核方案中已有该等次"))]

    def __str__(self) -> str:
        return self.label


class RoundQuerySet(InTreeQuerySet):
    path_field = "org_path"


class Round(models.Model):
    """A scheme applied to targets under an organization for a period; finalized once (frozen)."""

    class Status(models.TextChoices):
        OPEN = "open", _("进行中")
        FINALIZED = "finalized", _("已定稿")

    scheme = models.ForeignKey(Scheme, verbose_name=_("考核方案"), on_delete=models.PROTECT, related_name="rounds")
    organization = models.ForeignKey(Organization, verbose_name=_("组织考核的党组织"), on_delete=models.PROTECT,
                                     related_name="+")
    org_path = models.CharField(max_length=255, editable=False, default="")
    name = models.CharField(_("名称"), max_length=100)
    year = models.PositiveSmallIntegerField(_("考核年度"), validators=[MinValueValidator(1900),
                                                                   MaxValueValidator(2100)])
    starts_on = models.DateField(_("考核期起"))
    ends_on = models.DateField(_("考核期止"))
    survey = models.ForeignKey("surveys.Survey", verbose_name=_("测评问卷"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+",
                               help_text=_("测评（如述职评议）在民意调查中进行，其得分按对象读取"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("发起人"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    opened_at = models.DateTimeField(_("发起时间"), auto_now_add=True)
    computed_at = models.DateTimeField(_("计算时间"), null=True, blank=True)
    finalized_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("定稿人"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    finalized_at = models.DateTimeField(_("定稿时间"), null=True, blank=True)

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("考核轮次")
        verbose_name_plural = _("考核轮次")
        ordering = ["-year", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")),
                                              name="assessment_round_period_in_order",
                                              violation_error_message=_("考核期止不能早于考核期起"))]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.org_path = self.organization.path
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "org_path"}
        super().save(*args, **kwargs)

    @property
    def is_finalized(self) -> bool:
        return self.status == self.Status.FINALIZED


class ResultQuerySet(InTreeQuerySet):
    path_field = "org_path"


class Result(models.Model):
    """One target of a round: an organization (or, for a member scheme, a member of it), its total, grade and rank.
    ``rectification`` is the 软弱涣散 整顿 the result opened (or found already open) when the round was finalized."""

    round = models.ForeignKey(Round, verbose_name=_("考核轮次"), on_delete=models.CASCADE, related_name="results")
    organization = models.ForeignKey(Organization, verbose_name=_("考核对象（党组织）"), on_delete=models.PROTECT,
                                     related_name="+")
    member = models.ForeignKey(Member, verbose_name=_("考核对象（党员）"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, editable=False, default="")
    target_label = models.CharField(_("考核对象"), max_length=150)
    total = models.DecimalField(_("总分"), **POINTS, null=True, blank=True)
    grade = models.ForeignKey(Grade, verbose_name=_("等次"), null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    grade_label = models.CharField(_("等次名称"), max_length=30, blank=True)  # frozen with the round
    rank = models.PositiveIntegerField(_("名次"), null=True, blank=True)
    missed_basic_tasks = models.BooleanField(_("未完成基本任务"), default=False)
    rectification = models.ForeignKey(Rectification, verbose_name=_("软弱涣散整顿"), null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")
    report = models.FileField(_("述职报告"), upload_to="assessments/%Y/", max_length=200, blank=True)
    report_uploaded_at = models.DateTimeField(_("述职报告上传时间"), null=True, blank=True)

    objects = ResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("考核结果")
        verbose_name_plural = _("考核结果")
        ordering = ["round", "rank", "org_path", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "organization"], condition=Q(member__isnull=True),
                                    name="assessment_one_result_per_organization",
                                    violation_error_message=_("该党组织已是本轮考核对象")),
            models.UniqueConstraint(fields=["round", "member"], condition=Q(member__isnull=False),
                                    name="assessment_one_result_per_member",
                                    violation_error_message=_("该党员已是本轮考核对象")),
        ]

    def __str__(self) -> str:
        return f"{self.round} {self.target_label}"

    def save(self, *args, **kwargs) -> None:
        self.org_path = self.organization.path
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "org_path"}
        super().save(*args, **kwargs)


class Score(models.Model):
    """A criterion's score for a result: computed (the measured value and its explanation) or entered (who,
    when, the evidence). Empty ``points`` means not yet scored."""

    result = models.ForeignKey(Result, verbose_name=_("考核结果"), on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, verbose_name=_("考核指标"), on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(_("得分"), **POINTS, null=True, blank=True, validators=NON_NEGATIVE)
    value = models.DecimalField(_("计算值"), max_digits=14, decimal_places=4, null=True, blank=True)
    explanation = models.CharField(_("计算说明"), max_length=500, blank=True)
    evidence = models.TextField(_("评分依据"), max_length=2000, blank=True)
    evidence_file = models.FileField(_("佐证材料"), upload_to="assessments/%Y/", blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("评分人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    entered_at = models.DateTimeField(_("评分时间"), null=True, blank=True)
    computed_at = models.DateTimeField(_("计算时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("指标得分")
        verbose_name_plural = _("指标得分")
        ordering = ["result", "criterion__order", "pk"]
        constraints = [models.UniqueConstraint(fields=["result", "criterion"], name="assessment_one_score_per_criterion",
                                               violation_error_message=_("该对象的这项指标已有得分"))]

    def __str__(self) -> str:
        return f"{self.result} {self.criterion.label}"


# --- 回访复查 (follow-up reviews, seed 004's 四查) ----------------------------------------------------------------------

class FollowUpAspect(models.Model):
    """One of the 四查 a shortcoming is reviewed under (seed 004): data, shipped by migration, edited as data."""

    code = models.SlugField(_("代码"), max_length=30, unique=True)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    label = models.CharField(_("复查内容"), max_length=100)
    source = models.CharField(_("依据"), max_length=300, default=LOCAL_SOURCE)

    class Meta:
        verbose_name = _("复查内容")
        verbose_name_plural = _("复查内容")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.label


class FollowUpQuerySet(InTreeQuerySet):
    path_field = "org_path"


class FollowUp(models.Model):
    """A follow-up review (回访复查) of one organization's shortcomings: planned with a date it is due by, held on a
    date by its reviewers, each shortcoming found put right or not, closed once (planned → done)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("待复查")
        DONE = "done", _("已复查")

    organization = models.ForeignKey(Organization, verbose_name=_("复查对象"), on_delete=models.PROTECT,
                                     related_name="+")
    org_path = models.CharField(max_length=255, editable=False, default="")
    result = models.ForeignKey(Result, verbose_name=_("考核结果"), null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="follow_ups")
    rectification = models.ForeignKey(Rectification, verbose_name=_("软弱涣散整顿"), null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(_("名称"), max_length=100)
    due_on = models.DateField(_("计划复查日期"))
    held_on = models.DateField(_("复查日期"), null=True, blank=True)
    reviewers = models.CharField(_("复查人员"), max_length=200, blank=True)
    summary = models.TextField(_("复查结论"), max_length=2000, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    planned_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("安排人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    planned_at = models.DateTimeField(_("安排时间"), auto_now_add=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("办结人"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("回访复查")
        verbose_name_plural = _("回访复查")
        ordering = ["status", "due_on", "pk"]
        indexes = [models.Index(fields=["status", "due_on"], name="assessment_followup_due")]
        constraints = [
            models.CheckConstraint(condition=Q(status="planned") | Q(held_on__isnull=False),
                                   name="assessment_followup_done_has_date",
                                   violation_error_message=_("已复查的回访复查须填写复查日期")),
            models.UniqueConstraint(fields=["result"], condition=Q(status="planned", result__isnull=False),
                                    name="assessment_one_planned_followup_per_result",
                                    violation_error_message=_("该考核结果已有待复查的回访复查")),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.org_path = self.organization.path
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "org_path"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("assessments:follow_up", args=[self.pk])

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE


class FollowUpItem(models.Model):
    """One shortcoming under review: what it is, which of the 四查 it falls under, whether it was put right."""

    class Outcome(models.TextChoices):
        FIXED = "fixed", _("已整改")
        PARTLY = "partly", _("部分整改")
        NOT_FIXED = "not_fixed", _("未整改")

    follow_up = models.ForeignKey(FollowUp, verbose_name=_("回访复查"), on_delete=models.CASCADE,
                                  related_name="items")
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    shortcoming = models.CharField(_("存在问题"), max_length=300)
    aspect = models.ForeignKey(FollowUpAspect, verbose_name=_("复查内容"), on_delete=models.PROTECT,
                               related_name="+")
    outcome = models.CharField(_("整改情况"), max_length=10, choices=Outcome.choices, blank=True)
    note = models.CharField(_("复查说明"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("复查事项")
        verbose_name_plural = _("复查事项")
        ordering = ["follow_up", "order", "pk"]

    def __str__(self) -> str:
        return self.shortcoming
