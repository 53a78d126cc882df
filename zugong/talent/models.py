"""The talent register (人才信息库, E1) and talent programs (人才工程, E2).

A ``Talent`` is a person: when they are a party member or a cadre of the register, the record links to that
``Member`` / ``Cadre`` and reads name, sex, birth and education through the link (never a copy); only a person
who is neither keeps those fields here. Categories, leading industries and the rules that make a talent
高层次 are data (installed by the data migration, edited by the department). A record belongs to its unit's
organization (``org_path`` copy, following moves) and may be shared with other departments (``Sharing``): the
人才信息库 shared between departments of seed 000.

Programs (赣鄱英才555工程, 高层次人才1123工程 …) open rounds with their criteria as rows; units apply for their
talents, reviewers score, the department decides (``procedure.py``) and grants money from a ``TalentFund`` whose
balance is kept beside its ledger. Recognitions (泽州工匠) are lists of talents, each entry an award on the
talent's record. 农村实用人才 are evaluated by criteria as data here (the assessments app assesses organizations,
secretaries and members, not talents).
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zugong.cadres.models import Cadre
from zugong.core.tree import InTreeQuerySet
from zugong.members.codes import Education
from zugong.members.models import Member, mask_id_number
from zugong.organizations.models import Organization, WorkUnit


class PathQuerySet(InTreeQuerySet):
    path_field = "org_path"


class TalentCategory(models.Model):
    """A category of talent (人才类别): 党政, 企业经营管理, 专业技术, 高技能, 农村实用, 社会工作."""

    code = models.SlugField(_("代码"), max_length=30, unique=True)
    name = models.CharField(_("类别名称"), max_length=50, unique=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("人才类别")
        verbose_name_plural = _("人才类别")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class Industry(models.Model):
    """One of the county's leading industries (主导产业) a talent serves."""

    code = models.SlugField(_("代码"), max_length=30, unique=True)
    name = models.CharField(_("产业名称"), max_length=50, unique=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_leading = models.BooleanField(_("主导产业"), default=True)

    class Meta:
        verbose_name = _("产业")
        verbose_name_plural = _("产业")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class Level(models.TextChoices):
    HIGH = "high", _("高层次人才")
    KEY = "key", _("骨干人才")
    GENERAL = "general", _("一般人才")


LEVEL_RANK: dict[str, int] = {Level.HIGH: 3, Level.KEY: 2, Level.GENERAL: 1}


class Degree(models.TextChoices):
    DOCTOR = "doctor", _("博士")
    MASTER = "master", _("硕士")
    BACHELOR = "bachelor", _("学士")
    NONE = "none", _("无学位")


class TitleGrade(models.TextChoices):
    SENIOR_FULL = "senior_full", _("正高级")
    SENIOR_DEPUTY = "senior_deputy", _("副高级")
    INTERMEDIATE = "intermediate", _("中级")
    JUNIOR = "junior", _("初级")
    NONE = "none", _("无职称")


class AwardLevel(models.TextChoices):
    NATIONAL = "national", _("国家级")
    PROVINCIAL = "provincial", _("省级")
    MUNICIPAL = "municipal", _("市级")
    COUNTY = "county", _("县级")


class LevelRule(models.Model):
    """One rule of the level (人才层次认定规则): a talent with this degree, title grade or award level is at least
    ``level``. A talent's level is the highest any active rule gives, else 一般人才. Edited as data."""

    class Basis(models.TextChoices):
        DEGREE = "degree", _("学位")
        TITLE = "title", _("专业技术职称")
        AWARD = "award", _("获奖或荣誉级别")

    basis = models.CharField(_("认定依据"), max_length=10, choices=Basis.choices)
    value = models.CharField(_("条件"), max_length=20)
    level = models.CharField(_("认定层次"), max_length=10, choices=Level.choices)
    source = models.CharField(_("依据来源"), max_length=200, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("人才层次认定规则")
        verbose_name_plural = _("人才层次认定规则")
        ordering = ["basis", "value"]
        constraints = [models.UniqueConstraint(fields=["basis", "value"], name="talent_level_rule_unique")]

    def __str__(self) -> str:
        return f"{self.get_basis_display()}={self.value_label} → {self.get_level_display()}"

    @property
    def value_label(self) -> str:
        tables: dict[str, type[models.TextChoices]] = {"degree": Degree, "title": TitleGrade, "award": AwardLevel}
        return str(dict(tables[self.basis].choices).get(self.value, self.value))


class TalentQuerySet(PathQuerySet):
    def active(self) -> "TalentQuerySet":
        return self.filter(status=Talent.Status.ACTIVE)


class Talent(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("在库")
        LEFT = "left", _("已调出或离开")

    class Gender(models.TextChoices):
        MALE = "male", _("男")
        FEMALE = "female", _("女")

    member = models.OneToOneField(Member, verbose_name=_("党员名册记录"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="talent")
    cadre = models.OneToOneField(Cadre, verbose_name=_("干部记录"), null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="talent")
    # Kept only for a person who is neither a member nor a cadre of the register (empty otherwise).
    own_name = models.CharField(_("姓名"), max_length=50, blank=True)
    own_gender = models.CharField(_("性别"), max_length=10, choices=Gender.choices, blank=True)
    own_birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    own_education = models.CharField(_("学历"), max_length=20, choices=Education.choices, blank=True)
    degree = models.CharField(_("学位"), max_length=10, choices=Degree.choices, default=Degree.NONE)
    title_grade = models.CharField(_("专业技术职称"), max_length=20, choices=TitleGrade.choices, default=TitleGrade.NONE)
    title_name = models.CharField(_("职称名称"), max_length=50, blank=True)
    category = models.ForeignKey(TalentCategory, verbose_name=_("人才类别"), on_delete=models.PROTECT,
                                 related_name="talents")
    industry = models.ForeignKey(Industry, verbose_name=_("所属产业"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="talents")
    level = models.CharField(_("人才层次"), max_length=10, choices=Level.choices, default=Level.GENERAL,
                             editable=False)
    organization = models.ForeignKey(Organization, verbose_name=_("所属党组织"), on_delete=models.PROTECT,
                                     related_name="talents")
    unit = models.ForeignKey(WorkUnit, verbose_name=_("工作单位"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="talents")
    post = models.CharField(_("职务或岗位"), max_length=100, blank=True)
    skills = models.CharField(_("专长技能"), max_length=300, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    note = models.CharField(_("备注"), max_length=300, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    org_path = models.CharField(max_length=255, editable=False, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TalentQuerySet.as_manager()

    class Meta:
        verbose_name = _("人才")
        verbose_name_plural = _("人才")
        ordering = ["org_path", "pk"]
        indexes = [models.Index(fields=["status", "org_path"], name="talent_status_path"),
                   models.Index(fields=["level", "category"], name="talent_level_category")]
        constraints = [
            models.CheckConstraint(condition=~(Q(member__isnull=False) & Q(cadre__isnull=False)),
                                   name="talent_one_link"),
            models.CheckConstraint(
                condition=Q(member__isnull=False) | Q(cadre__isnull=False) | ~Q(own_name=""),
                name="talent_named"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.org_path = self.organization.path
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("talent:detail", args=[self.pk])

    # -- the person, read through the link ---------------------------------------------------------------------
    @property
    def person(self):
        return self.member or self.cadre

    @property
    def name(self) -> str:
        return self.person.name if self.person else self.own_name

    @property
    def gender_label(self) -> str:
        if self.member:
            return self.member.get_gender_display()
        if self.cadre:
            return self.cadre.get_gender_display()
        return self.get_own_gender_display()

    @property
    def birth_date(self) -> dt.date | None:
        if self.member:
            return self.member.birth_date
        if self.cadre:
            return self.cadre.birth
        return self.own_birth_date

    @property
    def education_label(self) -> str:
        if self.member:
            return self.member.get_education_display()
        if self.cadre:
            return self.cadre.full_time_level or self.cadre.in_service_level
        return self.get_own_education_display()

    def age_on(self, day: dt.date) -> int | None:
        birth = self.birth_date
        if birth is None:
            return None
        return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))

    @property
    def masked_phone(self) -> str:
        return mask_id_number(self.phone) if self.phone else ""


class Award(models.Model):
    """An award or honour of a talent (获奖与荣誉): its level feeds the level rules."""

    talent = models.ForeignKey(Talent, verbose_name=_("人才"), on_delete=models.CASCADE, related_name="awards")
    title = models.CharField(_("荣誉或奖项"), max_length=100)
    level = models.CharField(_("级别"), max_length=20, choices=AwardLevel.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    issuer = models.CharField(_("授予单位"), max_length=100, blank=True)
    entry = models.OneToOneField("RecognitionEntry", null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="award", editable=False)

    class Meta:
        verbose_name = _("获奖与荣誉")
        verbose_name_plural = _("获奖与荣誉")
        ordering = ["-year", "pk"]
        constraints = [models.CheckConstraint(condition=Q(year__gte=1949) & Q(year__lte=2100),
                                              name="talent_award_year_range")]

    def __str__(self) -> str:
        return f"{self.year} {self.title}"


class Sharing(models.Model):
    """A talent's record shared with a department (人才信息库共享): that organization's users see it."""

    talent = models.ForeignKey(Talent, verbose_name=_("人才"), on_delete=models.CASCADE, related_name="sharings")
    organization = models.ForeignKey(Organization, verbose_name=_("共享给"), on_delete=models.PROTECT,
                                     related_name="talent_sharings")
    shared_at = models.DateTimeField(auto_now_add=True)
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("人才信息共享")
        verbose_name_plural = _("人才信息共享")
        constraints = [models.UniqueConstraint(fields=["talent", "organization"], name="talent_sharing_unique")]

    def __str__(self) -> str:
        return f"{self.talent} → {self.organization}"


# -- programs -----------------------------------------------------------------------------------------------------

class Program(models.Model):
    """A talent program (人才工程): 赣鄱英才555工程, 高层次人才1123工程, 企业精英人才工程 …"""

    name = models.CharField(_("人才工程名称"), max_length=100, unique=True)
    level = models.CharField(_("级别"), max_length=20, choices=AwardLevel.choices, default=AwardLevel.COUNTY)
    description = models.CharField(_("简介"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("人才工程")
        verbose_name_plural = _("人才工程")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProgramRound(models.Model):
    """One round (批次) of a program run by an organization: applications from units within it, its criteria."""

    class Status(models.TextChoices):
        OPEN = "open", _("申报中")
        REVIEWING = "reviewing", _("评审中")
        CLOSED = "closed", _("已结束")

    program = models.ForeignKey(Program, verbose_name=_("人才工程"), on_delete=models.PROTECT, related_name="rounds")
    title = models.CharField(_("批次名称"), max_length=100)
    organization = models.ForeignKey(Organization, verbose_name=_("组织单位"), on_delete=models.PROTECT,
                                     related_name="talent_rounds")
    opens_on = models.DateField(_("申报开始日期"))
    closes_on = models.DateField(_("申报截止日期"))
    fund = models.ForeignKey("TalentFund", verbose_name=_("资助资金来源"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="rounds")
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    org_path = models.CharField(max_length=255, editable=False, default="")

    objects = PathQuerySet.as_manager()

    class Meta:
        verbose_name = _("人才工程批次")
        verbose_name_plural = _("人才工程批次")
        ordering = ["-opens_on", "pk"]
        constraints = [models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")),
                                              name="talent_round_closes_after_opening")]

    def __str__(self) -> str:
        return f"{self.program.name} {self.title}"

    def save(self, *args, **kwargs):
        self.org_path = self.organization.path
        super().save(*args, **kwargs)


class Criterion(models.Model):
    """An application criterion of a round (申报条件), as data: checked against the talent when a unit applies."""

    class Kind(models.TextChoices):
        MIN_LEVEL = "min_level", _("人才层次不低于")
        CATEGORY = "category", _("人才类别为")
        INDUSTRY = "industry", _("所属产业为")
        MAX_AGE = "max_age", _("年龄不超过（周岁）")
        MIN_DEGREE = "min_degree", _("学位不低于")
        MIN_TITLE = "min_title", _("职称不低于")

    round = models.ForeignKey(ProgramRound, verbose_name=_("批次"), on_delete=models.CASCADE, related_name="criteria")
    kind = models.CharField(_("条件"), max_length=20, choices=Kind.choices)
    value = models.CharField(_("取值"), max_length=30)

    class Meta:
        verbose_name = _("申报条件")
        verbose_name_plural = _("申报条件")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.value_label}"

    @property
    def value_label(self) -> str:
        """The value as the page shows it: a level, degree or title by its label, a category or industry by name."""
        K = self.Kind
        if self.kind == K.MIN_LEVEL:
            return str(dict(Level.choices).get(self.value, self.value))
        if self.kind == K.MIN_DEGREE:
            return str(dict(Degree.choices).get(self.value, self.value))
        if self.kind == K.MIN_TITLE:
            return str(dict(TitleGrade.choices).get(self.value, self.value))
        if self.kind == K.CATEGORY:
            return TalentCategory.objects.filter(code=self.value).values_list("name", flat=True).first() or self.value
        if self.kind == K.INDUSTRY:
            return Industry.objects.filter(code=self.value).values_list("name", flat=True).first() or self.value
        return self.value


class Application(models.Model):
    """A unit's application of a talent to a round (申报), its review and the decision."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("已申报")
        APPROVED = "approved", _("已入选")
        REJECTED = "rejected", _("未入选")
        WITHDRAWN = "withdrawn", _("已撤回")

    round = models.ForeignKey(ProgramRound, verbose_name=_("批次"), on_delete=models.PROTECT,
                              related_name="applications")
    talent = models.ForeignKey(Talent, verbose_name=_("人才"), on_delete=models.PROTECT, related_name="applications")
    project = models.CharField(_("申报项目"), max_length=200)
    amount_requested = models.DecimalField(_("申请资助（元）"), max_digits=12, decimal_places=2, default=0)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decision_note = models.CharField(_("决定意见"), max_length=300, blank=True)
    org_path = models.CharField(max_length=255, editable=False, default="")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)

    objects = PathQuerySet.as_manager()

    class Meta:
        verbose_name = _("人才工程申报")
        verbose_name_plural = _("人才工程申报")
        ordering = ["-submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "talent"], name="talent_application_once_per_round"),
            models.CheckConstraint(condition=Q(amount_requested__gte=0), name="talent_application_amount"),
        ]

    def __str__(self) -> str:
        return f"{self.talent.name}：{self.project}"

    def save(self, *args, **kwargs):
        self.org_path = self.talent.org_path
        super().save(*args, **kwargs)


class ReviewScore(models.Model):
    """One reviewer's score of an application (评审打分), 0 to 100."""

    application = models.ForeignKey(Application, verbose_name=_("申报"), on_delete=models.CASCADE,
                                    related_name="scores")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("评审人"), on_delete=models.PROTECT,
                                 related_name="+")
    score = models.DecimalField(_("评分"), max_digits=5, decimal_places=1)
    comment = models.CharField(_("评审意见"), max_length=300, blank=True)
    scored_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("评审评分")
        verbose_name_plural = _("评审评分")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="talent_one_score_per_reviewer"),
            models.CheckConstraint(condition=Q(score__gte=0) & Q(score__lte=100), name="talent_score_range"),
        ]

    def __str__(self) -> str:
        return f"{self.application} {self.score}"


class TalentFund(models.Model):
    """A talent fund (人才工作发展基金, seed 000: 30万元): its balance kept beside its ledger."""

    name = models.CharField(_("基金名称"), max_length=100, unique=True)
    organization = models.ForeignKey(Organization, verbose_name=_("管理单位"), on_delete=models.PROTECT,
                                     related_name="talent_funds")
    balance = models.DecimalField(_("余额（元）"), max_digits=14, decimal_places=2, default=0, editable=False)
    org_path = models.CharField(max_length=255, editable=False, default="")

    objects = PathQuerySet.as_manager()

    class Meta:
        verbose_name = _("人才基金")
        verbose_name_plural = _("人才基金")
        ordering = ["name"]
        constraints = [models.CheckConstraint(condition=Q(balance__gte=0), name="talent_fund_not_overdrawn")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.org_path = self.organization.path
        super().save(*args, **kwargs)


class FundEntry(models.Model):
    """A line of a fund's ledger (台账): money put in (+) or granted to an application (−), the balance after it."""

    class Kind(models.TextChoices):
        DEPOSIT = "deposit", _("拨入")
        GRANT = "grant", _("资助发放")

    fund = models.ForeignKey(TalentFund, verbose_name=_("人才基金"), on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices)
    amount = models.DecimalField(_("金额（元）"), max_digits=14, decimal_places=2)
    balance_after = models.DecimalField(_("余额（元）"), max_digits=14, decimal_places=2)
    application = models.ForeignKey(Application, verbose_name=_("申报"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="grants")
    note = models.CharField(_("摘要"), max_length=200, blank=True)
    day = models.DateField(_("日期"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("人才基金台账")
        verbose_name_plural = _("人才基金台账")
        ordering = ["fund", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="talent_fund_entry_positive"),
            models.CheckConstraint(condition=Q(balance_after__gte=0), name="talent_fund_entry_balance"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.get_kind_display()} {self.amount}"


# -- recognitions ---------------------------------------------------------------------------------------------------

class RecognitionList(models.Model):
    """A list of honoured talents (表彰名单): 泽州工匠, 拔尖人才 … of a year, by an organization."""

    title = models.CharField(_("表彰名称"), max_length=100)
    year = models.PositiveSmallIntegerField(_("年度"))
    level = models.CharField(_("级别"), max_length=20, choices=AwardLevel.choices, default=AwardLevel.COUNTY)
    organization = models.ForeignKey(Organization, verbose_name=_("表彰单位"), on_delete=models.PROTECT,
                                     related_name="talent_recognitions")
    announced_on = models.DateField(_("公布日期"))
    org_path = models.CharField(max_length=255, editable=False, default="")

    objects = PathQuerySet.as_manager()

    class Meta:
        verbose_name = _("人才表彰")
        verbose_name_plural = _("人才表彰")
        ordering = ["-year", "title"]
        constraints = [models.UniqueConstraint(fields=["title", "year"], name="talent_recognition_unique"),
                       models.CheckConstraint(condition=Q(year__gte=1949) & Q(year__lte=2100),
                                              name="talent_recognition_year_range")]

    def __str__(self) -> str:
        return f"{self.year}年{self.title}"

    def save(self, *args, **kwargs):
        self.org_path = self.organization.path
        super().save(*args, **kwargs)


class RecognitionEntry(models.Model):
    recognition = models.ForeignKey(RecognitionList, verbose_name=_("表彰"), on_delete=models.CASCADE,
                                    related_name="entries")
    talent = models.ForeignKey(Talent, verbose_name=_("人才"), on_delete=models.PROTECT,
                               related_name="recognition_entries")
    citation = models.CharField(_("主要事迹"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("表彰名单")
        verbose_name_plural = _("表彰名单")
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["recognition", "talent"], name="talent_recognized_once")]

    def __str__(self) -> str:
        return f"{self.recognition} {self.talent}"


# -- 农村实用人才 evaluation ----------------------------------------------------------------------------------------

class RuralCriterion(models.Model):
    """A criterion of the 农村实用人才 evaluation (评价鉴定, seed 003), with its maximum points. Edited as data."""

    code = models.SlugField(_("代码"), max_length=30, unique=True)
    name = models.CharField(_("评价项目"), max_length=100)
    max_points = models.PositiveSmallIntegerField(_("满分"))
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("农村实用人才评价项目")
        verbose_name_plural = _("农村实用人才评价项目")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class RuralEvaluation(models.Model):
    """A rural practical talent's evaluation of a year: points per criterion, the total and the grade."""

    class Grade(models.TextChoices):
        FIRST = "first", _("一级（高级）")
        SECOND = "second", _("二级（中级）")
        THIRD = "third", _("三级（初级）")
        NONE = "none", _("未达等级")

    talent = models.ForeignKey(Talent, verbose_name=_("人才"), on_delete=models.CASCADE,
                               related_name="rural_evaluations")
    year = models.PositiveSmallIntegerField(_("年度"))
    total = models.DecimalField(_("总分"), max_digits=6, decimal_places=1)
    grade = models.CharField(_("等级"), max_length=10, choices=Grade.choices)
    evaluated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="+")
    evaluated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("农村实用人才评价")
        verbose_name_plural = _("农村实用人才评价")
        ordering = ["-year", "pk"]
        constraints = [models.UniqueConstraint(fields=["talent", "year"], name="talent_rural_once_a_year")]

    def __str__(self) -> str:
        return f"{self.talent} {self.year}"


class RuralScore(models.Model):
    evaluation = models.ForeignKey(RuralEvaluation, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(RuralCriterion, verbose_name=_("评价项目"), on_delete=models.PROTECT,
                                  related_name="+")
    points = models.DecimalField(_("得分"), max_digits=5, decimal_places=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["evaluation", "criterion"], name="talent_rural_score_once")]

    def __str__(self) -> str:
        return f"{self.criterion} {self.points}"
