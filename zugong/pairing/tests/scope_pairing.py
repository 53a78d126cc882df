"""Scope entries of the pairing pages for ``tests/test_scope.py`` (PAIRING_AREAS there).

Everyone reads pairing aid and loans within their part of the tree (``organizations.view``, ``members.view``);
those who change organizations (department administrators, township operators) record pairings, projects,
venues and visits; those who record members (also branch secretaries) record loans and their status. The
inspector reads only. Objects are made in the persona's organization (inside) or another one (outside).
"""

import datetime as dt
from decimal import Decimal

from tests.fixtures import app_today
from zugong.core.validators import id_check_char
from zugong.members.models import Member
from zugong.pairing.models import MicroLoan, Pairing, Project

TARGETS = {"pr_pairing", "pr_project", "pr_member", "pr_loan"}



def _project() -> dict:
    return {"title": "特色种植基地", "kind": "industry", "funds_planned": "300000", "funds_spent": "120000.50",
            "status": "under_way", "planned_on": app_today().isoformat()}


def endpoints(Endpoint, personas) -> list:  # noqa: N803  (the class is passed in: test_scope imports this module)
    everyone, changers, member_changers = personas["EVERYONE"], personas["CHANGERS"], personas["MEMBER_CHANGERS"]
    return [
        Endpoint("pairing:list", "GET", everyone, None),
        Endpoint("pairing:new", "GET", changers, None),
        Endpoint("pairing:new", "POST", changers, None, ok=(302,),
                 data=lambda o: {"village": o["payload_org"].pk, "helper_organization": o["payload_org"].parent_id,
                                 "started_on": app_today().isoformat()}),
        Endpoint("pairing:detail", "GET", everyone, "pr_pairing"),
        Endpoint("pairing:end", "GET", changers, "pr_pairing"),
        Endpoint("pairing:end", "POST", changers, "pr_pairing", ok=(302,), data=lambda o: {"ended_on": app_today().isoformat()}),
        Endpoint("pairing:project_new", "GET", changers, "pr_pairing"),
        Endpoint("pairing:project_new", "POST", changers, "pr_pairing", ok=(302,), data=lambda o: _project()),
        Endpoint("pairing:project_edit", "GET", changers, "pr_project"),
        Endpoint("pairing:project_edit", "POST", changers, "pr_project", ok=(302,),
                 data=lambda o: {**_project(), "funds_spent": "200000"}),
        Endpoint("pairing:venue_new", "GET", changers, "pr_pairing"),
        Endpoint("pairing:venue_new", "POST", changers, "pr_pairing", ok=(302,),
                 data=lambda o: {"kind": "new", "area": "300", "funds": "321910", "started_on": app_today().isoformat()}),
        Endpoint("pairing:visit_new", "GET", changers, "pr_pairing"),
        Endpoint("pairing:visit_new", "POST", changers, "pr_pairing", ok=(302,),
                 data=lambda o: {"visited_on": app_today().isoformat(), "visitors": "王局长", "content": "走访帮扶户"}),
        Endpoint("pairing:totals", "GET", everyone, None),
        Endpoint("pairing:totals_export", "GET", everyone, None),
        Endpoint("pairing:loans", "GET", everyone, None),
        Endpoint("pairing:loans_export", "GET", everyone, None),
        Endpoint("pairing:loan_new", "GET", member_changers, "pr_member"),
        Endpoint("pairing:loan_new", "POST", member_changers, "pr_member", ok=(302,),
                 data=lambda o: {"amount": "30000", "bank": "县农商银行", "applied_on": app_today().isoformat()}),
        Endpoint("pairing:loan_status", "GET", member_changers, "pr_loan"),
        Endpoint("pairing:loan_status", "POST", member_changers, "pr_loan", ok=(302,),
                 data=lambda o: {"seen": "applied", "status": "granted", "on": app_today().isoformat(),
                                 "due_on": (app_today() + dt.timedelta(days=365)).isoformat()}),
    ]


def _member(org) -> Member:
    birth = dt.date(1975, 5, 1)
    first17 = f"360724{birth:%Y%m%d}{org.pk % 900 + 50:03d}"
    return Member.objects.create(
        name="贷款党员", name_initials="dkdy", id_number=first17 + id_check_char(first17), gender="male",
        birth_date=birth, education="college", occupation="farmer", joined_on=dt.date(2000, 7, 1),
        full_member_on=dt.date(2001, 7, 1), stage="full", organization=org, dues_category="farmer")


def objects(target, org, users) -> dict:
    found: dict = {}
    if target in ("pr_pairing", "pr_project"):
        pairing = Pairing.objects.create(helper_kind="organization", helper_organization=org.parent, village=org,
                                         started_on=app_today() - dt.timedelta(days=30))
        found["pr_pairing"] = pairing
        found["pr_project"] = Project.objects.create(
            pairing=pairing, title="村道硬化", kind="infrastructure", funds_planned=Decimal("100000"),
            funds_spent=Decimal("50000"), status="under_way", planned_on=app_today() - dt.timedelta(days=20))
    if target in ("pr_member", "pr_loan"):
        member = _member(org)
        found["pr_member"] = member
        found["pr_loan"] = MicroLoan.objects.create(member=member, amount=Decimal("20000"), bank="县农商银行",
                                                    applied_on=app_today() - dt.timedelta(days=10))
    return found


def formula_totals_export(county, admin, text):
    """For tests/test_export_formulas.py: a village named by the payload with a pairing and a project."""
    from django.urls import reverse

    from tests.fixtures import _child

    village = _child(county.township, text[:100], "branch", "rural")
    pairing = Pairing.objects.create(helper_kind="organization", helper_organization=county.township,
                                     village=village, started_on=app_today())
    Project.objects.create(pairing=pairing, title=text[:100], kind="industry", funds_planned=Decimal("1000"),
                           status="planned", planned_on=app_today())
    return reverse("pairing:totals_export"), {"organization": county.township.pk}


def formula_loans_export(county, admin, text):
    """For tests/test_export_formulas.py: a loan whose bank and purpose are the payload."""
    from django.urls import reverse

    MicroLoan.objects.create(member=_member(county.village), amount=Decimal("1000"), bank=text[:100],
                             purpose=text[:200], applied_on=app_today())
    return reverse("pairing:loans_export"), {}
