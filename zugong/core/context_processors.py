from django.urls import resolve, Resolver404

from zugong.core.navigation import MODULES


def navigation(request):
    if not request.user.is_authenticated:
        return {}
    try:
        current = resolve(request.path_info)
        current_name = f"{current.namespace}:{current.url_name}"
    except Resolver404:
        current_name = ""
    items = []
    for item in MODULES:
        if item.capability and not request.user.has_capability(item.capability):
            continue
        items.append(
            {
                "label": item.label,
                "icon": item.icon,
                "url": item.url,
                "active": bool(item.url_name)
                and current_name.split(":")[0] == item.url_name.split(":")[0]
                and (item.url_name == current_name or item.url_name.split(":")[0] != "core"),
            }
        )
    return {"nav_items": items}
