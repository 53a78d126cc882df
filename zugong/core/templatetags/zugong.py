from django import template

register = template.Library()


@register.filter
def field_value(value):
    """Render a value from an audit diff: empty values as a dash."""
    if value in (None, "", [], {}):
        return "—"
    if value is True:
        return "是"
    if value is False:
        return "否"
    return value
