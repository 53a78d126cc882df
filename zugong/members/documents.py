"""The transfer letter (党员组织关系介绍信) in its official layout — 存根, 介绍信, 回执 on one A4 sheet with dashed cut
lines between them — as a Word document and as a PDF: the same text (``letters.letter_parts``) in both."""

import io

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from zugong.core.documents import MARGINS_MM, new_document, to_bytes
from zugong.members.letters import CUT_LINE, TITLE, Letter, Part, letter_parts
from zugong.members.models import MembershipTransfer

BODY_PT, TITLE_PT = 10.5, 14


def _dashed_rule(paragraph) -> None:
    """A dashed line under the paragraph: where the sheet is cut."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "dashed"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _docx_part(document, part: Part) -> None:
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(part.title)
    run.bold, run.font.size = True, Pt(TITLE_PT)
    document.add_paragraph(part.number).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if part.addressee:
        document.add_paragraph(part.addressee)
    for text in part.paragraphs:
        document.add_paragraph(f"　　{text}")
    for line in part.signature:
        document.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for line in part.footer:
        document.add_paragraph(line)


def transfer_letter(transfer: MembershipTransfer) -> bytes:
    letter = letter_parts(transfer)
    document = new_document(size_pt=BODY_PT)
    document.core_properties.title = f"{TITLE} {transfer.letter_number}"
    document.styles["Normal"].paragraph_format.space_after = Pt(2)
    for index, part in enumerate(_parts(letter)):
        if index:
            cut = document.add_paragraph(CUT_LINE)
            cut.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _dashed_rule(cut)
        _docx_part(document, part)
    return to_bytes(document)


def _parts(letter: Letter) -> list[Part]:
    return [letter.stub, letter.letter, letter.receipt]


def transfer_letter_pdf(transfer: MembershipTransfer) -> bytes:
    """A4 with the official margins, 宋体 as the PDF viewer's built-in Chinese font (STSong-Light), so no font file
    has to be installed."""
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import HRFlowable, Paragraph, SimpleDocTemplate, Spacer

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=BODY_PT, leading=BODY_PT * 1.45, wordWrap="CJK",
                          firstLineIndent=BODY_PT * 2)
    plain = ParagraphStyle("plain", parent=body, firstLineIndent=0)
    right = ParagraphStyle("right", parent=plain, alignment=TA_RIGHT)
    center = ParagraphStyle("center", parent=plain, alignment=TA_CENTER, fontSize=9, textColor="#555555")
    title = ParagraphStyle("title", parent=plain, fontSize=TITLE_PT, leading=TITLE_PT * 1.5, alignment=TA_CENTER)
    story: list = []
    for index, part in enumerate(_parts(letter_parts(transfer))):
        if index:
            story += [Spacer(1, 2 * mm), HRFlowable(width="100%", thickness=0.6, dash=(4, 3), color="#000000"),
                      Paragraph(CUT_LINE, center), Spacer(1, 2 * mm)]
        story += [Paragraph(part.title, title), Paragraph(part.number, right)]
        if part.addressee:
            story.append(Paragraph(part.addressee, plain))
        story += [Paragraph(text, body) for text in part.paragraphs]
        story += [Paragraph(line, right) for line in part.signature]
        story += [Paragraph(line, plain) for line in part.footer]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, title=f"{TITLE} {transfer.letter_number}",
                      leftMargin=MARGINS_MM["left"] * mm, rightMargin=MARGINS_MM["right"] * mm,
                      topMargin=MARGINS_MM["top"] * mm, bottomMargin=MARGINS_MM["bottom"] * mm).build(story)
    return buffer.getvalue()
