"""The member register as a branch secretary and the department administrator click through it."""

import io

import openpyxl
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, shot
from tests.fixtures import PASSWORD
from zugong.core.models import AuditEvent
from zugong.core.validators import id_check_char
from zugong.members.models import Member

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def fill_member_form(page, name: str, id_number: str, *, joined: str, full: str, organization: str):
    """The required fields of a full member who finished high school and farms (the register's or a receiving form)."""
    page.get_by_label("姓名").fill(name)
    page.get_by_label("身份证号").fill(id_number)
    page.get_by_label("学历").select_option(label="高中")
    page.get_by_label("职业").select_option(label="农牧渔民")
    page.get_by_label("入党日期").fill(joined)
    page.get_by_label("党员类别").select_option(label="正式党员")
    page.get_by_label("转正日期").fill(full)
    page.get_by_label("所在党组织").select_option(label=organization)
    page.get_by_label("党费类别").select_option(label="农民")


def test_register_search_export_and_reveal(page, county, branch_secretary, department_admin):
    first17 = "36072119800215002"
    good = first17 + id_check_char(first17)
    wrong = first17 + ("0" if good[-1] != "0" else "1")
    log_in(page, "branch", PASSWORD)
    page.get_by_role("link", name="党员").first.click()
    page.get_by_role("link", name="登记党员").click()
    fill_member_form(page, "刘秀英", wrong, joined="2005-07-01", full="2006-07-01", organization="　　　东风村党支部")
    page.get_by_role("button", name="确定").click()
    expect(page.get_by_test_id("field-error")).to_have_text(f"身份证号校验位错误：末位应为 {good[-1]}")
    assert not Member.objects.exists()
    page.get_by_label("身份证号").fill(good)
    page.get_by_role("button", name="确定").click()
    expect(page.get_by_test_id("member-name")).to_contain_text("刘秀英")
    expect(page.get_by_test_id("masked-id")).to_have_text(f"3607**********{good[-4:]}")
    expect(page.get_by_test_id("member-info")).to_contain_text("1980-02-15")
    expect(page.get_by_test_id("member-info")).to_contain_text("女")
    expect(page.get_by_role("button", name="查看完整号码")).to_have_count(0)
    shot(page, "member-detail")

    page.get_by_role("link", name="党员名册").click()
    page.get_by_label("姓名、拼音首字母或身份证号").fill("lxy")
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_test_id("member-table")).to_contain_text("刘秀英")
    expect(page.get_by_test_id("member-count")).to_have_text("1")
    shot(page, "member-list")
    page.get_by_label("性别").select_option(label="男")
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_test_id("member-table")).to_contain_text("没有符合条件的党员")
    page.get_by_label("性别").select_option(label="女")
    page.get_by_label("学历").select_option(label="高中")
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_test_id("member-count")).to_have_text("1")
    with page.expect_download() as download:
        page.get_by_test_id("export").click()
    rows = list(openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes())).active.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == ["刘秀英"]
    assert rows[1][1] == f"3607**********{good[-4:]}"

    page.get_by_role("button", name="退出").click()
    log_in(page, "admin", PASSWORD)
    page.goto(Member.objects.get().get_absolute_url())
    page.get_by_role("button", name="查看完整号码").click()
    expect(page.get_by_test_id("id-number")).to_have_text(good)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.VIEW_SENSITIVE, actor=department_admin).count() == 1
    page.goto("/")
    expect(page.get_by_test_id("member-total")).to_have_text("1")


def send_to_nanshan_village(page, member):
    """The township operator starts a transfer of ``member`` to 南山村党支部, in another township."""
    log_in(page, "township", PASSWORD)
    page.goto(member.get_absolute_url())
    page.get_by_test_id("member-actions").get_by_role("link", name="组织关系转接").click()
    page.get_by_label("接收党组织").select_option(label="南山村党支部（南山镇党委）")
    page.get_by_role("button", name="确定").click()


