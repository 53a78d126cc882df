"""回访复查 (follow-up reviews): a review of one organization's shortcomings, checked under seed 004's 四查 —
一查各项整改措施落实得如何；二查长效机制执行得如何；三查好事实事深入得如何；四查不合格党员处置情况如何 — each shortcoming
found 已整改, 部分整改 or 未整改, and the review closed once (planned → done).

A review is planned from a finalized round's result (its shortcomings prefilled: every criterion that lost points,
the basic tasks (党建基本工作任务) named as such) or by hand for any organization the planner runs assessments over
(an organization under 软弱涣散整顿 gets its open rectification linked and its reason as the first shortcoming).
It is due ``assessments.followup_due_days`` after the round was finalized (or on the date the planner sets); a
planned review past its date is a finding of the check ``assessments.followup_overdue`` (``checks``).

Capabilities are the rounds' (``services.RUN`` to plan, record and close, over the target's path; ``selectors``
to read). Every decision locks the review's row and reads its status again: a second close, or a change to a closed
review, is refused in Chinese and nothing changes.

The 述职报告 of a result: uploaded by those who run its round, capped by ``assessments.report_max_bytes``, its kind
decided by its content (PDF, Word), stored under ``assessments/%Y/``.
"""

import datetime as dt
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from zugong.assessments.models import (
    LOCAL_SOURCE,
    Criterion,
    FollowUp,
    FollowUpAspect,
    FollowUpItem,
    Result,
    Score,
)
from zugong.assessments.services import RUN, shown
from zugong.core.access import DomainError, path_in_scope
from zugong.core.audit import record_event, snapshot
from zugong.core.bounds import DATE_MAX, DATE_MIN
from zugong.core.bounds import checked_text as _text
from zugong.core.checks import run_checks
from zugong.core.dates import chinese_date
from zugong.core.filetypes import sniff
from zugong.core.locks import lock
from zugong.core.models import AuditEvent
from zugong.core.policy import define, policy_int
from zugong.organizations.models import Organization, Rectification

MODULE = "考核评价"
SEED_004 = "第004号讲话：对教育活动进行回访复查，具体做好“四查”"
TITLE_MAX, TEXT_MAX, NOTE_MAX, REVIEWERS_MAX, SUMMARY_MAX = 100, 300, 500, 200, 2000
ITEMS_MAX = 50  # a layout and bounds choice: one review's shortcomings fit on a page
CHECK_CODE = "assessments.followup_overdue"

DUE_DAYS = define(
    "assessments.followup_due_days", label="考核定稿后回访复查的期限", module=MODULE, kind=int, default=60,
    unit="天", minimum=7, maximum=365,
    source=f"{LOCAL_SOURCE}（参照第004号讲话回访复查的做法：年初部署“四查”，2月中旬前报告检查情况，约一个半月；"
           "自考核定稿之日起计算）",
)
REPORT_MAX_BYTES = define(
    "assessments.report_max_bytes", label="述职报告文件的大小上限", module=MODULE, kind=int, default=10_000_000,
    unit="字节", minimum=100_000, maximum=50_000_000,
    source=f"{LOCAL_SOURCE}（网页上传的总大小另受上传上限约束）",
)

# The 四查 of seed 004, shipped as data (``FollowUpAspect``) by the migration that made the table.
ASPECTS = (
    ("measures", "一查各项整改措施落实得如何"),
    ("mechanism", "二查长效机制执行得如何"),
    ("good_deeds", "三查好事实事深入得如何"),
    ("unqualified", "四查不合格党员处置情况如何"),
)


def ensure_aspects(get_model=None) -> None:
    """Add the 四查 when missing, never overwriting a department's edits (the migration and the tests call it)."""
    model = get_model("assessments", "FollowUpAspect") if get_model else FollowUpAspect
    for order, (code, label) in enumerate(ASPECTS, start=1):
        model.objects.get_or_create(code=code, defaults={"order": order, "label": label, "source": SEED_004})


def default_aspect() -> FollowUpAspect:
    found = FollowUpAspect.objects.order_by("order", "pk").first()
    if found is None:  # a database emptied of its shipped data gets seed 004's 四查 back
        ensure_aspects()
        found = FollowUpAspect.objects.order_by("order", "pk").first()
    assert found is not None
    return found


# --- checks of what a person typed ------------------------------------------------------------------------------

def _require(actor, path: str, label: str) -> None:
    if not path_in_scope(actor, RUN, path):
        raise DomainError(f"您无权对「{label}」安排或记录回访复查", field="organization")




def _date(value: dt.date, label: str, field: str) -> dt.date:
    if not DATE_MIN <= value <= DATE_MAX:
        raise DomainError(f"「{label}」应在{DATE_MIN:%Y-%m-%d}至{DATE_MAX:%Y-%m-%d}之间", field=field)
    return value


def _planned_locked(follow_up: FollowUp) -> None:
    lock(follow_up)
    if follow_up.is_done:
        closed = timezone.localtime(follow_up.closed_at) if follow_up.closed_at else None
        when = f"已于{closed:%Y-%m-%d %H:%M}" if closed else "已"
        raise DomainError(f"「{follow_up}」{when}完成复查，不能再更改", field="status")


