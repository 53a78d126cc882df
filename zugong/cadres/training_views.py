"""Pages of the cadres' training (培训) and exchanges (交流挂职): the cadre page's training tab, recording a
training or a posting, the county's hours against the requirement, classes with rosters, the exchange share."""

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.core.validators import MaxValueValidator
from django.db.models import Count, DecimalField, ExpressionWrapper, F, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from zugong.cadres import mobility, selectors, training
from zugong.cadres.models import Cadre, Mobility, TrainingClass, TrainingRecord
from zugong.core import bounds
from zugong.core.access import DomainError, path_in_scope
from zugong.core.downloads import XLSX
from zugong.core.forms import DateInput, StyledFormMixin
from zugong.core.forms_helpers import form_page, run_service
from zugong.core.submissions import OnceOnlyForm, fields_of
from zugong.organizations.models import Organization
from zugong.organizations.selectors import organizations_visible_to, tree_filter_field


def _hours(label, **kwargs) -> forms.DecimalField:
    """Hours (学时) and credits as their columns keep them: up to 99999.9, never negative."""
    _low, highest, digits, places = bounds.decimal_range_of(TrainingRecord, "hours")
    return forms.DecimalField(label=label, max_digits=digits, decimal_places=places, min_value=0, max_value=highest,
                              **kwargs)


# --- forms -----------------------------------------------------------------------------------------------------


