"""Pages of survey design (问卷设计): the list, a new survey, its design (indicators, sections, questions and their
scored options), opening and closing, a new version once answered; respondent groups, codes and printable slips."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from zugong.core.access import DomainError, path_in_scope
from zugong.core.downloads import xlsx_response
from zugong.core.forms_helpers import form_page, run_service
from zugong.core.submissions import fields_of
from zugong.core.tree import subtree_q
from zugong.organizations.selectors import organizations_visible_to
from zugong.surveys import design as designs
from zugong.surveys import forms, group_services, selectors, services
from zugong.surveys import slips as slip_links
from zugong.surveys.excel import invitation_links_workbook
from zugong.surveys.models import Invitation, Question, Response, Survey

FORM = "surveys/form.html"
SLIPS_PER_PAGE = 24  # 3 × 8 on an A4 sheet
SCALES = [designs.SATISFACTION_SCALE, designs.CONDUCT_SCALE, designs.REVIEW_SCALE, designs.DEGREE_SCALE]


def survey_context(request, survey: Survey, tab: str) -> dict:
    """What the tab bar and the buttons of one survey's pages need."""
    user = request.user
    can_enter = (path_in_scope(user, "surveys.enter", survey.org_path)
                 or selectors.groups_visible_to(user, survey, "surveys.enter").exists())
    return {"survey": survey, "survey_tab": tab, "can_enter": can_enter,
            "can_manage": path_in_scope(user, "surveys.manage", survey.org_path)}


def _detail(survey: Survey) -> str:
    return reverse("surveys:detail", args=[survey.pk])


def _groups(survey: Survey) -> str:
    return reverse("surveys:groups", args=[survey.pk])


# --- the list and a new survey ---------------------------------------------------------------------------------


@require_GET
def survey_list(request):
    if not request.user.has_capability("surveys.view"):
        raise Http404
    form = forms.SurveyFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    surveys = selectors.surveys_visible_to(request.user).annotate(response_count=Count("responses"))
    surveys = surveys.order_by("-year", "name", "-version", "pk")  # a GROUP BY drops the model's ordering
    for key in ("year", "kind", "status"):
        if data.get(key):
            surveys = surveys.filter(**{key: data[key]})
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "surveys/list.html", {
        "form": form, "page": Paginator(surveys, 50).get_page(request.GET.get("page")), "query": query.urlencode(),
        "can_create": request.user.has_capability("surveys.manage")})


def survey_create(request):
    if not request.user.has_capability("surveys.manage"):
        raise Http404
    form = forms.SurveyCreateForm(request.POST or None,
                                  organizations=organizations_visible_to(request.user, "surveys.manage").open(),
                                  surveys=selectors.surveys_visible_to(request.user))
    return form_page(request, form, lambda d: services.create_survey(request.user, **fields_of(d)),
                     done=lambda s: f"已新建调查「{s}」。", then=_detail, template=FORM,
                     context={"title": _("新建调查")})


# --- one survey's design ---------------------------------------------------------------------------------------


@require_GET
def survey_detail(request, pk):
    survey = selectors.access_survey(request.user, pk)
    questions = survey.questions.select_related("indicator").prefetch_related("options")
    sections = [(section, [q for q in questions if q.section_id == section.pk]) for section in survey.sections.all()]
    indicators = list(survey.indicators.annotate(question_count=Count("questions")))
    return render(request, "surveys/detail.html", {
        **survey_context(request, survey, "design"), "sections": sections,
        "main_indicators": [i for i in indicators if i.level == "main"],
        "secondary_indicators": [i for i in indicators if i.level == "secondary"],
        "frozen": survey.has_responses, "problems": services.design_problems(survey),
        "versions": Survey.objects.filter(previous_version=survey).order_by("version")})


def survey_edit(request, pk):
    survey = selectors.manageable_survey(request.user, pk)
    initial = {key: getattr(survey, key) for key in ("name", "year", "intro", "anonymous", "double_entry")}
    form = forms.SurveyEditForm(request.POST or None, initial={**initial, "compare_with": survey.compare_with_id},
                                surveys=selectors.surveys_visible_to(request.user).exclude(pk=survey.pk))
    if survey.has_responses:
        form.fields["anonymous"].help_text = _("本调查已有答卷，匿名设置不能再更改")
    return form_page(request, form, lambda d: services.update_survey(request.user, survey, **d),
                     done=lambda s: f"已保存「{s}」的基本信息。", then=_detail, template=FORM,
                     context={**survey_context(request, survey, "design"), "title": _("修改基本信息")})


