"""What a visitor of the public portal may read today (no login, no scope): the portal's own articles, and the
appointments app's notices (考察预告, 任前公示, 公开选拔公告) in their period.

An item is public from its first day through its last; on the day after it is gone, whatever the nightly job has
recorded yet. A 任前公示 shows its candidates only by the six fields a 公示 may show, read from the cadre register
here, so no other field of the record can reach a page.
"""

import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zugong.appointments.models import CaseCandidate, Notice
from zugong.appointments.selectors import published_notices
from zugong.cadres.reserve import EDUCATION_LEVELS
from zugong.cadres.selectors import current_post
from zugong.members.models import mask_id_number
from zugong.portal.models import Article, Attachment
from zugong.portal.services import Entry

K = Article.Kind
N = Notice.Kind

# A 身份证号 (18 characters, the last may be X) or a mobile number (1[3-9] and nine digits, maybe grouped 3-4-4),
# not inside a longer run of digits or letters: masked wherever typed text reaches a public page.
ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
MOBILE = re.compile(r"(?<![0-9A-Za-z])1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?![0-9A-Za-z])")


def masked(text: str) -> str:
    """Typed text with every 身份证号 and mobile number masked as the rest of the system masks them."""
    text = ID_NUMBER.sub(lambda m: mask_id_number(m.group()), text or "")
    return MOBILE.sub(lambda m: mask_id_number(re.sub(r"[ -]", "", m.group())), text)


@dataclass(frozen=True)
class Column:
    """A column of the portal (栏目): its list page and what it holds."""

    code: str
    label: str | Promise
    url_name: str
    articles: tuple[str, ...]  # Article kinds
    notices: tuple[str, ...]  # appointments Notice kinds


PUBLICITY = Column("publicity", _("公示"), "portal_public:publicity", (K.PUBLICITY,), (N.PRE_APPOINTMENT,))
INSPECTIONS = Column("inspections", _("考察预告"), "portal_public:inspections", (), (N.INSPECTION,))
NEWS = Column("news", _("组工信息"), "portal_public:news", (K.NEWS,), ())
NOTICES = Column("notices", _("通知公告"), "portal_public:notices", (K.NOTICE,), (N.ANNOUNCEMENT,))
DOWNLOADS = Column("downloads", _("资料下载"), "portal_public:downloads", (K.DOWNLOAD,), ())
COLUMNS = (PUBLICITY, INSPECTIONS, NEWS, NOTICES, DOWNLOADS)


@dataclass(frozen=True)
class Item:
    """One line of a public list: an article or a notice, as a visitor sees it."""

    kind: str
    title: str
    day: dt.date
    ends_on: dt.date | None
    url: str
    updated: dt.datetime | None = None


def articles(today: dt.date) -> QuerySet[Article]:
    return Article.objects.public(today).select_related("organization")


def notices(today: dt.date) -> QuerySet[Notice]:
    """Notices in their period: begun, not past their last day, not withdrawn (a withdrawal dated today counts)."""
    return published_notices(today).filter(ends_on__gte=today).select_related("case__unit")


def notice_title(notice: Notice) -> str:
    """A notice's public title: its kind and publishing unit (the case's own title is the department's working name,
    never shown)."""
    return gettext("%(unit)s%(kind)s") % {"unit": notice.case.unit.name, "kind": notice.get_kind_display()}


def article_item(article: Article) -> Item:
    return Item(article.get_kind_display(), article.title, article.starts_on or article.created_at.date(),
                article.ends_on, reverse("portal_public:article", args=[article.pk]), article.published_at)


def notice_item(notice: Notice) -> Item:
    return Item(notice.get_kind_display(), notice_title(notice), notice.publish_on, notice.ends_on,
                reverse("portal_public:notice", args=[notice.pk]), notice.created_at)


def column_items(column: Column, today: dt.date) -> list[Item]:
    """A column's items of today, newest first. Notices are few (each runs a few days) and 公示 end; the one column
    that grows for years is paged from this list by the page (a county writes some hundreds a year)."""
    found = [article_item(a) for a in Article.objects.public(today).filter(kind__in=column.articles).only(
        "pk", "kind", "title", "starts_on", "ends_on", "created_at", "published_at")] if column.articles else []
    if column.notices:
        found += [notice_item(n) for n in notices(today).filter(kind__in=column.notices)]
    return sorted(found, key=lambda item: item.day, reverse=True)


def public_article(pk: int, today: dt.date) -> Article:
    return get_object_or_404(articles(today), pk=pk)


def public_notice(pk: int, today: dt.date) -> Notice:
    return get_object_or_404(notices(today), pk=pk)


def public_attachment(pk: int, today: dt.date) -> Attachment:
    """A file of an article a visitor may read today, else 404 (a draft's or a withdrawn article's file is not)."""
    return get_object_or_404(Attachment.objects.filter(article__in=articles(today)), pk=pk)


def _education(cadre) -> str:
    """The highest of the full-time and in-service education, as the register writes it."""
    texts = [t for t in (cadre.full_time_level, cadre.in_service_level) if t]
    return max(texts, key=lambda t: max((lvl for word, lvl in EDUCATION_LEVELS if word in t), default=1),
               default="")


def appointment_entries(notice: Notice) -> list[Entry]:
    """The people of a 任前公示 by the six fields only: those decided in its case and not dropped, read from the
    cadre register (a 公开选拔 candidate from outside is entered there before the decision)."""
    if notice.kind != N.PRE_APPOINTMENT:
        return []
    entries = []
    candidates = CaseCandidate.objects.filter(case=notice.case, decided=True, dropped_reason="").select_related(
        "cadre", "position").prefetch_related("cadre__tenures__position").order_by("pk")
    for candidate in candidates:
        cadre = candidate.cadre
        if cadre is None:
            continue
        entries.append(Entry(name=cadre.name, sex=cadre.gender, birth_month=f"{cadre.birth:%Y.%m}",
                             education=_education(cadre), current_post=current_post(cadre, notice.publish_on),
                             proposed_post=candidate.position.title))
    return entries


def latest(today: dt.date, per_column: int) -> list[tuple[Column, list[Item]]]:
    return [(column, column_items(column, today)[:per_column]) for column in COLUMNS]
