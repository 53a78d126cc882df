"""The member register's remaining flows as people click them: editing a record (a refusal first), a transfer
returned with its reason and its letter printed, a member transferred out of the system and one received from
outside, and the findings for a lost mobile member and an overdue transfer."""

import datetime as dt
import io

import pypdfium2
import pytest
from docx import Document
from playwright.sync_api import expect

from tests.browser.conftest import log_in, shot
from tests.browser.test_members import fill_member_form, send_to_nanshan_village
from tests.fixtures import PASSWORD
from zugong.core.checks import run_checks
from zugong.core.dates import add_months
from zugong.members import mobile, transfers
from zugong.members.models import Member, MembershipTransfer
from zugong.members.services import create_member
from zugong.members.tests.test_members import fields, id_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def _values(member: Member) -> dict:
    return {f.attname: getattr(member, f.attname) for f in Member._meta.concrete_fields}


def test_a_branch_secretary_edits_a_record_after_a_refusal_and_the_history_shows_it(
        page, county, branch_secretary, department_admin):
    member = create_member(department_admin, **fields(county.village))
    before = _values(Member.objects.get(pk=member.pk))
    log_in(page, "branch", PASSWORD)
    page.goto(member.get_absolute_url())
    page.get_by_test_id("member-actions").get_by_role("link", name="修改").click()
    page.get_by_label("出生日期").fill("1970-03-06")
    page.get_by_label("联系电话").fill("13800001111")
    page.get_by_role("button", name="确定").click()
    expect(page.get_by_test_id("field-error")).to_have_text("出生日期与身份证号不符（身份证号中为 1970-03-05）")
    assert _values(Member.objects.get(pk=member.pk)) == before
    shot(page, "member-edit-refused")
    page.get_by_label("出生日期").fill("1970-03-05")
    page.get_by_label("学历").select_option(label="大学本科")
    page.get_by_role("button", name="确定").click()
    info = page.get_by_test_id("member-info")
    expect(info).to_contain_text("13800001111")
    expect(info).to_contain_text("大学本科")
    page.get_by_test_id("tab-history").click()
    history = page.locator("main")
    expect(history).to_contain_text("联系电话")
    expect(history).to_contain_text("13800001111")
    expect(history).to_contain_text("东风村支书")
    shot(page, "member-history")
    member.refresh_from_db()
    assert (member.phone, member.education, member.birth_date) == ("13800001111", "undergraduate", dt.date(1970, 3, 5))


def test_a_transfer_is_returned_with_its_reason_and_its_letter_prints_as_word_and_pdf(
        page, county, township_operator, outsider, department_admin):
    member = create_member(department_admin, **fields(county.village))
    send_to_nanshan_village(page, member)
    letter_number = MembershipTransfer.objects.get().letter_number
    page.get_by_role("link", name="组织关系转接").first.click()
    outbox = page.get_by_test_id("outbox")
    with page.expect_download() as word:
        outbox.get_by_role("link", name="介绍信 Word").click()
    text = "\n".join(p.text for p in Document(io.BytesIO(word.value.path().read_bytes())).paragraphs)
    assert "中国共产党党员组织关系介绍信" in text and letter_number in text
    assert "张建国同志" in text and "由东风村党支部转到南山村党支部" in text
    with page.expect_download() as pdf:
        outbox.get_by_role("link", name="PDF").click()
    document = pypdfium2.PdfDocument(pdf.value.path().read_bytes())
    pdf_text = document[0].get_textpage().get_text_range()
    assert letter_number in pdf_text and "张建国" in pdf_text
    page.get_by_role("button", name="退出").click()

    log_in(page, "outsider", PASSWORD)
    page.get_by_role("link", name="组织关系转接").first.click()
    page.get_by_test_id("inbox").get_by_role("link", name="退回").click()
    page.get_by_label("退回原因").fill("   ")
    page.get_by_role("button", name="确定").click()
    expect(page.get_by_test_id("field-error")).to_contain_text("这个字段是必填项")
    assert MembershipTransfer.objects.get().status == MembershipTransfer.Status.PENDING
    page.get_by_label("退回原因").fill("介绍信所列党费交纳情况与本人所述不符")
    page.get_by_role("button", name="确定").click()
    expect(page.get_by_role("alert").first).to_have_text("已退回。")
    expect(page.get_by_test_id("inbox")).not_to_contain_text("张建国")
    page.get_by_role("button", name="退出").click()

    log_in(page, "township", PASSWORD)
    page.get_by_role("link", name="组织关系转接").first.click()
    recent = page.get_by_test_id("recent")
    expect(recent).to_contain_text("已退回：介绍信所列党费交纳情况与本人所述不符")
    expect(page.get_by_test_id("outbox")).not_to_contain_text("张建国")
    shot(page, "transfer-returned")
    member.refresh_from_db()
    assert member.organization == county.village and member.status == Member.Status.ACTIVE


