"""API for member records and transfers (党员与组织关系转接接口): masked ID numbers, same access layer as the pages."""

import datetime as dt
from decimal import Decimal
from typing import Annotated

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema
from ninja.pagination import paginate

from zugong.core.api_types import Id, Page, Search, column
from zugong.members import selectors, services, transfers
from zugong.members.codes import DuesCategory, Education, Occupation
from zugong.members.models import Member, MembershipTransfer
from zugong.organizations.models import Organization
from zugong.organizations.selectors import access_organization, access_work_unit

router = Router(tags=["members"])


class MemberOut(Schema):
    id: int
    name: str
    masked_id_number: str
    gender: Annotated[Member.Gender, column(Member, "gender")]
    birth_date: dt.date
    ethnicity: str
    education: Annotated[Education, column(Member, "education")]
    occupation: Annotated[Occupation, column(Member, "occupation")]
    joined_on: dt.date
    full_member_on: dt.date | None
    stage: Annotated[Member.Stage, column(Member, "stage")]
    organization_id: int
    work_unit_id: int | None
    phone: str
    is_in_hardship: bool
    dues_category: Annotated[DuesCategory, column(Member, "dues_category")]
    dues_base: Decimal | None
    dues_from: dt.date


DuesBase = Annotated[Decimal, column(Member, "dues_base", minimum=Decimal(0))]


class MemberIn(Schema):
    name: Annotated[str, column(Member, "name")]
    id_number: Annotated[str, column(Member, "id_number")]
    gender: Annotated[Member.Gender, column(Member, "gender")] | None = None
    birth_date: Annotated[dt.date, column(Member, "birth_date")] | None = None
    ethnicity: Annotated[str, column(Member, "ethnicity")] = "01"
    education: Annotated[Education, column(Member, "education")]
    occupation: Annotated[Occupation, column(Member, "occupation")]
    joined_on: Annotated[dt.date, column(Member, "joined_on")]
    full_member_on: Annotated[dt.date, column(Member, "full_member_on")] | None = None
    stage: Annotated[Member.Stage, column(Member, "stage")]
    organization_id: Annotated[int, column(Member, "organization")]
    work_unit_id: Annotated[int, column(Member, "work_unit")] | None = None
    phone: Annotated[str, column(Member, "phone")] = ""
    address: Annotated[str, column(Member, "address")] = ""
    is_in_hardship: Annotated[bool, column(Member, "is_in_hardship")] = False
    dues_category: Annotated[DuesCategory, column(Member, "dues_category")] | None = None
    dues_base: DuesBase | None = None
    dues_from: Annotated[dt.date, column(Member, "dues_from")] | None = None


class MemberPatch(Schema):
    """Fields left out stay as they are; null is accepted only where the record may be empty."""

    name: Annotated[str, column(Member, "name")] = None  # type: ignore[assignment]
    education: Annotated[Education, column(Member, "education")] = None  # type: ignore[assignment]
    occupation: Annotated[Occupation, column(Member, "occupation")] = None  # type: ignore[assignment]
    phone: Annotated[str, column(Member, "phone")] = None  # type: ignore[assignment]
    address: Annotated[str, column(Member, "address")] = None  # type: ignore[assignment]
    is_in_hardship: Annotated[bool, column(Member, "is_in_hardship")] = None  # type: ignore[assignment]
    full_member_on: Annotated[dt.date, column(Member, "full_member_on")] | None = None
    stage: Annotated[Member.Stage, column(Member, "stage")] = None  # type: ignore[assignment]
    dues_category: Annotated[DuesCategory, column(Member, "dues_category")] = None  # type: ignore[assignment]
    dues_base: DuesBase | None = None


@router.get("/members", response=list[MemberOut])
@paginate(Page)
def list_members(request, q: Search = "", organization_id: Id | None = None,
                 stage: Annotated[Member.Stage, column(Member, "stage")] | None = None):
    data = {"q": q, "stage": stage}
    if organization_id is not None:
        data["organization"] = access_organization(request.user, organization_id)
    return selectors.filtered_members(request.user, data, timezone.localdate())


@router.get("/members/{pk}", response=MemberOut)
def get_member(request, pk: Id):
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
def update_member(request, pk: Id, payload: MemberPatch):
    member = selectors.access_member(request.user, pk, for_change=True)
    return services.update_member(request.user, member, **payload.dict(exclude_unset=True))


class TransferOut(Schema):
    id: int
    member_id: int
    member_name: str
    kind: Annotated[MembershipTransfer.Kind, column(MembershipTransfer, "kind")]
    status: Annotated[MembershipTransfer.Status, column(MembershipTransfer, "status")]
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
    member_id: Annotated[int, column(MembershipTransfer, "member")]
    to_organization_id: Annotated[int, column(MembershipTransfer, "to_organization")]
    note: Annotated[str, column(MembershipTransfer, "note")] = ""


class ReturnIn(Schema):
    reason: Annotated[str, column(MembershipTransfer, "return_reason")]


@router.get("/transfers", response=list[TransferOut])
@paginate(Page)
def list_transfers(request, status: Annotated[MembershipTransfer.Status, column(MembershipTransfer, "status")]
                   | None = None):
    found = selectors.transfers_visible_to(request.user)
    return found.filter(status=status) if status else found


@router.post("/transfers", response={201: TransferOut})
def start_transfer(request, payload: TransferIn):
    member = selectors.access_member(request.user, payload.member_id, for_change=True)
    destination = get_object_or_404(Organization.objects.open(), pk=payload.to_organization_id)
    return 201, transfers.start_transfer(request.user, member, destination, payload.note)


@router.post("/transfers/{pk}/accept", response=TransferOut)
def accept_transfer(request, pk: Id):
    return transfers.accept_transfer(request.user, selectors.access_transfer(request.user, pk, for_change=True))


@router.post("/transfers/{pk}/return", response=TransferOut)
def return_transfer(request, pk: Id, payload: ReturnIn):
    transfer = selectors.access_transfer(request.user, pk, for_change=True)
    return transfers.return_transfer(request.user, transfer, payload.reason)
