"""Pages of the reserve pool (后备干部) and of the qualification check (任职资格审查)."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from zugong.cadres import reserve, reserve_excel, selectors
from zugong.cadres.models import Position, Rank, ReserveEntry, TownshipRanking
from zugong.cadres.qualification import shown_check_promotion
from zugong.core import bounds
from zugong.core.access import path_in_scope
from zugong.core.audit import record_id_export
from zugong.core.downloads import xlsx_response
from zugong.core.forms import DateInput, StyledFormMixin
from zugong.core.forms_helpers import form_page, run_service
from zugong.organizations.excel_views import inline_import
from zugong.organizations.models import Organization
from zugong.organizations.selectors import organizations_visible_to, scope_roots

PROMOTION_RANKS = [(r.value, r.label) for r in Rank if r != Rank.STAFF]


class AdmitForm(StyledFormMixin, forms.Form):
    target_rank = forms.ChoiceField(label=_("后备职务层次"), choices=PROMOTION_RANKS)
    admitted_on = forms.DateField(label=_("入库日期"), widget=DateInput())


class LeaveForm(StyledFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("出库方式"), choices=[(ReserveEntry.Status.USED, _("已使用（提拔）")),
                                                            (ReserveEntry.Status.WITHDRAWN, _("已退出"))])
    left_on = forms.DateField(label=_("出库日期"), widget=DateInput())
    reason = forms.CharField(label=_("出库原因"), max_length=300)


class RankingForm(StyledFormMixin, forms.Form):
    township = forms.ModelChoiceField(label=_("乡镇党委"), queryset=Organization.objects.none())
    year = forms.IntegerField(label=_("考核年度"), min_value=2000, max_value=2100)
    rank = forms.IntegerField(label=_("排名"), min_value=1,
                              max_value=bounds.integer_range_of(TownshipRanking, "rank")[1])
    of_count = forms.IntegerField(label=_("参与排名数"), min_value=1,
                                  max_value=bounds.integer_range_of(TownshipRanking, "of_count")[1])
    missed_basic_tasks = forms.BooleanField(label=_("未完成基本任务"), required=False)

    def __init__(self, *args, townships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = townships


class QualificationForm(StyledFormMixin, forms.Form):
    position = forms.ModelChoiceField(label=_("拟任职位"), queryset=Position.objects.none(), required=False)
    target_rank = forms.ChoiceField(label=_("或拟任职务层次"), choices=[("", "——"), *PROMOTION_RANKS], required=False)
    on = forms.DateField(label=_("审查日期"), widget=DateInput(), required=False)

    def __init__(self, *args, positions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].queryset = positions
        self.fields["position"].label_from_instance = lambda p: _("%(organization)s · %(title)s（%(rank)s）") % {
            "organization": p.organization.name, "title": p.title, "rank": p.get_rank_display()}


def _require_view(request) -> None:
    if not request.user.has_capability("cadres.view"):
        raise Http404


def _filtered(request, entries):
    """The pool page's filters (status, in the pool by default; target rank), shared by its export."""
    status = request.GET.get("status", ReserveEntry.Status.ADMITTED)
    if status in ReserveEntry.Status.values:
        entries = entries.filter(status=status)
    if request.GET.get("target_rank") in Rank.values:
        entries = entries.filter(target_rank=request.GET["target_rank"])
    return entries, status


@require_GET
def pool(request):
    """The pool in scope: entries by status and target rank, and the young-cadre pipeline by age band."""
    _require_view(request)
    today = timezone.localdate()
    visible = reserve.reserve_entries_visible_to(request.user)
    entries, status = _filtered(request, visible)
    entries = entries.select_related("cadre__organization").order_by("cadre__org_path", "cadre__name")
    admitted = visible.filter(status=ReserveEntry.Status.ADMITTED)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "cadres/reserve_pool.html", {
        "page": page, "status": status, "statuses": ReserveEntry.Status.choices, "ranks": PROMOTION_RANKS,
        "target_rank": request.GET.get("target_rank", ""), "pipeline": reserve.pipeline(admitted, today),
        "today": today, "can_change": request.user.has_capability("cadres.change"), "query": request.GET.urlencode(),
        "can_supervise": request.user.has_capability("cadres.supervision"),
        "rows": [(entry, selectors.age_on(entry.cadre, today)) for entry in page],
    })


@require_GET
def pool_export(request):
    """The pool as the page filters it, with the import's columns; full 身份证号 only for roles that may see every
    one exported (written to the history like a reveal), masked otherwise."""
    _require_view(request)
    today = timezone.localdate()
    entries, status = _filtered(request, reserve.reserve_entries_visible_to(request.user))
    full = all(path_in_scope(request.user, "members.identity", p) for p in request.user.scope_prefixes("cadres.view"))
    if full:
        filters = {"状态": str(ReserveEntry.Status(status).label) if status in ReserveEntry.Status.values else "全部"}
        if request.GET.get("target_rank") in Rank.values:
            filters["后备职务层次"] = str(Rank(request.GET["target_rank"]).label)
        record_id_export(request.user, scope_roots(request.user, "cadres.view").first(), register="后备干部名册",
                         filters=filters, count=entries.count())
    content = reserve_excel.export_pool(entries, today, full_id_numbers=full)
    return xlsx_response(content, f"reserve-{today:%Y%m%d}.xlsx")


POOL_IMPORT_INTRO = _("列与“导出 Excel”相同（年龄、管理单位不读取）；按身份证号、后备职务层次和入库日期对应已有记录。"
                      "库中没有的记录按入库日期逐条审查入库资格，每一项不符合的条件都列为问题；状态改为“已使用（提拔）”"
                      "或“已退出”并填写出库日期和原因的，办理出库。已出库的记录不能通过导入修改。")


