"""Pages of the talent register (人才信息库), programs (人才工程), the fund and recognitions."""

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from zugong.core.access import DomainError, get_in_scope, path_in_scope
from zugong.core.audit import history_of
from zugong.core.downloads import xlsx_response
from zugong.core.forms_helpers import form_page
from zugong.core.paging import page_of
from zugong.core.submissions import fields_of
from zugong.core.tree import subtree_q
from zugong.organizations.excel_views import inline_import
from zugong.organizations.models import Organization
from zugong.organizations.selectors import organizations_visible_to, work_units_visible_to
from zugong.talent import excel, forms, procedure, selectors, services
from zugong.talent.models import (
    Application,
    Industry,
    Level,
    LevelRule,
    ProgramRound,
    RuralCriterion,
    TalentCategory,
)

FORM = "talent/form.html"
VIEW, MANAGE = "talent.view", "talent.manage"


def _require(user, capability: str = VIEW) -> None:
    if not user.has_capability(capability):
        raise Http404


def _manages(user, path: str) -> bool:
    return path_in_scope(user, MANAGE, path)


# ---- the register -------------------------------------------------------------------------------------------------

def _filtered(request):
    _require(request.user)
    form = forms.FilterForm(request.GET or None, organizations=organizations_visible_to(request.user, VIEW).open())
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    talents = selectors.with_person(selectors.talents_visible_to(request.user).active())
    if data.get("organization"):
        talents = talents.filter(subtree_q(data["organization"].path, "org_path"))
    if word := data.get("q"):
        talents = talents.filter(Q(own_name__contains=word) | Q(member__name__contains=word)
                                 | Q(cadre__name__contains=word) | Q(skills__contains=word))
    for name in ("category", "industry", "level"):
        if data.get(name):
            talents = talents.filter(**{name: data[name]})
    if education := data.get("education"):
        talents = talents.filter(Q(own_education=education) | Q(member__education=education))
    if data.get("unit"):
        talents = talents.filter(unit__name__contains=data["unit"])
    if data.get("min_age") is not None or data.get("max_age") is not None:
        talents = talents.filter(selectors.age_q(timezone.localdate(), data.get("min_age"), data.get("max_age")))
    return form, talents.order_by("org_path", "pk")


@require_GET
def talent_list(request):
    form, talents = _filtered(request)
    page, query = page_of(request, talents)
    return render(request, "talent/list.html", {
        "form": form, "page": page, "query": query, "tab": "register", "today": timezone.localdate(),
        "export_query": request.GET.urlencode(), "may_manage": request.user.has_capability(MANAGE)})


@require_GET
def talent_export(request):
    _form, talents = _filtered(request)
    return xlsx_response(excel.export_talents(talents[:20000]), "talents.xlsx")


IMPORT_INTRO = gettext_lazy("列与“导出 Excel”相同（“人才层次”列按认定规则计算，导入时不读取）。是党员或干部的，填写身份证号关联其名册记录，"
                 "姓名、性别、出生日期、学历取自名册；其余人员填写姓名、性别、出生日期、学历。所属党组织用从最高层起的全称路径指明，"
                 "如“示范县委/东风镇党委”。导入只新增人才记录。")


def talent_import(request):
    _require(request.user, MANAGE)
    return inline_import(
        request, lambda path, apply: excel.import_talents(request.user, path, apply=apply), page="talents",
        done="talent:list", context={"title": _("导入人才信息（Excel）"), "intro": IMPORT_INTRO,
                                     "required": excel.REQUIRED, "back_url": "talent:list",
                                     "back_label": _("人才信息库")})


def _talent_form(request, form_class, *, linked=False, initial=None):
    user = request.user
    return form_class(request.POST or None, initial=initial, linked=linked,
                      organizations=organizations_visible_to(user, MANAGE).open(),
                      units=work_units_visible_to(user, MANAGE).filter(is_closed=False).order_by("name"))


