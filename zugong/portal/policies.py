"""Policy settings of the portal (党务公开). The 任前公示 keeps its own setting in appointments
(``appointments.notice_working_days``); the 公示 published here (those to be admitted as members, and the like)
have no national figure in RULES.md, so theirs is the county's, defaulting to the same five working days."""

from zugong.core.policy import define

MODULE = "党务公开"
LOCAL = "本县规定（可调整）"

PUBLICITY_WORKING_DAYS = define(
    "portal.publicity_working_days", label="发展党员等公示的公示期：不少于工作日数", module=MODULE, kind=int, default=5, unit="个工作日",
    source=LOCAL + "：参照《党政领导干部选拔任用工作条例》任前公示不少于5个工作日",
    minimum=1, maximum=30)
REVIEWER_NOT_AUTHOR = define(
    "portal.reviewer_not_author", label="审核发布须由撰稿人以外的人办理", module=MODULE, kind=int,
    default=1, unit="1 是，0 否", source=LOCAL + "：稿件实行撰稿、审核分离", minimum=0, maximum=1)
UPLOAD_MAX_MB = define(
    "portal.upload_max_mb", label="附件大小上限", module=MODULE, kind=int, default=10, unit="MB", source=LOCAL,
    minimum=1, maximum=50)
IMAGE_MAX_SIDE = define(
    "portal.image_max_side", label="图片缩放后的长边上限", module=MODULE, kind=int, default=1600, unit="像素",
    source=LOCAL + "：门户页面在手机上打开要快", minimum=320, maximum=4000)
PUBLIC_CACHE_SECONDS = define(
    "portal.public_cache_seconds", label="公开页面缓存时长", module=MODULE, kind=int, default=60, unit="秒",
    source=LOCAL + "：访问者看到的公开页面最多缓存这么久，发布或撤下后最迟在此时间后显示；0 为不缓存",
    minimum=0, maximum=600)
