"""Member import: a dry run reports every bad row at once; applying is all or nothing."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zugong.core.audit import history_of
from zugong.core.models import AuditEvent
from zugong.members.importer import HEADERS, Importer
from zugong.members.models import Member, mask_id_number
from zugong.members.services import create_member
from zugong.members.tests.test_members import fields, id_for
from zugong.organizations.models import Organization, WorkUnit


def workbook(rows, headers=HEADERS) -> io.BytesIO:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h) for h in headers])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def row(name, id_number, org="东风村党支部", **extra):
    values = {"姓名": name, "身份证号": id_number, "学历": "大学专科", "职业": "农牧渔民", "入党日期": "2010-07-01",
              "转正日期": "2011-07-01", "党员类别": "正式党员", "所在党组织": org}
    values.update(extra)
    # a row of an occupation that pays a fixed amount names its category; others give it where the test needs it
    values.setdefault("党费类别", {"农牧渔民": "农民"}.get(values["职业"], "在职（工资收入）"))
    return values


def importer(user):
    return Importer(user, Organization.objects.all(), WorkUnit.objects.all())


def test_a_workbook_with_thirteen_kinds_of_bad_rows_reports_them_all_and_writes_nothing(county, department_admin,
                                                                                  township_operator):
    create_member(department_admin, **fields(county.other_village, id_number=id_for(dt.date(1966, 6, 6), 21)))
    good = id_for(dt.date(1980, 1, 1), 11)
    rows = [
        row("甲", good),
        row("乙", good[:-1] + ("0" if good[-1] != "0" else "1")),                  # 3 check digit
        row("丙", id_for(dt.date(1981, 1, 1), 13), **{"出生日期": "1981-01-02"}),     # 4 birth date mismatch
        row("丁", id_for(dt.date(1982, 1, 1), 15), org="不存在党支部"),              # 5 unknown organization
        row("戊", good),                                                            # 6 duplicate in the file
        row("己", id_for(dt.date(1966, 6, 6), 21)),                                 # 7 registered elsewhere
        row("", id_for(dt.date(1983, 1, 1), 17)),                                   # 8 missing name
        row("庚", id_for(dt.date(1984, 1, 1), 19), **{"入党日期": "2099-01-01"}),     # 9 date in the future
        row("辛", id_for(dt.date(1985, 1, 1), 23), **{"转正日期": "2000-01-01"}),     # 10 full before join
        row("壬", id_for(dt.date(1986, 1, 1), 25), **{"学历": "博士后"}),             # 11 unknown education
        row("癸", "3607**********0021"),                                            # 12 masked number
        row("子", id_for(dt.date(1987, 1, 1), 27), **{"入党日期": "去年七月"}),       # 13 not a date
        row("丑", id_for(dt.date(1988, 1, 1), 29), **{"党费类别": "公务员"}),         # 14 unknown dues category
        row("寅", id_for(dt.date(1989, 1, 1), 31), **{"党费基数": "3000"}),           # 15 base for a fixed amount
        row("卯", id_for(dt.date(1989, 2, 1), 33), **{"职业": "党政机关工作人员", "党费基数": "三千"}),  # 16 not money
    ]
    before = (Member.objects.count(), AuditEvent.objects.count())
    report = importer(township_operator).run(workbook(rows), apply=True)
    problems = {(e.row, e.column): e.message for e in report.errors}
    assert not report.applied
    assert (Member.objects.count(), AuditEvent.objects.count()) == before
    assert problems[(3, "身份证号")].startswith("身份证号校验位错误")
    assert problems[(4, "出生日期")] == "出生日期与身份证号不符（身份证号中为 1981-01-01）"
    assert problems[(5, "所在党组织")] == "找不到名为「不存在党支部」的党组织（或不在您的权限范围内）"
    assert problems[(6, "身份证号")] == "与第 2 行的身份证号重复"
    assert problems[(7, "身份证号")] == "该身份证号已登记在您权限范围以外的党组织"
    assert problems[(8, "姓名")] == "必填项为空"
    assert problems[(9, "入党日期")] == "入党日期不能晚于今天"
    assert problems[(10, "转正日期")] == "转正日期应晚于入党日期"
    assert problems[(11, "学历")] == "「博士后」不是有效的学历"
    assert problems[(12, "身份证号")].startswith("身份证号已脱敏")
    assert problems[(13, "入党日期")].startswith("「去年七月」不是有效日期")
    assert problems[(14, "党费类别")] == "「公务员」不是有效的党费类别"
    assert problems[(15, "党费基数")] == "农民党员按定额交纳党费，不填党费基数"
    assert problems[(16, "党费基数")] == "「三千」不是有效金额（应为 4500 或 4500.50 这样的数字）"
    assert len(report.errors) == 14


def test_valid_rows_are_created_and_changed_rows_updated(county, department_admin, township_operator):
    existing = create_member(department_admin, **fields(county.village))
    rows = [
        row("新甲", id_for(dt.date(1990, 5, 5), 31), **{"生活困难": "是", "职业": "党政机关工作人员",
                                                       "党费基数": 6250.5}),
        row(existing.name, existing.id_number, **{"联系电话": "13700000000", "入党日期": existing.joined_on,
                                                  "转正日期": existing.full_member_on}),
    ]
    report = importer(township_operator).run(workbook(rows), apply=True)
    assert report.applied and not report.errors
    assert (report.to_create, report.to_update) == (["新甲"], ["张建国"])
    created = Member.objects.get(name="新甲")
    assert created.is_in_hardship and (created.dues_category, str(created.dues_base)) == ("wage", "6250.50")
    existing.refresh_from_db()
    assert existing.phone == "13700000000"


def test_an_imported_member_gets_the_record_period_and_history_of_one_registered_on_the_page(
        county, department_admin, township_operator):
    extra = {"民族": "回族", "职业": "党政机关工作人员", "党费基数": 5120, "联系电话": "13900000001", "生活困难": "是"}
    report = importer(township_operator).run(workbook([row("王长江", id_for(dt.date(1979, 4, 4), 61), **extra)]),
                                             apply=True)
    assert report.applied
    imported = Member.objects.get(name="王长江")
    by_hand = create_member(township_operator, **fields(
        county.village, name="王长江", id_number=id_for(dt.date(1979, 4, 4), 63), ethnicity="03", occupation="official",
        dues_base=Decimal("5120"), phone="13900000001", is_in_hardship=True, joined_on=dt.date(2010, 7, 1),
        full_member_on=dt.date(2011, 7, 1)))

    def what_is_kept(member):
        member.refresh_from_db()
        event = history_of(member).get()
        period = member.periods.get()
        return ({name: getattr(member, name) for name in (
                    "name_initials", "gender", "birth_date", "ethnicity", "education", "occupation", "stage",
                    "organization", "org_path", "work_unit", "phone", "is_in_hardship", "dues_category", "dues_base",
                    "dues_from", "status", "left_on")},
                (period.organization, period.org_path, period.started_on, period.ended_on),
                (event.actor, event.action, event.object_repr, event.message,
                 {label: change for label, change in event.changes.items() if label != "身份证号"}),
                event.changes["身份证号"] == [None, mask_id_number(member.id_number)])

    assert what_is_kept(imported) == what_is_kept(by_hand)
    assert imported.created_at is not None and history_of(imported).get().changes["民族"] == [None, "回族"]


def test_importing_an_exported_workbook_changes_nothing(client, county, department_admin):
    for seq, org in ((41, county.village), (43, county.village2), (45, county.other_village)):
        create_member(department_admin, **fields(org, name=f"党员{seq}", id_number=id_for(dt.date(1970, 1, 1), seq),
                                                 occupation="official", dues_base=Decimal("4321.50"),
                                                 phone="+86 13800000000", address="=东风村3组"))
    client.force_login(department_admin)
    exported = client.get(reverse("members:export")).content
    events = AuditEvent.objects.count()
    report = importer(department_admin).run(io.BytesIO(exported), apply=True)
    assert not report.errors
    assert (report.rows, report.unchanged, report.to_create, report.to_update) == (3, 3, [], [])
    assert AuditEvent.objects.count() == events


def test_a_workbook_without_required_columns_is_refused(county, department_admin):
    report = importer(department_admin).run(workbook([{"姓名": "甲"}], headers=["姓名"]), apply=True)
    assert [(e.row, e.message) for e in report.errors] == [(1, "缺少必需的列")]
    assert "身份证号" in report.errors[0].column


def test_the_import_page_checks_then_imports_on_confirmation(client, county, township_operator):
    client.force_login(township_operator)
    upload = SimpleUploadedFile("members.xlsx", workbook([row("页面导入", id_for(dt.date(1991, 3, 3), 51))]).read())
    response = client.post(reverse("members:import"), {"workbook": upload})
    page = response.content.decode()
    assert "将新增 1 人" in page
    assert not Member.objects.exists()
    response = client.post(reverse("members:import"), {"token": response.context["token"]}, follow=True)
    assert "导入完成：新增 1 人" in response.content.decode()
    assert Member.objects.get().name == "页面导入"


@pytest.mark.parametrize("name", ["members.csv", "members.xlsx"])
def test_a_file_that_is_not_a_workbook_gets_a_message(client, township_operator, name):
    client.force_login(township_operator)
    response = client.post(reverse("members:import"), {"workbook": SimpleUploadedFile(name, b"not a workbook")})
    page = response.content.decode()
    assert ("请上传 .xlsx 格式的文件（收到「members.csv」）" in page if name.endswith(".csv")
            else "不是 Excel 工作簿（.xlsx）：文件不是 .xlsx 所用的 ZIP 格式" in page)


def test_organizations_sharing_a_name_are_exported_with_their_parent_and_found_again(client, county, department_admin):
    from zugong.organizations.services import create_organization

    twin = create_organization(department_admin, county.other_township, name="东风村党支部", kind="branch", sector="rural")
    create_member(department_admin, **fields(twin, name="同名村党员"))
    client.force_login(department_admin)
    exported = client.get(reverse("members:export")).content
    rows = list(openpyxl.load_workbook(io.BytesIO(exported)).active.iter_rows(values_only=True))
    assert rows[1][10] == "南山镇党委/东风村党支部"
    report = importer(department_admin).run(io.BytesIO(exported), apply=False)
    assert (report.unchanged, report.errors) == (1, [])
    ambiguous = importer(department_admin).run(workbook([row("甲", id_for(dt.date(1980, 1, 1), 61))]), apply=False)
    assert ambiguous.errors[0].message == "名为「东风村党支部」的党组织不止一个，请写成“上级党组织/东风村党支部”"


BACKGROUND = {"ZUGONG_IMPORT_INLINE_BYTES": 0,
              "TASKS": {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}}


def test_progress_is_reported_after_every_thousand_rows(county, township_operator):
    rows = [row(f"党员{i}", id_for(dt.date(1970, 1, 1) + dt.timedelta(days=i), 11)) for i in range(2500)]
    seen: list[tuple[int, int]] = []
    report = importer(township_operator).run(workbook(rows), apply=False, progress=lambda d, t: seen.append((d, t)))
    assert not report.errors and len(report.to_create) == 2500
    assert seen == [(1000, 2500), (2000, 2500), (2500, 2500)]


def test_applying_in_the_background_shows_its_progress_chunk_by_chunk(
        client, county, township_operator, settings, monkeypatch):
    from zugong.members import tasks
    from zugong.members.models import ImportJob

    for key, value in BACKGROUND.items():
        setattr(settings, key, value)
    rows = [row(f"党员{i}", id_for(dt.date(1970, 1, 1) + dt.timedelta(days=i), 11)) for i in range(2500)]
    client.force_login(township_operator)
    url = client.post(reverse("members:import"), {"workbook": SimpleUploadedFile("m.xlsx", workbook(rows).getvalue())}).url
    job = ImportJob.objects.get()
    seen_by_the_page: list[str] = []
    write = tasks._write_progress_file

    def write_and_look(job_, done, total):
        write(job_, done, total)  # what the page, polling from another request, shows at that moment
        seen_by_the_page.append(_bar(client.get(url, HTTP_HX_REQUEST="true").content.decode()))

    monkeypatch.setattr(tasks, "_write_progress_file", write_and_look)
    client.post(url)
    assert seen_by_the_page == ["40 1000/2500", "80 2000/2500", "99 2500/2500"]
    job.refresh_from_db()
    assert job.status == "applied" and Member.objects.count() == 2500
    assert not tasks.progress_path(job).exists()


def _bar(page: str) -> str:
    """The progress bar's percentage and its rows, as the page shows them."""
    import re

    percent = re.search(r'aria-valuenow="(\d+)"', page).group(1)
    done, total = re.search(r"已处理 (\d+) / (\d+) 行", page).groups()
    return f"{percent} {done}/{total}"


