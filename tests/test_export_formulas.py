"""Formula injection (公式注入): every export writes what users typed as text, never as a formula.

Each .xlsx the URLs offer is downloaded with records whose text starts with ``= + - @`` and opened with
openpyxl: no cell may be a formula, no text cell may start with one of those characters, and the record's text
must be there with the apostrophe ``core.downloads.as_text`` puts in front. ``EXPORTS`` must name every URL
whose route ends in ``.xlsx``, ``tests/test_scope.py`` fails on any URL that answers with the .xlsx content type
without an entry here, and no module may write worksheet cells except through ``core.downloads`` — so a new
export without the helper fails this file. The .docx exports hold text runs only: no field a word processor
would evaluate (``fldSimple``, ``instrText``, ``fldChar``, DDE).
"""

import ast
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.fixtures import app_today
from zugong.assessments.tests import scope_assessments
from zugong.branchlife.tests import scope_branchlife
from zugong.cadres.models import (
    Cadre,
    PersonalMattersReport,
    Position,
    ReserveEntry,
    Talk,
    Tenure,
    TrainingClass,
    TrainingRecord,
)
from zugong.complaints.tests import scope_statistics
from zugong.core.downloads import (
    DOCX,
    FORMULA_STARTS,
    XLSX,
    as_text,
    from_text,
    new_workbook,
    write_cell,
    write_cells,
)
from zugong.core.models import Finding
from zugong.core.validators import id_check_char
from zugong.development.models import DevelopmentCase, DevelopmentStep
from zugong.education import services as education
from zugong.education.models import ScoreItem
from zugong.members import periods
from zugong.members.models import ImportJob, Member, MembershipTransfer
from zugong.pairing.tests import scope_pairing
from zugong.performance.tests import scope_performance
from zugong.surveys.models import Question
from zugong.surveys.services import AnswerData, questions_of, record_responses
from zugong.surveys.tests.factories import make_group, make_invitation, make_survey
from zugong.talent.tests import scope_talent

PAYLOADS = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)"]
ZUGONG = Path(__file__).resolve().parents[1] / "zugong"


def _id_number(birth: dt.date, sequence: int) -> str:
    first17 = f"360721{birth:%Y%m%d}{sequence:03d}"
    return first17 + id_check_char(first17)


def _member(org, name: str, sequence: int = 7) -> Member:
    member = Member.objects.create(
        name=name, name_initials="x", id_number=_id_number(dt.date(1975, 6, 1), sequence), gender="male",
        birth_date=dt.date(1975, 6, 1), education="college", occupation="farmer", joined_on=dt.date(2000, 7, 1),
        full_member_on=dt.date(2001, 7, 1), stage="full", organization=org, dues_category="farmer",
        phone=name, address=name)
    periods.open_periods([member])
    return member


def _cadre(org, name: str, rank: str = "section_head") -> Cadre:
    cadre = Cadre.objects.create(name=name, gender="男", birth=dt.date(1978, 3, 1), organization=org,
                                 native_place=name, health=name)
    position = Position.objects.create(organization=org, title=name, rank=rank, is_leading=True)
    Tenure.objects.create(cadre=cadre, position=position, started_on=dt.date(2020, 3, 1))
    return cadre


# Each entry: (county, admin, text) -> (url, query). The records it makes carry ``text`` where users type.
def _members_export(county, admin, text):
    _member(county.village, text)
    return reverse("members:export"), {}


def _members_template(county, admin, text):
    return reverse("members:import_template"), {}


def _import_problems(county, admin, text):
    job = ImportJob.objects.create(created_by=admin, file_name="党员.xlsx", status=ImportJob.Status.CHECKED,
                                   report={"rows": 1, "errors": [[2, text, text]]})
    return reverse("members:import_job_errors", args=[job.pk]), {}