class TrainingRecordForm(StyledFormMixin, OnceOnlyForm):
    course = forms.CharField(label=_("培训内容"), max_length=200)
    organizer = forms.CharField(label=_("主办单位"), max_length=100)
    mode = forms.ChoiceField(label=_("方式"), choices=TrainingRecord.Mode.choices)
    started_on = forms.DateField(label=_("开始日期"), widget=DateInput())
    ended_on = forms.DateField(label=_("结束日期"), widget=DateInput(), help_text=_("学时计入结束日期所在年度"))
    hours = _hours(_("学时"))
    leave_hours = _hours(_("请假学时"), required=False, initial=0)
    credits = _hours(_("学分"), required=False, initial=0)

    def __init__(self, *args, leave_denominator: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leave_hours"].help_text = _("脱产培训请假累计不得超过总学时的1/%(n)s") % {"n": leave_denominator}


class TrainingClassForm(StyledFormMixin, OnceOnlyForm):
    name = forms.CharField(label=_("班次名称"), max_length=200)
    kind = forms.ChoiceField(label=_("类别"), choices=TrainingClass.Kind.choices)
    organizer = forms.CharField(label=_("主办单位"), max_length=100)
    organization = forms.ModelChoiceField(label=_("负责党组织"), queryset=Organization.objects.none())
    started_on = forms.DateField(label=_("开班日期"), widget=DateInput())
    ended_on = forms.DateField(label=_("结业日期"), widget=DateInput())
    hours = _hours(_("学时"), help_text=_("每名学员记入的学时"))
    full_time = forms.BooleanField(label=_("脱产培训"), required=False, initial=True)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        tree_filter_field(self, "organization", organizations, _("—— 请选择 ——"))


class RosterForm(StyledFormMixin, forms.Form):
    cadres = forms.ModelMultipleChoiceField(label=_("加入名单的干部"), queryset=Cadre.objects.none(),
                                            widget=forms.CheckboxSelectMultiple,
                                            error_messages={"required": _("请至少选择一名干部"),
                                                            "invalid_choice": _("所选干部不在可选范围内")})

    def __init__(self, *args, cadres, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cadres"].queryset = cadres  # type: ignore[attr-defined]


SORT_CHOICES = [("org", _("按管理单位")), ("short", _("按差额（大→小）")), ("done", _("按已完成学时（少→多）")),
                ("name", _("按姓名"))]


class TrainingFilterForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=bounds.YEAR_MAX, required=False)
    organization = forms.ModelChoiceField(label=_("管理单位（含下级）"), queryset=Organization.objects.none(),
                                          required=False)
    level = forms.ChoiceField(label=_("层次"), required=False, choices=[
        ("", _("全部")), (training.SECTION, _("乡科级及以下（每年）")), (training.COUNTY, _("县处级（每周期）"))])
    q = forms.CharField(label=_("姓名"), required=False, max_length=bounds.SEARCH_MAX)
    sort = forms.ChoiceField(label=_("排序"), choices=SORT_CHOICES, required=False)
    short_only = forms.BooleanField(label=_("只看未达标"), required=False)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["year"].validators.append(MaxValueValidator(this_year))
        self.fields["year"].widget.attrs["max"] = this_year
        tree_filter_field(self, "organization", organizations, _("本人负责范围"))


class MobilityForm(StyledFormMixin, OnceOnlyForm):
    kind = forms.ChoiceField(label=_("类别"), choices=Mobility.Kind.choices)
    destination = forms.CharField(label=_("去向单位及岗位"), max_length=200)
    started_on = forms.DateField(label=_("开始日期"), widget=DateInput())
    ended_on = forms.DateField(label=_("结束日期（空：尚未结束）"), widget=DateInput(), required=False)
    note = forms.CharField(label=_("备注"), max_length=300, required=False)


class EndMobilityForm(StyledFormMixin, forms.Form):
    ended_on = forms.DateField(label=_("结束日期"), widget=DateInput())


class ExchangeForm(StyledFormMixin, forms.Form):
    first_day = forms.DateField(label=_("期间自"), widget=DateInput())
    last_day = forms.DateField(label=_("期间至"), widget=DateInput())
    group = forms.ChoiceField(label=_("统计对象"), choices=list(mobility.GROUPS.items()))
    organization = forms.ModelChoiceField(label=_("管理单位（含下级）"), queryset=Organization.objects.none(),
                                          required=False)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        tree_filter_field(self, "organization", organizations, _("本人负责范围"))

    def clean(self):
        data = super().clean() or {}
        if data.get("first_day") and data.get("last_day") and data["last_day"] < data["first_day"]:
            self.add_error("last_day", _("期间结束日期不能早于开始日期"))
        return data


# --- the cadre page's tab --------------------------------------------------------------------------------------


def tab_context(request, cadre, on) -> dict:
    """What the cadre page's training tab shows: records, this year's or this cycle's status (and last year's for
    the section level), exchanges and postings. The requirement is counted as of today, not the form's day."""
    today = timezone.localdate()
    rules = training.Rules.current()
    status = training.training_status(cadre, today, rules)
    last_year = (training.training_status(cadre, dt.date(today.year - 1, 12, 31), rules)
                 if status.level == training.SECTION else None)
    counted = ExpressionWrapper(F("hours") - F("leave_hours"), output_field=DecimalField(max_digits=7, decimal_places=1))
    records = cadre.trainings.select_related("training_class").annotate(counted=counted).order_by("-ended_on", "-pk")
    return {"training_records": records,
            "training_status": status, "training_last_year": last_year, "mobility_records": cadre.mobility.all(),
            "leave_denominator": rules.leave_denominator}


def _cadre_tab(cadre: Cadre) -> str:
    return f"{cadre.get_absolute_url()}?tab=training"


# --- recording for one cadre -----------------------------------------------------------------------------------


def training_new(request, pk):
    cadre = selectors.access_cadre(request.user, pk, for_change=True)
    form = TrainingRecordForm(request.POST or None, leave_denominator=training.Rules.current().leave_denominator,
                              initial={"mode": TrainingRecord.Mode.FULL_TIME, "leave_hours": 0, "credits": 0})
    return form_page(
        request, form, lambda d: training.record_training(
            request.user, cadre, course=d["course"], organizer=d["organizer"], started_on=d["started_on"],
            ended_on=d["ended_on"], hours=d["hours"], leave_hours=d["leave_hours"] or 0, credits=d["credits"] or 0,
            mode=d["mode"]),
        done=lambda r: f"已登记{cadre.name}的培训「{r.course}」，{training.hours_text(r.hours)}学时。",
        then=lambda _r: _cadre_tab(cadre), template="cadres/training_form.html",
        context={"cadre": cadre, "title": _("%(name)s · 登记培训") % {"name": cadre.name}})


@require_POST
def training_delete(request, pk, record_pk):
    cadre = selectors.access_cadre(request.user, pk, for_change=True)
    record = get_object_or_404(cadre.trainings.select_related("training_class__organization"), pk=record_pk)
    try:
        training.delete_training(request.user, record)
        messages.success(request, f"已删除{cadre.name}的培训记录「{record.course}」。")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(_cadre_tab(cadre))


def mobility_new(request, pk):
    cadre = selectors.access_cadre(request.user, pk, for_change=True)
    form = MobilityForm(request.POST or None)
    return form_page(
        request, form, lambda d: mobility.record_mobility(
            request.user, cadre, kind=d["kind"], started_on=d["started_on"], ended_on=d["ended_on"],
            destination=d["destination"], note=d["note"]),
        done=lambda m: f"已登记{cadre.name}{m.get_kind_display()}：{m.destination}。", then=lambda _m: _cadre_tab(cadre),
        template="cadres/training_form.html", context={"cadre": cadre, "title": _("%(name)s · 登记交流挂职") % {"name": cadre.name}})


def mobility_end(request, pk, record_pk):
    cadre = selectors.access_cadre(request.user, pk, for_change=True)
    record = get_object_or_404(cadre.mobility, pk=record_pk, ended_on__isnull=True)
    form = EndMobilityForm(request.POST or None, initial={"ended_on": timezone.localdate()})
    return form_page(
        request, form, lambda d: mobility.end_mobility(request.user, record, d["ended_on"]),
        done=lambda m: f"已登记{cadre.name}{m.get_kind_display()}结束（{m.ended_on:%Y-%m-%d}）。",
        then=lambda _m: _cadre_tab(cadre), template="cadres/training_form.html",
        context={"cadre": cadre, "title": _("%(name)s · %(kind)s结束：%(destination)s") % {
            "name": cadre.name, "kind": record.get_kind_display(), "destination": record.destination}})


# --- the county's hours against the requirement ----------------------------------------------------------------


def _status_filters(request):
    """The page's rows for the valid filters, and its figures (counted before "only short")."""
    if not request.user.has_capability("cadres.view"):
        raise Http404
    today = timezone.localdate()
    query = request.GET.copy()
    query.setdefault("year", str(today.year))
    form = TrainingFilterForm(query, organizations=organizations_visible_to(request.user, "cadres.view").open())
    data = form.cleaned_data if form.is_valid() else {}
    year = data.get("year") or today.year
    on = today if year == today.year else dt.date(year, 12, 31)
    cadres = selectors.cadres_visible_to(request.user).serving()
    if data.get("organization"):
        cadres = cadres.under(data["organization"])
    if text := (data.get("q") or "").strip():
        cadres = cadres.filter(name__contains=text)
    rows = training.status_rows(cadres, on, level=data.get("level") or "", sort=data.get("sort") or "org")
    figures = training.figures(rows)
    if data.get("short_only"):
        rows = [row for row in rows if row.status.is_short]
    return form, rows, on, figures


@require_GET
def training_overview(request):
    form, rows, on, figures = _status_filters(request)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "cadres/training_overview.html", {
        "form": form, "on": on, "figures": figures, "rules": training.Rules.current(),
        "page": Paginator(rows, 100).get_page(request.GET.get("page")), "query": query.urlencode()})


