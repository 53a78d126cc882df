"""Fixtures of the appointment tests: a township head's post to fill, two deputies, the walk through a case."""

import datetime as dt
from dataclasses import dataclass

import pytest
import time_machine
from django.core.files.base import ContentFile

from zugong.appointments import services
from zugong.appointments.models import CaseCandidate, CaseStep, Opinion, SelectionCase
from zugong.appointments.voting import counted_paper_vote
from zugong.cadres.models import Cadre, Position, Tenure

K = CaseStep.Kind
TODAY = dt.date(2026, 11, 20)
DATES = {
    K.MOTION: dt.date(2026, 6, 1), K.TALK_RECOMMENDATION: dt.date(2026, 6, 10),
    K.MEETING_RECOMMENDATION: dt.date(2026, 6, 12), K.CANDIDATES_CHOSEN: dt.date(2026, 6, 20),
    "inspection_notice": dt.date(2026, 6, 22), K.INSPECTION: dt.date(2026, 7, 1), "opinions": dt.date(2026, 7, 5),
    K.DELIBERATION: dt.date(2026, 7, 10), K.DECISION: dt.date(2026, 7, 15), K.PUBLIC_NOTICE: dt.date(2026, 9, 30),
    K.APPOINTMENT: dt.date(2026, 10, 13),
}


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


def a_file(name: str = "方案.pdf") -> ContentFile:
    return ContentFile(b"%PDF-1.4 test", name=name)


def make_cadre(org, name: str, since: dt.date, rank: str = "section_deputy", title: str = "") -> Cadre:
    cadre = Cadre.objects.create(name=name, gender="男", birth=dt.date(1984, 5, 1), organization=org,
                                 work_started=dt.date(2006, 7, 1))
    position = Position.objects.create(organization=org, title=title or f"{name}原任副镇长", rank=rank, grassroots=True)
    Tenure.objects.create(cadre=cadre, position=position, started_on=since)
    return cadre


@dataclass
class Setup:
    post: Position
    seasoned: Cadre  # deputy since 2018: qualifies for a head's post
    fresh: Cadre  # deputy since 2026-01: fails the two years as deputy


@pytest.fixture
def setup(county) -> Setup:
    post = Position.objects.create(organization=county.township, title="东风镇镇长", rank="section_head",
                                   grassroots=True)
    return Setup(post, make_cadre(county.township, "李明", dt.date(2018, 3, 1)),
                 make_cadre(county.township, "赵新", dt.date(2026, 1, 5)))


def open_case(actor, county, setup, kind=SelectionCase.Kind.PROMOTION, **extra) -> SelectionCase:
    return services.open_case(actor, title="东风镇镇长人选", kind=kind, unit=county.township, positions=[setup.post],
                              motion_on=DATES[K.MOTION], handled_by="组织部干部科", document=a_file(), **extra)


def walk(actor, case: SelectionCase, setup: Setup, until: str) -> CaseCandidate:
    """Take the case through its steps with passing votes up to (not including) ``until``."""
    candidate = case.candidates.first() or services.name_candidate(actor, case, setup.seasoned, setup.post,
                                                                   DATES[K.MOTION])
    order = [K.TALK_RECOMMENDATION, K.MEETING_RECOMMENDATION, K.CANDIDATES_CHOSEN, "inspection_notice",
             K.INSPECTION, "opinions", K.DELIBERATION, K.DECISION, K.PUBLIC_NOTICE, K.APPOINTMENT]
    for kind in order[: order.index(until)]:
        take(actor, case, kind, candidate)
        candidate.refresh_from_db()
    return candidate


def take(actor, case, kind, candidate, **changes):
    day = changes.pop("day", DATES[kind])
    if kind == "inspection_notice":
        return services.publish_inspection_notice(actor, case, text="拟提拔考察对象：李明", inspectors="王组长、陈干事",
                                                  phone="0791-12380", publish_on=day)
    if kind == "opinions":
        return [services.record_opinion(actor, case, source=s, received_on=day, favourable=True)
                for s in Opinion.Source]
    args = {K.TALK_RECOMMENDATION: {"talks": 35, "recommended": [candidate]},
            K.CANDIDATES_CHOSEN: {"chosen": [candidate]},
            K.INSPECTION: {"talks": 28, "document": a_file("考察材料.pdf")},
            K.DELIBERATION: {"document": a_file("纪要.pdf")},
            K.PUBLIC_NOTICE: {"notice_text": "李明拟任东风镇镇长", "phone": "0791-12380"},
            K.APPOINTMENT: {"number": "示组字〔2026〕12号"}}.get(kind, {})
    if kind == K.MEETING_RECOMMENDATION:
        args["ballot"] = changes.pop("ballot", None) or counted_paper_vote(
            actor, case, "meeting_recommendation", [candidate], entitled=60, present=55, yes=[40], held_on=day)
    if kind == K.DECISION:
        args["ballot"] = changes.pop("ballot", None) or counted_paper_vote(
            actor, case, "decision", [candidate], entitled=11, present=10, yes=[9], held_on=day)
    if kind in (K.DECISION, K.APPOINTMENT, K.REVIEW):
        args["candidate"] = candidate
    return services.record_step(actor, case, kind, day, **(args | changes))
