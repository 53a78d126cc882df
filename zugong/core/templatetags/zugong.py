import datetime as dt
import re

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext

register = template.Library()

# A moment as the history keeps it (``str`` of an aware datetime, in UTC): 2026-12-04 06:05:00.123456+00:00.
STORED_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?([+-]\d{2}:\d{2}|Z)$")


@register.filter
def field_value(value):
    """Render a value from an audit diff: empty values as a dash, a moment in the site's time zone the way the rest
    of the site shows one (2026-12-04 14:05), not as the UTC text the history keeps."""
    if value in (None, "", [], {}):
        return "—"
    if value is True:
        return gettext("是")
    if value is False:
        return gettext("否")
    if isinstance(value, str) and STORED_MOMENT.match(value):
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
        return date_format(timezone.localtime(moment), "Y-m-d H:i")
    return value


@register.filter
def form_top_errors(form) -> list:
    """Errors shown above a form: its own and those of its hidden fields (a stale page's missing token)."""
    hidden = [error for field in form.hidden_fields() for error in field.errors]
    return [*form.non_field_errors(), *hidden]
