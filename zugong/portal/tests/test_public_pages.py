"""The public portal as a visitor meets it: what each page shows and hides, that no personal data beyond a 公示's
six fields reaches any public page, that no response sets a cookie, the cache's limits, the sitemap and the feed,
and the English pages."""

import datetime as dt
import re

import lxml.html
import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.test_english import _data_values, chinese_left
from zugong.appointments import services as appointment_services
from zugong.core.policy import set_policy_value
from zugong.organizations.models import Organization
from zugong.portal import policies as P
from zugong.portal import services
from zugong.portal.models import Article
from zugong.portal.selectors import masked
from zugong.portal.tests.public_records import (
    CADRE_ID,
    CADRE_PHONE,
    SECRETS,
    TODAY,
    frozen_day,
    make_records,
)

pytestmark = pytest.mark.django_db
LISTS = ("home", "publicity", "inspections", "news", "notices", "downloads", "feed", "sitemap")


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def records(county, department_admin):
    with frozen_day():
        yield make_records(county, department_admin)


def _public_urls(records) -> list[str]:
    """Every public URL: the lists, the feed, the sitemap and every page and file they link to."""
    urls = [reverse(f"portal_public:{name}") for name in LISTS]
    items = [records.news, records.notice, records.download, records.publicity]
    urls += [reverse("portal_public:article", args=[a.pk]) for a in items]
    urls += [reverse("portal_public:notice", args=[n.pk]) for n in (records.pre_appointment, records.inspection)]
    return [*urls, reverse("portal_public:attachment", args=[records.file.pk])]


def _text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return b"".join(response.streaming_content).decode("latin-1") if response.streaming else response.content.decode()


def test_a_visitor_reads_the_home_page_and_each_column(client, records):
    with frozen_day():
        home = client.get("/").content.decode()
        for title in ("全县组织工作会议召开", "关于报送党员统计数据的通知", "党员发展工作表格", "东风镇发展党员公示",
                      "东风镇党委任前公示", "东风镇党委考察预告"):
            assert title in home
        for hidden in ("尚未送审的稿件", "已撤下的信息", "已期满的公示"):
            assert hidden not in home
        assert f'href="{reverse("report_public:new")}"' in home and f'href="{reverse("survey_public:start")}"' in home
        publicity = client.get(reverse("portal_public:publicity")).content.decode()
        assert "东风镇发展党员公示" in publicity and "东风镇党委任前公示" in publicity
        assert "考察预告" not in lxml.html.fromstring(publicity).xpath("string(//main)")
        assert "东风镇党委考察预告" in client.get(reverse("portal_public:inspections")).content.decode()


def test_a_pre_appointment_notice_lists_its_candidate_by_the_six_fields_only(client, records):
    with frozen_day():
        page = client.get(reverse("portal_public:notice", args=[records.pre_appointment.pk])).content.decode()
    table = lxml.html.fromstring(page).xpath('//table[@data-testid="publicity-entries"]')[0]
    headings = [th.text_content() for th in table.xpath(".//th")]
    cells = [td.text_content() for td in table.xpath(".//tbody/tr/td")]
    assert headings == ["姓名", "性别", "出生年月", "学历", "现任职务", "拟任职务"]
    assert cells == ["李明", "男", "1984.05", "大学本科", "李明原任副镇长", "东风镇镇长"]
    assert "2026-09-30至2026-10-" in page


def test_an_article_publicity_shows_its_period_people_and_the_12380_link(client, records):
    with frozen_day():
        page = client.get(reverse("portal_public:article", args=[records.publicity.pk])).content.decode()
    assert "公示期：2026-10-09至2026-10-23" in page
    assert "拟接收为预备党员" in page and f'href="{reverse("report_public:new")}"' in page


def test_no_personal_data_beyond_the_six_fields_reaches_any_public_page(client, records):
    """The candidate's and the member's 身份证号, mobile and address, and a relative, sit in the records behind the
    published 公示 and 任前公示 (and the numbers are typed into their texts): none reaches any public page."""
    with frozen_day():
        for url in _public_urls(records):
            text = _text(client, url)
            leaked = [secret for secret in SECRETS if secret in text]
            assert not leaked, f"{url} shows {leaked}"
        body = client.get(reverse("portal_public:notice", args=[records.pre_appointment.pk])).content.decode()
    assert masked(CADRE_ID) in body and masked(CADRE_PHONE) in body


def test_the_guard_masks_id_and_mobile_numbers_but_not_other_digits():
    assert masked("身份证36072119840501017X号") == "身份证3607**********017X号"
    assert masked("手机139 0791 0001，座机0791-6212380") == "手机1390***0001，座机0791-6212380"
    assert masked("编号202610090001234567890") == "编号202610090001234567890"  # a longer run is not an ID number


