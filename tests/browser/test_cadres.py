"""The cadre record as the department's cadre section uses it: .lrmx files imported (one refused with its
reason), a resume line corrected, the annual assessment refused above the quota, the form printed."""

import datetime as dt

import pypdf
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import log_in, shot
from tests.fixtures import PASSWORD
from zugong.cadres import lrmx, services
from zugong.cadres.codes import Grade
from zugong.cadres.models import Cadre, Position, ReserveEntry
from zugong.cadres.record import AssessmentResult, Education
from zugong.cadres.tests.test_cadres import a_form, id_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_import_an_lrmx_correct_the_resume_and_print_the_form(page, county, department_admin, tmp_path):
    good = tmp_path / "张建国.lrmx"
    good.write_bytes(lrmx.write_lrmx(a_form()))
    bad = tmp_path / "李明.lrmx"
    bad.write_bytes(lrmx.write_lrmx(a_form(name="李明", id_number=id_for(dt.date(1978, 3, 15), 40)))
                    .replace(b"<ChuShengNianYue>197803</ChuShengNianYue>", b"<ChuShengNianYue>1978-3</ChuShengNianYue>"))
    log_in(page, "admin", PASSWORD)
    page.get_by_role("link", name="干部").first.click()
    page.get_by_test_id("lrmx-import").click()
    page.get_by_label("新干部的管理单位").select_option(str(county.township.pk))
    page.get_by_label("LRMX 文件").set_input_files([str(good), str(bad)])
    page.get_by_role("button", name="检查").click()
    expect(page.get_by_test_id("lrmx-report")).to_contain_text("将新建：张建国（张建国.lrmx）")
    expect(page.get_by_test_id("lrmx-errors")).to_contain_text(
        "李明.lrmx：出生年月（ChuShengNianYue）“1978-3”不是有效的年月")
    assert not Cadre.objects.exists()
    page.get_by_label("LRMX 文件").set_input_files([str(good), str(bad)])
    page.get_by_role("button", name="导入").click()
    expect(page.get_by_test_id("lrmx-errors")).to_contain_text("李明.lrmx")  # a batch is all or nothing
    assert not Cadre.objects.exists()
    page.get_by_label("LRMX 文件").set_input_files([str(good)])
    page.get_by_role("button", name="导入").click()
    expect(page.get_by_test_id("lrmx-report")).to_contain_text("已新建：张建国")
    shot(page, "cadres-lrmx-import")

    page.get_by_role("link", name="干部").first.click()
    expect(page.get_by_test_id("cadre-count")).to_have_text("1")
    page.get_by_role("link", name="张建国").click()
    expect(page.get_by_test_id("cadre-form")).to_contain_text("1978.03（")
    page.get_by_test_id("resume-edit-2").click()
    page.get_by_label("经历").fill("东风镇党政综合办公室一级科员")
    page.get_by_label("截止年月（空：至今）").fill("1999-01")  # before the line's start
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("field-error")).to_have_text("截止年月不能早于起始年月")
    page.get_by_label("截止年月（空：至今）").fill("")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("resume")).to_contain_text("东风镇党政综合办公室一级科员")
    shot(page, "cadres-detail")
    page.get_by_test_id("cadre-edit").click()
    page.get_by_label("熟悉专业有何专长").fill("农村经济管理")
    shot(page, "cadres-record-form")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("cadre-form")).to_contain_text("农村经济管理")

    page.get_by_role("link", name="年度考核").click()
    annual = page.get_by_test_id("assessment-form")
    annual.get_by_label("年度").fill("2025")
    annual.get_by_label("考核等次").select_option(label="优秀")  # one serving cadre: 1 × 15% rounds to no 优秀
    annual.get_by_role("button", name="登记", exact=True).click()
    expect(page.get_by_test_id("field-error")).to_contain_text("优秀等次已有0人，达到上限0人")
    page.get_by_label("考核等次").select_option(label="称职")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("assessments")).to_contain_text("称职")

    with page.expect_download() as download:
        page.get_by_test_id("print-pdf").click()
    text = "".join(p.extract_text() for p in pypdf.PdfReader(download.value.path()).pages)
    assert "干部任免审批表" in text and "东风镇党政综合办公室一级科员" in text and "2025年度称职" in text


def test_admit_to_the_reserve_pool_after_a_refusal_shows_why(page, county, department_admin):
    last_year = timezone.localdate().year - 1
    cadre = services.save_form(department_admin, a_form(
        name="王敏", gender="女", birth=dt.date(1995, 6, 1), id_number=id_for(dt.date(1995, 6, 6), 51, male=False),
        full_time_education=Education(level="大学", degree="学士"),
        assessments=[AssessmentResult(y, Grade.COMPETENT) for y in (last_year - 2, last_year - 1)]), county.township)
    staff = Position.objects.create(organization=county.township, title="东风镇党政办科员", rank="staff",
                                    grassroots=True)
    services.appoint(department_admin, cadre, staff, dt.date(2020, 1, 1))
    log_in(page, "admin", PASSWORD)
    page.goto(f"/cadres/{cadre.pk}/?tab=reserve")
    page.get_by_test_id("reserve-admit").click()
    page.get_by_label("后备职务层次").select_option(label="乡科级副职")
    page.get_by_role("button", name="资格审查").click()
    checks = page.get_by_test_id("admission-checks")
    expect(checks.locator("tr.table-danger")).to_contain_text(f"缺少{last_year}年度考核结果")
    page.get_by_test_id("admit").click()
    expect(page.get_by_test_id("field-error")).to_contain_text(f"不符合入库资格：近3年年度考核（缺少{last_year}年度考核结果）")
    shot(page, "cadres-reserve-refused")
    assert not ReserveEntry.objects.exists()

    page.goto(f"/cadres/{cadre.pk}/?tab=assessments")
    annual = page.get_by_test_id("assessment-form")
    annual.get_by_label("年度").fill(str(last_year))
    annual.get_by_label("考核等次").select_option(label="称职")
    annual.get_by_role("button", name="登记", exact=True).click()
    page.goto(f"/cadres/{cadre.pk}/?tab=reserve")
    page.get_by_test_id("reserve-admit").click()
    page.get_by_label("后备职务层次").select_option(label="乡科级副职")
    page.get_by_role("button", name="资格审查").click()
    expect(page.get_by_test_id("admission-checks").locator("tr.table-danger")).to_have_count(0)
    page.get_by_test_id("admit").click()
    expect(page.get_by_test_id("reserve-entries")).to_contain_text("在库")
    page.goto("/cadres/reserve/")
    expect(page.get_by_test_id("pipeline")).to_contain_text("31至35岁")
    shot(page, "cadres-reserve-pool")
