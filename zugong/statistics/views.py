"""Pages of the statistics (统计报表): the annual member tables as of a day, compared with another day,
broken down by the level below, every cell opening the records it counts; .xlsx and .docx exports."""

import io

from django.contrib import messages
from django.db.models import Sum
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from zugong.core.access import DomainError, get_in_scope, path_in_scope
from zugong.core.documents import new_document, to_bytes
from zugong.core.downloads import XLSX, new_workbook, write_cell, write_cells
from zugong.core.forms_helpers import form_page
from zugong.core.paging import page_of
from zugong.core.uploads import check_or_apply
from zugong.organizations.selectors import organizations_visible_to, scope_roots
from zugong.statistics import charts as chart_builder
from zugong.statistics import coverage, economy, forms, selectors, snapshots
from zugong.statistics.models import VillageIncome
from zugong.statistics.tables import TABLES

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _request(request):
    form = forms.StatisticsForm(request.GET or None,
                                organizations=organizations_visible_to(request.user, "members.view"))
    data = form.cleaned_data if form.is_valid() else {"day": forms.default_day()}
    root = data.get("organization") or scope_roots(request.user, "members.view").first()
    if root is None:
        raise Http404
    return form, root, data.get("day") or forms.default_day(), data.get("compare")


def _share(part, whole) -> str:
    return f"{part * 100 / whole:.2f}%" if whole else "—"


def _lines(figure, before=None) -> list[dict]:
    """A table as the report prints it: the total (when the cells add up), then each cell; a count, the amount
    for money tables, the share (of the amount for money tables), and the change from ``before``."""
    table = figure.table
    keys = ([None] if table.adds_up else []) + [cell.key for cell in table.cells]
    whole = figure.total_amount if table.amount else figure.total
    lines = []
    for key in keys:
        cell = table.cell(key) if key else None
        count = figure.counts[key] if key else figure.total
        amount = figure.amount(key)
        line = {"key": key, "cell": cell, "count": count, "amount": amount,
                "label": (_("其中：%(label)s") % {"label": cell.label} if cell.subtotal else str(cell.label)) if cell else _("合计"),
                "share": _share(amount if table.amount else count, whole) if table.adds_up else ""}
        if before is not None:
            old_count = before.counts[key] if key else before.total
            line |= {"before": old_count, "change": count - old_count}
            if table.amount:
                old_amount = before.amount(key)
                line |= {"before_amount": old_amount, "change_amount": amount - old_amount}
        lines.append(line)
    return lines


def _live(request) -> bool:
    """``live=1``: count the records as they are now even where the day's statistics were finalized."""
    return request.GET.get("live") == "1"


@require_GET
def overview(request):
    form, root, day, compare = _request(request)
    live = _live(request)
    kept = None if live else snapshots.figures(request.user, day, root.path)
    figures = kept if kept is not None else selectors.tables(request.user, day, root.path, live=True)
    before = ({f.table.key: f for f in selectors.tables(request.user, compare, root.path, live=live)}
              if compare else {})
    tables = [{"table": figure.table, "lines": _lines(figure, before.get(figure.table.key))} for figure in figures]
    children = list(organizations_visible_to(request.user, "members.view").filter(parent=root).open())
    params = request.GET.copy()
    params.pop("live", None)
    return render(request, "statistics/overview.html", {
        "form": form, "root": root, "day": day, "compare": compare, "tables": tables, "children": children,
        "query": request.GET.urlencode(), "finalized": snapshots.snapshot_for(day, root.path) if kept else None,
        "live": live, "can_finalize": path_in_scope(request.user, snapshots.FINALIZE, root.path),
        "query_without_live": params.urlencode(),
    })


