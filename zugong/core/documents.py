"""Word documents (.docx) as Chinese official documents: A4 with the GB/T 9704 margins and the official fonts.

python-docx's ``Document()`` starts from a US Letter template with one-inch margins; every export starts from
``new_document()`` instead, so that a page printed in an office is the paper and the margins it files.
"""

import io

from docx import Document
from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

# GB/T 9704-2012 《党政机关公文格式》: A4 (210 × 297 mm); top margin 37 mm, bottom 35 mm, left (binding) 28 mm,
# right 26 mm — a type area of 156 × 225 mm.
A4_WIDTH_MM, A4_HEIGHT_MM = 210, 297
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
# Body text in 仿宋 (FangSong), titles in 小标宋 where installed; Word falls back to 宋体 otherwise.
BODY_FONT = "仿宋_GB2312"
SONG_FONT = "宋体"


def set_official_page(section) -> None:
    """A4 portrait with the GB/T 9704 margins, for a section of any document."""
    section.page_width, section.page_height = Mm(A4_WIDTH_MM), Mm(A4_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])


def set_font(style_or_run, name: str, size_pt: float | None = None) -> None:
    """A Chinese font name on both the Latin and the East Asian slot (Word reads the second for Chinese text)."""
    font = style_or_run.font
    font.name = name
    if size_pt is not None:
        font.size = Pt(size_pt)
    element = style_or_run.element
    r_pr = element.get_or_add_rPr()
    r_pr.get_or_add_rFonts().set(qn("w:eastAsia"), name)


def new_document(*, font: str = SONG_FONT, size_pt: float = 12, form_margins_mm: dict | None = None) -> WordDocument:
    """An empty document on A4 with official margins, ``font`` at ``size_pt`` as its body text.

    ``form_margins_mm`` only for a printed form whose boxes are laid out in millimetres for its own print area
    (干部任免审批表): still A4, with the form's margins.
    """
    document = Document()
    for section in document.sections:
        set_official_page(section)
        if form_margins_mm:
            section.top_margin, section.bottom_margin = Mm(form_margins_mm["top"]), Mm(form_margins_mm["bottom"])
            section.left_margin, section.right_margin = Mm(form_margins_mm["left"]), Mm(form_margins_mm["right"])
    set_font(document.styles["Normal"], font, size_pt)
    return document


def to_bytes(document: WordDocument) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
