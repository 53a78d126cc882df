"""The public portal's records (党务公开): what the department and its units publish for anyone to read.

An ``Article`` is one version of a 组工信息 article, a notice (通知公告), a download (资料下载) or a 公示 with its
period. It goes draft → review → published → withdrawn; once published its text never changes: a correction is a
new ``Article`` that ``corrects`` it, and publishing the correction marks the old one superseded (kept, readable in
the history). A 公示 lists people only as ``PublicityEntry`` rows, whose fields are all a 公示 may show — name,
sex, month of birth, education, current post, proposed post — so nothing else about a person can reach the page.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zugong.core.tree import InTreeQuerySet
from zugong.organizations.models import Organization


class ArticleQuerySet(InTreeQuerySet):
    path_field = "org_path"

    def public(self, today) -> "ArticleQuerySet":
        """What a visitor may read today: published, begun, not ended (an ended 公示 is gone on its next day even
        before the nightly withdrawal records it)."""
        return self.filter(status=Article.Status.PUBLISHED, starts_on__lte=today).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=today))


class Article(models.Model):
    class Kind(models.TextChoices):
        NEWS = "news", _("组工信息")
        NOTICE = "notice", _("通知公告")
        DOWNLOAD = "download", _("资料下载")
        PUBLICITY = "publicity", _("公示")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        REVIEW = "review", _("待审核")
        PUBLISHED = "published", _("已发布")
        WITHDRAWN = "withdrawn", _("已撤下")
        SUPERSEDED = "superseded", _("已更正")

    organization = models.ForeignKey(Organization, verbose_name=_("发布单位"), on_delete=models.PROTECT,
                                     related_name="portal_articles")
    org_path = models.CharField(max_length=255, editable=False, default="")
    kind = models.CharField(_("栏目"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("标题"), max_length=200)
    summary = models.CharField(_("摘要"), max_length=300, blank=True)
    body = models.TextField(_("正文"), max_length=20000, blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    starts_on = models.DateField(_("发布日期"), null=True, blank=True,
                                 help_text=_("公示期的第一天；其他栏目为对外显示的日期"))
    ends_on = models.DateField(_("截止日期"), null=True, blank=True, help_text=_("公示期的最后一天，次日自动撤下"))
    contact = models.CharField(_("受理电话"), max_length=50, blank=True,
                               help_text=_("公示期间受理来电来信来访的电话（单位电话，不填个人电话）"))
    corrects = models.ForeignKey("self", verbose_name=_("更正的原稿"), null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="corrections")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("撰稿人"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    withdrawn_on = models.DateField(_("撤下日期"), null=True, blank=True)
    withdraw_reason = models.CharField(_("撤下原因"), max_length=200, blank=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("公开信息")
        verbose_name_plural = _("公开信息")
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["status", "kind", "starts_on"], name="portal_public_listing")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=False) & Q(
                ends_on__gte=models.F("starts_on")), name="portal_article_period_in_order"),
            models.CheckConstraint(condition=~Q(kind="publicity") | ~Q(status="published") | Q(
                ends_on__isnull=False), name="portal_publicity_has_period"),
            # One correction at a time: a second draft correcting the same version would race the first.
            models.UniqueConstraint(fields=["corrects"], condition=Q(status__in=["draft", "review"]),
                                    name="portal_one_open_correction"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.org_path = self.organization.path
        super().save(*args, **kwargs)

    @property
    def has_files(self) -> bool:
        return self.pk is not None and self.attachments.exists()

    @property
    def version(self) -> int:
        """1 for an original, 2 for its first correction, …"""
        count, current = 1, self.corrects
        while current is not None:
            count, current = count + 1, current.corrects
        return count


class PublicityEntry(models.Model):
    """One person in a 公示: only the six things a 公示 shows."""

    article = models.ForeignKey(Article, verbose_name=_("公示"), on_delete=models.CASCADE, related_name="entries")
    order = models.PositiveSmallIntegerField(_("序号"), default=0)
    name = models.CharField(_("姓名"), max_length=50)
    sex = models.CharField(_("性别"), max_length=2)
    birth_month = models.CharField(_("出生年月"), max_length=10, help_text=_("如 1990.05"))
    education = models.CharField(_("学历"), max_length=50, blank=True)
    current_post = models.CharField(_("现任职务"), max_length=100, blank=True)
    proposed_post = models.CharField(_("拟任职务"), max_length=100, blank=True,
                                     help_text=_("拟任职务，或发展党员公示中的「拟接收为预备党员」"))

    class Meta:
        verbose_name = _("公示对象")
        verbose_name_plural = _("公示对象")
        ordering = ["article", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class Attachment(models.Model):
    """A file with an article (a download's file, a notice's form); images are redrawn smaller by Pillow."""

    article = models.ForeignKey(Article, verbose_name=_("公开信息"), on_delete=models.CASCADE,
                                related_name="attachments")
    name = models.CharField(_("文件名"), max_length=120)
    file = models.FileField(_("文件"), upload_to="portal/%Y/", max_length=200)
    is_image = models.BooleanField(_("图片"), default=False)
    size = models.PositiveIntegerField(_("大小（字节）"), default=0)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["article", "pk"]

    def __str__(self) -> str:
        return self.name