def talent_new(request):
    _require(request.user, MANAGE)
    form = _talent_form(request, forms.TalentForm)

    def create(data):
        values = fields_of(data)
        member, cadre = services.find_person(request.user, values.pop("id_number", ""))
        return services.create_talent(request.user, member=member, cadre=cadre, **values)

    return form_page(request, form, create, done=_("已登记人才信息。"), template=FORM,
                     then=lambda t: reverse("talent:detail", args=[t.pk]),
                     context={"title": _("登记人才"), "tab": "register"})


@require_GET
def talent_detail(request, pk):
    talent = selectors.access_talent(request.user, pk)
    manages = _manages(request.user, talent.org_path)
    return render(request, "talent/detail.html", {
        "talent": talent, "tab": "register", "may_manage": manages, "age": talent.age_on(timezone.localdate()),
        "awards": talent.awards.all(),
        "sharings": talent.sharings.select_related("organization").order_by("organization__path"),
        "applications": talent.applications.select_related("round", "round__program").order_by("-submitted_at"),
        "evaluations": talent.rural_evaluations.order_by("-year")[:10],
        "history": _history(request.user, talent, manages),
    })


def _history(user, record, manages: bool):
    """Who changed the record, for its own department's readers with the audit capability (not for a department
    the record is only shared with)."""
    return history_of(record)[:100] if manages and user.has_capability("audit.view") else None


def talent_edit(request, pk):
    talent = selectors.access_talent(request.user, pk, for_change=True)
    names = ["own_name", "own_gender", "own_birth_date", "own_education", "category", "industry", "degree",
             "title_grade", "title_name", "organization", "unit", "post", "skills", "phone", "note"]
    form = _talent_form(request, forms.TalentEditForm, linked=talent.person is not None,
                        initial={name: getattr(talent, name) for name in names})
    return form_page(request, form, lambda data: services.update_talent(request.user, talent, **data),
                     done=_("已保存人才信息。"), template=FORM, then=lambda t: reverse("talent:detail", args=[t.pk]),
                     context={"title": _("修改人才信息：%(name)s") % {"name": talent.name}, "tab": "register"})


@require_POST
def talent_reveal_phone(request, pk):
    talent = selectors.access_talent(request.user, pk)
    try:
        phone = services.reveal_phone(request.user, talent)
    except DomainError as error:
        raise Http404 from error
    return HttpResponse(f'<span data-testid="phone">{escape(phone)}</span>')


def talent_sharing(request, pk):
    talent = selectors.access_talent(request.user, pk, for_change=True)
    candidates = Organization.objects.open().filter(
        Q(depth__lte=2) | Q(depth=3, sector=Organization.Sector.AGENCY)).exclude(
        subtree_q(talent.org_path)).order_by("path")
    form = forms.SharingForm(request.POST or None, organizations=candidates,
                             initial={"organizations": [s.organization_id for s in talent.sharings.all()]})
    return form_page(request, form, lambda data: services.set_sharing(request.user, talent, list(
        data["organizations"])), done=_("已保存共享范围。"), template=FORM,
        then=lambda _r: reverse("talent:detail", args=[talent.pk]),
        context={"title": _("共享人才信息：%(name)s") % {"name": talent.name}, "tab": "register"})


def award_new(request, pk):
    talent = selectors.access_talent(request.user, pk, for_change=True)
    form = forms.AwardForm(request.POST or None, initial={"year": timezone.localdate().year})
    return form_page(request, form, lambda data: services.add_award(request.user, talent, **fields_of(data)),
                     done=_("已登记获奖与荣誉。"), template=FORM,
                     then=lambda _a: reverse("talent:detail", args=[talent.pk]),
                     context={"title": _("登记获奖与荣誉：%(name)s") % {"name": talent.name}, "tab": "register"})


def talent_apply(request, pk):
    talent = selectors.access_talent(request.user, pk, for_change=True)
    rounds = selectors.rounds_visible_to(request.user).filter(status=ProgramRound.Status.OPEN).select_related(
        "program")
    form = forms.ApplyForm(request.POST or None, rounds=rounds)

    def submit(data):
        values = fields_of(data)
        return services.apply(request.user, values.pop("round"), talent=talent, **values)

    return form_page(request, form, submit, done=_("已申报。"), template=FORM,
                     then=lambda a: reverse("talent:application", args=[a.pk]),
                     context={"title": _("申报人才工程：%(name)s") % {"name": talent.name}, "tab": "programs"})


