"""The portal's Atom feed of 公示, 考察预告 and 通知公告, and its sitemap: both list only what is public today (the
selectors' items), titles and links only — a reader opens the page for the text."""

import datetime as dt

from django.contrib.sitemaps import Sitemap
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext

from zugong.portal import selectors
from zugong.portal.selectors import COLUMNS, INSPECTIONS, NOTICES, PUBLICITY, Item

FEED_SIZE = 50


def _moment(item: Item) -> dt.datetime:
    return item.updated or timezone.make_aware(dt.datetime.combine(item.day, dt.time()))


class NoticeFeed(Feed):
    feed_type = Atom1Feed

    def title(self) -> str:
        return gettext("公示与通知公告")

    def subtitle(self) -> str:
        return gettext("正在公示的公示、考察预告和通知公告")

    def link(self) -> str:
        return reverse("portal_public:home")

    def items(self) -> list[Item]:
        today = timezone.localdate()
        found = [item for column in (PUBLICITY, INSPECTIONS, NOTICES) for item in selectors.column_items(column, today)]
        return sorted(found, key=_moment, reverse=True)[:FEED_SIZE]

    def item_title(self, item: Item) -> str:
        return gettext("%(kind)s：%(title)s") % {"kind": item.kind, "title": item.title}

    def item_description(self, item: Item) -> str:
        return ""

    def item_link(self, item: Item) -> str:
        return item.url

    def item_pubdate(self, item: Item) -> dt.datetime:
        return _moment(item)

    def item_updateddate(self, item: Item) -> dt.datetime:
        return _moment(item)


class PagesSitemap(Sitemap):
    """The home page and each column's list."""

    def items(self) -> list[str]:
        return ["portal_public:home", *[column.url_name for column in COLUMNS]]

    def location(self, item: str) -> str:
        return reverse(item)


class ItemsSitemap(Sitemap):
    """Every article and notice public today."""

    def items(self) -> list[Item]:
        today = timezone.localdate()
        return [item for column in COLUMNS for item in selectors.column_items(column, today)]

    def location(self, item: Item) -> str:
        return item.url

    def lastmod(self, item: Item) -> dt.datetime:
        return _moment(item)


SITEMAPS = {"pages": PagesSitemap, "items": ItemsSitemap}