def test_a_member_leaves_for_another_county_and_one_arrives_from_outside(page, county, township_operator,
                                                                          department_admin):
    member = create_member(department_admin, **fields(county.village))
    log_in(page, "township", PASSWORD)
    page.goto(member.get_absolute_url())
    page.get_by_test_id("member-actions").get_by_role("link", name="转出本系统").click()
    page.get_by_label("转往的党组织全称").fill("中共广东省东莞市长安镇委员会")
    page.get_by_label("介绍信编号").fill("赣组转〔2026〕118号")
    page.get_by_role("button", name="确定").click()
    expect(page.get_by_role("alert").first).to_contain_text("已办理转出，该党员不再列入本系统在册党员。")
    expect(page.get_by_test_id("member-status")).to_have_text("已转出")
    expect(page.get_by_test_id("member-transfers")).to_contain_text("中共广东省东莞市长安镇委员会")
    member.refresh_from_db()
    assert member.status == Member.Status.TRANSFERRED_OUT  # kept, never deleted
    page.goto("/members/")
    expect(page.get_by_test_id("member-table")).not_to_contain_text("张建国")

    arriving = id_for(dt.date(1988, 8, 8), 71)
    page.get_by_role("link", name="组织关系转接").first.click()
    page.get_by_role("link", name="接收系统外转入").click()
    fill_member_form(page, "陈到来", member.id_number, joined="2012-07-01", full="2013-07-01",
                     organization="　西岭村党支部")
    page.get_by_label("转出的党组织全称").fill("中共浙江省义乌市稠城街道工作委员会")
    page.get_by_label("介绍信编号").fill("浙组转〔2026〕77号")
    page.get_by_role("button", name="确定").click()
    expect(page.get_by_test_id("field-error")).to_contain_text("该身份证号已登记在党员名册中")
    assert not Member.objects.filter(name="陈到来").exists()
    shot(page, "transfer-receive-refused")
    page.get_by_label("身份证号").fill(arriving)
    page.get_by_role("button", name="确定").click()
    expect(page.get_by_role("alert").first).to_contain_text("已接收「陈到来」的组织关系。")
    received = Member.objects.get(name="陈到来")
    assert (received.organization, received.status) == (county.village2, Member.Status.ACTIVE)
    page.goto(f"{received.get_absolute_url()}?tab=transfers")
    expect(page.get_by_test_id("member-transfers")).to_contain_text("浙组转〔2026〕77号")


def test_a_lost_mobile_member_and_an_overdue_transfer_are_findings_on_the_dashboard(
        page, county, township_operator, outsider, department_admin, today):
    away = create_member(department_admin, **fields(county.village))
    mobile.start_mobile(department_admin, away, started_on=add_months(today, -8), destination="浙江省宁波市",
                        contact="13700000000")
    late = create_member(department_admin, **fields(county.village2, name="李迟办", id_number=id_for(dt.date(1972, 2, 2), 73)))
    transfer = transfers.start_transfer(department_admin, late, county.other_village)
    MembershipTransfer.objects.filter(pk=transfer.pk).update(issued_on=today - dt.timedelta(days=120),
                                                             valid_until=today - dt.timedelta(days=30))
    run_checks()
    log_in(page, "township", PASSWORD)
    findings = page.get_by_test_id("findings")
    expect(findings).to_contain_text("流动党员张建国自")
    expect(findings).to_contain_text("失去联系已超过 6 个月")
    expect(findings).to_contain_text(f"李迟办的组织关系转接（介绍信 {transfer.letter_number}）已过有效期仍未办结")
    shot(page, "member-findings")
