"""Scope entries of the selection-and-appointment pages and API for ``tests/test_scope.py`` (APPOINTMENT_AREAS there).

Viewers: department administrators and inspectors (``appointments.view``); only department administrators manage
and decide. Every other persona gets 404 even inside their own part of the tree."""

import datetime as dt

from django.core.files.base import ContentFile

from zugong.appointments.models import (
    CaseCandidate,
    CaseStep,
    Competition,
    Hold,
    KeyPost,
    Notice,
    Opinion,
    PanelMember,
    Registration,
    SelectionCase,
)
from zugong.cadres.models import Cadre, Position, Tenure

TARGETS = {"sel_key", "sel_case", "sel_candidate", "sel_appointed", "sel_opinion", "sel_hold", "sel_notice", "sel_step_doc",
           "sel_open", "sel_registration", "sel_outsider"}


def endpoints(Endpoint, personas) -> list:  # noqa: N803  (the class is passed in: test_scope imports this module)
    viewers, admin = personas["APPOINTMENT_VIEWERS"], personas["ADMIN"]
    return [
        Endpoint("appointments:list", "GET", viewers, None),
        Endpoint("appointments:due", "GET", viewers, None),
        Endpoint("appointments:due_export", "GET", viewers, None),
        Endpoint("appointments:annual_report", "GET", viewers, None),
        Endpoint("appointments:annual_report_document", "GET", viewers, None, url_kwargs=lambda o: {"fmt": "docx"}),
        Endpoint("appointments:key_posts", "GET", viewers, None),
        Endpoint("appointments:key_posts", "POST", admin, None),
        Endpoint("appointments:key_post_remove", "POST", admin, "sel_key", ok=(302,)),
        Endpoint("appointments:create", "GET", admin, None),
        Endpoint("appointments:create", "POST", admin, None),
        Endpoint("appointments:detail", "GET", viewers, "sel_case"),
        Endpoint("appointments:step_new", "GET", admin, "sel_case",
                 url_kwargs=lambda o: {"pk": o["sel_case"].pk, "kind": "talk_recommendation"}),
        Endpoint("appointments:step_new", "POST", admin, "sel_case",
                 url_kwargs=lambda o: {"pk": o["sel_case"].pk, "kind": "decision"}),
        Endpoint("appointments:candidate_new", "GET", admin, "sel_case"),
        Endpoint("appointments:candidate_new", "POST", admin, "sel_case"),
        Endpoint("appointments:exceptional", "POST", admin, "sel_case"),
        Endpoint("appointments:stop", "POST", admin, "sel_case"),
        Endpoint("appointments:inspection_notice", "GET", admin, "sel_case"),
        Endpoint("appointments:opinion_new", "POST", admin, "sel_case"),
        Endpoint("appointments:hold_new", "POST", admin, "sel_case"),
        Endpoint("appointments:case_document", "GET", viewers, "sel_case",
                 url_kwargs=lambda o: {"pk": o["sel_case"].pk, "name": "record", "fmt": "docx"}),
        Endpoint("appointments:case_document", "GET", viewers, "sel_case", label=" agenda pdf",
                 url_kwargs=lambda o: {"pk": o["sel_case"].pk, "name": "agenda", "fmt": "pdf"}),
        Endpoint("appointments:candidate_drop", "POST", admin, "sel_candidate"),
        Endpoint("appointments:appointment_document", "GET", viewers, "sel_appointed",
                 url_kwargs=lambda o: {"pk": o["sel_appointed"].pk, "fmt": "pdf"}),
        Endpoint("appointments:notice_withdraw", "POST", admin, "sel_notice"),
        Endpoint("appointments:notice_document", "GET", viewers, "sel_notice",
                 url_kwargs=lambda o: {"pk": o["sel_notice"].pk, "fmt": "docx"}),
        Endpoint("appointments:opinion_resolve", "POST", admin, "sel_opinion"),
        Endpoint("appointments:hold_lift", "POST", admin, "sel_hold"),
        Endpoint("appointments:step_document", "GET", viewers, "sel_step_doc"),
        # 公开选拔、竞争上岗 (an OPEN case with its announcement and one registration)
        Endpoint("appointments:detail", "GET", viewers, "sel_open", label=" open selection"),
        Endpoint("appointments:competition_announce", "GET", admin, "sel_open"),
        Endpoint("appointments:competition_announce", "POST", admin, "sel_open"),
        Endpoint("appointments:competition_register", "GET", admin, "sel_open"),
        Endpoint("appointments:competition_register", "POST", admin, "sel_open"),
        Endpoint("appointments:competition_panel_new", "POST", admin, "sel_open"),
        Endpoint("appointments:competition_scores", "GET", admin, "sel_open"),
        Endpoint("appointments:competition_scores", "POST", admin, "sel_open", ok=(302,)),
        Endpoint("appointments:competition_scores_import", "GET", admin, "sel_open"),
        Endpoint("appointments:competition_scores_import", "POST", admin, "sel_open"),
        Endpoint("appointments:competition_ranking", "GET", viewers, "sel_open"),
        Endpoint("appointments:registration_review", "GET", admin, "sel_registration"),
        Endpoint("appointments:registration_review", "POST", admin, "sel_registration"),
        Endpoint("appointments:registration_panel_scores", "GET", admin, "sel_registration"),
        Endpoint("appointments:registration_panel_scores", "POST", admin, "sel_registration"),
        Endpoint("appointments:candidate_enter_register", "GET", admin, "sel_outsider"),
        Endpoint("appointments:candidate_enter_register", "POST", admin, "sel_outsider"),
        Endpoint("api:list_selection_cases", "GET", viewers, None),
        Endpoint("api:appointments_due", "GET", viewers, None),
        Endpoint("api:get_selection_case", "GET", viewers, "sel_case"),
        Endpoint("api:take_selection_step", "POST", admin, "sel_case", ok=(400,),
                 data=lambda o: {"kind": "inspection", "done_on": "2026-01-05", "talks": 3}),
    ]