def _survey_import_problems(county, admin, text):
    from zugong.surveys.models import SheetImportJob

    survey = make_survey(county.county)
    job = SheetImportJob.objects.create(survey=survey, created_by=admin, file_name="问卷.xlsx",
                                        status=SheetImportJob.Status.CHECKED,
                                        report={"rows": 1, "good": 0, "problems": [[text, text, [2]]]})
    return reverse("surveys:import_job_problems", args=[survey.pk, job.pk]), {}


def _dues(county, admin, text):
    county.township.name = text
    county.township.save()
    return reverse("dues:export"), {}


def _development_due(county, admin, text):
    case = DevelopmentCase.objects.create(
        name=text, id_number=_id_number(dt.date(2000, 5, 5), 31), gender="female", birth_date=dt.date(2000, 5, 5),
        education="college", occupation="worker", organization=county.village)
    DevelopmentStep.objects.create(case=case, kind="application", done_on=app_today() - dt.timedelta(days=40))
    return reverse("development:due_export"), {}


def _development_cases(county, admin, text):
    _development_due(county, admin, text)
    return reverse("development:export"), {}


def _study_days(county, admin, text):
    education.record_study_session(admin, county.village, held_on=app_today(), topic=text,
                                   attendees=[_member(county.village, "学员")])
    return reverse("education:study_export"), {"year": app_today().year}


def _points_entries(county, admin, text):
    member = _member(county.village, "积分")
    education.enter_points(admin, member, year=app_today().year, item=None, points=Decimal(2), reason=text)
    return reverse("education:points_export"), {"year": app_today().year}


def _plaques(county, admin, text):
    county.village.name = text
    county.village.save()
    member = _member(county.village, text)
    for item in ScoreItem.objects.all():
        education.enter_points(admin, member, year=app_today().year, item=item, points=Decimal(item.max_points))
    return reverse("education:plaques"), {"year": app_today().year}


def _unvisited(county, admin, text):
    member = _member(county.village, text, 51)
    Member.objects.filter(pk=member.pk).update(birth_date=dt.date(1940, 6, 1))
    return reverse("education:unvisited_export"), {}


def _statistics(county, admin, text):
    county.county.name = text
    county.county.save()
    return reverse("statistics:export_xlsx"), {}


def _cadres(county, admin, text):
    _cadre(county.township, text)
    return reverse("cadres:export"), {}


def _talks(county, admin, text):
    Talk.objects.create(cadre=_cadre(county.township, text), kind=Talk.Kind.REMINDER, held_on=app_today(), held_by=text,
                        subject=text, follow_up=text)
    return reverse("cadres:talk_export"), {}


def _reports(county, admin, text):
    PersonalMattersReport.objects.create(cadre=_cadre(county.township, text), year=app_today().year - 1,
                                         submitted_on=dt.date(app_today().year, 1, 20), note=text)
    return reverse("cadres:report_export"), {"year": app_today().year - 1}


def _training(county, admin, text):
    _cadre(county.township, text, rank="section_deputy")
    return reverse("cadres:training_export"), {}


def _roster(county, admin, text):
    course = TrainingClass.objects.create(name=text, kind=TrainingClass.Kind.SECTION_LEVEL, organizer=text,
                                          organization=county.county, started_on=dt.date(2026, 5, 11),
                                          ended_on=dt.date(2026, 5, 15), hours=Decimal(40), full_time=True)
    TrainingRecord.objects.create(cadre=_cadre(county.township, text), training_class=course, course=text,
                                  organizer=text, hours=Decimal(40), leave_hours=Decimal(0),
                                  started_on=course.started_on, ended_on=course.ended_on)
    return reverse("cadres:training_roster_export", args=[course.pk]), {}


def _reserve(county, admin, text):
    ReserveEntry.objects.create(cadre=_cadre(county.township, text), target_rank="county_deputy",
                                admitted_on=dt.date(2024, 3, 1), status="withdrawn", left_on=dt.date(2025, 3, 1),
                                reason=text)
    return reverse("cadres:reserve_export"), {"status": "withdrawn"}


def _survey_links(county, admin, text):
    survey = make_survey(county.county, anonymous=False)
    group = make_group(survey, county.village)
    make_invitation(group, "ABCD2345", invitee=text)
    return reverse("surveys:links", args=[survey.pk, group.pk]), {}


