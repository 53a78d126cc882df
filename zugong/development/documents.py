"""The procedure record of one case (发展党员纪实表) as a Word document: every step with its date."""

from zugong.core.documents import new_document, to_bytes
from zugong.development.models import DevelopmentCase
from zugong.development.procedure import STAGES, label


def case_record_docx(case: DevelopmentCase) -> bytes:
    document = new_document(size_pt=11)
    document.add_heading("发展党员工作纪实表", level=1)
    document.add_paragraph(
        f"姓名：{case.name}　性别：{case.get_gender_display()}　出生日期：{case.birth_date:%Y-%m-%d}　"
        f"民族：{case.get_ethnicity_display()}　学历：{case.get_education_display()}")
    document.add_paragraph(f"所在党支部：{case.organization}　当前阶段：{case.get_stage_display()}　"
                           f"状态：{case.get_status_display()}")
    steps = list(case.steps.prefetch_related("people").select_related("vote"))
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("阶段", "步骤", "日期", "情况"), strict=True):
        cell.text = text
    for title, kinds in STAGES:
        for kind in kinds:
            for step in [s for s in steps if s.kind == kind]:
                details = [part for part in (step.handled_by, step.number and f"编号 {step.number}",
                                             "、".join(p.name for p in step.people.all()), step.note) if part]
                if hasattr(step, "vote"):
                    v = step.vote
                    details.append(f"应到{v.entitled}人，实到{v.present}人；赞成{v.yes}、反对{v.no}、弃权{v.abstain}")
                if step.training_days or step.training_hours:
                    details.append(f"培训{step.training_days or 0}天、{step.training_hours or 0}学时")
                row = table.add_row().cells
                row[0].text, row[1].text = title, label(kind)
                row[2].text, row[3].text = f"{step.done_on:%Y-%m-%d}", "；".join(details)
    return to_bytes(document)
