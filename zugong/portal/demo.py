"""Demo portal (党务公开示范数据): a year of 组工信息, notices and downloads, a current 发展党员公示 drawn from the demo's
development cases, an ended 公示 withdrawn by the nightly job, one item withdrawn by hand and one corrected — all
through the services (so through ``procedure.refusal``) on their own days.

The townships' organization officers (the demo's ``township`` and ``outsider``) write as their units' information
officers and the department administrator (``admin``) reviews: the author never publishes their own text
(``portal.reviewer_not_author``). A notice of the department itself is left 待审核, since only its administrator
could review it, to show the rule on the demo. The day a row was made or published is set back to its own day
afterwards (the services stamp the real clock), as the complaints demo's days are passed in.
"""

import datetime as dt
import io
import logging

from django.db import transaction
from django.utils import timezone

from zugong.accounts.models import User
from zugong.core.documents import new_document
from zugong.organizations import demo
from zugong.organizations.models import Organization
from zugong.portal import development_publicity, procedure, services
from zugong.portal import policies as P
from zugong.portal.models import Article, Attachment, PublicityEntry

log = logging.getLogger(__name__)
K = Article.Kind
NEWS = 40
NEWS_TITLES = [
    "{unit}召开党建工作推进会", "{unit}开展“主题党日”活动", "{unit}组织党员冬训", "{unit}举办入党积极分子培训班",
    "{unit}开展软弱涣散村党组织整顿回头看", "{unit}走访慰问老党员和生活困难党员", "{unit}召开村党组织书记述职评议会",
    "{unit}开展党员志愿服务活动", "{unit}推进村级集体经济发展", "{unit}组织党员干部学习党的创新理论",
    "{unit}开展“三会一课”规范化督查", "{unit}召开发展党员工作会议",
]
NEWS_BODY = ("近日，{unit}{what}。活动围绕抓党建促乡村振兴，党员干部结合本村实际谈认识、谈打算，"
             "进一步增强了基层党组织的凝聚力和战斗力。下一步，{unit}将持续抓好落实，推动各项工作取得实效。")
NOTICES = [("关于开展2025年度党员组织关系集中排查的通知", "请各村（社区）党组织于本月底前完成党员组织关系排查，"
            "发现问题及时报镇党委组织办。"),
           ("关于做好党费收缴工作的通知", "请各党支部按月收缴党费，于每季度第一个月10日前上缴镇党委。"),
           ("关于推荐2026年度入党积极分子培训班学员的通知", "请各党支部按分配名额推荐学员，报名表附后。")]
DOWNLOADS = [("入党申请书参考格式", ["入党申请书", "敬爱的党组织：", "我志愿加入中国共产党，拥护党的纲领，遵守党的章程……",
                                      "此致", "敬礼！", "申请人：", "年　月　日"]),
             ("党员组织关系转接办事指南", ["党员组织关系转接办事指南", "一、办理条件", "二、所需材料：党员本人申请、",
                                             "三、办理流程：支部审核—党委开具介绍信—接收方回执"])]


def _users() -> tuple[list, object]:
    editors = [u for u in (User.objects.filter(username=name).first() for name in ("township", "outsider")) if u]
    return editors, User.objects.filter(username="admin").first()


def _unit_of(user) -> Organization:
    return user.role_assignments.select_related("organization").first().organization


def _back(article: Article, day: dt.date, *, published: bool = True) -> None:
    """Set the article's own day: the services stamp the real clock."""
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(9, 30)))
    fields = {"created_at": moment, "published_at": moment} if published else {"created_at": moment}
    Article.objects.filter(pk=article.pk).update(**fields)


def _publish(editor, reviewer, article: Article, day: dt.date) -> Article:
    services.take_step(editor, article, procedure.SUBMIT.code, today=day)
    services.take_step(reviewer, article, procedure.PUBLISH.code, today=day)
    _back(article, day)
    return article


def _docx(lines: list[str]) -> bytes:
    document = new_document()
    for line in lines:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def add_portal(ctx: demo.DemoContext) -> None:
    editors, reviewer = _users()
    if not editors or reviewer is None:
        return
    today, rng = ctx.today, ctx.rng
    with transaction.atomic():
        published = _news(editors, reviewer, today, rng)
        _notices_and_downloads(editors[0], reviewer, today)
        _withdraw_and_correct(editors[0], reviewer, published, today)
        _ended_publicity(editors[0], reviewer, today)
        current = _development_publicity(editors, reviewer, today)
        _open_items(editors[0], reviewer, today)
    ctx.counts["党务公开"] = Article.objects.count()
    if current is None:
        log.info("党务公开示范数据：本次示范数据没有待公示的发展对象，未生成发展党员公示")


def _news(editors, reviewer, today: dt.date, rng) -> list[Article]:
    articles = []
    for number in range(NEWS):
        editor = editors[number % len(editors)]
        unit = _unit_of(editor)
        day = today - dt.timedelta(days=round(365 * (NEWS - number) / NEWS) - rng.randint(0, 4))
        title = NEWS_TITLES[number % len(NEWS_TITLES)].format(unit=unit.name.removesuffix("党委"))
        what = title.removeprefix(unit.name.removesuffix("党委"))
        article = services.draft_article(editor, unit, kind=K.NEWS, title=title, summary=what,
                                         body=NEWS_BODY.format(unit=unit.name, what=what))
        articles.append(_publish(editor, reviewer, article, day))
    return articles