def talent_recognize(request, pk):
    talent = selectors.access_talent(request.user, pk, for_change=True)
    form = forms.RecognizeForm(request.POST or None, recognitions=selectors.recognitions_visible_to(request.user))

    def add(data):
        values = fields_of(data)
        return services.recognize(request.user, values.pop("recognition"), talent=talent, **values)

    return form_page(request, form, add, done=_("已列入表彰名单。"), template=FORM,
                     then=lambda _e: reverse("talent:detail", args=[talent.pk]),
                     context={"title": _("列入表彰名单：%(name)s") % {"name": talent.name}, "tab": "recognitions"})


def talent_rural(request, pk):
    talent = selectors.access_talent(request.user, pk, for_change=True)
    criteria = list(RuralCriterion.objects.all())
    form = forms.RuralForm(request.POST or None, criteria=criteria, initial={"year": timezone.localdate().year})

    def evaluate(data):
        points = {c.pk: data[f"c{c.pk}"] for c in criteria}
        return services.evaluate_rural(request.user, talent, year=data["year"], points=points)

    return form_page(request, form, evaluate, done=_("已保存农村实用人才评价。"), template=FORM,
                     then=lambda _e: reverse("talent:detail", args=[talent.pk]),
                     context={"title": _("农村实用人才评价：%(name)s") % {"name": talent.name}, "tab": "register"})


# ---- statistics -----------------------------------------------------------------------------------------------------

def _chart(chart_id: str, title: str, rows: list[tuple[str, int, str]]) -> dict:
    return {"id": chart_id, "title": title, "labels": [r[0] for r in rows], "values": [r[1] for r in rows],
            "urls": [r[2] for r in rows], "unit": _("人"), "rows": [(r[0], r[1]) for r in rows]}


@require_GET
def statistics(request):
    _require(request.user)
    talents = selectors.talents_visible_to(request.user).active()
    base = reverse("talent:list")
    by_category = dict(talents.values_list("category").annotate(n=Count("pk")).order_by())
    by_industry = dict(talents.values_list("industry").annotate(n=Count("pk")).order_by())
    by_level = dict(talents.values_list("level").annotate(n=Count("pk")).order_by())
    categories = [(c.name, by_category.get(c.pk, 0), f"{base}?{urlencode({'category': c.pk})}")
                  for c in TalentCategory.objects.all()]
    industries = [(i.name, by_industry.get(i.pk, 0), f"{base}?{urlencode({'industry': i.pk})}")
                  for i in Industry.objects.all()]
    if by_industry.get(None):
        industries.append((_("未填产业"), by_industry[None], base))
    level_rows = [(str(label), by_level.get(value, 0), f"{base}?{urlencode({'level': value})}")
                  for value, label in Level.choices]
    charts = [_chart("talent-by-category", _("按人才类别"), categories),
              _chart("talent-by-industry", _("按所属产业"), industries),
              _chart("talent-by-level", _("按人才层次"), level_rows)]
    return render(request, "talent/statistics.html", {
        "charts": charts, "total": sum(by_category.values()), "tab": "statistics"})


# ---- programs -----------------------------------------------------------------------------------------------------

@require_GET
def programs(request):
    _require(request.user)
    rounds = selectors.rounds_visible_to(request.user).select_related("program", "organization").annotate(
        applied=Count("applications")).order_by("-opens_on", "pk")
    page, query = page_of(request, rounds)
    return render(request, "talent/programs.html", {
        "page": page, "query": query, "tab": "programs",
        "funds": selectors.funds_visible_to(request.user).order_by("name"),
        "may_manage": request.user.has_capability(MANAGE),
        "may_create_program": any(len(p) <= 10 for p in request.user.scope_prefixes(MANAGE))})


def program_new(request):
    _require(request.user, MANAGE)
    form = forms.ProgramForm(request.POST or None)
    return form_page(request, form, lambda data: services.create_program(request.user, **fields_of(data)),
                     done=_("已设立人才工程。"), template=FORM, then=lambda _p: reverse("talent:programs"),
                     context={"title": _("设立人才工程"), "tab": "programs"})