def test_a_transfer_goes_to_the_receivers_inbox_and_moves_the_member_on_acceptance(
    page, county, township_operator, outsider, department_admin
):
    from zugong.members.services import create_member
    from zugong.members.tests.test_members import fields

    member = create_member(department_admin, **fields(county.village))
    send_to_nanshan_village(page, member)
    expect(page.get_by_role("alert").first).to_contain_text("等待「南山村党支部」接收")
    expect(page.get_by_test_id("member-transfers")).to_contain_text("待接收")
    page.get_by_role("link", name="组织关系转接").first.click()
    expect(page.get_by_test_id("outbox")).to_contain_text("张建国")
    expect(page.get_by_test_id("inbox")).not_to_contain_text("张建国")
    shot(page, "transfer-outbox")
    page.get_by_role("button", name="退出").click()

    log_in(page, "outsider", PASSWORD)
    page.get_by_role("link", name="组织关系转接").first.click()
    inbox = page.get_by_test_id("inbox")
    expect(inbox).to_contain_text("张建国")
    expect(inbox).to_contain_text("东风村党支部")
    shot(page, "transfer-inbox")
    inbox.get_by_role("button", name="接收").click()
    expect(page.get_by_role("alert").first).to_have_text("已接收张建国的组织关系。")
    member.refresh_from_db()
    assert member.organization == county.other_village
    page.get_by_role("link", name="党员").first.click()
    expect(page.get_by_test_id("member-table")).to_contain_text("张建国")


def test_a_branch_secretary_records_a_member_working_away_and_back(page, county, branch_secretary, department_admin):
    from zugong.members.services import create_member
    from zugong.members.tests.test_members import fields

    member = create_member(department_admin, **fields(county.village))
    log_in(page, "branch", PASSWORD)
    page.goto(member.get_absolute_url())
    page.get_by_test_id("tab-mobile").click()
    page.get_by_role("link", name="登记外出流动").click()
    page.get_by_label("外出地点").fill("广东省东莞市")
    page.get_by_label("外出期间联系方式").fill("13912345678")
    page.get_by_label("流动党员活动证编号").fill("LD-2026-031")
    page.get_by_role("button", name="确定").click()
    records = page.get_by_test_id("mobile-records")
    expect(records).to_contain_text("广东省东莞市")
    expect(records).to_contain_text("LD-2026-031")
    shot(page, "member-mobile")
    page.goto("/members/?is_mobile=on")
    expect(page.get_by_test_id("member-table")).to_contain_text("张建国")
    page.goto(f"{member.get_absolute_url()}?tab=mobile")
    page.get_by_role("link", name="登记返回").click()
    page.get_by_role("button", name="确定").click()
    expect(page.get_by_role("link", name="登记外出流动")).to_be_visible()
    page.goto("/members/?is_mobile=on")
    expect(page.get_by_test_id("member-table")).to_contain_text("没有符合条件的党员")


def test_an_import_is_checked_first_and_applied_only_when_every_row_is_good(page, county, township_operator, tmp_path):
    from zugong.members.importer import HEADERS

    def write(rows):
        book = openpyxl.Workbook()
        book.active.append(HEADERS)
        for values in rows:
            book.active.append([values.get(h) for h in HEADERS])
        path = tmp_path / f"members-{len(rows)}-{rows[-1]['姓名']}.xlsx"
        book.save(path)
        return path

    first17 = "36072119750101003"
    good = {"姓名": "周导入", "身份证号": first17 + id_check_char(first17), "学历": "高中", "职业": "农牧渔民",
            "入党日期": "2000-07-01", "转正日期": "2001-07-01", "党员类别": "正式党员", "所在党组织": "西岭村党支部",
            "党费类别": "农民"}
    bad = {**good, "姓名": "吴有误", "身份证号": "360721197501010049", "所在党组织": "南山村党支部"}
    log_in(page, "township", PASSWORD)
    page.goto("/members/")
    page.get_by_role("link", name="导入").click()
    page.get_by_label("党员信息表（.xlsx）").set_input_files(str(write([good, bad])))
    page.get_by_role("button", name="上传并检查").click()
    errors = page.get_by_test_id("import-errors")
    expect(errors).to_contain_text("身份证号校验位错误")
    expect(errors).to_contain_text("找不到名为「南山村党支部」的党组织")
    expect(page.get_by_test_id("confirm-import")).to_have_count(0)
    shot(page, "import-errors")
    assert not Member.objects.exists()
    page.get_by_label("党员信息表（.xlsx）").set_input_files(str(write([good])))
    page.get_by_role("button", name="上传并检查").click()
    expect(page.get_by_test_id("import-summary")).to_contain_text("将新增 1 人")
    page.get_by_test_id("confirm-import").click()
    expect(page.get_by_role("alert").first).to_contain_text("导入完成：新增 1 人")
    expect(page.get_by_test_id("member-table")).to_contain_text("周导入")