def test_a_large_workbook_is_checked_then_imported_in_the_background(client, county, township_operator, settings):
    from zugong.members.models import ImportJob

    for key, value in BACKGROUND.items():
        setattr(settings, key, value)
    client.force_login(township_operator)
    upload = SimpleUploadedFile("大名册.xlsx", workbook([row("新甲", id_for(dt.date(1990, 5, 5), 31))]).getvalue())
    response = client.post(reverse("members:import"), {"workbook": upload})
    job = ImportJob.objects.get()
    assert response.url == reverse("members:import_job", args=[job.pk])
    job.refresh_from_db()
    assert (job.status, job.rows_done, job.report["to_create"]) == ("checked", 1, ["新甲"])
    assert not Member.objects.exists()
    page = client.get(response.url).content.decode()
    assert "将新增 1 人" in page and "确认导入" in page
    client.post(response.url)
    job.refresh_from_db()
    assert job.status == "applied" and Member.objects.get().name == "新甲"
    assert client.get(response.url, HTTP_HX_REQUEST="true").content.decode().count("已新增 1 人") == 1
    client.post(response.url)  # confirming twice imports nothing more
    assert Member.objects.count() == 1


def test_a_background_job_with_bad_rows_cannot_be_confirmed(client, county, township_operator, settings):
    from zugong.members.models import ImportJob

    for key, value in BACKGROUND.items():
        setattr(settings, key, value)
    client.force_login(township_operator)
    upload = SimpleUploadedFile("m.xlsx", workbook([row("乙", "360721198001010000")]).getvalue())
    url = client.post(reverse("members:import"), {"workbook": upload}).url
    assert "身份证号校验位错误" in client.get(url).content.decode()
    client.post(url)
    assert ImportJob.objects.get().status == "checked" and not Member.objects.exists()


