"""Scope entries of the talent pages and API for ``tests/test_scope.py`` (TALENT_AREAS there).

Viewers (``talent.view``: department administrators, operators, inspectors) read within their part of the tree;
managers (``talent.manage``: department administrators and operators) register, share, apply, review and grant.
Branch secretaries hold neither. Objects are made in the persona's organization (inside) or another one (outside).
"""

import datetime as dt
from decimal import Decimal

from tests.fixtures import app_today
from zugong.talent.models import (
    Application,
    LevelRule,
    Program,
    ProgramRound,
    RecognitionList,
    Talent,
    TalentCategory,
    TalentFund,
)

TARGETS = {"tl_talent", "tl_round", "tl_application", "tl_fund", "tl_recognition"}
ROOT_MANAGERS = frozenset({"department_admin"})  # the level rules apply county-wide



def endpoints(Endpoint, personas) -> list:  # noqa: N803  (the class is passed in: test_scope imports this module)
    viewers, managers = personas["TALENT_VIEWERS"], personas["TALENT_MANAGERS"]
    person = {"own_name": "新人才", "own_gender": "male", "own_birth_date": "1985-01-01", "degree": "none",
              "title_grade": "none"}
    return [
        Endpoint("talent:list", "GET", viewers, None),
        Endpoint("talent:export", "GET", viewers, None),
        Endpoint("talent:statistics", "GET", viewers, None),
        Endpoint("talent:import", "GET", managers, None),
        Endpoint("talent:import", "POST", managers, None),
        Endpoint("talent:new", "GET", managers, None),
        Endpoint("talent:new", "POST", managers, None, ok=(302,),
                 data=lambda o: {**person, "category": TalentCategory.objects.get(code="professional").pk,
                                 "organization": o["org"].pk}),
        Endpoint("talent:detail", "GET", viewers, "tl_talent"),
        Endpoint("talent:edit", "GET", managers, "tl_talent"),
        Endpoint("talent:edit", "POST", managers, "tl_talent", ok=(302,),
                 data=lambda o: {**person, "own_name": "人才（改）", "category": o["tl_talent"].category_id,
                                 "organization": o["org"].pk}),
        Endpoint("talent:reveal_phone", "POST", managers, "tl_talent"),
        Endpoint("talent:sharing", "GET", managers, "tl_talent"),
        Endpoint("talent:sharing", "POST", managers, "tl_talent", ok=(302,), data=lambda o: {}),
        Endpoint("talent:award_new", "GET", managers, "tl_talent"),
        Endpoint("talent:award_new", "POST", managers, "tl_talent", ok=(302,),
                 data=lambda o: {"title": "县级劳动模范", "level": "county", "year": "2025"}),
        Endpoint("talent:apply", "GET", managers, "tl_talent"),
        Endpoint("talent:recognize", "GET", managers, "tl_talent"),
        Endpoint("talent:rural", "GET", managers, "tl_talent"),
        Endpoint("talent:rules", "GET", viewers, None),
        Endpoint("talent:rule_new", "GET", ROOT_MANAGERS, None),
        Endpoint("talent:rule_new", "POST", ROOT_MANAGERS, None, ok=(302,),
                 data=lambda o: {"basis": "award", "value": "county", "level": "key"}),
        Endpoint("talent:rule_toggle", "POST", ROOT_MANAGERS, None, ok=(302,),
                 url_kwargs=lambda o: {"pk": LevelRule.objects.order_by("pk").values_list("pk", flat=True)[0]}),
        Endpoint("talent:programs", "GET", viewers, None),
        Endpoint("talent:program_new", "GET", managers, None),
        Endpoint("talent:round_new", "GET", managers, None),
        Endpoint("talent:round", "GET", viewers, "tl_round"),
        Endpoint("talent:round_status", "POST", managers, "tl_round", ok=(302,),
                 data=lambda o: {"status": "reviewing", "expected": "open"}),
        Endpoint("talent:application", "GET", viewers, "tl_application"),
        Endpoint("talent:score", "GET", managers, "tl_application"),
        Endpoint("talent:score", "POST", managers, "tl_application", ok=(302,), data=lambda o: {"score": "80"}),
        Endpoint("talent:decide", "GET", managers, "tl_application"),
        Endpoint("talent:grant", "GET", managers, "tl_application"),
        Endpoint("talent:fund", "GET", viewers, "tl_fund"),
        Endpoint("talent:fund_deposit", "GET", managers, "tl_fund"),
        Endpoint("talent:fund_deposit", "POST", managers, "tl_fund", ok=(302,),
                 data=lambda o: {"amount": "1000", "day": app_today().isoformat()}),
        Endpoint("talent:recognitions", "GET", viewers, None),
        Endpoint("talent:recognition_new", "GET", managers, None),
        Endpoint("talent:recognition", "GET", viewers, "tl_recognition"),
        Endpoint("api:list_talents", "GET", viewers, None),
        Endpoint("api:get_talent", "GET", viewers, "tl_talent"),
    ]


def _talent(org) -> Talent:
    return Talent.objects.create(own_name="范人才", own_gender="male", own_birth_date=dt.date(1980, 1, 1),
                                 category=TalentCategory.objects.get(code="professional"), organization=org,
                                 phone="13912345678")


def objects(target, org, users) -> dict:
    from django.apps import apps

    from zugong.talent.catalogue import install

    install(apps)
    found: dict = {}
    if target == "tl_talent":
        found["tl_talent"] = _talent(org)
    if target in ("tl_fund", "tl_application"):
        found["tl_fund"] = TalentFund.objects.create(name=f"{org.name}人才基金", organization=org,
                                                     balance=Decimal("300000"))
    if target in ("tl_round", "tl_application"):
        program, _created = Program.objects.get_or_create(name="高层次人才1123工程")
        status = ProgramRound.Status.REVIEWING if target == "tl_application" else ProgramRound.Status.OPEN
        found["tl_round"] = ProgramRound.objects.create(
            program=program, title=f"{org.name}第一批", organization=org, opens_on=app_today() - dt.timedelta(days=5),
            closes_on=app_today() + dt.timedelta(days=5), status=status, fund=found.get("tl_fund"))
    if target == "tl_application":
        found["tl_application"] = Application.objects.create(round=found["tl_round"], talent=_talent(org),
                                                             project="特种冶金新材料研发")
    if target == "tl_recognition":
        found["tl_recognition"] = RecognitionList.objects.create(title="泽州工匠", year=app_today().year, organization=org,
                                                                 announced_on=app_today())
    return found


def formula_export(county, admin, text):
    """For tests/test_export_formulas.py: a talent whose name, skills and post are the payload."""
    from django.apps import apps
    from django.urls import reverse

    from zugong.talent.catalogue import install

    install(apps)
    Talent.objects.create(own_name=text[:50], own_gender="female", category=TalentCategory.objects.get(code="rural"),
                          organization=county.village, skills=text[:300], post=text[:100])
    return reverse("talent:export"), {}
