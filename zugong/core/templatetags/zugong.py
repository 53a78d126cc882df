from django import template
from django.utils.translation import gettext

register = template.Library()


@register.filter
def field_value(value):
    """Render a value from an audit diff: empty values as a dash."""
    if value in (None, "", [], {}):
        return "—"
    if value is True:
        return gettext("是")
    if value is False:
        return gettext("否")
    return value


@register.filter
def form_top_errors(form) -> list:
    """Errors shown above a form: its own and those of its hidden fields (a stale page's missing token)."""
    hidden = [error for field in form.hidden_fields() for error in field.errors]
    return [*form.non_field_errors(), *hidden]
