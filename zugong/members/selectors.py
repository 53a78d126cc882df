"""Access to member records (the only way views, exports and the API get them)."""

import datetime as dt

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from zugong.core.access import get_in_scope, scope_q
from zugong.core.dates import add_years
from zugong.dues.selectors import in_arrears_q
from zugong.members.models import Member

AGE_BANDS = {  # RULES.md statistics bands
    "30": (None, 30), "31-35": (31, 35), "36-40": (36, 40), "41-45": (41, 45), "46-50": (46, 50),
    "51-55": (51, 55), "56-60": (56, 60), "61": (61, None),
}
AGE_BAND_LABELS = {
    "30": _("30岁及以下"), "31-35": _("31-35岁"), "36-40": _("36-40岁"), "41-45": _("41-45岁"), "46-50": _("46-50岁"),
    "51-55": _("51-55岁"), "56-60": _("56-60岁"), "61": _("61岁及以上"),
}
SORTS = {
    "organization": ("org_path", "name", "pk"), "name": ("name", "pk"),
    "-joined_on": ("-joined_on", "pk"), "joined_on": ("joined_on", "pk"), "birth_date": ("birth_date", "pk"),
}


def members_visible_to(user, capability: str = "members.view"):
    return Member.objects.filter(scope_q(user, capability, "org_path"))


def access_member(user, pk, for_change: bool = False) -> Member:
    capability = "members.change" if for_change else "members.view"
    members = members_visible_to(user, capability)
    if for_change:
        members = members.active()  # a member transferred out is kept, read-only
    return get_in_scope(members.select_related("organization", "work_unit"), pk)


def age_band_q(band: str, today: dt.date) -> Q:
    low, high = AGE_BANDS[band]
    query = Q()
    if low is not None:  # at least `low` years old: born on or before today − low years
        query &= Q(birth_date__lte=add_years(today, -low))
    if high is not None:  # at most `high`: born after today − (high + 1) years
        query &= Q(birth_date__gt=add_years(today, -(high + 1)))
    return query


def stage_counts(queryset) -> dict[str, int]:
    rows = queryset.active().values("stage").annotate(n=Count("pk"))
    return {row["stage"]: row["n"] for row in rows}


def filtered_members(user, data: dict, today: dt.date):
    """The member list as the filter form describes it (already validated), within the user's scope."""
    members = members_visible_to(user).active().select_related("organization", "work_unit")
    query = (data.get("q") or "").strip()
    if query:
        if query.replace("x", "").replace("X", "").isdigit() and len(query) >= 4:
            members = members.filter(id_number__startswith=query.upper())
        elif query.isascii() and query.isalpha():
            members = members.filter(name_initials__startswith=query.lower())
        else:
            members = members.filter(name__contains=query)
    if data.get("organization"):
        members = members.under(data["organization"].path)
    for field in ("stage", "gender", "education", "occupation"):
        if data.get(field):
            members = members.filter(**{field: data[field]})
    if data.get("sector"):
        members = members.filter(organization__sector=data["sector"])
    if data.get("age_band"):
        members = members.filter(age_band_q(data["age_band"], today))
    if data.get("is_in_hardship"):
        members = members.filter(is_in_hardship=True)
    if data.get("in_arrears"):
        members = members.filter(in_arrears_q(today))
    if data.get("is_mobile"):
        members = members.filter(mobile_records__ended_on__isnull=True, mobile_records__isnull=False)
    return members.order_by(*SORTS.get(data.get("sort") or "organization", SORTS["organization"]))


def transfers_visible_to(user, capability: str = "members.view"):
    """Transfers where either side is in the user's scope: the receiver sees its inbox."""
    from zugong.members.models import MembershipTransfer

    return MembershipTransfer.objects.filter(
        scope_q(user, capability, "from_organization__path") | scope_q(user, capability, "to_organization__path")
    ).select_related("member", "from_organization", "to_organization")


def access_transfer(user, pk, for_change: bool = False):
    return get_in_scope(transfers_visible_to(user, "members.change" if for_change else "members.view"), pk)
