"""Paper ballots (纸质选票录入): the teller's keyboard-fast form, the entries with their mismatches, and how a
mismatch is resolved against the paper — as the surveys' paper entry (``surveys/entry_views.py``)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import path, reverse

from zugong.ballots import selectors, services
from zugong.ballots.forms import PaperBallotForm, shown_entry, typed_initial
from zugong.ballots.models import Ballot, PaperEntry
from zugong.core.access import get_in_scope
from zugong.core.forms_helpers import run_service

OUTCOMES = {
    PaperEntry.Status.DONE: (messages.SUCCESS, "第{}张选票已计入"),
    PaperEntry.Status.AWAITING_SECOND: (messages.SUCCESS, "第{}张选票已保存第一次录入，等待另一名计票员第二次录入"),
    PaperEntry.Status.MISMATCH: (messages.WARNING, "第{}张选票两次录入不一致，已列入待核对"),
}


def _counts(ballot: Ballot) -> dict:
    by_status = dict(ballot.paper_entries.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    return {"awaiting": by_status.get(PaperEntry.Status.AWAITING_SECOND, 0),
            "mismatch": by_status.get(PaperEntry.Status.MISMATCH, 0),
            "done": by_status.get(PaperEntry.Status.DONE, 0)}


def _next_number(ballot: Ballot, user) -> int:
    """The next number this teller has not typed yet (the first teller's next; the second's next of the first's)."""
    typed = set(ballot.paper_entries.filter(first_by=user).values_list("number", flat=True)) | set(
        ballot.paper_entries.filter(second_by=user).values_list("number", flat=True))
    number = 1
    while number in typed:
        number += 1
    return number


def paper(request, pk):
    ballot = selectors.access_ballot(request.user, pk)
    candidates = services.candidates_of(ballot)
    form = PaperBallotForm(request.POST or None, ballot=ballot, candidates=candidates,
                           initial={"number": _next_number(ballot, request.user)})
    if request.method == "POST" and form.is_valid():
        choices, written = form.marks()
        sheet = run_service(form, lambda: services.enter_paper(
            request.user, ballot, number=form.cleaned_data["number"], valid=not form.cleaned_data["invalid"],
            choices=choices, written=written))
        if sheet is not None:
            level, text = OUTCOMES[sheet.status]
            messages.add_message(request, level, text.format(sheet.number))
            return redirect("ballots:paper", pk=ballot.pk)
    return render(request, "ballots/paper.html", {
        "ballot": ballot, "ballot_tab": "paper", "form": form, "rows": form.rows(), "counts": _counts(ballot),
        "choose": ballot.kind == Ballot.Kind.CHOOSE})


def entries(request, pk):
    ballot = selectors.access_ballot(request.user, pk)
    listed = selectors.entries_visible_to(request.user, ballot)
    status = request.GET.get("status", "")
    if status in PaperEntry.Status.values:
        listed = listed.filter(status=status)
    query = f"status={status}" if status else ""
    return render(request, "ballots/entries.html", {
        "ballot": ballot, "ballot_tab": "paper", "page": Paginator(listed, 100).get_page(request.GET.get("page")),
        "query": query, "status": status, "statuses": PaperEntry.Status.choices, "counts": _counts(ballot)})


def resolve(request, pk, entry_pk):
    ballot = selectors.access_ballot(request.user, pk)
    sheet = get_in_scope(selectors.entries_visible_to(request.user, ballot), entry_pk)
    candidates = services.candidates_of(ballot)
    pending = sheet.status == PaperEntry.Status.MISMATCH
    form = PaperBallotForm(request.POST or None, ballot=ballot, candidates=candidates, with_number=False,
                           initial=typed_initial(ballot, sheet.first_entry))
    if request.method == "POST" and form.is_valid():
        choices, written = form.marks()
        done = run_service(form, lambda: services.resolve_mismatch(
            request.user, sheet, valid=not form.cleaned_data["invalid"], choices=choices, written=written))
        if done is not None:
            messages.success(request, f"第{done.number}张选票已按原件核定并计入")
            return redirect(f"{reverse('ballots:entries', args=[ballot.pk])}?status=mismatch")
    first = shown_entry(ballot, candidates, sheet.first_entry)
    second = shown_entry(ballot, candidates, sheet.second_entry)
    rows = [{**row, "first": first.get(f"c{row['candidate'].position}", "—"),
             "second": second.get(f"c{row['candidate'].position}", "—"),
             "differs": first.get(f"c{row['candidate'].position}") != second.get(f"c{row['candidate'].position}")}
            for row in form.rows()]
    return render(request, "ballots/resolve.html", {
        "ballot": ballot, "ballot_tab": "paper", "sheet": sheet, "form": form, "rows": rows, "pending": pending,
        "not_pending": not pending,
        "first": first, "second": second, "choose": ballot.kind == Ballot.Kind.CHOOSE,
        "valid_differs": first.get("valid") != second.get("valid"),
        "written_differs": first.get("written") != second.get("written")})


urlpatterns = [
    path("<int:pk>/paper/", paper, name="paper"),
    path("<int:pk>/entries/", entries, name="entries"),
    path("<int:pk>/entries/<int:entry_pk>/", resolve, name="resolve"),
]
