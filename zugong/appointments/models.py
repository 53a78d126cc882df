"""Selection and appointment (选拔任用纪实): one case per post(s) to fill, from 动议 to the end of probation.

Terms: case 选拔任用纪实（案例）, candidate 人选, step 程序步骤, opinion 酝酿意见（纪委监委、政法、信访、审计）,
notice 考察预告 / 任前公示, hold 暂缓（有问题线索未查清）, refusal 不予办理记录, probation review 试用期满考核,
key post 重要职位（全委会票决）, exceptional promotion 破格提拔.
"""

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zugong.cadres.models import Cadre, Position, Tenure
from zugong.core.tree import InTreeQuerySet
from zugong.organizations.models import Organization


class KeyPost(models.Model):
    """A post the department lists as key (重要职位): decided by the 全委会票决 instead of the 常委会."""

    position = models.OneToOneField(Position, verbose_name=_("职位"), on_delete=models.CASCADE,
                                    related_name="key_post")
    note = models.CharField(_("依据"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("重要职位（全委会票决）")
        verbose_name_plural = _("重要职位（全委会票决）")

    def __str__(self) -> str:
        return str(self.position)


class SelectionCaseQuerySet(InTreeQuerySet):
    path_field = "org_path"

    def open(self) -> "SelectionCaseQuerySet":
        return self.filter(status=SelectionCase.Status.OPEN)


class StepKind(models.TextChoices):
    """The steps of the procedure (``CaseStep.Kind``); also where a case stands (``SelectionCase.stage``)."""

    MOTION = "motion", _("动议")
    TALK_RECOMMENDATION = "talk_recommendation", _("谈话调研推荐")
    MEETING_RECOMMENDATION = "meeting_recommendation", _("会议推荐")
    CANDIDATES_CHOSEN = "candidates_chosen", _("确定考察对象")
    INSPECTION = "inspection", _("考察")
    COMMUNITY = "community", _("考察进社区")
    DELIBERATION = "deliberation", _("酝酿（部务会）")
    DECISION = "decision", _("讨论决定")
    PUBLIC_NOTICE = "public_notice", _("任前公示")
    APPOINTMENT = "appointment", _("任职")
    REVIEW = "review", _("试用期满考核")


class SelectionCase(models.Model):
    class Kind(models.TextChoices):
        PROMOTION = "promotion", _("个别提拔任职")
        GENERAL = "general", _("换届")
        OPEN = "open", _("公开选拔、竞争上岗")
        EXCHANGE = "exchange", _("交流任职")

    class Status(models.TextChoices):
        OPEN = "open", _("进行中")
        PROBATION = "probation", _("已任职（试用期）")
        COMPLETED = "completed", _("已办结")
        STOPPED = "stopped", _("已终止")

    title = models.CharField(_("事项名称"), max_length=200)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.PROMOTION)
    unit = models.ForeignKey(Organization, verbose_name=_("单位"), on_delete=models.PROTECT,
                             related_name="selection_cases")
    positions = models.ManyToManyField(Position, verbose_name=_("拟任职位"), related_name="selection_cases")
    elected_posts = models.BooleanField(_("选举产生的职务（不实行试用期）"), default=False)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.OPEN)
    # The next step to take, shown (lists, history) by its name; empty once the case is done.
    stage = models.CharField(_("进行到"), max_length=30, choices=StepKind.choices, blank=True, default=StepKind.MOTION)
    stopped_reason = models.CharField(_("终止原因"), max_length=300, blank=True)
    # 破格提拔: the approval that lets a candidate go on though a qualification rule failed.
    exceptional_approved_on = models.DateField(_("破格提拔批准日期"), null=True, blank=True)
    exceptional_document = models.CharField(_("破格提拔批准文号"), max_length=100, blank=True)
    exceptional_reason = models.CharField(_("破格提拔理由"), max_length=500, blank=True)
    org_path = models.CharField(max_length=255, editable=False, default="")
    last_step_on = models.DateField(_("最近办理日期"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SelectionCaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("选拔任用纪实")
        verbose_name_plural = _("选拔任用纪实")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "org_path"], name="selcase_status_path")]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.org_path = self.unit.path
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("appointments:detail", args=[self.pk])

    @property
    def has_exceptional_approval(self) -> bool:
        return self.exceptional_approved_on is not None and bool(self.exceptional_document)


