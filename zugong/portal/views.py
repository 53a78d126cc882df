"""Staff pages of the portal (党务公开, /portal/): the list of articles in the reader's scope, drafting and editing,
a 公示's people, attachments, an article's page with each step of the procedure and why not, the steps themselves,
and the development 公示 (发展党员公示) drawn from the development cases.

Who: ``portal.publish`` (department administrators and operators) drafts and sends for review over their part of the
tree, ``portal.review`` (department administrators) returns, publishes and withdraws; either reads the list. The
anonymous pages at ``/`` are ``public_views.py``'s.
"""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zugong.core.access import DomainError, get_in_scope, path_in_scope, scope_q
from zugong.core.forms_helpers import form_page, run_service
from zugong.core.models import AuditEvent
from zugong.core.paging import page_of
from zugong.core.policy import policy_int, policy_values
from zugong.development.models import DevelopmentCase
from zugong.organizations.models import Organization
from zugong.organizations.selectors import organizations_visible_to
from zugong.portal import development_publicity, forms, procedure, services
from zugong.portal import policies as P
from zugong.portal.models import Article, Attachment

PUBLISH, REVIEW = "portal.publish", "portal.review"
S = Article.Status


def articles_visible_to(user):
    return Article.objects.filter(scope_q(user, PUBLISH, "org_path") | scope_q(user, REVIEW, "org_path"))


def access_article(user, pk, for_change: bool = False) -> Article:
    articles = Article.objects.filter(scope_q(user, PUBLISH, "org_path")) if for_change else articles_visible_to(user)
    return get_in_scope(articles.select_related("organization", "author", "reviewer", "corrects"), pk)


def access_attachment(user, pk, for_change: bool = False) -> Attachment:
    articles = Article.objects.filter(scope_q(user, PUBLISH, "org_path")) if for_change else articles_visible_to(user)
    return get_in_scope(Attachment.objects.filter(article__in=articles).select_related("article__organization"), pk)


def _detail(article: Article):
    return redirect(reverse("portal:detail", args=[article.pk]))


@require_GET
def article_list(request):
    if not request.user.has_capability(PUBLISH) and not request.user.has_capability(REVIEW):
        raise Http404
    form = forms.ArticleFilterForm(request.GET or None, organizations=organizations_visible_to(
        request.user, PUBLISH) | organizations_visible_to(request.user, REVIEW))
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    articles = articles_visible_to(request.user)
    if data.get("kind"):
        articles = articles.filter(kind=data["kind"])
    if data.get("unit"):
        articles = articles.under(data["unit"].path)
    if query := (data.get("q") or "").strip():
        articles = articles.filter(Q(title__contains=query) | Q(summary__contains=query))
    counts = dict(articles.order_by().values_list("status").annotate(n=Count("pk")))
    if data.get("status"):
        articles = articles.filter(status=data["status"])
    page, params = page_of(request, articles.select_related("organization", "author").order_by("-created_at", "-pk"))
    status_query = request.GET.copy()
    status_query.pop("status", None)
    status_query.pop("page", None)
    return render(request, "portal/list.html", {
        "form": form, "page": page, "query": params, "status_query": status_query.urlencode(),
        "counts": [(value, label, counts.get(value, 0)) for value, label in S.choices],
        "total": sum(counts.values()), "kinds": Article.Kind.choices if request.user.has_capability(PUBLISH) else []})


@require_http_methods(["GET", "POST"])
def article_new(request, kind):
    if kind not in Article.Kind.values or not request.user.has_capability(PUBLISH):
        raise Http404
    form = forms.NewArticleForm(request.POST or None, organizations=organizations_visible_to(request.user,
                                                                                             PUBLISH).open())
    label = Article.Kind(kind).label
    return form_page(request, form, lambda d: services.draft_article(
        request.user, d["organization"], kind=kind, title=d["title"], summary=d["summary"], body=d["body"],
        starts_on=d["starts_on"], ends_on=d["ends_on"], contact=d["contact"]),
        done=gettext("草稿已保存。"), then=lambda a: reverse("portal:detail", args=[a.pk]),
        template="portal/form.html", context={"title": gettext("撰写{kind}").format(kind=label), "kind": kind})


