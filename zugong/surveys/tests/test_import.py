"""Paper questionnaires imported from .xlsx (dry run with every bad row, then all or none) and the answers'
export (no code, invitee or sheet number; organizations the report hides left out)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from zugong.core.models import AuditEvent
from zugong.surveys.models import Answer, PaperSheet, Response, SheetImportJob
from zugong.surveys.services import questions_of
from zugong.surveys.tests.factories import answer, make_group, make_invitation, make_survey

pytestmark = pytest.mark.django_db

ALL_GOOD = {"M1": "好", "M2": "较好", "M3": "一般", "M4": "好"}
EVERY_QUESTION = {**{f"M{n}": "较好" for n in range(1, 5)}, **{f"S{n}": "不了解" for n in range(1, 11)}}


@pytest.fixture
def survey(county):
    """Run by the county; the township operator covers 东风村 but not 南山村."""
    survey = make_survey(county.county)
    make_group(survey, county.village, "members")
    make_group(survey, county.village, "public")
    make_group(survey, county.other_village, "members")
    return survey


def headers(survey) -> list[str]:
    return ["问卷编号", "被调查单位", "调查对象", *(f"第{q.number}题 {q.text}" for q in questions_of(survey))]


def good_row(survey, number, organization="东风村党支部", kind="党员", **cells) -> list:
    """Every scored question answered 好 unless ``cells`` says otherwise (``q3="一般"``); text left empty."""
    answers = [cells.get(f"q{q.number}", "" if q.kind == "text" else "好") for q in questions_of(survey)]
    return [number, organization, kind, *answers]


def workbook(header: list, rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def tasks_at_once(settings):
    """The worker's job run inside the request, so a test reads the job's page right after the upload."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def upload(client, survey, content: bytes, **choice):
    """Upload, and the job's page once the background check is done (``report`` and ``job`` in its context)."""
    response = client.post(reverse("surveys:import", args=[survey.pk]),
                           {"workbook": SimpleUploadedFile("问卷.xlsx", content), "must_answer": "design", **choice})
    return client.get(response.url) if response.status_code == 302 else response


def confirm(client, response):
    job = response.context["job"]
    return client.post(reverse("surveys:import_job", args=[job.survey_id, job.pk]), follow=True)


def written() -> tuple:
    return Response.objects.count(), Answer.objects.count(), PaperSheet.objects.count(), AuditEvent.objects.count()


def test_every_bad_row_is_reported_at_once_and_nothing_is_written(client, survey, county, township_operator):
    PaperSheet.objects.create(survey=survey, group=survey.groups.first(), number="0009", first_by=township_operator,
                              status=PaperSheet.Status.DONE)
    rows = [
        good_row(survey, "0001"),  # row 2: good
        good_row(survey, "", q1="较好"),  # 3: number missing
        good_row(survey, "0001"),  # 4: repeated in the file
        good_row(survey, "0009"),  # 5: already entered
        good_row(survey, "0005", organization="北坡村党支部"),  # 6: unknown organization
        good_row(survey, "0006", organization="西岭村党支部"),  # 7: not among the survey's groups
        good_row(survey, "0007", organization="南山村党支部"),  # 8: outside the operator's scope
        good_row(survey, "0008", kind="学生"),  # 9: unknown kind
        good_row(survey, "0010", kind="干部"),  # 10: no such group
        good_row(survey, "0011", q2="很好"),  # 11: not on the scale
        good_row(survey, "0012", q3="好、较好"),  # 12: two labels for a single choice
        good_row(survey, "0013", q4=""),  # 13: required answer missing
    ]
    client.force_login(township_operator)
    before = written()
    response = upload(client, survey, workbook(headers(survey), rows))
    report = response.context["report"]
    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (3, "问卷编号", "问卷编号不能为空（每份问卷须有编号，防止重复导入）"),
        (4, "问卷编号", "问卷编号「0001」与第2行重复"),
        (5, "问卷编号", "问卷编号「0009」已经录入过"),
        (6, "被调查单位", "找不到名为「北坡村党支部」的党组织"),
        (7, "被调查单位", "「西岭村党支部」不是本调查的被调查单位"),
        (8, "被调查单位", "「南山村党支部」不在您的权限范围内"),
        (9, "调查对象", "「学生」不是有效的调查对象（应为干部、党员、群众代表、两代表一委员、其他之一）"),
        (10, "调查对象", "本调查没有「东风村党支部」的干部组"),
        (11, "第2题", "「很好」不是本题的选项（可填：好、较好、一般、差、不了解）"),
        (12, "第3题", "单选题只能填一个选项，收到「好、较好」"),
        (13, "第4题", "必答题未作答"),
    ]
    assert report.rows == 12 and not report.applied
    assert not response.context["can_confirm"]  # nothing to confirm
    assert "存在问题，未导入任何数据。请修改后重新上传。" in response.content.decode()
    assert written() == before


