"""Surveys (民意调查) and evaluation forms: the design, who is asked, and the answers — kept apart.

A ``Response`` holds what was answered, for which respondent group (an organization and a kind of
respondent), on which day and through which channel — nothing that leads to a person: no invitation,
no user, no address, no time of day. Who has answered is only ``Invitation.used``.
"""


from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zugong.core.models import BackgroundImport
from zugong.organizations.models import Organization


class Survey(models.Model):
    class Kind(models.TextChoices):
        SATISFACTION = "satisfaction", _("组织工作满意度民意调查")
        ELECTION_CONDUCT = "election_conduct", _("换届风气测评")
        REPORT_REVIEW = "report_review", _("一报告两评议")
        THREE_DEGREE = "three_degree", _("三度测评")
        OTHER = "other", _("其他调查")

    class Status(models.TextChoices):
        DRAFT = "draft", _("设计中")
        OPEN = "open", _("进行中")
        CLOSED = "closed", _("已结束")

    name = models.CharField(_("调查名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.SATISFACTION)
    year = models.PositiveSmallIntegerField(_("年度"))
    organization = models.ForeignKey(Organization, verbose_name=_("组织单位"), on_delete=models.PROTECT,
                                     related_name="surveys")
    org_path = models.CharField(max_length=255, editable=False, default="")
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    anonymous = models.BooleanField(_("匿名调查"), default=True)
    double_entry = models.BooleanField(_("纸质问卷双人录入"), default=False)
    version = models.PositiveSmallIntegerField(_("版本"), default=1, editable=False)
    previous_version = models.ForeignKey("self", verbose_name=_("上一版本"), null=True, blank=True,
                                         on_delete=models.SET_NULL, related_name="+", editable=False)
    compare_with = models.ForeignKey("self", verbose_name=_("对比的上年调查"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    intro = models.TextField(_("填写说明"), blank=True)

    class Meta:
        verbose_name = _("民意调查")
        verbose_name_plural = _("民意调查")
        ordering = ["-year", "name", "-version", "pk"]

    def __str__(self) -> str:
        return f"{self.name}（第{self.version}版）" if self.version > 1 else self.name

    def save(self, *args, **kwargs):
        self.org_path = self.organization.path
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("surveys:detail", args=[self.pk])

    @property
    def has_responses(self) -> bool:
        return self.responses.exists()


class Indicator(models.Model):
    """What a score is reported for: the four main indicators of seed 002 and up to ten secondary ones."""

    class Level(models.TextChoices):
        MAIN = "main", _("主要指标")
        SECONDARY = "secondary", _("次要指标")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("指标代码"), max_length=20)
    name = models.CharField(_("指标名称"), max_length=100)
    level = models.CharField(_("级别"), max_length=10, choices=Level.choices, default=Level.MAIN)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("评价指标")
        verbose_name_plural = _("评价指标")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["survey", "code"], name="surveys_indicator_code_unique")]

    def __str__(self) -> str:
        return self.name


class Section(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(_("部分标题"), max_length=100)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("问卷部分")
        verbose_name_plural = _("问卷部分")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("单选（评价等次）")
        MULTIPLE = "multiple", _("多选")
        TEXT = "text", _("简答")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(Section, verbose_name=_("所属部分"), on_delete=models.CASCADE,
                                related_name="questions")
    number = models.PositiveSmallIntegerField(_("题号"))
    text = models.CharField(_("题目"), max_length=300)
    kind = models.CharField(_("题型"), max_length=10, choices=Kind.choices, default=Kind.SINGLE)
    indicator = models.ForeignKey(Indicator, verbose_name=_("计入指标"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="questions")
    required = models.BooleanField(_("必答"), default=True)

    class Meta:
        verbose_name = _("题目")
        verbose_name_plural = _("题目")
        ordering = ["number", "pk"]
        constraints = [models.UniqueConstraint(fields=["survey", "number"], name="surveys_question_number_unique")]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"


class Option(models.Model):
    """A choice; on a scale it has a score, and 不了解-like choices are not counted (never a 0)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(_("选项"), max_length=100)
    score = models.PositiveSmallIntegerField(_("分值"), null=True, blank=True)
    counted = models.BooleanField(_("计入得分"), default=True)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("选项")
        verbose_name_plural = _("选项")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.label

    @property
    def counted_score(self) -> int | None:
        return self.score if self.counted else None


class RespondentGroup(models.Model):
    """Who is asked about an organization: its cadres, members or public representatives, with a quota."""

    class Kind(models.TextChoices):
        CADRES = "cadres", _("干部")
        MEMBERS = "members", _("党员")
        PUBLIC = "public", _("群众代表")
        DEPUTIES = "deputies", _("两代表一委员")
        OTHER = "other", _("其他")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="groups")
    organization = models.ForeignKey(Organization, verbose_name=_("被调查单位"), on_delete=models.PROTECT,
                                     related_name="survey_groups")
    org_path = models.CharField(max_length=255, editable=False, default="")
    kind = models.CharField(_("调查对象"), max_length=10, choices=Kind.choices, default=Kind.CADRES)
    quota = models.PositiveIntegerField(_("样本数"), default=0)

    class Meta:
        verbose_name = _("调查对象组")
        verbose_name_plural = _("调查对象组")
        ordering = ["org_path", "kind", "pk"]
        constraints = [models.UniqueConstraint(fields=["survey", "organization", "kind"],
                                               name="surveys_group_unique")]

    def __str__(self) -> str:
        return f"{self.organization.name}·{self.get_kind_display()}"

    def save(self, *args, **kwargs):
        self.org_path = self.organization.path
        super().save(*args, **kwargs)


class Invitation(models.Model):
    """A single-use code. ``used`` is all that is known of its respondent: no time, no link to the answers."""

    group = models.ForeignKey(RespondentGroup, on_delete=models.CASCADE, related_name="invitations")
    code = models.CharField(_("邀请码"), max_length=16, unique=True)
    invitee = models.CharField(_("受邀人"), max_length=50, blank=True)  # only in a survey that is not anonymous
    used = models.BooleanField(_("已使用"), default=False)

    class Meta:
        verbose_name = _("邀请码")
        verbose_name_plural = _("邀请码")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.code


class Response(models.Model):
    """One filled questionnaire. Keep it free of anything that leads to a person (see test_anonymity)."""

    class Channel(models.TextChoices):
        ONLINE = "online", _("网上填写")
        PAPER = "paper", _("纸质问卷录入")
        IMPORT = "import", _("Excel导入")

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    group = models.ForeignKey(RespondentGroup, on_delete=models.PROTECT, related_name="responses")
    submitted_on = models.DateField(_("提交日期"))
    channel = models.CharField(_("方式"), max_length=10, choices=Channel.choices)

    class Meta:
        verbose_name = _("答卷")
        verbose_name_plural = _("答卷")
        indexes = [models.Index(fields=["survey", "group"], name="surveys_response_group")]

    def __str__(self) -> str:
        return f"答卷{self.pk}"


class Answer(models.Model):
    """One answer; ``indicator`` and ``score`` are copied from the frozen design so a tally reads one table."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    option = models.ForeignKey(Option, null=True, blank=True, on_delete=models.PROTECT, related_name="answers")
    text = models.CharField(max_length=500, blank=True)
    indicator = models.ForeignKey(Indicator, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(null=True, blank=True)  # None: not counted (不了解) or not scored

    class Meta:
        verbose_name = _("答案")
        verbose_name_plural = _("答案")

    def __str__(self) -> str:
        return self.text or str(self.option)


class PaperSheet(models.Model):
    """A paper questionnaire typed in by tellers; with double entry, a second teller types it again.

    The answers become a ``Response`` once the entries agree (or a mismatch is resolved); the sheet does
    not point at it. ``number`` is the number written on the paper, not a person.
    """

    class Status(models.TextChoices):
        AWAITING_SECOND = "awaiting_second", _("待第二人录入")
        MISMATCH = "mismatch", _("两次录入不一致")
        DONE = "done", _("已入库")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="paper_sheets")
    group = models.ForeignKey(RespondentGroup, verbose_name=_("调查对象组"), on_delete=models.PROTECT,
                              related_name="paper_sheets")
    number = models.CharField(_("问卷编号"), max_length=30)
    first_entry = models.JSONField(default=dict)
    first_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    second_entry = models.JSONField(null=True, blank=True)
    second_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices)

    class Meta:
        verbose_name = _("纸质问卷")
        verbose_name_plural = _("纸质问卷")
        ordering = ["number", "pk"]
        constraints = [models.UniqueConstraint(fields=["survey", "number"], name="surveys_sheet_number_unique")]

    def __str__(self) -> str:
        return self.number


class ExternalAverage(models.Model):
    """An average supplied from outside (全国、全区、全市平均分), entered by the department."""

    class Level(models.TextChoices):
        NATIONAL = "national", _("全国平均")
        REGION = "region", _("全区（省）平均")
        CITY = "city", _("全市平均")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="external_averages")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="external_averages")
    level = models.CharField(_("层级"), max_length=10, choices=Level.choices)
    value = models.DecimalField(_("平均分"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("外部平均分")
        verbose_name_plural = _("外部平均分")
        constraints = [models.UniqueConstraint(fields=["indicator", "level"], name="surveys_average_unique")]

    def __str__(self) -> str:
        return f"{self.indicator}·{self.get_level_display()} {self.value}"


class SheetImportJob(BackgroundImport):
    """An import of paper questionnaires (纸质问卷导入) running in the background (``core.models.BackgroundImport``);
    ``required`` holds the questions this file must answer (chosen on the upload)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="import_jobs")
    required = models.JSONField(_("须作答的题目"), default=list, blank=True)

    class Meta(BackgroundImport.Meta):
        verbose_name = _("问卷导入任务")
        verbose_name_plural = _("问卷导入任务")
