"""API for organizations and work units (党组织与单位接口)."""

import datetime as dt
from typing import Annotated

from ninja import Router, Schema
from ninja.pagination import paginate

from zugong.core.api_types import Id, Page, Search, column
from zugong.organizations import selectors, services
from zugong.organizations.models import Organization, WorkUnit

router = Router(tags=["organizations"])


class OrganizationOut(Schema):
    id: int
    name: str
    kind: Annotated[Organization.Kind, column(Organization, "kind")]
    sector: Annotated[Organization.Sector, column(Organization, "sector")]
    parent_id: int | None
    depth: int
    founded_on: dt.date | None
    contact_phone: str
    is_closed: bool
    closed_on: dt.date | None


class OrganizationIn(Schema):
    parent_id: Annotated[int, column(Organization, "parent")]
    name: Annotated[str, column(Organization, "name")]
    kind: Annotated[Organization.Kind, column(Organization, "kind")]
    sector: Annotated[Organization.Sector, column(Organization, "sector")]
    founded_on: Annotated[dt.date, column(Organization, "founded_on")] | None = None
    contact_phone: Annotated[str, column(Organization, "contact_phone")] = ""


class OrganizationPatch(Schema):
    """Fields left out stay as they are; null is accepted only where the record may be empty."""

    name: Annotated[str, column(Organization, "name")] = None  # type: ignore[assignment]
    kind: Annotated[Organization.Kind, column(Organization, "kind")] = None  # type: ignore[assignment]
    sector: Annotated[Organization.Sector, column(Organization, "sector")] = None  # type: ignore[assignment]
    founded_on: Annotated[dt.date, column(Organization, "founded_on")] | None = None
    contact_phone: Annotated[str, column(Organization, "contact_phone")] = None  # type: ignore[assignment]


class MoveIn(Schema):
    parent_id: Annotated[int, column(Organization, "parent")]


class CloseIn(Schema):
    closed_on: Annotated[dt.date, column(Organization, "closed_on")]
    reason: Annotated[str, column(Organization, "close_reason")]


class WorkUnitOut(Schema):
    id: int
    name: str
    kind: Annotated[WorkUnit.Kind, column(WorkUnit, "kind")]
    credit_code: str
    employee_count: int | None
    is_above_scale: bool
    address: str
    managed_by_id: int
    covered_by_id: int | None
    is_closed: bool


class WorkUnitIn(Schema):
    name: Annotated[str, column(WorkUnit, "name")]
    kind: Annotated[WorkUnit.Kind, column(WorkUnit, "kind")]
    managed_by_id: Annotated[int, column(WorkUnit, "managed_by")]
    covered_by_id: Annotated[int, column(WorkUnit, "covered_by")] | None = None
    credit_code: Annotated[str, column(WorkUnit, "credit_code")] = ""
    employee_count: Annotated[int, column(WorkUnit, "employee_count")] | None = None
    is_above_scale: Annotated[bool, column(WorkUnit, "is_above_scale")] = False
    address: Annotated[str, column(WorkUnit, "address")] = ""


class WorkUnitPatch(Schema):
    """Fields left out stay as they are; null is accepted only where the record may be empty."""

    name: Annotated[str, column(WorkUnit, "name")] = None  # type: ignore[assignment]
    credit_code: Annotated[str, column(WorkUnit, "credit_code")] = None  # type: ignore[assignment]
    employee_count: Annotated[int, column(WorkUnit, "employee_count")] | None = None
    is_above_scale: Annotated[bool, column(WorkUnit, "is_above_scale")] = None  # type: ignore[assignment]
    address: Annotated[str, column(WorkUnit, "address")] = None  # type: ignore[assignment]
    managed_by_id: Annotated[int, column(WorkUnit, "managed_by")] = None  # type: ignore[assignment]
    covered_by_id: Annotated[int, column(WorkUnit, "covered_by")] | None = None


class WorkUnitSaved(Schema):
    unit: WorkUnitOut
    warnings: list[str]


def _target(user, pk, capability="organizations.change") -> Organization:
    """An organization named in a payload: missing and out of scope are both 404, like a URL."""
    return selectors.access_organization(user, pk, capability=capability)


@router.get("/organizations", response=list[OrganizationOut])
@paginate(Page)
def list_organizations(request, parent_id: Id | None = None, q: Search = "", include_closed: bool = False):
    orgs = selectors.organizations_visible_to(request.user)
    if not include_closed:
        orgs = orgs.open()
    if parent_id is not None:
        orgs = orgs.filter(parent_id=parent_id)
    if q:
        orgs = orgs.filter(name__contains=q)
    return orgs


@router.get("/organizations/{pk}", response=OrganizationOut)
def get_organization(request, pk: Id):
    return selectors.access_organization(request.user, pk)


@router.post("/organizations", response={201: OrganizationOut})
def create_organization(request, payload: OrganizationIn):
    parent = _target(request.user, payload.parent_id)
    fields = payload.dict(exclude={"parent_id"})
    return 201, services.create_organization(request.user, parent, **fields)


@router.patch("/organizations/{pk}", response=OrganizationOut)
def update_organization(request, pk: Id, payload: OrganizationPatch):
    org = selectors.access_organization(request.user, pk, for_change=True)
    return services.update_organization(request.user, org, **payload.dict(exclude_unset=True))


@router.post("/organizations/{pk}/move", response=OrganizationOut)
def move_organization(request, pk: Id, payload: MoveIn):
    org = selectors.access_organization(request.user, pk, for_change=True)
    return services.move_organization(request.user, org, _target(request.user, payload.parent_id))


@router.post("/organizations/{pk}/close", response=OrganizationOut)
def close_organization(request, pk: Id, payload: CloseIn):
    org = selectors.access_organization(request.user, pk, for_change=True)
    return services.close_organization(request.user, org, payload.closed_on, payload.reason)


@router.get("/work-units", response=list[WorkUnitOut])
@paginate(Page)
def list_work_units(request, kind: Annotated[WorkUnit.Kind, column(WorkUnit, "kind")] | None = None,
                    q: Search = ""):
    units = selectors.work_units_visible_to(request.user).filter(is_closed=False)
    if kind:
        units = units.filter(kind=kind)
    if q:
        units = units.filter(name__contains=q)
    return units


@router.get("/work-units/{pk}", response=WorkUnitOut)
def get_work_unit(request, pk: Id):
    return selectors.access_work_unit(request.user, pk)


def _unit_fields(user, payload: dict) -> dict:
    fields = dict(payload)
    if "managed_by_id" in fields:
        fields["managed_by"] = _target(user, fields.pop("managed_by_id"))
    if "covered_by_id" in fields:
        pk = fields.pop("covered_by_id")
        fields["covered_by"] = None if pk is None else _target(user, pk, "organizations.view")
    return fields


@router.post("/work-units", response={201: WorkUnitSaved})
def create_work_unit(request, payload: WorkUnitIn):
    unit, warnings = services.create_work_unit(request.user, **_unit_fields(request.user, payload.dict()))
    return 201, {"unit": unit, "warnings": warnings}


@router.patch("/work-units/{pk}", response=WorkUnitSaved)
def update_work_unit(request, pk: Id, payload: WorkUnitPatch):
    unit = selectors.access_work_unit(request.user, pk, for_change=True)
    fields = _unit_fields(request.user, payload.dict(exclude_unset=True))
    unit, warnings = services.update_work_unit(request.user, unit, **fields)
    return {"unit": unit, "warnings": warnings}
