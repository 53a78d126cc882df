"""What pairing aid adds to an organization's page: its pairings in the subtree, linked to the aid's totals there,
which list a village's collective income (statistics) beside its projects, venues and visits."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zugong.core.access import path_in_scope
from zugong.organizations.figures import Figure, register_figure
from zugong.pairing.selectors import pairings_visible_to


@register_figure
def pairings_of(user, org) -> Figure | None:
    if not path_in_scope(user, "organizations.view", org.path):
        return None
    count = pairings_visible_to(user).under(org.path).count()
    return Figure(_("结对帮扶与集体经济"), f"{reverse('pairing:totals')}?organization={org.pk}", count, order=60,
                  testid="pairing")