def _survey_template(county, admin, text):
    county.village.name = text
    county.village.save()
    survey = make_survey(county.county)
    make_group(survey, county.village)
    question = survey.questions.filter(kind=Question.Kind.SINGLE).first()
    question.text = text
    question.save()
    option = question.options.first()
    option.label = text
    option.save()
    return reverse("surveys:import_template", args=[survey.pk]), {}


def _survey_answers(county, admin, text):
    county.village.name = text
    county.village.save()
    survey = make_survey(county.county)
    group = make_group(survey, county.village)
    answers = [AnswerData(q, text=text) for q in questions_of(survey) if q.kind == Question.Kind.TEXT]
    record_responses(survey, [(group, answers)] * 12, channel="online", day=app_today())
    return reverse("surveys:export", args=[survey.pk]), {}


def _findings(county, admin, text):
    Finding.all_objects.create(check_code="organizations.no_secretary", severity="problem", title=text, detail=text,
                               url="/", scope_path=county.village.path, subject_id=str(county.village.pk),
                               subject_type=ContentType.objects.get_for_model(county.village))
    return reverse("findings:export"), {}


def _ballots(county, admin, text):
    from zugong.ballots import services as ballot_services
    from zugong.ballots.tests.factories import election, paper

    ballot = election(admin, county.village, write_in=True)
    ballot.title = text
    ballot.save()
    ballot_services.enter_paper(admin, ballot, number=1, valid=True, choices={1: "yes"}, written={1: text[:50]})
    paper(admin, ballot, [None], start=2)
    return reverse("ballots:xlsx", args=[ballot.pk]), {}


def _organizations(county, admin, text):
    county.village.name, county.village.contact_phone = text, text
    county.village.save()
    return reverse("organizations:export"), {}


def _units(county, admin, text):
    county.village_unit.name, county.village_unit.address = text, text
    county.village_unit.save()
    return reverse("organizations:unit_export"), {}


def _selection_ranking(county, admin, text):
    from zugong.appointments.models import Competition, Notice, Registration, SelectionCase

    post = Position.objects.create(organization=county.township, title="公开选拔职位", rank="section_deputy")
    case = SelectionCase.objects.create(title="公开选拔", kind="open", unit=county.township)
    case.positions.set([post])
    notice = Notice.objects.create(case=case, kind="announcement", text=text, phone="12380", publish_on=app_today(),
                                   ends_on=app_today())
    Competition.objects.create(case=case, notice=notice, registration_starts_on=app_today(), registration_ends_on=app_today(),
                               qualifications=text, per_post=2, written_weight=40, interview_weight=60, trim_from=5)
    Registration.objects.create(case=case, position=post, name=text[:50], unit=text, post=text, registered_on=app_today(),
                                review="passed", written=80, interview=90)
    return reverse("appointments:competition_ranking", args=[case.pk]), {}


def _selection_due(county, admin, text):
    from zugong.appointments.models import SelectionCase

    SelectionCase.objects.create(title=text, unit=county.township, last_step_on=app_today() - dt.timedelta(days=200))
    return reverse("appointments:due_export"), {}  # stalled since: the case's title in a row


