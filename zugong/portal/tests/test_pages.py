"""The portal's staff pages (党务公开): an article goes draft → 送审 → 退回 → 送审 → 审核发布 by another person through
the pages; each step is offered or refused with its reason; a 公示's people are edited as one table whose bad rows are
named; files come and go while a draft; the development 公示 lists only the cases due for it in the editor's scope,
by the six fields a 公示 shows."""

import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse
from PIL import Image

from tests.fixtures import make_user
from zugong.accounts.capabilities import Role
from zugong.core.models import PolicyValue
from zugong.core.tasks import NIGHTLY
from zugong.development.models import DevelopmentCase, DevelopmentStep
from zugong.organizations.models import WorkUnit
from zugong.portal import services
from zugong.portal.models import Article, Attachment, PublicityEntry

pytestmark = pytest.mark.django_db
S = Article.Status
MONDAY = dt.date(2026, 11, 2)  # a week without holidays: Monday to Friday are five working days
FRIDAY = MONDAY + dt.timedelta(days=4)


@pytest.fixture(autouse=True)
def _monday():
    with time_machine.travel(dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def reviewer(county):
    return make_user("reviewer", Role.DEPARTMENT_ADMIN, county.county, "宣传审核员")


def _text(response) -> str:
    return response.content.decode()


def _news(client, org, title="东风镇开展党员冬训") -> Article:
    response = client.post(reverse("portal:new", args=["news"]), {
        "organization": org.pk, "title": title, "summary": "", "body": "全镇党员参加冬训。", "contact": "",
        "submission_token": "8b0a3d7e-8a64-4a86-9a4e-1d2c3b4a5f60"})
    assert response.status_code == 302, _text(response)[:2000]
    return Article.objects.get(title=title)


def test_a_news_article_goes_through_review_by_another_person(client, county, township_operator, reviewer):
    client.force_login(township_operator)
    article = _news(client, county.township)
    assert (article.status, article.author, article.organization) == (S.DRAFT, township_operator, county.township)
    page = _text(client.get(reverse("portal:detail", args=[article.pk])))
    assert 'data-testid="take-submit"' in page and 'data-testid="take-publish"' not in page
    assert "您在「东风镇党委」没有审核党务公开信息的权限" in page
    client.post(reverse("portal:step", args=[article.pk, "submit"]))
    article.refresh_from_db()
    assert article.status == S.REVIEW

    client.force_login(reviewer)
    response = client.post(reverse("portal:step", args=[article.pk, "return"]), {"reason": ""})
    assert "请写明理由" in _text(response)
    client.post(reverse("portal:step", args=[article.pk, "return"]), {"reason": "请补充参训人数"})
    article.refresh_from_db()
    assert article.status == S.DRAFT

    client.force_login(township_operator)
    response = client.post(reverse("portal:edit", args=[article.pk]), {
        "title": article.title, "summary": "", "body": "全镇党员312人参加冬训。", "contact": ""})
    assert response.status_code == 302
    client.post(reverse("portal:step", args=[article.pk, "submit"]))

    client.force_login(reviewer)
    response = client.post(reverse("portal:step", args=[article.pk, "publish"]))
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.status, article.reviewer, article.starts_on, article.body) == (
        S.PUBLISHED, reviewer, MONDAY, "全镇党员312人参加冬训。")
    page = _text(client.get(reverse("portal:detail", args=[article.pk])))
    assert "已发布" in page and "退回修改：请补充参训人数" in page  # the history names the return and its reason
    # The moment of publishing in Beijing time, as every time on the site, not the UTC text the history keeps.
    history = page[page.index('data-testid="history"'):]
    assert "发布时间：</span>— → <strong>2026-11-02 17:00</strong>" in history
    assert "+00:00" not in history and "2026-11-02 09:00" not in history