def _refresh_findings(path: str) -> None:
    transaction.on_commit(lambda: run_checks(path, codes=[CHECK_CODE]))


# --- shortcomings of a result ------------------------------------------------------------------------------------

def shortcomings_of(result: Result) -> list[str]:
    """Every criterion that lost points, in the scheme's order; a basic task (党建基本工作任务) named as such."""
    found = []
    for score in (Score.objects.filter(result=result).select_related("criterion")
                  .order_by("criterion__order", "criterion__pk")):
        criterion: Criterion = score.criterion
        points = score.points or Decimal(0)
        if points >= criterion.max_points:
            continue
        prefix = "未完成党建基本工作任务：" if criterion.is_basic_task else ""
        found.append(f"{prefix}「{criterion.label}」得{shown(points)}分（满分{shown(criterion.max_points)}分）"[:TEXT_MAX])
    return found


def default_due(result: Result) -> dt.date:
    finalized = result.round.finalized_at
    start = timezone.localdate(finalized) if finalized else timezone.localdate()
    return start + dt.timedelta(days=policy_int(DUE_DAYS.key))


# --- use cases ---------------------------------------------------------------------------------------------------

def _create(actor, organization: Organization, *, title: str, due_on: dt.date, shortcomings: Sequence[str],
            aspect: FollowUpAspect, result: Result | None = None,
            rectification: Rectification | None = None) -> FollowUp:
    if len(shortcomings) > ITEMS_MAX:
        raise DomainError(f"一次回访复查最多{ITEMS_MAX}个存在问题，收到{len(shortcomings)}个", field="shortcomings")
    with transaction.atomic():
        lock(organization)
        follow_up = FollowUp.objects.create(organization=organization, result=result, rectification=rectification,
                                            title=title, due_on=due_on, planned_by=actor)
        FollowUpItem.objects.bulk_create(FollowUpItem(follow_up=follow_up, order=n, shortcoming=text, aspect=aspect)
                                         for n, text in enumerate(shortcomings, start=1))
        record_event(actor, AuditEvent.Action.CREATE, follow_up, subject=organization,
                     message=f"安排回访复查：{title}，{len(shortcomings)}个存在问题，{chinese_date(due_on)}前完成")
        _refresh_findings(organization.path)
    return follow_up


def plan_from_result(actor, result: Result, *, due_on: dt.date | None = None) -> FollowUp:
    """A review of a finalized round's target, its shortcomings prefilled (criteria that lost points)."""
    round_ = result.round
    _require(actor, result.org_path, result.target_label)
    if not path_in_scope(actor, RUN, round_.org_path):
        raise DomainError(f"您无权对「{round_}」的考核对象安排回访复查", field="result")
    if not round_.is_finalized:
        raise DomainError(f"「{round_}」尚未定稿，定稿后才能安排回访复查", field="result")
    if FollowUp.objects.filter(result=result, status=FollowUp.Status.PLANNED).exists():
        raise DomainError(f"「{result.target_label}」已有待复查的回访复查，完成后才能再安排", field="result")
    due_on = _date(due_on or default_due(result), "计划复查日期", "due_on")
    title = f"{result.target_label}{round_.year}年度考核回访复查"[:TITLE_MAX]
    return _create(actor, result.organization, title=title, due_on=due_on, shortcomings=shortcomings_of(result),
                   aspect=default_aspect(), result=result, rectification=result.rectification)


def plan_by_hand(actor, organization: Organization, *, due_on: dt.date, title: str = "",
                 shortcomings: Sequence[str] = (), aspect: FollowUpAspect | None = None) -> FollowUp:
    """A review of any organization in scope; one under 软弱涣散整顿 gets its open rectification linked."""
    _require(actor, organization.path, str(organization))
    due_on = _date(due_on, "计划复查日期", "due_on")
    title = _text(title, "名称", "title", TITLE_MAX) or f"{organization}回访复查"[:TITLE_MAX]
    lines = [_text(line, "存在问题", "shortcomings", TEXT_MAX) for line in shortcomings]
    lines = [line for line in lines if line]
    rectification = Rectification.objects.filter(organization=organization, closed_on__isnull=True).first()
    if rectification is not None:
        lines.insert(0, f"软弱涣散整顿：{rectification.reason}"[:TEXT_MAX])
    if not lines:
        raise DomainError("请至少填写一个存在问题", field="shortcomings")
    return _create(actor, organization, title=title, due_on=due_on, shortcomings=lines,
                   aspect=aspect or default_aspect(), rectification=rectification)


def add_item(actor, follow_up: FollowUp, shortcoming: str, aspect: FollowUpAspect) -> FollowUpItem:
    _require(actor, follow_up.org_path, str(follow_up))
    text = _text(shortcoming, "存在问题", "shortcoming", TEXT_MAX, required=True)
    with transaction.atomic():
        _planned_locked(follow_up)
        count = follow_up.items.count()
        if count >= ITEMS_MAX:
            raise DomainError(f"一次回访复查最多{ITEMS_MAX}个存在问题", field="shortcoming")
        item = FollowUpItem.objects.create(follow_up=follow_up, order=count + 1, shortcoming=text, aspect=aspect)
        record_event(actor, AuditEvent.Action.CREATE, item, subject=follow_up, message=f"增加存在问题：{text}")
    return item


