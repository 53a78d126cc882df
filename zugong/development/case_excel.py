"""The development cases as .xlsx (发展党员档案导出): one row per case — the person, the branch, the stage and the
date of every step reached. The importer (``case_importer``) reads the same columns back, so an exported file
imports again with nothing to change."""

import io

from zugong.core.downloads import new_workbook, write_cell
from zugong.development.models import DevelopmentStep
from zugong.development.procedure import REPEATABLE, label, sequence
from zugong.development.selectors import cases_visible_to
from zugong.development.services import rule_values
from zugong.members.codes import ETHNICITY_CHOICES
from zugong.members.excel import duplicate_organization_names, organization_label
from zugong.members.models import mask_id_number

K = DevelopmentStep.Kind
ETHNICITY = dict(ETHNICITY_CHOICES)
DATES_SEPARATOR = "、"  # a repeated step (培养教育考察, half-yearly) keeps all its dates in one cell

PERSON_COLUMNS = [  # (title, width, value of a case)
    ("姓名", 10, lambda c, full: c.name),
    ("身份证号", 22, lambda c, full: c.id_number if full else mask_id_number(c.id_number)),
    ("民族", 8, lambda c, full: ETHNICITY.get(c.ethnicity, "")),
    ("学历", 10, lambda c, full: c.get_education_display()),
    ("职业", 18, lambda c, full: c.get_occupation_display()),
    ("所在党支部", 28, None),  # organization_label: a unique name alone, others with their parent
    ("工作单位", 24, lambda c, full: c.work_unit.name if c.work_unit else ""),
    ("联系电话", 14, lambda c, full: c.phone),
]
SHOWN_COLUMNS = [("阶段", 12), ("状态", 14)]  # written for the reader; the importer does not read them
# What some steps need besides their date, as the step pages ask for it.
DETAIL_COLUMNS = [("培养联系人", 16), ("入党介绍人", 16), ("培训天数", 8), ("培训学时", 8), ("入党志愿书编号", 16)]
PEOPLE_COLUMN = {K.MENTORS: "培养联系人", K.SPONSORS: "入党介绍人"}


def step_kinds() -> list[str]:
    """The step columns under the department's procedure (the local 三述三评三票决 steps only where adopted)."""
    return sequence(rule_values())


def headers() -> list[str]:
    return ([title for title, _, _ in PERSON_COLUMNS] + [title for title, _ in SHOWN_COLUMNS]
            + [label(kind) for kind in step_kinds()] + [title for title, _ in DETAIL_COLUMNS])


def export_cases(cases, *, full_id_numbers: bool) -> bytes:
    """The cases (already scoped and filtered by the caller); ``full_id_numbers`` only for roles that may see them."""
    duplicates = duplicate_organization_names()
    kinds = step_kinds()
    cases = cases.select_related("organization__parent", "work_unit").prefetch_related("steps__people")
    buffer = io.BytesIO()
    workbook = new_workbook(buffer, constant_memory=True)
    sheet = workbook.add_worksheet("发展党员")
    header = workbook.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1})
    date = workbook.add_format({"num_format": "yyyy-mm-dd"})
    widths = ([width for _, width, _ in PERSON_COLUMNS] + [width for _, width in SHOWN_COLUMNS] + [12] * len(kinds)
              + [width for _, width in DETAIL_COLUMNS])
    for col, (title, width) in enumerate(zip(headers(), widths, strict=True)):
        sheet.set_column(col, col, width)
        write_cell(sheet, 0, col, title, header)
    row = 0
    for row, case in enumerate(cases.iterator(chunk_size=500), start=1):
        values = [value(case, full_id_numbers) if value else organization_label(case.organization, duplicates)
                  for _, _, value in PERSON_COLUMNS]
        values += [case.get_stage_display(), case.get_status_display()]
        steps: dict[str, list[DevelopmentStep]] = {}
        for step in sorted(case.steps.all(), key=lambda s: (s.done_on, s.pk)):
            steps.setdefault(step.kind, []).append(step)
        for kind in kinds:
            taken = steps.get(kind, [])
            if kind in REPEATABLE:
                values.append(DATES_SEPARATOR.join(f"{s.done_on:%Y-%m-%d}" for s in taken))
            else:
                values.append(taken[0].done_on if taken else "")
        values += [
            DATES_SEPARATOR.join(p.name for s in steps.get(K.MENTORS, []) for p in s.people.all()),
            DATES_SEPARATOR.join(p.name for s in steps.get(K.SPONSORS, []) for p in s.people.all()),
            *([steps[K.TRAINING][0].training_days, steps[K.TRAINING][0].training_hours] if K.TRAINING in steps
              else ["", ""]),
            steps[K.APPLICATION_FORM][0].number if K.APPLICATION_FORM in steps else "",
        ]
        for col, value in enumerate(values):
            write_cell(sheet, row, col, value, date if hasattr(value, "isoformat") else None)
    sheet.freeze_panes(1, 2)
    sheet.autofilter(0, 0, max(row, 1), len(widths) - 1)
    workbook.close()
    return buffer.getvalue()


def filtered_cases(user, data: dict, status_given: bool):
    """The list page's cases under its filters (the same rules as ``views.case_list``)."""
    cases = cases_visible_to(user)
    status = data.get("status", "open") if status_given else "open"
    if status:
        cases = cases.filter(status=status)
    if data.get("stage"):
        cases = cases.filter(stage=data["stage"])
    if data.get("organization"):
        cases = cases.under(data["organization"].path)
    query = (data.get("q") or "").strip()
    if query:
        cases = cases.filter(id_number__startswith=query.upper()) if query[:4].isdigit() else cases.filter(
            name__contains=query)
    return cases

