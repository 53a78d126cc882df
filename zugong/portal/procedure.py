"""The publishing procedure of the portal as data, and the ONE decision function ``refusal`` that every page, the
nightly expiry, the API and the demo use.

草稿 → 送审 → 待审核 → 审核发布 → 已发布 → 撤下 (by hand with a reason, or 期满撤下 the day after a 公示 ends).
审核 may also 退回修改 with a reason. A published version is never edited: 更正 opens a new draft that corrects it;
publishing that draft marks the old one 已更正 (superseded) and keeps it.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy

from zugong.appointments import workdays
from zugong.core.dates import day_text
from zugong.portal import policies as P
from zugong.portal.models import Article

S = Article.Status
K = Article.Kind


@dataclass(frozen=True)
class Step:
    code: str
    label: str | Promise
    from_status: tuple[str, ...]
    to_status: str | None  # None: the step makes a new version instead
    capability: str  # held over the article's organization
    needs_reason: bool = False


SUBMIT = Step("submit", gettext_lazy("送审"), (S.DRAFT,), S.REVIEW, "portal.publish")
RETURN = Step("return", gettext_lazy("退回修改"), (S.REVIEW,), S.DRAFT, "portal.review", needs_reason=True)
PUBLISH = Step("publish", gettext_lazy("审核发布"), (S.REVIEW,), S.PUBLISHED, "portal.review")
WITHDRAW = Step("withdraw", gettext_lazy("撤下"), (S.PUBLISHED,), S.WITHDRAWN, "portal.review", needs_reason=True)
CORRECT = Step("correct", gettext_lazy("更正"), (S.PUBLISHED,), None, "portal.publish")
STEPS = [SUBMIT, RETURN, PUBLISH, WITHDRAW, CORRECT]
BY_CODE = {step.code: step for step in STEPS}
EXPIRED_REASON = gettext_lazy("公示期满，自动撤下")


def publicity_end(starts_on: dt.date, working_days: int) -> workdays.WorkingDays:
    """The shortest period a 公示 beginning on ``starts_on`` may have."""
    return workdays.count_from(starts_on, working_days)


def content_refusal(article: Article, *, entries: int, working_days: int) -> str | None:
    """Why ``article`` is not ready to be read by the public (送审 and 审核发布 both ask), or None."""
    if not article.title.strip():
        return gettext("标题不能为空")
    if article.kind == K.PUBLICITY:
        if entries == 0:
            return gettext("公示须列出至少一名公示对象")
        if article.starts_on is None or article.ends_on is None:
            return gettext("公示须填写公示期的起止日期")
        shortest = publicity_end(article.starts_on, working_days)
        if article.ends_on < shortest.end:
            return gettext("公示期不少于{n}个工作日：自{start}起，截止日期不能早于{end}").format(
                n=working_days, start=day_text(article.starts_on), end=day_text(shortest.end))
    elif article.kind == K.DOWNLOAD:
        if not article.has_files:  # the files are the content; a line of text is optional
            return gettext("资料下载须附上至少一个文件")
    elif not article.body.strip():
        return gettext("正文不能为空")
    return None


def refusal(article: Article, step: str, *, actor, today: dt.date, reason: str = "", entries: int = 0,
            values: dict | None = None) -> str | None:
    """Why ``actor`` cannot take ``step`` on ``article`` today (a sentence in the reader's language), or None.
    The capability over the article's organization is the service's to check; this decides the procedure."""
    current = BY_CODE[step]
    values = values or {}
    label = str(current.label)
    if article.status not in current.from_status:
        needs = gettext("、").join(str(S(s).label) for s in current.from_status)
        return gettext("该信息目前「{status}」，{step}须在「{needs}」时办理").format(
            status=article.get_status_display(), step=label, needs=needs)
    if current.needs_reason and not reason.strip():
        return gettext("{step}须写明理由").format(step=label)
    if current in (SUBMIT, PUBLISH):
        working_days = int(values.get(P.PUBLICITY_WORKING_DAYS.key, P.PUBLICITY_WORKING_DAYS.default))
        problem = content_refusal(article, entries=entries, working_days=working_days)
        if problem:
            return problem
    if current is PUBLISH:
        if int(values.get(P.REVIEWER_NOT_AUTHOR.key, P.REVIEWER_NOT_AUTHOR.default)) and article.author_id == getattr(
                actor, "pk", None):
            return gettext("审核发布须由撰稿人以外的人办理（{source}）").format(source=P.REVIEWER_NOT_AUTHOR.source)
        if article.kind == K.PUBLICITY and article.starts_on and article.starts_on < today:
            return gettext("公示期自{start}开始，已早于今天：请改为今天或以后，公示期才完整").format(
                start=day_text(article.starts_on))
        if article.ends_on and article.ends_on < today:
            return gettext("截止日期{end}已过，不能发布").format(end=day_text(article.ends_on))
    if current is CORRECT and article.corrections.filter(status__in=[S.DRAFT, S.REVIEW]).exists():
        return gettext("该信息已有一份更正稿在办理中，请在那份稿上修改")
    return None


def expired(article: Article, today: dt.date) -> bool:
    """A published item past its last day: the nightly job withdraws it (visitors stopped seeing it already)."""
    return article.status == S.PUBLISHED and article.ends_on is not None and article.ends_on < today


def next_steps(article: Article) -> list[Step]:
    return [step for step in STEPS if article.status in step.from_status]