@require_http_methods(["GET", "POST"])
def article_edit(request, pk):
    article = access_article(request.user, pk, for_change=True)
    form = forms.ArticleForm(request.POST or None, initial={
        name: getattr(article, name) for name in ("title", "summary", "body", "starts_on", "ends_on", "contact")})
    return form_page(request, form, lambda d: services.update_draft(
        request.user, article, title=d["title"], summary=d["summary"], body=d["body"], starts_on=d["starts_on"],
        ends_on=d["ends_on"], contact=d["contact"]),
        done=gettext("草稿已保存。"), then=lambda a: reverse("portal:detail", args=[a.pk]),
        template="portal/form.html", context={"title": gettext("修改草稿"), "article": article,
                                              "not_draft": article.status != S.DRAFT})


@require_http_methods(["GET", "POST"])
def entries(request, pk):
    """A 公示's people as one table; saved as a whole (the service names every bad row at once)."""
    article = access_article(request.user, pk, for_change=True)
    if article.kind != Article.Kind.PUBLICITY:
        raise Http404
    initial = list(article.entries.values("name", "sex", "birth_month", "education", "current_post",
                                          "proposed_post"))
    formset = forms.EntryFormSet(request.POST or None, initial=initial, prefix="entries")
    problems: list[str] = []
    if request.method == "POST":
        if not formset.is_valid():
            problems = forms.entry_errors(formset)
        else:
            try:
                saved = services.set_entries(request.user, article, forms.entry_rows(formset))
            except DomainError as error:
                problems = error.message.split("；")
            else:
                messages.success(request, gettext("已保存公示对象{n}人。").format(n=saved))
                return _detail(article)
    return render(request, "portal/entries.html", {"article": article, "formset": formset, "problems": problems,
                                                   "not_draft": article.status != S.DRAFT})


@require_http_methods(["GET", "POST"])
def attachment_new(request, pk):
    article = access_article(request.user, pk, for_change=True)
    form = forms.AttachmentForm(request.POST or None, request.FILES or None)
    return form_page(request, form, lambda d: services.add_attachment(
        request.user, article, d["file"].name, d["file"].read()),
        done=gettext("附件已上传。"), then=lambda a: reverse("portal:detail", args=[article.pk]),
        template="portal/form.html", context={"title": gettext("上传附件"), "article": article, "multipart": True,
                                              "limit_mb": policy_int(P.UPLOAD_MAX_MB.key)})


@require_POST
def attachment_remove(request, pk):
    attachment = access_attachment(request.user, pk, for_change=True)
    try:
        services.remove_attachment(request.user, attachment)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, gettext("已删除附件「{name}」。").format(name=attachment.name))
    return _detail(attachment.article)


@require_GET
def attachment_file(request, pk):
    attachment = access_attachment(request.user, pk)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)


def _why_not(request, article: Article, step: procedure.Step, today, values: dict, entries: int) -> str | None:
    if not path_in_scope(request.user, step.capability, article.org_path):
        text = (gettext("您在「{org}」没有审核党务公开信息的权限") if step.capability == REVIEW
                else gettext("您在「{org}」没有撰写党务公开信息的权限"))
        return text.format(org=article.organization.name)
    # A reason is typed on the step's own page; the button is offered when everything else allows the step.
    return procedure.refusal(article, step.code, actor=request.user, today=today, reason="-", entries=entries,
                             values=values)


