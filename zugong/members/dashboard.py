"""What the member register adds to the home dashboard: members by stage."""

from zugong.core.dashboard import register_panel
from zugong.members.models import Member
from zugong.members.selectors import members_visible_to, stage_counts


@register_panel("members/_dashboard_panel.html", order=20)
def member_counts(user) -> dict:
    counts = stage_counts(members_visible_to(user))
    return {
        "member_total": sum(counts.values()),
        "member_stages": [(label, counts.get(value, 0)) for value, label in Member.Stage.choices],
    }
