"""The default 100-point scheme (seed 000: 党员百分制积分管理), installed by a migration; a department edits it."""

DEFAULT_SCHEME = [
    ("参加组织生活和学习", 30, "attendance"),
    ("按时足额交纳党费", 20, "dues"),
    ("践行公开承诺", 20, "pledges"),
    ("志愿服务", 15, "entered"),
    ("发挥先锋模范作用", 15, "entered"),
]


def install_default_scheme(score_item_model) -> None:
    """Add the default items that are missing (``score_item_model``: the model, or a migration's historical one)."""
    for order, (name, points, source) in enumerate(DEFAULT_SCHEME, start=1):
        score_item_model.objects.get_or_create(name=name, defaults={"max_points": points, "source": source,
                                                                    "order": order})
