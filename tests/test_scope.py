"""Every page and API endpoint, for every persona, inside and outside their part of the tree.

Missing and forbidden are the same answer (404). ``test_every_endpoint_has_a_scope_entry``
fails when a URL is added without an entry here.
"""

import datetime as dt
import importlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.fixtures import app_today, make_user
from tests.test_export_formulas import EXPORTS as FORMULA_CHECKED_EXPORTS
from zugong.cadres.models import (
    Cadre,
    FamilyRelation,
    Position,
    ResumeEntry,
    Tenure,
)
from zugong.core.downloads import XLSX
from zugong.core.models import Finding
from zugong.core.validators import id_check_char
from zugong.development.models import DevelopmentCase, DevelopmentStep
from zugong.education.models import (
    Pledge,
    ScoreItem,
)
from zugong.members import periods
from zugong.members.models import Member, MembershipTransfer, MobileRecord
from zugong.organizations.models import Rectification

PERSONAS = ("department_admin", "township_operator", "branch_secretary", "inspector", "outsider")
EVERYONE = frozenset(PERSONAS)
CHANGERS = frozenset({"department_admin", "township_operator", "outsider"})
ELECTORS = CHANGERS | {"branch_secretary"}
ADMIN = frozenset({"department_admin"})
MEMBER_CHANGERS = CHANGERS | {"branch_secretary"}
CADRE_VIEWERS = frozenset({"department_admin", "township_operator", "inspector", "outsider"})

# The persona's own object and one outside their scope (None: their scope is the whole county).
INSIDE = {"department_admin": "village", "township_operator": "village", "branch_secretary": "village",
          "inspector": "village", "outsider": "other_village"}
OUTSIDE = {"department_admin": None, "township_operator": "other_village", "branch_secretary": "village2",
           "inspector": None, "outsider": "village"}
UNIT = {"village": "village_unit", "other_village": "other_village_unit", "village2": "other_village_unit"}

# Not scoped by the tree: reachable without login, or the API's own schema/docs (login required).
ALLOWLIST = {
    "accounts:login": "sign-in page, before any scope exists",
    "accounts:logout": "ends the session",
    ":set_language": "language switch, before and after sign-in",
    "api:openapi-json": "the API's schema; tested in test_api_schema_needs_login",
    "api:openapi-view": "the API's documentation page; tested in test_api_schema_needs_login",
    "api:api-root": "ninja's index route",
    "members:import_job": "a background import belongs to its uploader (404 for everyone else, "
                          "test_an_import_job_is_seen_only_by_its_uploader); its rows are checked against the "
                          "uploader's scope like the page import",
    "members:import_job_errors": "the bad rows of a background import, its uploader's alone like the job's page "
                                 "(404 for everyone else, test_the_problems_of_a_background_import_download_for_"
                                 "its_uploader_only)",
    "surveys:import_job": "a survey's background import belongs to its uploader inside the survey they may enter "
                          "(404 for everyone else, test_a_job_is_its_uploaders_alone in surveys/tests/"
                          "test_import_jobs.py)",
    "surveys:import_job_problems": "the problems of a survey import, its uploader's alone like the job's page "
                                   "(test_a_job_is_its_uploaders_alone)",
    "survey_public:start": "public survey page: a respondent types a code, no login and no scope (test_public.py)",
    "survey_public:answer": "public survey page: the single-use code is the only key; it shows only its survey's "
                            "questions (test_public.py)",
    "survey_public:done": "public survey page: the thanks after submitting, shows nothing else (test_public.py)",
    "ballot_public:start": "public voting page: a voter types a code, no login and no scope (ballots test_public.py)",
    "ballot_public:vote": "public voting page: the single-use code is the only key; it shows only its ballot "
                          "(ballots test_public.py)",
    "ballot_public:done": "public voting page: the confirmation after voting, shows nothing else",
    "report_public:new": "public 12380 page: anyone files a report, no login and no scope (complaints test_public.py)",
    "report_public:follow": "public 12380 page: the receipt code is the only key; it shows only its own report "
                            "(complaints test_public.py)",
    "report_public:add": "public 12380 page: an addition under the receipt code, to its own report only "
                         "(complaints test_public.py)",
}


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: str
    who: frozenset[str]
    target: str | None = "org"  # org, unit, rect, user, assignment or None (not an object URL)
    data: Callable[[dict], dict] = field(default=lambda o: {})
    ok: tuple[int, ...] = (200,)
    url_kwargs: Callable[[dict], dict] | None = None
    label: str = ""

    def __str__(self):
        return f"{self.method} {self.name}{self.label}"


ELECTION = {"method": "members_meeting", "seats": "3", "candidates_count": "3", "elected-TOTAL_FORMS": "0",
            "elected-INITIAL_FORMS": "0"}  # elected today (app_today)

