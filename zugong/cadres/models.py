"""Cadres (干部): the 任免审批表 record of each cadre, the positions of the county, and who held which when.

A cadre's posts are ``Tenure`` rows on ``Position`` records, so the current post, the years in a post or a rank
and the years at grassroots are computed from dates, never typed. The form's text fields (resume, rewards,
family) are kept as the form has them, line by line.
"""

import datetime as dt
from typing import cast

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

    def locked(self, pk) -> "Cadre":
        """The cadre's row, locked until the transaction ends and read again: decisions about one cadre (a post,
        the reserve pool, a posting, a year's report, the next resume or family line) are taken one at a time."""
        return cast("Cadre", self.select_for_update().get(pk=pk))


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


class RoutineAssessment(models.Model):
    """平时考核: a cadre's grade for a quarter, through the year (C2)."""

    class Grade(models.TextChoices):
        GOOD = "good", _("好")
        FAIRLY_GOOD = "fairly_good", _("较好")
        AVERAGE = "average", _("一般")
        POOR = "poor", _("较差")

    cadre = models.ForeignKey(Cadre, verbose_name=_("干部"), on_delete=models.CASCADE, related_name="routine_assessments")
    year = models.PositiveSmallIntegerField(_("年度"))
    quarter = models.PositiveSmallIntegerField(_("季度"), choices=[(q, f"第{q}季度") for q in range(1, 5)])
    grade = models.CharField(_("平时考核等次"), max_length=20, choices=Grade.choices)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        verbose_name = _("平时考核")
        verbose_name_plural = _("平时考核")
        ordering = ["cadre", "-year", "-quarter"]
        constraints = [models.UniqueConstraint(fields=["cadre", "year", "quarter"], name="one_routine_per_quarter")]

    def __str__(self) -> str:
        return f"{self.cadre} {self.year}年第{self.quarter}季度{self.get_grade_display()}"


class ComponentScore(models.Model):
    """A score of the 三位一体 cadre assessment (seed 001): the assessment team's inspection, the 五评一体
    evaluation and the leaders' ranking, each recorded on 100 points for a year."""

    class Component(models.TextChoices):
        INSPECTION = "inspection", _("考核组考察评价")
        FIVE_IN_ONE = "five_in_one", _("“五评一体”考核评价")
        RANKING = "ranking", _("领导干部排位考查")

    cadre = models.ForeignKey(Cadre, verbose_name=_("干部"), on_delete=models.CASCADE, related_name="component_scores")
    year = models.PositiveSmallIntegerField(_("年度"))
    component = models.CharField(_("考核组成"), max_length=20, choices=Component.choices)
    score = models.DecimalField(_("得分"), max_digits=5, decimal_places=2)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        verbose_name = _("三位一体考核得分")
        verbose_name_plural = _("三位一体考核得分")
        ordering = ["cadre", "-year", "component"]
        constraints = [models.UniqueConstraint(fields=["cadre", "year", "component"], name="one_score_per_component")]

    def __str__(self) -> str:
        return f"{self.cadre} {self.year} {self.get_component_display()} {self.score}"


class TrainingClass(models.Model):
    """A class the department runs or sends cadres to (seed 000: section-level and young cadres' classes)."""

    class Kind(models.TextChoices):
        SECTION_LEVEL = "section_level", _("科级干部培训班")
        YOUNG = "young", _("年轻干部培训班")
        HIGHER_LEVEL = "higher_level", _("选派参加上级调训")
        OTHER = "other", _("其他专题培训")

    name = models.CharField(_("班次名称"), max_length=200)
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    organizer = models.CharField(_("主办单位"), max_length=100)
    organization = models.ForeignKey(Organization, verbose_name=_("负责党组织"), on_delete=models.PROTECT,
                                     related_name="+")
    started_on = models.DateField(_("开班日期"))
    ended_on = models.DateField(_("结业日期"))
    hours = models.DecimalField(_("学时"), max_digits=6, decimal_places=1)
    full_time = models.BooleanField(_("脱产培训"), default=True)

    class Meta:
        verbose_name = _("培训班次")
        verbose_name_plural = _("培训班次")
        ordering = ["-started_on", "name"]

    def __str__(self) -> str:
        return self.name


class TrainingRecord(models.Model):
    """A cadre's training: a class of the roster or one reported singly (online courses, other organizers)."""

    class Mode(models.TextChoices):
        FULL_TIME = "full_time", _("脱产")
        ONLINE = "online", _("网络")
        PART_TIME = "part_time", _("在职（不脱产）")

    cadre = models.ForeignKey(Cadre, verbose_name=_("干部"), on_delete=models.CASCADE, related_name="trainings")
    training_class = models.ForeignKey(TrainingClass, verbose_name=_("培训班次"), null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="records")
    course = models.CharField(_("培训内容"), max_length=200)
    organizer = models.CharField(_("主办单位"), max_length=100)
    started_on = models.DateField(_("开始日期"))
    ended_on = models.DateField(_("结束日期"))
    hours = models.DecimalField(_("学时"), max_digits=6, decimal_places=1)
    leave_hours = models.DecimalField(_("请假学时"), max_digits=6, decimal_places=1, default=0)
    credits = models.DecimalField(_("学分"), max_digits=6, decimal_places=1, default=0)
    mode = models.CharField(_("方式"), max_length=20, choices=Mode.choices, default=Mode.FULL_TIME)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("培训记录")
        verbose_name_plural = _("培训记录")
        ordering = ["cadre", "-started_on"]
        constraints = [models.UniqueConstraint(fields=["cadre", "training_class"], name="one_record_per_class",
                                               violation_error_message=_("该干部已在此班次名单中"))]

    def __str__(self) -> str:
        return f"{self.cadre} {self.course}"


