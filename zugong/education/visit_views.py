"""The list of elderly members not visited this year (高龄党员未走访名单): paged, filtered by organization, exported."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from zugong.core.downloads import xlsx_response
from zugong.core.policy import policy_int
from zugong.education import forms
from zugong.education.policies import VISIT_MIN_AGE
from zugong.education.visits import export_unvisited, unvisited_elderly
from zugong.members.selectors import members_visible_to
from zugong.organizations.selectors import organizations_visible_to, scope_roots


def _unvisited(request):
    form = forms.ScopeForm(request.GET or None, organizations=organizations_visible_to(request.user, "members.view").open())
    form.is_valid()
    root = getattr(form, "cleaned_data", {}).get("organization") or scope_roots(request.user, "members.view").first()
    if root is None:
        raise Http404
    today = timezone.localdate()
    return form, root, today, unvisited_elderly(members_visible_to(request.user).under(root.path), today)


@require_GET
def unvisited(request):
    form, root, today, members = _unvisited(request)
    page = Paginator(members, 50).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "education/unvisited.html", {
        "form": form, "root": root, "page": page, "query": params.urlencode(), "tab": "care", "year": today.year,
        "today": today, "age": policy_int(VISIT_MIN_AGE.key), "source": VISIT_MIN_AGE.source})


@require_GET
def unvisited_export(request):
    _form, root, today, members = _unvisited(request)
    return xlsx_response(export_unvisited(members, today), f"unvisited-{today:%Y%m%d}.xlsx")