ENDPOINTS = [
    Endpoint("core:dashboard", "GET", EVERYONE, None),
    Endpoint("core:run_checks", "POST", CHANGERS, None, ok=(302,)),
    Endpoint("core:policy_list", "GET", EVERYONE, None),
    Endpoint("findings:list", "GET", EVERYONE, None),
    Endpoint("findings:export", "GET", EVERYONE, None),
    Endpoint("findings:detail", "GET", EVERYONE, "finding"),
    Endpoint("findings:assign", "POST", ELECTORS, "finding", ok=(302,),
             data=lambda o: {"assignee": o["finding_handler"].pk}),
    Endpoint("findings:acknowledge", "POST", ELECTORS, "finding", ok=(302,)),
    Endpoint("findings:close", "POST", ELECTORS, "finding", ok=(302,), data=lambda o: {"close-note": "已处理"}),
    Endpoint("core:policy_edit", "GET", ADMIN, None, url_kwargs=lambda o: {"key": "accounts.lockout_attempts"}),
    Endpoint("core:policy_edit", "POST", ADMIN, None, data=lambda o: {"value": "6"}, ok=(302,),
             url_kwargs=lambda o: {"key": "accounts.lockout_attempts"}),
    Endpoint("accounts:user_list", "GET", ADMIN, None),
    Endpoint("accounts:user_create", "GET", ADMIN, None),
    Endpoint("accounts:user_detail", "GET", ADMIN, "user"),
    Endpoint("accounts:user_action", "POST", ADMIN, "user", ok=(302,), label=" unlock",
             url_kwargs=lambda o: {"pk": o["user"].pk, "action": "unlock"}),
    Endpoint("accounts:role_remove", "POST", ADMIN, "assignment", ok=(302,)),
    Endpoint("accounts:user_reset", "POST", ADMIN, "user", data=lambda o: {"submission_token": str(uuid.uuid4())}),
    Endpoint("accounts:password_change", "GET", EVERYONE, None),
    Endpoint("accounts:password_change", "POST", EVERYONE, None,
             data=lambda o: {"old_password": "not-mine", "new_password1": "x", "new_password2": "x"}),
    Endpoint("organizations:tree", "GET", EVERYONE, None),
    Endpoint("organizations:detail", "GET", EVERYONE),
    Endpoint("organizations:children", "GET", EVERYONE),
    Endpoint("organizations:create", "GET", CHANGERS, url_kwargs=lambda o: {"parent_pk": o["org"].pk}),
    Endpoint("organizations:create", "POST", CHANGERS, ok=(302,), url_kwargs=lambda o: {"parent_pk": o["org"].pk},
             data=lambda o: {"name": "新党小组", "kind": "group", "sector": o["org"].sector}),
    Endpoint("organizations:edit", "GET", CHANGERS),
    Endpoint("organizations:edit", "POST", CHANGERS, ok=(302,),
             data=lambda o: {"name": o["org"].name + "（改）", "kind": o["org"].kind, "sector": o["org"].sector}),
    Endpoint("organizations:move", "GET", CHANGERS),
    Endpoint("organizations:move", "POST", CHANGERS, data=lambda o: {"parent": o["org"].parent_id}),
    Endpoint("organizations:close", "GET", CHANGERS),
    Endpoint("organizations:close", "POST", CHANGERS, data=lambda o: {"closed_on": app_today().isoformat(), "close_reason": "测试"}),
    Endpoint("organizations:election_new", "GET", ELECTORS),
    Endpoint("organizations:election_new", "POST", ELECTORS, ok=(302,),
             data=lambda o: {**ELECTION, "elected_on": app_today().isoformat(), "submission_token": str(uuid.uuid4())}),
    Endpoint("organizations:rectification_new", "GET", CHANGERS),
    Endpoint("organizations:rectification_new", "POST", CHANGERS, ok=(302,),
             data=lambda o: {"started_on": app_today().isoformat(), "reason": "组织生活不正常"}),
    Endpoint("organizations:rectification_close", "POST", CHANGERS, "rect", ok=(302,),
             data=lambda o: {"closed_on": app_today().isoformat(), "note": "验收合格"}),
    Endpoint("organizations:site_new", "GET", CHANGERS),
    Endpoint("organizations:site_new", "POST", CHANGERS, ok=(302,),
             data=lambda o: {"level": "county", "title": "示范点", "named_on": app_today().isoformat()}),
    Endpoint("organizations:unit_list", "GET", EVERYONE, None),
    Endpoint("organizations:unit_create", "GET", CHANGERS, None),
    Endpoint("organizations:unit_detail", "GET", EVERYONE, "unit"),
    Endpoint("organizations:unit_edit", "GET", CHANGERS, "unit"),
    Endpoint("organizations:unit_edit", "POST", CHANGERS, "unit", ok=(302,),
             data=lambda o: {"name": o["unit"].name + "（改）", "kind": o["unit"].kind,
                             "managed_by": o["unit"].managed_by_id, "covered_by": o["unit"].covered_by_id,
                             "submission_token": str(uuid.uuid4())}),
    Endpoint("organizations:unit_close", "POST", CHANGERS, "unit", ok=(302,), data=lambda o: {"closed_on": app_today().isoformat()}),
    Endpoint("members:list", "GET", EVERYONE, None),
    Endpoint("members:export", "GET", EVERYONE, None),
    Endpoint("members:create", "GET", MEMBER_CHANGERS, None),
    Endpoint("members:detail", "GET", EVERYONE, "member"),
    Endpoint("members:edit", "GET", MEMBER_CHANGERS, "member"),
    Endpoint("members:edit", "POST", MEMBER_CHANGERS, "member", ok=(302,), data=lambda o: _member_form_data(o["member"])),
    Endpoint("members:reveal_id", "POST", ADMIN, "member"),
    Endpoint("members:leave", "GET", MEMBER_CHANGERS, "member"),
    Endpoint("members:leave", "POST", MEMBER_CHANGERS, "member", ok=(302,), data=lambda o: {"reason": "deceased", "on": app_today().isoformat()}),
    Endpoint("members:mobile_start", "GET", MEMBER_CHANGERS, "member"),
    Endpoint("members:mobile_start", "POST", MEMBER_CHANGERS, "member", ok=(302,),
             data=lambda o: {"started_on": app_today().isoformat(), "destination": "广东省广州市", "contact": "13900001111"}),
    Endpoint("members:mobile_update", "GET", MEMBER_CHANGERS, "away", label=" contact",
             url_kwargs=lambda o: {"pk": o["away"].pk, "action": "contact"}),
    Endpoint("members:import", "GET", MEMBER_CHANGERS, None),
    Endpoint("members:import_template", "GET", MEMBER_CHANGERS, None),
    Endpoint("members:transfers", "GET", EVERYONE, None),
    Endpoint("members:transfer_receive", "GET", MEMBER_CHANGERS, None),
    Endpoint("members:transfer_start", "GET", MEMBER_CHANGERS, "member"),
    Endpoint("members:transfer_start", "POST", MEMBER_CHANGERS, "member", ok=(302,),
             data=lambda o: {"to_organization": o["dest"].pk}),
    Endpoint("members:transfer_out", "GET", MEMBER_CHANGERS, "member"),
    Endpoint("members:transfer_return", "GET", MEMBER_CHANGERS, "transfer_in"),
    Endpoint("members:transfer_decide", "POST", MEMBER_CHANGERS, "transfer_in", ok=(302,),
             url_kwargs=lambda o: {"pk": o["transfer_in"].pk, "decision": "accept"}),
    Endpoint("members:transfer_letter", "GET", MEMBER_CHANGERS, "transfer_out"),
    Endpoint("members:transfer_letter_pdf", "GET", MEMBER_CHANGERS, "transfer_out"),
    Endpoint("members:transfer_receipt", "GET", MEMBER_CHANGERS, "transfer_out"),
    Endpoint("dues:overview", "GET", EVERYONE, None),
    Endpoint("dues:export", "GET", EVERYONE, None),
    Endpoint("dues:rates", "GET", EVERYONE, None),
    Endpoint("dues:rate_edit", "GET", ADMIN, None, url_kwargs=lambda o: {"category": "farmer"}),
    Endpoint("dues:rate_edit", "POST", ADMIN, None, ok=(302,), url_kwargs=lambda o: {"category": "farmer"},
             data=lambda o: {"effective_from": app_today().isoformat()[:7], "source": "本省规定", "fixed_1": "0.5"}),
    Endpoint("dues:collect", "GET", MEMBER_CHANGERS),
    Endpoint("dues:collect", "POST", MEMBER_CHANGERS, "member", ok=(302,),
             url_kwargs=lambda o: {"pk": o["member"].organization_id},
             data=lambda o: {"paid_on": app_today().isoformat(), "members": [o["member"].pk]}),
    Endpoint("dues:pay", "GET", MEMBER_CHANGERS, "member"),
    Endpoint("dues:pay", "POST", MEMBER_CHANGERS, "member", ok=(302,),
             data=lambda o: {"months": [f"{app_today().isoformat()[:7]}-01"], "paid_on": app_today().isoformat()}),
    Endpoint("dues:reason", "GET", MEMBER_CHANGERS, "member"),
    Endpoint("dues:reason", "POST", MEMBER_CHANGERS, "member", ok=(302,),
             data=lambda o: {"reason": "长期住院", "submission_token": str(uuid.uuid4())}),
    Endpoint("api:member_dues", "GET", EVERYONE, "member"),
    Endpoint("api:pay_dues", "POST", MEMBER_CHANGERS, "member", ok=(201,),
             data=lambda o: {"months": [f"{app_today().isoformat()[:7]}-01"], "paid_on": app_today().isoformat()}),
    Endpoint("api:dues_totals", "GET", EVERYONE, None),
    Endpoint("development:list", "GET", EVERYONE, None),
    Endpoint("development:create", "GET", MEMBER_CHANGERS, None),
    Endpoint("development:due", "GET", EVERYONE, None),
    Endpoint("development:due_export", "GET", EVERYONE, None),
    Endpoint("development:detail", "GET", EVERYONE, "case"),
    Endpoint("development:record", "GET", EVERYONE, "case"),
    Endpoint("development:step_new", "GET", MEMBER_CHANGERS, "case",
             url_kwargs=lambda o: {"pk": o["case"].pk, "kind": "talk"}),
    Endpoint("development:step_new", "POST", MEMBER_CHANGERS, "case", ok=(302,), data=lambda o: {"done_on": app_today().isoformat()},
             url_kwargs=lambda o: {"pk": o["case"].pk, "kind": "talk"}),
    Endpoint("development:extend", "GET", MEMBER_CHANGERS, "case"),
    Endpoint("development:close", "GET", MEMBER_CHANGERS, "case"),
    Endpoint("development:close", "POST", MEMBER_CHANGERS, "case", ok=(302,), data=lambda o: {"reason": "本人撤回申请"}),
    Endpoint("development:step_document", "GET", EVERYONE, "step_doc"),
    Endpoint("development:evaluations", "GET", EVERYONE, None),
    Endpoint("development:evaluation_edit", "GET", MEMBER_CHANGERS, url_kwargs=lambda o: {"pk": o["org"].pk, "year": 2025}),
    Endpoint("development:evaluation_edit", "POST", MEMBER_CHANGERS, ok=(302,),
             url_kwargs=lambda o: {"pk": o["org"].pk, "year": 2025},
             data=lambda o: {"self_assessed_on": "2025-12-10", "mutually_evaluated_on": "2025-12-15",
                             "voted_on": "2025-12-20", "submission_token": str(uuid.uuid4())}),
    Endpoint("education:study", "GET", EVERYONE, None),
    Endpoint("education:study_new", "GET", MEMBER_CHANGERS),
    Endpoint("education:study_new", "POST", MEMBER_CHANGERS, "member", ok=(302,), url_kwargs=lambda o: {"pk": o["org"].pk},
             data=lambda o: {"held_on": app_today().isoformat(), "topic": "学习党章", "attendees": [o["member"].pk]}),  # a roll of one
    Endpoint("education:unvisited", "GET", EVERYONE, None),
    Endpoint("education:unvisited_export", "GET", EVERYONE, None),
    Endpoint("education:pledges", "GET", EVERYONE, None),
    Endpoint("education:pledge_new", "GET", MEMBER_CHANGERS, "member"),
    Endpoint("education:pledge_new", "POST", MEMBER_CHANGERS, "member", ok=(302,),
             data=lambda o: {"year": 2026, "content": "帮扶一户困难群众"}),
    Endpoint("education:pledge_review", "GET", MEMBER_CHANGERS, "pledge"),
    Endpoint("education:pledge_review", "POST", MEMBER_CHANGERS, "pledge", ok=(302,),
             data=lambda o: {"leader_comment": "落实较好"}),
    Endpoint("education:points", "GET", EVERYONE, None),
    Endpoint("education:points_entry", "GET", MEMBER_CHANGERS, "member"),
    Endpoint("education:points_entry", "POST", MEMBER_CHANGERS, "member", ok=(302,),
             data=lambda o: {"year": 2026, "points": "-2", "reason": "无故缺席"}),
    Endpoint("education:plaques", "GET", EVERYONE, None),
    Endpoint("education:scheme", "GET", EVERYONE, None),
    Endpoint("education:scheme_edit", "GET", ADMIN, None),
    Endpoint("education:scheme_edit", "POST", ADMIN, None, ok=(302,), data=lambda o: {
        **{f"points_{item.pk}": item.max_points for item in ScoreItem.objects.all()},
        **{f"kinds_{item.pk}": item.meeting_kinds for item in ScoreItem.objects.filter(source="attendance")}}),
    Endpoint("education:care", "GET", EVERYONE, None),
    Endpoint("education:care_pay", "GET", MEMBER_CHANGERS),
    Endpoint("education:aid_new", "GET", MEMBER_CHANGERS, "member"),
    Endpoint("education:aid_new", "POST", MEMBER_CHANGERS, "member", ok=(302,),
             data=lambda o: {"granted_on": app_today().isoformat(), "amount": "300", "reason": "因病"}),
    Endpoint("education:visit_new", "GET", MEMBER_CHANGERS, "member"),
    Endpoint("education:visit_new", "POST", MEMBER_CHANGERS, "member", ok=(302,),
             data=lambda o: {"visited_on": app_today().isoformat(), "visitor": "村支书"}),
    Endpoint("statistics:finalize", "POST", ADMIN, None, ok=(302,)),
    Endpoint("statistics:overview", "GET", EVERYONE, None),
    Endpoint("statistics:coverage", "GET", EVERYONE, None),
    Endpoint("statistics:charts", "GET", EVERYONE, None),
    Endpoint("statistics:economy", "GET", EVERYONE, None),
    Endpoint("statistics:economy_import", "GET", CHANGERS, None),
    Endpoint("statistics:economy_edit", "GET", CHANGERS, url_kwargs=lambda o: {"pk": o["org"].pk, "year": 2025}),
    Endpoint("statistics:economy_edit", "POST", CHANGERS, ok=(302,), url_kwargs=lambda o: {"pk": o["org"].pk, "year": 2025},
             data=lambda o: {f"v{o['unit'].pk}": "6.5"}),
    Endpoint("statistics:cell", "GET", EVERYONE, None, data=lambda o: {"table": "gender", "cell": "male"}),
    Endpoint("statistics:breakdown", "GET", EVERYONE, None, url_kwargs=lambda o: {"table": "gender"}),
    Endpoint("statistics:export_xlsx", "GET", EVERYONE, None),
    Endpoint("statistics:export_docx", "GET", EVERYONE, None),
    Endpoint("api:member_statistics", "GET", EVERYONE, None),
    Endpoint("api:list_cases", "GET", EVERYONE, None),
    Endpoint("api:get_case", "GET", EVERYONE, "case"),
    Endpoint("api:take_step", "POST", MEMBER_CHANGERS, "case", ok=(201,), data=lambda o: {"kind": "talk", "done_on": app_today().isoformat()}),
    Endpoint("api:due_list", "GET", EVERYONE, None),
    Endpoint("api:list_members", "GET", EVERYONE, None),
    Endpoint("api:create_member", "POST", MEMBER_CHANGERS, "payload_org", ok=(201,), data=lambda o: {
        "name": "接口党员", "id_number": _id_number(dt.date(1980, 1, 1)), "education": "college",
        "occupation": "farmer", "joined_on": "2005-07-01", "full_member_on": "2006-07-01", "stage": "full",
        "organization_id": o["org"].pk, "dues_category": "farmer"}),
    Endpoint("api:get_member", "GET", EVERYONE, "member"),
    Endpoint("api:update_member", "PATCH", MEMBER_CHANGERS, "member", data=lambda o: {"phone": "13900000000"}),
    Endpoint("api:list_transfers", "GET", EVERYONE, None),
    Endpoint("api:start_transfer", "POST", MEMBER_CHANGERS, "payload_member", ok=(201,),
             data=lambda o: {"member_id": o["member"].pk, "to_organization_id": o["dest"].pk}),
    Endpoint("api:accept_transfer", "POST", MEMBER_CHANGERS, "transfer_in"),
    Endpoint("api:return_transfer", "POST", MEMBER_CHANGERS, "transfer_in", data=lambda o: {"reason": "查无此人"}),
    Endpoint("api:list_organizations", "GET", EVERYONE, None),
    Endpoint("api:create_organization", "POST", CHANGERS, "payload_org", ok=(201,),
             data=lambda o: {"parent_id": o["org"].pk, "name": "接口党小组", "kind": "group", "sector": "rural"}),
    Endpoint("api:get_organization", "GET", EVERYONE),
    Endpoint("api:update_organization", "PATCH", CHANGERS, data=lambda o: {"contact_phone": "0791-8888888"}),
    Endpoint("api:move_organization", "POST", CHANGERS, ok=(400,), data=lambda o: {"parent_id": o["org"].parent_id}),
    Endpoint("api:close_organization", "POST", CHANGERS, ok=(400,), data=lambda o: {"closed_on": app_today().isoformat(), "reason": "x"}),
    Endpoint("api:list_work_units", "GET", EVERYONE, None),
    Endpoint("api:create_work_unit", "POST", CHANGERS, "payload_org", ok=(201,),
             data=lambda o: {"name": "接口单位", "kind": "social_org", "managed_by_id": o["org"].pk}),
    Endpoint("api:get_work_unit", "GET", EVERYONE, "unit"),
    Endpoint("api:update_work_unit", "PATCH", CHANGERS, "unit", data=lambda o: {"address": "新地址"}),
    Endpoint("cadres:list", "GET", CADRE_VIEWERS, None),
    Endpoint("cadres:export", "GET", CADRE_VIEWERS, None),
    Endpoint("cadres:lrmx_import", "GET", ADMIN, None),
    Endpoint("cadres:xlsx_import", "GET", ADMIN, None),
    Endpoint("cadres:new", "GET", ADMIN, None),
    Endpoint("cadres:edit", "GET", ADMIN, "cadre"),
    Endpoint("cadres:edit", "POST", ADMIN, "cadre", ok=(302,),
             data=lambda o: {"name": "范干部改", "gender": "男", "birth": "1980-05", "ethnicity": "01"}),
    Endpoint("cadres:family_add", "POST", ADMIN, "cadre", ok=(302,),
             data=lambda o: {"relation": "12", "name": "李芳", "political_status": "13"}),
    Endpoint("cadres:family_remove", "POST", ADMIN, "cadre", ok=(302,),
             url_kwargs=lambda o: {"pk": o["cadre"].pk, "number": 1}),
    Endpoint("cadres:detail", "GET", CADRE_VIEWERS, "cadre"),
    Endpoint("cadres:detail", "GET", CADRE_VIEWERS, "cadre", data=lambda o: {"tab": "posts"}, label=" posts"),
    Endpoint("cadres:lrmx", "GET", CADRE_VIEWERS, "cadre"),
    Endpoint("cadres:form_pdf", "GET", CADRE_VIEWERS, "cadre"),
    Endpoint("cadres:form_docx", "GET", CADRE_VIEWERS, "cadre"),
    Endpoint("cadres:resume_add", "GET", ADMIN, "cadre"),
    Endpoint("cadres:resume_line", "POST", ADMIN, "cadre", ok=(302,),
             url_kwargs=lambda o: {"pk": o["cadre"].pk, "number": 1},
             data=lambda o: {"start": "2001-09", "end": "2005-07", "text": "某某大学学习"}),
    Endpoint("cadres:assess", "POST", ADMIN, "cadre", ok=(302,), data=lambda o: {"year": "2025", "grade": "competent"}),
    Endpoint("cadres:routine", "POST", ADMIN, "cadre", ok=(302,),
             data=lambda o: {"routine-year": "2025", "routine-quarter": "2", "routine-grade": "good"}),
    Endpoint("cadres:component_score", "POST", ADMIN, "cadre", ok=(302,),
             data=lambda o: {"score-year": "2025", "score-component": "ranking", "score-score": "88"}),
    Endpoint("cadres:appoint", "GET", ADMIN, "cadre"),
    Endpoint("cadres:end_tenure", "POST", ADMIN, "cadre", ok=(302,), data=lambda o: {"ended_on": app_today().isoformat()},
             url_kwargs=lambda o: {"pk": o["cadre"].pk, "tenure_pk": o["cadre"].tenures.get().pk}),
]

