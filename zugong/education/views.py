"""Pages of member education and care: study days, pledges, the yearly 100-point score and stars, care."""

import io

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from zugong.branchlife.models import Attendance
from zugong.branchlife.selectors import roll_candidates
from zugong.branchlife.study_days import study_days
from zugong.core.access import get_in_scope, path_in_scope, scope_q
from zugong.core.dates import month_start
from zugong.core.downloads import XLSX, new_workbook, write_cells
from zugong.core.forms_helpers import form_page
from zugong.core.paging import page_of
from zugong.core.policy import may_change_policy, policy_int
from zugong.core.submissions import fields_of
from zugong.core.tree import subtree_q
from zugong.education import forms, selectors, services
from zugong.education.models import Pledge, ScoreItem
from zugong.education.policies import PLAQUE_MIN_STARS
from zugong.members.models import Member
from zugong.members.selectors import access_member, members_visible_to
from zugong.members.services import MEMBER_KINDS
from zugong.organizations.selectors import organizations_visible_to, scope_roots

FORM = "education/form.html"
BRANCHES_RANKED = 120  # a township's branches; above that, choose a township first (each branch is computed)


def _scope(request):
    """The filter every list shares: an organization (default: the user's scope) and a year (default: this one)."""
    visible = organizations_visible_to(request.user, "members.view").open()
    form = forms.ScopeForm(request.GET or None, organizations=visible)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    root = data.get("organization") or scope_roots(request.user, "members.view").first()
    if root is None:
        raise Http404
    return form, root, data.get("year") or timezone.localdate().year


def _branch(request, pk):
    return get_in_scope(organizations_visible_to(request.user, "members.change").open().filter(
        kind__in=MEMBER_KINDS), pk)


def _branches_under(request, root):
    return organizations_visible_to(request.user, "members.view").open().filter(kind__in=MEMBER_KINDS).exclude(
        kind="group").under(root.path).order_by("path")


@require_GET
def study_list(request):
    """The study days (branch meetings of kind 学习日) of the organization's subtree in the year, each with its roll
    counted (出席 / 应到) for the page shown only."""
    form, root, year = _scope(request)
    sessions = study_days().filter(subtree_q(root.path, "org_path"), scope_q(request.user, "members.view", "org_path"),
                                   held_on__year=year).select_related("organization")
    page = Paginator(sessions.order_by("-held_on", "org_path"), 50).get_page(request.GET.get("page"))
    counts = {pk: (roll, present) for pk, roll, present in Attendance.objects.filter(
        meeting__in=[s.pk for s in page]).values("meeting_id").annotate(
        roll=Count("pk"), present=Count("pk", filter=Q(status=Attendance.Status.PRESENT))).values_list(
        "meeting_id", "roll", "present")}
    for session in page:
        session.roll_count, session.present_count = counts.get(session.pk, (0, 0))
    return render(request, "education/study.html", {
        "form": form, "page": page, "year": year, "tab": "study",
        "branches": [b for b in _branches_under(request, root)[:200]
                     if path_in_scope(request.user, "members.change", b.path)],
    })


def study_new(request, pk):
    """Record a study day: a branch meeting of kind 学习日 with the branch's whole roll (its groups included)."""
    branch = _branch(request, pk)
    members = roll_candidates(branch)
    form = forms.StudySessionForm(request.POST or None, members=members,
                                  initial={"held_on": timezone.localdate(), "attendees": list(members)})
    return form_page(
        request, form, lambda data: services.record_study_session(request.user, branch, **fields_of(data)),
        done=_recorded, then=lambda s: reverse("education:study"), template=FORM,
        context={"title": f"{branch.name} · {_('登记学习日')}", "tab": "study"},
    )


def _recorded(meeting) -> str:
    statuses = list(meeting.attendance.values_list("status", flat=True))
    return f"已登记学习日，出席 {statuses.count(Attendance.Status.PRESENT)}/{len(statuses)} 人。"


