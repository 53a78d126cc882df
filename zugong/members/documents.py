"""The transfer letter (党员组织关系介绍信), as a Word document and as a PDF: the same text in both."""

import io
from dataclasses import dataclass

from django.db.models import Max
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from zugong.members.models import MembershipTransfer

TITLE = "中国共产党党员组织关系介绍信"


@dataclass(frozen=True)
class Letter:
    number: str
    addressee: str
    paragraphs: list[str]
    signature: list[str]


def letter_text(transfer: MembershipTransfer) -> Letter:
    member = transfer.member
    paid_through = member.dues_payments.aggregate(last=Max("month"))["last"]
    dues = f"党费已交到{paid_through.year}年{paid_through.month}月。" if paid_through else "系统中尚无党费交纳记录。"
    return Letter(
        number=f"编号：{transfer.letter_number}",
        addressee=f"{transfer.to_label}：",
        paragraphs=[
            f"{member.name}同志（{member.get_gender_display()}，{member.age_on(transfer.issued_on)}岁，"
            f"{member.get_ethnicity_display()}），系中共{member.get_stage_display()}，身份证号码 {member.id_number}，"
            f"由{transfer.from_label}转到{transfer.to_label}，请接洽。",
            dues,
            f"（有效期至 {transfer.valid_until:%Y年%m月%d日}）",
        ],
        signature=[f"{transfer.from_label}（盖章）", f"{transfer.issued_on:%Y年%m月%d日}"],
    )


def transfer_letter(transfer: MembershipTransfer) -> bytes:
    letter = letter_text(transfer)
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "SimSun"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    style.font.size = Pt(14)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(TITLE)
    run.bold, run.font.size = True, Pt(20)
    document.add_paragraph(letter.number).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph(letter.addressee)
    for text in letter.paragraphs:
        document.add_paragraph(f"　　{text}")
    document.add_paragraph("\n".join(letter.signature)).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def transfer_letter_pdf(transfer: MembershipTransfer) -> bytes:
    """A4, 宋体 as the PDF viewer's built-in Chinese font (STSong-Light), so no font file has to be installed."""
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=14, leading=26, wordWrap="CJK",
                          firstLineIndent=28)
    letter = letter_text(transfer)
    story = [
        Paragraph(TITLE, ParagraphStyle("title", parent=body, fontSize=20, leading=30, alignment=TA_CENTER,
                                        firstLineIndent=0)),
        Spacer(1, 6 * mm),
        Paragraph(letter.number, ParagraphStyle("number", parent=body, alignment=TA_RIGHT, firstLineIndent=0)),
        Paragraph(letter.addressee, ParagraphStyle("to", parent=body, firstLineIndent=0)),
        *[Paragraph(text, body) for text in letter.paragraphs],
        Spacer(1, 12 * mm),
        *[Paragraph(line, ParagraphStyle("sign", parent=body, alignment=TA_RIGHT, firstLineIndent=0))
          for line in letter.signature],
    ]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, title=f"{TITLE} {transfer.letter_number}", leftMargin=28 * mm,
                      rightMargin=26 * mm, topMargin=37 * mm, bottomMargin=35 * mm).build(story)
    return buffer.getvalue()