# The cadre module's areas (training, reserve, supervision) keep their scope entries beside their code: each
# ``scope_<area>`` module gives ``endpoints(Endpoint, personas)``, ``objects(target, cadre, org)`` (the objects its
# targets need, made for a cadre in the persona's organization); a refused request must write no row at all
# (``_rows_written``).
CADRE_AREAS = [importlib.import_module(f"zugong.cadres.tests.scope_{area}") for area in ("training", "reserve",
                                                                                         "supervision")]
_PERSONAS = {"EVERYONE": EVERYONE, "ADMIN": ADMIN, "CADRE_VIEWERS": CADRE_VIEWERS}
for _area in CADRE_AREAS:
    ENDPOINTS += _area.endpoints(Endpoint, _PERSONAS)
CADRE_AREA_TARGETS = {target for area in CADRE_AREAS for target in area.TARGETS}

# Surveys keep their entries beside their tests too (zugong/surveys/tests/scope_<area>.py); objects are made
# only by the area that owns the endpoint's target.
SURVEY_AREAS = [importlib.import_module(f"zugong.surveys.tests.scope_{area}") for area in ("design", "entry", "report",
                                                                                          "api")]
SURVEY_VIEWERS = frozenset({"department_admin", "township_operator", "inspector", "outsider"})
SURVEY_MANAGERS = frozenset({"department_admin", "township_operator", "outsider"})
_SURVEY_PERSONAS = {"EVERYONE": EVERYONE, "ADMIN": ADMIN, "SURVEY_VIEWERS": SURVEY_VIEWERS,
                    "SURVEY_MANAGERS": SURVEY_MANAGERS}
