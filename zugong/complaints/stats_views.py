"""The 12380 statistics page (12380举报统计, /complaints/statistics/) and its .xlsx: one year under one organization
of the viewer's scope (``complaints.view``). No reporter's identity, receipt or report text is shown or exported."""

import io

from django import forms
from django.core.validators import MaxValueValidator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from zugong.complaints.statistics import (
    VIEW,
    ReportStatistics,
    report_statistics,
    reports_visible_to,
)
from zugong.core.downloads import new_workbook, write_cell, write_cells, xlsx_response
from zugong.core.forms import StyledFormMixin
from zugong.organizations.models import Organization
from zugong.organizations.selectors import organizations_visible_to, scope_roots, tree_filter_field

FIRST_YEAR, LAST_YEAR = 2000, 2100  # the field's bounds; a year after this one is refused in words below


class StatisticsForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label=gettext_lazy("年度"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    unit = forms.ModelChoiceField(label=gettext_lazy("党组织"), queryset=Organization.objects.none(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["year"].validators.append(MaxValueValidator(this_year, gettext_lazy("年度不能晚于今年")))
        self.fields["year"].widget.attrs["max"] = this_year
        tree_filter_field(self, "unit", organizations_visible_to(user, VIEW).open(),
                          gettext_lazy("全部（本人管理范围）"))


def _statistics(request) -> tuple[StatisticsForm, ReportStatistics | None]:
    """The form and, when it is valid, the figures; a unit outside the viewer's scope (or none such) is 404."""
    if not request.user.has_capability(VIEW):
        raise Http404
    form = StatisticsForm(request.GET or {"year": timezone.localdate().year}, user=request.user)
    if not form.is_valid():
        if "unit" in form.errors:
            raise Http404("未找到该党组织，或不在您的权限范围内")
        return form, None
    root = form.cleaned_data["unit"] or scope_roots(request.user, VIEW).first()
    if root is None:
        raise Http404
    return form, report_statistics(reports_visible_to(request.user), root, form.cleaned_data["year"])


def _chart(stats: ReportStatistics) -> dict:
    """Reports received by each organization below (a bar opens that organization's statistics)."""
    rows = stats.lower_units
    return {"id": "chart-units", "title": _("各下级党组织收到的举报（件）"),
            "labels": [row.organization.name for row in rows], "values": [row.received for row in rows],
            "urls": [f"?year={stats.year}&unit={row.organization.pk}" for row in rows], "unit": _("件")}


@require_GET
def statistics(request):
    form, stats = _statistics(request)
    tables = [(_("举报方式"), stats.by_channel, "channel"), (_("问题类别"), stats.by_kind, "kind"),
              (_("办理状态"), stats.by_status, "status"), (_("核查结论"), stats.by_outcome, "outcome")] if stats else []
    return render(request, "complaints/statistics.html", {
        "form": form, "stats": stats, "tables": tables, "chart": _chart(stats) if stats else None,
        "query": request.GET.urlencode()})


@require_GET
def statistics_export(request):
    _form, stats = _statistics(request)
    if stats is None:
        raise Http404
    return xlsx_response(statistics_workbook(stats), f"reports12380-{stats.year}-{stats.root.pk}.xlsx")


def statistics_workbook(stats: ReportStatistics) -> bytes:
    """Four sheets: the year's figures, the organizations below, 零违纪、零举报, and the reports of the year (number,
    days, channel, kind, the person reported, state and outcome — never who reported, the receipt or the text)."""
    buffer = io.BytesIO()
    book = new_workbook(buffer)
    bold = book.add_format({"bold": True})
    title = book.add_format({"bold": True, "font_size": 14})
    head = book.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1})
    cell = book.add_format({"border": 1})
    day = book.add_format({"border": 1, "num_format": "yyyy-mm-dd"})
    heading = f"{stats.root.name}{stats.year}年度12380举报统计"

    sheet = book.add_worksheet("汇总")
    sheet.set_column(0, 0, 24)
    sheet.set_column(1, 1, 12)
    write_cell(sheet, 0, 0, heading, title)
    write_cells(sheet, 1, 0, ["收到举报（件）", stats.total], bold)
    row = 3
    for label, pairs in (("举报方式", stats.by_channel), ("问题类别", stats.by_kind), ("办理状态", stats.by_status),
                         ("核查结论", stats.by_outcome)):
        write_cells(sheet, row, 0, [label, "件数"], head)
        for name, count in pairs:
            row += 1
            write_cells(sheet, row, 0, [name, count], cell)
        row += 2
    write_cells(sheet, row, 0, ["本年结案（件）", stats.closed], cell)
    write_cells(sheet, row + 1, 0, ["平均办理天数（收到至结案）", stats.average_days], cell)
    write_cells(sheet, row + 2, 0, ["办理天数中位数", stats.median_days], cell)
    write_cells(sheet, row + 3, 0, ["超过办结期限办结（件）", len(stats.late)], cell)

    sheet = book.add_worksheet("按下级党组织")
    for column, width in enumerate((30, 10, 10, 10, 16, 16)):
        sheet.set_column(column, column, width)
    write_cell(sheet, 0, 0, heading, title)
    write_cells(sheet, 2, 0, ["党组织", "收到", "受理", "办结", "属实或部分属实", "本年查实（办结年度）"], head)
    for number, unit in enumerate(stats.units, start=3):
        name = f"{unit.organization.name}（本级）" if unit.own else unit.organization.name
        write_cells(sheet, number, 0, [name, unit.received, unit.accepted, unit.concluded, unit.found,
                                       unit.found_in_year], cell)

    sheet = book.add_worksheet("零违纪零举报")
    sheet.set_column(0, 0, 40)
    write_cell(sheet, 0, 0, f"{heading}：零违纪、零举报的单位", title)
    write_cell(sheet, 1, 0, "本年没有收到反映该单位（含下级）人员的举报，也没有举报经核查属实或部分属实。"
                            "本系统没有纪律处分登记，“违纪”以12380举报核查属实或部分属实计。")
    write_cell(sheet, 3, 0, "党组织", head)
    for number, organization in enumerate(stats.zero_units, start=4):
        write_cell(sheet, number, 0, organization.name, cell)

    sheet = book.add_worksheet("举报件")
    for column, width in enumerate((16, 12, 10, 10, 12, 20, 24, 16, 12, 12, 12, 10)):
        sheet.set_column(column, column, width)
    write_cells(sheet, 0, 0, ["登记编号", "收到日期", "举报方式", "问题类别", "被举报人", "职务", "所在党组织",
                              "状态", "核查结论", "办结日期", "结案日期", "办理天数"], head)
    for number, report in enumerate(stats.rows, start=1):
        write_cell(sheet, number, 0, report.number, cell)
        write_cell(sheet, number, 1, report.received_on, day)
        write_cells(sheet, number, 2, [report.get_channel_display(), report.get_kind_display(), report.person_name,
                                       report.person_post, report.unit.name, report.get_status_display(),
                                       report.get_outcome_display()], cell)
        write_cell(sheet, number, 9, report.concluded_on, day)
        write_cell(sheet, number, 10, report.closed_on, day)
        write_cell(sheet, number, 11, (report.closed_on - report.received_on).days if report.closed_on else None, cell)
    book.close()
    return buffer.getvalue()
