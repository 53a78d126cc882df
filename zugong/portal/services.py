"""Use cases of the portal (党务公开): write a draft, list its people or files, take a step of the procedure,
correct a published version, and the nightly withdrawal of ended 公示.

Every step locks the article and decides with ``procedure.refusal``; the loser of two people deciding at once reads
the state the winner left and gets its sentence. Everything is written to the history.
"""

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from zugong.core.access import DomainError, path_in_scope
from zugong.core.audit import diff, record_event, snapshot
from zugong.core.bounds import checked_text as _text
from zugong.core.filetypes import sniff, stored_file
from zugong.core.locks import lock
from zugong.core.models import AuditEvent
from zugong.core.policy import policy_int, policy_values
from zugong.core.submissions import constraint_message
from zugong.core.tasks import nightly
from zugong.organizations.models import Organization
from zugong.portal import policies as P
from zugong.portal import procedure
from zugong.portal.models import Article, Attachment, PublicityEntry
from zugong.portal.public_cache import pages_changed

S = Article.Status
BIRTH_MONTH = re.compile(r"^(19|20)\d{2}\.(0[1-9]|1[0-2])$")
SEXES = ("男", "女")
MAX_ENTRIES = 500
MAX_ATTACHMENTS = 20

constraint_message("portal_article_period_in_order", "截止日期不能早于发布日期，填写截止日期时须同时填写发布日期")
constraint_message("portal_publicity_has_period", "公示须填写公示期的截止日期")
constraint_message("portal_one_open_correction", "该信息已有一份更正稿在办理中，请在那份稿上修改")


@dataclass(frozen=True)
class Entry:
    """A person as a 公示 shows them (and nothing more)."""

    name: str
    sex: str
    birth_month: str
    education: str = ""
    current_post: str = ""
    proposed_post: str = ""


def _today() -> dt.date:
    return timezone.localdate()


def _require(actor, capability: str, organization: Organization) -> None:
    if not path_in_scope(actor, capability, organization.path):
        what = "撰写、送审" if capability == "portal.publish" else "审核发布"
        raise DomainError(f"您无权在「{organization}」范围内{what}党务公开信息", field="organization")


def _fields(kind: str, title: str, summary: str, body: str, starts_on: dt.date | None, ends_on: dt.date | None,
            contact: str) -> dict:
    if kind not in Article.Kind.values:
        raise DomainError("请选择栏目", field="kind")
    if starts_on and ends_on and ends_on < starts_on:
        raise DomainError("截止日期不能早于发布日期", field="ends_on")
    if ends_on and not starts_on:
        raise DomainError("填写截止日期时须同时填写发布日期", field="starts_on")
    return {"kind": kind, "title": _text(title, "标题", "title", 200, required=True),
            "summary": _text(summary, "摘要", "summary", 300), "body": _text(body, "正文", "body", 20000),
            "starts_on": starts_on, "ends_on": ends_on, "contact": _text(contact, "受理电话", "contact", 50)}


def draft_article(actor, organization: Organization, *, kind: str, title: str, summary: str = "", body: str = "",
                  starts_on: dt.date | None = None, ends_on: dt.date | None = None, contact: str = "") -> Article:
    _require(actor, "portal.publish", organization)
    fields = _fields(kind, title, summary, body, starts_on, ends_on, contact)
    with transaction.atomic():
        lock(organization)
        if organization.is_closed:
            raise DomainError(f"「{organization}」已撤销，不能以其名义发布信息", field="organization")
        article = Article.objects.create(organization=organization, author=_user(actor), **fields)
        record_event(actor, AuditEvent.Action.CREATE, article, subject=organization,
                     message=f"{article.get_kind_display()}草稿：{article.title}")
    return article


def update_draft(actor, article: Article, *, title: str, summary: str = "", body: str = "",
                 starts_on: dt.date | None = None, ends_on: dt.date | None = None, contact: str = "") -> Article:
    """A draft is edited in place; a version sent for review or published is not (a correction is a new draft)."""
    _require(actor, "portal.publish", article.organization)
    fields = _fields(article.kind, title, summary, body, starts_on, ends_on, contact)
    with transaction.atomic():
        lock(article)
        _must_be_draft(article)
        before = snapshot(article)
        for name, value in fields.items():
            setattr(article, name, value)
        article.save()
        record_event(actor, AuditEvent.Action.UPDATE, article, subject=article.organization,
                     changes=diff(before, snapshot(article)))
    return article