def test_the_author_cannot_publish_their_own_text(client, county, department_admin):
    client.force_login(department_admin)
    article = _news(client, county.county, "县委组织部召开组织工作会议")
    client.post(reverse("portal:step", args=[article.pk, "submit"]))
    page = _text(client.get(reverse("portal:detail", args=[article.pk])))
    refusal = "审核发布须由撰稿人以外的人办理（本县规定（可调整）：稿件实行撰稿、审核分离）"
    assert refusal in page and 'data-testid="take-publish"' not in page
    response = client.post(reverse("portal:step", args=[article.pk, "publish"]))
    assert response.status_code == 200 and refusal in _text(response)
    article.refresh_from_db()
    assert article.status == S.REVIEW
    # A county that lets one person write and publish says so in the policy setting, and the button is there.
    PolicyValue.objects.create(key="portal.reviewer_not_author", value=0)
    assert 'data-testid="take-publish"' in _text(client.get(reverse("portal:detail", args=[article.pk])))
    client.post(reverse("portal:step", args=[article.pk, "publish"]))
    article.refresh_from_db()
    assert (article.status, article.reviewer) == (S.PUBLISHED, department_admin)


def test_a_refused_step_shows_its_reason_and_the_loser_of_a_race_reads_it(client, county, township_operator,
                                                                           reviewer):
    client.force_login(township_operator)
    article = services.draft_article(township_operator, county.township, kind=Article.Kind.PUBLICITY,
                                     title="发展党员公示", starts_on=MONDAY, ends_on=FRIDAY, contact="0356-1234567")
    page = _text(client.get(reverse("portal:detail", args=[article.pk])))
    assert "公示须列出至少一名公示对象" in page and 'data-testid="take-submit"' not in page
    response = client.post(reverse("portal:step", args=[article.pk, "submit"]))
    assert "公示须列出至少一名公示对象" in _text(response)
    services.set_entries(township_operator, article, [services.Entry("李明", "男", "1992.03")])
    services.take_step(township_operator, article, "submit", today=MONDAY)
    services.take_step(reviewer, article, "publish", today=MONDAY)  # the other reviewer was first
    client.force_login(department_admin := make_user("second", Role.DEPARTMENT_ADMIN, county.county))
    response = client.post(reverse("portal:step", args=[article.pk, "return"]), {"reason": "有误"})
    assert "该信息目前「已发布」，退回修改须在「待审核」时办理" in _text(response)
    article.refresh_from_db()
    assert (article.status, article.reviewer) == (S.PUBLISHED, reviewer)
    assert department_admin.pk != reviewer.pk


def test_entries_are_one_table_and_a_bad_row_is_named(client, county, township_operator):
    client.force_login(township_operator)
    article = services.draft_article(township_operator, county.township, kind=Article.Kind.PUBLICITY,
                                     title="发展党员公示", starts_on=MONDAY, ends_on=FRIDAY)
    url = reverse("portal:entries", args=[article.pk])
    rows = [{"name": "李明", "sex": "男", "birth_month": "1992.03", "education": "大学本科",
             "current_post": "东风村村委会委员", "proposed_post": "拟接收为预备党员"},
            {"name": "", "sex": "女", "birth_month": "1995.13", "education": "", "current_post": "",
             "proposed_post": ""}]
    data = {"entries-TOTAL_FORMS": "3", "entries-INITIAL_FORMS": "0", "entries-MIN_NUM_FORMS": "0",
            "entries-MAX_NUM_FORMS": "500"}
    for index, row in enumerate(rows):
        data.update({f"entries-{index}-{key}": value for key, value in row.items()})
    page = _text(client.post(url, data))
    assert "第2行「姓名」：请填写姓名" in page
    assert not article.entries.exists()
    data["entries-1-name"] = "王芳"
    page = _text(client.post(url, data))
    assert "第2行：出生年月「1995.13」应写作「1990.05」" in page
    data["entries-1-birth_month"] = "1995.12"
    assert client.post(url, data).status_code == 302
    assert list(article.entries.values_list("order", "name", "sex", "birth_month")) == [
        (1, "李明", "男", "1992.03"), (2, "王芳", "女", "1995.12")]
    # Saved again with the first row marked for deletion: the table is replaced as a whole.
    data = {"entries-TOTAL_FORMS": "5", "entries-INITIAL_FORMS": "2", "entries-MIN_NUM_FORMS": "0",
            "entries-MAX_NUM_FORMS": "500", "entries-0-DELETE": "on"}
    for index, entry in enumerate(article.entries.all()):
        data.update({f"entries-{index}-{key}": getattr(entry, key) for key in rows[0]})
    assert client.post(url, data).status_code == 302
    assert list(article.entries.values_list("name", flat=True)) == ["王芳"]