@require_POST
def finalize(request):
    """Count the day's tables for the chosen organization once and keep them (年报定稿)."""
    form, root, day, _compare = _request(request)
    if not path_in_scope(request.user, snapshots.FINALIZE, root.path):
        raise Http404  # the button is only shown to those who may; a forged request is not found
    try:
        snapshot = snapshots.freeze(request.user, day, root)
        messages.success(request, f"已完成{day:%Y-%m-%d}统计定稿，用时{snapshot.seconds:.1f}秒；此后本时点的统计表按定稿数显示。")
    except DomainError as error:  # finalized by someone else at the same moment
        messages.error(request, error.message)
    return redirect(f"{reverse('statistics:overview')}?organization={root.pk}&day={day:%Y-%m-%d}")


@require_GET
def breakdown(request, table):
    """One table, one row per child organization of the chosen one, with shares; sortable by any column."""
    if table not in TABLES:
        raise Http404
    form, root, day, _compare = _request(request)
    children = list(organizations_visible_to(request.user, "members.view").filter(parent=root).open())
    rows = []
    for child, (figure,) in selectors.children_tables(request.user, day, root, children, [TABLES[table]],
                                                      live=_live(request)):
        lines = [line for line in _lines(figure) if line["key"]]
        rows.append({"organization": child, "total": figure.total, "amount": figure.amount(None), "cells": [
            (line["cell"], line["count"], line["share"], line["amount"]) for line in lines]})
    sort = request.GET.get("sort", "")
    by_amount = bool(TABLES[table].amount)  # money tables sort by the amount, not by the number of payments
    if sort == "total":
        rows.sort(key=lambda r: -(r["amount"] if by_amount else r["total"]))
    elif sort in {c.key for c in TABLES[table].cells}:
        index = [c.key for c in TABLES[table].cells].index(sort)
        rows.sort(key=lambda r: -r["cells"][index][3 if by_amount else 1])
    params = request.GET.copy()
    params.pop("sort", None)
    return render(request, "statistics/breakdown.html", {
        "form": form, "root": root, "day": day, "table": TABLES[table], "rows": rows, "sort": sort,
        "query": params.urlencode(),
        "totals": [(sum(r["cells"][i][1] for r in rows), sum(r["cells"][i][3] for r in rows) if by_amount else None)
                   for i in range(len(TABLES[table].cells))],
        "grand_total": (sum(r["total"] for r in rows), sum(r["amount"] for r in rows) if by_amount else None),
    })


@require_GET
def cell(request):
    """The records behind a cell: the same condition that counted it."""
    form, root, day, _compare = _request(request)
    table, key = request.GET.get("table", ""), request.GET.get("cell") or None
    if table not in TABLES or (key is not None and key not in {c.key for c in TABLES[table].cells}):
        raise Http404
    records = selectors.cell_records(request.user, day, root.path, table, key)
    month, month_field = request.GET.get("month", ""), selectors.MONTH_FIELDS.get(TABLES[table].source)
    if month.isdigit() and month_field:  # a chart's bar: one month of the year
        records = records.filter(**{f"{month_field}__month": int(month)})
    amount = None
    if TABLES[table].amount:
        amount = selectors.money(records.aggregate(total=Sum(TABLES[table].amount))["total"])
    page, page_query = page_of(request, records)
    return render(request, "statistics/cell.html", {
        "root": root, "day": day, "table": TABLES[table], "cell": TABLES[table].cell(key) if key else None,
        "page": page, "query": page_query, "source": TABLES[table].source, "amount": amount,
    })


def _headings(table) -> list[str]:
    counted = "笔数" if table.amount else "个数" if table.source == "organizations" else "人数"
    return ["项目", counted, *(["金额（元）"] if table.amount else []), "占比"]


def _printed(table, line) -> list:
    """One line of an exported table, in the columns of ``_headings``."""
    return [line["label"], line["count"], *([float(line["amount"])] if table.amount else []), line["share"]]


