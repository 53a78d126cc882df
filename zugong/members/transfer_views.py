"""Pages of membership transfers (组织关系转接): inbox, outbox, start, accept, return, letters."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from zugong.core.access import DomainError, path_in_scope, scope_q
from zugong.core.forms_helpers import form_page
from zugong.members import documents, forms, selectors, transfers
from zugong.members.models import MembershipTransfer
from zugong.members.services import MEMBER_KINDS
from zugong.organizations.models import Organization
from zugong.organizations.selectors import organizations_visible_to, work_units_visible_to

PENDING = MembershipTransfer.Status.PENDING
AWAITING_RECEIPT = (MembershipTransfer.Status.ACCEPTED, MembershipTransfer.Status.AWAITING_RECEIPT)


@require_GET
def transfer_list(request):
    visible = selectors.transfers_visible_to(request.user)
    mine = scope_q(request.user, "members.view", "to_organization__path")
    awaiting = list(visible.filter(scope_q(request.user, "members.view", "from_organization__path"),
                                   status__in=AWAITING_RECEIPT).select_related("member", "issuer", "to_organization"))
    for transfer in awaiting:  # the receipt goes back to the issuing committee: its people record it
        transfer.can_record_receipt = transfer.issuer is None or path_in_scope(
            request.user, "members.change", transfer.issuer.path)
    return render(request, "members/transfers.html", {
        "inbox": visible.filter(mine, status=PENDING),
        "outbox": visible.filter(scope_q(request.user, "members.view", "from_organization__path"), status=PENDING),
        "awaiting": awaiting,
        "recent": visible.exclude(status=PENDING)[:50],
        "can_receive": request.user.has_capability("members.change"),
    })


def transfer_start(request, pk):
    member = selectors.access_member(request.user, pk, for_change=True)
    # Any organization in the system may receive, inside the user's scope or not.
    destinations = Organization.objects.open().filter(kind__in=MEMBER_KINDS).exclude(pk=member.organization_id)
    form = forms.TransferForm(request.POST or None, destinations=destinations.select_related("parent"))
    return form_page(
        request, form, lambda data: transfers.start_transfer(request.user, member, **data),
        done=lambda t: f"已开具介绍信 {t.letter_number}，等待「{t.to_label}」接收。", then=lambda t: f"{member.get_absolute_url()}?tab=transfers",
        template="members/form.html", context={"title": _("组织关系转接"), "member": member},
    )


def transfer_out(request, pk):
    member = selectors.access_member(request.user, pk, for_change=True)
    return form_page(
        request, forms.TransferOutForm(request.POST or None),
        lambda data: transfers.transfer_out(request.user, member, **data),
        done="已办理转出，该党员不再列入本系统在册党员。", then=lambda t: f"{member.get_absolute_url()}?tab=transfers",
        template="members/form.html", context={"title": _("转出本系统"), "member": member},
    )


def transfer_receive(request):
    if not request.user.has_capability("members.change"):
        raise Http404
    form = forms.ReceiveForm(
        request.POST or None,
        organizations=organizations_visible_to(request.user, "members.change").open().filter(kind__in=MEMBER_KINDS),
        units=work_units_visible_to(request.user).filter(is_closed=False),
    )
    return form_page(
        request, form, lambda data: transfers.receive_from_outside(request.user, **data),
        done=lambda m: f"已接收「{m}」的组织关系。", template="members/form.html",
        context={"title": _("接收系统外转入")},
    )


@require_POST
def transfer_decide(request, pk, decision):
    transfer = selectors.access_transfer(request.user, pk, for_change=True)
    try:
        if decision == "accept":
            transfers.accept_transfer(request.user, transfer)
            messages.success(request, f"已接收{transfer.member}的组织关系。")
        elif decision == "cancel":
            transfers.cancel_transfer(request.user, transfer)
            messages.success(request, "已撤回。")
        else:
            raise Http404
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("members:transfers")


def transfer_return(request, pk):
    transfer = selectors.access_transfer(request.user, pk)
    if transfer.to_organization is None or not path_in_scope(request.user, "members.change", transfer.to_organization.path):
        raise Http404
    return form_page(
        request, forms.ReturnForm(request.POST or None),
        lambda data: transfers.return_transfer(request.user, transfer, data["reason"]),
        done="已退回。", then=lambda t: "members:transfers", template="members/form.html",
        context={"title": _("退回组织关系转接")},
    )


def transfer_receipt(request, pk):
    """The issuing committee records the returned receipt (回执), which closes the transfer."""
    transfer = selectors.access_transfer(request.user, pk)
    if transfer.from_organization is None or not path_in_scope(
        request.user, "members.change", transfer.from_organization.path
    ):
        raise Http404
    return form_page(
        request, forms.ReceiptForm(request.POST or None),
        lambda data: transfers.record_receipt(request.user, transfer, data["on"]),
        done=lambda t: f"已登记回执，{t.member}的组织关系转接已办结。", then=lambda t: "members:transfers",
        template="members/form.html", context={"title": _("登记回执（介绍信 %(number)s）") % {
            "number": transfer.letter_number}},
    )


LETTER_FORMATS = {
    "docx": (documents.transfer_letter, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "pdf": (documents.transfer_letter_pdf, "application/pdf"),
}


@require_GET
def transfer_letter(request, pk, fmt="docx"):
    """The letter for the sending side to print, as Word or PDF."""
    transfer = selectors.access_transfer(request.user, pk)
    if transfer.from_organization is None or not path_in_scope(
        request.user, "members.change", transfer.from_organization.path
    ):
        raise Http404
    render_letter, content_type = LETTER_FORMATS[fmt]
    response = HttpResponse(render_letter(transfer), content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename=letter-{transfer.letter_number}.{fmt}"
    return response