EXPORTS: dict[str, Callable] = {
    "organizations:export": _organizations,
    "organizations:unit_export": _units,
    "ballots:xlsx": _ballots,
    "appointments:competition_ranking": _selection_ranking,
    "appointments:due_export": _selection_due,
    "findings:export": _findings,
    "members:export": _members_export,
    "members:import_template": _members_template,
    "members:import_job_errors": _import_problems,
    "dues:export": _dues,
    "development:due_export": _development_due,
    "development:export": _development_cases,
    "education:study_export": _study_days,
    "education:points_export": _points_entries,
    "education:plaques": _plaques,
    "education:unvisited_export": _unvisited,
    "statistics:export_xlsx": _statistics,
    "cadres:export": _cadres,
    "cadres:talk_export": _talks,
    "cadres:report_export": _reports,
    "cadres:training_export": _training,
    "cadres:training_roster_export": _roster,
    "cadres:reserve_export": _reserve,
    "surveys:links": _survey_links,
    "surveys:import_template": _survey_template,
    "surveys:export": _survey_answers,
    "surveys:import_job_problems": _survey_import_problems,
    "complaints:statistics_export": scope_statistics.formula_export,
    "assessments:export": scope_assessments.formula_export,
    "branchlife:overview_export": scope_branchlife.formula_overview_export,
    "pairing:totals_export": scope_pairing.formula_totals_export,
    "pairing:loans_export": scope_pairing.formula_loans_export,
    "talent:export": scope_talent.formula_export,
    "performance:export": scope_performance.formula_export,
}
HOLDS_NO_RECORD = {"members:import_template"}  # the columns only


def _routes(patterns, namespace="", prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace])) if pattern.namespace else namespace
            yield from _routes(pattern.url_patterns, inner, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}:{pattern.name}", prefix + str(pattern.pattern)


def _cells(content: bytes):
    book = openpyxl.load_workbook(io.BytesIO(content))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            yield from (cell for cell in row if cell.value is not None)


def test_every_xlsx_route_is_exported_with_formula_text_here():
    routes = {name for name, route in _routes(get_resolver().url_patterns) if route.rstrip("$").endswith(".xlsx")}
    assert routes == set(EXPORTS), f"导出地址与本测试的 EXPORTS 不一致：{sorted(routes ^ set(EXPORTS))}"


@pytest.mark.parametrize("text", PAYLOADS)
@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_every_export_writes_typed_text_as_text(client, county, department_admin, name, text):
    url, query = EXPORTS[name](county, department_admin, text)
    client.force_login(department_admin)
    response = client.get(url, query)
    assert response.status_code == 200 and response["Content-Type"] == XLSX, response.content[:300]
    cells = list(_cells(response.content))
    assert not [c.coordinate for c in cells if c.data_type == "f"], "公式单元格"
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert not [t for t in texts if t.startswith(FORMULA_STARTS)], "未加撇号的公式文字"
    if name not in HOLDS_NO_RECORD:
        assert any(t.startswith(as_text(text)) for t in texts), f"{name} 未导出记录文字"


def test_a_cell_is_text_number_or_date_as_its_value_is():
    buffer = io.BytesIO()
    book = new_workbook(buffer)
    sheet = book.add_worksheet()
    write_cells(sheet, 0, 0, ["-2+3", -5, Decimal("-1.50"), "\tx", "'=1", "普通文字", None, "", "http://x/", "'普通"])
    write_cell(sheet, 0, 10, dt.date(2026, 1, 2), book.add_format({"num_format": "yyyy-mm-dd"}))
    write_cell(sheet, 0, 11, "\r=1")
    with pytest.raises(TypeError):
        write_cell(sheet, 0, 12, dt.date(2026, 1, 2))  # a date without a date format would show as 46024
    book.close()
    cells = openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).active[1]
    assert [c.value for c in cells[:10]] == ["'-2+3", -5, -1.5, "'\tx", "''=1", "普通文字", None, None, "http://x/",
                                             "'普通"]
    assert [c.data_type for c in cells[:3]] == ["s", "n", "n"] and cells[8].hyperlink is None
    assert cells[10].value == dt.datetime(2026, 1, 2) and cells[10].is_date
    assert cells[11].value.startswith("'")  # the CR itself comes back as _x000D_
    assert [from_text(v) for v in ["'-2+3", "''=1", "'普通", "'\tx"]] == ["-2+3", "'=1", "'普通", "\tx"]


WRITERS = {"write", "write_string", "write_row", "write_column", "write_formula", "write_array_formula",
           "write_dynamic_array_formula", "write_url", "write_rich_string", "write_number", "write_datetime",
           "write_blank", "write_boolean"}


