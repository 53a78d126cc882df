"""The case's documents as .docx (A4, GB/T 9704 margins) and PDF (reportlab, STSong-Light): the 考察预告 and
任前公示 notices, the 常委会议题 sheet, the 纪实表 of the case (every step with dates, figures and who), and the
任职通知 of an appointed candidate. Each document is a ``Paper`` (title, paragraphs, an optional table) drawn by
the one docx and the one PDF function."""

import io
from dataclasses import dataclass, field
from html import escape

from django.http import Http404, HttpResponse
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from zugong.appointments.models import (
    CaseCandidate,
    CaseStep,
    Notice,
    ProbationReview,
    SelectionCase,
)
from zugong.appointments.procedure import chinese_date, flat, label
from zugong.members.letters import issuer_label, top_committee

A4 = (210, 297)
MARGINS = {"top": 37, "bottom": 35, "left": 28, "right": 26}  # GB/T 9704


def department_of(case: SelectionCase) -> str:
    """The organization department that signs: the installation's top committee's (县委组织部)."""
    return issuer_label(top_committee(case.unit))


@dataclass
class Paper:
    title: str
    paragraphs: list[str]
    table: list[list[str]] = field(default_factory=list)  # first row: the heading
    signature: list[str] = field(default_factory=list)


def notice_paper(notice: Notice) -> Paper:
    lines = [notice.text]
    if notice.kind == Notice.Kind.ANNOUNCEMENT:  # 公开选拔公告: the posts, the qualifications, the registration
        found = notice.competition
        lines.append(f"选拔职位：{'、'.join(p.title for p in notice.case.positions.all())}")
        lines.append(f"报名资格条件：{found.qualifications}")
        lines.append(f"报名时间：{chinese_date(found.registration_starts_on)}至{chinese_date(found.registration_ends_on)}。")
        lines.append(f"综合成绩按笔试{found.written_weight}%、面试{found.interview_weight}%计算；"
                     f"每个职位按综合成绩排名确定{found.per_post}名考察对象（差额考察）。")
        lines.append(f"咨询及举报电话：{notice.phone}。")
        return Paper(f"{notice.get_kind_display()}", lines,
                     signature=[department_of(notice.case), chinese_date(notice.publish_on)])
    if notice.kind == Notice.Kind.INSPECTION:
        lines.append(f"考察组成员：{notice.inspectors}")
        lines.append(f"考察预告期间：{chinese_date(notice.publish_on)}至{chinese_date(notice.ends_on)}。")
    else:
        lines.append(f"公示时间：{chinese_date(notice.publish_on)}至{chinese_date(notice.ends_on)}"
                     f"（{(notice.ends_on - notice.publish_on).days + 1}天，按工作日计算）。")
    if notice.calendar_note:
        lines.append(f"说明：{notice.calendar_note}。")
    lines.append(f"公示（预告）期间，如对上述人选有情况反映，请通过来信、来电、来访等方式向县委组织部反映。"
                 f"受理电话：{notice.phone}；12380举报网站、短信同步受理。")
    lines.append("反映问题应实事求是、客观公正，提倡署真实姓名。")
    return Paper(f"{notice.get_kind_display()}", lines,
                 signature=[department_of(notice.case), chinese_date(notice.publish_on)])


