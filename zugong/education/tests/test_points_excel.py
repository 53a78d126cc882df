"""Points entries to and from Excel: one row per entry; the export imports back unchanged (masked ID numbers too),
an item's points replaced as on the entry page, every bad row named, rows outside the scope refused, all or none."""

import io
from decimal import Decimal

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zugong.core.downloads import as_text, new_workbook, write_cells
from zugong.core.models import AuditEvent
from zugong.education import services
from zugong.education.models import PointsEntry, ScoreItem
from zugong.education.points_excel import COLUMNS
from zugong.members.models import mask_id_number

VOLUNTEER = "志愿服务"


def _workbook(rows: list[dict]) -> bytes:
    titles = [title for title, _ in COLUMNS]
    buffer = io.BytesIO()
    book = new_workbook(buffer)
    sheet = book.add_worksheet()
    write_cells(sheet, 0, 0, titles)
    for number, cells in enumerate(rows, start=1):
        write_cells(sheet, number, 0, [cells.get(title, "") for title in titles])
    book.close()
    return buffer.getvalue()


def _upload(client, content: bytes):
    return client.post(reverse("education:points_import"), {"workbook": SimpleUploadedFile("积分.xlsx", content)})


def _state():
    return (sorted(PointsEntry.objects.values_list("member_id", "year", "item_id", "points", "reason")),
            AuditEvent.objects.count())


def _rows(content: bytes) -> list[dict]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    header = [c.value for c in sheet[1]]
    return [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_an_exported_file_imports_back_with_nothing_to_change(client, county, branch_secretary, full_members):
    li, wang, _zhao = full_members
    item = ScoreItem.objects.get(name=VOLUNTEER)
    services.enter_points(branch_secretary, li, year=2026, item=item, points=Decimal(12))
    services.enter_points(branch_secretary, wang, year=2026, item=None, points=Decimal("-2.5"), reason="=无故缺席两次")
    client.force_login(branch_secretary)
    exported = client.get(reverse("education:points_export"), {"year": 2026})
    rows = _rows(exported.content)
    assert {(r["姓名"], r["身份证号"], r["积分项目"], r["分数"], r["事由"]) for r in rows} == {
        ("李红", mask_id_number(li.id_number), VOLUNTEER, 12, None),
        ("王强", mask_id_number(wang.id_number), None, -2.5, as_text("=无故缺席两次"))}
    before = _state()
    checked = _upload(client, exported.content)
    assert checked.context["report"].errors == [] and checked.context["report"].unchanged == 2
    client.post(reverse("education:points_import"), {"token": checked.context["token"]})
    assert _state() == before


def test_an_items_points_are_replaced_and_an_addition_recorded_only_on_confirmation(client, county, branch_secretary,
                                                                                     full_members):
    li, wang, _zhao = full_members
    item = ScoreItem.objects.get(name=VOLUNTEER)
    services.enter_points(branch_secretary, li, year=2026, item=item, points=Decimal(12))
    content = _workbook([
        {"所在党支部": "东风村党支部", "姓名": "李红", "年度": 2026, "积分项目": VOLUNTEER, "分数": 14},
        {"所在党支部": "东风村党支部", "姓名": "王强", "身份证号": wang.id_number, "年度": 2026, "分数": 3,
         "事由": "抗洪抢险"},
    ])
    before = _state()
    client.force_login(branch_secretary)
    checked = _upload(client, content)
    report = checked.context["report"]
    assert report.errors == [] and report.to_update == ["李红 2026年 志愿服务 14.0"]
    assert report.to_create == ["王强 2026年 加分 3.0"]
    assert _state() == before
    client.post(reverse("education:points_import"), {"token": checked.context["token"]})
    assert PointsEntry.objects.get(member=li, item=item).points == Decimal(14)
    assert PointsEntry.objects.get(member=wang, item=None).reason == "抗洪抢险"


def test_every_bad_row_is_named_and_no_row_is_imported(client, county, branch_secretary, full_members):
    content = _workbook([
        {"所在党支部": "东风村党支部", "姓名": "李红", "年度": 2026, "积分项目": VOLUNTEER, "分数": 10},
        {"所在党支部": "东风村党支部", "姓名": "李红", "年度": 2026, "积分项目": VOLUNTEER, "分数": 16},
        {"所在党支部": "东风村党支部", "姓名": "王强", "年度": 2026, "积分项目": "参加组织生活和学习", "分数": 5},
        {"所在党支部": "东风村党支部", "姓名": "王强", "年度": 2026, "分数": 2},
        {"所在党支部": "东风村党支部", "姓名": "张三", "年度": 2026, "分数": 2, "事由": "好人好事"},
        {"所在党支部": "东风村党支部", "姓名": "赵敏", "年度": "明年", "分数": "二分", "事由": "好人好事"},
        {"所在党支部": "南山村党支部", "姓名": "赵敏", "年度": 2026, "分数": 2, "事由": "好人好事"},
    ])
    before = _state()
    client.force_login(branch_secretary)
    response = _upload(client, content)
    errors = [(e.row, e.column, e.message) for e in response.context["report"].errors]
    assert (3, "积分项目", "与第 2 行重复") in errors
    assert (4, "积分项目", "「参加组织生活和学习」按记录自动计算，不能录入") in errors
    assert (5, "事由", "加分或扣分须写明事由") in errors
    assert (6, "姓名", "「东风村党支部」没有在册党员「张三」") in errors
    assert (7, "年度", "「明年」不是有效年度（应为 2000–2100 之间的四位数字）") in errors
    assert (7, "分数", "「二分」不是有效分数（应为 5 或 -2.5 这样最多一位小数的数字）") in errors
    assert any(row == 8 and column == "所在党支部" and "不在您的权限范围内" in message
               for row, column, message in errors)
    assert len(errors) == 7 and not response.context["token"]
    assert "有 7 处问题，未导入任何数据" in response.content.decode()
    assert _state() == before


def test_an_item_above_its_points_is_refused_with_the_services_message(client, county, branch_secretary,
                                                                       full_members):
    content = _workbook([{"所在党支部": "东风村党支部", "姓名": "李红", "年度": 2026, "积分项目": VOLUNTEER,
                          "分数": 16}])
    client.force_login(branch_secretary)
    errors = [(e.row, e.column, e.message) for e in _upload(client, content).context["report"].errors]
    assert errors == [(2, "分数", "「志愿服务」应在 0–15 分之间，收到 16.0")]


def test_the_points_page_links_to_both(client, county, branch_secretary, inspector):
    client.force_login(branch_secretary)
    page = client.get(reverse("education:points")).content.decode()
    assert reverse("education:points_import") in page and reverse("education:points_export") in page
    help_page = client.get(reverse("education:points_import")).content.decode()
    assert "志愿服务、发挥先锋模范作用" in help_page and "“积分项目”留空为加分或扣分" in help_page
    client.force_login(inspector)
    page = client.get(reverse("education:points")).content.decode()
    assert reverse("education:points_import") not in page
