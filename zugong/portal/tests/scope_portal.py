"""Scope entries of the portal's staff pages for ``tests/test_scope.py`` (PORTAL_AREAS there).

Editors (``portal.publish``: department administrators and operators) read, draft and send for review within their
part of the tree; a step they may not take (审核发布 is ``portal.review``'s) is answered on its page with the reason,
inside their scope, and 404 outside it. Inspectors and branch secretaries hold neither capability.
"""

import datetime as dt

from django.core.files.base import ContentFile

from tests.fixtures import app_today
from zugong.portal.models import Article, Attachment

TARGETS = {"pt_article", "pt_publicity", "pt_review", "pt_attachment"}


def endpoints(Endpoint, personas) -> list:  # noqa: N803  (the class is passed in: test_scope imports this module)
    editors = personas["PORTAL_EDITORS"]
    text = {"title": "东风村开展主题党日", "summary": "", "body": "全体党员参加。", "contact": ""}
    row = {"entries-TOTAL_FORMS": "1", "entries-INITIAL_FORMS": "0", "entries-MIN_NUM_FORMS": "0",
           "entries-MAX_NUM_FORMS": "500", "entries-0-name": "李明", "entries-0-sex": "男",
           "entries-0-birth_month": "1992.03"}
    return [
        Endpoint("portal:list", "GET", editors, None),
        Endpoint("portal:new", "GET", editors, None, url_kwargs=lambda o: {"kind": "news"}),
        Endpoint("portal:new", "POST", editors, None, ok=(302,), url_kwargs=lambda o: {"kind": "news"},
                 data=lambda o: {**text, "organization": o["org"].pk}),
        Endpoint("portal:development", "GET", editors, None, data=lambda o: {"organization": o["org"].pk}),
        Endpoint("portal:development", "POST", editors, None,
                 data=lambda o: {"organization": o["org"].pk, "title": "发展党员公示"}),
        Endpoint("portal:detail", "GET", editors, "pt_article"),
        Endpoint("portal:edit", "GET", editors, "pt_article"),
        Endpoint("portal:edit", "POST", editors, "pt_article", ok=(302,), data=lambda o: text),
        Endpoint("portal:entries", "GET", editors, "pt_publicity"),
        Endpoint("portal:entries", "POST", editors, "pt_publicity", ok=(302,), data=lambda o: row),
        Endpoint("portal:attachment_new", "GET", editors, "pt_article"),
        Endpoint("portal:step", "GET", editors, "pt_article",
                 url_kwargs=lambda o: {"pk": o["pt_article"].pk, "code": "submit"}),
        Endpoint("portal:step", "POST", editors, "pt_article", ok=(302,), label=" submit",
                 url_kwargs=lambda o: {"pk": o["pt_article"].pk, "code": "submit"}),
        # Operators read the article and are told why not (审核发布 needs portal.review); administrators publish.
        Endpoint("portal:step", "POST", editors, "pt_review", ok=(200, 302), label=" publish",
                 url_kwargs=lambda o: {"pk": o["pt_review"].pk, "code": "publish"}),
        Endpoint("portal:attachment_file", "GET", editors, "pt_attachment"),
        Endpoint("portal:attachment_remove", "POST", editors, "pt_attachment", ok=(302,)),
    ]


def _article(org, **fields) -> Article:
    values = {"kind": Article.Kind.NEWS, "title": f"{org.name}简讯", "body": "正文", **fields}
    return Article.objects.create(organization=org, **values)


def objects(target, org, users) -> dict:
    found: dict = {}
    if target in ("pt_article", "pt_attachment"):
        found["pt_article"] = _article(org)
    if target == "pt_publicity":
        found["pt_publicity"] = _article(org, kind=Article.Kind.PUBLICITY, title="发展党员公示", starts_on=app_today(),
                                         ends_on=app_today() + dt.timedelta(days=10))
    if target == "pt_review":
        found["pt_review"] = _article(org, status=Article.Status.REVIEW)
    if target == "pt_attachment":
        found["pt_attachment"] = Attachment.objects.create(
            article=found["pt_article"], name="通知.pdf", file=ContentFile(b"%PDF-1.4 scope", name="scope.pdf"),
            size=14)
    return found
