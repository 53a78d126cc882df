"""Demo (示范数据) of 回访复查: the three lowest targets of the demo's finalized round reviewed — one review done
(each shortcoming found put right, partly or not), one planned and not yet due, one planned and overdue (a finding
once the checks run). Through the services, like a person would: three reviews are a handful of rows."""

import datetime as dt

from zugong.accounts.models import User
from zugong.assessments import followups
from zugong.assessments.followups import Entry
from zugong.assessments.models import FollowUp, FollowUpAspect, FollowUpItem, Result, Round
from zugong.organizations import demo

OUTCOMES = (FollowUpItem.Outcome.FIXED, FollowUpItem.Outcome.PARTLY, FollowUpItem.Outcome.NOT_FIXED)


def add_follow_ups(ctx: demo.DemoContext) -> None:
    actor = User.objects.filter(username="admin").first()
    round_ = Round.objects.filter(status=Round.Status.FINALIZED).order_by("-pk").first()
    if actor is None or round_ is None:
        return
    lowest = list(Result.objects.filter(round=round_).select_related("round", "organization")
                  .order_by("-rank", "-org_path")[:3])
    aspects = list(FollowUpAspect.objects.order_by("order", "pk"))
    for n, result in enumerate(lowest):
        due_on = ctx.today - dt.timedelta(days=10) if n == 1 else None  # the second one is overdue
        follow_up = followups.plan_from_result(actor, result, due_on=due_on)
        if n == 0:
            items = list(follow_up.items.order_by("order", "pk"))
            followups.record_items(actor, follow_up, [
                Entry(item, OUTCOMES[i % 3], "查阅台账、走访党员核实", aspects[i % len(aspects)])
                for i, item in enumerate(items)])
            followups.close_review(actor, follow_up, held_on=ctx.today, reviewers="县委组织部组织科 王敏、李强",
                                   summary="整改措施大部分落实，长效机制已建立；未整改事项限期一个月内完成。")
    ctx.counts["assessment_follow_ups"] = len(lowest)


demo.register_step(add_follow_ups)
demo.RESET_MODELS[:0] = [FollowUp]  # items go with their review; the 四查 are data, kept
