"""What member education adds to an organization's page: this year's study days (学习日) in its subtree."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zugong.branchlife.study_days import study_days
from zugong.core.access import path_in_scope
from zugong.core.tree import subtree_q
from zugong.organizations.figures import Figure, register_figure


@register_figure
def study_sessions_of(user, org) -> Figure | None:
    if not path_in_scope(user, "members.view", org.path):
        return None
    year = timezone.localdate().year
    count = study_days().filter(subtree_q(org.path, "org_path"), held_on__year=year).count()
    return Figure(_("本年学习日"), f"{reverse('education:study')}?organization={org.pk}&year={year}", count, order=30,
                  testid="study")