@require_GET
def pledge_list(request):
    form, root, year = _scope(request)
    pledges = Pledge.objects.filter(member__in=members_visible_to(request.user).under(root.path), year=year
                                    ).select_related("member", "member__organization")
    page = Paginator(pledges.order_by("member__org_path", "member__name", "pk"), 50).get_page(request.GET.get("page"))
    return render(request, "education/pledges.html", {"form": form, "page": page, "year": year, "tab": "pledges"})


def pledge_new(request, pk):
    member = access_member(request.user, pk, for_change=True)
    form = forms.PledgeForm(request.POST or None, initial={"year": timezone.localdate().year})
    return form_page(
        request, form, lambda data: services.record_pledge(request.user, member, **fields_of(data)),
        done="已登记公开承诺。", then=lambda p: f"{reverse('education:pledges')}?year={p.year}", template=FORM,
        context={"title": f"{member.name} · {_('公开承诺')}", "tab": "pledges"},
    )


def pledge_review(request, pk):
    pledge = get_in_scope(Pledge.objects.filter(member__in=members_visible_to(request.user, "members.change"))
                          .select_related("member", "member__organization"), pk)
    form = forms.PledgeReviewForm(request.POST or None, initial={
        "leader_comment": pledge.leader_comment, "public_review": pledge.public_review,
        "kept": {True: "yes", False: "no"}.get(pledge.kept, ""), "seen": services.review_version(pledge)})
    return form_page(
        request, form, lambda data: services.review_pledge(request.user, pledge, **{**data, "seen": data["seen"] or None}),
        done="已保存点评和评议结果。", then=lambda p: f"{reverse('education:pledges')}?year={p.year}", template=FORM,
        context={"title": _("%(name)s：%(content)s") % {"name": pledge.member.name, "content": pledge.content}, "tab": "pledges"},
    )


@require_GET
def points(request):
    """One branch's scores for a year, ranked; or, above a branch, the list of branches to open."""
    form, root, year = _scope(request)
    branch = root if root.kind in MEMBER_KINDS and not root.children.filter(kind__in=MEMBER_KINDS).exclude(
        kind="group").exists() else None
    rows = selectors.year_scores(branch, year, timezone.localdate()) if branch is not None else []
    branches = list(_branches_under(request, root)[:BRANCHES_RANKED + 1]) if branch is None else []
    ranking = (selectors.branch_ranking(branches, year, timezone.localdate(), policy_int(PLAQUE_MIN_STARS.key))
               if branches and len(branches) <= BRANCHES_RANKED else [])
    return render(request, "education/points.html", {
        "form": form, "year": year, "branch": branch, "rows": sorted(rows, key=lambda r: (r.rank, r.member.name)),
        "items": list(ScoreItem.objects.all()), "tab": "points", "ranking": ranking,
        "branches": branches[:BRANCHES_RANKED], "too_many": len(branches) > BRANCHES_RANKED,
        "can_change": branch is not None and path_in_scope(request.user, "members.change", branch.path),
        "may_import": request.user.has_capability("members.change"),
    })


def points_entry(request, pk):
    member = access_member(request.user, pk, for_change=True)
    form = forms.PointsEntryForm(request.POST or None, initial={"year": timezone.localdate().year})
    return form_page(
        request, form, lambda data: services.enter_points(request.user, member, **fields_of(data)),
        done="已登记积分。",
        then=lambda e: f"{reverse('education:points')}?organization={member.organization_id}&year={e.year}",
        template=FORM, context={"title": f"{member.name} · {_('登记积分')}", "tab": "points"},
    )


