"""Cadres (干部): the 任免审批表 record of each cadre, the positions of the county, and who held which when.

A cadre's posts are ``Tenure`` rows on ``Position`` records, so the current post, the years in a post or a rank
and the years at grassroots are computed from dates, never typed. The form's text fields (resume, rewards,
family) are kept as the form has them, line by line.
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zugong.cadres.codes import POLITICAL_STATUSES, RELATIONS, Grade
from zugong.core.tree import InTreeQuerySet
from zugong.members.codes import ETHNICITY_CHOICES, HAN
from zugong.members.models import Member
from zugong.organizations.models import Organization


class Rank(models.TextChoices):
    """Levels of leadership posts (领导职务层次), lowest first; ``RANK_ORDER`` compares them."""

    STAFF = "staff", _("科员及以下")
    SECTION_DEPUTY = "section_deputy", _("乡科级副职")
    SECTION_HEAD = "section_head", _("乡科级正职")
    COUNTY_DEPUTY = "county_deputy", _("县处级副职")
    COUNTY_HEAD = "county_head", _("县处级正职")


RANK_ORDER = {rank: number for number, rank in enumerate(Rank)}
COUNTY_RANKS = frozenset({Rank.COUNTY_DEPUTY, Rank.COUNTY_HEAD})


class PositionQuerySet(InTreeQuerySet):
    path_field = "organization__path"


class Position(models.Model):
    """A post in an organization (党委书记 of a township, 局长 of an agency), with its rank."""

    organization = models.ForeignKey(Organization, verbose_name=_("所在党组织（单位）"), on_delete=models.PROTECT,
                                     related_name="positions")
    title = models.CharField(_("职务名称"), max_length=100)
    rank = models.CharField(_("职务层次"), max_length=20, choices=Rank.choices)
    grassroots = models.BooleanField(_("基层岗位"), default=False,
                                     help_text=_("乡镇（街道）、村（社区）及企事业单位基层一线的岗位，计入基层工作经历"))
    is_leading = models.BooleanField(_("领导职务"), default=True)
    closed_on = models.DateField(_("撤销日期"), null=True, blank=True)

    objects = PositionQuerySet.as_manager()

    class Meta:
        verbose_name = _("职位")
        verbose_name_plural = _("职位")
        ordering = ["organization__path", "-rank", "title"]
        constraints = [models.UniqueConstraint(fields=["organization", "title"], name="position_title_per_org")]

    def __str__(self) -> str:
        return self.title


class CadreQuerySet(InTreeQuerySet):
    path_field = "org_path"

    def serving(self) -> "CadreQuerySet":
        return self.filter(status=Cadre.Status.SERVING)


class Cadre(models.Model):
    """One cadre: the fields of the 任免审批表 that are not computed from other records."""

    class Status(models.TextChoices):
        SERVING = "serving", _("在职")
        RETIRED = "retired", _("退休")
        LEFT = "left", _("调出")

    class Gender(models.TextChoices):
        MALE = "男", _("男")
        FEMALE = "女", _("女")

    name = models.CharField(_("姓名"), max_length=50)
    gender = models.CharField(_("性别"), max_length=2, choices=Gender.choices)
    birth = models.DateField(_("出生年月"))  # first of the month: the form knows the month only
    ethnicity = models.CharField(_("民族"), max_length=2, choices=ETHNICITY_CHOICES, default=HAN)
    native_place = models.CharField(_("籍贯"), max_length=50, blank=True)
    birthplace = models.CharField(_("出生地"), max_length=50, blank=True)
    party_joined = models.DateField(_("入党时间"), null=True, blank=True)
    work_started = models.DateField(_("参加工作时间"), null=True, blank=True)
    health = models.CharField(_("健康状况"), max_length=50, blank=True)
    professional_title = models.CharField(_("专业技术职务"), max_length=100, blank=True)
    speciality = models.CharField(_("熟悉专业有何专长"), max_length=200, blank=True)
    full_time_level = models.CharField(_("全日制教育学历"), max_length=50, blank=True)
    full_time_degree = models.CharField(_("全日制教育学位"), max_length=50, blank=True)
    full_time_level_school = models.CharField(_("全日制学历毕业院校系及专业"), max_length=200, blank=True)
    full_time_degree_school = models.CharField(_("全日制学位毕业院校系及专业"), max_length=200, blank=True)
    in_service_level = models.CharField(_("在职教育学历"), max_length=50, blank=True)
    in_service_degree = models.CharField(_("在职教育学位"), max_length=50, blank=True)
    in_service_level_school = models.CharField(_("在职学历毕业院校系及专业"), max_length=200, blank=True)
    in_service_degree_school = models.CharField(_("在职学位毕业院校系及专业"), max_length=200, blank=True)
    # Only for a cadre whose post is not (yet) a Position here, e.g. read from another county's file.
    post_as_written = models.CharField(_("现任职务（文件所载）"), max_length=300, blank=True)
    proposed_post = models.CharField(_("拟任职务"), max_length=300, blank=True)
    proposed_removal = models.CharField(_("拟免职务"), max_length=300, blank=True)
    rewards_and_penalties = models.TextField(_("奖惩情况"), blank=True)
    # Results from before zugong kept them (read from a file); ``AnnualAssessment`` rows win for their years.
    assessments_as_written = models.CharField(_("年度考核结果（文件所载）"), max_length=300, blank=True)
    appointment_reason = models.TextField(_("任免理由"), blank=True)
    reporting_unit = models.CharField(_("呈报单位"), max_length=100, blank=True)
    age_as_of = models.DateField(_("计算年龄时间"), null=True, blank=True)
    filled_on = models.DateField(_("填表时间"), null=True, blank=True)
    filled_by = models.CharField(_("填表人"), max_length=50, blank=True)
    id_number = models.CharField(_("身份证号"), max_length=18, blank=True)
    photo = models.BinaryField(_("照片"), blank=True, default=b"")
    lrmx_version = models.CharField(_("LRMX 版本"), max_length=30, blank=True)
    organization = models.ForeignKey(Organization, verbose_name=_("管理单位"), on_delete=models.PROTECT,
                                     related_name="cadres")
    member = models.OneToOneField(Member, verbose_name=_("党员名册记录"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="cadre")
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.SERVING)
    org_path = models.CharField(max_length=255, editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CadreQuerySet.as_manager()

    class Meta:
        verbose_name = _("干部")
        verbose_name_plural = _("干部")
        ordering = ["org_path", "name", "pk"]
        indexes = [models.Index(fields=["status", "org_path"], name="cadre_status_path")]
        constraints = [models.UniqueConstraint(fields=["id_number"], condition=~models.Q(id_number=""),
                                               name="cadre_one_record_per_id_number",
                                               violation_error_message=_("已有该身份证号的干部"))]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.org_path = self.organization.path
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("cadres:detail", args=[self.pk])


class Tenure(models.Model):
    """A cadre in a position from a day to a day (``ended_on`` None: still in it)."""

    cadre = models.ForeignKey(Cadre, verbose_name=_("干部"), on_delete=models.CASCADE, related_name="tenures")
    position = models.ForeignKey(Position, verbose_name=_("职位"), on_delete=models.PROTECT, related_name="tenures")
    started_on = models.DateField(_("任职时间"))
    ended_on = models.DateField(_("免职时间"), null=True, blank=True)
    document = models.CharField(_("任免文号"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("任职经历")
        verbose_name_plural = _("任职经历")
        ordering = ["cadre", "-started_on"]
        constraints = [models.CheckConstraint(condition=models.Q(ended_on__isnull=True)
                                              | models.Q(ended_on__gte=models.F("started_on")),
                                              name="tenure_ends_after_start")]

    def __str__(self) -> str:
        return f"{self.cadre} {self.position}"

    def is_current(self, on: dt.date) -> bool:
        return self.started_on <= on and (self.ended_on is None or self.ended_on > on)


class ResumeEntry(models.Model):
    """A line of the 简历, in order."""

    cadre = models.ForeignKey(Cadre, on_delete=models.CASCADE, related_name="resume")
    number = models.PositiveSmallIntegerField(_("序号"))
    start = models.DateField(_("起始年月"))
    end = models.DateField(_("截止年月"), null=True, blank=True)
    text = models.CharField(_("经历"), max_length=300)

    class Meta:
        verbose_name = _("简历")
        verbose_name_plural = _("简历")
        ordering = ["cadre", "number"]
        constraints = [models.UniqueConstraint(fields=["cadre", "number"], name="resume_line_number")]

    def __str__(self) -> str:
        end = f"{self.end:%Y.%m}" if self.end else ""
        return f"{self.start:%Y.%m}--{end} {self.text}"


class FamilyRelation(models.Model):
    """A row of 家庭主要成员及重要社会关系."""

    cadre = models.ForeignKey(Cadre, on_delete=models.CASCADE, related_name="family")
    number = models.PositiveSmallIntegerField(_("序号"))
    relation = models.CharField(_("称谓"), max_length=2, choices=list(RELATIONS.items()))
    name = models.CharField(_("姓名"), max_length=50)
    birth = models.DateField(_("出生年月"), null=True, blank=True)
    political_status = models.CharField(_("政治面貌"), max_length=2, choices=list(POLITICAL_STATUSES.items()))
    work_unit_and_post = models.CharField(_("工作单位及职务"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("家庭成员")
        verbose_name_plural = _("家庭成员")
        ordering = ["cadre", "number"]
        constraints = [models.UniqueConstraint(fields=["cadre", "number"], name="family_row_number")]

    def __str__(self) -> str:
        return f"{self.get_relation_display()} {self.name}"


class AnnualAssessment(models.Model):
    """A cadre's grade for a year (年度考核), counted against the 优秀 quota of the unit that assessed."""

    cadre = models.ForeignKey(Cadre, verbose_name=_("干部"), on_delete=models.CASCADE, related_name="assessments")
    year = models.PositiveSmallIntegerField(_("年度"))
    grade = models.CharField(_("考核等次"), max_length=20, choices=Grade.choices)
    unit = models.ForeignKey(Organization, verbose_name=_("考核单位"), on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("年度考核")
        verbose_name_plural = _("年度考核")
        ordering = ["cadre", "-year"]
        constraints = [models.UniqueConstraint(fields=["cadre", "year"], name="one_assessment_per_cadre_year",
                                               violation_error_message=_("该干部这一年度的考核结果已登记"))]

    def __str__(self) -> str:
        return f"{self.cadre} {self.year}年度{self.get_grade_display()}"
