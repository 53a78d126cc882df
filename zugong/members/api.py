"""API for member records (党员接口): masked ID numbers, same access layer as the pages."""

import datetime as dt

from django.utils import timezone
from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from zugong.members import selectors, services
from zugong.members.codes import Education, Occupation
from zugong.members.models import Member
from zugong.organizations.selectors import access_organization, access_work_unit

router = Router(tags=["members"])


class MemberOut(Schema):
    id: int
    name: str
    masked_id_number: str
    gender: Member.Gender
    birth_date: dt.date
    ethnicity: str
    education: Education
    occupation: Occupation
    joined_on: dt.date
    full_member_on: dt.date | None
    stage: Member.Stage
    organization_id: int
    work_unit_id: int | None
    phone: str
    is_in_hardship: bool


class MemberIn(Schema):
    name: str
    id_number: str
    gender: Member.Gender | None = None
    birth_date: dt.date | None = None
    ethnicity: str = "01"
    education: Education
    occupation: Occupation
    joined_on: dt.date
    full_member_on: dt.date | None = None
    stage: Member.Stage
    organization_id: int
    work_unit_id: int | None = None
    phone: str = ""
    address: str = ""
    is_in_hardship: bool = False


class MemberPatch(Schema):
    name: str | None = None
    education: Education | None = None
    occupation: Occupation | None = None
    phone: str | None = None
    address: str | None = None
    is_in_hardship: bool | None = None
    full_member_on: dt.date | None = None
    stage: Member.Stage | None = None


@router.get("/members", response=list[MemberOut])
@paginate(LimitOffsetPagination)
def list_members(request, q: str = "", organization_id: int | None = None, stage: Member.Stage | None = None):
    data = {"q": q, "stage": stage}
    if organization_id is not None:
        data["organization"] = access_organization(request.user, organization_id)
    return selectors.filtered_members(request.user, data, timezone.localdate())


@router.get("/members/{pk}", response=MemberOut)
def get_member(request, pk: int):
    return selectors.access_member(request.user, pk)


@router.post("/members", response={201: MemberOut})
def create_member(request, payload: MemberIn):
    fields = payload.dict()
    fields["organization"] = access_organization(
        request.user, fields.pop("organization_id"), capability="members.change"
    )
    unit_id = fields.pop("work_unit_id")
    fields["work_unit"] = access_work_unit(request.user, unit_id) if unit_id else None
    return 201, services.create_member(request.user, **fields)


@router.patch("/members/{pk}", response=MemberOut)
def update_member(request, pk: int, payload: MemberPatch):
    member = selectors.access_member(request.user, pk, for_change=True)
    return services.update_member(request.user, member, **payload.dict(exclude_unset=True))
