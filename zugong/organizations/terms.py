"""Which term applies to an organization, and where its current term stands (任期与换届提醒)."""

import datetime as dt
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from zugong.core.dates import add_months
from zugong.core.policy import policy_int
from zugong.organizations import policies
from zugong.organizations.models import Organization


def term_policy_key(org: Organization) -> str:
    kind, sector = org.kind, org.sector
    if org.parent_id is None and kind == Organization.Kind.COMMITTEE:
        return policies.TERM_YEARS_COUNTY_COMMITTEE.key
    if sector in (Organization.Sector.RURAL, Organization.Sector.COMMUNITY):
        return policies.TERM_YEARS_VILLAGE_COMMUNITY.key
    if kind in (Organization.Kind.COMMITTEE, Organization.Kind.WORKING_COMMITTEE):
        return policies.TERM_YEARS_GRASSROOTS_COMMITTEE.key
    if kind == Organization.Kind.GENERAL_BRANCH:
        return policies.TERM_YEARS_GENERAL_BRANCH.key
    return policies.TERM_YEARS_BRANCH.key


@dataclass(frozen=True)
class TermStatus:
    CURRENT = "current"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    NO_RECORD = "no_record"
    LABELS = {CURRENT: _("任期内"), DUE_SOON: _("即将届满"), OVERDUE: _("已超期未换届"), NO_RECORD: _("无换届记录")}

    code: str
    elected_on: dt.date | None = None
    term_years: int | None = None
    ends_on: dt.date | None = None

    @property
    def label(self) -> str | Promise:
        return self.LABELS[self.code]


def term_status(
    elected_on: dt.date | None, term_years: int | None, ends_on: dt.date | None, today: dt.date,
    reminder_months: int,
) -> TermStatus:
    if ends_on is None:
        return TermStatus(TermStatus.NO_RECORD)
    if ends_on < today:
        code = TermStatus.OVERDUE
    elif ends_on <= add_months(today, reminder_months):
        code = TermStatus.DUE_SOON
    else:
        code = TermStatus.CURRENT
    return TermStatus(code, elected_on, term_years, ends_on)


def current_term(org: Organization, today: dt.date) -> TermStatus | None:
    if not org.has_term:
        return None
    election = org.elections.first()
    reminder = policy_int(policies.TERM_REMINDER_MONTHS.key)
    if election is None:
        return term_status(None, None, None, today, reminder)
    return term_status(election.elected_on, election.term_years, election.term_ends_on, today, reminder)
