"""API for member records and transfers (党员与组织关系转接接口): masked ID numbers, same access layer as the pages."""

import datetime as dt
from decimal import Decimal

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from zugong.members import selectors, services, transfers
from zugong.members.codes import DuesCategory, Education, Occupation
from zugong.members.models import Member
from zugong.organizations.models import Organization
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
    dues_category: DuesCategory
    dues_base: Decimal | None
    dues_from: dt.date


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
    dues_category: DuesCategory | None = None
    dues_base: Decimal | None = None
    dues_from: dt.date | None = None


class MemberPatch(Schema):
    name: str | None = None
    education: Education | None = None
    occupation: Occupation | None = None
    phone: str | None = None
    address: str | None = None
    is_in_hardship: bool | None = None
    full_member_on: dt.date | None = None
    stage: Member.Stage | None = None
    dues_category: DuesCategory | None = None
    dues_base: Decimal | None = None


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


class TransferOut(Schema):
    id: int
    member_id: int
    member_name: str
    kind: str
    status: str
    from_organization_id: int | None
    to_organization_id: int | None
    outside_organization: str
    letter_number: str
    issued_on: dt.date
    valid_until: dt.date
    return_reason: str

    @staticmethod
    def resolve_member_name(obj) -> str:
        return obj.member.name


class TransferIn(Schema):
    member_id: int
    to_organization_id: int
    note: str = ""


class ReturnIn(Schema):
    reason: str


@router.get("/transfers", response=list[TransferOut])
@paginate(LimitOffsetPagination)
def list_transfers(request, status: str = ""):
    found = selectors.transfers_visible_to(request.user)
    return found.filter(status=status) if status else found


@router.post("/transfers", response={201: TransferOut})
def start_transfer(request, payload: TransferIn):
    member = selectors.access_member(request.user, payload.member_id, for_change=True)
    destination = get_object_or_404(Organization.objects.open(), pk=payload.to_organization_id)
    return 201, transfers.start_transfer(request.user, member, destination, payload.note)


@router.post("/transfers/{pk}/accept", response=TransferOut)
def accept_transfer(request, pk: int):
    return transfers.accept_transfer(request.user, selectors.access_transfer(request.user, pk, for_change=True))


@router.post("/transfers/{pk}/return", response=TransferOut)
def return_transfer(request, pk: int, payload: ReturnIn):
    transfer = selectors.access_transfer(request.user, pk, for_change=True)
    return transfers.return_transfer(request.user, transfer, payload.reason)
