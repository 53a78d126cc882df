"""The transfer letter (党员组织关系介绍信) as a Word document."""

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from zugong.members.models import MembershipTransfer


def transfer_letter(transfer: MembershipTransfer) -> bytes:
    member = transfer.member
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "SimSun"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    style.font.size = Pt(14)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run("中国共产党党员组织关系介绍信")
    run.bold, run.font.size = True, Pt(20)
    number = document.add_paragraph(f"编号：{transfer.letter_number}")
    number.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph(f"{transfer.to_label}：")
    stage = member.get_stage_display()
    document.add_paragraph(
        f"　　{member.name}同志（{member.get_gender_display()}，{member.age_on(transfer.issued_on)}岁，"
        f"{member.get_ethnicity_display()}），系中共{stage}，身份证号码 {member.id_number}，"
        f"由{transfer.from_label}转到{transfer.to_label}，请接洽。"
    )
    document.add_paragraph(f"　　党费已交到 {transfer.issued_on:%Y年%m月}。")
    document.add_paragraph(f"　　（有效期至 {transfer.valid_until:%Y年%m月%d日}）")
    signature = document.add_paragraph(f"{transfer.from_label}（盖章）\n{transfer.issued_on:%Y年%m月%d日}")
    signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
