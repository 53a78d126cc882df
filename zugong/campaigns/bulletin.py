"""A campaign's bulletin (通报): its text generated from the data as of a day, and the issued text as .docx and PDF.

The draft counts the tasks due by that day per owing unit: units AHEAD have every due task passed (通过), units
BEHIND have at least one task overdue (owed on that day — ``state_on`` reads the task's reports and reviews — and past
its deadline, as ``procedure.overdue`` decides today), most overdue first. Then each inspection begun by that day: its way (明察 / 暗访), the units it saw, the ratings, and each unit
rated 一般 or 差 with what was found and the rectification asked and done. The text is Chinese (a document the
county files); the department edits it before issuing; the issued text is never regenerated.
"""

import datetime as dt
import html
from collections import Counter, defaultdict
from dataclasses import dataclass

from zugong.campaigns import procedure
from zugong.campaigns.models import Bulletin, Campaign, InspectionFinding, Task, TaskReport
from zugong.core.dates import chinese_date
from zugong.core.documents import new_document, set_font, to_bytes
from zugong.organizations.models import Organization

LISTED = 100  # units named per section; the rest are counted ("等N个单位") so the text stays within its bound
BEHIND_TASKS_NAMED = 3
BODY_MAX = 20000  # Bulletin.body's max_length


@dataclass(frozen=True)
class Standing:
    organization: Organization
    due: int
    accepted: int
    overdue: list[Task]


@dataclass(frozen=True)
class Drafted:
    title: str
    body: str
    concerns: list[Organization]
    ahead: list[Standing]
    behind: list[Standing]


def state_on(task: Task, day: dt.date) -> str:
    """The task's state on ``day`` read from its reports (a bulletin as of an earlier day counts what was true then):
    the last report passed in by that day — waiting if not reviewed by then, else passed or returned — or owed."""
    done = [r for r in task.reports.all() if r.submitted_on <= day]
    if not done:
        return Task.Status.OPEN
    last = max(done, key=lambda r: (r.submitted_on, r.pk))
    if last.reviewed_on is None or last.reviewed_on > day:
        return Task.Status.REPORTED
    return Task.Status.ACCEPTED if last.outcome == TaskReport.Outcome.ACCEPTED else Task.Status.RETURNED


def _overdue_on(task: Task, day: dt.date) -> bool:
    return state_on(task, day) in procedure.OWED and day > task.deadline


def standings(campaign: Campaign, as_of: dt.date) -> tuple[list[Standing], list[Standing], Counter]:
    """(ahead, behind, counts of all tasks by state plus 'overdue') as of the day."""
    per_org: dict[int, list[Task]] = defaultdict(list)
    orgs: dict[int, Organization] = {}
    counts: Counter = Counter()
    for task in campaign.tasks.select_related("organization").prefetch_related("reports").order_by("deadline", "pk"):
        counts[state_on(task, as_of)] += 1
        counts["all"] += 1
        if _overdue_on(task, as_of):
            counts["overdue"] += 1
        if task.deadline <= as_of:
            per_org[task.organization_id].append(task)
            orgs[task.organization_id] = task.organization
    ahead, behind = [], []
    for org_id, tasks in per_org.items():
        accepted = sum(1 for t in tasks if state_on(t, as_of) == Task.Status.ACCEPTED)
        late = [t for t in tasks if _overdue_on(t, as_of)]
        standing = Standing(orgs[org_id], len(tasks), accepted, late)
        if late:
            behind.append(standing)
        elif accepted == len(tasks):
            ahead.append(standing)
    ahead.sort(key=lambda s: (s.organization.path,))
    behind.sort(key=lambda s: (-len(s.overdue), s.organization.path))
    return ahead, behind, counts


def _named(names: list[str]) -> str:
    shown = "、".join(names[:LISTED])
    return shown + (f"等{len(names)}个单位" if len(names) > LISTED else f"（共{len(names)}个）")