@require_GET
def training_export(request):
    _form, rows, on, _figures = _status_filters(request)
    return _download(training.export_statuses(rows, on), f"training-{on:%Y%m%d}.xlsx")


def _download(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


# --- classes and rosters ---------------------------------------------------------------------------------------


@require_GET
def class_list(request):
    if not request.user.has_capability("cadres.view"):
        raise Http404
    classes = (training.training_classes_visible_to(request.user).annotate(roster_count=Count("records"))
               .order_by("-started_on", "name", "pk"))
    return render(request, "cadres/training_classes.html", {
        "page": Paginator(classes, 50).get_page(request.GET.get("page")), "query": "",
        "can_create": request.user.has_capability("cadres.change")})


def class_new(request):
    if not request.user.has_capability("cadres.change"):
        raise Http404
    form = TrainingClassForm(request.POST or None, initial={"full_time": True},
                             organizations=organizations_visible_to(request.user, "cadres.change").open())
    return form_page(
        request, form, lambda d: training.create_class(request.user, **fields_of(d)), done=lambda c: f"已建立培训班「{c.name}」。",
        then=lambda c: reverse("cadres:training_class", args=[c.pk]), template="cadres/training_class_form.html",
        context={"title": _("举办培训班")})


ROSTER_RESULTS = 20  # the picker shows this many matches of a search; more characters narrow it
YOUNG_MAX_AGE = 35  # the picker's 只看35岁及以下, as its label says


def _class_page(request, training_class: TrainingClass, form: RosterForm | None):
    """The class with its roster; the roster's picker searches as one types (``roster_candidates``) instead of
    listing every cadre of the county (720 KB for the demo county), and keeps the cadres already ticked."""
    on = timezone.localdate()
    roster = list(training.roster_of(training_class, request.user))
    chosen = []
    if form is not None and form.is_bound:  # a refused submission shows again what was ticked
        ticked = [v for v in form["cadres"].value() or [] if str(v).isdigit()]
        chosen = [_candidate(c, on, set()) for c in form.fields["cadres"].queryset.filter(  # type: ignore[attr-defined]
            pk__in=ticked)]
    return render(request, "cadres/training_class.html", {
        "training_class": training_class, "roster": [(r, selectors.current_post(r.cadre, on)) for r in roster],
        "hidden": training_class.records.count() - len(roster), "form": form, "chosen": chosen,
        "results_limit": ROSTER_RESULTS, "young_max_age": YOUNG_MAX_AGE, "can_change": form is not None})


def _candidate(cadre: Cadre, on: dt.date, listed: set[int]) -> dict:
    return {"cadre": cadre, "post": selectors.current_post(cadre, on), "age": selectors.age_on(cadre, on),
            "listed": cadre.pk in listed}


def _roster_cadres(request):
    """The cadres the user may put on a roster: serving, in their ``cadres.change`` scope."""
    return (selectors.cadres_visible_to(request.user, "cadres.change").serving().defer("photo")
            .select_related("organization").prefetch_related("tenures__position").order_by("org_path", "name", "pk"))


def _roster_form(request, training_class: TrainingClass, data=None) -> RosterForm | None:
    if not path_in_scope(request.user, "cadres.change", training_class.organization.path):
        return None
    return RosterForm(data, cadres=_roster_cadres(request))


@require_GET
def class_detail(request, pk):
    training_class = training.access_training_class(request.user, pk)
    return _class_page(request, training_class, _roster_form(request, training_class))


@require_GET
def roster_candidates(request, pk):
    """The picker's matches (htmx): at most ``ROSTER_RESULTS`` serving cadres in the user's scope whose name,
    post as written or managing organization contains the words typed, optionally only the young."""
    training_class = training.access_training_class(request.user, pk, for_change=True)
    on = timezone.localdate()
    words = request.GET.get("q", "").strip()[:bounds.SEARCH_MAX]
    young = request.GET.get("young") == "1"
    found, more = [], False
    if words or young:
        cadres = _roster_cadres(request)
        for word in words.split()[:5]:
            cadres = cadres.filter(Q(name__contains=word) | Q(post_as_written__contains=word)
                                   | Q(organization__name__contains=word))
        if young:
            cadres = cadres.filter(selectors.born_between_q(YOUNG_MAX_AGE, None, on))
        matches = list(cadres[:ROSTER_RESULTS + 1])
        more = len(matches) > ROSTER_RESULTS
        listed = set(training_class.records.filter(cadre__in=[c.pk for c in matches]).values_list("cadre_id", flat=True))
        found = [_candidate(c, on, listed) for c in matches[:ROSTER_RESULTS]]
    return render(request, "cadres/_roster_candidates.html", {
        "candidates": found, "more": more, "searched": bool(words or young), "results_limit": ROSTER_RESULTS})


@require_POST
def roster_add(request, pk):
    training_class = training.access_training_class(request.user, pk, for_change=True)
    form = _roster_form(request, training_class, request.POST)
    assert form is not None  # access for change implies the form
    if form.is_valid():
        added = run_service(form, lambda: training.add_to_roster(request.user, training_class, form.cleaned_data["cadres"]))
        if added is not None:
            messages.success(request, f"已将{len(added)}名干部加入「{training_class.name}」名单，每人记入"
                                      f"{training.hours_text(training_class.hours)}学时。")
            return redirect("cadres:training_class", pk=training_class.pk)
    return _class_page(request, training_class, form)


@require_POST
def roster_remove(request, pk, record_pk):
    training_class = training.access_training_class(request.user, pk, for_change=True)
    record = get_object_or_404(training.roster_of(training_class, request.user), pk=record_pk)
    try:
        training.remove_from_roster(request.user, record)
        messages.success(request, f"已将{record.cadre.name}移出「{training_class.name}」名单。")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("cadres:training_class", pk=training_class.pk)


@require_GET
def roster_export(request, pk):
    training_class = training.access_training_class(request.user, pk)
    content = training.export_roster(training_class, training.roster_of(training_class, request.user),
                                     timezone.localdate())
    return _download(content, f"training-class-{training_class.pk}.xlsx")


# --- the share exchanged ---------------------------------------------------------------------------------------


@require_GET
def mobility_overview(request):
    if not request.user.has_capability("cadres.view"):
        raise Http404
    today = timezone.localdate()
    form = ExchangeForm(request.GET or {"first_day": dt.date(today.year, 1, 1), "last_day": dt.date(today.year, 12, 31),
                                        "group": mobility.TOWNSHIP_LEADERS},
                        organizations=organizations_visible_to(request.user, "cadres.view").open())
    result = postings = None
    if form.is_valid():
        data = form.cleaned_data
        cadres = selectors.cadres_visible_to(request.user)
        if data.get("organization"):
            cadres = cadres.under(data["organization"])
        result = mobility.exchange_share(cadres, data["group"], data["first_day"], data["last_day"])
        postings = mobility.other_postings(cadres, data["first_day"], data["last_day"])
    return render(request, "cadres/mobility_overview.html", {"form": form, "result": result, "postings": postings})


urlpatterns = [
    path("<int:pk>/training/new/", training_new, name="training_new"),
    path("<int:pk>/training/<int:record_pk>/delete/", training_delete, name="training_delete"),
    path("<int:pk>/mobility/new/", mobility_new, name="mobility_new"),
    path("<int:pk>/mobility/<int:record_pk>/end/", mobility_end, name="mobility_end"),
    path("training/", training_overview, name="training_overview"),
    path("training/export.xlsx", training_export, name="training_export"),
    path("training/classes/", class_list, name="training_classes"),
    path("training/classes/new/", class_new, name="training_class_new"),
    path("training/classes/<int:pk>/", class_detail, name="training_class"),
    path("training/classes/<int:pk>/roster/add/", roster_add, name="training_roster_add"),
    path("training/classes/<int:pk>/roster/candidates/", roster_candidates, name="training_roster_candidates"),
    path("training/classes/<int:pk>/roster/<int:record_pk>/remove/", roster_remove, name="training_roster_remove"),
    path("training/classes/<int:pk>/roster.xlsx", roster_export, name="training_roster_export"),
    path("mobility/", mobility_overview, name="mobility_overview"),
]
