"""The nightly check of branch work: each organization that held fewer meetings of a kind than the rules expect in
that kind's LAST COMPLETE period — the previous month (committee, group, theme day), quarter (general meeting,
party lecture) or year (organizational life meeting). Who owes which meetings: ``selectors`` (its docstring).

One finding per organization and kind (its key): the next period's run updates it, or marks it 已消除 when that
period was met.
"""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from zugong.branchlife.selectors import VIEW, shortfalls
from zugong.core.checks import FindingData, register_check
from zugong.core.models import Finding


@register_check("branchlife.meetings_short", _("三会一课、主题党日未达到规定次数"), capability=VIEW)
def meetings_short(within: str, today: dt.date):
    for found in shortfalls(within, today):
        org, tally, period = found.organization, found.tally, found.period
        label = tally.frequency.label
        yield FindingData(
            subject=org, scope_path=org.path, url=org.get_absolute_url(), key=f"branchlife:{tally.frequency.kind}",
            severity=Finding.Severity.WARNING, due_on=period.end,
            title=f"「{org}」{period.label}{label}未达到规定次数",
            detail=f"{period.label}{label}：应召开{tally.expected}次，实际{tally.held}次（{tally.source}）",
        )