def agenda_paper(case: SelectionCase) -> Paper:
    """常委会议题: one row per candidate to decide, one at a time."""
    rows = [["序号", "姓名", "现任职务", "拟任职务", "推荐情况", "考察情况", "酝酿情况"]]
    inspection = case.steps.filter(kind=CaseStep.Kind.INSPECTION).first()
    opinions = "、".join(f"{o.get_source_display()}{'无不良反映' if o.favourable else '有反映（' + o.content + '）'}"
                         for o in case.opinions.all())
    for number, candidate in enumerate(case.candidates.filter(chosen=True, dropped_reason="").select_related(
            "cadre", "position"), start=1):
        if candidate.cadre is not None:
            current = "、".join(t.position.title for t in candidate.cadre.tenures.filter(ended_on__isnull=True)
                               .select_related("position"))
        else:  # 公开选拔 from outside: the unit and post as registered
            current = f"{candidate.registration.unit}{candidate.registration.post}"
        share = f"会议推荐得票率{candidate.vote_share}%" if candidate.vote_share is not None else "经谈话调研推荐"
        rows.append([str(number), candidate.name, current, candidate.position.title, share,
                     f"个别谈话{inspection.talks}人" if inspection and inspection.talks else "",
                     opinions])
    return Paper(f"常委会议题：{case.title}", [f"单位：{case.unit}　类型：{case.get_kind_display()}",
                                          "请逐一讨论决定以下拟任人选（应到会成员三分之二以上到会，以应到会成员超过半数同意形成决定）。"],
                 rows)


def _figures_text(step: CaseStep) -> str:
    figures = step.figures or {}
    if not figures:
        return ""
    rows = "；".join(f"{r['name']}同意{r['yes']}票" for r in figures.get("rows", []))
    return (f"应到{figures.get('entitled')}人，实到{figures.get('present')}人，有效票{figures.get('valid')}张；"
            f"{rows}（计票封存码{str(figures.get('seal', ''))[:12]}…）")


def _result(step: CaseStep) -> str:
    return str(ProbationReview.Result(step.result).label) if step.result in ProbationReview.Result.values else ""


def record_paper(case: SelectionCase) -> Paper:
    """The 纪实表: every step with its date, figures and who, in the procedure's order."""
    order = flat(case.kind, case.elected_posts)
    steps = sorted(case.steps.select_related("candidate__cadre", "recorded_by"),
                   key=lambda s: (order.index(s.kind) if s.kind in order else 99, s.done_on, s.pk))
    rows = [["步骤", "日期", "人选", "情况（人数、表决结果、文号）", "经办人"]]
    for step in steps:
        details = [part for part in (step.number, step.talks and f"谈话{step.talks}人", _figures_text(step),
                                     _result(step), step.note) if part]
        rows.append([label(step.kind), f"{step.done_on:%Y-%m-%d}", step.candidate.name if step.candidate else "",
                     "；".join(details), step.handled_by or (step.recorded_by.get_full_name() if step.recorded_by else "")])
    for opinion in case.opinions.all():
        rows.append(["酝酿意见", f"{opinion.received_on:%Y-%m-%d}", "", str(opinion)
                     + (f"；{opinion.resolved_on:%Y-%m-%d}查清：{opinion.resolution}" if opinion.resolved_on else ""), ""])
    for notice in case.notices.all():
        rows.append([notice.get_kind_display(), f"{notice.publish_on:%Y-%m-%d}", "",
                     f"至{notice.ends_on:%Y-%m-%d}" + (f"；{notice.calendar_note}" if notice.calendar_note else ""), ""])
    head = [f"事项：{case.title}　类型：{case.get_kind_display()}　单位：{case.unit}　状态：{case.get_status_display()}",
            "拟任职位：" + "、".join(p.title for p in case.positions.all())]
    if case.has_exceptional_approval:
        head.append(f"破格提拔批准：{case.exceptional_approved_on:%Y-%m-%d} {case.exceptional_document}，"
                    f"理由：{case.exceptional_reason}")
    names = "、".join(f"{c.name}{'（不再作为人选：' + c.dropped_reason + '）' if c.dropped_reason else ''}"
                     for c in case.candidates.select_related("cadre"))
    head.append(f"人选：{names or '无'}")
    return Paper("干部选拔任用工作纪实表", head, rows)


