"""Policy settings of agency performance (机关绩效, 平衡计分卡): the cycle's length, who a bulletin names, how far
over-achievement counts. Seed 002 gives the cycle (每半月一部署、一督查、一考核、一通报); the rest is local."""

from zugong.core.policy import define

MODULE = "机关绩效"
SEED = "2023年市委书记在全市提高组织工作满意度座谈会上的讲话（平衡计分卡，“四个一”工作机制）"
LOCAL = "本县规定（可调整）"

PERIODS_PER_MONTH = define(
    "performance.periods_per_month", label="“四个一”周期：每月周期数", module=MODULE, kind=int, default=2,
    unit="个/月", source=f"{SEED}：每半月一部署、一督查、一考核、一通报", minimum=1, maximum=4,
    note="2 即每半月一个周期（1日至15日、16日至月末）")
LAGGARDS = define(
    "performance.laggards", label="通报排名靠后的机关数", module=MODULE, kind=int, default=3, unit="个",
    source=f"{LOCAL}（{SEED}：一通报）", minimum=0, maximum=20)
ACHIEVEMENT_CAP_PERCENT = define(
    "performance.achievement_cap_percent", label="超额完成计分上限（完成率）", module=MODULE, kind=int, default=100,
    unit="%", source=LOCAL, minimum=100, maximum=200,
    note="完成率超过目标时最多按此比例计分，100 即超额不加分")