for _area in SURVEY_AREAS:
    ENDPOINTS += _area.endpoints(Endpoint, _SURVEY_PERSONAS)

# Ballots keep theirs beside their tests (zugong/ballots/tests/scope_ballots.py), merged as the surveys' are.
BALLOT_AREAS = [importlib.import_module("zugong.ballots.tests.scope_ballots")]
for _area in BALLOT_AREAS:
    ENDPOINTS += _area.endpoints(Endpoint, {"BALLOT_TELLERS": ELECTORS})
# Reporting upward (zugong/statistics/tests/scope_reports.py): its objects merged with the ballots'.
REPORT_AREAS = [importlib.import_module("zugong.statistics.tests.scope_reports")]
for _area in REPORT_AREAS:
    ENDPOINTS += _area.endpoints(Endpoint, {"ADMIN": ADMIN})
BALLOT_AREAS += REPORT_AREAS
# Selection and appointment (zugong/appointments/tests/scope_appointments.py): merged the same way.
APPOINTMENT_AREAS = [importlib.import_module("zugong.appointments.tests.scope_appointments")]
for _area in APPOINTMENT_AREAS:
    ENDPOINTS += _area.endpoints(Endpoint, {"ADMIN": ADMIN,
                                            "APPOINTMENT_VIEWERS": frozenset({"department_admin", "inspector"})})
