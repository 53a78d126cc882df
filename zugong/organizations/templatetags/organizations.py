from django import template

from zugong.organizations.selectors import organizations_visible_to

register = template.Library()


@register.simple_tag
def visible_ancestors(org, user):
    """The organization's ancestors that the user may see, top first (for breadcrumbs)."""
    return organizations_visible_to(user).filter(pk__in=org.ancestors().values("pk")).order_by("depth")