class TownshipRanking(models.Model):
    """A township's place in the biennial assessment (the ranking itself arrives with the assessment module;
    until then it is entered), and whether it missed its basic tasks (seed 000's reserve-pool rule)."""

    township = models.ForeignKey(Organization, verbose_name=_("乡镇党委"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("考核年度"))
    rank = models.PositiveSmallIntegerField(_("排名"))
    of_count = models.PositiveSmallIntegerField(_("参与排名数"))
    missed_basic_tasks = models.BooleanField(_("未完成基本任务"), default=False)

    class Meta:
        verbose_name = _("乡镇考核排名")
        verbose_name_plural = _("乡镇考核排名")
        ordering = ["-year", "rank"]
        constraints = [models.UniqueConstraint(fields=["township", "year"], name="one_ranking_per_township_year")]

    def __str__(self) -> str:
        return f"{self.township} {self.year} 第{self.rank}名"


class ReserveEntry(models.Model):
    """A cadre in the reserve pool (后备干部) for a rank, from admission until used or withdrawn."""

    class Status(models.TextChoices):
        ADMITTED = "admitted", _("在库")
        USED = "used", _("已使用（提拔）")
        WITHDRAWN = "withdrawn", _("已退出")

    cadre = models.ForeignKey(Cadre, verbose_name=_("干部"), on_delete=models.CASCADE, related_name="reserve_entries")
    target_rank = models.CharField(_("后备职务层次"), max_length=20, choices=Rank.choices)
    admitted_on = models.DateField(_("入库日期"))
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.ADMITTED)
    left_on = models.DateField(_("出库日期"), null=True, blank=True)
    reason = models.CharField(_("出库原因"), max_length=300, blank=True)
    checks = models.JSONField(_("资格审查结果"), default=list)  # the rules as they were checked at admission
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        verbose_name = _("后备干部")
        verbose_name_plural = _("后备干部")
        ordering = ["-admitted_on"]
        constraints = [models.UniqueConstraint(fields=["cadre"], condition=models.Q(status="admitted"),
                                               name="one_open_reserve_entry_per_cadre",
                                               violation_error_message=_("该干部已在后备干部库中"))]

    def __str__(self) -> str:
        return f"{self.cadre} {self.get_target_rank_display()}后备"


class Mobility(models.Model):
    """An exchange, secondment, dispatch to a front line or practice posting (C5)."""

    class Kind(models.TextChoices):
        EXCHANGE = "exchange", _("交流")
        SECONDMENT = "secondment", _("挂职")
        DISPATCH = "dispatch", _("选派（项目一线、驻村）")
        PRACTICE = "practice", _("跟班锻炼")

    cadre = models.ForeignKey(Cadre, verbose_name=_("干部"), on_delete=models.CASCADE, related_name="mobility")
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    started_on = models.DateField(_("开始日期"))
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    destination = models.CharField(_("去向单位及岗位"), max_length=200)
    note = models.CharField(_("备注"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("交流挂职")
        verbose_name_plural = _("交流挂职")
        ordering = ["cadre", "-started_on"]

    def __str__(self) -> str:
        return f"{self.cadre} {self.get_kind_display()} {self.destination}"


class Talk(models.Model):
    """A supervision talk with a cadre (C6); seen only with ``cadres.supervision``."""

    class Kind(models.TextChoices):
        HEART_TO_HEART = "heart_to_heart", _("谈心谈话")
        SUMMONS = "summons", _("约谈")
        REMINDER = "reminder", _("提醒")
        LETTER_INQUIRY = "letter_inquiry", _("函询")
        ADMONITION = "admonition", _("诫勉")

    cadre = models.ForeignKey(Cadre, verbose_name=_("干部"), on_delete=models.CASCADE, related_name="talks")
    kind = models.CharField(_("方式"), max_length=20, choices=Kind.choices)
    held_on = models.DateField(_("日期"))
    held_by = models.CharField(_("谈话人"), max_length=100)
    subject = models.CharField(_("事由"), max_length=300)
    follow_up = models.TextField(_("后续情况"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        verbose_name = _("谈话函询")
        verbose_name_plural = _("谈话函询")
        ordering = ["cadre", "-held_on"]

    def __str__(self) -> str:
        return f"{self.cadre} {self.get_kind_display()} {self.held_on}"


class PersonalMattersReport(models.Model):
    """A leading cadre's personal-matters report (个人有关事项报告) for a year, and its spot check."""

    class SpotCheck(models.TextChoices):
        NOT_CHECKED = "not_checked", _("未抽查")
        CHECKING = "checking", _("核查中")  # a check opened (凡提必查), its result not yet in
        CONSISTENT = "consistent", _("如实报告")
        MINOR_OMISSION = "minor_omission", _("漏报（情节较轻）")
        CONCEALED = "concealed", _("隐瞒不报")

    cadre = models.ForeignKey(Cadre, verbose_name=_("干部"), on_delete=models.CASCADE,
                              related_name="personal_reports")
    year = models.PositiveSmallIntegerField(_("报告年度"))
    submitted_on = models.DateField(_("报告日期"))
    items = models.JSONField(_("报告事项"), default=list)
    spot_check = models.CharField(_("抽查核实结果"), max_length=20, choices=SpotCheck.choices,
                                  default=SpotCheck.NOT_CHECKED)
    spot_checked_on = models.DateField(_("抽查日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("个人有关事项报告")
        verbose_name_plural = _("个人有关事项报告")
        ordering = ["cadre", "-year"]
        constraints = [models.UniqueConstraint(fields=["cadre", "year"], name="one_report_per_cadre_year",
                                               violation_error_message=_("该干部这一年度的报告已登记"))]

    def __str__(self) -> str:
        return f"{self.cadre} {self.year}年度个人有关事项报告"
