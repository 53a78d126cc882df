"""Themed campaigns (主题实践活动): seed 000's 三抓三促 — a campaign in phases, work groups of cadres each helping one
weak village, leaders' and organization cadres' contact points (联系点), leaders' visits (深入基层), tasks with
deadlines to the day (the 五个一 from a template), their reports and review, inspections (督查、明察暗访) with the
rectification asked per unit, and bulletins (通报) generated from the data, edited and issued with a number.

Terms: campaign 活动, phase 阶段, work group 工作组, contact point 联系点, visit 走访, task 任务, task report 任务报送,
review 审核（通过 / 退回）, inspection 督查, finding per unit 督查发现的问题, rectification 整改, bulletin 通报.
Every record that belongs to an organization copies its path (``org_path``) and follows moves.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zugong.cadres.models import Cadre
from zugong.core.tree import InTreeQuerySet
from zugong.organizations.models import Organization, WorkUnit


class PathQuerySet(InTreeQuerySet):
    path_field = "org_path"


class Campaign(models.Model):
    """A campaign run by the organization that owns it (the department, or any organization in its scope)."""

    title = models.CharField(_("活动名称"), max_length=100)
    organization = models.ForeignKey(Organization, verbose_name=_("牵头组织"), on_delete=models.PROTECT,
                                     related_name="campaigns")
    org_path = models.CharField(max_length=255, editable=False, default="")
    goals = models.TextField(_("活动目标"), max_length=5000, blank=True)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    # Subtree roots the campaign covers; none: the owning organization's whole subtree.
    covers = models.ManyToManyField(Organization, verbose_name=_("覆盖范围"), blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("创建人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PathQuerySet.as_manager()

    class Meta:
        verbose_name = _("主题实践活动")
        verbose_name_plural = _("主题实践活动")
        ordering = ["-starts_on", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")),
                                              name="campaign_ends_after_start",
                                              violation_error_message=_("结束日期不能早于开始日期"))]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.org_path = self.organization.path
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("campaigns:detail", args=[self.pk])

    def covered_paths(self) -> list[str]:
        """The subtree roots the campaign covers: the chosen ones, or without any its organization's whole subtree."""
        return [o.path for o in self.covers.all()] or [self.org_path]


class Phase(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="phases")
    position = models.PositiveSmallIntegerField(_("序号"))
    name = models.CharField(_("阶段名称"), max_length=50)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    description = models.CharField(_("主要工作"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("活动阶段")
        verbose_name_plural = _("活动阶段")
        ordering = ["campaign", "position"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "position"], name="campaign_phase_position",
                                    violation_error_message=_("该活动已有这个序号的阶段")),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="campaign_phase_ends_after_start",
                                   violation_error_message=_("阶段结束日期不能早于开始日期")),
        ]

    def __str__(self) -> str:
        return self.name


