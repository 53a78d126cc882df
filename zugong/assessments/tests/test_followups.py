"""回访复查: shortcomings prefilled from a finalized result, the default due date from the policy, the overdue check
at frozen dates (found, then 已消除 once the review is closed), scope refusals, closing once (also at the same
moment), and a result's 述职报告 sniffed by content and downloaded within scope only."""

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.concurrency import at_once, needs_postgres
from zugong.assessments import followups, services
from zugong.assessments.followups import Entry
from zugong.assessments.models import (
    Criterion,
    FollowUp,
    FollowUpAspect,
    FollowUpItem,
    Grade,
    Result,
    Round,
    Scheme,
)
from zugong.core.access import DomainError
from zugong.core.checks import run_checks
from zugong.core.models import Finding
from zugong.organizations.models import Rectification

pytestmark = pytest.mark.django_db
START, END = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
FIXED, PARTLY, NOT_FIXED = FollowUpItem.Outcome.FIXED, FollowUpItem.Outcome.PARTLY, FollowUpItem.Outcome.NOT_FIXED


def finalized_round(actor, county, points: dict[str, dict[str, str]]) -> Round:
    """A branch scheme of three criteria (分值 40 基本任务, 30, 30) over 东风镇, scored as ``points[branch][code]``."""
    scheme = Scheme.objects.create(code="fu", name="复查测试方案", target_kind="branch", source="测试")
    Criterion.objects.create(scheme=scheme, code="basic", order=1, label="三会一课", max_points=Decimal(40),
                             is_basic_task=True)
    Criterion.objects.create(scheme=scheme, code="team", order=2, label="班子建设", max_points=Decimal(30))
    Criterion.objects.create(scheme=scheme, code="deeds", order=3, label="为民办实事", max_points=Decimal(30))
    Grade.objects.create(scheme=scheme, label="合格", min_total=Decimal(0))
    round_ = services.open_round(actor, scheme, county.township, year=2025, starts_on=START, ends_on=END)
    for result in Result.objects.filter(round=round_).select_related("organization"):
        for score in result.scores.select_related("result__round", "criterion"):
            services.enter_score(actor, score, points[result.organization.name][score.criterion.code],
                                 evidence="现场检查")
    return services.finalize_round(actor, Round.objects.get(pk=round_.pk))


FULL = {"basic": "40", "team": "30", "deeds": "30"}


@pytest.fixture
def round_(county, department_admin) -> Round:
    return finalized_round(department_admin, county, {
        "东风村党支部": {"basic": "35", "team": "30", "deeds": "22.5"}, "西岭村党支部": FULL})


def result_of(round_: Round, name: str) -> Result:
    return Result.objects.select_related("round", "organization", "rectification").get(
        round=round_, organization__name=name)


def test_a_review_from_a_result_lists_the_criteria_that_lost_points(round_, department_admin):
    follow_up = followups.plan_from_result(department_admin, result_of(round_, "东风村党支部"))
    items = list(follow_up.items.order_by("order").values_list("shortcoming", "aspect__code", "outcome"))
    assert items == [("未完成党建基本工作任务：「三会一课」得35分（满分40分）", "measures", ""),
                     ("「为民办实事」得22.5分（满分30分）", "measures", "")]
    assert follow_up.title == "东风村党支部2025年度考核回访复查"
    assert follow_up.status == FollowUp.Status.PLANNED and follow_up.org_path == round_.results.get(
        organization__name="东风村党支部").org_path
    # a full-marks target has nothing to review; a second planned review of the same result is refused
    assert not followups.plan_from_result(department_admin, result_of(round_, "西岭村党支部")).items.exists()
    with pytest.raises(DomainError) as refused:
        followups.plan_from_result(department_admin, result_of(round_, "东风村党支部"))
    assert refused.value.message == "「东风村党支部」已有待复查的回访复查，完成后才能再安排"


def test_the_review_is_due_the_policys_60_days_after_the_round_was_finalized(round_, department_admin):
    Round.objects.filter(pk=round_.pk).update(finalized_at=dt.datetime(2025, 3, 1, 2, 0, tzinfo=dt.UTC))
    follow_up = followups.plan_from_result(department_admin, result_of(round_, "东风村党支部"))
    assert follow_up.due_on == dt.date(2025, 4, 30)  # 1 March + 60 days (March 31 + April 29 = 60)


