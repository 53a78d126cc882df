"""The development cases' and study days' import pages with a file full of problems, as a branch secretary sees
them on a desktop and on a phone (390 × 844): every bad row listed with its row, column and reason, no confirmation
offered, nothing imported."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.browser.test_import_errors import both_sizes, upload
from tests.fixtures import PASSWORD
from zugong.branchlife.study_days import study_days
from zugong.development.models import DevelopmentCase
from zugong.development.tests.test_case_excel import _person
from zugong.development.tests.test_case_excel import _workbook as case_workbook
from zugong.education.tests.test_study_excel import _workbook as study_workbook

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_the_development_import_lists_every_bad_row(page, county, branch_secretary, full_members, tmp_path):
    content = case_workbook([
        _person("刘洋", 31, **{"递交入党申请书": "2024-01-05", "党组织派人谈话": "2024-01-10",
                             "推荐和确定入党积极分子": "2024-02-01", "入党积极分子报上级党委备案": "2024-02-05",
                             "指定培养联系人": "2024-02-06", "培养联系人": "李红", "培养教育考察": "2024-05-01",
                             "确定发展对象": "2024-06-01"}),
        {**_person("脱敏", 41, **{"递交入党申请书": "2024-01-05"}), "身份证号": "3607**********0011"},
        _person("外支部", 42, branch="南山村党支部", **{"递交入党申请书": "2024-01-05"}),
    ])
    log_in(page, "branch", PASSWORD)
    upload(page, "/development/import/", "发展党员档案表（.xlsx）", content, "发展党员.xlsx", "上传并检查", tmp_path)
    expect(page.get_by_test_id("import-errors")).to_contain_text("确定为入党积极分子满12个月后，方可确定为发展对象")
    expect(page.get_by_test_id("import-errors")).to_contain_text("身份证号已脱敏")
    expect(page.get_by_test_id("import-errors")).to_contain_text("不在您的权限范围内")
    expect(page.get_by_test_id("confirm-import")).to_have_count(0)
    both_sizes(page, "development-import-problems")
    assert not DevelopmentCase.objects.exists()


def test_the_study_day_import_lists_every_bad_row(page, county, branch_secretary, full_members, tmp_path):
    content = study_workbook([
        {"所在党支部": "东风村党支部", "日期": "2026-05-10", "学习内容": "有外人", "出席党员": "李红、张三"},
        {"所在党支部": "东风村党支部", "日期": "五月九日", "学习内容": "日期不对"},
        {"所在党支部": "南山村党支部", "日期": "2026-05-08", "学习内容": "越权"},
    ])
    log_in(page, "branch", PASSWORD)
    upload(page, "/education/study/import/", "学习日台账（.xlsx）", content, "学习日.xlsx", "上传并检查", tmp_path)
    expect(page.get_by_test_id("import-errors")).to_contain_text("「张三」不是「东风村党支部」的在册党员")
    expect(page.get_by_test_id("import-errors")).to_contain_text("不是有效日期")
    expect(page.get_by_test_id("confirm-import")).to_have_count(0)
    both_sizes(page, "study-import-problems")
    assert not study_days().exists()


def test_the_lists_with_their_excel_buttons_fit_a_phone(page, county, branch_secretary, full_members):
    log_in(page, "branch", PASSWORD)
    for path, name in (("/development/", "development-list-excel"), ("/education/", "study-list-excel"),
                       (f"/education/points/?organization={county.village.pk}", "points-excel")):
        page.goto(path)
        expect(page.get_by_text("导入", exact=False).first).to_be_visible()
        both_sizes(page, name)
