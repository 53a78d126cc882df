"""The pages, documents and API of a case as the department administrator and the inspector see them."""

import datetime as dt
import importlib
import io

import openpyxl
import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from docx import Document

from zugong.appointments import services
from zugong.appointments.models import CaseStep, Notice, SelectionCase
from zugong.appointments.tests.conftest import DATES, a_file, open_case, take, walk
from zugong.appointments.voting import counted_paper_vote
from zugong.core.audit import snapshot
from zugong.core.models import AuditEvent
from zugong.organizations.models import Organization

K = CaseStep.Kind
pytestmark = pytest.mark.django_db


def test_the_case_page_shows_each_step_what_is_next_and_why_not(client, county, department_admin, setup):
    case = open_case(department_admin, county, setup)
    candidate = walk(department_admin, case, setup, K.DECISION)
    services.place_hold(department_admin, case, reason="来信反映问题待核", placed_on=dt.date(2026, 7, 14))
    client.force_login(department_admin)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "暂缓：讨论决定和任职不能办理" in page and "来信反映问题待核" in page
    assert "暂缓办理「讨论决定」：来信反映问题待核（2026-07-14决定暂缓）" in page
    assert page.count("data-testid=\"take-") == 0
    assert "72.73%" in page and "应到60人，实到55人，有效票55张" in page
    assert candidate.cadre.name in page


def test_the_step_form_takes_a_step_and_shows_a_refusal_on_its_field(client, county, department_admin, setup):
    case = open_case(department_admin, county, setup)
    candidate = walk(department_admin, case, setup, K.DECISION)
    client.force_login(department_admin)
    failed = counted_paper_vote(department_admin, case, "decision", [candidate], entitled=11, present=10, yes=[4],
                                held_on=DATES[K.DECISION])
    url = reverse("appointments:step_new", args=[case.pk, K.DECISION])
    form = client.get(url, {"candidate": candidate.pk}).content.decode()
    assert "表决票（已结束计票）" in form
    response = client.post(url, {"submission_token": "7c0c0c5e-0d0e-4a55-9d57-3c7a7e2f0c11", "done_on": "2026-07-15",
                                 "candidate": candidate.pk, "ballot": failed.pk})
    assert "表决未通过：同意4票，未超过应到会成员11人的1/2" in response.content.decode()
    assert not case.steps.filter(kind=K.DECISION).exists()