def test_an_open_round_cannot_be_followed_up(county, department_admin):
    scheme = Scheme.objects.create(code="open", name="未定稿方案", target_kind="branch", source="测试")
    Criterion.objects.create(scheme=scheme, code="a", label="甲", max_points=Decimal(10))
    open_round = services.open_round(department_admin, scheme, county.township, year=2025, starts_on=START,
                                     ends_on=END)
    with pytest.raises(DomainError) as refused:
        followups.plan_from_result(department_admin, result_of(open_round, "东风村党支部"))
    assert refused.value.message == f"「{open_round.name}」尚未定稿，定稿后才能安排回访复查"


def test_a_planned_review_past_its_date_is_a_finding_until_it_is_closed(round_, department_admin, county):
    follow_up = followups.plan_from_result(department_admin, result_of(round_, "东风村党支部"),
                                           due_on=dt.date(2025, 5, 1))
    found = Finding.all_objects.filter(check_code="assessments.followup_overdue")
    run_checks(county.county.path, today=dt.date(2025, 5, 1), codes=["assessments.followup_overdue"])
    assert not found.exists()  # due today: not yet overdue
    run_checks(county.county.path, today=dt.date(2025, 5, 4), codes=["assessments.followup_overdue"])
    finding = found.get()
    assert (finding.title, finding.scope_path, finding.due_on, finding.status) == (
        "「东风村党支部」回访复查逾期未完成", county.village.path, dt.date(2025, 5, 1), Finding.Status.OPEN)
    assert finding.detail == "东风村党支部2025年度考核回访复查：应于2025年5月1日前完成复查，已逾期3天"
    assert finding.url == reverse("assessments:follow_up", args=[follow_up.pk])

    items = list(follow_up.items.order_by("order"))
    aspect = FollowUpAspect.objects.get(code="mechanism")
    followups.record_items(department_admin, follow_up, [Entry(items[0], FIXED, "已按月召开", aspect),
                                                         Entry(items[1], NOT_FIXED, "", aspect)])
    followups.close_review(department_admin, follow_up, held_on=dt.date(2025, 5, 6), reviewers="王敏",
                           summary="基本整改")
    run_checks(county.county.path, today=dt.date(2025, 5, 7), codes=["assessments.followup_overdue"])
    assert found.get().status == Finding.Status.RESOLVED


def test_closing_needs_every_outcome_and_happens_once(round_, department_admin):
    follow_up = followups.plan_from_result(department_admin, result_of(round_, "东风村党支部"))
    first, second = follow_up.items.order_by("order")
    aspect = FollowUpAspect.objects.get(code="measures")
    followups.record_items(department_admin, follow_up, [Entry(first, PARTLY, "", aspect),
                                                         Entry(second, "", "", aspect)])
    with pytest.raises(DomainError) as refused:
        followups.close_review(department_admin, follow_up, held_on=dt.date(2025, 6, 1), reviewers="王敏",
                               summary="结论")
    assert refused.value.message == "以下存在问题尚未记录整改情况，不能办结：「「为民办实事」得22.5分（满分30分）」"
    followups.record_items(department_admin, follow_up, [Entry(second, FIXED, "", aspect)])
    followups.close_review(department_admin, follow_up, held_on=dt.date(2025, 6, 1), reviewers="王敏", summary="结论")
    with pytest.raises(DomainError) as again:
        followups.close_review(department_admin, FollowUp.objects.get(pk=follow_up.pk), held_on=dt.date(2025, 6, 2),
                               reviewers="李强", summary="另一结论")
    assert again.value.message.startswith(f"「{follow_up.title}」已于") and again.value.message.endswith(
        "完成复查，不能再更改")
    with pytest.raises(DomainError):
        followups.record_items(department_admin, follow_up, [Entry(second, NOT_FIXED, "", aspect)])
    stored = FollowUp.objects.get(pk=follow_up.pk)
    assert (stored.status, stored.held_on, stored.reviewers) == (FollowUp.Status.DONE, dt.date(2025, 6, 1), "王敏")


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_people_closing_the_same_review_at_once_one_wins(county, department_admin, township_operator):
    round_ = finalized_round(department_admin, county, {"东风村党支部": FULL, "西岭村党支部": FULL})
    follow_up = followups.plan_by_hand(department_admin, county.village, due_on=dt.date(2025, 6, 1),
                                       shortcomings=["组织生活不规范"])
    assert round_.is_finalized
    aspect = FollowUpAspect.objects.get(code="measures")
    followups.record_items(department_admin, follow_up, [Entry(follow_up.items.get(), FIXED, "", aspect)])
    found = at_once(*(lambda who=who: followups.close_review(who, FollowUp.objects.get(pk=follow_up.pk),
                                                             held_on=dt.date(2025, 6, 1), reviewers=who.username,
                                                             summary="结论")
                      for who in (department_admin, township_operator)))
    refused = [r for r in found if isinstance(r, BaseException)]
    assert len(refused) == 1 and isinstance(refused[0], DomainError)
    assert refused[0].message.endswith("完成复查，不能再更改")
    from zugong.core.models import AuditEvent

    assert AuditEvent.objects.filter(message__startswith="完成回访复查").count() == 1