class WorkGroup(models.Model):
    """A work group (工作组): a leading unit, its leader and 3–5 cadres (a policy), helping one village."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("工作组名称"), max_length=100)
    leader_unit = models.ForeignKey(WorkUnit, verbose_name=_("牵头单位"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    leader_organization = models.ForeignKey(Organization, verbose_name=_("牵头党组织"), null=True, blank=True,
                                            on_delete=models.PROTECT, related_name="+")
    leader = models.ForeignKey(Cadre, verbose_name=_("组长"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    members = models.ManyToManyField(Cadre, verbose_name=_("工作组成员"), blank=True,
                                     related_name="campaign_groups")
    village = models.ForeignKey(Organization, verbose_name=_("帮扶村（党组织）"), on_delete=models.PROTECT,
                                related_name="campaign_groups")
    org_path = models.CharField(max_length=255, editable=False, default="")
    arrived_on = models.DateField(_("进村日期"), null=True, blank=True)

    objects = PathQuerySet.as_manager()

    class Meta:
        verbose_name = _("工作组")
        verbose_name_plural = _("工作组")
        ordering = ["campaign", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "village"], name="campaign_group_one_per_village",
                                    violation_error_message=_("该村在本活动中已有工作组")),
            models.CheckConstraint(condition=Q(leader_unit__isnull=False) | Q(leader_organization__isnull=False),
                                   name="campaign_group_has_leader_unit",
                                   violation_error_message=_("须填写牵头单位或牵头党组织")),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.org_path = self.village.path
        super().save(*args, **kwargs)

    @property
    def leading(self) -> str:
        return str(self.leader_unit or self.leader_organization or "")


class ContactPoint(models.Model):
    """One contact point (联系点) of a leader (挂点) or an organization cadre (组工干部联系点)."""

    class Holder(models.TextChoices):
        LEADER = "leader", _("县级领导挂点")
        ORGANIZATION_CADRE = "organization_cadre", _("组工干部联系点")

    class Kind(models.TextChoices):
        TOWNSHIP = "township", _("乡镇")
        VILLAGE = "village", _("村")
        ENTERPRISE = "enterprise", _("企业")
        SCHOOL = "school", _("学校")
        SOCIAL_ORG = "social_org", _("社会组织")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="contact_points")
    cadre = models.ForeignKey(Cadre, verbose_name=_("干部"), on_delete=models.PROTECT, related_name="contact_points")
    holder = models.CharField(_("联系类别"), max_length=20, choices=Holder.choices)
    kind = models.CharField(_("联系点类别"), max_length=20, choices=Kind.choices)
    organization = models.ForeignKey(Organization, verbose_name=_("联系点（党组织）"), on_delete=models.PROTECT,
                                     related_name="+")
    org_path = models.CharField(max_length=255, editable=False, default="")

    objects = PathQuerySet.as_manager()

    class Meta:
        verbose_name = _("联系点")
        verbose_name_plural = _("联系点")
        ordering = ["campaign", "cadre", "kind", "pk"]
        constraints = [models.UniqueConstraint(fields=["campaign", "cadre", "organization"],
                                               name="campaign_contact_point_once",
                                               violation_error_message=_("该干部已联系这个组织"))]

    def __str__(self) -> str:
        return f"{self.cadre}：{self.organization}"

    def save(self, *args, **kwargs):
        self.org_path = self.organization.path
        super().save(*args, **kwargs)


class Visit(models.Model):
    """A leader's visit to the grassroots (深入基层), logged: who, where, when, what."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="visits")
    cadre = models.ForeignKey(Cadre, verbose_name=_("领导干部"), on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey(Organization, verbose_name=_("走访地点（党组织）"), on_delete=models.PROTECT,
                                     related_name="+")
    org_path = models.CharField(max_length=255, editable=False, default="")
    visited_on = models.DateField(_("走访日期"))
    purpose = models.CharField(_("走访事项"), max_length=300)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    objects = PathQuerySet.as_manager()

    class Meta:
        verbose_name = _("领导走访")
        verbose_name_plural = _("领导走访")
        ordering = ["-visited_on", "-pk"]
        indexes = [models.Index(fields=["campaign", "cadre", "visited_on"], name="campaign_visit_by_month")]

    def __str__(self) -> str:
        return f"{self.cadre} {self.visited_on} {self.organization}"

    def save(self, *args, **kwargs):
        self.org_path = self.organization.path
        super().save(*args, **kwargs)


class TaskTemplate(models.Model):
    """A set of tasks given together (seed 000: the 五个一), kept as data."""

    name = models.CharField(_("任务模板名称"), max_length=100, unique=True)
    description = models.CharField(_("说明"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("任务模板")
        verbose_name_plural = _("任务模板")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TaskTemplateItem(models.Model):
    template = models.ForeignKey(TaskTemplate, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("序号"))
    title = models.CharField(_("任务名称"), max_length=200)
    description = models.CharField(_("任务要求"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("模板任务")
        verbose_name_plural = _("模板任务")
        ordering = ["template", "position"]
        constraints = [models.UniqueConstraint(fields=["template", "position"], name="campaign_template_item_position")]

    def __str__(self) -> str:
        return self.title


class Task(models.Model):
    """A task owed by an organization (a unit or a village), or by a work group (then owed at its village)."""

    class Status(models.TextChoices):
        OPEN = "open", _("待报送")
        REPORTED = "reported", _("已报送，待审核")
        RETURNED = "returned", _("已退回，待重报")
        ACCEPTED = "accepted", _("已通过")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="tasks")
    phase = models.ForeignKey(Phase, verbose_name=_("所属阶段"), null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="tasks")
    template_item = models.ForeignKey(TaskTemplateItem, verbose_name=_("模板任务"), null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(_("任务名称"), max_length=200)
    description = models.CharField(_("任务要求"), max_length=1000, blank=True)
    deadline = models.DateField(_("完成期限"))
    organization = models.ForeignKey(Organization, verbose_name=_("承担单位（党组织）"), on_delete=models.PROTECT,
                                     related_name="campaign_tasks")
    group = models.ForeignKey(WorkGroup, verbose_name=_("承担工作组"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="tasks")
    org_path = models.CharField(max_length=255, editable=False, default="")
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.OPEN)
    reported_on = models.DateField(_("报送日期"), null=True, blank=True)
    accepted_on = models.DateField(_("通过日期"), null=True, blank=True)
    returned_on = models.DateField(_("退回日期"), null=True, blank=True)
    return_reason = models.CharField(_("退回理由"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PathQuerySet.as_manager()

    class Meta:
        verbose_name = _("活动任务")
        verbose_name_plural = _("活动任务")
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["status", "org_path"], name="campaign_task_status_path"),
                   models.Index(fields=["campaign", "status"], name="campaign_task_campaign_status")]
        constraints = [
            models.CheckConstraint(condition=~Q(status="returned") | ~Q(return_reason=""),
                                   name="campaign_task_returned_has_reason",
                                   violation_error_message=_("退回须写明理由")),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.organization}）"

    def save(self, *args, **kwargs):
        self.org_path = self.organization.path
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("campaigns:task", args=[self.pk])


class TaskReport(models.Model):
    """One report of a task (报送): text, numbers and files; reviewed once (通过 / 退回 with a reason)."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("待审核")
        ACCEPTED = "accepted", _("通过")
        RETURNED = "returned", _("退回")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports")
    text = models.TextField(_("完成情况"), max_length=5000)
    quantity = models.PositiveIntegerField(_("完成数量（件、户、人）"), null=True, blank=True)
    amount = models.DecimalField(_("涉及金额（万元）"), max_digits=10, decimal_places=2, null=True, blank=True)
    submitted_on = models.DateField(_("报送日期"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("报送人"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    outcome = models.CharField(_("审核结果"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    reviewed_on = models.DateField(_("审核日期"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    return_reason = models.CharField(_("退回理由"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("任务报送")
        verbose_name_plural = _("任务报送")
        ordering = ["task", "-submitted_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__isnull=True) | Q(amount__gte=0),
                                   name="campaign_report_amount_not_negative",
                                   violation_error_message=_("涉及金额不能为负数")),
            models.CheckConstraint(condition=~Q(outcome="returned") | ~Q(return_reason=""),
                                   name="campaign_report_returned_has_reason",
                                   violation_error_message=_("退回须写明理由")),
        ]

    def __str__(self) -> str:
        return f"{self.task.title} {self.submitted_on}"


def _report_file_path(instance: "TaskFile", filename: str) -> str:
    return f"campaigns/{instance.report_id}/{instance.token}{instance.extension}"


class TaskFile(models.Model):
    """A photo or document given with a report: sniffed by content, size-capped, images without metadata."""

    report = models.ForeignKey(TaskReport, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("文件"), upload_to=_report_file_path, max_length=200)
    token = models.CharField(max_length=32, editable=False)
    extension = models.CharField(max_length=10, editable=False)
    kind = models.CharField(_("文件类型"), max_length=20)
    size = models.PositiveIntegerField(_("大小（字节）"))
    name = models.CharField(_("原文件名"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("报送材料")
        verbose_name_plural = _("报送材料")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name or self.kind


class Inspection(models.Model):
    """An inspection (督查): planned (明察) or unannounced (暗访), over some units, with findings per unit."""

    class Kind(models.TextChoices):
        PLANNED = "planned", _("明察（事先通知）")
        UNANNOUNCED = "unannounced", _("暗访（不打招呼）")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="inspections")
    title = models.CharField(_("督查名称"), max_length=100)
    kind = models.CharField(_("督查方式"), max_length=20, choices=Kind.choices)
    started_on = models.DateField(_("开始日期"))
    ended_on = models.DateField(_("结束日期"))
    inspectors = models.CharField(_("督查组成员"), max_length=200, blank=True)
    summary = models.TextField(_("总体情况"), max_length=5000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("督查")
        verbose_name_plural = _("督查")
        ordering = ["-started_on", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(ended_on__gte=F("started_on")),
                                              name="campaign_inspection_ends_after_start",
                                              violation_error_message=_("结束日期不能早于开始日期"))]

    def __str__(self) -> str:
        return self.title


class InspectionFinding(models.Model):
    """What an inspection found at one unit, the rectification asked (by a day) and its follow-up."""

    class Rating(models.TextChoices):
        GOOD = "good", _("好")
        FAIR = "fair", _("一般")
        POOR = "poor", _("差")

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    organization = models.ForeignKey(Organization, verbose_name=_("被督查单位（党组织）"), on_delete=models.PROTECT,
                                     related_name="+")
    org_path = models.CharField(max_length=255, editable=False, default="")
    rating = models.CharField(_("评价"), max_length=10, choices=Rating.choices)
    found = models.TextField(_("发现的问题"), max_length=2000, blank=True)
    rectification = models.CharField(_("整改要求"), max_length=500, blank=True)
    rectify_by = models.DateField(_("整改期限"), null=True, blank=True)
    rectified_on = models.DateField(_("整改完成日期"), null=True, blank=True)
    rectification_note = models.CharField(_("整改情况"), max_length=500, blank=True)

    objects = PathQuerySet.as_manager()

    class Meta:
        verbose_name = _("督查发现")
        verbose_name_plural = _("督查发现")
        ordering = ["inspection", "org_path", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "organization"], name="campaign_finding_once_per_unit",
                                    violation_error_message=_("本次督查已登记过该单位")),
            models.CheckConstraint(condition=Q(rectification="") | Q(rectify_by__isnull=False),
                                   name="campaign_finding_rectification_has_deadline",
                                   violation_error_message=_("提出整改要求须写明整改期限")),
        ]

    def __str__(self) -> str:
        return f"{self.inspection}：{self.organization}"

    def save(self, *args, **kwargs):
        self.org_path = self.organization.path
        super().save(*args, **kwargs)


class Bulletin(models.Model):
    """A bulletin (通报): drafted from the data, edited, issued with its number; frozen once issued."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        ISSUED = "issued", _("已印发")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="bulletins")
    title = models.CharField(_("通报标题"), max_length=100)
    body = models.TextField(_("通报正文"), max_length=20000)
    as_of = models.DateField(_("统计截止日期"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    year = models.PositiveIntegerField(_("年度"), null=True, blank=True)
    serial = models.PositiveIntegerField(_("期号"), null=True, blank=True)
    issued_on = models.DateField(_("印发日期"), null=True, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("印发人"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    concerns = models.ManyToManyField(Organization, verbose_name=_("涉及单位"), blank=True,
                                      related_name="campaign_bulletins")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("通报")
        verbose_name_plural = _("通报")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "year", "serial"], condition=Q(serial__isnull=False),
                                    name="campaign_bulletin_number_once",
                                    violation_error_message=_("该期号已被使用")),
            models.CheckConstraint(condition=Q(status="draft") | (Q(serial__isnull=False) & Q(issued_on__isnull=False)),
                                   name="campaign_bulletin_issued_has_number",
                                   violation_error_message=_("印发的通报须有期号和印发日期")),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("campaigns:bulletin", args=[self.pk])

    @property
    def number(self) -> str:
        """第3期（2026年）; empty for a draft."""
        return gettext("{year}年第{serial}期").format(year=self.year, serial=self.serial) if self.serial else ""
