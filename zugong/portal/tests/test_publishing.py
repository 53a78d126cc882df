"""The publishing procedure of the portal: who may take which step, what a 公示 must hold, how a published version is
corrected without being edited, and the withdrawal of an ended 公示 (working days counted on the State Council's
2026 holiday notice)."""

import datetime as dt
import io

import pytest
from PIL import Image

from tests.fixtures import make_user
from zugong.accounts.capabilities import Role
from zugong.core.access import DomainError
from zugong.core.models import AuditEvent
from zugong.portal import services
from zugong.portal.models import Article
from zugong.portal.services import Entry

pytestmark = pytest.mark.django_db
S = Article.Status
MONDAY = dt.date(2026, 11, 2)  # a week without holidays: Monday to Friday are the five working days
PERSON = Entry("李明", "男", "1992.03", "大学本科", "东风村村委会委员", "拟接收为预备党员")


@pytest.fixture
def reviewer(county):
    return make_user("reviewer", Role.DEPARTMENT_ADMIN, county.county, "宣传审核员")


def publicity(actor, org, starts_on=MONDAY, ends_on=MONDAY + dt.timedelta(days=4)):
    article = services.draft_article(actor, org, kind=Article.Kind.PUBLICITY, title="发展党员公示",
                                     body="以下同志拟接收为预备党员，现予公示。", starts_on=starts_on, ends_on=ends_on,
                                     contact="0356-1234567")
    services.set_entries(actor, article, [PERSON])
    return article


def test_an_operator_drafts_and_sends_for_review_but_cannot_publish(county, township_operator, reviewer):
    article = publicity(township_operator, county.township)
    services.take_step(township_operator, article, "submit", today=MONDAY)
    assert article.status == S.REVIEW
    with pytest.raises(DomainError, match="您无权在「东风镇党委」范围内审核发布党务公开信息"):
        services.take_step(township_operator, article, "publish", today=MONDAY)
    services.take_step(reviewer, article, "publish", today=MONDAY)
    article.refresh_from_db()
    assert (article.status, article.reviewer, article.starts_on) == (S.PUBLISHED, reviewer, MONDAY)
    assert list(Article.objects.public(MONDAY)) == [article]


def test_the_author_does_not_publish_their_own_text(county, department_admin):
    article = publicity(department_admin, county.township)
    services.take_step(department_admin, article, "submit", today=MONDAY)
    with pytest.raises(DomainError, match="审核发布须由撰稿人以外的人办理"):
        services.take_step(department_admin, article, "publish", today=MONDAY)
    assert Article.objects.get().status == S.REVIEW


def test_a_publicity_runs_five_working_days_across_the_national_day_holiday(county, township_operator):
    # The State Council's 2026 notice: 10-01 … 10-07 are the National Day holiday. From Monday 09-28 the working days
    # are 09-28, 09-29, 09-30, then 10-08 and 10-09 — so the period may end no earlier than Friday 10-09.
    start = dt.date(2026, 9, 28)
    short = publicity(township_operator, county.township, starts_on=start, ends_on=dt.date(2026, 10, 8))
    with pytest.raises(DomainError, match="公示期不少于5个工作日：自2026年9月28日起，截止日期不能早于2026年10月9日"):
        services.take_step(township_operator, short, "submit", today=start)
    enough = publicity(township_operator, county.township, starts_on=start, ends_on=dt.date(2026, 10, 9))
    services.take_step(township_operator, enough, "submit", today=start)
    assert enough.status == S.REVIEW


def test_a_publicity_without_people_or_beginning_in_the_past_is_refused(county, township_operator, reviewer):
    empty = services.draft_article(township_operator, county.township, kind=Article.Kind.PUBLICITY, title="公示",
                                   starts_on=MONDAY, ends_on=MONDAY + dt.timedelta(days=6))
    with pytest.raises(DomainError, match="公示须列出至少一名公示对象"):
        services.take_step(township_operator, empty, "submit", today=MONDAY)
    late = publicity(township_operator, county.township)
    services.take_step(township_operator, late, "submit", today=MONDAY)
    with pytest.raises(DomainError, match="公示期自2026年11月2日开始，已早于今天"):
        services.take_step(reviewer, late, "publish", today=MONDAY + dt.timedelta(days=1))


def test_every_bad_person_row_is_named_and_nothing_is_written(county, township_operator):
    article = publicity(township_operator, county.township)
    with pytest.raises(DomainError) as refused:
        services.set_entries(township_operator, article, [
            PERSON, Entry("", "男", "1990.01"), Entry("王芳", "F", "1990.13")])
    assert str(refused.value.message) == ("第2行：请填写姓名；第3行：性别须为「男」或「女」")
    assert [e.name for e in article.entries.all()] == ["李明"]


