"""The Excel pages of study days and points entries: each list's export (its organization and year), and the
import — upload, check (every problem listed, nothing written), confirm (applied once, all rows or none); the same
page cycle as the development cases' import (``development.import_views.import_page``)."""

from django import forms
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from zugong.branchlife.study_days import study_days
from zugong.core.access import path_in_scope, scope_q
from zugong.core.audit import described_filters, record_id_export
from zugong.core.downloads import xlsx_response
from zugong.core.forms import StyledFormMixin
from zugong.core.tree import subtree_q
from zugong.core.uploads import UploadField
from zugong.development.import_views import import_page
from zugong.education import points_excel, study_excel
from zugong.education.models import PointsEntry, ScoreItem
from zugong.education.views import _scope
from zugong.members.selectors import members_visible_to
from zugong.members.services import MEMBER_KINDS
from zugong.organizations.selectors import organizations_visible_to

SESSION_KEY = "study_imports"


POINTS_SESSION_KEY = "points_imports"


class UploadForm(StyledFormMixin, forms.Form):
    workbook = UploadField(label=_("学习日台账（.xlsx）"))


class PointsUploadForm(StyledFormMixin, forms.Form):
    workbook = UploadField(label=_("党员积分登记表（.xlsx）"))


@require_GET
def study_export(request):
    """The study days the list shows: its organization (with what is below) and year, within the user's scope."""
    _form, root, year = _scope(request)
    sessions = study_days().filter(subtree_q(root.path, "org_path"), scope_q(request.user, "members.view", "org_path"),
                                   held_on__year=year)
    return xlsx_response(study_excel.export_sessions(sessions.order_by("org_path", "held_on", "pk")),
                         f"study-days-{year}.xlsx")


def study_import(request):
    if not request.user.has_capability("members.change"):
        raise Http404
    branches = organizations_visible_to(request.user, "members.change").open().filter(kind__in=MEMBER_KINDS)
    return import_page(
        request, run=lambda path, apply: study_excel.import_sessions(request.user, path, branches, apply=apply),
        session_key=SESSION_KEY, template="education/study_import.html", done="education:study",
        done_message=lambda r: f"导入完成：登记学习日 {len(r.to_create)} 次，已登记未变化 {r.unchanged} 次。",
        upload_form=UploadForm, context={"columns": [title for title, _width in study_excel.COLUMNS], "required": study_excel.REQUIRED})




@require_GET
def points_export(request):
    """The points entered for the members the points page covers (its organization and year, within the scope);
    full ID numbers only for a role that may see every one."""
    form, root, year = _scope(request)
    entries = PointsEntry.objects.filter(member__in=members_visible_to(request.user).under(root.path), year=year)
    full = all(path_in_scope(request.user, "members.identity", p) for p in request.user.scope_prefixes("members.view"))
    if full:
        record_id_export(request.user, root, register="党员积分登记", filters=described_filters(
            form, getattr(form, "cleaned_data", {})), count=entries.count())
    return xlsx_response(points_excel.export_entries(entries.order_by("member__org_path", "member__name", "pk"),
                                                     full_id_numbers=full), f"points-{year}.xlsx")


def points_import(request):
    if not request.user.has_capability("members.change"):
        raise Http404
    branches = organizations_visible_to(request.user, "members.change").open().filter(kind__in=MEMBER_KINDS)
    return import_page(
        request, run=lambda path, apply: points_excel.import_entries(request.user, path, branches, apply=apply),
        session_key=POINTS_SESSION_KEY, template="education/points_import.html", done="education:points",
        done_message=lambda r: f"导入完成：新登记 {len(r.to_create)} 条，更改 {len(r.to_update)} 条，"
                               f"未变化 {r.unchanged} 条。",
        upload_form=PointsUploadForm,
        context={"columns": [title for title, _width in points_excel.COLUMNS], "required": points_excel.REQUIRED,
                 "entered_items": [i.name for i in ScoreItem.objects.filter(source=ScoreItem.Source.ENTERED)]})
