"""Member education and care (党员教育管理): pledges, the 100-point score, care allowance.

Study days (学习日) are branch meetings (``branchlife.Meeting`` of kind 学习日, ``branchlife.study_days``): who
attended is their roll in ``branchlife.Attendance``, the one record of attendance the score counts.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zugong.branchlife.models import Meeting
from zugong.members.models import Member

K = Meeting.Kind
# The meetings an attendance item counts unless the department says otherwise: 参加组织生活和学习 — the study days,
# 三会一课 a member attends (general meeting, group meeting, party lecture), the organizational life meeting and the
# theme day. Committee meetings and 民主生活会 are a leadership's, not every member's.
ATTENDANCE_KINDS = (K.STUDY_DAY, K.GENERAL_MEETING, K.GROUP, K.LECTURE, K.LIFE_MEETING, K.THEME_DAY)


def default_attendance_kinds() -> list[str]:
    return [str(kind) for kind in ATTENDANCE_KINDS]


class Pledge(models.Model):
    """A member's public pledge (公开承诺) for the year, the secretary's comment and the public's review."""

    class Review(models.TextChoices):
        SATISFIED = "satisfied", _("满意")
        FAIRLY = "fairly", _("基本满意")
        DISSATISFIED = "dissatisfied", _("不满意")

    member = models.ForeignKey(Member, verbose_name=_("党员"), on_delete=models.PROTECT, related_name="pledges")
    year = models.PositiveSmallIntegerField(_("年度"))
    content = models.CharField(_("承诺内容"), max_length=300)
    leader_comment = models.CharField(_("领导点评"), max_length=300, blank=True)
    public_review = models.CharField(_("群众评议"), max_length=20, choices=Review.choices, blank=True)
    kept = models.BooleanField(_("已践诺"), null=True, blank=True)

    class Meta:
        verbose_name = _("公开承诺")
        verbose_name_plural = _("公开承诺")
        ordering = ["-year", "member__name", "pk"]

    def __str__(self) -> str:
        return self.content


class ScoreItem(models.Model):
    """One line of the 100-point scheme, edited by the department: computed from records, or entered."""

    class Source(models.TextChoices):
        ATTENDANCE = "attendance", _("按组织生活和学习日出勤计算")
        DUES = "dues", _("按党费按月交纳计算")
        PLEDGES = "pledges", _("按公开承诺践诺计算")
        ENTERED = "entered", _("由党支部录入")

    name = models.CharField(_("积分项目"), max_length=50, unique=True)
    max_points = models.PositiveSmallIntegerField(_("分值"))
    source = models.CharField(_("计分方式"), max_length=20, choices=Source.choices)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    # An attendance item: the kinds of meeting whose roll it counts (Meeting.Kind values).
    meeting_kinds = models.JSONField(_("计入出勤的会议类型"), default=default_attendance_kinds, blank=True)

    class Meta:
        verbose_name = _("积分项目")
        verbose_name_plural = _("积分项目")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return f"{self.name}（{self.max_points}分）"

    @property
    def counted_kinds(self) -> list:
        """The labels of the meeting kinds an attendance item counts (none for the other items)."""
        if self.source != self.Source.ATTENDANCE:
            return []
        return [K(kind).label for kind in self.meeting_kinds if kind in K.values]


class PointsEntry(models.Model):
    """Points a branch enters for a member and year: an entered item's points, or an addition/deduction."""

    member = models.ForeignKey(Member, verbose_name=_("党员"), on_delete=models.PROTECT, related_name="points_entries")
    year = models.PositiveSmallIntegerField(_("年度"))
    item = models.ForeignKey(ScoreItem, verbose_name=_("积分项目"), null=True, blank=True, on_delete=models.PROTECT,
                             help_text=_("留空为加分或扣分"))
    points = models.DecimalField(_("分数"), max_digits=5, decimal_places=1)
    reason = models.CharField(_("事由"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("积分登记")
        verbose_name_plural = _("积分登记")
        constraints = [models.UniqueConstraint(fields=["member", "year", "item"], condition=models.Q(item__isnull=False),
                                               name="points_entry_once_per_item")]

    def __str__(self) -> str:
        return f"{self.member} {self.year} {self.points}"


class CarePayment(models.Model):
    """One month of the care allowance (关爱金) paid to a member."""

    member = models.ForeignKey(Member, verbose_name=_("党员"), on_delete=models.PROTECT, related_name="care_payments")
    month = models.DateField(_("月份"))
    amount = models.DecimalField(_("金额（元）"), max_digits=8, decimal_places=2)
    paid_on = models.DateField(_("发放日期"))

    class Meta:
        verbose_name = _("关爱金发放")
        verbose_name_plural = _("关爱金发放")
        ordering = ["-month", "member__name"]
        constraints = [models.UniqueConstraint(fields=["member", "month"], name="care_payment_once_a_month")]

    def __str__(self) -> str:
        return f"{self.member} {self.month:%Y-%m} {self.amount}"


class MutualAidGrant(models.Model):
    """A mutual-aid grant (互助金) to a member in difficulty."""

    member = models.ForeignKey(Member, verbose_name=_("党员"), on_delete=models.PROTECT, related_name="aid_grants")
    granted_on = models.DateField(_("发放日期"))
    amount = models.DecimalField(_("金额（元）"), max_digits=10, decimal_places=2)
    reason = models.CharField(_("事由"), max_length=200)

    class Meta:
        verbose_name = _("互助金")
        verbose_name_plural = _("互助金")
        ordering = ["-granted_on"]

    def __str__(self) -> str:
        return f"{self.member} {self.amount}"


class CareVisit(models.Model):
    """A visit to an elderly or struggling member (走访慰问)."""

    member = models.ForeignKey(Member, verbose_name=_("党员"), on_delete=models.PROTECT, related_name="care_visits")
    visited_on = models.DateField(_("走访日期"))
    visitor = models.CharField(_("走访人"), max_length=100)
    note = models.CharField(_("情况"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("走访慰问")
        verbose_name_plural = _("走访慰问")
        ordering = ["-visited_on"]

    def __str__(self) -> str:
        return f"{self.member} {self.visited_on}"
