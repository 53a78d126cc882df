"""Branch work (支部工作): meetings of 三会一课 and the 主题党日 (5+N 党员活动日) with who attended, and the
四议两公开 procedure of a village's major decisions.

Terms: meeting 会议 (``Meeting.Kind``: 支部党员大会, 支部委员会, 党小组会, 党课, 组织生活会, 民主生活会, 主题党日, 学习日),
attendance 出席情况 (出席 / 请假 / 缺席, a reason unless present), roll 应到名单 (the rows of ``Attendance``),
study day 学习日 (a branch's regular day of study, seeds 000 周五学习日 and 003 星期四学习日: recorded from the
education pages through ``study_days``, its roll the one record of who attended), quorum 法定人数 (a general
meeting: more than half of the full members present), theme-day item 活动内容 (the department's fixed items
``ThemeDayItem`` — the "5" — and the branch's own, the "N"), village decision 村级重大事项 (``VillageDecision``)
and its steps (``DecisionStep``: 党支部提议 → 两委商议 → 党员大会审议 → 村民（代表）会议决议 → 决议公开 →
实施结果公开).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zugong.core.tree import InTreeQuerySet
from zugong.members.models import Member
from zugong.organizations.models import Organization

# Files kept with a meeting's record (会议记录扫描件、照片、课件): what a secretary has at hand.
DOCUMENT_EXTENSIONS = (".pdf", ".jpg", ".jpeg", ".png", ".docx", ".doc", ".xlsx", ".pptx")


class MeetingQuerySet(InTreeQuerySet):
    path_field = "org_path"


class Meeting(models.Model):
    """One meeting of an organization: 三会一课, 组织生活会, 民主生活会, a 主题党日 or a 学习日, with its roll in
    ``Attendance``."""

    class Kind(models.TextChoices):
        GENERAL_MEETING = "general_meeting", _("支部党员大会")
        COMMITTEE = "committee", _("支部委员会")
        GROUP = "group", _("党小组会")
        LECTURE = "lecture", _("党课")
        LIFE_MEETING = "life_meeting", _("组织生活会")
        DEMOCRATIC_LIFE = "democratic_life", _("民主生活会")
        THEME_DAY = "theme_day", _("主题党日（5+N 党员活动日）")
        STUDY_DAY = "study_day", _("学习日")

    organization = models.ForeignKey(Organization, verbose_name=_("党组织"), on_delete=models.PROTECT,
                                     related_name="meetings")
    org_path = models.CharField(max_length=255, editable=False, default="")
    kind = models.CharField(_("会议类型"), max_length=20, choices=Kind.choices)
    held_on = models.DateField(_("召开日期"))
    topic = models.CharField(_("主题"), max_length=200)
    lecturer = models.CharField(_("授课人"), max_length=50, blank=True, help_text=_("党课：讲课的人"))
    minutes = models.TextField(_("会议记录"), max_length=10000, blank=True)
    resolutions = models.TextField(_("决议事项"), max_length=5000, blank=True)
    document = models.FileField(_("附件"), upload_to="branchlife/%Y/", max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("会议")
        verbose_name_plural = _("会议")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["kind", "held_on", "org_path"], name="meeting_kind_day_path")]
        constraints = [
            models.CheckConstraint(condition=~Q(kind="lecture") | ~Q(lecturer=""), name="meeting_lecture_has_lecturer"),
        ]

    def __str__(self) -> str:
        return f"{self.held_on} {self.get_kind_display()}：{self.topic}"

    def save(self, *args, **kwargs):
        self.org_path = self.organization.path
        super().save(*args, **kwargs)


class Attendance(models.Model):
    """One member on a meeting's roll: present, excused (请假) or absent (缺席), with the reason unless present."""

    class Status(models.TextChoices):
        PRESENT = "present", _("出席")
        EXCUSED = "excused", _("请假")
        ABSENT = "absent", _("缺席")

    meeting = models.ForeignKey(Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(Member, verbose_name=_("党员"), on_delete=models.PROTECT, related_name="attendance")
    status = models.CharField(_("出席情况"), max_length=10, choices=Status.choices)
    reason = models.CharField(_("请假或缺席原因"), max_length=200, blank=True)
    # A full member (正式党员) on the day, who may vote: a general meeting's quorum is counted over them.
    may_vote = models.BooleanField(_("有表决权"), default=False)

    class Meta:
        verbose_name = _("出席情况")
        verbose_name_plural = _("出席情况")
        ordering = ["meeting", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="attendance_once_per_member"),
            models.CheckConstraint(condition=Q(status="present") | ~Q(reason=""),
                                   name="attendance_reason_unless_present"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.get_status_display()}"


class ThemeDayItem(models.Model):
    """One of the fixed items (the "5") every 主题党日 carries out, kept by the department as data."""

    name = models.CharField(_("活动内容"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("主题党日规定动作")
        verbose_name_plural = _("主题党日规定动作")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class ThemeDayActivity(models.Model):
    """What a 主题党日 did: a fixed item (``item`` set, its name copied so a renamed item leaves history alone) or
    one of the branch's own items (the "N", ``item`` empty)."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="activities")
    item = models.ForeignKey(ThemeDayItem, verbose_name=_("规定动作"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    name = models.CharField(_("活动内容"), max_length=100)

    class Meta:
        verbose_name = _("主题党日活动内容")
        verbose_name_plural = _("主题党日活动内容")
        ordering = ["meeting", "pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "name"], name="themeday_activity_once")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_fixed(self) -> bool:
        return self.item_id is not None


class VillageDecisionQuerySet(InTreeQuerySet):
    path_field = "org_path"


class VillageDecision(models.Model):
    """A village's major matter decided by 四议两公开; its steps are ``DecisionStep`` rows, the last one copied here."""

    class Step(models.TextChoices):
        PROPOSAL = "proposal", _("党支部提议")
        CONSULTATION = "consultation", _("两委商议")
        REVIEW = "review", _("党员大会审议")
        RESOLUTION = "resolution", _("村民（代表）会议决议")
        RESOLUTION_PUBLIC = "resolution_public", _("决议公开")
        RESULT_PUBLIC = "result_public", _("实施结果公开")

    organization = models.ForeignKey(Organization, verbose_name=_("村党组织"), on_delete=models.PROTECT,
                                     related_name="village_decisions")
    org_path = models.CharField(max_length=255, editable=False, default="")
    title = models.CharField(_("事项"), max_length=200)
    content = models.TextField(_("事项内容"), max_length=5000, blank=True)
    last_step = models.CharField(_("已办理到"), max_length=20, choices=Step.choices, blank=True, editable=False)
    last_step_on = models.DateField(_("最近步骤日期"), null=True, blank=True, editable=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VillageDecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("四议两公开事项")
        verbose_name_plural = _("四议两公开事项")
        ordering = ["-last_step_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.org_path = self.organization.path
        super().save(*args, **kwargs)

    @property
    def is_done(self) -> bool:
        return self.last_step == self.Step.RESULT_PUBLIC


class DecisionStep(models.Model):
    """One step of 四议两公开 as it was taken: its day, a note, and for 党员大会审议 the general meeting it was."""

    decision = models.ForeignKey(VillageDecision, verbose_name=_("事项"), on_delete=models.CASCADE,
                                 related_name="steps")
    kind = models.CharField(_("步骤"), max_length=20, choices=VillageDecision.Step.choices)
    done_on = models.DateField(_("日期"))
    note = models.CharField(_("情况说明"), max_length=500, blank=True)
    meeting = models.ForeignKey(Meeting, verbose_name=_("支部党员大会"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="decision_steps")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("四议两公开步骤")
        verbose_name_plural = _("四议两公开步骤")
        ordering = ["decision", "done_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "kind"], name="decision_step_once"),
            models.CheckConstraint(condition=Q(meeting__isnull=True) | Q(kind="review"),
                                   name="decision_step_meeting_only_for_review"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.done_on}"