@require_GET
def plaques(request):
    """星级党员 at or above the policy's stars, in the chosen part of the tree, as .xlsx."""
    _form, root, year = _scope(request)
    least = policy_int(PLAQUE_MIN_STARS.key)
    today = timezone.localdate()
    buffer = io.BytesIO()
    book = new_workbook(buffer)
    sheet = book.add_worksheet(f"{year}年星级党员")
    head = book.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1})
    write_cells(sheet, 0, 0, ["党组织", "姓名", "积分", "星级", "支部排名"], head)
    sheet.set_column(0, 0, 30)
    row_number = 1
    for branch in _branches_under(request, root):
        for row in sorted(selectors.year_scores(branch, year, today), key=lambda r: r.rank):
            if row.stars >= least:
                write_cells(sheet, row_number, 0, [branch.name, row.member.name, row.total, "★" * row.stars,
                                                   row.rank])
                row_number += 1
    book.close()
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''plaques-{year}-{root.pk}.xlsx"
    return response


@require_GET
def scheme(request):
    if not request.user.has_capability("members.view"):
        raise Http404
    return render(request, "education/scheme.html", {
        "items": ScoreItem.objects.all(), "can_change": may_change_policy(request.user),
        "tab": "points"})


def scheme_edit(request):
    if not may_change_policy(request.user):
        raise Http404
    items = list(ScoreItem.objects.all())
    form = forms.SchemeForm(request.POST or None, items=items, seen=services.scheme_version())
    return form_page(
        request, form, lambda data: services.set_scheme(request.user, {i: data[f"points_{i.pk}"] for i in items},
                                                        seen=data["seen"] or None, kinds=form.kinds()),
        done="已保存积分项目分值。", then=lambda r: reverse("education:scheme"), template=FORM,
        context={"title": _("调整百分制积分项目"), "tab": "points"},
    )


@require_GET
def care(request):
    form, root, year = _scope(request)
    today = timezone.localdate()
    eligibility = selectors.care_eligibility(members_visible_to(request.user).under(root.path)
                                             .select_related("organization"), today)
    children = list(organizations_visible_to(request.user, "members.view").filter(parent=root).open()) or [root]
    # both lists grow with the county (1.26 MB for the demo county unpaged): each is paged on its own
    eligible, query = page_of(request, [e for e in eligibility if e.eligible])
    not_eligible, others_query = page_of(request, [e for e in eligibility if not e.eligible], "others")
    return render(request, "education/care.html", {
        "form": form, "year": year, "root": root, "tab": "care", "today": today,
        "page": eligible, "query": query, "others": not_eligible, "others_query": others_query,
        "totals": selectors.care_totals(request.user, children, year),
    })


def care_pay(request, pk):
    branch = _branch(request, pk)
    today = timezone.localdate()
    eligible = [e.member.pk for e in selectors.care_eligibility(Member.objects.filter(organization=branch), today)
                if e.eligible]
    members = Member.objects.filter(pk__in=eligible).order_by("name")
    form = forms.CarePayForm(request.POST or None, members=members,
                             initial={"month": f"{today:%Y-%m}", "paid_on": today, "members": list(members)})
    return form_page(
        request, form, lambda data: services.pay_care_allowance(
            request.user, branch, month_start(data["month"]), list(data["members"]), data["paid_on"]),
        done=lambda payments: f"已发放关爱金 {len(payments)} 人。", then=lambda p: reverse("education:care"),
        template=FORM, context={"title": f"{branch.name} · {_('发放关爱金')}", "tab": "care"},
    )


def aid_new(request, pk):
    member = access_member(request.user, pk, for_change=True)
    form = forms.AidForm(request.POST or None, initial={"granted_on": timezone.localdate()})
    return form_page(
        request, form, lambda data: services.grant_mutual_aid(request.user, member, **fields_of(data)),
        done="已登记互助金。",
        then=lambda g: reverse("education:care"), template=FORM,
        context={"title": f"{member.name} · {_('互助金')}", "tab": "care"},
    )


def visit_new(request, pk):
    member = access_member(request.user, pk, for_change=True)
    form = forms.VisitForm(request.POST or None, initial={"visited_on": timezone.localdate()})
    return form_page(
        request, form, lambda data: services.record_visit(request.user, member, **fields_of(data)),
        done="已登记走访慰问。",
        then=lambda v: reverse("education:care"), template=FORM,
        context={"title": f"{member.name} · {_('走访慰问')}", "tab": "care"},
    )