def pool_import(request):
    """Admissions and exits from .xlsx: checked first (every bad row, each failed admission rule), then all or none."""
    if not request.user.has_capability("cadres.change"):
        raise Http404
    return inline_import(
        request, lambda path, apply: reserve_excel.import_pool(request.user, path, apply=apply), page="reserve",
        done="cadres:reserve_pool", context={"title": _("导入后备干部（Excel）"), "intro": POOL_IMPORT_INTRO,
                                              "required": reserve_excel.REQUIRED, "back_url": "cadres:reserve_pool",
                                              "back_label": _("后备干部")})


def admit(request, pk):
    """Choose the target rank: the rules are checked and shown passed or failed; admission only when all pass."""
    cadre = selectors.access_cadre(request.user, pk, for_change=True)
    today = timezone.localdate()
    form = AdmitForm(request.POST or request.GET or None, initial={"admitted_on": today})
    results = []
    if form.is_bound and form.is_valid():
        results = reserve.shown_admission_checks(cadre, form.cleaned_data["target_rank"], form.cleaned_data["admitted_on"])
        if request.method == "POST":
            entry = run_service(form, lambda: reserve.admit(request.user, cadre, form.cleaned_data["target_rank"],
                                                            form.cleaned_data["admitted_on"]))
            if entry is not None:
                messages.success(request, f"已将{cadre.name}纳入{entry.get_target_rank_display()}后备干部。")
                return redirect(f"{cadre.get_absolute_url()}?tab=reserve")
    return render(request, "cadres/reserve_admit.html", {"cadre": cadre, "form": form, "results": results})


def leave(request, entry_pk):
    entry = get_object_or_404(reserve.reserve_entries_visible_to(request.user, "cadres.change"), pk=entry_pk)
    form = LeaveForm(request.POST or None, initial={"left_on": timezone.localdate()})
    return form_page(
        request, form, lambda d: reserve.leave_pool(request.user, entry, d["status"], d["left_on"], d["reason"]),
        done=lambda e: f"{e.cadre.name}已{e.get_status_display()}。", then=lambda _e: reverse("cadres:reserve_pool"),
        template="cadres/form.html", context={"cadre": entry.cadre, "title": _("%(name)s · 后备干部出库") % {"name": entry.cadre.name}})


def rankings(request):
    """Township rankings of the biennial assessment: written by a finalized round of the township assessment, typed
    here for the years before it (a year a round ranked is refused)."""
    _require_view(request)
    townships = organizations_visible_to(request.user, "cadres.change").filter(
        kind=Organization.Kind.COMMITTEE, sector=Organization.Sector.RURAL).open()
    form = RankingForm(request.POST or None, townships=townships,
                       initial={"year": timezone.localdate().year - 1, "of_count": townships.count()})
    if request.method == "POST":
        if not request.user.has_capability("cadres.change"):
            raise Http404
        return form_page(request, form, lambda d: reserve.record_ranking_by_hand(
            request.user, d["township"], d["year"], d["rank"], d["of_count"], d["missed_basic_tasks"]),
            done=lambda r: f"已登记{r.township}{r.year}年度排名第{r.rank}。", then=lambda _r: reverse("cadres:rankings"),
            template="cadres/rankings.html", context={"rankings": _rankings_with_rounds(request.user)})
    return render(request, "cadres/rankings.html", {"form": form, "rankings": _rankings_with_rounds(request.user),
                                                    "can_change": request.user.has_capability("cadres.change")})


def _rankings_with_rounds(user) -> list[TownshipRanking]:
    """The rankings, each with the finalized assessment round that produced it (``ranked_by``), or None: typed."""
    from zugong.assessments.selectors import ranking_rounds  # noqa: PLC0415 (assessments reads cadres, not back)

    rankings = list(reserve.rankings_visible_to(user))
    rounds = ranking_rounds([(r.township_id, r.year) for r in rankings])
    for ranking in rankings:
        ranking.ranked_by = rounds.get((ranking.township_id, ranking.year))
    return rankings


@require_GET
def qualification(request, pk):
    """Item 9: the selection rules for this cadre and a target position (or rank) on a day, each with its source."""
    cadre = selectors.access_cadre(request.user, pk)
    form = QualificationForm(request.GET or None,
                             positions=selectors.positions_visible_to(request.user).filter(closed_on__isnull=True))
    results, target = [], None
    if form.is_bound and form.is_valid():
        position = form.cleaned_data.get("position")
        target = position.rank if position else form.cleaned_data.get("target_rank")
        if target:
            results = shown_check_promotion(cadre, target, form.cleaned_data.get("on") or timezone.localdate())
        else:
            form.add_error("position", "请选择拟任职位或职务层次")
    return render(request, "cadres/qualification.html", {
        "cadre": cadre, "form": form, "results": results, "target": Rank(target) if target else None,
        "current": selectors.current_rank(cadre, timezone.localdate())})


def tab_context(request, cadre, on) -> dict:
    """The cadre page's 后备与交流 tab: the cadre's reserve entries."""
    return {"reserve_entries": cadre.reserve_entries.all(),
            "can_admit": path_in_scope(request.user, "cadres.change", cadre.org_path)
            and not cadre.reserve_entries.filter(status=ReserveEntry.Status.ADMITTED).exists()}


urlpatterns = [
    path("reserve/", pool, name="reserve_pool"),
    path("reserve/export.xlsx", pool_export, name="reserve_export"),
    path("reserve/import/", pool_import, name="reserve_import"),
    path("reserve/rankings/", rankings, name="rankings"),
    path("reserve/<int:entry_pk>/leave/", leave, name="reserve_leave"),
    path("<int:pk>/reserve/admit/", admit, name="reserve_admit"),
    path("<int:pk>/qualification/", qualification, name="qualification"),
]