def generate(campaign: Campaign, as_of: dt.date) -> Drafted:
    ahead, behind, counts = standings(campaign, as_of)
    issuer = campaign.organization.name
    lines = ["各有关党组织：",
             f"截至{chinese_date(as_of)}，{campaign.title}共部署任务{counts['all']}项，已审核通过"
             f"{counts[Task.Status.ACCEPTED]}项，已报送待审核{counts[Task.Status.REPORTED]}项，退回重报"
             f"{counts[Task.Status.RETURNED]}项，尚未报送{counts[Task.Status.OPEN]}项，其中超期未报送"
             f"{counts['overdue']}项。现将有关情况通报如下："]
    lines.append("一、进展较快的单位")
    if ahead:
        lines.append("以下单位到期任务已全部完成并通过审核：" + _named([s.organization.name for s in ahead]) + "。")
    else:
        lines.append("截至统计日，尚无到期任务全部通过审核的单位。")
    lines.append("二、进展滞后的单位")
    if behind:
        lines.append("以下单位有超期未报送的任务，予以通报：")
        for number, standing in enumerate(behind[:LISTED], start=1):
            named = "；".join(f"「{t.title}」（期限{chinese_date(t.deadline)}）"
                             for t in standing.overdue[:BEHIND_TASKS_NAMED])
            more = f"等{len(standing.overdue)}项" if len(standing.overdue) > BEHIND_TASKS_NAMED else ""
            lines.append(f"{number}. {standing.organization.name}：超期{len(standing.overdue)}项，{named}{more}。")
        if len(behind) > LISTED:
            lines.append(f"另有{len(behind) - LISTED}个单位有超期任务，详见系统待办清单。")
    else:
        lines.append("截至统计日，没有超期未报送任务的单位。")
    lines.append("三、督查情况")
    inspections = list(campaign.inspections.filter(started_on__lte=as_of).order_by("started_on", "pk"))
    inspected: list[Organization] = []
    if not inspections:
        lines.append("截至统计日，尚未开展督查。")
    for inspection in inspections:
        findings = list(inspection.findings.select_related("organization").order_by("org_path", "pk"))
        ratings = Counter(f.rating for f in findings)
        lines.append(
            f"{chinese_date(inspection.started_on)}至{chinese_date(inspection.ended_on)}，"
            f"{inspection.title}采取{inspection.get_kind_display()}方式督查{len(findings)}个单位，评价“好”"
            f"{ratings[InspectionFinding.Rating.GOOD]}个、“一般”{ratings[InspectionFinding.Rating.FAIR]}个、“差”"
            f"{ratings[InspectionFinding.Rating.POOR]}个。")
        for item in findings:
            inspected.append(item.organization)
            if item.rating == InspectionFinding.Rating.GOOD:
                continue
            text = f"{item.organization.name}（{item.get_rating_display()}）：{item.found or '—'}"
            if item.rectification:
                done = (f"已于{chinese_date(item.rectified_on)}整改完成" if item.rectified_on and item.rectified_on
                        <= as_of else "尚未整改完成")
                by = f"，期限{chinese_date(item.rectify_by)}" if item.rectify_by else ""
                text += f"；整改要求：{item.rectification}{by}，{done}"
            lines.append(text + "。")
    lines.append("四、有关要求")
    lines.append("对进展滞后和督查评价为“一般”“差”的单位，请认真查找原因，限期整改，并将整改情况书面报"
                 f"{issuer}。对搞形式、走过场的单位和个人，将按规定责成作出书面检讨。")
    body = "\n".join(lines)
    body = body[:BODY_MAX]
    concerns = {s.organization.pk: s.organization for s in [*ahead, *behind]}
    concerns.update({org.pk: org for org in inspected})
    title = f"关于{campaign.title}进展情况的通报"
    return Drafted(title=title, body=body, concerns=list(concerns.values()), ahead=ahead, behind=behind)


# --- Documents ----------------------------------------------------------------------------------------------------

TITLE_PT, BODY_PT = 18, 14
HEADINGS = ("一、", "二、", "三、", "四、", "五、", "六、")


def _heading(bulletin: Bulletin) -> str:
    """通报（2026年第3期）in Chinese whatever the reader's language: the document is the county's."""
    if bulletin.serial:
        return f"通报（{bulletin.year}年第{bulletin.serial}期）"
    return "通报（草稿，未印发）"


def _paragraphs(bulletin: Bulletin) -> list[str]:
    return [line.strip() for line in bulletin.body.splitlines() if line.strip()]


def _signature(bulletin: Bulletin) -> list[str]:
    return [bulletin.campaign.organization.name, chinese_date(bulletin.issued_on or bulletin.as_of)]


def bulletin_docx(bulletin: Bulletin) -> bytes:
    from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: PLC0415
    from docx.shared import Pt  # noqa: PLC0415

    document = new_document(size_pt=BODY_PT)
    number = document.add_paragraph()
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(number.add_run(_heading(bulletin)), "宋体", BODY_PT)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(title.add_run(bulletin.title), "宋体", TITLE_PT)
    for text in _paragraphs(bulletin):
        paragraph = document.add_paragraph()
        if not text.startswith(HEADINGS) and not text.endswith("："):
            paragraph.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
        run = paragraph.add_run(text)  # typed text stays text: never read as a field or a formula
        set_font(run, "仿宋_GB2312", BODY_PT)
        run.bold = text.startswith(HEADINGS)
    for line in _signature(bulletin):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        set_font(paragraph.add_run(line), "仿宋_GB2312", BODY_PT)
    return to_bytes(document)


def bulletin_pdf(bulletin: Bulletin) -> bytes:
    """A4, 宋体 as the PDF viewer's built-in Chinese font (STSong-Light), as the transfer letter's PDF."""
    import io  # noqa: PLC0415

    from reportlab.lib.enums import TA_CENTER, TA_RIGHT  # noqa: PLC0415
    from reportlab.lib.pagesizes import A4  # noqa: PLC0415
    from reportlab.lib.styles import ParagraphStyle  # noqa: PLC0415
    from reportlab.lib.units import mm  # noqa: PLC0415
    from reportlab.pdfbase import pdfmetrics  # noqa: PLC0415
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # noqa: PLC0415
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer  # noqa: PLC0415

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=12, leading=12 * 1.6, wordWrap="CJK",
                          firstLineIndent=24)
    plain = ParagraphStyle("plain", parent=body, firstLineIndent=0)
    heading = ParagraphStyle("heading", parent=plain, fontSize=12.5)
    right = ParagraphStyle("right", parent=plain, alignment=TA_RIGHT)
    center = ParagraphStyle("center", parent=plain, alignment=TA_CENTER)
    title = ParagraphStyle("title", parent=center, fontSize=TITLE_PT, leading=TITLE_PT * 1.5)
    story = [Paragraph(html.escape(_heading(bulletin)), center),
             Spacer(1, 4 * mm), Paragraph(html.escape(bulletin.title), title), Spacer(1, 4 * mm)]
    for text in _paragraphs(bulletin):
        style = heading if text.startswith(HEADINGS) else plain if text.endswith("：") else body
        story.append(Paragraph(html.escape(text), style))  # escaped: typed text is never markup
    story.append(Spacer(1, 8 * mm))
    story += [Paragraph(html.escape(line), right) for line in _signature(bulletin)]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, topMargin=37 * mm, bottomMargin=35 * mm, leftMargin=28 * mm,
                      rightMargin=26 * mm, title=bulletin.title).build(story)
    return buffer.getvalue()
