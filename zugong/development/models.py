"""Member development (发展党员): one case per person from the application to full membership.

A case holds the person until the higher committee admits them; from then on the person is also a
``Member`` of the register (probationary, later full), and the case keeps the probation steps.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zugong.core.tree import InTreeQuerySet
from zugong.members.codes import ETHNICITY_CHOICES, HAN, Education, Occupation
from zugong.members.models import Member
from zugong.organizations.models import Organization, WorkUnit


class DevelopmentCaseQuerySet(InTreeQuerySet):
    path_field = "org_path"

    def open(self) -> "DevelopmentCaseQuerySet":
        return self.filter(status=DevelopmentCase.Status.OPEN)


class DevelopmentCase(models.Model):
    class Stage(models.TextChoices):  # the same stages as GLOSSARY's Member.Stage
        APPLICANT = "applicant", _("入党申请人")
        ACTIVIST = "activist", _("入党积极分子")
        CANDIDATE = "candidate", _("发展对象")
        PROBATIONARY = "probationary", _("预备党员")
        FULL = "full", _("正式党员")

    class Status(models.TextChoices):
        OPEN = "open", _("进行中")
        COMPLETED = "completed", _("已转为正式党员")
        WITHDRAWN = "withdrawn", _("已终止")
        CANCELLED = "cancelled", _("取消预备党员资格")

    name = models.CharField(_("姓名"), max_length=50)
    id_number = models.CharField(_("身份证号"), max_length=18)
    gender = models.CharField(_("性别"), max_length=10, choices=Member.Gender.choices)
    birth_date = models.DateField(_("出生日期"))
    ethnicity = models.CharField(_("民族"), max_length=2, choices=ETHNICITY_CHOICES, default=HAN)
    education = models.CharField(_("学历"), max_length=20, choices=Education.choices)
    occupation = models.CharField(_("职业"), max_length=20, choices=Occupation.choices)
    organization = models.ForeignKey(Organization, verbose_name=_("所在党支部"), on_delete=models.PROTECT,
                                     related_name="development_cases")
    work_unit = models.ForeignKey(WorkUnit, verbose_name=_("工作单位"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="development_cases")
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    stage = models.CharField(_("阶段"), max_length=20, choices=Stage.choices, default=Stage.APPLICANT)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.OPEN)
    closed_reason = models.CharField(_("终止原因"), max_length=200, blank=True)
    member = models.OneToOneField(Member, verbose_name=_("党员名册记录"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="development_case")
    probation_ends_on = models.DateField(_("预备期满日期"), null=True, blank=True)
    extension_months = models.PositiveSmallIntegerField(_("延长预备期（月）"), null=True, blank=True)
    extension_reason = models.CharField(_("延长预备期原因"), max_length=300, blank=True)
    org_path = models.CharField(max_length=255, editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DevelopmentCaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("发展党员档案")
        verbose_name_plural = _("发展党员档案")
        ordering = ["org_path", "name", "pk"]
        indexes = [models.Index(fields=["status", "org_path"], name="devcase_status_path")]
        constraints = [
            models.UniqueConstraint(fields=["id_number"], condition=models.Q(status="open"),
                                    name="devcase_one_open_case_per_person"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.org_path = self.organization.path
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("development:detail", args=[self.pk])


class DevelopmentStep(models.Model):
    """One of the 25 steps as it was taken: when, by whom, with what, under which rule values."""

    class Kind(models.TextChoices):
        APPLICATION = "application", _("递交入党申请书")
        TALK = "talk", _("党组织派人谈话")
        ACTIVIST_CHOSEN = "activist_chosen", _("推荐和确定入党积极分子")
        ACTIVIST_FILED = "activist_filed", _("入党积极分子报上级党委备案")
        MENTORS = "mentors", _("指定培养联系人")
        CULTIVATION = "cultivation", _("培养教育考察")
        CANDIDATE_CHOSEN = "candidate_chosen", _("确定发展对象")
        CANDIDATE_FILED = "candidate_filed", _("发展对象报上级党委备案")
        SPONSORS = "sponsors", _("确定入党介绍人")
        POLITICAL_REVIEW = "political_review", _("进行政治审查")
        TRAINING = "training", _("开展集中培训")
        BRANCH_REVIEW = "branch_review", _("支部委员会审查")
        PRE_REVIEW = "pre_review", _("上级党委预审")
        APPLICATION_FORM = "application_form", _("填写入党志愿书")
        THREE_STATEMENTS = "three_statements", _("三述（本人、介绍人、支部陈述）")
        THREE_EVALUATIONS = "three_evaluations", _("三评（党员、群众、支部评议）")
        THREE_VOTES = "three_votes", _("三票决（支委会、党员大会、乡镇党委票决）")
        ADMISSION_VOTE = "admission_vote", _("支部大会讨论接收预备党员")
        COMMITTEE_TALK = "committee_talk", _("上级党委派人谈话")
        APPROVAL = "approval", _("上级党委审批")
        APPROVAL_FILED = "approval_filed", _("再上一级党委组织部门备案")
        PLACED = "placed", _("编入党支部和党小组")
        OATH = "oath", _("入党宣誓")
        PROBATION_EDUCATION = "probation_education", _("继续教育考察")
        CONFIRMATION_APPLICATION = "confirmation_application", _("提出转正申请")
        CONFIRMATION_VOTE = "confirmation_vote", _("支部大会讨论转正")
        CONFIRMATION_APPROVAL = "confirmation_approval", _("上级党委审批转正")
        ARCHIVED = "archived", _("材料归档")

    case = models.ForeignKey(DevelopmentCase, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("步骤"), max_length=30, choices=Kind.choices)
    done_on = models.DateField(_("办理日期"))
    handled_by = models.CharField(_("经办人/谈话人"), max_length=100, blank=True)
    people = models.ManyToManyField(Member, verbose_name=_("培养联系人/入党介绍人"), blank=True,
                                    related_name="development_roles")
    number = models.CharField(_("编号"), max_length=50, blank=True, help_text=_("入党志愿书编号、备案文号等"))
    training_days = models.PositiveSmallIntegerField(_("培训天数"), null=True, blank=True)
    training_hours = models.PositiveSmallIntegerField(_("培训学时"), null=True, blank=True)
    note = models.TextField(_("情况说明"), blank=True)
    document = models.FileField(_("附件"), upload_to="development/%Y/", blank=True)
    # The policy values this step was checked against: a later change of a rule leaves the record as it was.
    rules = models.JSONField(default=dict, editable=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("发展党员步骤")
        verbose_name_plural = _("发展党员步骤")
        ordering = ["case", "done_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "kind"], condition=~models.Q(kind="cultivation"),
                                    name="devstep_once_per_case"),
        ]

    def __str__(self) -> str:
        return f"{self.case}：{self.get_kind_display()}"


class BranchVote(models.Model):
    """A branch general meeting's vote on one candidate (admission or confirmation).

    Taken from a sealed secret ballot (``CaseBallot``; ``ballot_reference`` is its id, the figures are the tally's)
    or, for a meeting held on paper before zugong, typed by hand (``ballot_reference`` empty).
    """

    step = models.OneToOneField(DevelopmentStep, on_delete=models.CASCADE, related_name="vote")
    entitled = models.PositiveIntegerField(_("应到会有表决权的正式党员"))
    present = models.PositiveIntegerField(_("实到会有表决权的正式党员"))
    yes = models.PositiveIntegerField(_("赞成"))
    no = models.PositiveIntegerField(_("反对"))
    abstain = models.PositiveIntegerField(_("弃权"))
    ballot_reference = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("支部大会表决")
        verbose_name_plural = _("支部大会表决")

    def __str__(self) -> str:
        return f"应到{self.entitled}，实到{self.present}，赞成{self.yes}"

    @property
    def ballot_id(self) -> int | None:
        return int(self.ballot_reference) if self.ballot_reference.isdigit() else None


class CaseBallot(models.Model):
    """A secret ballot (ballots module) opened for one case's branch meeting vote (admission or confirmation),
    or for one of the three bodies of the local 三票决 (``body``); the step is then taken from its sealed tally."""

    class Body(models.TextChoices):  # the three votes of 三票决, in their order; blank for the branch meeting's votes
        BRANCH_COMMITTEE = "branch_committee", _("支部委员会")
        GENERAL_MEETING = "general_meeting", _("党员大会")
        TOWNSHIP_COMMITTEE = "township_committee", _("乡镇党委")

    case = models.ForeignKey(DevelopmentCase, on_delete=models.CASCADE, related_name="ballots")
    kind = models.CharField(_("步骤"), max_length=30, choices=DevelopmentStep.Kind.choices)
    body = models.CharField(_("票决机构"), max_length=30, choices=Body.choices, blank=True)
    ballot = models.OneToOneField("ballots.Ballot", on_delete=models.CASCADE, related_name="development_case")

    class Meta:
        verbose_name = _("发展党员表决票")
        verbose_name_plural = _("发展党员表决票")
        ordering = ["case", "-pk"]

    def __str__(self) -> str:
        return f"{self.case}：{self.get_kind_display()}"


class BodyVote(models.Model):
    """One body's sealed ballot behind a 三票决 step (支委会、党员大会、乡镇党委): the tally's figures and the
    ballot's id (``ballot_reference``), so the step points back at each sealed count."""

    step = models.ForeignKey(DevelopmentStep, on_delete=models.CASCADE, related_name="body_votes")
    body = models.CharField(_("票决机构"), max_length=30, choices=CaseBallot.Body.choices)
    entitled = models.PositiveIntegerField(_("应到会人数"))
    present = models.PositiveIntegerField(_("实到会人数"))
    yes = models.PositiveIntegerField(_("赞成"))
    no = models.PositiveIntegerField(_("反对"))
    abstain = models.PositiveIntegerField(_("弃权"))
    ballot_reference = models.CharField(max_length=64, editable=False)

    class Meta:
        verbose_name = _("三票决表决结果")
        verbose_name_plural = _("三票决表决结果")
        ordering = ["step", "pk"]
        constraints = [models.UniqueConstraint(fields=["step", "body"], name="devbodyvote_once_per_body")]

    def __str__(self) -> str:
        return f"{self.get_body_display()}：应到{self.entitled}，实到{self.present}，赞成{self.yes}"

    @property
    def ballot_id(self) -> int | None:
        return int(self.ballot_reference) if self.ballot_reference.isdigit() else None


class StepRefusal(models.Model):
    """An attempt the procedure refused (too early, out of order …): the case is unchanged, the attempt is kept
    so a department can see where branches try to hurry."""

    case = models.ForeignKey(DevelopmentCase, on_delete=models.CASCADE, related_name="refusals")
    kind = models.CharField(_("步骤"), max_length=30, choices=DevelopmentStep.Kind.choices)
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


class EvaluationRound(models.Model):
    """A branch's democratic evaluation of the year (民主评议党员): its three parts and their dates."""

    organization = models.ForeignKey(Organization, verbose_name=_("党支部"), on_delete=models.PROTECT,
                                     related_name="evaluation_rounds")
    year = models.PositiveSmallIntegerField(_("年度"))
    self_assessed_on = models.DateField(_("个人自评日期"))
    mutually_evaluated_on = models.DateField(_("党员互评日期"))
    voted_on = models.DateField(_("民主测评（表决）日期"))
    note = models.TextField(_("情况说明"), blank=True)
    org_path = models.CharField(max_length=255, editable=False, default="")

    class Meta:
        verbose_name = _("民主评议")
        verbose_name_plural = _("民主评议")
        ordering = ["-year", "org_path"]
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="evaluation_once_a_year")]

    def __str__(self) -> str:
        return f"{self.organization}{self.year}年民主评议"

    def save(self, *args, **kwargs):
        self.org_path = self.organization.path
        super().save(*args, **kwargs)


class AnnualEvaluation(models.Model):
    """One member's result in the year's democratic evaluation; a probationary member takes part ungraded."""

    class Grade(models.TextChoices):
        EXCELLENT = "excellent", _("优秀")
        QUALIFIED = "qualified", _("合格")
        BASICALLY_QUALIFIED = "basically_qualified", _("基本合格")
        UNQUALIFIED = "unqualified", _("不合格")

    round = models.ForeignKey(EvaluationRound, on_delete=models.CASCADE, related_name="results")
    member = models.ForeignKey(Member, verbose_name=_("党员"), on_delete=models.PROTECT, related_name="evaluations")
    grade = models.CharField(_("等次"), max_length=30, choices=Grade.choices, blank=True)
    excellent_votes = models.PositiveIntegerField(_("“优秀”得票"), null=True, blank=True)

    class Meta:
        verbose_name = _("民主评议结果")
        verbose_name_plural = _("民主评议结果")
        constraints = [models.UniqueConstraint(fields=["round", "member"], name="evaluation_result_once")]

    def __str__(self) -> str:
        return f"{self.member}：{self.get_grade_display() or '不评定等次'}"
