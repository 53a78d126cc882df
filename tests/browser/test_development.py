"""One applicant walked from application to full member, as a branch secretary and a township operator click it."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, shot
from tests.fixtures import PASSWORD
from zugong.development.models import DevelopmentCase, DevelopmentStep
from zugong.development.tests.test_procedure import DATES, PASSING
from zugong.members.models import Member
from zugong.members.tests.test_members import id_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
K = DevelopmentStep.Kind


def _take(page, kind: str, day: dt.date, *, fill: dict | None = None, select: list[str] | None = None):
    page.get_by_test_id(f"take-{kind}").click()
    page.get_by_label("办理日期").fill(day.isoformat())
    for label, value in (fill or {}).items():
        page.get_by_label(label).fill(str(value))
    if select:
        page.locator("select[name=people]").select_option(label=select)
    page.get_by_test_id("step-submit").click()
    expect(page.get_by_role("alert").first).to_contain_text("已登记")


def test_an_applicant_becomes_a_full_member_through_the_pages(page, county, branch_secretary, township_operator,
                                                             full_members):
    # Every date of the walk lies in the past (2023–2025), as a register brought up to date would have it.
    log_in(page, "branch", PASSWORD)
    page.get_by_role("link", name="发展党员").first.click()
    page.get_by_role("link", name="登记入党申请").click()
    page.get_by_label("姓名").fill("陈晓燕")
    page.get_by_label("身份证号").fill(id_for(dt.date(1998, 4, 2), 22))
    page.get_by_label("学历").select_option(label="大学本科")
    page.get_by_label("职业").select_option(label="专业技术人员")
    page.get_by_label("所在党支部").select_option(str(county.village.pk))
    page.get_by_label("递交入党申请书日期").fill("2023-03-10")
    page.get_by_role("button", name="确定").click()
    expect(page.get_by_test_id("case-stage")).to_have_text("入党申请人")

    # A talk dated before the application is refused with its reason, and nothing is recorded.
    page.get_by_test_id("take-talk").click()
    page.get_by_label("办理日期").fill("2023-03-01")
    page.get_by_test_id("step-submit").click()
    expect(page.get_by_test_id("field-error")).to_have_text(
        "「党组织派人谈话」不能早于上一步「递交入党申请书」的日期（2023年3月10日），最早可于2023年3月10日办理")
    page.get_by_role("link", name="取消").click()

    for kind in (K.TALK, K.ACTIVIST_CHOSEN, K.ACTIVIST_FILED):
        _take(page, kind, DATES[kind])
    _take(page, K.MENTORS, DATES[K.MENTORS], select=["李红"])
    _take(page, K.CULTIVATION, DATES[K.CULTIVATION])

    # Too early for a candidate: the refusal says when it becomes possible.
    page.get_by_test_id("take-candidate_chosen").click()
    page.get_by_label("办理日期").fill("2024-03-01")
    page.get_by_test_id("step-submit").click()
    expect(page.get_by_test_id("field-error")).to_contain_text("最早可于2024年4月15日办理")
    shot(page, "development-step-refused")
    page.get_by_role("link", name="取消").click()

    for kind in (K.CANDIDATE_CHOSEN, K.CANDIDATE_FILED):
        _take(page, kind, DATES[kind])
    _take(page, K.SPONSORS, DATES[K.SPONSORS], select=["王强", "赵敏"])
    _take(page, K.POLITICAL_REVIEW, DATES[K.POLITICAL_REVIEW])
    _take(page, K.TRAINING, DATES[K.TRAINING], fill={"培训天数": 3, "培训学时": 24})
    _take(page, K.BRANCH_REVIEW, DATES[K.BRANCH_REVIEW])
    expect(page.get_by_test_id("awaits-pre_review")).to_have_text("待东风镇党委办理")
    expect(page.get_by_test_id("take-pre_review")).to_have_count(0)
    case_url = DevelopmentCase.objects.get().get_absolute_url()
    page.get_by_role("button", name="退出").click()

    # The township's committee pre-reviews; the branch goes on with the form and its meeting.
    log_in(page, "township", PASSWORD)
    page.goto(case_url)
    _take(page, K.PRE_REVIEW, DATES[K.PRE_REVIEW])
    page.get_by_role("button", name="退出").click()
    log_in(page, "branch", PASSWORD)
    page.goto(case_url)
    _take(page, K.APPLICATION_FORM, DATES[K.APPLICATION_FORM], fill={"入党志愿书编号": "20240001"})

    # The admission meeting: a failed vote is refused, a passing one recorded.
    votes = {"应到会有表决权的正式党员（人）": 20, "实到会有表决权的正式党员（人）": 18, "赞成（票）": 10,
             "反对（票）": 6, "弃权（票）": 2}
    page.get_by_test_id("take-admission_vote").click()
    page.get_by_label("办理日期").fill(DATES[K.ADMISSION_VOTE].isoformat())
    for label, value in votes.items():
        page.get_by_label(label).fill(str(value))
    page.get_by_test_id("step-submit").click()
    expect(page.get_by_test_id("field-error")).to_contain_text("表决未通过：赞成10票")
    page.get_by_label("赞成（票）").fill(str(PASSING["yes"]))
    page.get_by_label("反对（票）").fill("2")
    page.get_by_test_id("step-submit").click()
    expect(page.get_by_test_id("probation")).to_contain_text("预备期满：2025-07-01")
    page.get_by_role("button", name="退出").click()

    # The township's committee talks to the candidate and approves: the member enters the register.
    log_in(page, "township", PASSWORD)
    page.goto(DevelopmentCase.objects.get().get_absolute_url())
    _take(page, K.COMMITTEE_TALK, DATES[K.COMMITTEE_TALK])
    _take(page, K.APPROVAL, DATES[K.APPROVAL], fill={"备案文号 / 编号": "东委〔2024〕12号"})
    expect(page.get_by_test_id("case-stage")).to_have_text("预备党员")
    for kind in (K.APPROVAL_FILED, K.PLACED, K.OATH, K.PROBATION_EDUCATION, K.CONFIRMATION_APPLICATION):
        _take(page, kind, DATES[kind])
    page.get_by_test_id("take-confirmation_vote").click()
    page.get_by_label("办理日期").fill(DATES[K.CONFIRMATION_VOTE].isoformat())
    for label, value in {**votes, "赞成（票）": 17, "反对（票）": 1, "弃权（票）": 0}.items():
        page.get_by_label(label).fill(str(value))
    page.get_by_test_id("step-submit").click()
    expect(page.get_by_role("alert").first).to_contain_text("已登记")
    _take(page, K.CONFIRMATION_APPROVAL, DATES[K.CONFIRMATION_APPROVAL])
    _take(page, K.ARCHIVED, DATES[K.ARCHIVED])
    expect(page.get_by_test_id("case-stage")).to_have_text("正式党员")
    expect(page.get_by_test_id("case-status")).to_have_text("已转为正式党员")
    shot(page, "development-case-complete")

    page.get_by_test_id("member-link").click()
    expect(page.get_by_test_id("member-name")).to_contain_text("正式党员")
    member = Member.objects.get(name="陈晓燕")
    assert (member.joined_on, member.full_member_on) == (dt.date(2024, 7, 1), dt.date(2025, 7, 1))


def test_the_due_list_shows_overdue_steps_and_exports(page, county, township_operator, branch_secretary):
    from zugong.development import services

    services.open_case(branch_secretary, name="过期", id_number=id_for(dt.date(1995, 1, 1), 30), ethnicity="01",
                       education="college", occupation="worker", organization=county.village,
                       applied_on=dt.date.today() - dt.timedelta(days=60))
    log_in(page, "township", PASSWORD)
    page.goto("/development/due/")
    expect(page.get_by_test_id("due-overdue")).to_contain_text("过期")
    expect(page.get_by_test_id("due-overdue")).to_contain_text("党组织派人谈话")
    expect(page.get_by_test_id("due-rollup")).to_contain_text("东风村党支部")
    with page.expect_download() as download:
        page.get_by_test_id("export").click()
    assert download.value.suggested_filename.startswith("development-due-")
    shot(page, "development-due")


def test_a_branch_runs_the_years_evaluation(page, county, branch_secretary, full_members):
    year = dt.date.today().year
    log_in(page, "branch", PASSWORD)
    page.goto("/development/")
    page.get_by_role("link", name="民主评议").click()
    page.get_by_test_id(f"evaluate-{county.village.pk}").click()
    grades = page.get_by_test_id("evaluation-grades")
    for name in ("李红", "王强"):
        grades.get_by_label(name, exact=True).select_option(label="优秀")
    grades.get_by_label("赵敏", exact=True).select_option(label="合格")
    page.get_by_test_id("evaluation-save").click()
    expect(page.get_by_test_id("form-error")).to_contain_text("本支部参加评定3人，最多1名，现评定2名")
    page.get_by_test_id("evaluation-grades").get_by_label("王强", exact=True).select_option(label="合格")
    shot(page, "development-evaluation")
    page.get_by_test_id("evaluation-save").click()
    expect(page.get_by_role("alert").first).to_have_text(f"已保存东风村党支部{year}年民主评议结果。")
    row = page.get_by_test_id("evaluation-table").get_by_role("row").filter(has_text="东风村党支部")
    expect(row).to_contain_text(dt.date.today().isoformat())