@dataclass(frozen=True)
class Entry:
    item: FollowUpItem
    outcome: str
    note: str
    aspect: FollowUpAspect


def record_items(actor, follow_up: FollowUp, entries: Sequence[Entry]) -> int:
    """Each shortcoming's 四查 aspect, whether it was put right and a note, while the review is planned."""
    _require(actor, follow_up.org_path, str(follow_up))
    outcomes = set(FollowUpItem.Outcome.values) | {""}
    for entry in entries:
        if entry.item.follow_up_id != follow_up.pk:
            raise DomainError("复查事项不属于本次回访复查", field="items")
        if entry.outcome not in outcomes:
            raise DomainError(f"「{entry.item.shortcoming}」的整改情况无效", field="items")
        _text(entry.note, f"{entry.item.shortcoming}的复查说明", "items", NOTE_MAX)
    with transaction.atomic():
        _planned_locked(follow_up)
        changed = []
        for entry in entries:
            item = entry.item
            item.outcome, item.note, item.aspect = entry.outcome, entry.note.strip(), entry.aspect
            changed.append(item)
        FollowUpItem.objects.bulk_update(changed, ["outcome", "note", "aspect"])
        record_event(actor, AuditEvent.Action.UPDATE, follow_up, subject=follow_up.organization,
                     message=f"记录复查情况：{len(changed)}个存在问题")
    return len(changed)


def close_review(actor, follow_up: FollowUp, *, held_on: dt.date, reviewers: str, summary: str) -> FollowUp:
    """Close the review (planned → done), once: every shortcoming must have its outcome."""
    _require(actor, follow_up.org_path, str(follow_up))
    _date(held_on, "复查日期", "held_on")
    if held_on > timezone.localdate():
        raise DomainError(f"「复查日期」{chinese_date(held_on)}晚于今天，复查后再办结", field="held_on")
    reviewers = _text(reviewers, "复查人员", "reviewers", REVIEWERS_MAX, required=True)
    summary = _text(summary, "复查结论", "summary", SUMMARY_MAX, required=True)
    with transaction.atomic():
        _planned_locked(follow_up)
        open_items = list(follow_up.items.filter(outcome="").values_list("shortcoming", flat=True)[:4])
        if open_items:
            named = "；".join(f"「{text[:30]}」" for text in open_items[:3])
            raise DomainError(f"以下存在问题尚未记录整改情况，不能办结：{named}{'等' if len(open_items) > 3 else ''}",
                              field="items")
        before = snapshot(follow_up)
        now = timezone.now()
        updated = FollowUp.objects.filter(pk=follow_up.pk, status=FollowUp.Status.PLANNED).update(
            status=FollowUp.Status.DONE, held_on=held_on, reviewers=reviewers, summary=summary, closed_by=actor,
            closed_at=now)
        if updated != 1:  # the lock above makes this unreachable; kept as the conditional UPDATE's own guard
            raise DomainError(f"「{follow_up}」已完成复查，不能再更改", field="status")
        follow_up.refresh_from_db()
        record_event(actor, AuditEvent.Action.UPDATE, follow_up, before=before, subject=follow_up.organization,
                     message=f"完成回访复查：{follow_up.title}")
        _refresh_findings(follow_up.org_path)
    return follow_up


# --- the 述职报告 of a result ------------------------------------------------------------------------------------

REPORT_KINDS = "PDF、Word（.docx、.doc）"
REPORT_EXTENSIONS = (".pdf", ".docx", ".doc")


def sniff_report(name: str, data: bytes) -> str:
    """The report's extension by its content (never its name, ``core.filetypes``): PDF, Word (.docx) or old Word."""
    return sniff(name[-40:], data, limit=policy_int(REPORT_MAX_BYTES.key), field="report", only=REPORT_EXTENSIONS,
                 only_text=REPORT_KINDS, what="述职报告").extension


def attach_report(actor, result: Result, upload) -> Result:
    """The target's 述职报告, by those who run the round (a new file replaces the old one)."""
    round_ = result.round
    if not (path_in_scope(actor, RUN, round_.org_path) and path_in_scope(actor, RUN, result.org_path)):
        raise DomainError(f"您无权为「{result.target_label}」上传述职报告", field="report")
    name = getattr(upload, "name", "") or "文件"
    extension = sniff_report(name, upload.read())
    upload.seek(0)
    data = upload.read()
    with transaction.atomic():
        lock(result)
        old = result.report.name if result.report else ""
        storage = result.report.storage
        result.report.save(f"report-{secrets.token_hex(8)}{extension}", ContentFile(data), save=False)
        result.report_uploaded_at = timezone.now()
        result.save(update_fields=["report", "report_uploaded_at"])
        if old:
            transaction.on_commit(lambda: storage.delete(old))
        record_event(actor, AuditEvent.Action.UPDATE, result, subject=round_,
                     message=f"上传述职报告：{result.target_label}")
    return result