BALLOT_AREAS += APPOINTMENT_AREAS
# Ballots used by development (the case's branch meeting ballot) and by elections (recorded from a sealed ballot).
USED_BY_AREAS = [importlib.import_module("zugong.development.tests.scope_vote_ballots"),
                 importlib.import_module("zugong.organizations.tests.scope_elections")]
for _area in USED_BY_AREAS:
    ENDPOINTS += _area.endpoints(Endpoint, {"EVERYONE": EVERYONE, "ELECTORS": ELECTORS,
                                            "MEMBER_CHANGERS": MEMBER_CHANGERS})
BALLOT_AREAS += USED_BY_AREAS
# The Excel export and import of development cases and study days (zugong/<app>/tests/scope_excel.py): the same.
EXCEL_AREAS = [importlib.import_module(f"zugong.{app}.tests.scope_excel") for app in ("development", "education")]
for _area in EXCEL_AREAS:
    ENDPOINTS += _area.endpoints(Endpoint, {"EVERYONE": EVERYONE, "MEMBER_CHANGERS": MEMBER_CHANGERS})
BALLOT_AREAS += EXCEL_AREAS
# 12380 reports (zugong/complaints/tests/scope_complaints.py, scope_statistics.py): merged as the ballots' are.
COMPLAINT_AREAS = [importlib.import_module(f"zugong.complaints.tests.scope_{area}") for area in ("complaints",
                                                                                                  "statistics")]
