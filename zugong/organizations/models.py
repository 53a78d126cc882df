"""The organization tree (党组织), work units (单位), elections and terms (换届), flags (软弱涣散, 示范点)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zugong.core.tree import InTreeQuerySet


class OrganizationQuerySet(InTreeQuerySet):
    def open(self) -> "OrganizationQuerySet":
        return self.filter(is_closed=False)


class Organization(models.Model):
    class Kind(models.TextChoices):
        COMMITTEE = "committee", _("党委")
        WORKING_COMMITTEE = "working_committee", _("党工委")
        GENERAL_BRANCH = "general_branch", _("党总支")
        BRANCH = "branch", _("党支部")
        JOINT_BRANCH = "joint_branch", _("联合党支部")
        TEMPORARY_BRANCH = "temporary_branch", _("临时党支部")
        MOBILE_BRANCH = "mobile_branch", _("流动党支部")
        GROUP = "group", _("党小组")

    class Sector(models.TextChoices):
        RURAL = "rural", _("农村")
        COMMUNITY = "community", _("社区")
        AGENCY = "agency", _("机关")
        INSTITUTION = "institution", _("事业单位")
        STATE_ENTERPRISE = "state_enterprise", _("国有企业")
        PRIVATE_ENTERPRISE = "private_enterprise", _("非公企业")
        SOCIAL_ORG = "social_org", _("社会组织")
        SCHOOL = "school", _("学校")

    # Kinds that hold no elected committee of their own.
    KINDS_WITHOUT_TERM = frozenset({Kind.GROUP, Kind.TEMPORARY_BRANCH})
    # Kinds that may not have sub-organizations.
    LEAF_KINDS = frozenset({Kind.GROUP})
    # Kinds a branch-level organization may contain (only groups).
    BRANCH_KINDS = frozenset({Kind.BRANCH, Kind.JOINT_BRANCH, Kind.TEMPORARY_BRANCH, Kind.MOBILE_BRANCH})

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("组织类别"), max_length=20, choices=Kind.choices)
    sector = models.CharField(_("所属领域"), max_length=20, choices=Sector.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级党组织", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=1, editable=False)
    founded_on = models.DateField(_("成立日期"), null=True, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    is_closed = models.BooleanField(_("已撤销"), default=False)
    closed_on = models.DateField(_("撤销日期"), null=True, blank=True)
    close_reason = models.CharField(_("撤销原因"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("党组织")
        verbose_name_plural = _("党组织")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"],
                condition=models.Q(is_closed=False),
                name="unique_open_organization_name_per_parent",
                violation_error_message=_("同一上级党组织下已有同名的党组织"),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organizations:detail", args=[self.pk])

    @property
    def has_term(self) -> bool:
        return self.kind not in self.KINDS_WITHOUT_TERM

    def ancestors(self) -> models.QuerySet:
        from zugong.core.tree import path_ids

        return Organization.objects.filter(pk__in=path_ids(self.path)[:-1]).order_by("depth")

    def descendants(self) -> OrganizationQuerySet:
        return Organization.objects.under(self.path).exclude(pk=self.pk)


class WorkUnit(models.Model):
    class Kind(models.TextChoices):
        VILLAGE = "village", _("行政村")
        COMMUNITY = "community", _("社区")
        AGENCY = "agency", _("机关")
        INSTITUTION = "institution", _("事业单位")
        STATE_ENTERPRISE = "state_enterprise", _("国有企业")
        PRIVATE_ENTERPRISE = "private_enterprise", _("非公企业")
        SCHOOL = "school", _("学校")
        SOCIAL_ORG = "social_org", _("社会组织")

    ENTERPRISE_KINDS = frozenset({Kind.STATE_ENTERPRISE, Kind.PRIVATE_ENTERPRISE})

    name = models.CharField(_("单位名称"), max_length=150)
    kind = models.CharField(_("单位类别"), max_length=20, choices=Kind.choices)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    employee_count = models.PositiveIntegerField(_("从业人员数"), null=True, blank=True)
    is_above_scale = models.BooleanField(_("规模以上"), default=False)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    managed_by = models.ForeignKey(
        Organization,
        verbose_name=_("主管党组织"),
        on_delete=models.PROTECT,
        related_name="managed_units",
        help_text=_("负责该单位党建工作的党组织，决定谁能看到和修改它"),
    )
    covered_by = models.ForeignKey(
        Organization,
        verbose_name=_("覆盖的党组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="work_units",
        help_text=_("单位自己的党组织，或联建、挂靠的党组织；尚未覆盖则留空"),
    )
    is_closed = models.BooleanField(_("已注销"), default=False)
    closed_on = models.DateField(_("注销日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organizations:unit_detail", args=[self.pk])


class Election(models.Model):
    class Method(models.TextChoices):
        MEMBERS_MEETING = "members_meeting", _("党员大会选举")
        DELEGATES_CONGRESS = "delegates_congress", _("党员代表大会选举")
        OPEN_NOMINATION_DIRECT = "open_nomination_direct", _("公推直选")

    organization = models.ForeignKey(
        Organization, verbose_name=_("党组织"), on_delete=models.PROTECT, related_name="elections"
    )
    elected_on = models.DateField(_("选举日期"))
    method = models.CharField(_("选举方式"), max_length=30, choices=Method.choices, default=Method.MEMBERS_MEETING)
    term_years = models.PositiveSmallIntegerField(_("任期（年）"))
    term_ends_on = models.DateField(_("届满日期"))
    seats = models.PositiveSmallIntegerField(_("应选名额"))
    candidates_count = models.PositiveSmallIntegerField(_("候选人数"))
    notes = models.CharField(_("备注"), max_length=300, blank=True)
    # The sealed ballot (ballots module) the figures and candidates were copied from; empty for a hand record.
    ballot_reference = models.CharField(max_length=64, blank=True, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("换届选举")
        verbose_name_plural = _("换届选举")
        ordering = ["-elected_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(term_ends_on__gt=models.F("elected_on")), name="election_term_ends_after_start",
                violation_error_message=_("届满日期不能早于选举日期"),
            ),
            models.CheckConstraint(
                condition=models.Q(candidates_count__gte=models.F("seats")), name="election_candidates_cover_seats",
                violation_error_message=_("候选人数不能少于应选名额"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.elected_on:%Y年%m月} 换届"

    def get_absolute_url(self) -> str:
        return reverse("organizations:election_detail", args=[self.organization_id, self.pk])

    @property
    def is_competitive(self) -> bool:
        return self.candidates_count > self.seats

    @property
    def ballot_id(self) -> int | None:
        return int(self.ballot_reference) if self.ballot_reference.isdigit() else None

class ElectionCandidate(models.Model):
    """A candidate of an election recorded from a ballot: a person (of the register when known), the votes and
    whether elected. Hand-recorded elections have none (they keep only the counts)."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="candidates")
    position = models.PositiveSmallIntegerField(_("序号"))
    name = models.CharField(_("候选人"), max_length=100)
    member = models.ForeignKey("members.Member", verbose_name=_("党员名册记录"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    votes = models.PositiveIntegerField(_("得票"))
    elected = models.BooleanField(_("当选"), default=False)
    written_in = models.BooleanField(_("另选他人"), default=False)

    class Meta:
        verbose_name = _("换届选举候选人")
        verbose_name_plural = _("换届选举候选人")
        ordering = ["election", "position"]
        constraints = [models.UniqueConstraint(fields=["election", "position"], name="election_candidate_position")]

    def __str__(self) -> str:
        return self.name


class CommitteeMember(models.Model):
    class Position(models.TextChoices):
        SECRETARY = "secretary", _("书记")
        DEPUTY_SECRETARY = "deputy_secretary", _("副书记")
        MEMBER = "member", _("委员")

    organization = models.ForeignKey(
        Organization, verbose_name=_("党组织"), on_delete=models.CASCADE, related_name="committee_members"
    )
    election = models.ForeignKey(
        Election, verbose_name=_("选举"), null=True, blank=True, on_delete=models.SET_NULL, related_name="elected"
    )
    name = models.CharField(_("姓名"), max_length=50)
    position = models.CharField(_("职务"), max_length=20, choices=Position.choices)
    started_on = models.DateField(_("任职日期"))
    ended_on = models.DateField(_("离任日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("班子成员")
        verbose_name_plural = _("班子成员")
        ordering = ["ended_on", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_position_display()}）"


class Rectification(models.Model):
    organization = models.ForeignKey(
        Organization, verbose_name=_("党组织"), on_delete=models.PROTECT, related_name="rectifications"
    )
    started_on = models.DateField(_("列入整顿日期"))
    reason = models.CharField(_("软弱涣散原因"), max_length=300)
    plan = models.TextField(_("整顿措施"), blank=True)
    closed_on = models.DateField(_("销号日期"), null=True, blank=True)
    close_note = models.CharField(_("销号说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("软弱涣散整顿")
        verbose_name_plural = _("软弱涣散整顿")
        ordering = ["-started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization"], condition=models.Q(closed_on__isnull=True), name="one_open_rectification",
                violation_error_message=_("该党组织已在软弱涣散整顿中"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} 软弱涣散整顿（{self.started_on}）"


class DemonstrationSite(models.Model):
    class Level(models.TextChoices):
        COUNTY = "county", _("县级")
        CITY = "city", _("市级")
        PROVINCE = "province", _("省级")

    organization = models.ForeignKey(
        Organization, verbose_name=_("党组织"), on_delete=models.PROTECT, related_name="demonstration_sites"
    )
    level = models.CharField(_("级别"), max_length=10, choices=Level.choices)
    title = models.CharField(_("示范点名称"), max_length=100)
    named_on = models.DateField(_("命名日期"))
    revoked_on = models.DateField(_("撤销日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("示范点")
        verbose_name_plural = _("示范点")
        ordering = ["-named_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "level"], condition=models.Q(revoked_on__isnull=True),
                name="one_current_site_per_level", violation_error_message=_("该党组织已是该级别的示范点"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()}{self.title}"
