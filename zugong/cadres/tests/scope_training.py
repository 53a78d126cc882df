"""Scope entries of the cadres' training pages for `tests/test_scope.py` (see CADRE_AREAS there).

Classes are placed by their responsible organization (made in the persona's organization, or outside it); the
records and postings belong to the cadre made in that organization.
"""

import datetime as dt
from decimal import Decimal

from tests.fixtures import app_today
from zugong.cadres.models import Mobility, TrainingClass, TrainingRecord

TARGETS: set[str] = {"training_record", "mobility_record", "training_class", "class_record"}


def _record() -> dict:
    day = app_today().isoformat()
    return {"course": "党纪学习教育专题班", "organizer": "县委党校", "mode": "full_time", "started_on": day,
            "ended_on": day, "hours": "40", "leave_hours": "0", "credits": "4"}


def _new_class() -> dict:
    day = app_today().isoformat()
    return {"name": "科级干部培训班", "kind": "section_level", "organizer": "县委组织部", "started_on": day,
            "ended_on": day, "hours": "40", "full_time": "on"}


def endpoints(Endpoint, personas) -> list:  # noqa: N803  (the class is passed in: test_scope imports this module)
    admin, viewers = personas["ADMIN"], personas["CADRE_VIEWERS"]
    return [
        Endpoint("cadres:detail", "GET", viewers, "cadre", data=lambda o: {"tab": "training"}, label=" training"),
        Endpoint("cadres:training_new", "GET", admin, "cadre"),
        Endpoint("cadres:training_new", "POST", admin, "cadre", ok=(302,), data=lambda o: _record()),
        Endpoint("cadres:training_delete", "POST", admin, "training_record", ok=(302,),
                 url_kwargs=lambda o: {"pk": o["cadre"].pk, "record_pk": o["training_record"].pk}),
        Endpoint("cadres:mobility_new", "GET", admin, "cadre"),
        Endpoint("cadres:mobility_new", "POST", admin, "cadre", ok=(302,),
                 data=lambda o: {"kind": "secondment", "destination": "市发改委挂职", "started_on": app_today().isoformat()}),
        Endpoint("cadres:mobility_end", "GET", admin, "mobility_record",
                 url_kwargs=lambda o: {"pk": o["cadre"].pk, "record_pk": o["mobility_record"].pk}),
        Endpoint("cadres:mobility_end", "POST", admin, "mobility_record", ok=(302,), data=lambda o: {"ended_on": app_today().isoformat()},
                 url_kwargs=lambda o: {"pk": o["cadre"].pk, "record_pk": o["mobility_record"].pk}),
        Endpoint("cadres:training_overview", "GET", viewers, None),
        Endpoint("cadres:training_overview", "GET", viewers, None, data=lambda o: {"short_only": "on", "sort": "short"},
                 label=" short"),
        Endpoint("cadres:training_export", "GET", viewers, None),
        Endpoint("cadres:mobility_overview", "GET", viewers, None),
        Endpoint("cadres:training_classes", "GET", viewers, None),
        Endpoint("cadres:training_class_new", "GET", admin, None),
        Endpoint("cadres:training_class_new", "POST", admin, None, ok=(302,),
                 data=lambda o: _new_class() | {"organization": o["org"].pk}),
        Endpoint("cadres:training_class", "GET", viewers, "training_class"),
        Endpoint("cadres:training_roster_export", "GET", viewers, "training_class"),
        Endpoint("cadres:training_roster_add", "POST", admin, "training_class", ok=(302,),
                 data=lambda o: {"cadres": [o["cadre"].pk]}),
        Endpoint("cadres:training_roster_candidates", "GET", admin, "training_class", data=lambda o: {"q": o["cadre"].name}),
        Endpoint("cadres:training_roster_remove", "POST", admin, "class_record", ok=(302,),
                 url_kwargs=lambda o: {"pk": o["training_class"].pk, "record_pk": o["class_record"].pk}),
    ]


def _class(org) -> TrainingClass:
    return TrainingClass.objects.create(name="年轻干部培训班", kind="young", organizer="县委组织部", organization=org,
                                        started_on=dt.date(2026, 5, 11), ended_on=dt.date(2026, 5, 15),
                                        hours=Decimal(40))


def objects(target, cadre, org) -> dict:
    if target == "training_record":
        return {"training_record": TrainingRecord.objects.create(
            cadre=cadre, course="网络专题", organizer="中国干部网络学院", started_on=dt.date(2026, 4, 1),
            ended_on=dt.date(2026, 4, 1), hours=Decimal(20), mode="online")}
    if target == "mobility_record":
        return {"mobility_record": Mobility.objects.create(cadre=cadre, kind="dispatch", started_on=dt.date(2026, 1, 5),
                                                          destination="驻村第一书记")}
    if target in ("training_class", "class_record"):
        training_class = _class(org)
        found = {"training_class": training_class}
        if target == "class_record":
            found["class_record"] = TrainingRecord.objects.create(
                cadre=cadre, training_class=training_class, course=training_class.name, organizer="县委组织部",
                started_on=training_class.started_on, ended_on=training_class.ended_on, hours=Decimal(40))
        return found
    return {}