def test_no_module_writes_worksheet_cells_but_through_the_helper():
    """Any module that makes worksheets goes through ``core.downloads`` for the workbook and every cell."""
    offenders = []
    for path in ZUGONG.rglob("*.py"):
        if "tests" in path.parts or path.name == "downloads.py":
            continue
        source = path.read_text(encoding="utf-8")
        if re.search(r"xlsxwriter\.Workbook\(|openpyxl import Workbook|openpyxl\.Workbook\(|csv\.writer", source):
            offenders.append(f"{path.relative_to(ZUGONG)}: 自建工作簿")
        if "add_worksheet(" not in source:
            continue
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in WRITERS:
                offenders.append(f"{path.relative_to(ZUGONG)}:{node.lineno} {node.func.attr}")
    assert not offenders, f"请用 core.downloads 的 new_workbook / write_cell / write_cells：{offenders}"


# --- .docx: text runs only ---------------------------------------------------------------------------------------

def _development_record(county, admin, text):
    case = DevelopmentCase.objects.create(
        name=text, id_number=_id_number(dt.date(2000, 5, 5), 31), gender="female", birth_date=dt.date(2000, 5, 5),
        education="college", occupation="worker", organization=county.village)
    DevelopmentStep.objects.create(case=case, kind="application", done_on=app_today() - dt.timedelta(days=40))
    return reverse("development:record", args=[case.pk]), {}


def _transfer_letter(county, admin, text):
    member = _member(county.village, text)
    transfer = MembershipTransfer.objects.create(
        member=member, kind="internal", status="pending", from_organization=county.village,
        to_organization=county.agency_branch, letter_number="2026-00098", issued_on=app_today(), valid_until=app_today(),
        note=text)
    return reverse("members:transfer_letter", args=[transfer.pk]), {}


def _statistics_docx(county, admin, text):
    county.county.name = text
    county.county.save()
    return reverse("statistics:export_docx"), {}


def _cadre_form(county, admin, text):
    return reverse("cadres:form_docx", args=[_cadre(county.township, text).pk]), {}


def _survey_report(county, admin, text):
    county.county.name = text
    county.county.save()
    return reverse("surveys:report_docx", args=[make_survey(county.county).pk]), {}


def _count_sheet(county, admin, text):
    from zugong.ballots.tests.factories import approval

    return reverse("ballots:count_docx", args=[approval(admin, county.village, candidates=[text[:100]]).pk]), {}


DOCUMENTS = {
    "ballots:count_docx": _count_sheet,
    "development:record": _development_record,
    "members:transfer_letter": _transfer_letter,
    "statistics:export_docx": _statistics_docx,
    "cadres:form_docx": _cadre_form,
    "surveys:report_docx": _survey_report,
    "assessments:bulletin": scope_assessments.formula_bulletin,
    "assessments:sheet_docx": scope_assessments.formula_sheet,
    "performance:bulletin": scope_performance.formula_bulletin,
}


def test_every_docx_route_is_checked_here():
    routes = {name for name, route in _routes(get_resolver().url_patterns) if route.rstrip("$").endswith(".docx")}
    assert routes == set(DOCUMENTS), sorted(routes ^ set(DOCUMENTS))


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_word_documents_hold_typed_text_as_plain_text(client, county, department_admin, name):
    text = PAYLOADS[0]
    url, query = DOCUMENTS[name](county, department_admin, text)
    client.force_login(department_admin)
    response = client.get(url, query)
    assert response.status_code == 200 and response["Content-Type"] == DOCX, response.content[:300]
    with zipfile.ZipFile(io.BytesIO(response.content)) as document:
        parts = {n: document.read(n).decode("utf-8") for n in document.namelist() if n.endswith(".xml")}
    fields = [n for n, xml in parts.items() if re.search(r"<w:(fldSimple|instrText|fldChar)\b|DDEAUTO", xml)]
    assert not fields, f"Word 域：{fields}"
    escaped = text.replace("&", "&amp;").replace('"', "&quot;")
    assert any(f">{text}" in xml or f">{escaped}" in xml or text in xml for xml in parts.values())
