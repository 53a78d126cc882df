"""Printed code slips (邀请条) and links: the absolute address of a code's answer page (答卷页面), and its QR code.

The address starts with ``ZUGONG_PUBLIC_BASE_URL`` when it is set (the name respondents reach the server by),
otherwise with the address the page was requested at. The QR code (segno) is an SVG ``data:`` image, which the
Content-Security-Policy's ``img-src`` allows, so the slips print without any request for images.
"""

import segno
from django.conf import settings
from django.urls import reverse

QR_ERROR_LEVEL = "m"  # 15 % of the code may be smudged or folded and it still reads
QR_SCALE = 3  # pixels per module on screen; printed, the CSS sets the size in millimetres


def public_url(request, path: str) -> str:
    base = settings.ZUGONG_PUBLIC_BASE_URL
    return f"{base}{path}" if base else request.build_absolute_uri(path)


def answer_url(request, code: str) -> str:
    """Where a code's questionnaire opens directly (the code is in the address, nothing to type)."""
    return public_url(request, reverse("survey_public:answer", args=[code]))


def qr_image(url: str) -> str:
    """The QR code of ``url`` as an SVG data URI for an ``<img src>``."""
    return segno.make(url, error=QR_ERROR_LEVEL).svg_data_uri(scale=QR_SCALE, border=2)