STATUS_DONE = {Survey.Status.OPEN: "「{}」已开始填写。", Survey.Status.CLOSED: "「{}」已结束填写。",
               Survey.Status.DRAFT: "「{}」已退回设计中。"}


@require_POST
def survey_status(request, pk):
    survey = selectors.manageable_survey(request.user, pk)
    status = request.POST.get("status", "")
    if status not in Survey.Status.values:
        raise Http404
    try:
        services.set_status(request.user, survey, status)
        messages.success(request, STATUS_DONE[status].format(survey))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(_detail(survey))


@require_POST
def survey_new_version(request, pk):
    survey = selectors.manageable_survey(request.user, pk)
    try:
        copy = services.new_version(request.user, survey)
    except DomainError as error:  # a newer version still unanswered (the button pressed twice): change that one
        messages.error(request, error.message)
        return redirect(_detail(survey))
    messages.success(request, f"已建立新版本「{copy}」，可以修改问卷；原版本及其答卷保持不变。")
    return redirect(_detail(copy))


@require_POST
def cadre_questions(request, pk):
    """一报告两评议: a question for each cadre promoted in the survey's year."""
    survey = selectors.manageable_survey(request.user, pk)
    try:
        made = services.add_promoted_cadre_questions(request.user, survey)
        messages.success(request, f"已按{survey.year}年新提拔任用干部生成评议题目{len(made)}道。" if made
                         else f"没有需要新增的题目：{survey.year}年新提拔任用的干部均已列入。")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(_detail(survey))


def indicator_new(request, pk):
    survey = selectors.manageable_survey(request.user, pk)
    form = forms.IndicatorForm(request.POST or None, initial={"level": "secondary"})
    return form_page(request, form, lambda d: services.add_indicator(request.user, survey, **d),
                     done=lambda i: f"已新增指标「{i.code} {i.name}」。", then=lambda _i: _detail(survey), template=FORM,
                     context={**survey_context(request, survey, "design"), "title": _("新增指标")})


def section_new(request, pk):
    survey = selectors.manageable_survey(request.user, pk)
    form = forms.SectionForm(request.POST or None)
    return form_page(request, form, lambda d: services.add_section(request.user, survey, **fields_of(d)),
                     done=lambda s: f"已新增部分「{s}」。", then=lambda _s: _detail(survey), template=FORM,
                     context={**survey_context(request, survey, "design"), "title": _("新增部分")})


def option_lines(question: Question) -> str:
    """The question's options as typed: one ``标签=分值`` (or ``标签=不计分``) a line."""
    return "\n".join(f"{o.label}={o.score}" if o.counted else f"{o.label}=不计分" for o in question.options.all())


def _scale_buttons() -> list[dict]:
    return [{"label": "/".join(label for label, _s, _c in scale),
             "lines": "\n".join(f"{label}={score}" if counted else f"{label}=不计分" for label, score, counted in scale)}
            for scale in SCALES]


def _question_page(request, survey: Survey, question: Question | None):
    if question is None:
        initial = {"section": survey.sections.last(), "kind": Question.Kind.SINGLE, "required": True}
    else:
        initial = {"section": question.section_id, "text": question.text, "kind": question.kind,
                   "indicator": question.indicator_id, "required": question.required, "options": option_lines(question)}
    form = forms.QuestionForm(request.POST or None, initial=initial, survey=survey)
    title = _("新增题目") if question is None else _("修改第%(number)s题") % {"number": question.number}
    return form_page(request, form, lambda d: services.save_question(request.user, survey, question=question,
                                                                                **fields_of(d)),
                     done=lambda q: f"已保存第{q.number}题。", then=lambda _q: _detail(survey),
                     template="surveys/question_form.html",
                     context={**survey_context(request, survey, "design"), "title": title, "scales": _scale_buttons()})


def question_new(request, pk):
    return _question_page(request, selectors.manageable_survey(request.user, pk), None)