def test_hidden_items_are_404(client, records, department_admin):
    with frozen_day():
        for pk in (records.draft.pk, records.withdrawn.pk, records.ended.pk):
            assert client.get(reverse("portal_public:article", args=[pk])).status_code == 404
        assert client.get(reverse("portal_public:attachment", args=[records.draft_file.pk])).status_code == 404
        assert client.get(reverse("portal_public:notice", args=[records.ended_notice.pk])).status_code == 404
    # The 公示 is gone on the day after its end, before any nightly withdrawal; a notice withdrawn today is gone today.
    after = records.publicity.ends_on + dt.timedelta(days=1)
    with frozen_day(after):
        assert client.get(reverse("portal_public:article", args=[records.publicity.pk])).status_code == 404
    from zugong.appointments import services as appointment_services

    with frozen_day():
        appointment_services.withdraw_notice(department_admin, records.inspection, TODAY)
        assert client.get(reverse("portal_public:notice", args=[records.inspection.pk])).status_code == 404


def test_no_public_response_sets_a_cookie_and_each_carries_the_security_headers(client, records):
    with frozen_day():
        for url in _public_urls(records):
            response = client.get(url)
            assert "Set-Cookie" not in str(response.serialize_headers()), url
            assert not response.cookies, url
            assert "frame-ancestors 'none'" in response["Content-Security-Policy"], url
            assert response["X-Content-Type-Options"] == "nosniff", url
            assert response["X-Frame-Options"] == "DENY", url


def test_public_pages_link_into_the_system_only_at_the_sign_in_page(client, records):
    allowed = ("/static/", reverse("accounts:login"), reverse("report_public:new"), reverse("survey_public:start"))
    public = {reverse(f"portal_public:{name}") for name in LISTS}
    with frozen_day():
        for url in _public_urls(records):
            if not client.get(url)["Content-Type"].startswith("text/html"):
                continue
            for href in lxml.html.fromstring(client.get(url).content).xpath("//@href | //@src"):
                assert (href in public or href.startswith(allowed) or re.match(
                    r"^/(articles|announcements|files)/\d+/$", href) or href.startswith("?")), f"{url} links {href}"


def test_a_signed_in_user_keeps_the_dashboard_at_the_root(client, department_admin):
    client.force_login(department_admin)
    page = client.get("/").content.decode()
    assert "工作台" in page and 'data-testid="portal-login"' not in page


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs a service call as a committed request would: its on-commit work done when it returns."""

    def run(call, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args, **kwargs)

    return run


def test_a_change_of_the_portal_reaches_every_cached_page_at_once(client, records, department_admin, committed):
    """Published, read (and so cached), withdrawn, read again: gone, with no wait for the policy's 60 seconds — the
    cache is shared by the web server's workers, so this is what every worker shows."""
    news, home = reverse("portal_public:news"), reverse("portal_public:home")
    with frozen_day():
        author = records.news.author
        fresh = committed(services.draft_article, author, records.news.organization, kind="news",
                          title="全县党建工作推进会召开", body="会议部署下一阶段工作。")
        committed(services.take_step, author, fresh, "submit", today=TODAY)
        assert "全县党建工作推进会召开" not in client.get(news).content.decode()  # the list without it, now cached
        committed(services.take_step, department_admin, fresh, "publish", today=TODAY)
        assert "全县党建工作推进会召开" in client.get(news).content.decode()
        assert "全县党建工作推进会召开" in client.get(home).content.decode()
        assert "全县党建工作推进会召开" in client.get(news).content.decode()  # read from the cache
        committed(services.take_step, department_admin, fresh, "withdraw", reason="内容有误", today=TODAY)
        assert "全县党建工作推进会召开" not in client.get(news).content.decode()
        assert "全县党建工作推进会召开" not in client.get(home).content.decode()
        assert client.get(reverse("portal_public:article", args=[fresh.pk])).status_code == 404

        # A correction published replaces the old title at once.
        notices = reverse("portal_public:notices")
        correction = committed(services.correct, author, records.notice, today=TODAY)
        assert "关于报送党员统计数据的通知" in client.get(notices).content.decode()
        committed(services.update_draft, author, correction, title="关于报送党员统计数据的补充通知",
                  body="请各党委按时报送。")
        committed(services.take_step, author, correction, "submit", today=TODAY)
        committed(services.take_step, department_admin, correction, "publish", today=TODAY)
        page = client.get(notices).content.decode()
        assert "关于报送党员统计数据的补充通知" in page and "关于报送党员统计数据的通知" not in page

        # The appointments app's notices too: a 考察预告 withdrawn today.
        inspections = reverse("portal_public:inspections")
        assert "东风镇党委考察预告" in client.get(inspections).content.decode()
        committed(appointment_services.withdraw_notice, department_admin, records.inspection, TODAY)
        assert "东风镇党委考察预告" not in client.get(inspections).content.decode()