for _area in COMPLAINT_AREAS:
    ENDPOINTS += _area.endpoints(Endpoint, {"ADMIN": ADMIN,
                                            "COMPLAINT_VIEWERS": frozenset({"department_admin", "inspector"})})
BALLOT_AREAS += COMPLAINT_AREAS
# Branch work (zugong/branchlife/tests/scope_branchlife.py): merged as the ballots' are.
BRANCHLIFE_AREAS = [importlib.import_module("zugong.branchlife.tests.scope_branchlife")]
for _area in BRANCHLIFE_AREAS:
    ENDPOINTS += _area.endpoints(Endpoint, {"EVERYONE": EVERYONE, "MEMBER_CHANGERS": MEMBER_CHANGERS})
BALLOT_AREAS += BRANCHLIFE_AREAS
# Assessments (zugong/assessments/tests/scope_assessments.py): merged as the ballots' are.
ASSESSMENT_AREAS = [importlib.import_module(f"zugong.assessments.tests.scope_{area}") for area in ("assessments",
                                                                                          "followups")]
for _area in ASSESSMENT_AREAS:
    ENDPOINTS += _area.endpoints(Endpoint, {"EVERYONE": EVERYONE, "CHANGERS": CHANGERS, "ADMIN": ADMIN})
BALLOT_AREAS += ASSESSMENT_AREAS
# Talent (zugong/talent/tests/scope_talent.py): merged as the ballots' are.
TALENT_AREAS = [importlib.import_module("zugong.talent.tests.scope_talent")]
for _area in TALENT_AREAS:
    ENDPOINTS += _area.endpoints(Endpoint, {
        "TALENT_VIEWERS": frozenset({"department_admin", "township_operator", "inspector", "outsider"}),
        "TALENT_MANAGERS": frozenset({"department_admin", "township_operator", "outsider"})})
BALLOT_AREAS += TALENT_AREAS
# Agency performance (zugong/performance/tests/scope_performance.py): merged as the ballots' are.
PERFORMANCE_AREAS = [importlib.import_module("zugong.performance.tests.scope_performance")]
for _area in PERFORMANCE_AREAS:
    ENDPOINTS += _area.endpoints(Endpoint, {"EVERYONE": EVERYONE, "CHANGERS": CHANGERS})
BALLOT_AREAS += PERFORMANCE_AREAS
# Campaigns (zugong/campaigns/tests/scope_campaigns.py): merged as the ballots' are.
CAMPAIGN_AREAS = [importlib.import_module("zugong.campaigns.tests.scope_campaigns")]
for _area in CAMPAIGN_AREAS:
    ENDPOINTS += _area.endpoints(Endpoint, {"EVERYONE": EVERYONE, "CHANGERS": CHANGERS,
                                            "MEMBER_CHANGERS": MEMBER_CHANGERS})
