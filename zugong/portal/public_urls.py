"""The public portal at ``/`` (no login): home, the columns' lists, an article, a notice, a file, the sitemap and
the Atom feed. Mounted before ``zugong.core.urls``: ``/`` is the portal's home for a visitor and the dashboard
(``core:dashboard``) for a signed-in user."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from zugong.portal import public_views as views
from zugong.portal.feeds import SITEMAPS, NoticeFeed
from zugong.portal.selectors import COLUMNS

app_name = "portal_public"
urlpatterns = [
    path("", views.front, name="home"),
    *[path(f"{column.code}/", views.column_list, {"column": column.code}, name=column.code) for column in COLUMNS],
    path("articles/<int:pk>/", views.article, name="article"),
    path("announcements/<int:pk>/", views.notice, name="notice"),
    path("files/<int:pk>/", views.attachment, name="attachment"),
    path("feed/", views.public(NoticeFeed()), name="feed"),
    path("sitemap.xml", views.public(sitemap), {"sitemaps": SITEMAPS, "template_name": "portal/public/sitemap.xml"},
         name="sitemap"),
]
