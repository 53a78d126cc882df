"""The import of paper questionnaires as a department runs it: a background job with progress, the workbook read
once, problems summarised by kind (all of them as .xlsx), and the questions a file must answer chosen per import."""

import io
import os
import socket

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from zugong.surveys import import_tasks, importer
from zugong.surveys.models import Response, SheetImportJob
from zugong.surveys.services import questions_of
from zugong.surveys.tests.factories import make_group, make_survey
from zugong.surveys.tests.test_import import confirm, good_row, headers, upload, workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(county):
    """Run by the county; the township operator covers 东风村 (as in test_import)."""
    survey = make_survey(county.county)
    make_group(survey, county.village, "members")
    make_group(survey, county.village, "public")
    return survey


@pytest.fixture(autouse=True)
def tasks_at_once(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def main_only_rows(survey, n: int) -> list[list]:
    """``n`` questionnaires answering only the questions of the four main indicators."""
    main = {q.number for q in questions_of(survey) if q.indicator and q.indicator.level == "main"}
    return [good_row(survey, f"M{i:04d}", **{f"q{q.number}": "" for q in questions_of(survey) if q.number not in main})
            for i in range(n)]


def test_a_file_of_the_main_indicators_only_is_summarised_by_kind_not_listed_row_by_row(
        client, survey, township_operator):
    questions = questions_of(survey)
    unanswered = [q for q in questions if q.required and not (q.indicator and q.indicator.level == "main")]
    client.force_login(township_operator)
    page = upload(client, survey, workbook(headers(survey), main_only_rows(survey, 300)))
    kinds = page.context["kinds"]
    assert [(k.example, k.count, k.rows) for k in kinds] == [("必答题未作答", 300 * len(unanswered), [2, 3, 4, 5, 6])]
    assert kinds[0].columns == [f"第{q.number}题" for q in unanswered]
    html = page.content.decode()
    assert f'data-testid="kind-count">{300 * len(unanswered)}<' in html and "下载全部问题清单" in html
    assert len(html) < 60_000  # one line per kind, whatever the count (the old page listed every cell)
    assert 'data-testid="confirm-import"' not in html

    job = page.context["job"]
    download = client.get(reverse("surveys:import_job_problems", args=[survey.pk, job.pk]))
    rows = list(load_workbook(io.BytesIO(download.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("行号", "列", "问题") and len(rows) == 1 + 300 * len(unanswered)
    assert rows[1] == (2, f"第{unanswered[0].number}题", "必答题未作答") and rows[-1][0] == 301


def test_the_department_marks_which_questions_the_file_must_answer(client, survey, township_operator):
    client.force_login(township_operator)
    page = upload(client, survey, workbook(headers(survey), main_only_rows(survey, 30)), must_answer="main")
    assert page.context["report"].problems == {} and page.context["can_confirm"]
    assert page.context["required_numbers"] == [1, 2, 3, 4]
    done = confirm(client, page)
    assert "导入完成：30 份问卷已入库。" in done.content.decode()
    assert Response.objects.count() == 30

    chosen = [q.pk for q in questions_of(survey)][:2]  # only 第1、2题 must be answered; 第3题 left blank is fine
    rows = [good_row(survey, "C0001", q3="", q4=""), good_row(survey, "C0002", q1="")]
    page = upload(client, survey, workbook(headers(survey), rows), must_answer="chosen",
                  questions=[str(pk) for pk in chosen])
    assert [(e.row, e.column, e.message) for e in page.context["report"].errors] == [(3, "第1题", "必答题未作答")]

    refused = upload(client, survey, workbook(headers(survey), rows), must_answer="chosen")
    assert refused.context["form"].errors["questions"] == ["请勾选至少一道须作答的题目，或选择上面的其他方式"]


def test_the_check_reports_progress_and_the_workbook_is_read_once(client, survey, township_operator, monkeypatch):
    opened = []
    real = importer.open_sheet

    def counting(*args, **kwargs):
        opened.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(importer, "open_sheet", counting)
    seen: list[tuple[int, int]] = []
    client.force_login(township_operator)
    rows = [good_row(survey, f"P{i:05d}") for i in range(2500)]
    page = upload(client, survey, workbook(headers(survey), rows))
    job = page.context["job"]
    assert (job.status, job.rows_done, job.rows_total, job.percent) == ("checked", 2500, 2500, 100)
    report, _plan = importer.SheetImporter(township_operator, survey).check(
        _saved(rows, survey), progress=lambda d, t: seen.append((d, t)))
    assert seen == [(1000, 2500), (2000, 2500), (2500, 2500)] and report.good == 2500
    opened.clear()
    assert not import_tasks.upload_path(job).exists() and import_tasks.plan_path(job).exists()
    done = confirm(client, page)
    assert opened == []  # the apply wrote from the checked plan, not from the workbook
    assert "导入完成：2500 份问卷已入库。" in done.content.decode() and Response.objects.count() == 2500
    assert not import_tasks.plan_path(job).exists()


def _saved(rows, survey):
    return io.BytesIO(workbook(headers(survey), rows))


def test_a_running_job_polls_and_shows_its_progress(client, survey, township_operator):
    job = SheetImportJob.objects.create(survey=survey, created_by=township_operator, file_name="大表.xlsx",
                                        status="checking", rows_done=1000, rows_total=2500, attempt=1)
    import_tasks.heartbeat_path(job).parent.mkdir(parents=True, exist_ok=True)
    import_tasks.heartbeat_path(job).write_text(f"{socket.gethostname()} {os.getpid()}")  # a live worker
    try:
        client.force_login(township_operator)
        url = reverse("surveys:import_job", args=[survey.pk, job.pk])
        html = client.get(url, HTTP_HX_REQUEST="true").content.decode()
        assert f'hx-get="{url}"' in html and 'aria-valuenow="40"' in html and "已处理 1000 / 2500 行" in html
        assert "<html" not in html  # the polled part only
    finally:
        import_tasks.heartbeat_path(job).unlink()
    html = client.get(url).content.decode()  # the worker is gone: interrupted, nothing imported
    assert "中断，未导入任何数据" in html and SheetImportJob.objects.get().status == "interrupted"


def test_a_job_is_its_uploaders_alone(client, survey, township_operator, department_admin):
    job = SheetImportJob.objects.create(survey=survey, created_by=township_operator, file_name="m.xlsx",
                                        status="checked", report={"rows": 1, "problems": [["第1题", "必答题未作答", [2]]]})
    client.force_login(department_admin)
    for name in ("surveys:import_job", "surveys:import_job_problems"):
        assert client.get(reverse(name, args=[survey.pk, job.pk])).status_code == 404
    assert client.post(reverse("surveys:import_job", args=[survey.pk, job.pk])).status_code == 404