def test_the_list_the_due_list_and_the_documents(client, county, department_admin, inspector, setup):
    case = open_case(department_admin, county, setup)
    candidate = walk(department_admin, case, setup, K.APPOINTMENT)
    take(department_admin, case, K.APPOINTMENT, candidate)
    client.force_login(inspector)
    listing = client.get(reverse("appointments:list"), {"status": "probation"}).content.decode()
    assert "东风镇镇长人选" in listing and "已任职（试用期）" in listing
    due = client.get(reverse("appointments:due")).content.decode()
    assert "选拔任用待办清单" in due and "2027-10-13起可以办理：试用期12个月，期满后进行考核" in due
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(reverse("appointments:due_export")).content)).active
    rows = [row for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert ("尚未到期", "东风镇镇长人选", "东风镇党委", "试用期满考核（李明）", "2027-10-13") == rows[0][:5]
    record = client.get(reverse("appointments:case_document", args=[case.pk, "record", "docx"]))
    document = Document(io.BytesIO(record.content))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert (round(section.top_margin.mm), round(section.bottom_margin.mm), round(section.left_margin.mm),
            round(section.right_margin.mm)) == (37, 35, 28, 26)
    text = "\n".join(cell.text for row in document.tables[0].rows for cell in row.cells)
    assert "会议推荐" in text and "应到11人，实到10人，有效票10张；李明同意9票" in text and "示组字〔2026〕12号" in text
    pdf = client.get(reverse("appointments:case_document", args=[case.pk, "agenda", "pdf"]))
    assert pdf.content.startswith(b"%PDF")
    notice = case.notices.get(kind=Notice.Kind.PRE_APPOINTMENT)
    words = client.get(reverse("appointments:notice_document", args=[notice.pk, "docx"]))
    assert "公示时间：2026年9月30日至2026年10月12日" in "\n".join(
        p.text for p in Document(io.BytesIO(words.content)).paragraphs)
    Organization.objects.filter(pk=county.county.pk).update(name="东江县委")  # a department's own name, not the demo's
    letter = client.get(reverse("appointments:appointment_document", args=[candidate.pk, "docx"]))
    paragraphs = [p.text for p in Document(io.BytesIO(letter.content)).paragraphs]
    assert "李明同志任东风镇镇长，试用期（" in "\n".join(paragraphs)
    assert "中共东江县委组织部" in paragraphs and "经东江县委研究决定" in "\n".join(paragraphs)
    assert client.post(reverse("appointments:hold_new", args=[case.pk]), {}).status_code == 404


def test_the_api_says_what_is_next_and_takes_a_step(client, county, department_admin, setup):
    case = open_case(department_admin, county, setup)
    candidate = walk(department_admin, case, setup, K.CANDIDATES_CHOSEN)
    client.force_login(department_admin)
    detail = client.get(f"/api/v1/appointments/selection-cases/{case.pk}").json()
    assert detail["next"][0]["kind"] == "candidates_chosen" and detail["next"][0]["possible_today"]
    response = client.post(f"/api/v1/appointments/selection-cases/{case.pk}/steps", {
        "kind": "inspection", "done_on": "2026-07-01", "talks": 20}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"] == "「考察」是第5步，须先完成第4步「确定考察对象」"
    response = client.post(f"/api/v1/appointments/selection-cases/{case.pk}/steps", {
        "kind": "candidates_chosen", "done_on": "2026-06-20", "chosen": [candidate.pk]}, content_type="application/json")
    assert response.status_code == 201, response.content
    assert SelectionCase.objects.get(pk=case.pk).stage == "inspection"


def test_creating_a_case_on_the_page(client, county, department_admin, setup):
    client.force_login(department_admin)
    response = client.post(reverse("appointments:create"), {
        "submission_token": "8c0c0c5e-0d0e-4a55-9d57-3c7a7e2f0c12", "title": "东风镇镇长人选", "kind": "promotion",
        "unit": county.township.pk, "positions": [setup.post.pk], "motion_on": "2026-06-01",
        "document": a_file()})
    case = SelectionCase.objects.get()
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
    history = client.get(case.get_absolute_url()).content.decode().split('data-testid="history"')[1]
    assert "进行到：</span>— → <strong>动议</strong>" in history and "motion" not in history


@pytest.mark.parametrize("code", [kind.value for kind in K])
def test_the_history_names_every_stage_a_case_can_stand_at(code):
    """Where a case stands is one of the procedure's steps (or none once done): the history shows its name."""
    unsaved = ("unit", "created_by")  # no related records: only the stage is looked at
    assert snapshot(SelectionCase(stage=code), exclude=unsaved)["进行到"] == str(K(code).label)
    assert snapshot(SelectionCase(stage=""), exclude=unsaved)["进行到"] == ""


def test_histories_written_with_the_code_show_the_name_after_the_migration(county, department_admin, setup):
    case = open_case(department_admin, county, setup)
    event = AuditEvent.objects.filter(object_id=str(case.pk), action=AuditEvent.Action.CREATE,
                                      object_type__model="selectioncase").get()
    event.changes["进行到"] = [None, "motion"]  # as it was written before
    event.changes["状态"] = [None, "进行中"]
    event.save()
    stage_named = importlib.import_module("zugong.appointments.migrations.0005_stage_named")
    stage_named.name_stages_in_history(django_apps, None)
    event.refresh_from_db()
    assert event.changes["进行到"] == [None, "动议"] and event.changes["状态"] == [None, "进行中"]


def test_the_department_keeps_the_list_of_key_posts(client, county, department_admin, inspector, setup):
    client.force_login(department_admin)
    url = reverse("appointments:key_posts")
    response = client.post(url, {"submission_token": "9c0c0c5e-0d0e-4a55-9d57-3c7a7e2f0c13", "position": setup.post.pk,
                                 "note": "重要职能部门主要领导"})
    assert response.status_code == 302
    assert "东风镇党委 · 东风镇镇长" in client.get(url).content.decode()
    client.force_login(inspector)
    page = client.get(url).content.decode()
    assert "东风镇镇长" in page and "列入重要职位" not in page
    key = setup.post.key_post
    assert client.post(reverse("appointments:key_post_remove", args=[key.pk])).status_code == 404
    client.force_login(department_admin)
    client.post(reverse("appointments:key_post_remove", args=[key.pk]))
    assert not type(key).objects.exists()