@require_GET
def export_xlsx(request):
    _form, root, day, _compare = _request(request)
    buffer = io.BytesIO()
    book = new_workbook(buffer)
    title = book.add_format({"bold": True, "font_size": 13})
    head = book.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1})
    cellf = book.add_format({"border": 1})
    for figure in selectors.tables(request.user, day, root.path, live=_live(request)):
        sheet = book.add_worksheet(str(figure.table.title))
        sheet.set_column(0, 0, 26)
        sheet.set_column(1, 2, 12)
        write_cell(sheet, 0, 0, f"{root.name} {figure.table.title}（{day:%Y年%m月%d日}）", title)
        write_cells(sheet, 2, 0, _headings(figure.table), head)
        for row, line in enumerate(_lines(figure), start=3):
            write_cells(sheet, row, 0, _printed(figure.table, line), cellf)
    book.close()
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''statistics-{root.pk}-{day:%Y%m%d}.xlsx"
    return response


@require_GET
def export_docx(request):
    _form, root, day, _compare = _request(request)
    document = new_document(size_pt=11)
    document.add_heading(f"{root.name}党内统计（{day:%Y年%m月%d日}）", level=1)
    for figure in selectors.tables(request.user, day, root.path, live=_live(request)):
        document.add_heading(str(figure.table.title), level=2)
        headings = _headings(figure.table)
        grid = document.add_table(rows=1, cols=len(headings))
        grid.style = "Table Grid"
        for target, text in zip(grid.rows[0].cells, headings, strict=True):
            target.text = text
        for line in _lines(figure):
            for target, value in zip(grid.add_row().cells, _printed(figure.table, line), strict=True):
                target.text = f"{value:,.2f}" if isinstance(value, float) else str(value)
    response = HttpResponse(to_bytes(document), content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''statistics-{root.pk}-{day:%Y%m%d}.docx"
    return response


@require_GET
def coverage_page(request):
    form, root, _day, _compare = _request(request)
    figures = coverage.coverage(request.user, root.path, timezone.localdate())
    return render(request, "statistics/coverage.html", {"form": form, "root": root, "figures": figures})


@require_GET
def charts(request):
    """The dashboard of charts, whole or one module's (``?module=``); every bar opens the records it counts."""
    _form, root, _day, _compare = _request(request)
    module = request.GET.get("module", "")
    built = chart_builder.build_charts(request.user, root, timezone.localdate(),
                                    module if module in chart_builder.CHART_MODULES else "")
    return render(request, "statistics/charts.html", {"root": root, "charts": built, "today": timezone.localdate(),
                                                      "modules": chart_builder.CHART_MODULES, "module": module})


@require_GET
def economy_page(request):
    _form, root, _day, _compare = _request(request)
    year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else timezone.localdate().year - 1
    children = list(organizations_visible_to(request.user, "organizations.view").filter(parent=root).open()) or [root]
    figures = economy.economy(request.user, root, children, year)
    return render(request, "statistics/economy.html", {
        "root": root, "year": year, "figures": figures,
        "editable": {row.organization.pk for row in figures.rows
                     if path_in_scope(request.user, "organizations.change", row.organization.path)},
    })


def economy_edit(request, pk, year):
    organization = get_in_scope(organizations_visible_to(request.user, "organizations.change").open(), pk)
    villages = list(economy.villages(request.user, organization.path, "organizations.change").order_by("name"))
    existing = {i.village_id: i.amount for i in VillageIncome.objects.filter(village__in=villages, year=year)}
    form = forms.IncomeForm(request.POST or None, villages=villages,
                            initial={f"v{v}": amount for v, amount in existing.items()})
    return form_page(
        request, form, lambda data: economy.record_incomes(
            request.user, organization, year, {v: data.get(f"v{v.pk}") for v in villages}),
        done=f"已保存{organization.name}{year}年村级集体经济收入。",
        then=lambda n: f"{reverse('statistics:economy')}?organization={organization.pk}&year={year}",
        template="statistics/form.html", context={"title": _("%(organization)s %(year)s年村级集体经济收入（万元）") % {"organization": organization.name, "year": year}},
    )


def economy_import(request):
    if not request.user.has_capability("organizations.change"):
        raise Http404
    form = forms.IncomeImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = check_or_apply(request, form, lambda apply: economy.import_incomes(
            request.user, form.cleaned_data["workbook"], apply=apply))
    return render(request, "statistics/economy_import.html", {"form": form, "result": result,
                                                              "headers": economy.HEADERS})