def test_a_returned_draft_needs_a_reason_and_can_be_edited_again(county, township_operator, reviewer):
    article = publicity(township_operator, county.township)
    services.take_step(township_operator, article, "submit", today=MONDAY)
    with pytest.raises(DomainError, match="退回修改须写明理由"):
        services.take_step(reviewer, article, "return", today=MONDAY)
    services.take_step(reviewer, article, "return", reason="出生年月请核对", today=MONDAY)
    services.update_draft(township_operator, article, title="发展党员公示（东风镇）", body="现予公示。",
                          starts_on=MONDAY, ends_on=MONDAY + dt.timedelta(days=4), contact="0356-1234567")
    assert Article.objects.get().title == "发展党员公示（东风镇）"


def test_a_published_text_is_never_edited_a_correction_replaces_it_and_the_old_is_kept(county, township_operator,
                                                                                        reviewer):
    article = publicity(township_operator, county.township)
    services.take_step(township_operator, article, "submit", today=MONDAY)
    services.take_step(reviewer, article, "publish", today=MONDAY)
    with pytest.raises(DomainError, match="只有草稿可以修改；已发布的请使用「更正」"):
        services.update_draft(township_operator, article, title="改", body="改", starts_on=MONDAY,
                              ends_on=MONDAY + dt.timedelta(days=4))
    fixed = services.correct(township_operator, article, today=MONDAY)
    with pytest.raises(DomainError, match="已有一份更正稿在办理中"):
        services.correct(township_operator, article, today=MONDAY)
    services.set_entries(township_operator, fixed, [Entry("李明", "男", "1992.04", "大学本科", "东风村村委会委员",
                                                          "拟接收为预备党员")])
    assert list(Article.objects.public(MONDAY)) == [article]  # the old one is read until the correction is out
    services.take_step(township_operator, fixed, "submit", today=MONDAY)
    services.take_step(reviewer, fixed, "publish", today=MONDAY)
    article.refresh_from_db()
    assert article.status == S.SUPERSEDED and article.entries.get().birth_month == "1992.03"
    assert list(Article.objects.public(MONDAY)) == [fixed] and fixed.version == 2


def test_an_ended_publicity_leaves_the_public_list_the_next_day_and_is_withdrawn_with_its_history(
        county, township_operator, reviewer):
    article = publicity(township_operator, county.township)
    services.take_step(township_operator, article, "submit", today=MONDAY)
    services.take_step(reviewer, article, "publish", today=MONDAY)
    last_day = MONDAY + dt.timedelta(days=4)
    assert list(Article.objects.public(last_day)) == [article]
    assert list(Article.objects.public(last_day + dt.timedelta(days=1))) == []
    assert services.withdraw_ended(last_day) == 0
    assert services.withdraw_ended(last_day + dt.timedelta(days=1)) == 1
    article.refresh_from_db()
    assert (article.status, article.withdrawn_on) == (S.WITHDRAWN, last_day + dt.timedelta(days=1))
    event = AuditEvent.objects.filter(object_id=str(article.pk)).order_by("-pk").first()
    assert event.actor is None and event.message.startswith("公示期满，自动撤下")


def test_an_image_is_redrawn_no_larger_than_the_portal_side_and_a_script_is_refused(county, township_operator):
    article = services.draft_article(township_operator, county.township, kind=Article.Kind.NEWS,
                                     title="东风镇召开组织工作会议", body="会议部署了全年工作。")
    out = io.BytesIO()
    Image.new("RGB", (4000, 1000), "red").save(out, format="JPEG")
    attachment = services.add_attachment(township_operator, article, "会场.jpg", out.getvalue())
    with Image.open(attachment.file) as stored:
        assert stored.size == (1600, 400)
    assert attachment.is_image
    with pytest.raises(DomainError, match="文件「x.html」不是可接受的类型"):
        services.add_attachment(township_operator, article, "x.html", b"<script>alert(1)</script>")


def test_nobody_outside_the_organization_drafts_in_its_name(county, branch_secretary):
    with pytest.raises(DomainError, match="您无权在「东风镇党委」范围内撰写、送审党务公开信息"):
        services.draft_article(branch_secretary, county.township, kind=Article.Kind.NEWS, title="标题", body="正文")


def test_a_download_is_its_files_no_text_needed_but_no_file_is_refused(county, township_operator):
    article = services.draft_article(township_operator, county.township, kind=Article.Kind.DOWNLOAD,
                                     title="入党申请书样本", starts_on=MONDAY)
    with pytest.raises(DomainError, match="资料下载须附上至少一个文件"):
        services.take_step(township_operator, article, "submit", today=MONDAY)
    out = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(out, "PNG")
    services.add_attachment(township_operator, article, "样本.png", out.getvalue())
    services.take_step(township_operator, article, "submit", today=MONDAY)
    assert Article.objects.get().status == S.REVIEW
