from django.urls import Resolver404, resolve

from zugong.core.navigation import MODULES


def _active_item(current_name: str):
    """The item whose section is the longest prefix of the current URL name."""
    best, best_len = None, -1
    for item in MODULES:
        section = item.section or item.url_name
        if section and current_name.startswith(section) and len(section) > best_len:
            best, best_len = item, len(section)
    return best


def navigation(request):
    user = getattr(request, "user", None)  # absent on a 400 raised before authentication (a bad Host header)
    if user is None or not user.is_authenticated:
        return {}
    try:
        match = resolve(request.path_info)
        current_name = f"{match.namespace}:{match.url_name}"
    except Resolver404:
        current_name = ""
    active = _active_item(current_name)
    items = [
        {"label": item.label, "icon": item.icon, "url": item.url, "active": item is active}
        for item in MODULES
        if not item.capability or request.user.has_capability(item.capability)
    ]
    return {"nav_items": items}