def test_missing_columns_are_reported_before_any_row(client, survey, township_operator):
    client.force_login(township_operator)
    header = [h for h in headers(survey) if not h.startswith(("调查对象", "第2题"))] + ["第99题 多出来的题"]
    response = upload(client, survey, workbook(header, [good_row(survey, "0001")]))
    assert [(e.row, e.column, e.message) for e in response.context["report"].errors] == [
        (1, "调查对象", "缺少必需的列"),
        (1, "第99题 多出来的题", "本调查没有第99题"),
        (1, "第2题", "缺少必答题的列"),
    ]


def test_a_filled_template_imports_every_row_and_cannot_be_imported_twice(client, survey, township_operator):
    client.force_login(township_operator)
    template = client.get(reverse("surveys:import_template", args=[survey.pk]))
    book = load_workbook(io.BytesIO(template.content))
    sheet = book["答卷"]
    assert [c.value for c in sheet[1]] == headers(survey)
    assert any("东风村党支部" in str(v.formula1) or "选项" in str(v.formula1)
               for v in sheet.data_validations.dataValidation)
    assert [c.value for c in book["选项"]["A"] if c.value] == ["东风村党支部"]  # only the groups the operator covers
    sheet.append(good_row(survey, 1001, q2="较好", q5="不了解", q15="多听基层意见"))
    sheet.append(good_row(survey, 1002, kind="群众代表", q3="差"))
    sheet.append(good_row(survey, 1003))
    buffer = io.BytesIO()
    book.save(buffer)

    response = upload(client, survey, buffer.getvalue())
    report = response.context["report"]
    assert report.errors == [] and report.rows == 3 and response.context["can_confirm"]
    assert report.by_group == {"东风村党支部·党员": 2, "东风村党支部·群众代表": 1}
    assert Response.objects.count() == 0  # the check writes nothing

    done = confirm(client, response)
    assert "导入完成：3 份问卷已入库。" in done.content.decode()
    assert Response.objects.filter(channel=Response.Channel.IMPORT).count() == 3
    assert sorted(PaperSheet.objects.values_list("number", "status")) == [
        ("1001", "done"), ("1002", "done"), ("1003", "done")]
    first = Response.objects.get(answers__text="多听基层意见")
    assert first.answers.get(question__number=2).option.label == "较好"
    assert first.answers.get(question__number=5).score is None  # 不了解 is not counted

    before = written()
    again = upload(client, survey, buffer.getvalue())
    assert [(e.row, e.message) for e in again.context["report"].errors] == [
        (2, "问卷编号「1001」已经录入过"), (3, "问卷编号「1002」已经录入过"), (4, "问卷编号「1003」已经录入过")]
    replay = confirm(client, response)  # the confirmed job again: nothing more
    assert "该导入已经确认过（正在导入或已经完成），未重复导入" in replay.content.decode()
    assert written() == before


def test_apply_checks_again_and_writes_nothing_when_a_number_was_typed_meanwhile(client, survey, township_operator):
    client.force_login(township_operator)
    content = workbook(headers(survey), [good_row(survey, "0001"), good_row(survey, "0002")])
    checked = upload(client, survey, content)
    PaperSheet.objects.create(survey=survey, group=survey.groups.first(), number="0002", first_by=township_operator,
                              status=PaperSheet.Status.AWAITING_SECOND)
    before = written()
    response = confirm(client, checked)
    assert [(e.row, e.message) for e in response.context["report"].errors] == [
        (0, "导入期间有问卷编号已被录入，未导入任何数据；请重新上传检查")]
    assert response.context["job"].status == "checked" and not response.context["can_confirm"]
    assert written() == before


