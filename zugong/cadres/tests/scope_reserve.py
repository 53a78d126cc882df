"""Scope entries of the reserve pool and qualification pages for ``tests/test_scope.py`` (see CADRE_AREAS there)."""

import datetime as dt

from zugong.cadres.models import ReserveEntry

TARGETS = {"reserve_entry"}


def endpoints(Endpoint, personas) -> list:  # noqa: N803  (the class is passed in: test_scope imports this module)
    admin, viewers = personas["ADMIN"], personas["CADRE_VIEWERS"]
    return [
        Endpoint("cadres:reserve_pool", "GET", viewers, None),
        Endpoint("cadres:reserve_export", "GET", viewers, None),
        Endpoint("cadres:reserve_import", "GET", admin, None),
        Endpoint("cadres:reserve_import", "POST", admin, None),  # no file: the form says so, nothing written
        Endpoint("cadres:rankings", "GET", viewers, None),
        Endpoint("cadres:rankings", "POST", admin, None, data=lambda o: {"township": o["org"].pk, "year": "2025",
                                                                          "rank": "1", "of_count": "2"}),
        Endpoint("cadres:reserve_admit", "GET", admin, "cadre", data=lambda o: {"target_rank": "section_head",
                                                                               "admitted_on": "2026-01-05"}),
        Endpoint("cadres:reserve_admit", "POST", admin, "cadre", data=lambda o: {"target_rank": "section_head",
                                                                                "admitted_on": "2026-01-05"}),
        Endpoint("cadres:reserve_leave", "POST", admin, "reserve_entry", ok=(302,),
                 url_kwargs=lambda o: {"entry_pk": o["reserve_entry"].pk},
                 data=lambda o: {"status": "withdrawn", "left_on": "2026-02-01", "reason": "调整"}),
        Endpoint("cadres:qualification", "GET", viewers, "cadre", data=lambda o: {"target_rank": "section_head"}),
    ]


def objects(target, cadre, org) -> dict:
    if target != "reserve_entry":
        return {}
    return {"reserve_entry": ReserveEntry.objects.create(cadre=cadre, target_rank="section_head",
                                                         admitted_on=dt.date(2026, 1, 1))}
