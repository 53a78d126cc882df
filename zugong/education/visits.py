"""Elderly members not visited this year (高龄党员走访慰问): members at or above the policy age
(``education.visit_min_age``) with no care visit (``CareVisit``) in the year — the list, its export and the check
(one finding per branch, linking to the list filtered to it)."""

import datetime as dt
import io

from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zugong.core.checks import FindingData, register_check
from zugong.core.dates import add_years
from zugong.core.downloads import new_workbook, write_cell, write_cells
from zugong.core.policy import policy_int
from zugong.core.tree import subtree_q
from zugong.education.models import CareVisit
from zugong.education.policies import VISIT_MIN_AGE
from zugong.members.models import Member
from zugong.organizations.models import Organization


def unvisited_elderly(members, today: dt.date):
    """Active members of ``members`` aged ``education.visit_min_age`` or more today, not visited in today's year."""
    age = policy_int(VISIT_MIN_AGE.key)
    visited = CareVisit.objects.filter(member=OuterRef("pk"), visited_on__year=today.year)
    return (members.active().filter(birth_date__lte=add_years(today, -age)).exclude(Exists(visited))
            .select_related("organization").order_by("org_path", "name", "pk"))


def export_unvisited(members, today: dt.date) -> bytes:
    buffer = io.BytesIO()
    book = new_workbook(buffer)
    sheet = book.add_worksheet("未走访老党员")
    head = book.add_format({"bold": True, "border": 1})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    write_cell(sheet, 0, 0, f"{today.year}年尚未走访慰问的{policy_int(VISIT_MIN_AGE.key)}周岁以上党员（{today:%Y-%m-%d}）")
    write_cells(sheet, 2, 0, ["姓名", "年龄", "出生日期", "所在党支部", "联系电话", "住址"], head)
    for column, width in enumerate((10, 6, 12, 28, 16, 40)):
        sheet.set_column(column, column, width)
    for row, member in enumerate(members.iterator(chunk_size=2000), start=3):
        write_cells(sheet, row, 0, [member.name, member.age_on(today)])
        write_cell(sheet, row, 2, member.birth_date, day)
        write_cells(sheet, row, 3, [member.organization.name, member.phone, member.address])
    book.close()
    return buffer.getvalue()


@register_check("education.elderly_unvisited", _("高龄党员本年未走访慰问"), capability="members.view")
def elderly_unvisited(within: str, today: dt.date):
    age = policy_int(VISIT_MIN_AGE.key)
    members = unvisited_elderly(Member.objects.filter(subtree_q(within, "org_path")), today)
    counts = dict(members.order_by().values_list("organization").annotate(n=Count("pk")).values_list(
        "organization", "n"))
    base = reverse("education:unvisited")
    for org in Organization.objects.filter(pk__in=counts).only("pk", "name", "path"):
        yield FindingData(
            subject=org, scope_path=org.path, url=f"{base}?organization={org.pk}",
            title=f"{org.name}有{counts[org.pk]}名{age}周岁以上党员{today.year}年尚未走访慰问",
            detail=f"依据：{VISIT_MIN_AGE.source}",
        )
