"""The public portal (党务公开) at ``/``: what anyone may read without signing in — 公示, 考察预告, 组工信息, 通知公告,
资料下载 — and the ways in to the 12380 reporting form and the satisfaction survey.

Like ``/s/`` and ``/r/``: no link into the system but the sign-in page, no form, so no session and no CSRF cookie is
ever set for a visitor. Pages are the same for everyone and are kept in the cache for the policy's seconds, keyed by
the day and the portal's version (``public_cache``: every change of an article or notice makes a new one), so a
withdrawn item is gone at once in every worker and an ended one exactly on the day after its end.
Every typed text goes through the ``public_text`` guard (身份证号 and mobile numbers masked), and a 任前公示 shows its
candidates only by the six fields of ``selectors.appointment_entries``.
"""

from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from zugong.core.paging import page_of
from zugong.core.policy import policy_int
from zugong.core.views import dashboard
from zugong.organizations.models import Organization
from zugong.portal import policies as P
from zugong.portal import public_cache, selectors
from zugong.portal.models import Article
from zugong.portal.selectors import COLUMNS, Column

LIST_SIZE = 20  # a phone screen's worth of titles a page
HOME_SIZE = 5  # the latest of each column on the home page
MAX_PAGE_DIGITS = 6


def cached(view):
    """The page from the cache when it was made today in this language, since the portal's last change, within the
    policy's seconds. Only plain pages (no query but a page number) are kept, so made-up queries cannot fill the
    cache."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        seconds = policy_int(P.PUBLIC_CACHE_SECONDS.key)
        page = request.GET.get("page", "")
        plain = set(request.GET) <= {"page"} and (not page or (page.isdigit() and len(page) <= MAX_PAGE_DIGITS))
        if not seconds or not plain:
            return view(request, *args, **kwargs)
        key = (f"portal:public:{public_cache.version()}:{timezone.localdate().isoformat()}:{get_language()}:"
               f"{request.path}:{page}")
        kept = cache.get(key)
        if kept is not None:
            content, content_type = kept
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render"):  # the sitemap's TemplateResponse
            response.render()
        if response.status_code == 200 and not response.streaming and not response.cookies:
            cache.set(key, (response.content, response["Content-Type"]), seconds)
        return response

    return wrapper


def public(view):
    """A public page: no login, GET (and HEAD) only, cached."""
    return login_not_required(require_safe(cached(view)))


def _department() -> str:
    root = Organization.objects.filter(parent__isnull=True).order_by("pk").values_list("name", flat=True).first()
    return root or ""


def _render(request, template: str, context: dict) -> HttpResponse:
    return render(request, template, {"columns": COLUMNS, "county": _department(), **context})


@login_not_required
@require_safe
def front(request):
    """``/``: the signed-in user's dashboard, the portal's home for everyone else."""
    if request.user.is_authenticated:
        return dashboard(request)
    return home(request)


@cached
def home(request):
    today = timezone.localdate()
    return _render(request, "portal/public/home.html", {"latest": selectors.latest(today, HOME_SIZE)})


@public
def column_list(request, column: str):
    found = next((c for c in COLUMNS if c.code == column), None)
    if found is None:
        raise Http404
    page, query = page_of(request, selectors.column_items(found, timezone.localdate()), size=LIST_SIZE)
    return _render(request, "portal/public/list.html", {"column": found, "page": page, "query": query})


def _column_of(kind: str) -> Column:
    return next(c for c in COLUMNS if kind in c.articles or kind in c.notices)


@public
def article(request, pk: int):
    found = selectors.public_article(pk, timezone.localdate())
    files = list(found.attachments.all())
    return _render(request, "portal/public/article.html", {
        "article": found, "column": _column_of(found.kind), "entries": list(found.entries.all()),
        "images": [f for f in files if f.is_image], "files": [f for f in files if not f.is_image],
        "is_publicity": found.kind == Article.Kind.PUBLICITY})


@public
def notice(request, pk: int):
    found = selectors.public_notice(pk, timezone.localdate())
    competition = getattr(found, "competition", None) if found.kind == found.Kind.ANNOUNCEMENT else None
    return _render(request, "portal/public/notice.html", {
        "notice": found, "title": selectors.notice_title(found), "column": _column_of(found.kind),
        "entries": selectors.appointment_entries(found), "competition": competition,
        "days": (found.ends_on - found.publish_on).days + 1})


@login_not_required
@require_safe
def attachment(request, pk: int):
    """A file of an article public today; images shown in the page, other files downloaded under their name."""
    found = selectors.public_attachment(pk, timezone.localdate())
    try:
        handle = found.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=not found.is_image, filename=found.name)