def objects(target, org, users) -> dict:
    cadre = Cadre.objects.create(name="范人选", gender="男", birth=dt.date(1982, 3, 1), organization=org)
    position = Position.objects.create(organization=org, title=f"{org.name}拟任职位", rank="section_deputy")
    case = SelectionCase.objects.create(title="范例选拔事项", unit=org, last_step_on=dt.date(2026, 1, 2))
    case.positions.set([position])
    step = CaseStep.objects.create(case=case, kind="motion", done_on=dt.date(2026, 1, 2),
                                   document=ContentFile("方案".encode(), name="plan.txt"))
    candidate = CaseCandidate.objects.create(case=case, cadre=cadre, name=cadre.name, position=position,
                                             named_on=dt.date(2026, 1, 3))
    found = {"sel_case": case, "sel_candidate": candidate, "sel_step_doc": step}
    if target == "sel_appointed":
        tenure = Tenure.objects.create(cadre=cadre, position=position, started_on=dt.date(2026, 1, 10))
        CaseCandidate.objects.filter(pk=candidate.pk).update(appointed=True, tenure=tenure)
        found["sel_appointed"] = candidate
    if target == "sel_opinion":
        found["sel_opinion"] = Opinion.objects.create(case=case, source="petition", received_on=dt.date(2026, 1, 4),
                                                      favourable=False, content="来信")
    if target == "sel_key":
        found["sel_key"] = KeyPost.objects.create(position=position)
    if target == "sel_hold":
        found["sel_hold"] = Hold.objects.create(case=case, reason="待核", placed_on=dt.date(2026, 1, 4))
    if target == "sel_notice":
        found["sel_notice"] = Notice.objects.create(case=case, kind="inspection", text="预告", phone="12380",
                                                    publish_on=dt.date(2026, 1, 5), ends_on=dt.date(2026, 1, 9))
    if target in ("sel_open", "sel_registration", "sel_outsider"):
        found.update(_open_selection(org, position))
    return found


def _open_selection(org, position) -> dict:
    day = dt.date(2026, 1, 5)
    case = SelectionCase.objects.create(title="范例公开选拔", kind="open", unit=org, last_step_on=day)
    case.positions.set([position])
    CaseStep.objects.create(case=case, kind="motion", done_on=dt.date(2026, 1, 2))
    notice = Notice.objects.create(case=case, kind="announcement", text="公告", phone="12380", publish_on=day,
                                   ends_on=dt.date(2026, 1, 15))
    Competition.objects.create(case=case, notice=notice, registration_starts_on=day,
                               registration_ends_on=dt.date(2026, 1, 15), qualifications="资格条件", per_post=2,
                               written_weight=40, interview_weight=60, trim_from=5)
    PanelMember.objects.create(case=case, name="范评委", kind="public")
    registration = Registration.objects.create(case=case, position=position, name="范报名", unit="某单位",
                                               registered_on=day)
    outsider = CaseCandidate.objects.create(case=case, name="范外来", position=position, named_on=day, chosen=True)
    Registration.objects.create(case=case, position=position, name="范外来", unit="外县某局", registered_on=day,
                                birth=dt.date(1985, 3, 1), candidate=outsider)
    return {"sel_open": case, "sel_registration": registration, "sel_outsider": outsider}