def round_new(request):
    _require(request.user, MANAGE)
    form = forms.RoundForm(request.POST or None, organizations=organizations_visible_to(request.user, MANAGE).open(),
                           funds=selectors.funds_visible_to(request.user, MANAGE))

    def create(data):
        values = fields_of(data)
        criteria = []
        for kind in ("min_level", "category", "industry", "max_age", "min_degree"):
            value = values.pop(kind, None)
            if value not in (None, ""):
                criteria.append((kind, value.code if hasattr(value, "code") else str(value)))
        return services.create_round(request.user, criteria=tuple(criteria), **values)

    return form_page(request, form, create, done=_("已开设申报批次。"), template=FORM,
                     then=lambda r: reverse("talent:round", args=[r.pk]),
                     context={"title": _("开设人才工程申报批次"), "tab": "programs"})


@require_GET
def round_detail(request, pk):
    round_ = selectors.access_round(request.user, pk)
    manages = selectors.manages_round(request.user, round_)
    applications = selectors.applications_visible_to(request.user).filter(round=round_).select_related(
        "talent", "talent__member", "talent__cadre", "talent__category").annotate(
        score_count=Count("scores")).order_by("pk")
    page, query = page_of(request, applications)
    next_status = {ProgramRound.Status.OPEN: ProgramRound.Status.REVIEWING,
                   ProgramRound.Status.REVIEWING: ProgramRound.Status.CLOSED}.get(round_.status)
    return render(request, "talent/round.html", {
        "round": round_, "criteria": round_.criteria.all(), "page": page, "query": query, "tab": "programs",
        "may_manage": manages, "next_status": next_status,
        "next_label": ProgramRound.Status(next_status).label if next_status else ""})


@require_POST
def round_status(request, pk):
    round_ = selectors.access_round(request.user, pk)
    if not selectors.manages_round(request.user, round_):
        raise Http404
    form = forms.StatusForm(request.POST)
    return form_page(request, form, lambda data: services.set_round_status(
        request.user, round_, data["status"], expected=data["expected"]), done=_("已更新批次状态。"),
        template=FORM, then=lambda r: reverse("talent:round", args=[r.pk]),
        context={"title": str(round_), "tab": "programs"})


def _application_context(request, application: Application) -> dict:
    scores = list(application.scores.select_related("reviewer").order_by("pk"))
    values = [s.score for s in scores]
    manages = selectors.manages_round(request.user, application.round)
    return {"application": application, "scores": scores, "mean": procedure.mean_score(values),
            "actions": procedure.actions_open(application, values) if manages else [],
            "grants": application.grants.order_by("pk"), "tab": "programs", "may_manage": manages,
            "history": _history(request.user, application, manages)}


@require_GET
def application_detail(request, pk):
    application = selectors.access_application(request.user, pk)
    return render(request, "talent/application.html", _application_context(request, application))


def _for_round_manager(request, pk) -> Application:
    application = selectors.access_application(request.user, pk)
    if not selectors.manages_round(request.user, application.round):
        raise Http404
    return application


def application_score(request, pk):
    application = _for_round_manager(request, pk)
    form = forms.ScoreForm(request.POST or None)
    return form_page(request, form, lambda data: services.score(request.user, application, **data),
                     done=_("已保存评分。"), template=FORM,
                     then=lambda _s: reverse("talent:application", args=[application.pk]),
                     context={"title": _("评审打分：%(name)s，%(project)s") % {"name": application.talent.name, "project": application.project}, "tab": "programs"})


def application_decide(request, pk):
    application = _for_round_manager(request, pk)
    form = forms.DecisionForm(request.POST or None)
    return form_page(request, form, lambda data: services.decide(request.user, application, **data),
                     done=_("已作出决定。"), template=FORM,
                     then=lambda a: reverse("talent:application", args=[a.pk]),
                     context={"title": _("作出决定：%(name)s，%(project)s") % {"name": application.talent.name, "project": application.project}, "tab": "programs"})