BALLOT_AREAS += CAMPAIGN_AREAS
# Pairing aid and micro-credit (zugong/pairing/tests/scope_pairing.py): merged as the ballots' are.
PAIRING_AREAS = [importlib.import_module("zugong.pairing.tests.scope_pairing")]
for _area in PAIRING_AREAS:
    ENDPOINTS += _area.endpoints(Endpoint, {"EVERYONE": EVERYONE, "CHANGERS": CHANGERS,
                                            "MEMBER_CHANGERS": MEMBER_CHANGERS})
BALLOT_AREAS += PAIRING_AREAS
# The portal's staff pages (zugong/portal/tests/scope_portal.py): merged as the ballots' are.
PORTAL_AREAS = [importlib.import_module("zugong.portal.tests.scope_portal")]
for _area in PORTAL_AREAS:
    ENDPOINTS += _area.endpoints(Endpoint, {"PORTAL_EDITORS": CHANGERS})
BALLOT_AREAS += PORTAL_AREAS
# The organization tree's and units' Excel pages (zugong/organizations/tests/scope_excel.py): no objects of their own.
for _area in [importlib.import_module("zugong.organizations.tests.scope_excel")]:
    ENDPOINTS += _area.endpoints(Endpoint, {"EVERYONE": EVERYONE, "CHANGERS": CHANGERS})


# The public portal (zugong/portal/tests/scope_public.py), persona "anyone": requested without signing in, each URL
# answers 200 and the same URL of a draft, withdrawn or ended item 404 (test_public_page_for_anyone).
PUBLIC_AREAS = [importlib.import_module("zugong.portal.tests.scope_public")]
PUBLIC_ENDPOINTS = [(area, endpoint) for area in PUBLIC_AREAS for endpoint in area.endpoints(Endpoint)]


def _id_number(birth: dt.date, sequence: int = 7) -> str:
    first17 = f"360721{birth:%Y%m%d}{sequence:03d}"
    return first17 + id_check_char(first17)


def _member_form_data(member: Member) -> dict:
    return {"name": member.name + "改", "id_number": member.id_number, "ethnicity": "01", "education": member.education,
            "occupation": member.occupation, "joined_on": member.joined_on, "full_member_on": member.full_member_on,
            "stage": member.stage, "organization": member.organization_id,
            "dues_category": member.dues_category}


def _make_member(org, sequence: int) -> Member:
    member = Member.objects.create(
        name="范例", name_initials="fl", id_number=_id_number(dt.date(1975, 6, 1), sequence), gender="male",
        birth_date=dt.date(1975, 6, 1), education="college", occupation="farmer", joined_on=dt.date(2000, 7, 1),
        full_member_on=dt.date(2001, 7, 1), stage="full", organization=org, dues_category="farmer",
    )
    periods.open_periods([member])
    return member


def _make_cadre(org) -> Cadre:
    cadre = Cadre.objects.create(name="范干部", gender="男", birth=dt.date(1980, 5, 1), organization=org)
    position = Position.objects.create(organization=org, title=f"{org.name}书记", rank="section_deputy")
    Tenure.objects.create(cadre=cadre, position=position, started_on=dt.date(2020, 1, 1))
    ResumeEntry.objects.create(cadre=cadre, number=1, start=dt.date(1998, 9, 1), end=dt.date(2002, 7, 1), text="大学学习")
    FamilyRelation.objects.create(cadre=cadre, number=1, relation="12", name="王芳", political_status="13")
    return cadre


def _objects(county, endpoint: Endpoint, org_attr, users) -> dict:
    org = getattr(county, org_attr)
    unit = getattr(county, UNIT[org_attr])
    rect = None
    if endpoint.target == "rect":
        rect = Rectification.objects.create(organization=org, started_on=dt.date(2026, 1, 1), reason="班子软弱")
    member = _make_member(org, 9) if endpoint.target in ("member", "payload_member", "pledge") else None
    pledge = Pledge.objects.create(member=member, year=2026, content="承诺") if endpoint.target == "pledge" else None
    away = None
    if endpoint.target == "away":
        away = _make_member(org, 11)
        MobileRecord.objects.create(member=away, started_on=dt.date(2026, 1, 1), destination="广州", contact="139",
                                    last_contact_on=dt.date(2026, 1, 1))
    dest = county.agency_branch  # outside every persona's scope but the county's
    transfer_in = transfer_out = None
    if endpoint.target == "transfer_in":
        sender = _make_member(dest, 21)
        transfer_in = MembershipTransfer.objects.create(
            member=sender, kind="internal", status="pending", from_organization=dest, to_organization=org,
            letter_number="2026-00099", issued_on=dt.date.today(), valid_until=dt.date.today())
    if endpoint.target == "transfer_out":
        leaver = _make_member(org, 22)
        transfer_out = MembershipTransfer.objects.create(
            member=leaver, kind="internal", status="pending", from_organization=org, to_organization=dest,
            letter_number="2026-00098", issued_on=dt.date.today(), valid_until=dt.date.today())
    case = step_doc = None
    if endpoint.target in ("case", "step_doc"):
        case = DevelopmentCase.objects.create(
            name="申请人", id_number=_id_number(dt.date(2000, 5, 5), 31), gender="female", birth_date=dt.date(2000, 5, 5),
            education="college", occupation="worker", organization=org)
        step_doc = DevelopmentStep.objects.create(case=case, kind="application", recorded_by=None,
                                                  done_on=dt.date.today() - dt.timedelta(days=10),
                                                  document=ContentFile("申请书".encode(), name="application.txt"))
    cadre = _make_cadre(org) if endpoint.target in ("cadre", *CADRE_AREA_TARGETS) else None
    finding = finding_handler = None
    if endpoint.target == "finding":  # a finding on the organization, and a branch secretary there to assign it to
        finding = Finding.all_objects.create(
            check_code="organizations.no_secretary", severity="problem", title=f"{org.name}未配备书记", url="/",
            scope_path=org.path, subject_type=ContentType.objects.get_for_model(org), subject_id=str(org.pk))
        finding_handler = make_user(f"handler{org.pk}", "branch_secretary", org)
    target_user = users["township_operator"]
    return {"org": org, "payload_org": org, "unit": unit, "rect": rect, "user": target_user, "member": member, "away": away,
            "dest": dest, "transfer_in": transfer_in, "transfer_out": transfer_out,
            "assignment": target_user.role_assignments.first(), "case": case, "step_doc": step_doc, "pledge": pledge,
            "cadre": cadre, "finding": finding, "finding_handler": finding_handler,
            **{key: value for area in CADRE_AREAS
                               for key, value in area.objects(endpoint.target, cadre, org).items()},
            **{key: value for area in SURVEY_AREAS + BALLOT_AREAS if endpoint.target in area.TARGETS
               for key, value in area.objects(endpoint.target, org, users).items()}}


