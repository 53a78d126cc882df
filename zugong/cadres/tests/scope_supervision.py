"""Scope entries of the cadres' supervision pages for `tests/test_scope.py` (see CADRE_AREAS there).

Talks and personal-matters reports need ``cadres.supervision`` over the cadre (department administrators today):
every other persona, ``cadres.view`` holders included, gets 404 and changes nothing.
"""

import datetime as dt

from tests.fixtures import app_today
from zugong.cadres.models import PersonalMattersReport, Talk

TARGETS: set[str] = {"talk", "report"}  # object kinds this area's URLs point at; a cadre is made for each



def endpoints(Endpoint, personas) -> list:  # noqa: N803  (the class is passed in: test_scope imports this module)
    admin = personas["ADMIN"]
    return [
        Endpoint("cadres:talks", "GET", admin, None),
        Endpoint("cadres:talk_export", "GET", admin, None),
        Endpoint("cadres:reports", "GET", admin, None),
        Endpoint("cadres:reports", "GET", admin, None, data=lambda o: {"year": str(app_today().year - 1)}, label=" year"),
        Endpoint("cadres:report_export", "GET", admin, None),
        Endpoint("cadres:detail", "GET", personas["CADRE_VIEWERS"], "cadre", data=lambda o: {"tab": "supervision"},
                 label=" supervision"),
        Endpoint("cadres:talk_add", "GET", admin, "cadre"),
        Endpoint("cadres:talk_add", "POST", admin, "cadre", ok=(302,), data=lambda o: {
                     "kind": "heart_to_heart", "held_on": app_today().isoformat(), "held_by": "县委组织部部长",
                     "subject": "年度谈心谈话"}),
        Endpoint("cadres:talk_follow_up", "GET", admin, "talk"),
        Endpoint("cadres:talk_follow_up", "POST", admin, "talk", ok=(302,), data=lambda o: {"follow_up": "已整改"}),
        Endpoint("cadres:report_add", "GET", admin, "cadre"),
        Endpoint("cadres:report_add", "POST", admin, "cadre", ok=(302,), data=lambda o: {
                     "year": str(app_today().year - 1), "submitted_on": app_today().isoformat(), "declared_marriage": "on",
                     "note_marriage": "已婚"}),
        Endpoint("cadres:report_spot_check", "GET", admin, "report"),
        Endpoint("cadres:report_spot_check", "POST", admin, "report", ok=(302,),
                 data=lambda o: {"spot_check": "consistent", "spot_checked_on": app_today().isoformat(), "note": "一致"}),
    ]


def objects(target, cadre, org) -> dict:
    if target == "talk":
        return {"talk": Talk.objects.create(cadre=cadre, kind=Talk.Kind.REMINDER, held_on=app_today(), held_by="部长",
                                            subject="苗头性问题提醒")}
    if target == "report":
        return {"report": PersonalMattersReport.objects.create(cadre=cadre, year=app_today().year - 1,
                                                               submitted_on=dt.date(app_today().year, 1, 1))}
    return {}