def application_grant(request, pk):
    application = _for_round_manager(request, pk)
    form = forms.GrantForm(request.POST or None, initial={"day": timezone.localdate(),
                                                          "amount": application.amount_requested or None})
    return form_page(request, form, lambda data: services.grant(request.user, application, **fields_of(data)),
                     done=_("已发放资助。"), template=FORM,
                     then=lambda _e: reverse("talent:application", args=[application.pk]),
                     context={"title": _("发放资助：%(name)s，%(project)s") % {"name": application.talent.name, "project": application.project}, "tab": "programs"})


@require_GET
def fund_detail(request, pk):
    fund = selectors.access_fund(request.user, pk)
    page, query = page_of(request, fund.entries.select_related("application", "application__talent").order_by(
        "-pk"))
    return render(request, "talent/fund.html", {"fund": fund, "page": page, "query": query, "tab": "programs",
                                                "may_manage": _manages(request.user, fund.org_path)})


def fund_deposit(request, pk):
    fund = selectors.access_fund(request.user, pk)
    if not _manages(request.user, fund.org_path):
        raise Http404
    form = forms.DepositForm(request.POST or None, initial={"day": timezone.localdate()})
    return form_page(request, form, lambda data: services.deposit(request.user, fund, **fields_of(data)),
                     done=_("已登记拨入。"), template=FORM, then=lambda _e: reverse("talent:fund", args=[fund.pk]),
                     context={"title": _("拨入资金：%(name)s") % {"name": fund.name}, "tab": "programs"})


# ---- recognitions -------------------------------------------------------------------------------------------------

@require_GET
def recognitions(request):
    _require(request.user)
    lists = selectors.recognitions_visible_to(request.user).select_related("organization").annotate(
        people=Count("entries")).order_by("-year", "title")
    page, query = page_of(request, lists)
    return render(request, "talent/recognitions.html", {
        "page": page, "query": query, "tab": "recognitions", "may_manage": request.user.has_capability(MANAGE)})


def recognition_new(request):
    _require(request.user, MANAGE)
    form = forms.RecognitionForm(request.POST or None, organizations=organizations_visible_to(
        request.user, MANAGE).open(), initial={"year": timezone.localdate().year,
                                               "announced_on": timezone.localdate()})
    return form_page(request, form, lambda data: services.create_recognition(request.user, **fields_of(data)),
                     done=_("已建立表彰。"), template=FORM, then=lambda r: reverse("talent:recognition", args=[r.pk]),
                     context={"title": _("建立表彰"), "tab": "recognitions"})


@require_GET
def recognition_detail(request, pk):
    recognition = selectors.access_recognition(request.user, pk)
    visible = selectors.talents_visible_to(request.user).values("pk")
    entries = recognition.entries.filter(talent__in=visible).select_related(
        "talent", "talent__member", "talent__cadre", "talent__category", "talent__unit").order_by("pk")
    page, query = page_of(request, entries)
    return render(request, "talent/recognition.html", {
        "recognition": recognition, "page": page, "query": query, "tab": "recognitions",
        "total": recognition.entries.count()})


# ---- the level rules ------------------------------------------------------------------------------------------------

def _root_manager(user) -> bool:
    return any(len(p) <= 10 for p in user.scope_prefixes(MANAGE))


@require_GET
def level_rules(request):
    _require(request.user)
    return render(request, "talent/rules.html", {
        "rules": LevelRule.objects.all(), "tab": "register", "may_change": _root_manager(request.user)})


def level_rule_new(request):
    if not _root_manager(request.user):
        raise Http404
    form = forms.LevelRuleForm(request.POST or None)
    return form_page(request, form, lambda data: services.add_level_rule(request.user, **fields_of(data)),
                     done=_("已增加认定规则，人才层次已重新计算。"), template=FORM,
                     then=lambda _r: reverse("talent:rules"), context={"title": _("增加人才层次认定规则"),
                                                                       "tab": "register"})


@require_POST
def level_rule_toggle(request, pk):
    if not _root_manager(request.user):
        raise Http404
    rule = get_in_scope(LevelRule.objects.all(), pk)
    services.set_rule_active(request.user, rule, not rule.is_active)
    messages.success(request, _("已调整认定规则，人才层次已重新计算。"))
    return redirect("talent:rules")