def appointment_paper(candidate: CaseCandidate) -> Paper:
    step = candidate.steps.filter(kind=CaseStep.Kind.APPOINTMENT).first()
    day = step.done_on if step else None
    number = step.number if step else ""
    probation = getattr(candidate, "probation", None)
    lines = [f"{candidate.case.unit}：",
             f"经{top_committee(candidate.case.unit).name.removeprefix('中共')}研究决定："
             f"{candidate.name}同志任{candidate.position.title}"
             + (f"，试用期（{probation.started_on:%Y年%m月%d日}至{probation.ends_on:%Y年%m月%d日}）" if probation else "")
             + "。", "请按有关规定办理相关手续。"]
    return Paper(f"任职通知{('（' + number + '）') if number else ''}", lines,
                 signature=[department_of(candidate.case), chinese_date(day) if day else ""])


def docx_of(paper: Paper) -> bytes:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(A4[0]), Mm(A4[1])
    section.top_margin, section.bottom_margin = Mm(MARGINS["top"]), Mm(MARGINS["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS["left"]), Mm(MARGINS["right"])
    style = document.styles["Normal"]
    style.font.name = "FangSong"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋_GB2312")
    style.font.size = Pt(14 if not paper.table else 11)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(paper.title)
    run.bold, run.font.size = True, Pt(20 if not paper.table else 16)
    for text in paper.paragraphs:
        document.add_paragraph(text if paper.table else f"　　{text}")
    if paper.table:
        table = document.add_table(rows=0, cols=len(paper.table[0]))
        table.style = "Table Grid"
        for row in paper.table:
            for cell, text in zip(table.add_row().cells, row, strict=True):
                cell.text = text
    for line in paper.signature:
        document.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pdf_of(paper: Paper) -> bytes:
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT  # noqa: PLC0415 (reportlab only when a PDF is asked for)
    from reportlab.lib.pagesizes import A4 as PAGE  # noqa: PLC0415
    from reportlab.lib.styles import ParagraphStyle  # noqa: PLC0415
    from reportlab.lib.units import mm  # noqa: PLC0415
    from reportlab.pdfbase import pdfmetrics  # noqa: PLC0415
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # noqa: PLC0415
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle  # noqa: PLC0415

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    size = 10 if paper.table else 14
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=size, leading=size * 1.7, wordWrap="CJK",
                          firstLineIndent=0 if paper.table else 2 * size)
    cell = ParagraphStyle("cell", parent=body, fontSize=9, leading=13, firstLineIndent=0)
    story = [Paragraph(escape(paper.title), ParagraphStyle("title", parent=body, fontSize=18, leading=28,
                                                           alignment=TA_CENTER, firstLineIndent=0)),
             Spacer(1, 5 * mm), *[Paragraph(escape(text), body) for text in paper.paragraphs]]
    if paper.table:
        width = (A4[0] - MARGINS["left"] - MARGINS["right"]) * mm
        data = [[Paragraph(escape(text), cell) for text in row] for row in paper.table]
        table = Table(data, colWidths=[width / len(paper.table[0])] * len(paper.table[0]), repeatRows=1)
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        story += [Spacer(1, 3 * mm), table]
    story += [Spacer(1, 10 * mm)] + [Paragraph(escape(line), ParagraphStyle(
        "sign", parent=body, alignment=TA_RIGHT, firstLineIndent=0)) for line in paper.signature]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=PAGE, title=paper.title, leftMargin=MARGINS["left"] * mm,
                      rightMargin=MARGINS["right"] * mm, topMargin=MARGINS["top"] * mm,
                      bottomMargin=MARGINS["bottom"] * mm).build(story)
    return buffer.getvalue()


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def paper_response(paper: Paper, fmt: str, name: str) -> HttpResponse:
    """A paper as an attachment, .docx or .pdf; any other format is a 404."""
    if fmt == "pdf":
        response = HttpResponse(pdf_of(paper), content_type="application/pdf")
    elif fmt == "docx":
        response = HttpResponse(docx_of(paper), content_type=DOCX)
    else:
        raise Http404
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}.{fmt}"
    return response