def test_attachments_are_uploaded_and_removed_while_a_draft(client, county, township_operator, reviewer):
    client.force_login(township_operator)
    article = services.draft_article(township_operator, county.township, kind=Article.Kind.DOWNLOAD,
                                     title="入党申请书参考格式", body="供参考。")
    image = io.BytesIO()
    Image.new("RGB", (3000, 1000), "red").save(image, "PNG")
    image.seek(0)
    image.name = "photo.png"
    response = client.post(reverse("portal:attachment_new", args=[article.pk]), {
        "file": image, "submission_token": "0d8b2a3c-8f1e-4b52-9d6f-7a3e1c2b4d5e"})
    assert response.status_code == 302, _text(response)[-3000:]
    attachment = Attachment.objects.get(article=article)
    assert attachment.is_image and Image.open(attachment.file.open("rb")).size == (1600, 533)
    page = _text(client.get(reverse("portal:detail", args=[article.pk])))
    assert "photo.png" in page and 'data-testid="attachment-remove"' in page
    client.post(reverse("portal:attachment_remove", args=[attachment.pk]))
    assert not article.attachments.exists()

    services.add_attachment(township_operator, article, "格式.pdf", b"%PDF-1.4 demo")
    services.take_step(township_operator, article, "submit", today=MONDAY)
    kept = article.attachments.get()
    response = client.post(reverse("portal:attachment_remove", args=[kept.pk]), follow=True)
    assert "只有草稿可以修改" in _text(response)
    assert article.attachments.count() == 1


def test_the_list_is_the_readers_scope_with_counts_per_status(client, county, township_operator, outsider,
                                                              reviewer):
    mine = services.draft_article(township_operator, county.village, kind=Article.Kind.NEWS, title="东风村主题党日",
                                  body="正文")
    services.take_step(township_operator, mine, "submit", today=MONDAY)
    services.draft_article(township_operator, county.township, kind=Article.Kind.NOTICE, title="东风镇通知",
                           body="正文")
    services.draft_article(outsider, county.other_township, kind=Article.Kind.NEWS, title="南山镇简讯", body="正文")
    client.force_login(township_operator)
    page = _text(client.get(reverse("portal:list")))
    assert "东风村主题党日" in page and "东风镇通知" in page and "南山镇简讯" not in page
    assert 'data-testid="count-review">待审核 <span class="badge text-bg-light">1</span>' in page
    page = _text(client.get(reverse("portal:list"), {"kind": "notice"}))
    assert "东风镇通知" in page and "东风村主题党日" not in page
    page = _text(client.get(reverse("portal:list"), {"q": "主题党日", "status": "review"}))
    assert "东风村主题党日" in page and "东风镇通知" not in page
    client.force_login(reviewer)
    assert "南山镇简讯" in _text(client.get(reverse("portal:list"), {"unit": county.other_township.pk}))
    client.force_login(outsider)
    assert client.get(reverse("portal:detail", args=[mine.pk])).status_code == 404


def _case(org, name, birth, *, steps=(), stage=DevelopmentCase.Stage.CANDIDATE, unit=None, number=1):
    case = DevelopmentCase.objects.create(
        name=name, id_number=f"36072119{number:02d}0101{number:03d}X"[:18], gender="female", birth_date=birth,
        education="undergraduate", occupation="farmer", organization=org, stage=stage, work_unit=unit,
        phone="13900001111")
    for kind in steps:
        DevelopmentStep.objects.create(case=case, kind=kind, done_on=MONDAY - dt.timedelta(days=30))
    return case


