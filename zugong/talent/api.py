"""API of the talent register (人才信息库接口): talents in the reader's scope or shared with their department.

The phone is given masked, as on the pages; the full number is a reveal on the talent's page (audited).
"""

import datetime as dt
from typing import Annotated

from django.db.models import Q
from django.http import Http404
from ninja import Router, Schema
from ninja.pagination import paginate

from zugong.core.api_types import Id, Page, Search, column
from zugong.talent import selectors
from zugong.talent.models import Level, Talent

router = Router(tags=["talent"])


class AwardOut(Schema):
    title: str
    level: str
    year: int
    issuer: str


class TalentOut(Schema):
    id: int
    name: str
    gender: str
    birth_date: dt.date | None
    education: str
    category: str
    industry: str | None
    level: str
    degree: str
    title_grade: str
    organization_id: int
    unit: str | None
    post: str
    skills: str
    phone: str
    member_id: int | None
    cadre_id: int | None

    @staticmethod
    def resolve_gender(obj) -> str:
        return obj.gender_label

    @staticmethod
    def resolve_education(obj) -> str:
        return obj.education_label

    @staticmethod
    def resolve_category(obj) -> str:
        return obj.category.name

    @staticmethod
    def resolve_industry(obj) -> str | None:
        return obj.industry.name if obj.industry else None

    @staticmethod
    def resolve_unit(obj) -> str | None:
        return obj.unit.name if obj.unit else None

    @staticmethod
    def resolve_phone(obj) -> str:
        return obj.masked_phone


class TalentDetailOut(TalentOut):
    awards: list[AwardOut]

    @staticmethod
    def resolve_awards(obj) -> list:
        return list(obj.awards.all())


@router.get("/talents", response=list[TalentOut])
@paginate(Page)
def list_talents(request, level: Annotated[Level, column(Talent, "level")] | None = None,
                 q: Search | None = None):
    if not request.user.has_capability("talent.view"):
        raise Http404
    talents = selectors.with_person(selectors.talents_visible_to(request.user).active()).order_by("org_path", "pk")
    if level:
        talents = talents.filter(level=level)
    if q:
        talents = talents.filter(Q(own_name__contains=q) | Q(member__name__contains=q) | Q(cadre__name__contains=q))
    return talents


@router.get("/talents/{pk}", response=TalentDetailOut)
def get_talent(request, pk: Id):
    return selectors.access_talent(request.user, pk)
