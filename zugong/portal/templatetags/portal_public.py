"""The guard every public template puts typed text through (an article's body, a notice's text): 身份证号 and
mobile numbers are masked before the text is escaped and broken into paragraphs."""

from django import template
from django.utils.html import linebreaks
from django.utils.safestring import SafeString

from zugong.portal.selectors import masked

register = template.Library()


@register.filter
def public_text(value) -> SafeString:
    return SafeString(linebreaks(masked(str(value or "")), autoescape=True))


@register.filter
def public_line(value) -> str:
    """One line of typed text (a title, a summary): masked, escaped by the template as usual."""
    return masked(str(value or ""))
