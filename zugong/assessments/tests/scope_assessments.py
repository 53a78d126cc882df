"""Scope entries of the assessment pages for ``tests/test_scope.py`` (ASSESSMENT_AREAS there).

Everyone who reads organizations (``organizations.view``) reads rounds and results within their part of the tree;
those who change organizations (department administrators, township operators — ``organizations.change``) run
rounds over their part; the scheme's figures are changed by the top department's administrators alone. Objects are
a round over the persona's organization (inside) or another one (outside), made directly: one target (that
organization), one entered criterion, its score. ``formula_export`` serves ``tests/test_export_formulas.py``.
"""

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile
from django.urls import reverse

from tests.fixtures import app_today
from zugong.assessments import services
from zugong.assessments.models import Criterion, Grade, Result, Round, Scheme, Score

TARGETS = {"as_round", "as_result", "as_evidence", "as_final"}


def _round(o) -> dict:
    return {"pk": o["as_round"].pk}


def _result(o) -> dict:
    return {"pk": o["as_round"].pk, "result_pk": o["as_result"].pk}


def _catalogue_scheme(o) -> dict:
    return {"pk": Scheme.objects.order_by("pk").values_list("pk", flat=True).first()}  # installed by migration


def endpoints(Endpoint, personas) -> list:  # noqa: N803  (the class is passed in: test_scope imports this module)
    viewers, runners, admin = personas["EVERYONE"], personas["CHANGERS"], personas["ADMIN"]
    criterion = lambda o: {"pk": o["as_round"].pk, "criterion_pk": o["as_round"].scheme.criteria.get().pk}  # noqa: E731
    points = lambda o: {f"s{o['as_score'].pk}-points": "8", f"s{o['as_score'].pk}-evidence": "检查记录"}  # noqa: E731
    return [
        Endpoint("assessments:rounds", "GET", viewers, None),
        Endpoint("assessments:round_new", "GET", runners, None),
        Endpoint("assessments:schemes", "GET", viewers, None),
        Endpoint("assessments:scheme", "GET", viewers, None, url_kwargs=_catalogue_scheme),
        Endpoint("assessments:criterion_points", "POST", admin, "as_round", ok=(302,),
                 url_kwargs=lambda o: {"pk": o["as_round"].scheme_id, "item_pk": o["as_round"].scheme.criteria.get().pk},
                 data=lambda o: {f"c{o['as_round'].scheme.criteria.get().pk}-max_points": "20"}),
        Endpoint("assessments:grade_band", "POST", admin, "as_round", ok=(302,),
                 url_kwargs=lambda o: {"pk": o["as_round"].scheme_id, "item_pk": o["as_round"].scheme.grades.get().pk},
                 data=lambda o: {f"g{o['as_round'].scheme.grades.get().pk}-min_total": "5"}),
        Endpoint("assessments:round", "GET", viewers, "as_round"),
        Endpoint("assessments:compute", "POST", runners, "as_round", ok=(302,)),
        Endpoint("assessments:finalize", "POST", runners, "as_result", ok=(302,), url_kwargs=_round),
        Endpoint("assessments:result", "GET", viewers, "as_result", url_kwargs=_result),
        Endpoint("assessments:sheet_docx", "GET", viewers, "as_result", url_kwargs=_result),
        Endpoint("assessments:sheet_pdf", "GET", viewers, "as_result", url_kwargs=_result),
        Endpoint("assessments:enter_target", "GET", runners, "as_result", url_kwargs=_result),
        Endpoint("assessments:enter_target", "POST", runners, "as_result", ok=(302,), url_kwargs=_result, data=points),
        Endpoint("assessments:enter_criterion", "GET", runners, "as_result", url_kwargs=criterion),
        Endpoint("assessments:enter_criterion", "POST", runners, "as_result", ok=(302,), url_kwargs=criterion,
                 data=points),
        Endpoint("assessments:evidence_file", "GET", viewers, "as_evidence",
                 url_kwargs=lambda o: {"pk": o["as_round"].pk, "score_pk": o["as_score"].pk}),
        Endpoint("assessments:export", "GET", viewers, "as_round"),
        Endpoint("assessments:bulletin", "GET", runners, "as_final", url_kwargs=_round),
        # the API (zugong/assessments/api.py): read only, the pages' access
        Endpoint("api:list_assessment_rounds", "GET", viewers, None),
        Endpoint("api:get_assessment_round", "GET", viewers, "as_round", url_kwargs=_round),
        Endpoint("api:get_assessment_result", "GET", viewers, "as_result", url_kwargs=lambda o: {"pk": o["as_result"].pk}),
    ]