def test_an_import_job_is_seen_only_by_its_uploader(client, county, township_operator, department_admin, settings):
    from zugong.members.models import ImportJob

    job = ImportJob.objects.create(created_by=township_operator, file_name="m.xlsx")
    client.force_login(department_admin)
    assert client.get(reverse("members:import_job", args=[job.pk])).status_code == 404
    assert client.post(reverse("members:import_job", args=[job.pk])).status_code == 404


def test_the_problems_of_a_background_import_download_for_its_uploader_only(client, county, township_operator,
                                                                              department_admin, settings):
    from zugong.members.models import ImportJob

    for key, value in BACKGROUND.items():
        setattr(settings, key, value)
    bad = [row(f"错{n}", id_for(dt.date(1980, 1, 1), 101 + 2 * n), org="不存在党支部") for n in range(230)]
    client.force_login(township_operator)
    url = client.post(reverse("members:import"), {"workbook": SimpleUploadedFile("m.xlsx", workbook(bad).getvalue())}).url
    job = ImportJob.objects.get()
    page = client.get(url).content.decode()
    assert "共 230 处问题，下表列出前 200 处。" in page
    assert page.count("找不到名为「不存在党支部」的党组织") == 200

    download = client.get(reverse("members:import_job_errors", args=[job.pk]))
    rows = list(openpyxl.load_workbook(io.BytesIO(download.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("行号", "列", "问题")
    assert rows[1:] == [(n, "所在党组织", "找不到名为「不存在党支部」的党组织（或不在您的权限范围内）") for n in range(2, 232)]
    client.force_login(department_admin)
    assert client.get(reverse("members:import_job_errors", args=[job.pk])).status_code == 404