def test_the_development_publicity_lists_only_due_cases_in_scope_by_six_fields(client, county, township_operator):
    K = DevelopmentStep.Kind
    unit = WorkUnit.objects.create(name="东风村村民委员会", kind=WorkUnit.Kind.VILLAGE, managed_by=county.township)
    due = _case(county.village, "陈静", dt.date(1996, 4, 9), steps=[K.BRANCH_REVIEW], unit=unit, number=1)
    due2 = _case(county.village2, "周倩", dt.date(1998, 7, 1), steps=[K.BRANCH_REVIEW], number=2)
    _case(county.village, "未审查", dt.date(1990, 1, 1), number=3)
    _case(county.village, "已表决", dt.date(1990, 1, 1), steps=[K.BRANCH_REVIEW, K.ADMISSION_VOTE], number=4)
    _case(county.village, "积极分子", dt.date(1990, 1, 1), steps=[K.BRANCH_REVIEW],
          stage=DevelopmentCase.Stage.ACTIVIST, number=5)
    _case(county.other_village, "外乡人", dt.date(1990, 1, 1), steps=[K.BRANCH_REVIEW], number=6)
    client.force_login(township_operator)
    url = reverse("portal:development")
    page = _text(client.get(url, {"organization": county.township.pk}))
    assert "陈静" in page and "周倩" in page
    unasked = _text(client.get(url))  # the operator's own committee is chosen before they ask
    assert "陈静" in unasked and "周倩" in unasked and f'value="{county.township.pk}" selected' in unasked
    assert all(name not in page for name in ("未审查", "已表决", "积极分子", "外乡人"))
    assert client.get(url, {"organization": county.other_township.pk}).content.decode().count("外乡人") == 0

    response = client.post(url, {"organization": county.township.pk, "cases": [due.pk, due2.pk],
                                 "title": "发展党员公示", "starts_on": "2026-11-02", "ends_on": "2026-11-06",
                                 "contact": "0356-7654321", "submission_token": "5f0c1d2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f"})
    assert response.status_code == 302, _text(response)[:3000]
    article = Article.objects.get(kind=Article.Kind.PUBLICITY)
    assert (article.organization, article.status, article.contact) == (county.township, S.DRAFT, "0356-7654321")
    assert list(article.entries.values_list("name", "sex", "birth_month", "education", "current_post",
                                            "proposed_post")) == [
        ("陈静", "女", "1996.04", "大学本科", "东风村村民委员会", "拟接收为预备党员"),
        ("周倩", "女", "1998.07", "大学本科", "农牧渔民", "拟接收为预备党员")]
    assert "陈静（东风村党支部） · 已列入公示" in _text(client.get(url, {"organization": county.township.pk}))
    fields = {f.name for f in PublicityEntry._meta.get_fields()} - {"id", "article", "order"}
    assert fields == {"name", "sex", "birth_month", "education", "current_post", "proposed_post"}
    assert "13900001111" not in article.body and due.id_number not in article.body


def test_a_case_outside_the_chosen_organization_is_refused_by_name(client, county, township_operator):
    K = DevelopmentStep.Kind
    other = _case(county.other_village, "外乡人", dt.date(1990, 1, 1), steps=[K.BRANCH_REVIEW], number=6)
    client.force_login(township_operator)
    response = client.post(reverse("portal:development"), {
        "organization": county.township.pk, "cases": [other.pk], "title": "发展党员公示", "starts_on": "2026-11-02",
        "ends_on": "2026-11-06", "contact": "0356", "submission_token": "6a1c1d2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f"})
    assert response.status_code == 200 and not Article.objects.exists()


def test_the_nightly_job_withdraws_ended_publicity():
    assert services.withdraw_ended in NIGHTLY