def test_a_survey_that_is_not_open_refuses_the_upload(client, survey, township_operator):
    survey.status = "closed"
    survey.save()
    client.force_login(township_operator)
    response = upload(client, survey, workbook(headers(survey), [good_row(survey, "0001")]))
    assert response.context["form"].errors["workbook"] == ["本调查未开始或已结束，不能导入"]
    assert not SheetImportJob.objects.exists()
    assert Response.objects.count() == 0


def test_a_file_that_is_not_a_workbook_is_refused(client, survey, township_operator):
    client.force_login(township_operator)
    response = upload(client, survey, b"not a workbook")
    assert response.context["job"].status == "failed"
    assert response.context["job"].report["failure"].startswith("不是 Excel 工作簿（.xlsx）：文件不是 .xlsx 所用的 ZIP 格式")
    assert "不是 Excel 工作簿" in response.content.decode()


# --- export ---------------------------------------------------------------------------------------------------------


@pytest.fixture
def answered(county):
    """东风村 10 and 西岭村 12 + 2 are shown; 南山村 (3) and 县财政局 (4) are below the minimum of 10 and hidden."""
    survey = make_survey(county.county, anonymous=False)
    village = make_group(survey, county.village, "members")
    village2 = make_group(survey, county.village2, "members")
    village2_cadres = make_group(survey, county.village2, "cadres")
    other = make_group(survey, county.other_village, "members")
    agency = make_group(survey, county.agency_branch, "cadres")
    make_invitation(village, code="ZXCV2345", invitee="张三丰")
    answer(survey, village, ALL_GOOD, times=10)
    answer(survey, village2, {"M1": "差"}, times=12)
    answer(survey, village2_cadres, {"M1": "一般"}, times=2)
    answer(survey, other, ALL_GOOD, times=3)
    answer(survey, agency, ALL_GOOD, times=4)
    return survey


def export_rows(client, user, survey) -> tuple[list[tuple], list[str]]:
    client.force_login(user)
    response = client.get(reverse("surveys:export", args=[survey.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book["答卷"].iter_rows(values_only=True))
    notes = [row[0] for row in book["说明"].iter_rows(values_only=True)]
    return rows, notes


def test_export_has_no_code_invitee_or_number_and_leaves_out_hidden_organizations(client, answered, department_admin):
    rows, notes = export_rows(client, department_admin, answered)
    header, data = rows[0], rows[1:]
    assert list(header[:5]) == ["问卷编号", "被调查单位", "调查对象", "提交日期", "方式"]
    assert not any(word in str(title) for title in header for word in ("邀请码", "受邀人", "编号") if title != "问卷编号")
    flat = " ".join(str(v) for row in rows for v in row if v is not None)
    assert "张三丰" not in flat and "ZXCV2345" not in flat
    assert all(row[0] is None for row in data)
    assert sorted({row[1] for row in data}) == ["东风村党支部", "西岭村党支部"]
    assert len(data) == 24
    assert {row[2] for row in data if row[1] == "东风村党支部"} == {"党员"}
    assert {row[2] for row in data if row[1] == "西岭村党支部"} == {None}  # 2 cadres there: kinds not told apart
    assert sorted(row[5] for row in data if row[1] == "西岭村党支部") == ["一般"] * 2 + ["差"] * 12
    assert notes[0] == "共导出答卷 24 份，每行一份。本表供统计分析使用，不含邀请码、受邀人和问卷编号。"
    assert "另有 7 份答卷未导出" in notes[1]
    assert "有 1 个单位的某类调查对象答卷不足10份" in notes[2]


def test_export_holds_only_the_users_scope(client, answered, township_operator):
    rows, notes = export_rows(client, township_operator, answered)
    assert sorted({row[1] for row in rows[1:]}) == ["东风村党支部", "西岭村党支部"]
    assert "另有" not in notes[1]


def test_the_export_imports_back_once_numbers_are_written_in(client, county, township_operator):
    survey = make_survey(county.township)
    group = make_group(survey, county.village, "members")
    answer(survey, group, EVERY_QUESTION, times=10)
    client.force_login(township_operator)
    book = load_workbook(io.BytesIO(client.get(reverse("surveys:export", args=[survey.pk])).content))
    for number, row in enumerate(book["答卷"].iter_rows(min_row=2), start=1):
        row[0].value = f"R{number:03d}"
    buffer = io.BytesIO()
    book.save(buffer)
    report = upload(client, survey, buffer.getvalue()).context["report"]
    assert report.errors == [] and report.rows == 10
