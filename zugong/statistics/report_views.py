"""Pages of reporting upward (逐级汇总上报): this installation's identity and its finalized days as signed
packages, the lower instances registered here, and the import of their packages (check first, all or none)."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from zugong.core.access import get_in_scope, scope_q
from zugong.core.forms_helpers import form_page
from zugong.core.uploads import check_or_apply
from zugong.organizations.selectors import organizations_visible_to
from zugong.statistics import report_forms, reports
from zugong.statistics.models import LowerInstance, ReportPackage, Snapshot

FINALIZE = reports.FINALIZE
RECENT = 50  # finalized days listed for export; a department finalizes a day or two a year


def _require(request) -> list[str]:
    prefixes = request.user.scope_prefixes(FINALIZE) if request.user.is_authenticated else []
    if not prefixes:
        raise Http404
    return prefixes


def _snapshots(user):
    return Snapshot.objects.filter(scope_q(user, FINALIZE, "path"))


def reports_page(request):
    """This installation's identity, its finalized days to export, the lower instances and their packages."""
    _require(request)
    form = report_forms.PackageImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = check_or_apply(request, form, lambda apply: reports.import_package(
            request.user, form.cleaned_data["package"].read(), apply=apply))
        if result is not None and result.applied:
            form = report_forms.PackageImportForm()
    lowers = list(LowerInstance.objects.filter(scope_q(request.user, FINALIZE, "organization__path"))
                  .select_related("organization"))
    packages: dict[int, list[dict]] = {}
    for package in ReportPackage.objects.filter(lower__in=lowers).select_related("imported_by").order_by(
            "lower", "-day", "-version"):
        versions = packages.setdefault(package.lower_id, [])
        versions.append({"package": package, "figures": reports.summary(package.counts),
                         "current": not any(v["package"].day == package.day for v in versions)})  # newest counts
    listed = [{"lower": lower, "versions": packages.get(lower.pk, [])} for lower in lowers]
    identity, public_key = reports.own_identity()
    finalized = list(_snapshots(request.user).order_by("-day", "path")[:RECENT])
    names = dict(organizations_visible_to(request.user, FINALIZE).filter(
        path__in=[s.path for s in finalized]).values_list("path", "name"))
    exports = [(s, names.get(s.path, ""), reports.version_of(s)) for s in finalized]
    return render(request, "statistics/reports.html", {
        "form": form, "result": result, "summary": reports.summary(result.top.get("counts", {})) if result else None,
        "lowers": listed, "identity": identity, "public_key": public_key, "exports": exports,
    })


def register_lower(request):
    _require(request)
    organizations = organizations_visible_to(request.user, FINALIZE).open().filter(depth__lte=3).order_by("path")
    form = report_forms.LowerInstanceForm(request.POST or None, organizations=organizations)
    return form_page(
        request, form, lambda data: reports.register_lower(
            request.user, name=data["name"], organization=data["organization"], public_key=data["public_key"]),
        done=lambda lower: f"已登记下级实例「{lower.name}」（安装标识 {lower.installation}）。",
        then=lambda lower: reverse("statistics:reports"),
        template="statistics/report_lower.html", context={})


@require_GET
def export_package(request, pk):
    """The finalized day as a signed package (a JSON file) for the higher instance."""
    _require(request)
    snapshot = get_in_scope(_snapshots(request.user), pk)
    content = reports.build_package(request.user, snapshot)
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    filename = f"statistics-report-{snapshot.day:%Y%m%d}-{reports.version_of(snapshot)}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
