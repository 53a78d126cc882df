"""Scope entries of the branch-work pages for ``tests/test_scope.py`` (BRANCHLIFE_AREAS there).

Everyone reads within their part of the tree (``members.view``); those who record members (department
administrators, township operators, branch secretaries — ``members.change``) record meetings and 四议两公开 steps.
The inspector reads only. Objects are made in the persona's organization (inside) or another one (outside).
"""

import datetime as dt

from django.core.files.base import ContentFile

from tests.fixtures import app_today
from zugong.branchlife.models import Attendance, DecisionStep, Meeting, VillageDecision
from zugong.core.validators import id_check_char
from zugong.members.models import Member

TARGETS = {"bl_org", "bl_meeting", "bl_meeting_doc", "bl_decision"}



def _roll(o) -> dict:
    return {"roll-TOTAL_FORMS": "1", "roll-INITIAL_FORMS": "1", "roll-0-member": str(o["bl_member"].pk),
            "roll-0-status": "present", "roll-0-reason": ""}


def endpoints(Endpoint, personas) -> list:  # noqa: N803  (the class is passed in: test_scope imports this module)
    everyone, changers = personas["EVERYONE"], personas["MEMBER_CHANGERS"]
    return [
        Endpoint("branchlife:overview", "GET", everyone, None),
        Endpoint("branchlife:overview_export", "GET", everyone, "bl_org", url_kwargs=lambda o: {},
                 data=lambda o: {"org": o["bl_org"].pk, "year": app_today().year}),
        Endpoint("branchlife:meeting_new", "GET", changers, "bl_org"),
        Endpoint("branchlife:meeting_record", "GET", changers, "bl_org",
                 url_kwargs=lambda o: {"pk": o["bl_org"].pk, "kind": "general_meeting"}),
        Endpoint("branchlife:meeting_record", "POST", changers, "bl_org", ok=(302,),
                 url_kwargs=lambda o: {"pk": o["bl_org"].pk, "kind": "general_meeting"},
                 data=lambda o: {"held_on": app_today().isoformat(), "topic": "学习党章", **_roll(o)}),
        Endpoint("branchlife:meeting", "GET", everyone, "bl_meeting"),
        Endpoint("branchlife:meeting_edit", "GET", changers, "bl_meeting"),
        Endpoint("branchlife:meeting_edit", "POST", changers, "bl_meeting", ok=(302,),
                 data=lambda o: {"held_on": app_today().isoformat(), "topic": "学习党章（改）", **_roll(o)}),
        Endpoint("branchlife:meeting_delete", "GET", changers, "bl_meeting"),
        Endpoint("branchlife:meeting_delete", "POST", changers, "bl_meeting", ok=(302,)),
        Endpoint("branchlife:meeting_document", "GET", everyone, "bl_meeting_doc"),
        Endpoint("branchlife:import", "GET", changers, None),
        Endpoint("branchlife:import", "POST", changers, None),
        Endpoint("branchlife:decisions", "GET", everyone, None),
        Endpoint("branchlife:decision_new", "GET", changers, "bl_org"),
        Endpoint("branchlife:decision_new", "POST", changers, "bl_org", ok=(302,),
                 data=lambda o: {"title": "修建村道", "day": app_today().isoformat()}),
        Endpoint("branchlife:decision", "GET", everyone, "bl_decision"),
        Endpoint("branchlife:decision_step", "GET", changers, "bl_decision",
                 url_kwargs=lambda o: {"pk": o["bl_decision"].pk, "code": "consultation"}),
        Endpoint("branchlife:decision_step", "POST", changers, "bl_decision", ok=(302,),
                 url_kwargs=lambda o: {"pk": o["bl_decision"].pk, "code": "consultation"},
                 data=lambda o: {"day": app_today().isoformat()}),
        Endpoint("api:branchlife_meetings", "GET", everyone, None),
        Endpoint("api:branchlife_meeting", "GET", everyone, "bl_meeting"),
        Endpoint("api:branchlife_held", "GET", everyone, "bl_org"),  # the API's query filters: test_api.py
    ]


def _member(org) -> Member:
    birth = dt.date(1972, 3, 1)
    first17 = f"360723{birth:%Y%m%d}{org.pk % 900 + 50:03d}"
    return Member.objects.create(
        name="会议党员", name_initials="hydy", id_number=first17 + id_check_char(first17), gender="male",
        birth_date=birth, education="college", occupation="farmer", joined_on=dt.date(2000, 7, 1),
        full_member_on=dt.date(2001, 7, 1), stage="full", organization=org, dues_category="farmer")


def objects(target, org, users) -> dict:
    member = _member(org)
    found = {"bl_org": org, "bl_member": member}
    if target in ("bl_meeting", "bl_meeting_doc"):
        meeting = Meeting(organization=org, kind=Meeting.Kind.GENERAL_MEETING, held_on=app_today(), topic="学习党章")
        if target == "bl_meeting_doc":
            meeting.document.save("minutes.pdf", ContentFile(b"%PDF-1.4"), save=False)
        meeting.save()
        Attendance.objects.create(meeting=meeting, member=member, status="present", may_vote=True)
        found.update(bl_meeting=meeting, bl_meeting_doc=meeting)
    if target == "bl_decision":
        decision = VillageDecision.objects.create(organization=org, title="修建村道", last_step="proposal",
                                                  last_step_on=app_today())
        DecisionStep.objects.create(decision=decision, kind="proposal", done_on=app_today())
        found["bl_decision"] = decision
    return found


def formula_overview_export(county, admin, text):
    """For tests/test_export_formulas.py: a branch under the township named by the payload, with a member."""
    from django.urls import reverse

    from tests.fixtures import _child

    branch = _child(county.township, text[:100], "branch", "rural")
    _member(branch)
    return reverse("branchlife:overview_export"), {"org": county.township.pk}


def api_meeting(county, members) -> Meeting:
    """For tests/test_api_attacks.py: a committee meeting of the village with a roll."""
    meeting = Meeting.objects.create(organization=county.village, kind=Meeting.Kind.COMMITTEE,
                                     held_on=dt.date(2026, 3, 5), topic="研究发展党员")
    Attendance.objects.bulk_create([Attendance(meeting=meeting, member=m, status="present", may_vote=True)
                                    for m in members])
    return meeting