def _url(endpoint: Endpoint, objects: dict) -> str:
    if endpoint.url_kwargs:
        kwargs = endpoint.url_kwargs(objects)
    elif endpoint.target in (None, "payload_org", "payload_member"):
        kwargs = {}
    elif endpoint.target == "rect":
        kwargs = {"pk": objects["org"].pk, "item_pk": objects["rect"].pk}
    elif endpoint.target == "assignment":
        kwargs = {"pk": objects["user"].pk, "assignment_pk": objects["assignment"].pk}
    else:
        kwargs = {"pk": objects[endpoint.target].pk}
    return reverse(endpoint.name, kwargs=kwargs)


def _rows_written() -> int:
    """Rows inserted, updated or deleted so far on the test's connection, in every table at once: a refused request
    must write nothing, not even a row it puts back (PostgreSQL's per-transaction counts, SQLite's
    ``total_changes()``)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_xact_user_tables")
        else:
            cursor.execute("SELECT total_changes()")
        return int(cursor.fetchone()[0])


def _request(client, endpoint: Endpoint, url: str, data: dict):
    if endpoint.name.startswith("api:"):
        return client.generic(endpoint.method, url, json.dumps(data), content_type="application/json")
    if endpoint.method == "POST":
        # As a freshly rendered page sends it: create forms carry a one-time token (core.submissions).
        return client.post(url, {"submission_token": str(uuid.uuid4()), **data})
    return client.get(url, data)


CASES = [
    pytest.param(persona, endpoint, where, id=f"{persona}-{endpoint}-{where}")
    for endpoint in ENDPOINTS
    for persona in PERSONAS
    for where in ("inside", "outside")
    if not (where == "outside" and (endpoint.target is None or OUTSIDE[persona] is None))
    and not (where == "outside" and endpoint.target in ("user", "assignment"))
]


@pytest.mark.parametrize(("persona", "endpoint", "where"), CASES)
def test_scope(request, client, county, persona, endpoint, where):
    users = {name: request.getfixturevalue(name) for name in {persona, "township_operator"}}
    user = users[persona]
    org_attr = INSIDE[persona] if where == "inside" else OUTSIDE[persona]
    objects = _objects(county, endpoint, org_attr, users)
    client.force_login(user)
    before = _rows_written()
    response = _request(client, endpoint, _url(endpoint, objects), endpoint.data(objects))
    allowed = persona in endpoint.who and where == "inside"
    if allowed:
        assert response.status_code in endpoint.ok, response.content[:500]
        assert response.get("Content-Type") != XLSX or endpoint.name in FORMULA_CHECKED_EXPORTS, (
            "新的 Excel 导出须加入 tests/test_export_formulas.py 的 EXPORTS（公式注入检查）")
    else:
        assert response.status_code == 404, response.content[:500]
        assert _rows_written() == before, "a refused request must write nothing"


@pytest.mark.parametrize(("area", "endpoint"), PUBLIC_ENDPOINTS, ids=[f"anyone-{e}" for _a, e in PUBLIC_ENDPOINTS])
def test_public_page_for_anyone(client, county, department_admin, area, endpoint):
    area.check(client, county, department_admin, endpoint)


def test_lists_hold_only_what_the_persona_covers(client, county, township_operator, branch_secretary):
    client.force_login(township_operator)
    names = {o["name"] for o in client.get("/api/v1/organizations?limit=100").json()["items"]}
    assert names == {"东风镇党委", "东风村党支部", "西岭村党支部"}
    page = client.get(reverse("organizations:unit_list")).content.decode()
    assert "东风村" in page and "南山村" not in page
    client.force_login(branch_secretary)
    names = {o["name"] for o in client.get("/api/v1/organizations?limit=100").json()["items"]}
    assert names == {"东风村党支部"}
    assert client.get(reverse("organizations:detail", args=[county.township.pk])).status_code == 404


def test_api_schema_needs_login(client, department_admin):
    assert client.get("/api/v1/openapi.json").status_code == 302
    client.force_login(department_admin)
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/organizations/{pk}/move" in schema["paths"]


def _url_names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace])) if pattern.namespace else namespace
            yield from _url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}:{pattern.name}"


def test_every_endpoint_has_a_scope_entry():
    covered = {endpoint.name for endpoint in ENDPOINTS} | {e.name for _a, e in PUBLIC_ENDPOINTS} | set(ALLOWLIST)
    missing = sorted(set(_url_names(get_resolver().url_patterns)) - covered)
    assert not missing, f"这些地址没有访问范围测试条目（请加入 ENDPOINTS）：{missing}"