def _must_be_draft(article: Article) -> None:
    if article.status != S.DRAFT:
        raise DomainError(f"该信息目前「{article.get_status_display()}」，只有草稿可以修改；已发布的请使用「更正」",
                          field="status")


def _user(actor):
    return actor if actor is not None and actor.is_authenticated else None


def set_entries(actor, article: Article, entries: Sequence[Entry]) -> int:
    """The people of a 公示, replaced as a whole; every bad row is named at once, nothing is written then."""
    _require(actor, "portal.publish", article.organization)
    if article.kind != Article.Kind.PUBLICITY:
        raise DomainError("只有公示可以列出公示对象", field="entries")
    if len(entries) > MAX_ENTRIES:
        raise DomainError(f"一份公示最多列出{MAX_ENTRIES}人（现有{len(entries)}人），请分批公示", field="entries")
    problems, rows = [], []
    for number, entry in enumerate(entries, start=1):
        try:
            rows.append(PublicityEntry(
                order=number, name=_text(entry.name, "姓名", "entries", 50, required=True),
                sex=_sex(entry.sex), birth_month=_birth_month(entry.birth_month),
                education=_text(entry.education, "学历", "entries", 50),
                current_post=_text(entry.current_post, "现任职务", "entries", 100),
                proposed_post=_text(entry.proposed_post, "拟任职务", "entries", 100)))
        except DomainError as error:
            problems.append(f"第{number}行：{error.message}")
    if problems:
        raise DomainError("；".join(problems), field="entries")
    with transaction.atomic():
        lock(article)
        _must_be_draft(article)
        article.entries.all().delete()
        for row in rows:
            row.article = article
        PublicityEntry.objects.bulk_create(rows)
        record_event(actor, AuditEvent.Action.UPDATE, article, subject=article.organization,
                     message=f"公示对象{len(rows)}人：" + "、".join(row.name for row in rows[:20]))
    return len(rows)


def _sex(value: str) -> str:
    value = (value or "").strip()
    if value not in SEXES:
        raise DomainError("性别须为「男」或「女」", field="entries")
    return value


def _birth_month(value: str) -> str:
    value = (value or "").strip()
    if not BIRTH_MONTH.match(value):
        raise DomainError(f"出生年月「{value[:20]}」应写作「1990.05」", field="entries")
    return value


def add_attachment(actor, article: Article, name: str, data: bytes) -> Attachment:
    """A file kept with a draft: its kind decided by content, an image redrawn without metadata and no larger than
    the portal's side length."""
    _require(actor, "portal.publish", article.organization)
    name = _text(name, "文件名", "file", 120, required=True)
    sniffed = sniff(name, data, limit=policy_int(P.UPLOAD_MAX_MB.key) * 1_000_000, field="file",
                    max_side=policy_int(P.IMAGE_MAX_SIDE.key))
    with transaction.atomic():
        lock(article)
        _must_be_draft(article)
        if article.attachments.count() >= MAX_ATTACHMENTS:
            raise DomainError(f"一条信息最多{MAX_ATTACHMENTS}个附件", field="file")
        _token, content = stored_file(sniffed)
        attachment = Attachment.objects.create(article=article, name=name, file=content, is_image=sniffed.is_image,
                                               size=len(sniffed.content))
        record_event(actor, AuditEvent.Action.UPDATE, article, subject=article.organization,
                     message=f"附件：{name}（{sniffed.kind}）")
    return attachment


def remove_attachment(actor, attachment: Attachment) -> Article:
    """A file taken off a draft; the stored file stays while a published version or a correction still names it
    (``correct`` copies the file's name, not the file)."""
    article = attachment.article
    _require(actor, "portal.publish", article.organization)
    with transaction.atomic():
        lock(article)
        _must_be_draft(article)
        name, stored = attachment.name, attachment.file.name or ""
        if Attachment.objects.filter(pk=attachment.pk).delete()[0] == 0:
            raise DomainError(f"附件「{name}」已被删除", field="file")
        record_event(actor, AuditEvent.Action.UPDATE, article, subject=article.organization,
                     message=f"删除附件：{name}")
        if not Attachment.objects.filter(file=stored).exists():
            transaction.on_commit(lambda: attachment.file.storage.delete(stored))
    return article


