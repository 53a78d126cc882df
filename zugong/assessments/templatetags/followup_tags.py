"""The result page's 述职报告 and 回访复查 panel (``{% followup_panel round result %}``): what the reader may see of
them, and the upload and plan buttons for those who run the round."""

from django import template

from zugong.assessments import followup_forms
from zugong.assessments.followup_selectors import follow_ups_visible_to
from zugong.assessments.selectors import RUN
from zugong.core.access import path_in_scope

register = template.Library()


@register.inclusion_tag("assessments/followup_result_panel.html", takes_context=True)
def followup_panel(context, round_, result) -> dict:
    user = context["request"].user
    can_run = path_in_scope(user, RUN, round_.org_path) and path_in_scope(user, RUN, result.org_path)
    return {"round": round_, "result": result, "csrf_token": context.get("csrf_token"), "can_run": can_run,
            "can_plan": can_run and round_.is_finalized,
            "report_form": followup_forms.ReportForm() if can_run else None,
            "follow_ups": follow_ups_visible_to(user).filter(result=result).order_by("-pk")[:20]}