class CaseCandidate(models.Model):
    """A person named in a case, and how far they went: a cadre of the register, or (公开选拔) a person from outside
    who registered and ranked among the 考察对象 (no cadre; the name as registered)."""

    case = models.ForeignKey(SelectionCase, verbose_name=_("选拔任用事项"), on_delete=models.CASCADE, related_name="candidates")
    cadre = models.ForeignKey(Cadre, verbose_name=_("干部"), on_delete=models.PROTECT, related_name="selections",
                              null=True, blank=True)
    name = models.CharField(_("姓名"), max_length=50)
    position = models.ForeignKey(Position, verbose_name=_("拟任职位"), on_delete=models.PROTECT, related_name="+")
    recommended = models.BooleanField(_("经民主推荐"), default=False)
    vote_share = models.DecimalField(_("会议推荐得票率（%）"), max_digits=5, decimal_places=2, null=True, blank=True)
    chosen = models.BooleanField(_("确定为考察对象"), default=False)
    decided = models.BooleanField(_("讨论决定通过"), default=False)
    appointed = models.BooleanField(_("已任职"), default=False)
    tenure = models.ForeignKey(Tenure, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    qualification = models.JSONField(_("资格审查结果"), default=list)  # rules as checked when named
    in_reserve = models.BooleanField(_("在后备干部库"), default=False)
    named_on = models.DateField(_("提名日期"))
    dropped_reason = models.CharField(_("不再作为人选的原因"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("人选")
        verbose_name_plural = _("人选")
        ordering = ["case", "pk"]
        constraints = [models.UniqueConstraint(fields=["case", "cadre"], name="selcandidate_once_per_case")]

    def __str__(self) -> str:
        return self.name

    @property
    def failed_rules(self) -> list[dict]:
        return [r for r in self.qualification if not r["passed"] and r.get("blocking", True)]


class CaseStep(models.Model):
    """One step of the procedure as it was taken; the per-candidate steps (讨论决定, 任职, 试用期满考核) name one."""

    Kind = StepKind

    case = models.ForeignKey(SelectionCase, verbose_name=_("选拔任用事项"), on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("步骤"), max_length=30, choices=Kind.choices)
    candidate = models.ForeignKey(CaseCandidate, verbose_name=_("人选"), null=True, blank=True,
                                  on_delete=models.CASCADE, related_name="steps")
    done_on = models.DateField(_("办理日期"))
    handled_by = models.CharField(_("经办人 / 会议主持人"), max_length=100, blank=True)
    number = models.CharField(_("文号 / 会议名称"), max_length=100, blank=True)
    talks = models.PositiveIntegerField(_("个别谈话人数"), null=True, blank=True)
    ballot = models.ForeignKey("ballots.Ballot", verbose_name=_("表决票"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    figures = models.JSONField(_("表决结果"), default=dict, blank=True)  # copied from the ballot's tally
    result = models.CharField(_("结论"), max_length=20, blank=True)
    note = models.TextField(_("情况说明"), blank=True)
    document = models.FileField(_("材料"), upload_to="appointments/%Y/", blank=True)
    rules = models.JSONField(default=dict, editable=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, on_delete=models.SET_NULL,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("选拔任用步骤")
        verbose_name_plural = _("选拔任用步骤")
        ordering = ["case", "done_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "kind"], condition=models.Q(candidate__isnull=True),
                                    name="selstep_once_per_case"),
            models.UniqueConstraint(fields=["case", "kind", "candidate"], condition=models.Q(candidate__isnull=False),
                                    name="selstep_once_per_candidate"),
        ]

    def __str__(self) -> str:
        return f"{self.case}：{self.get_kind_display()}"


class Opinion(models.Model):
    """An opinion asked for in the 酝酿 (纪委监委, 政法, 信访, 审计) about the case's candidates."""

    class Source(models.TextChoices):
        DISCIPLINE = "discipline", _("纪委监委")
        POLITICS_LAW = "politics_law", _("政法")
        PETITION = "petition", _("信访")
        AUDIT = "audit", _("审计")

    case = models.ForeignKey(SelectionCase, verbose_name=_("选拔任用事项"), on_delete=models.CASCADE, related_name="opinions")
    source = models.CharField(_("征求意见单位"), max_length=20, choices=Source.choices)
    candidate = models.ForeignKey(CaseCandidate, verbose_name=_("涉及人选"), null=True, blank=True,
                                  on_delete=models.CASCADE, related_name="opinions")
    received_on = models.DateField(_("回复日期"))
    favourable = models.BooleanField(_("无不良反映"), default=True)
    content = models.CharField(_("意见内容"), max_length=500, blank=True)
    resolved_on = models.DateField(_("查清日期"), null=True, blank=True)
    resolution = models.CharField(_("查核结论"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        verbose_name = _("酝酿意见")
        verbose_name_plural = _("酝酿意见")
        ordering = ["case", "source", "pk"]

    def __str__(self) -> str:
        return f"{self.get_source_display()}：{'无不良反映' if self.favourable else self.content}"

    @property
    def holds(self) -> bool:
        return not self.favourable and self.resolved_on is None


class Notice(models.Model):
    """A 考察预告 or 任前公示: the portal lists only what is published and not yet withdrawn."""

    class Kind(models.TextChoices):
        INSPECTION = "inspection", _("考察预告")
        PRE_APPOINTMENT = "pre_appointment", _("任前公示")
        ANNOUNCEMENT = "announcement", _("公开选拔公告")

    case = models.ForeignKey(SelectionCase, verbose_name=_("选拔任用事项"), on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("正文"))
    inspectors = models.CharField(_("考察组成员"), max_length=300, blank=True)
    phone = models.CharField(_("联系电话"), max_length=50)
    publish_on = models.DateField(_("发布日期"))
    ends_on = models.DateField(_("截止日期"))
    withdraw_on = models.DateField(_("撤下日期"), null=True, blank=True)
    calendar_note = models.CharField(_("工作日计算说明"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("预告与公示")
        verbose_name_plural = _("预告与公示")
        ordering = ["-publish_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["case", "kind"], name="selnotice_once_per_case")]

    def __str__(self) -> str:
        return f"{self.case} {self.get_kind_display()}"


class Hold(models.Model):
    """A hold placed by hand (暂缓): the case refuses 讨论决定 and 任职 until it is lifted."""

    case = models.ForeignKey(SelectionCase, verbose_name=_("选拔任用事项"), on_delete=models.CASCADE, related_name="holds")
    candidate = models.ForeignKey(CaseCandidate, verbose_name=_("涉及人选"), null=True, blank=True,
                                  on_delete=models.CASCADE, related_name="holds")
    reason = models.CharField(_("暂缓原因"), max_length=300)
    placed_on = models.DateField(_("暂缓日期"))
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("决定人"), null=True, on_delete=models.SET_NULL,
                                  related_name="+")
    lifted_on = models.DateField(_("解除日期"), null=True, blank=True)
    lift_reason = models.CharField(_("解除理由"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("暂缓")
        verbose_name_plural = _("暂缓")
        ordering = ["-placed_on", "-pk"]

    def __str__(self) -> str:
        return self.reason


class StepRefusal(models.Model):
    """An attempt the procedure refused; the case is unchanged, the attempt is kept."""

    case = models.ForeignKey(SelectionCase, verbose_name=_("选拔任用事项"), on_delete=models.CASCADE, related_name="refusals")
    kind = models.CharField(_("步骤"), max_length=30, choices=CaseStep.Kind.choices)
    attempted_for = models.DateField(_("拟办理日期"))
    message = models.CharField(_("不予办理的原因"), max_length=500)
    attempted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    attempted_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("不予办理记录")
        verbose_name_plural = _("不予办理记录")
        ordering = ["-attempted_at", "-pk"]

    def __str__(self) -> str:
        return self.message


class ProbationReview(models.Model):
    """The probation of an appointed candidate and its review: confirmed (正式任职) or removed (免职)."""

    class Result(models.TextChoices):
        CONFIRMED = "confirmed", _("考核合格，正式任职")
        REMOVED = "removed", _("不胜任，免去试任职务")

    candidate = models.OneToOneField(CaseCandidate, on_delete=models.CASCADE, related_name="probation")
    started_on = models.DateField(_("试用期开始"))
    ends_on = models.DateField(_("试用期满"))
    reviewed_on = models.DateField(_("考核日期"), null=True, blank=True)
    result = models.CharField(_("考核结论"), max_length=20, choices=Result.choices, blank=True)
    note = models.CharField(_("说明"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("试用期考核")
        verbose_name_plural = _("试用期考核")
        ordering = ["ends_on", "pk"]

    def __str__(self) -> str:
        return f"{self.candidate} 试用期至{self.ends_on:%Y-%m-%d}"


# --- 公开选拔、竞争上岗 (D2): the announcement, registrations, exams, the panel -----------------------------------

SCORE: dict[str, Any] = {"max_digits": 5, "decimal_places": 2, "validators": [MinValueValidator(0), MaxValueValidator(100)]}


class Competition(models.Model):
    """The competitive part of an OPEN case: the announcement (a ``Notice`` the portal lists), the registration
    window, the qualifications, the 差额 ratio and the weights of the written exam and the interview (per case,
    the policies' values when announced)."""

    case = models.OneToOneField(SelectionCase, verbose_name=_("选拔任用事项"), on_delete=models.CASCADE,
                                related_name="competition")
    notice = models.OneToOneField(Notice, verbose_name=_("公告"), on_delete=models.PROTECT, related_name="competition")
    registration_starts_on = models.DateField(_("报名开始日期"))
    registration_ends_on = models.DateField(_("报名截止日期"))
    qualifications = models.TextField(_("报名资格条件"))
    per_post = models.PositiveSmallIntegerField(_("每个职位的考察对象人数（差额）"),
                                                validators=[MinValueValidator(1), MaxValueValidator(10)])
    written_weight = models.DecimalField(_("笔试成绩权重（%）"), **SCORE)
    interview_weight = models.DecimalField(_("面试成绩权重（%）"), **SCORE)
    trim_from = models.PositiveSmallIntegerField(_("去掉最高分和最低分的评委人数下限"),
                                                 validators=[MinValueValidator(3), MaxValueValidator(99)])

    class Meta:
        verbose_name = _("公开选拔、竞争上岗")
        verbose_name_plural = _("公开选拔、竞争上岗")

    def __str__(self) -> str:
        return f"{self.case}（公开选拔）"


class Registration(models.Model):
    """A registration (报名) for a post of an OPEN case: a cadre of the register, or a person from outside typed in;
    its qualification review (资格审查), its exam scores, and the candidate it became when ranked among the 考察对象."""

    class Review(models.TextChoices):
        PENDING = "pending", _("待审查")
        PASSED = "passed", _("资格审查通过")
        FAILED = "failed", _("资格审查未通过")

    case = models.ForeignKey(SelectionCase, verbose_name=_("选拔任用事项"), on_delete=models.CASCADE,
                             related_name="registrations")
    position = models.ForeignKey(Position, verbose_name=_("报考职位"), on_delete=models.PROTECT, related_name="+")
    cadre = models.ForeignKey(Cadre, verbose_name=_("干部"), null=True, blank=True, on_delete=models.PROTECT,
                              related_name="registrations")
    name = models.CharField(_("姓名"), max_length=50)
    unit = models.CharField(_("工作单位"), max_length=100, blank=True)
    post = models.CharField(_("现任职务"), max_length=100, blank=True)
    birth = models.DateField(_("出生年月"), null=True, blank=True)
    education = models.CharField(_("学历"), max_length=50, blank=True)
    registered_on = models.DateField(_("报名日期"))
    qualification = models.JSONField(_("任职资格规则核对"), default=list)  # check_promotion, for a cadre
    review = models.CharField(_("资格审查"), max_length=10, choices=Review.choices, default=Review.PENDING)
    review_reason = models.CharField(_("未通过的原因"), max_length=300, blank=True)
    reviewed_on = models.DateField(_("审查日期"), null=True, blank=True)
    written = models.DecimalField(_("笔试成绩"), null=True, blank=True, **SCORE)
    interview = models.DecimalField(_("面试成绩"), null=True, blank=True, **SCORE)
    candidate = models.OneToOneField(CaseCandidate, verbose_name=_("人选"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="registration")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("报名")
        verbose_name_plural = _("报名")
        ordering = ["case", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "cadre"], condition=models.Q(cadre__isnull=False),
                                    name="selreg_cadre_once_per_case"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def failed_rules(self) -> list[dict]:
        return [r for r in self.qualification if not r["passed"] and r.get("blocking", True)]


class PanelMember(models.Model):
    """A judge of the interview panel (大评委): leaders and the public judges (两代表一委员, 群众代表)."""

    class Kind(models.TextChoices):
        LEADER = "leader", _("领导干部")
        EXAMINER = "examiner", _("考官（外县区）")
        PARTY_DELEGATE = "party_delegate", _("党代表")
        NPC_DEPUTY = "npc_deputy", _("人大代表")
        CPPCC_MEMBER = "cppcc_member", _("政协委员")
        PUBLIC = "public", _("群众代表")

    case = models.ForeignKey(SelectionCase, verbose_name=_("选拔任用事项"), on_delete=models.CASCADE,
                             related_name="panel")
    name = models.CharField(_("姓名"), max_length=50)
    kind = models.CharField(_("评委类别"), max_length=20, choices=Kind.choices)
    unit = models.CharField(_("单位及职务"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("评委")
        verbose_name_plural = _("评委")
        ordering = ["case", "pk"]

    def __str__(self) -> str:
        return self.name


class PanelScore(models.Model):
    """One judge's interview score of one registration."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="panel_scores")
    member = models.ForeignKey(PanelMember, on_delete=models.CASCADE, related_name="scores")
    score = models.DecimalField(_("评分"), **SCORE)

    class Meta:
        verbose_name = _("评委评分")
        verbose_name_plural = _("评委评分")
        constraints = [models.UniqueConstraint(fields=["registration", "member"], name="selpanel_score_once")]

    def __str__(self) -> str:
        return f"{self.member}：{self.score}"