def take_step(actor, article: Article, step: str, *, reason: str = "", today: dt.date | None = None) -> Article:
    """送审, 退回修改, 审核发布 or 撤下, decided by ``procedure.refusal`` under the article's lock."""
    current = procedure.BY_CODE.get(step)
    if current is None or current is procedure.CORRECT:
        raise DomainError("没有这个办理步骤", field="step")
    _require(actor, current.capability, article.organization)
    reason = _text(reason, "理由", "reason", 200)
    today = today or _today()
    with transaction.atomic():
        lock(article)
        problem = procedure.refusal(article, step, actor=actor, today=today, reason=reason,
                                    entries=article.entries.count(), values=policy_values("portal."))
        if problem:
            raise DomainError(problem, field="step")
        before = snapshot(article)
        assert current.to_status is not None  # only 更正 makes a new version instead, and it is not taken here
        article.status = current.to_status
        if current is procedure.PUBLISH:
            article.reviewer = _user(actor)
            article.published_at = timezone.now()
            article.starts_on = article.starts_on or today
            _supersede(actor, article)
        elif current is procedure.WITHDRAW:
            article.withdrawn_on, article.withdraw_reason = today, reason
        article.save()
        record_event(actor, AuditEvent.Action.UPDATE, article, subject=article.organization,
                     changes=diff(before, snapshot(article)),
                     message=f"{current.label}" + (f"：{reason}" if reason else ""))
    return article


def _supersede(actor, correction: Article) -> None:
    """Publishing a correction retires the version it corrects (kept, marked 已更正)."""
    original = correction.corrects
    if original is None:
        return
    lock(original)
    if original.status == S.PUBLISHED:
        original.status = S.SUPERSEDED
        original.save(update_fields=["status"])
        record_event(actor, AuditEvent.Action.UPDATE, original, subject=original.organization,
                     message=f"已更正：由第{correction.version}版代替")


def correct(actor, article: Article, *, today: dt.date | None = None) -> Article:
    """A new draft correcting a published version: its text, people and files copied; the published one stays
    readable until the correction is published."""
    _require(actor, procedure.CORRECT.capability, article.organization)
    today = today or _today()
    with transaction.atomic():
        lock(article)
        problem = procedure.refusal(article, procedure.CORRECT.code, actor=actor, today=today)
        if problem:
            raise DomainError(problem, field="step")
        draft = Article.objects.create(
            organization=article.organization, kind=article.kind, title=article.title, summary=article.summary,
            body=article.body, starts_on=article.starts_on, ends_on=article.ends_on, contact=article.contact,
            corrects=article, author=_user(actor))
        PublicityEntry.objects.bulk_create([
            PublicityEntry(article=draft, order=e.order, name=e.name, sex=e.sex, birth_month=e.birth_month,
                           education=e.education, current_post=e.current_post, proposed_post=e.proposed_post)
            for e in article.entries.all()])
        Attachment.objects.bulk_create([
            Attachment(article=draft, name=a.name, file=a.file.name, is_image=a.is_image, size=a.size)
            for a in article.attachments.all()])
        record_event(actor, AuditEvent.Action.CREATE, draft, subject=article.organization,
                     message=f"更正稿（第{draft.version}版）：{draft.title}")
    return draft


@nightly
def withdraw_ended(today: dt.date | None = None) -> int:
    """公示 past their last day are withdrawn, each with its reason in the history (visitors stopped seeing them on
    the day after the end already: ``Article.objects.public``)."""
    today = today or _today()
    withdrawn = 0
    for article in Article.objects.filter(status=S.PUBLISHED, ends_on__lt=today).select_related("organization"):
        before = snapshot(article)
        with transaction.atomic():
            # Decided by a conditional UPDATE: a reviewer withdrawing it by hand at the same moment wins or loses
            # cleanly, never both.
            if not Article.objects.filter(pk=article.pk, status=S.PUBLISHED).update(
                    status=S.WITHDRAWN, withdrawn_on=today, withdraw_reason=str(procedure.EXPIRED_REASON)):
                continue
            pages_changed()  # a conditional UPDATE sends no post_save
            article.refresh_from_db()
            record_event(None, AuditEvent.Action.UPDATE, article, subject=article.organization,
                         message=f"{procedure.EXPIRED_REASON}（截止日期{article.ends_on}）",
                         changes=diff(before, snapshot(article)))
            withdrawn += 1
    return withdrawn
