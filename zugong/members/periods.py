"""The history of where each member was (``MembershipPeriod``): written by every use case that puts a member in
an organization, moves one, or takes one off the register. Statistics read it "as of a date"."""

import datetime as dt

from zugong.core.bulk import insert_many, insert_rows
from zugong.members.models import Member, MembershipPeriod
from zugong.organizations.models import Organization

R = MembershipPeriod.EndReason
LEAVING_STATUS = {R.TRANSFERRED_OUT: Member.Status.TRANSFERRED_OUT, R.DECEASED: Member.Status.DECEASED,
                  R.LAPSED: Member.Status.LAPSED, R.EXPELLED: Member.Status.EXPELLED,
                  R.PROBATION_CANCELLED: Member.Status.PROBATION_CANCELLED}


def open_periods(members: list[Member], started_on: dt.date | None = None) -> None:
    """New members enter the register: in their organization from ``started_on`` (default: their joining date)."""
    insert_many([
        MembershipPeriod(member_id=m.pk, organization_id=m.organization_id, org_path=m.org_path or m.organization.path,
                         started_on=started_on or m.joined_on) for m in members])


def open_periods_of_rows(pks: list[int], rows: list[dict]) -> None:
    """``open_periods`` for members written as plain rows (``bulk.insert_rows``), from their joining dates."""
    insert_rows(MembershipPeriod, [
        {"member_id": pk, "organization_id": row["organization_id"], "org_path": row["org_path"],
         "started_on": row["joined_on"]} for pk, row in zip(pks, rows, strict=True)])


def move(member: Member, to: Organization, on: dt.date) -> None:
    """A transfer inside the register, effective ``on``: the old period ends that day, the new one starts."""
    MembershipPeriod.objects.filter(member=member, ended_on__isnull=True).update(ended_on=on, end_reason=R.TRANSFERRED)
    MembershipPeriod.objects.create(member=member, organization=to, org_path=to.path, started_on=on)


def leave(member: Member, on: dt.date, reason: str) -> None:
    """The member leaves the register (kept, never deleted): the open period ends with its reason."""
    MembershipPeriod.objects.filter(member=member, ended_on__isnull=True).update(ended_on=on, end_reason=reason)
    member.status, member.left_on = LEAVING_STATUS[R(reason)], on
    member.save(update_fields=["status", "left_on"])
