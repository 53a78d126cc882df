"""Workbooks of a survey's answers: the import template of paper questionnaires and the export for analysis.

Both have the importer's columns on the sheet 答卷. The export leaves 问卷编号 empty and never holds a code, an
invitee or a sheet number; answers of organizations the report hides (too few respondents, or hidden so that
a total cannot be worked out by subtraction) are left out, and the sheet 说明 says how many and why. The
export is for analysis: without 问卷编号 it does not import back as it is.
"""

import io

from xlsxwriter.utility import xl_col_to_name

from zugong.core.downloads import new_workbook, write_cell, write_cells
from zugong.members.excel import duplicate_organization_names, organization_label
from zugong.surveys import scoring
from zugong.surveys.importer import DATA_SHEET, KIND, NUMBER, ORGANIZATION, question_header
from zugong.surveys.models import Answer, Question, RespondentGroup, Response, Survey
from zugong.surveys.services import questions_of

LISTS_SHEET = "选项"
TEMPLATE_ROWS = 5000  # rows given dropdowns in the template
KIND_SHORT = {Question.Kind.SINGLE: "单选", Question.Kind.MULTIPLE: "多选", Question.Kind.TEXT: "简答"}


def _header(workbook, sheet, titles: list[str]) -> None:
    style = workbook.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1, "text_wrap": True,
                                 "valign": "top"})
    for col, title in enumerate(titles):
        sheet.set_column(col, col, 14 if col < 5 else 18)
        write_cell(sheet, 0, col, title, style)
    sheet.set_row(0, 48)
    sheet.freeze_panes(1, 3)


def import_template(survey: Survey, groups) -> bytes:
    """The columns to fill, with dropdowns of the user's groups, the respondent kinds and each scale."""
    questions = questions_of(survey)
    duplicates = duplicate_organization_names()
    organizations = list(dict.fromkeys(organization_label(g.organization, duplicates)
                                       for g in groups.select_related("organization__parent")))
    buffer = io.BytesIO()
    workbook = new_workbook(buffer)
    sheet = workbook.add_worksheet(DATA_SHEET)
    lists = workbook.add_worksheet(LISTS_SHEET)
    _header(workbook, sheet, [NUMBER, ORGANIZATION, KIND, *(question_header(q) for q in questions)])
    sheet.set_column(3, 2 + len(questions), 18, workbook.add_format({"num_format": "@"}))
    sheet.set_column(0, 0, 12, workbook.add_format({"num_format": "@"}))
    _dropdown(sheet, lists, 1, 0, organizations, "被调查单位")
    _dropdown(sheet, lists, 2, 1, [str(label) for _v, label in RespondentGroup.Kind.choices], "调查对象")
    for col, question in enumerate(questions, start=3):
        labels = [o.label for o in question.options.all()]
        if question.kind == Question.Kind.SINGLE:
            _dropdown(sheet, lists, col, col, labels, f"第{question.number}题")
        elif question.kind == Question.Kind.MULTIPLE:
            sheet.data_validation(1, col, TEMPLATE_ROWS, col, {
                "validate": "any", "input_title": f"第{question.number}题（多选）",
                "input_message": "可选多项，用“、”分隔：" + "、".join(labels)[:200]})
    lists.hide()
    _instructions(workbook, questions)
    workbook.close()
    return buffer.getvalue()


def _dropdown(sheet, lists, col: int, list_col: int, labels: list[str], title: str) -> None:
    for row, label in enumerate(labels):
        write_cell(lists, row, list_col, label)
    if not labels:
        return
    letter = xl_col_to_name(list_col)
    sheet.data_validation(1, col, TEMPLATE_ROWS, col, {
        "validate": "list", "source": f"='{LISTS_SHEET}'!${letter}$1:${letter}${len(labels)}",
        "error_title": title, "error_message": "请从下拉列表中选择：" + "、".join(labels)[:200]})


def _instructions(workbook, questions: list[Question]) -> None:
    sheet = workbook.add_worksheet("填写说明")
    sheet.set_column(0, 0, 100)
    lines = [
        "每行一份问卷。问卷编号必填，同一编号只能导入或录入一次。",
        "被调查单位填党组织名称（重名时写成“上级党组织/名称”）；调查对象填 干部、党员、群众代表、两代表一委员 或 其他。",
        "单选题填一个选项文字；多选题填所选的全部选项，用“、”分隔；简答题填文字；未作答留空（必答题不能留空）。",
        "",
    ]
    for question in questions:
        kind = KIND_SHORT.get(question.kind, "")
        scale = "、".join(o.label for o in question.options.all())
        lines.append(f"第{question.number}题（{kind}{'' if question.required else '，可不答'}）{question.text}"
                     + (f"　选项：{scale}" if scale else ""))
    for row, line in enumerate(lines):
        write_cell(sheet, row, 0, line)


# --- export ----------------------------------------------------------------------------------------------------


def _left_out(survey: Survey) -> tuple[set[int], int]:
    """Organizations whose answers the report hides, and the minimum group size behind it."""
    results = scoring.compute(survey)
    hidden = {pk for pk, node in results.nodes.items()
              if node.hidden or 0 < node.direct_responses < results.min_group}  # own answers, part of a shown total
    return hidden, results.min_group


