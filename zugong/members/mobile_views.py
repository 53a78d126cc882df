"""Pages for mobile members (流动党员): leaving, keeping contact, returning."""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zugong.core.forms_helpers import form_page
from zugong.members import forms, mobile, selectors
from zugong.organizations.models import Organization
from zugong.organizations.selectors import organizations_visible_to

FORM = "members/form.html"


def mobile_start(request, pk):
    member = selectors.access_member(request.user, pk, for_change=True)
    branches = organizations_visible_to(request.user).open().filter(kind=Organization.Kind.MOBILE_BRANCH)
    form = forms.MobileStartForm(request.POST or None, branches=branches, initial={"started_on": timezone.localdate()})
    return form_page(
        request, form, lambda data: mobile.start_mobile(request.user, member, **data),
        done="已登记为外出流动党员。", then=lambda record: f"{member.get_absolute_url()}?tab=mobile", template=FORM,
        context={"title": _("登记外出流动"), "member": member},
    )


def mobile_update(request, pk, action):
    member = selectors.access_member(request.user, pk, for_change=True)
    record = member.mobile_records.filter(ended_on__isnull=True).first()
    if record is None or action not in ("contact", "return"):
        raise Http404
    service = mobile.record_contact if action == "contact" else mobile.end_mobile
    form = forms.DateForm(request.POST or None, initial={"on": timezone.localdate()})
    return form_page(
        request, form, lambda data: service(request.user, record, data["on"]),
        done="已保存。", then=lambda record: f"{member.get_absolute_url()}?tab=mobile", template=FORM,
        context={"title": _("登记联系") if action == "contact" else _("登记返回"), "member": member},
    )