def question_edit(request, pk, question_pk):
    survey = selectors.manageable_survey(request.user, pk)
    return _question_page(request, survey, selectors.access_question(request.user, survey, question_pk))


@require_POST
def question_delete(request, pk, question_pk):
    survey = selectors.manageable_survey(request.user, pk)
    question = selectors.access_question(request.user, survey, question_pk)
    try:
        services.delete_question(request.user, survey, question)
        messages.success(request, f"已删除第{question.number}题，后面的题号依次前移。")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(_detail(survey))


# --- respondent groups and codes -------------------------------------------------------------------------------


def _count(model, **filters):
    counted = (model.objects.filter(group=OuterRef("pk"), **filters).order_by().values("group")
               .annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _group_rows(request, survey: Survey, failed: forms.InvitationForm | None = None, failed_pk=None) -> list[dict]:
    groups = selectors.groups_visible_to(request.user, survey).annotate(
        issued=_count(Invitation), used=_count(Invitation, used=True), received=_count(Response))
    rows = []
    for group in groups:
        form = None
        if path_in_scope(request.user, "surveys.manage", group.org_path):
            form = failed if group.pk == failed_pk else forms.InvitationForm(auto_id=f"id_g{group.pk}_%s")
        rows.append({"group": group, "form": form, "unused": group.issued - group.used})
    return rows


def _group_form(request, survey: Survey, data=None) -> forms.GroupForm | None:
    if not path_in_scope(request.user, "surveys.manage", survey.org_path):
        return None
    organizations = (organizations_visible_to(request.user, "surveys.manage").open()
                     .filter(subtree_q(survey.organization.path, "path")))
    return forms.GroupForm(data, organizations=organizations, initial={"organization": survey.organization_id})


def _bulk_forms(request, survey: Survey, data=None, which: str = "") -> dict:
    """复制调查对象 and 每个下级组织一组, for whoever manages the survey (``which`` form bound to ``data``)."""
    if not path_in_scope(request.user, "surveys.manage", survey.org_path):
        return {}
    organizations = (organizations_visible_to(request.user, "surveys.manage").open()
                     .filter(subtree_q(survey.organization.path, "path")))
    return {"copy_form": forms.CopyGroupsForm(data if which == "copy" else None, survey=survey,
                                              surveys=selectors.surveys_visible_to(request.user), prefix="copy"),
            "children_form": forms.ChildGroupsForm(data if which == "children" else None, organizations=organizations,
                                                   prefix="children", initial={"parent": survey.organization_id})}


def _groups_page(request, survey: Survey, group_form=None, failed=None, failed_pk=None, status=200, bulk=None):
    return render(request, "surveys/groups.html", {
        **survey_context(request, survey, "groups"), "rows": _group_rows(request, survey, failed, failed_pk),
        "group_form": group_form or _group_form(request, survey), **(bulk or _bulk_forms(request, survey))},
        status=status)


@require_GET
def group_list(request, pk):
    return _groups_page(request, selectors.access_survey(request.user, pk))


@require_POST
def group_new(request, pk):
    survey = selectors.manageable_survey(request.user, pk)
    form = _group_form(request, survey, request.POST)
    assert form is not None  # a manageable survey has the form
    if form.is_valid():
        group = run_service(form, lambda: services.add_group(request.user, survey, **form.cleaned_data))
        if group is not None:
            messages.success(request, f"已新增调查对象「{group}」，样本数{group.quota}。")
            return redirect(_groups(survey))
    return _groups_page(request, survey, group_form=form)


@require_POST
def groups_copy(request, pk):
    """Every group of another survey (usually last year's), all or none."""
    survey = selectors.manageable_survey(request.user, pk)
    bulk = _bulk_forms(request, survey, request.POST, "copy")
    form = bulk["copy_form"]
    if form.is_valid():
        made = run_service(form, lambda: group_services.copy_groups(request.user, survey,
                                                                    source=form.cleaned_data["source"]))
        if made is not None:
            messages.success(request, f"已从「{form.cleaned_data['source']}」复制调查对象{len(made)}组。")
            return redirect(_groups(survey))
    return _groups_page(request, survey, bulk=bulk)


@require_POST
def groups_for_children(request, pk):
    """One group of a kind for each organization directly under the one chosen, all or none."""
    survey = selectors.manageable_survey(request.user, pk)
    bulk = _bulk_forms(request, survey, request.POST, "children")
    form = bulk["children_form"]
    if form.is_valid():
        made = run_service(form, lambda: group_services.add_child_groups(request.user, survey, **fields_of(
            form.cleaned_data)))
        if made is not None:
            messages.success(request, f"已为「{form.cleaned_data['parent']}」的{len(made)}个下级组织各新增一组调查对象。")
            return redirect(_groups(survey))
    return _groups_page(request, survey, bulk=bulk)


@require_POST
def invitations_new(request, pk, group_pk):
    survey = selectors.access_survey(request.user, pk, "surveys.manage")
    group = selectors.access_group(request.user, survey, group_pk, "surveys.manage")
    form = forms.InvitationForm(request.POST, auto_id=f"id_g{group.pk}_%s")
    if form.is_valid():
        data = form.cleaned_data
        issued = run_service(form, lambda: services.issue_invitations(
            request.user, group, count=data.get("count") or 0, invitees=data["names"]))
        if issued is not None:
            messages.success(request, f"已为「{group}」生成{len(issued)}个邀请码。")
            return redirect(_groups(survey))
    return _groups_page(request, survey, failed=form, failed_pk=group.pk)


@require_GET
def slips(request, pk, group_pk):
    survey = selectors.access_survey(request.user, pk, "surveys.manage")
    group = selectors.access_group(request.user, survey, group_pk, "surveys.manage")
    codes = []
    for invitation in group.invitations.filter(used=False).order_by("pk"):
        link = slip_links.answer_url(request, invitation.code)
        codes.append({"code": invitation.code, "url": link, "qr": slip_links.qr_image(link)})
    sheets = [codes[i:i + SLIPS_PER_PAGE] for i in range(0, len(codes), SLIPS_PER_PAGE)]
    return render(request, "surveys/slips.html", {
        **survey_context(request, survey, "groups"), "group": group, "sheets": sheets, "count": len(codes),
        "public_url": slip_links.public_url(request, reverse("survey_public:start"))})


@require_GET
def links(request, pk, group_pk):
    """The unused codes as links (.xlsx), to send one by one (短信、微信) instead of printing slips."""
    survey = selectors.access_survey(request.user, pk, "surveys.manage")
    group = selectors.access_group(request.user, survey, group_pk, "surveys.manage")
    invitations = group.invitations.filter(used=False).order_by("pk")
    rows = [(i.code, slip_links.answer_url(request, i.code), i.invitee) for i in invitations]
    return xlsx_response(invitation_links_workbook(survey, group, rows), f"survey-{survey.pk}-group-{group.pk}-links.xlsx")


urlpatterns = [
    path("", survey_list, name="list"),
    path("new/", survey_create, name="create"),
    path("<int:pk>/", survey_detail, name="detail"),
    path("<int:pk>/edit/", survey_edit, name="edit"),
    path("<int:pk>/status/", survey_status, name="status"),
    path("<int:pk>/new-version/", survey_new_version, name="new_version"),
    path("<int:pk>/cadre-questions/", cadre_questions, name="cadre_questions"),
    path("<int:pk>/indicators/new/", indicator_new, name="indicator_new"),
    path("<int:pk>/sections/new/", section_new, name="section_new"),
    path("<int:pk>/questions/new/", question_new, name="question_new"),
    path("<int:pk>/questions/<int:question_pk>/", question_edit, name="question_edit"),
    path("<int:pk>/questions/<int:question_pk>/delete/", question_delete, name="question_delete"),
    path("<int:pk>/groups/", group_list, name="groups"),
    path("<int:pk>/groups/new/", group_new, name="group_new"),
    path("<int:pk>/groups/copy/", groups_copy, name="groups_copy"),
    path("<int:pk>/groups/children/", groups_for_children, name="groups_for_children"),
    path("<int:pk>/groups/<int:group_pk>/invitations/", invitations_new, name="invitations"),
    path("<int:pk>/groups/<int:group_pk>/slips/", slips, name="slips"),
    path("<int:pk>/groups/<int:group_pk>/links.xlsx", links, name="links"),
]