def test_the_loser_of_two_closes_sees_a_chinese_message(client, county, department_admin, township_operator):
    follow_up = followups.plan_by_hand(department_admin, county.village, due_on=dt.date(2025, 6, 1),
                                       shortcomings=["组织生活不规范"])
    aspect = FollowUpAspect.objects.get(code="measures")
    followups.record_items(department_admin, follow_up, [Entry(follow_up.items.get(), FIXED, "", aspect)])
    url = reverse("assessments:follow_up_close", args=[follow_up.pk])
    form = {"held_on": "2025-06-01", "reviewers": "王敏", "summary": "整改到位"}
    client.force_login(department_admin)
    assert client.post(url, form).status_code == 302
    client.force_login(township_operator)  # loaded the page before the first close, sends it after
    page = client.post(url, {**form, "reviewers": "李强"}, follow=True).content.decode()
    assert "完成复查，不能再更改" in page
    assert FollowUp.objects.get(pk=follow_up.pk).reviewers == "王敏"


def test_another_townships_operator_cannot_plan_or_see_a_review(county, department_admin, outsider, client):
    with pytest.raises(DomainError) as refused:
        followups.plan_by_hand(outsider, county.village, due_on=dt.date(2025, 6, 1), shortcomings=["问题"])
    assert refused.value.message == "您无权对「东风村党支部」安排或记录回访复查"
    assert not FollowUp.objects.exists()
    follow_up = followups.plan_by_hand(department_admin, county.village, due_on=dt.date(2025, 6, 1),
                                       shortcomings=["问题"])
    client.force_login(outsider)
    assert client.get(reverse("assessments:follow_up", args=[follow_up.pk])).status_code == 404
    assert "东风村" not in client.get(reverse("assessments:follow_ups")).content.decode()


def test_a_review_by_hand_of_an_organization_under_rectification_starts_from_its_reason(county, township_operator):
    rectification = Rectification.objects.create(organization=county.village, started_on=dt.date(2025, 1, 1),
                                                 reason="班子软弱，长期不开展活动")
    follow_up = followups.plan_by_hand(township_operator, county.village, due_on=dt.date(2025, 9, 30),
                                       shortcomings=["党员发展断档", "  "],
                                       aspect=FollowUpAspect.objects.get(code="unqualified"))
    assert follow_up.rectification == rectification
    assert list(follow_up.items.order_by("order").values_list("shortcoming", "aspect__code")) == [
        ("软弱涣散整顿：班子软弱，长期不开展活动", "unqualified"), ("党员发展断档", "unqualified")]
    assert follow_up.title == "东风村党支部回访复查"


