"""Scope entries of the surveys' paper questionnaire pages for `tests/test_scope.py` (see SURVEY_AREAS there).

The survey (三度测评, open, double entry) is run by the persona's organization (or one outside it) with a
members' group there, and one sheet whose two entries differ. Entering and importing need `surveys.enter`;
the answers' export needs `surveys.view` (the inspector may export, not enter).
"""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from zugong.surveys.models import PaperSheet
from zugong.surveys.services import questions_of
from zugong.surveys.tests.factories import make_group, make_survey

TARGETS: set[str] = {"entry_survey", "entry_sheet"}


def _typed(o, **extra) -> dict:
    return {"group": o["entry_group"].pk, **{f"q{q.pk}": "1" for q in questions_of(o["entry_survey"])}, **extra}


def _workbook(o) -> dict:
    book = Workbook()
    questions = questions_of(o["entry_survey"])
    book.active.append(["问卷编号", "被调查单位", "调查对象", *(f"第{q.number}题" for q in questions)])
    book.active.append(["X001", o["entry_group"].organization.name, "党员", *("高" for _ in questions)])
    buffer = io.BytesIO()
    book.save(buffer)
    return {"workbook": SimpleUploadedFile("sheets.xlsx", buffer.getvalue()), "must_answer": "design"}


def endpoints(Endpoint, personas) -> list:  # noqa: N803  (the class is passed in: test_scope imports this module)
    viewers, enterers = personas["SURVEY_VIEWERS"], personas["SURVEY_MANAGERS"]

    def sheet_kwargs(o):
        return {"pk": o["entry_survey"].pk, "sheet_pk": o["entry_sheet"].pk}

    return [
        Endpoint("surveys:paper", "GET", enterers, "entry_survey"),
        Endpoint("surveys:paper", "POST", enterers, "entry_survey", ok=(302,),
                 data=lambda o: _typed(o, number="S-0002")),
        Endpoint("surveys:sheets", "GET", enterers, "entry_survey"),
        Endpoint("surveys:sheets", "GET", enterers, "entry_survey", data=lambda o: {"status": "mismatch"},
                 label=" mismatches"),
        Endpoint("surveys:sheet_resolve", "GET", enterers, "entry_sheet", url_kwargs=sheet_kwargs),
        Endpoint("surveys:sheet_resolve", "POST", enterers, "entry_sheet", ok=(302,), url_kwargs=sheet_kwargs,
                 data=_typed),
        Endpoint("surveys:import", "GET", enterers, "entry_survey"),
        Endpoint("surveys:import", "POST", enterers, "entry_survey", data=_workbook, ok=(302,),
                 label=" upload, checked in the background"),
        Endpoint("surveys:import_template", "GET", enterers, "entry_survey"),
        Endpoint("surveys:export", "GET", viewers, "entry_survey"),
    ]


def objects(target, org, users) -> dict:
    survey = make_survey(org, name="组工干部形象三度测评", kind="three_degree", double_entry=True)
    group = make_group(survey, org, "members")
    questions = questions_of(survey)
    first = {str(q.pk): q.options.first().pk for q in questions}
    second = {**first, str(questions[0].pk): questions[0].options.last().pk}
    sheet = PaperSheet.objects.create(survey=survey, group=group, number="S-0001", first_entry=first,
                                      first_by=users["township_operator"], second_entry=second,
                                      second_by=users["township_operator"], status=PaperSheet.Status.MISMATCH)
    return {"entry_survey": survey, "entry_group": group, "entry_sheet": sheet}
