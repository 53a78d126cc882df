"""What the member register adds to the home dashboard (members by stage) and to an organization's page."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zugong.core.access import path_in_scope
from zugong.core.dashboard import register_panel
from zugong.members.models import Member
from zugong.members.selectors import members_visible_to, stage_counts
from zugong.organizations.figures import Figure, register_figure


@register_panel("members/_dashboard_panel.html", order=20)
def member_counts(user) -> dict:
    counts = stage_counts(members_visible_to(user))
    return {
        "member_total": sum(counts.values()),
        "member_stages": [(label, counts.get(value, 0)) for value, label in Member.Stage.choices],
    }


@register_figure
def members_of(user, org) -> Figure | None:
    """The organization page: members on the register in its subtree, linking to the filtered member list."""
    if not path_in_scope(user, "members.view", org.path):
        return None
    count = Member.objects.active().under(org.path).count()
    return Figure(_("党员"), f"{reverse('members:list')}?organization={org.pk}", count, order=10, testid="members")
