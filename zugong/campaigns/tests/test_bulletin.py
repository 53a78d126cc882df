"""A bulletin drafted from the data (hand-counted), edited, issued with its number, frozen; its Word and PDF."""

import datetime as dt
import io

import pytest
import time_machine
from docx import Document
from docx.shared import Mm

from zugong.campaigns import bulletin as documents
from zugong.campaigns import services
from zugong.campaigns.models import Bulletin
from zugong.campaigns.tests.conftest import make_campaign
from zugong.core.access import DomainError


@pytest.fixture
def frozen():
    with time_machine.travel(dt.datetime(2026, 7, 10, 9, tzinfo=dt.UTC), tick=False):
        yield dt.date(2026, 7, 10)


def test_the_draft_counts_units_ahead_and_behind_and_the_inspection(county, department_admin, frozen):
    with time_machine.travel(dt.datetime(2026, 3, 5, 9, tzinfo=dt.UTC), tick=False):
        campaign = make_campaign(department_admin, county, starts_on=dt.date(2026, 3, 1), days=300)
    a, b = services.assign_task(department_admin, campaign, title="整顿转化一批后进支部", deadline=dt.date(2026, 6, 30),
                                organizations=[county.village, county.village2])
    (c,) = services.assign_task(department_admin, campaign, title="结对帮扶一批困难群众", deadline=dt.date(2026, 6, 30),
                                organizations=[county.village])
    services.assign_task(department_admin, campaign, title="报送中期总结", deadline=dt.date(2026, 8, 31),
                         organizations=[county.other_village])  # not yet due
    services.report_task(department_admin, a, text="完成", day=dt.date(2026, 6, 1))
    services.review_task(department_admin, a, accept=True, day=dt.date(2026, 6, 2))
    services.report_task(department_admin, c, text="完成", day=dt.date(2026, 6, 3))
    services.review_task(department_admin, c, accept=True, day=dt.date(2026, 6, 4))
    inspection = services.record_inspection(department_admin, campaign, title="第一轮督查", kind="unannounced",
                                            started_on=dt.date(2026, 7, 1), ended_on=dt.date(2026, 7, 3))
    services.add_inspection_finding(department_admin, inspection, organization=county.village, rating="good")
    services.add_inspection_finding(department_admin, inspection, organization=county.village2, rating="poor",
                                    found="工作组不在岗", rectification="限期整改", rectify_by=dt.date(2026, 7, 20))
    bulletin = services.draft_bulletin(department_admin, campaign, as_of=dt.date(2026, 7, 10))
    assert bulletin.title == "关于“三抓三促”主题实践活动进展情况的通报"
    assert bulletin.body.splitlines() == [
        "各有关党组织：",
        "截至2026年7月10日，“三抓三促”主题实践活动共部署任务4项，已审核通过2项，已报送待审核0项，退回重报0项，"
        "尚未报送2项，其中超期未报送1项。现将有关情况通报如下：",
        "一、进展较快的单位",
        "以下单位到期任务已全部完成并通过审核：东风村党支部（共1个）。",
        "二、进展滞后的单位",
        "以下单位有超期未报送的任务，予以通报：",
        "1. 西岭村党支部：超期1项，「整顿转化一批后进支部」（期限2026年6月30日）。",
        "三、督查情况",
        "2026年7月1日至2026年7月3日，第一轮督查采取暗访（不打招呼）方式督查2个单位，评价“好”1个、“一般”0个、“差”1个。",
        "西岭村党支部（差）：工作组不在岗；整改要求：限期整改，期限2026年7月20日，尚未整改完成。",
        "四、有关要求",
        "对进展滞后和督查评价为“一般”“差”的单位，请认真查找原因，限期整改，并将整改情况书面报示范县委。"
        "对搞形式、走过场的单位和个人，将按规定责成作出书面检讨。",
    ]
    assert set(bulletin.concerns.values_list("name", flat=True)) == {"东风村党支部", "西岭村党支部"}
    assert b.status == "open"


def test_issuing_numbers_per_campaign_and_year_and_freezes(county, department_admin, campaign, frozen):
    first = services.draft_bulletin(department_admin, campaign)
    second = services.draft_bulletin(department_admin, campaign)
    services.edit_bulletin(department_admin, second, title="第二份通报", body="正文有改动")
    services.issue_bulletin(department_admin, second)
    services.issue_bulletin(department_admin, first)
    assert [(b.pk, b.serial) for b in Bulletin.objects.order_by("serial")] == [(second.pk, 1), (first.pk, 2)]
    with pytest.raises(DomainError) as refused:
        services.edit_bulletin(department_admin, second, title="再改", body="再改")
    assert refused.value.message == "该通报已于2026-07-10印发（2026年第1期），不能再修改"
    second.refresh_from_db()
    text = "\n".join(p.text for p in Document(io.BytesIO(documents.bulletin_docx(second))).paragraphs)
    assert "通报（2026年第1期）" in text and "第二份通报" in text and "正文有改动" in text
    section = Document(io.BytesIO(documents.bulletin_docx(second))).sections[0]
    assert [round(x / Mm(1)) for x in (section.page_width, section.page_height, section.top_margin,
                                       section.bottom_margin, section.left_margin, section.right_margin)] == [
        210, 297, 37, 35, 28, 26]  # A4, GB/T 9704
    assert documents.bulletin_pdf(second).startswith(b"%PDF")


def test_a_typed_formula_or_markup_stays_text(county, department_admin, campaign, frozen):
    bulletin = services.draft_bulletin(department_admin, campaign)
    services.edit_bulletin(department_admin, bulletin, title="通报", body="=HYPERLINK(\"x\")\n<b>加粗</b> & 其他")
    bulletin.refresh_from_db()
    text = "\n".join(p.text for p in Document(io.BytesIO(documents.bulletin_docx(bulletin))).paragraphs)
    assert "=HYPERLINK(\"x\")" in text and "<b>加粗</b> & 其他" in text
    assert documents.bulletin_pdf(bulletin).startswith(b"%PDF")


def test_a_bulletin_as_of_an_earlier_day_counts_the_states_of_that_day(county, department_admin, frozen):
    with time_machine.travel(dt.datetime(2026, 3, 5, 9, tzinfo=dt.UTC), tick=False):
        campaign = make_campaign(department_admin, county, starts_on=dt.date(2026, 3, 1), days=300)
    (task,) = services.assign_task(department_admin, campaign, title="报送名单", deadline=dt.date(2026, 3, 23),
                                   organizations=[county.village])
    services.report_task(department_admin, task, text="名单", day=dt.date(2026, 3, 20))
    services.review_task(department_admin, task, accept=False, reason="缺少联系电话", day=dt.date(2026, 3, 22))
    services.report_task(department_admin, task, text="名单（补）", day=dt.date(2026, 3, 26))
    services.review_task(department_admin, task, accept=True, day=dt.date(2026, 3, 27))
    task.refresh_from_db()
    states = [documents.state_on(task, dt.date(2026, 3, d)) for d in (19, 20, 22, 25, 26, 27)]
    assert states == ["open", "reported", "returned", "returned", "reported", "accepted"]
    ahead, behind, counts = documents.standings(campaign, dt.date(2026, 3, 25))
    assert ([s.organization for s in behind], counts["overdue"], ahead) == ([county.village], 1, [])
    ahead, behind, counts = documents.standings(campaign, dt.date(2026, 3, 27))
    assert ([s.organization for s in ahead], behind, counts["overdue"]) == ([county.village], [], 0)
