"""Policy settings of branch work (支部工作): how often each meeting is held, and when a branch has a committee.

The period of each rule (a month, a quarter, a year) is the regulation's own wording and stays in ``FREQUENCIES``
(``selectors.py``); the number of meetings in it is the policy. The quorum of a general meeting is NOT defined
here: it is the ballots' ``ballots.due_quorum`` fraction (more than half of those entitled), the one setting the
branch meeting's vote in member development reads too.
"""

from zugong.ballots import policies as ballot_policies
from zugong.core.policy import define

MODULE = "支部工作"
REGULATION = "《中国共产党支部工作条例（试行）》（2018）"
LOCAL = "本县规定：2019年县委组织部长署名文章《坚定践行组织路线 奋力谱写泽州篇章》"


def _per_period(key: str, label: str, unit: str, source: str):
    return define(f"branchlife.{key}", label=label, module=MODULE, kind=int, default=1, unit=unit, source=source,
                  minimum=1, maximum=31)


GENERAL_MEETINGS_PER_QUARTER = _per_period(
    "general_meetings_per_quarter", "支部党员大会：每季度至少召开次数", "次/季度",
    f"{REGULATION}第十一条（支部党员大会一般每季度召开1次）")
COMMITTEE_MEETINGS_PER_MONTH = _per_period(
    "committee_meetings_per_month", "支部委员会会议：每月至少召开次数", "次/月",
    f"{REGULATION}第十二条（支部委员会会议一般每月召开1次）")
GROUP_MEETINGS_PER_MONTH = _per_period(
    "group_meetings_per_month", "党小组会：每月至少召开次数", "次/月",
    f"{REGULATION}第十三条（党小组会一般每月召开1次）")
LECTURES_PER_QUARTER = _per_period(
    "lectures_per_quarter", "党课：每季度至少次数", "次/季度",
    f"{REGULATION}第十六条；本地做法每季度至少1次（条例要求党支部书记每年至少讲1次党课）")
LIFE_MEETINGS_PER_YEAR = _per_period(
    "life_meetings_per_year", "组织生活会：每年至少召开次数", "次/年",
    f"{REGULATION}第十七条（组织生活会一般每年召开1次）")
THEME_DAYS_PER_MONTH = _per_period(
    "theme_days_per_month", "主题党日（5+N 党员活动日）：每月次数", "次/月",
    f"{REGULATION}第十六条（党支部应当每月相对固定1天开展主题党日）；{LOCAL}（“5+N”党员活动日）")
COMMITTEE_MIN_FULL_MEMBERS = define(
    "branchlife.committee_min_full_members", label="设立支部委员会的正式党员人数（不足的党支部不设支委会、不查支委会会议）",
    module=MODULE, kind=int, default=7, unit="名",
    source=f"{REGULATION}第六章（正式党员7人以上的党支部设立支部委员会）", minimum=3, maximum=50,
)

# The general meeting's quorum: 到会有表决权的正式党员超过应到会人数的 numerator/denominator (ballots.due_quorum).
QUORUM_NUMERATOR, QUORUM_DENOMINATOR = ballot_policies.DUE_QUORUM

# 民主生活会: a leadership group (党委、党工委 of a township, an agency, an institution, a state enterprise, a
# school) holds one a year; who owes it is ``selectors.owed_kinds``.
DEMOCRATIC_LIFE_PER_YEAR = _per_period(
    "democratic_life_per_year", "民主生活会（领导班子）：每年至少召开次数", "次/年",
    "《关于新形势下党内政治生活的若干准则》（2016）（民主生活会每年召开1次）；"
    "《县以上党和国家机关党员领导干部民主生活会若干规定》")

# The committee meeting's quorum (第十二条: 支部委员会会议须有半数以上委员到会方可召开): at least
# numerator/denominator of the committee present — “半数以上” counts half itself (以上 includes the number), unlike
# the general meeting's “超过半数”.
COMMITTEE_QUORUM_SOURCE = f"{REGULATION}第十二条（支部委员会会议须有半数以上委员到会方可召开）"
COMMITTEE_QUORUM_NUMERATOR = define(
    "branchlife.committee_quorum_numerator", label="支部委员会会议：到会委员不少于委员总数的比例（分子）",
    module=MODULE, kind=int, default=1, unit="份", source=COMMITTEE_QUORUM_SOURCE, minimum=1, maximum=99)
COMMITTEE_QUORUM_DENOMINATOR = define(
    "branchlife.committee_quorum_denominator", label="支部委员会会议：到会委员不少于委员总数的比例（分母）",
    module=MODULE, kind=int, default=2, unit="份", source=COMMITTEE_QUORUM_SOURCE, minimum=1, maximum=100)
