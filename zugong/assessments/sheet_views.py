"""A target's score sheet (评分表) as .docx and PDF: the same access as the target's result page — a round the user
may read, a result inside their scope; missing and forbidden are the same 404."""

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from zugong.assessments import documents, selectors
from zugong.core.access import get_in_scope
from zugong.core.downloads import DOCX


def _sheet(request, pk, result_pk) -> tuple[documents.Sheet, str]:
    round_ = selectors.access_round(request.user, pk)
    result = get_in_scope(selectors.results_visible_to(request.user, round_).select_related("rectification"),
                          result_pk)
    scores = sorted(result.scores.select_related("criterion", "entered_by"), key=lambda s: (s.criterion.order, s.pk))
    sheet = documents.sheet_text(round_, result, scores, round_.results.count())
    return sheet, f"assessment-{round_.pk}-{result.pk}-sheet"


@require_GET
def sheet_docx(request, pk, result_pk):
    sheet, name = _sheet(request, pk, result_pk)
    response = HttpResponse(documents.sheet_docx(sheet), content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename={name}.docx"
    return response


@require_GET
def sheet_pdf(request, pk, result_pk):
    sheet, name = _sheet(request, pk, result_pk)
    response = HttpResponse(documents.sheet_pdf(sheet), content_type="application/pdf")
    response["Content-Disposition"] = f"attachment; filename={name}.pdf"
    return response
