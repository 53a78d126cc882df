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

from zugong.cadres import reserve, selectors
from zugong.cadres.models import Position, Rank, ReserveEntry, TownshipRanking
from zugong.cadres.qualification import check_promotion
from zugong.core import bounds
from zugong.core.access import path_in_scope
from zugong.core.forms import DateInput, StyledFormMixin
from zugong.core.forms_helpers import form_page, run_service
from zugong.organizations.models import Organization
from zugong.organizations.selectors import organizations_visible_to

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
        self.fields["position"].label_from_instance = lambda p: f"{p.organization.name} · {p.title}（{p.get_rank_display()}）"


def _require_view(request) -> None:
    if not request.user.has_capability("cadres.view"):
        raise Http404


@require_GET
def pool(request):
    """The pool in scope: entries by status and target rank, and the young-cadre pipeline by age band."""
    _require_view(request)
    today = timezone.localdate()
    visible = reserve.reserve_entries_visible_to(request.user)
    entries = visible.select_related("cadre__organization").order_by("cadre__org_path", "cadre__name")
    status = request.GET.get("status", ReserveEntry.Status.ADMITTED)
    if status in ReserveEntry.Status.values:
        entries = entries.filter(status=status)
    if request.GET.get("target_rank") in Rank.values:
        entries = entries.filter(target_rank=request.GET["target_rank"])
    admitted = visible.filter(status=ReserveEntry.Status.ADMITTED)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "cadres/reserve_pool.html", {
        "page": page, "status": status, "statuses": ReserveEntry.Status.choices, "ranks": PROMOTION_RANKS,
        "target_rank": request.GET.get("target_rank", ""), "pipeline": reserve.pipeline(admitted, today),
        "today": today, "can_change": request.user.has_capability("cadres.change"),
        "can_supervise": request.user.has_capability("cadres.supervision"),
        "rows": [(entry, selectors.age_on(entry.cadre, today)) for entry in page],
    })


def admit(request, pk):
    """Choose the target rank: the rules are checked and shown passed or failed; admission only when all pass."""
    cadre = selectors.access_cadre(request.user, pk, for_change=True)
    today = timezone.localdate()
    form = AdmitForm(request.POST or request.GET or None, initial={"admitted_on": today})
    results = []
    if form.is_bound and form.is_valid():
        results = reserve.admission_checks(cadre, form.cleaned_data["target_rank"], form.cleaned_data["admitted_on"])
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
        template="cadres/form.html", context={"cadre": entry.cadre, "title": f"{entry.cadre.name} · 后备干部出库"})


def rankings(request):
    """Township rankings of the biennial assessment, entered until the assessment module produces them."""
    _require_view(request)
    townships = organizations_visible_to(request.user, "cadres.change").filter(
        kind=Organization.Kind.COMMITTEE, sector=Organization.Sector.RURAL).open()
    form = RankingForm(request.POST or None, townships=townships,
                       initial={"year": timezone.localdate().year - 1, "of_count": townships.count()})
    if request.method == "POST":
        if not request.user.has_capability("cadres.change"):
            raise Http404
        return form_page(request, form, lambda d: reserve.record_ranking(
            request.user, d["township"], d["year"], d["rank"], d["of_count"], d["missed_basic_tasks"]),
            done=lambda r: f"已登记{r.township}{r.year}年度排名第{r.rank}。", then=lambda _r: reverse("cadres:rankings"),
            template="cadres/rankings.html", context={"rankings": reserve.rankings_visible_to(request.user)})
    return render(request, "cadres/rankings.html", {"form": form, "rankings": reserve.rankings_visible_to(request.user),
                                                    "can_change": request.user.has_capability("cadres.change")})


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
            results = check_promotion(cadre, target, form.cleaned_data.get("on") or timezone.localdate())
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
    path("reserve/rankings/", rankings, name="rankings"),
    path("reserve/<int:entry_pk>/leave/", leave, name="reserve_leave"),
    path("<int:pk>/reserve/admit/", admit, name="reserve_admit"),
    path("<int:pk>/qualification/", qualification, name="qualification"),
]
