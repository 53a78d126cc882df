"""Pages of ballots for tellers and the department: the list, a new ballot, the tally with its seal, attendance,
codes and their printed slips, closing, and the downloads (选票明细 .xlsx, 计票单 .docx/.pdf). Paper entry is in
``entry_views``; the public voting page in ``public_views``. Everything goes through ``selectors`` (404 out of
scope) and ``services`` (the capability, the decision, the message)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_POST

from zugong.ballots import documents, exports, selectors, services
from zugong.ballots.forms import BallotCreateForm, CodesForm, PresentForm
from zugong.ballots.models import Ballot, PaperEntry
from zugong.ballots.seal import verify_seal
from zugong.core.access import DomainError
from zugong.core.downloads import DOCX, xlsx_response
from zugong.core.forms_helpers import run_service
from zugong.organizations.selectors import organizations_visible_to
from zugong.surveys import slips as slip_links

CAPABILITY = services.CAPABILITY
SEAL_BROKEN = "封存码核验不符：结束计票后选票已被改动，本结果不能采信"
SLIPS_PER_PAGE = 24  # 3 × 8 on an A4 sheet, as the surveys' slips
SEAL_OK = "封存码核验一致：选票与结束计票时相同"


def _require_capability(request) -> None:
    if not request.user.has_capability(CAPABILITY):
        raise Http404


@require_GET
def ballot_list(request):
    _require_capability(request)
    ballots = selectors.ballots_visible_to(request.user).order_by("-held_on", "-pk")
    status = request.GET.get("status", "")
    if status in Ballot.Status.values:
        ballots = ballots.filter(status=status)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "ballots/list.html", {
        "page": Paginator(ballots, 50).get_page(request.GET.get("page")), "query": query.urlencode(),
        "status": status, "statuses": Ballot.Status.choices})


def ballot_create(request):
    _require_capability(request)
    form = BallotCreateForm(request.POST or None, organizations=organizations_visible_to(request.user, CAPABILITY).open())
    if request.method == "POST" and form.is_valid():
        ballot = run_service(form, lambda: services.open_ballot(request.user, **form.service_arguments()))
        if ballot is not None:
            messages.success(request, f"已建立票决「{ballot}」")
            return redirect(ballot)
    return render(request, "ballots/form.html", {"form": form})


def _tabs(ballot: Ballot, tab: str) -> dict:
    return {"ballot": ballot, "ballot_tab": tab}


@require_GET
def ballot_detail(request, pk):
    ballot = selectors.access_ballot(request.user, pk)
    result = selectors.tally(ballot)
    sealed_ok = verify_seal(ballot) if ballot.seal else None
    waiting = ballot.paper_entries.exclude(status=PaperEntry.Status.DONE).count() if ballot.is_open else 0
    return render(request, "ballots/detail.html", {
        **_tabs(ballot, "tally"), "tally": result, "sealed_ok": sealed_ok, "seal_broken": SEAL_BROKEN,
        "seal_fine": SEAL_OK, "waiting": waiting, "present_form": PresentForm(initial={
            "present": ballot.present_recorded}) if ballot.roll_on_paper and ballot.is_open else None})


@require_POST
def ballot_close(request, pk):
    ballot = selectors.access_ballot(request.user, pk)
    try:
        services.close_ballot(request.user, ballot)
        messages.success(request, "已结束计票，选票已封存")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(ballot)


@require_POST
def ballot_present(request, pk):
    ballot = selectors.access_ballot(request.user, pk)
    form = PresentForm(request.POST)
    if form.is_valid():
        try:
            services.record_present(request.user, ballot, form.cleaned_data["present"])
            messages.success(request, f"已登记实到会人数{form.cleaned_data['present']}人")
        except DomainError as error:
            messages.error(request, error.message)
    else:
        messages.error(request, "实到会人数应为整数：" + "；".join(e for errors in form.errors.values() for e in errors))
    return redirect(ballot)


def ballot_roll(request, pk):
    ballot = selectors.access_ballot(request.user, pk)
    if request.method == "POST":
        entry = ballot.roll.filter(pk=request.POST.get("entry") or 0).first()
        if entry is None:
            raise Http404
        try:
            services.mark_voted(request.user, ballot, entry, voted=request.POST.get("voted") == "1")
        except DomainError as error:
            messages.error(request, error.message)
        return redirect(f"{request.path}?page={request.POST.get('page', 1)}")
    return render(request, "ballots/roll.html", {
        **_tabs(ballot, "roll"), "page": Paginator(ballot.roll.all(), 100).get_page(request.GET.get("page")),
        "query": "", "voted": ballot.roll.filter(has_voted=True).count()})


def ballot_codes(request, pk):
    ballot = selectors.access_ballot(request.user, pk)
    form = CodesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        made = run_service(form, lambda: services.issue_codes(request.user, ballot, form.cleaned_data["count"]))
        if made is not None:
            messages.success(request, f"已生成投票码{len(made)}个")
            return redirect("ballots:codes", pk=ballot.pk)
    codes = ballot.codes.all()
    return render(request, "ballots/codes.html", {
        **_tabs(ballot, "codes"), "form": form, "issued": codes.count(), "used": codes.filter(used=True).count()})


@require_GET
def ballot_slips(request, pk):
    ballot = selectors.access_ballot(request.user, pk, for_change=True)
    codes = []
    for code in ballot.codes.filter(used=False).order_by("pk").values_list("code", flat=True):
        link = slip_links.public_url(request, reverse("ballot_public:vote", args=[code]))
        codes.append({"code": code, "url": link, "qr": slip_links.qr_image(link)})
    sheets = [codes[i:i + SLIPS_PER_PAGE] for i in range(0, len(codes), SLIPS_PER_PAGE)]
    return render(request, "ballots/slips.html", {
        **_tabs(ballot, "codes"), "sheets": sheets, "count": len(codes),
        "public_url": slip_links.public_url(request, reverse("ballot_public:start"))})


@require_GET
def ballots_xlsx(request, pk):
    ballot = selectors.access_ballot(request.user, pk)
    return xlsx_response(exports.ballots_workbook(ballot), f"ballots-{ballot.pk}.xlsx")


@require_GET
def count_sheet(request, pk, fmt):
    ballot = selectors.access_ballot(request.user, pk)
    result = selectors.tally(ballot)
    if fmt == "pdf":
        response = HttpResponse(documents.count_sheet_pdf(result), content_type="application/pdf")
    else:
        response = HttpResponse(documents.count_sheet_docx(result), content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename=count-sheet-{ballot.pk}.{fmt}"
    return response


urlpatterns = [
    path("", ballot_list, name="list"),
    path("new/", ballot_create, name="create"),
    path("<int:pk>/", ballot_detail, name="detail"),
    path("<int:pk>/close/", ballot_close, name="close"),
    path("<int:pk>/present/", ballot_present, name="present"),
    path("<int:pk>/roll/", ballot_roll, name="roll"),
    path("<int:pk>/codes/", ballot_codes, name="codes"),
    path("<int:pk>/codes/slips/", ballot_slips, name="slips"),
    path("<int:pk>/ballots.xlsx", ballots_xlsx, name="xlsx"),
    path("<int:pk>/count-sheet.docx", count_sheet, {"fmt": "docx"}, name="count_docx"),
    path("<int:pk>/count-sheet.pdf", count_sheet, {"fmt": "pdf"}, name="count_pdf"),
]