def _scheme() -> Scheme:
    scheme, created = Scheme.objects.get_or_create(code="scope_scheme", defaults={
        "name": "范围测试方案", "target_kind": "branch", "source": "测试"})
    if created:
        Criterion.objects.create(scheme=scheme, code="work", label="工作实绩", max_points=Decimal(10))
        Grade.objects.create(scheme=scheme, label="合格", min_total=Decimal(0))
    return scheme


def make_round(org, target_label: str = "", *, finalized: bool = False) -> tuple[Round, Result, Score]:
    """A round over ``org`` with ``org`` as its one target and one entered score (8 points if finalized)."""
    scheme = _scheme()
    year = app_today().year
    round_ = Round.objects.create(scheme=scheme, organization=org, name=f"{org}{year}年度范围测试", year=year,
                                  starts_on=dt.date(year, 1, 1), ends_on=dt.date(year, 12, 31))
    result = Result.objects.create(round=round_, organization=org, target_label=target_label or str(org))
    score = Score.objects.create(result=result, criterion=scheme.criteria.get(),
                                 points=Decimal(8) if finalized else None, evidence="检查记录" if finalized else "")
    if finalized:
        Round.objects.filter(pk=round_.pk).update(status=Round.Status.FINALIZED, finalized_at=dt.datetime.now(dt.UTC))
        Result.objects.filter(pk=result.pk).update(total=Decimal(8), grade_label="合格", rank=1)
        round_.refresh_from_db()
    return round_, result, score


def objects(target, org, users) -> dict:
    round_, result, score = make_round(org, finalized=target == "as_final")
    if target == "as_evidence":
        score.evidence_file.save("evidence.pdf", ContentFile(b"%PDF-1.4"), save=True)
    return {"as_round": round_, "as_result": result, "as_score": score, "as_evidence": score, "as_final": round_}


def formula_export(county, admin, text):
    """For tests/test_export_formulas.py: the target's label is the payload."""
    round_, _result, score = make_round(county.village, text[:150])
    services.enter_score(admin, Score.objects.select_related("result__round", "criterion").get(pk=score.pk), "8",
                         evidence=text[:2000])
    return reverse("assessments:export", args=[round_.pk]), {}


def formula_bulletin(county, admin, text):
    """For tests/test_export_formulas.py: the 通报 of a round finalized through the service, the payload its target."""
    round_, _result, score = make_round(county.village, text[:150])
    services.enter_score(admin, Score.objects.select_related("result__round", "criterion").get(pk=score.pk), "8",
                         evidence="检查记录")
    services.finalize_round(admin, Round.objects.get(pk=round_.pk))
    return reverse("assessments:bulletin", args=[round_.pk]), {}


def formula_sheet(county, admin, text):
    """For tests/test_export_formulas.py: a target's 评分表 after the round is finalized, the payload its target."""
    round_, result, score = make_round(county.village, text[:150])
    services.enter_score(admin, Score.objects.select_related("result__round", "criterion").get(pk=score.pk), "8",
                         evidence=text[:150])
    services.finalize_round(admin, Round.objects.get(pk=round_.pk))
    return reverse("assessments:sheet_docx", args=[round_.pk, result.pk]), {}