def test_the_nightly_withdrawal_reaches_the_cached_pages_at_once(client, records, committed):
    publicity = reverse("portal_public:publicity")
    last_day = records.publicity.ends_on
    with frozen_day(last_day):
        assert "东风镇发展党员公示" in client.get(publicity).content.decode()
        Article.objects.filter(pk=records.publicity.pk).update(ends_on=last_day - dt.timedelta(days=1))
        assert "东风镇发展党员公示" in client.get(publicity).content.decode()  # the cached page: nobody was told
        assert committed(services.withdraw_ended, today=last_day) == 2  # and the 公示 that ended on 09-15
        assert "东风镇发展党员公示" not in client.get(publicity).content.decode()


def test_pages_are_cached_for_the_policys_seconds_and_never_past_the_day(client, records, department_admin):
    """What the portal is not told of (here the county's name in every page's header, renamed in the register)
    shows once the policy's seconds have passed."""
    url = reverse("portal_public:news")
    moment = dt.datetime(2026, 10, 9, 10, 0, tzinfo=dt.UTC)
    import time_machine

    county = records.news.organization
    with time_machine.travel(moment, tick=False) as clock:
        assert "全县组织工作会议召开" in client.get(url).content.decode()
        Organization.objects.filter(pk=county.pk).update(name="新名县")
        assert "新名县" not in client.get(url).content.decode()  # the cached page, within 60 seconds
        clock.shift(61)
        assert "新名县组织部" in client.get(url).content.decode()
        Organization.objects.filter(pk=county.pk).update(name="再改名县")
        set_policy_value(department_admin, P.PUBLIC_CACHE_SECONDS.key, "0")
        assert "再改名县组织部" in client.get(url).content.decode()


def test_the_cache_keeps_plain_pages_only(client, records):
    with frozen_day():
        assert client.get(reverse("portal_public:news"), {"page": "1"}).status_code == 200
        assert client.get(reverse("portal_public:news"), {"x": "1"}).status_code == 200
        assert client.get(reverse("portal_public:news"), {"page": "9" * 40}).status_code == 200
    kept = [key for key in cache._cache if "portal:public" in key]  # noqa: SLF001 (the local-memory cache's keys)
    assert len(kept) == 1


def test_the_sitemap_and_the_feed_list_only_what_is_public_today(client, records):
    with frozen_day():
        sitemap = client.get(reverse("portal_public:sitemap")).content.decode()
        feed = client.get(reverse("portal_public:feed"))
    assert f"/articles/{records.publicity.pk}/" in sitemap and f"/announcements/{records.pre_appointment.pk}/" in sitemap
    for hidden in (records.draft, records.withdrawn, records.ended):
        assert f"/articles/{hidden.pk}/</loc>" not in sitemap
    assert f"/announcements/{records.ended_notice.pk}/" not in sitemap
    assert feed["Content-Type"].startswith("application/atom+xml")
    text = feed.content.decode()
    assert "公示：东风镇发展党员公示" in text and "任前公示：东风镇党委任前公示" in text and "考察预告：东风镇党委考察预告" in text
    assert "组工信息" not in text and "已期满的公示" not in text


PORTAL_DATA = ("portal.Article.title", "portal.Article.summary", "portal.Article.body", "portal.Article.contact",
               "portal.PublicityEntry.name", "portal.PublicityEntry.sex", "portal.PublicityEntry.education",
               "portal.PublicityEntry.current_post", "portal.PublicityEntry.proposed_post", "portal.Attachment.name",
               "appointments.Notice.text", "appointments.Notice.inspectors", "appointments.Notice.calendar_note",
               "cadres.Cadre.gender", "cadres.Cadre.full_time_level", "cadres.Position.title")


def _portal_data() -> list[str]:
    from django.apps import apps

    values = set(_data_values())
    for dotted in PORTAL_DATA:
        app_label, model_name, field_name = dotted.split(".")
        model = apps.get_model(app_label, model_name)
        values.update(masked(v) for v in model.objects.values_list(field_name, flat=True) if v)
        values.update(v for v in model.objects.values_list(field_name, flat=True) if v)
    return sorted(values, key=len, reverse=True)


def test_the_english_pages_write_no_chinese_but_the_data(client, records):
    client.cookies["django_language"] = "en"
    with frozen_day():
        data = _portal_data()
        for url in _public_urls(records):
            response = client.get(url)
            if not response.get("Content-Type", "").startswith("text/html"):
                continue
            left = chinese_left(response.content.decode(), data)
            assert not left, f"{url}: " + " | ".join(left[:10])
            assert "Set-Cookie" not in str(response.serialize_headers())