def _notices_and_downloads(editor, reviewer, today: dt.date) -> None:
    unit = _unit_of(editor)
    for number, (title, body) in enumerate(NOTICES):
        article = services.draft_article(editor, unit, kind=K.NOTICE, title=title, body=body, contact="0356-2021001")
        _publish(editor, reviewer, article, today - dt.timedelta(days=200 - 60 * number))
    for number, (title, lines) in enumerate(DOWNLOADS):
        article = services.draft_article(editor, unit, kind=K.DOWNLOAD, title=title, body=f"{title}，供下载参考。")
        services.add_attachment(editor, article, f"{title}.docx", _docx(lines))
        _publish(editor, reviewer, article, today - dt.timedelta(days=150 - 40 * number))


def _withdraw_and_correct(editor, reviewer, published: list[Article], today: dt.date) -> None:
    """An early article taken down by hand; a notice corrected (the old version kept as 已更正)."""
    withdrawn = published[1]
    assert withdrawn.starts_on is not None  # published: the service set its day
    services.take_step(reviewer, withdrawn, procedure.WITHDRAW.code, reason="活动信息有误，撤下核实",
                       today=withdrawn.starts_on + dt.timedelta(days=2))
    notice = Article.objects.filter(kind=K.NOTICE, status=Article.Status.PUBLISHED).order_by("starts_on").last()
    if notice is None or notice.starts_on is None:
        return
    day = notice.starts_on + dt.timedelta(days=3)
    correction = services.correct(editor, notice, today=day)
    services.update_draft(editor, correction, title=correction.title, summary=correction.summary,
                          body=correction.body + "（更正：报名截止时间顺延至下月5日。）", contact=correction.contact)
    # Published on its day, not today: the correction's own date is what a reader sees.
    services.take_step(editor, correction, procedure.SUBMIT.code, today=day)
    services.take_step(reviewer, correction, procedure.PUBLISH.code, today=day)
    _back(correction, day)


def _ended_publicity(editor, reviewer, today: dt.date) -> None:
    """A 公示 of three months ago, withdrawn by the nightly job the day after it ended."""
    unit = _unit_of(editor)
    start = today - dt.timedelta(days=90)
    end = procedure.publicity_end(start, int(P.PUBLICITY_WORKING_DAYS.default)).end
    article = services.draft_article(
        editor, unit, kind=K.PUBLICITY, title="发展党员公示", starts_on=start, ends_on=end, contact="0356-2021001",
        body=development_publicity.body_text(unit, start, end, "0356-2021001"))
    services.set_entries(editor, article, [
        services.Entry("刘洋", "男", "1995.06", "大学专科", "种植大户", development_publicity.PROPOSED_POST),
        services.Entry("孙丽", "女", "1998.02", "大学本科", "村文书", development_publicity.PROPOSED_POST)])
    _publish(editor, reviewer, article, start)
    services.withdraw_ended(today=end + dt.timedelta(days=1))


def _development_publicity(editors, reviewer, today: dt.date) -> Article | None:
    """The current 公示 of the township with the most candidates due, made by the generator."""
    best = max(((editor, list(development_publicity.due_cases(editor, _unit_of(editor)))) for editor in editors),
               key=lambda pair: len(pair[1]))
    editor, cases = best
    if not cases:
        return None
    unit = _unit_of(editor)
    end = procedure.publicity_end(today, int(P.PUBLICITY_WORKING_DAYS.default)).end
    article = development_publicity.draft_development_publicity(
        editor, unit, cases[:8], starts_on=today, ends_on=end, contact=unit.contact_phone or "0356-2021001")
    return _publish(editor, reviewer, article, today)


def _open_items(editor, reviewer, today: dt.date) -> None:
    """Work in hand: a township's draft, and a notice of the department waiting for a second reviewer."""
    services.draft_article(editor, _unit_of(editor), kind=K.NEWS, title="党员先锋岗评选活动启动",
                           body="各村（社区）党组织推荐人选，月底前报送。")
    county = _unit_of(reviewer)
    notice = services.draft_article(reviewer, county, kind=K.NOTICE, title="关于做好2026年度发展党员工作的通知",
                                    body="各基层党委要严格落实发展党员工作细则，坚持标准、严格程序。")
    services.take_step(reviewer, notice, procedure.SUBMIT.code, today=today)


class _NewestVersionsFirst:
    def delete(self) -> None:
        while Article.objects.exists():
            Article.objects.filter(corrections__isnull=True).delete()


class Articles:
    """The demo reset's entry for the articles (it calls ``objects.all().delete()``): the versions nobody corrects
    go first, round by round, since ``Article.corrects`` protects a corrected version from being deleted before its
    correction."""

    _meta = Article._meta  # read like the model by code that walks the reset list (app label, fields)

    class objects:  # noqa: N801  (read as a model's manager by organizations.demo.reset)
        @staticmethod
        def all() -> _NewestVersionsFirst:
            return _NewestVersionsFirst()


demo.register_step(add_portal)
demo.RESET_MODELS[:0] = [PublicityEntry, Attachment, Articles]  # before the organizations they are published by
