"""The 公告与报名 section as the inspector and the department administrator see it: the ranking, the scores of a
whole list in one form, the score workbook's check, the ranking's export and 确定考察对象 from the ranking."""

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from zugong.appointments import competition
from zugong.appointments.models import CaseStep, Registration, SelectionCase
from zugong.appointments.tests.conftest import open_case
from zugong.appointments.tests.test_competition import _workbook, announce, outsider, passed

K = CaseStep.Kind
D = Decimal
pytestmark = pytest.mark.django_db
TOKEN = "7c0c0c5e-0d0e-4a55-9d57-3c7a7e2f0c11"


@pytest.fixture
def ranked(county, department_admin, setup):
    case = open_case(department_admin, county, setup, kind=SelectionCase.Kind.OPEN)
    announce(department_admin, case)
    rows = []
    for name, written, interview in [("甲一", 70, 80), ("乙二", 90, 90), ("丙三", 80, 85), ("丁四", 90, 90)]:
        registration = passed(department_admin, outsider(department_admin, case, setup.post, name))
        rows.append(competition.ScoreRow(registration.pk, D(written), D(interview)))
    competition.record_scores(department_admin, case, rows)
    failed = outsider(department_admin, case, setup.post, "戊五")
    competition.review(department_admin, failed, passed=False, reviewed_on=dt.date(2026, 6, 16), reason="学历不符")
    return case


def _names_in_order(page: str) -> list[str]:
    table = page[page.index('data-testid="ranking"'):]
    return re.findall(r'data-testid="registration-\d+">\s*<td>([^<]*)</td>\s*<td>([^<]+?)[ <]', table)


def test_the_inspector_sees_the_ranking_with_ties_shared(client, inspector, ranked):
    client.force_login(inspector)
    page = client.get(ranked.get_absolute_url()).content.decode()
    assert "公告与报名" in page
    assert _names_in_order(page) == [("1", "乙二"), ("1", "丁四"), ("3", "丙三"), ("4", "甲一"), ("—", "戊五")]
    assert "83.00" in page and "90.00" in page and "未通过：学历不符" in page
    assert "综合成绩 = 笔试 × 40.00% + 面试 × 60.00%" in page and "每个职位确定考察对象 2 人（差额）" in page
    assert 'data-testid="scores"' not in page  # reading only
    assert "「东风镇镇长」通过资格审查的只有" not in page and 'data-testid="next-candidates_chosen"' in page
    export = client.get(reverse("appointments:competition_ranking", args=[ranked.pk]))
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert [(row[0].value, row[2].value, row[8].value) for row in sheet.iter_rows(min_row=2, max_row=5)] == [
        (1, "乙二", 90), (1, "丁四", 90), (3, "丙三", 83), (4, "甲一", 76)]


def test_the_scores_form_saves_the_whole_list_or_nothing(client, department_admin, ranked):
    client.force_login(department_admin)
    url = reverse("appointments:competition_scores", args=[ranked.pk])
    first, second = ranked.registrations.filter(review="passed").order_by("pk")[:2]
    form = client.get(url).content.decode()
    assert form.count('name="w') == 4
    data = {f"w{first.pk}": "61", f"i{first.pk}": "62", f"w{second.pk}": "120", f"i{second.pk}": "abc"}
    page = client.post(url, data).content.decode()
    assert "乙二：确保该值小于或等于100。" in page and "乙二：输入一个数字。" in page
    first.refresh_from_db()
    assert first.written == D("70.00")  # nothing saved
    response = client.post(url, {f"w{first.pk}": "61.5", f"i{first.pk}": "62", f"w{second.pk}": "91"})
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.written, first.interview, second.written) == (D("61.50"), D("62.00"), D("91.00"))


def test_the_import_page_lists_every_bad_cell(client, department_admin, ranked):
    client.force_login(department_admin)
    one = ranked.registrations.get(name="甲一")
    upload = _workbook([[one.pk, "甲一", 101, "x"]])
    upload.name = "成绩.xlsx"
    page = client.post(reverse("appointments:competition_scores_import", args=[ranked.pk]),
                       {"submission_token": TOKEN, "action": "apply", "workbook": upload}).content.decode()
    assert "有 2 处问题，没有导入任何成绩" in page
    assert "<td>第2行</td><td>笔试成绩</td><td>须在0至100之间，实为101</td>" in page
    assert "<td>第2行</td><td>面试成绩</td><td>应为数字，实为「x」</td>" in page
    one.refresh_from_db()
    assert one.written == D("70.00")


def test_choosing_the_candidates_of_an_open_case_takes_the_top_of_the_ranking(client, department_admin, ranked):
    client.force_login(department_admin)
    unscored = passed(department_admin, outsider(department_admin, ranked, ranked.positions.get(), "己六"))
    page = client.get(ranked.get_absolute_url()).content.decode()
    assert "「东风镇镇长」通过资格审查的己六尚无笔试或面试成绩，排名未完成，不能确定考察对象" in page
    assert 'data-testid="take-candidates_chosen"' not in page
    competition.record_scores(department_admin, ranked, [competition.ScoreRow(unscored.pk, D(50), D(50))])
    assert 'data-testid="take-candidates_chosen"' in client.get(ranked.get_absolute_url()).content.decode()
    url = reverse("appointments:step_new", args=[ranked.pk, K.CANDIDATES_CHOSEN])
    assert "确定为考察对象的人选" not in client.get(url).content.decode()
    response = client.post(url, {"submission_token": TOKEN, "done_on": "2026-07-01"})
    assert response.status_code == 302
    assert sorted(ranked.candidates.filter(chosen=True).values_list("name", flat=True)) == ["丁四", "乙二"]
    page = client.get(ranked.get_absolute_url()).content.decode()
    assert page.count("考察对象</span>") == 2 and 'data-testid="registration-new"' not in page
    assert Registration.objects.filter(candidate__isnull=False).count() == 2
