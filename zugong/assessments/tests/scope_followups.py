"""Scope entries of the 回访复查 pages and a result's 述职报告 for ``tests/test_scope.py`` (ASSESSMENT_AREAS there).

Readers (``organizations.view``) see the reviews and download the reports inside their part of the tree; those who
run rounds (``organizations.change``) plan, record and close reviews and upload reports there. Objects: a planned
review of the persona's organization (or another one) with one shortcoming already recorded (so it can be closed),
a finalized round over that organization (planning from its result, uploading its report), a result with a report.
"""


from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.fixtures import app_today
from zugong.assessments.models import FollowUp, FollowUpAspect, FollowUpItem
from zugong.assessments.tests.scope_assessments import make_round

TARGETS = {"fu_review", "fu_final", "fu_report"}



def _review(o) -> dict:
    return {"pk": o["fu_review"].pk}


def _result(o) -> dict:
    return {"pk": o["fu_result"].round_id, "result_pk": o["fu_result"].pk}


def _items(o) -> dict:
    item = o["fu_review"].items.get()
    return {f"i{item.pk}-aspect": item.aspect_id, f"i{item.pk}-outcome": "partly", f"i{item.pk}-note": "复查"}


def endpoints(Endpoint, personas) -> list:  # noqa: N803  (the class is passed in: test_scope imports this module)
    viewers, runners = personas["EVERYONE"], personas["CHANGERS"]
    return [
        Endpoint("assessments:follow_ups", "GET", viewers, None),
        Endpoint("assessments:follow_up_new", "GET", runners, None),
        Endpoint("assessments:follow_up", "GET", viewers, "fu_review", url_kwargs=_review),
        Endpoint("assessments:follow_up_record", "POST", runners, "fu_review", ok=(302,), url_kwargs=_review,
                 data=_items),
        Endpoint("assessments:follow_up_add_item", "POST", runners, "fu_review", ok=(302,), url_kwargs=_review,
                 data=lambda o: {"shortcoming": "长效机制未执行", "aspect": FollowUpAspect.objects.first().pk}),
        Endpoint("assessments:follow_up_close", "POST", runners, "fu_review", ok=(302,), url_kwargs=_review,
                 data=lambda o: {"held_on": app_today().isoformat(), "reviewers": "王敏", "summary": "整改到位"}),
        Endpoint("assessments:follow_up_plan", "POST", runners, "fu_final", ok=(302,), url_kwargs=_result),
        Endpoint("assessments:report_upload", "POST", runners, "fu_final", ok=(302,), url_kwargs=_result,
                 data=lambda o: {"report": SimpleUploadedFile("述职报告.pdf", b"%PDF-1.4 report")}),
        Endpoint("assessments:report_file", "GET", viewers, "fu_report", url_kwargs=_result),
    ]


def objects(target, org, users) -> dict:
    if target == "fu_review":
        review = FollowUp.objects.create(organization=org, title=f"{org}回访复查", due_on=app_today())
        FollowUpItem.objects.create(follow_up=review, order=1, shortcoming="整改措施未落实",
                                    aspect=FollowUpAspect.objects.order_by("order").first(),
                                    outcome=FollowUpItem.Outcome.FIXED)
        return {"fu_review": review}
    _round, result, _score = make_round(org, finalized=True)
    if target == "fu_report":
        result.report.save("report.pdf", ContentFile(b"%PDF-1.4"), save=True)
    return {target: result, "fu_result": result}