def export_answers(survey: Survey, groups) -> bytes:
    questions = questions_of(survey)
    groups = {g.pk: g for g in groups.select_related("organization__parent")}
    hidden, min_group = _left_out(survey)
    responses = list(Response.objects.filter(survey=survey, group_id__in=groups)
                     .values_list("pk", "group_id", "submitted_on", "channel"))
    kept = [r for r in responses if groups[r[1]].organization_id not in hidden]
    blank_kind = _orgs_with_small_kinds(kept, groups, min_group)
    chosen = _answers_by_response(survey, {r[0] for r in kept})
    duplicates = duplicate_organization_names()
    channels = dict(Response.Channel.choices)
    rows = []
    for pk, group_id, day, channel in kept:
        group = groups[group_id]
        answers = [chosen.get((pk, q.pk), "") for q in questions]
        kind = "" if group.organization_id in blank_kind else group.get_kind_display()
        rows.append((group.org_path, organization_label(group.organization, duplicates), kind, day,
                     str(channels.get(channel, channel)), answers))
    rows.sort(key=lambda r: (r[0], r[2], r[3], r[4], r[5]))  # by content, never in the order answers came in
    buffer = io.BytesIO()
    workbook = new_workbook(buffer)
    sheet = workbook.add_worksheet(DATA_SHEET)
    _header(workbook, sheet, [NUMBER, ORGANIZATION, KIND, "提交日期", "方式", *(question_header(q) for q in questions)])
    date = workbook.add_format({"num_format": "yyyy-mm-dd"})
    for row, (_path, organization, kind, day, channel, answers) in enumerate(rows, start=1):
        write_cells(sheet, row, 1, [organization, kind])
        write_cell(sheet, row, 3, day, date)
        write_cells(sheet, row, 4, [channel, *answers])
    _export_notes(workbook, len(rows), len(responses) - len(kept), len(blank_kind), min_group)
    workbook.close()
    return buffer.getvalue()


def _orgs_with_small_kinds(kept, groups: dict, min_group: int) -> set[int]:
    """Organizations where some kind of respondent gave fewer answers than the minimum: their kind stays blank,
    or a handful of public representatives would be told apart from the cadres."""
    per_kind: dict[tuple[int, str], int] = {}
    for _pk, group_id, _day, _channel in kept:
        key = (groups[group_id].organization_id, groups[group_id].kind)
        per_kind[key] = per_kind.get(key, 0) + 1
    return {org for (org, _kind), n in per_kind.items() if n < min_group}


def _answers_by_response(survey: Survey, kept: set[int]) -> dict[tuple[int, int], str]:
    found: dict[tuple[int, int], list[str]] = {}
    rows = (Answer.objects.filter(response__survey=survey).order_by("response_id", "question_id", "option__order")
            .values_list("response_id", "question_id", "option__label", "text"))
    for response_id, question_id, label, text in rows.iterator(chunk_size=5000):
        if response_id in kept:
            found.setdefault((response_id, question_id), []).append(label if label is not None else text)
    return {key: "、".join(values) for key, values in found.items()}


def _export_notes(workbook, exported: int, left_out: int, blank_kinds: int, min_group: int) -> None:
    sheet = workbook.add_worksheet("说明")
    sheet.set_column(0, 0, 110)
    lines = [
        f"共导出答卷 {exported} 份，每行一份。本表供统计分析使用，不含邀请码、受邀人和问卷编号。",
        (f"按匿名保护规则（答卷少于{min_group}份的单位不显示结果，也不能由合计反推），另有 {left_out} 份答卷未导出："
         "它们所属单位的答卷不足规定份数，或为防止由上级合计反推而一并隐藏。" if left_out else
         f"按匿名保护规则（答卷少于{min_group}份的单位不显示结果），本表没有需要略去的答卷。"),
    ]
    if blank_kinds:
        lines.append(f"有 {blank_kinds} 个单位的某类调查对象答卷不足{min_group}份，这些单位各行的“调查对象”留空。")
    lines.append("“问卷编号”一栏留空，因此本表不能直接导回系统；导入纸质问卷请下载导入模板并逐份填写问卷编号。")
    for row, line in enumerate(lines):
        write_cell(sheet, row, 0, line)


def invitation_links_workbook(survey: Survey, group: RespondentGroup, rows: list[tuple[str, str, str]]) -> bytes:
    """Unused codes with the link that opens the questionnaire directly, one per row, to send one by one."""
    out = io.BytesIO()
    workbook = new_workbook(out)
    sheet = workbook.add_worksheet("邀请链接")
    _header(workbook, sheet, ["邀请码", "填写链接", "受邀人"])
    sheet.set_column(1, 1, 48)
    sheet.freeze_panes(1, 0)
    for row, (code, link, invitee) in enumerate(rows, 1):
        write_cells(sheet, row, 0, [code, link, invitee])
    workbook.set_properties({"title": f"{survey}·{group}·邀请链接"})
    workbook.close()
    return out.getvalue()