def test_the_pages_plan_record_and_close_a_review(client, round_, department_admin, county):
    client.force_login(department_admin)
    result = result_of(round_, "东风村党支部")
    result_page = client.get(reverse("assessments:result", args=[round_.pk, result.pk])).content.decode()
    assert 'data-testid="followup-plan"' in result_page
    response = client.post(reverse("assessments:follow_up_plan", args=[round_.pk, result.pk]))
    follow_up = FollowUp.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("assessments:follow_up",
                                                                           args=[follow_up.pk])
    first, second = follow_up.items.order_by("order")
    mechanism = FollowUpAspect.objects.get(code="mechanism")
    response = client.post(reverse("assessments:follow_up_record", args=[follow_up.pk]), {
        f"i{first.pk}-aspect": mechanism.pk, f"i{first.pk}-outcome": "fixed", f"i{first.pk}-note": "已建立制度",
        f"i{second.pk}-aspect": mechanism.pk, f"i{second.pk}-outcome": "partly", f"i{second.pk}-note": ""})
    assert response.status_code == 302
    assert list(follow_up.items.order_by("order").values_list("outcome", "aspect__code", "note")) == [
        ("fixed", "mechanism", "已建立制度"), ("partly", "mechanism", "")]
    assert client.post(reverse("assessments:follow_up_add_item", args=[follow_up.pk]), {
        "shortcoming": "x" * 301, "aspect": mechanism.pk}).status_code == 422
    response = client.post(reverse("assessments:follow_up_close", args=[follow_up.pk]),
                           {"held_on": "2025-07-01", "reviewers": "王敏、李强", "summary": "大部分整改到位"}, follow=True)
    page = response.content.decode()
    assert "已完成复查。" in page and 'data-testid="followup-close"' not in page
    assert "已整改" in page and "部分整改" in page
    listing = client.get(reverse("assessments:follow_ups"), {"status": "done", "organization": county.township.pk,
                                                              "year": follow_up.due_on.year}).content.decode()
    assert follow_up.title in listing
    assert follow_up.title not in client.get(reverse("assessments:follow_ups"), {"status": "planned"}).content.decode()
    assert follow_up.title not in client.get(reverse("assessments:follow_ups"), {
        "year": follow_up.due_on.year + 1}).content.decode()


def _docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def test_a_report_is_sniffed_by_content_and_downloaded_within_scope(client, round_, department_admin, inspector,
                                                                    outsider):
    result = result_of(round_, "东风村党支部")
    upload = reverse("assessments:report_upload", args=[round_.pk, result.pk])
    download = reverse("assessments:report_file", args=[round_.pk, result.pk])
    client.force_login(department_admin)
    fake = client.post(upload, {"report": SimpleUploadedFile("述职报告.pdf", b"<html>not a pdf</html>")}, follow=True)
    assert "不是可接受的述职报告：只接受PDF、Word（.docx、.doc）" in fake.content.decode()
    assert not Result.objects.get(pk=result.pk).report
    client.post(upload, {"report": SimpleUploadedFile("述职报告.docx", _docx())})
    stored = Result.objects.get(pk=result.pk)
    assert stored.report.name.startswith("assessments/") and stored.report.name.endswith(".docx")
    client.force_login(inspector)  # reads the county: downloads it, but may not upload
    response = client.get(download)
    assert response.status_code == 200 and b"".join(response.streaming_content) == _docx()
    assert client.post(upload, {"report": SimpleUploadedFile("a.pdf", b"%PDF-1.4")}).status_code == 404
    client.force_login(outsider)
    assert client.get(download).status_code == 404
    stored.report.delete(save=False)


def test_the_demo_reviews_the_lowest_targets_one_done_one_overdue(round_, department_admin, county):
    import random

    from zugong.assessments.followup_demo import add_follow_ups
    from zugong.organizations import demo

    today = dt.date.today()
    ctx = demo.DemoContext(rng=random.Random(1), today=today, scale="county")
    add_follow_ups(ctx)  # 东风村 (87.5) is ranked below 西岭村 (100): reviewed first, and closed
    reviews = {f.organization.name: f for f in FollowUp.objects.select_related("organization")}
    assert set(reviews) == {"东风村党支部", "西岭村党支部"} and ctx.counts["assessment_follow_ups"] == 2
    done, overdue = reviews["东风村党支部"], reviews["西岭村党支部"]
    assert done.status == FollowUp.Status.DONE and done.held_on == today
    assert list(done.items.order_by("order").values_list("outcome", flat=True)) == [FIXED, PARTLY]
    assert overdue.status == FollowUp.Status.PLANNED and overdue.due_on == today - dt.timedelta(days=10)
    run_checks(county.county.path, today=today, codes=["assessments.followup_overdue"])
    assert list(Finding.objects.filter(check_code="assessments.followup_overdue").values_list("title", flat=True)) == [
        "「西岭村党支部」回访复查逾期未完成"]