@never_cache
@require_GET
def article_detail(request, pk):
    article = access_article(request.user, pk)
    today = timezone.localdate()
    values = policy_values("portal.")
    count = article.entries.count()
    steps = [{"step": step, "why": _why_not(request, article, step, today, values, count)} for step in procedure.STEPS]
    history = None
    if request.user.has_capability("audit.view"):
        history = AuditEvent.objects.filter(object_type=ContentType.objects.get_for_model(Article),
                                            object_id=str(article.pk)).select_related("actor", "object_type")[:100]
    return render(request, "portal/detail.html", {
        "article": article, "entries": article.entries.all(), "attachments": article.attachments.all(),
        "corrections": article.corrections.order_by("pk"), "steps": steps, "history": history,
        "can_edit": article.status == S.DRAFT and path_in_scope(request.user, PUBLISH, article.org_path),
        "working_days": values.get(P.PUBLICITY_WORKING_DAYS.key), "today": today})


@require_http_methods(["GET", "POST"])
def step(request, pk, code):
    article = access_article(request.user, pk)
    current = procedure.BY_CODE.get(code)
    if current is None:
        raise Http404
    today = timezone.localdate()
    # Bound on every POST: a step without a reason posts nothing but its token, and an empty form is still a click.
    form = (forms.ReasonForm if current.needs_reason else forms.ConfirmForm)(
        request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if current is procedure.CORRECT:
            result = run_service(form, lambda: services.correct(request.user, article, today=today))
        else:
            result = run_service(form, lambda: services.take_step(
                request.user, article, code, reason=form.cleaned_data.get("reason", ""), today=today))
        if result is not None:
            messages.success(request, gettext("已{step}。").format(step=current.label))
            return _detail(result)
    why = _why_not(request, article, current, today, policy_values("portal."), article.entries.count())
    return render(request, "portal/step.html", {"article": article, "form": form, "step": current, "why": why})


def _own_committee(organizations) -> Organization | None:
    """A township operator's own party committee, chosen before they ask: the one shallowest organization they
    publish for, unless that is the top of the tree (the department picks the committee itself)."""
    tops = list(organizations.order_by("depth", "path")[:2])
    if tops and tops[0].depth > 1 and (len(tops) == 1 or tops[1].depth > tops[0].depth):
        return tops[0]
    return None


@require_http_methods(["GET", "POST"])
def development(request):
    """The 发展党员公示: choose the publishing organization, tick the due cases, and a draft is made."""
    if not request.user.has_capability(PUBLISH):
        raise Http404
    organizations = organizations_visible_to(request.user, PUBLISH).open()
    chooser = forms.ChooseOrganizationForm(request.GET or None, organizations=organizations)
    raw = (request.POST or request.GET).get("organization", "")
    chosen = organizations.filter(pk=raw).first() if raw.isdigit() else _own_committee(organizations)
    if chosen and not raw:
        chooser = forms.ChooseOrganizationForm(initial={"organization": chosen}, organizations=organizations)
    cases = development_publicity.due_cases(request.user, chosen) if chosen else DevelopmentCase.objects.none()
    today = timezone.localdate()
    end = procedure.publicity_end(today, policy_int(P.PUBLICITY_WORKING_DAYS.key)).end
    listed = development_publicity.listed(chosen) if chosen else set()
    form = forms.DevelopmentPublicityForm(request.POST or None, organizations=organizations, cases=cases,
                                          listed=listed, initial={
        "organization": chosen, "title": development_publicity.TITLE, "starts_on": today, "ends_on": end,
        "contact": chosen.contact_phone if chosen else ""})
    return form_page(request, form, lambda d: development_publicity.draft_development_publicity(
        request.user, d["organization"], list(d["cases"]), title=d["title"], starts_on=d["starts_on"],
        ends_on=d["ends_on"], contact=d["contact"]),
        done=gettext("已生成发展党员公示草稿，请核对后送审。"), then=lambda a: reverse("portal:detail", args=[a.pk]),
        template="portal/development.html", context={
            "chooser": chooser, "chosen": chosen, "cases": cases,
            "title": _("发展党员公示"), "working_days": policy_int(P.PUBLICITY_WORKING_DAYS.key)})
