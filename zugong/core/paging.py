"""Paging (分页) of lists that grow with the county: one page of a list, and the page's links keeping the filters.

A page may hold several lists each paged on its own (关爱帮扶's eligible and not-eligible members, the due list's
groups): each has its own parameter, and its links keep the others' pages.
"""

from django.core.paginator import Page, Paginator

PAGE_SIZE = 50


def page_of(request, objects, param: str = "page", size: int = PAGE_SIZE) -> tuple[Page, str]:
    """The requested page of ``objects`` and the query string (every other parameter) its links carry."""
    page = Paginator(objects, size).get_page(request.GET.get(param))
    query = request.GET.copy()
    query.pop(param, None)
    return page, query.urlencode()
