"""The fixed items (规定动作, the "5") of the 5+N 党员活动日 that the migration installs; a department edits them.

The county's own text names the 5+N day (本县规定：2019年县委组织部长署名文章《坚定践行组织路线 奋力谱写泽州篇章》)
but does not list its five items. The list below is the common practice of 主题党日 (升国旗, 重温入党誓词, 交纳党费,
集中学习, 志愿服务) until the department confirms or changes it: it is data (``ThemeDayItem``), not code.
"""

DEFAULT_FIXED_ITEMS = ["升国旗、唱国歌", "重温入党誓词", "交纳党费", "集中学习", "开展志愿服务"]


def install_default_items(item_model) -> None:
    """Add the default items that are missing (``item_model``: the model, or a migration's historical one)."""
    for order, name in enumerate(DEFAULT_FIXED_ITEMS, start=1):
        item_model.objects.get_or_create(name=name, defaults={"order": order})
