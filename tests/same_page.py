"""The same page submitted several times at once (重复提交), as a browser would: one GET renders the form with its
one-time token, then each copy posts that very form from its own client, thread and database connection.

Used by the race tests of the create forms (``OnceOnlyForm``); runs on PostgreSQL with ``tests.concurrency``.
"""

import re

from django.test import Client

from tests.concurrency import at_once

TOKEN = re.compile(r'name="submission_token" value="([0-9a-f-]{36})"')


def token_of(page: str) -> str:
    """The one-time token a rendered create form carries (it must render its hidden field)."""
    found = TOKEN.search(page)
    assert found, "the form does not render its one-time token (submission_token)"
    return found.group(1)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post_at_once(user, url: str, data: dict, times: int = 2) -> list:
    """GET ``url`` once for its token, then POST ``data`` with that token ``times`` times at once."""
    token = token_of(logged_in(user).get(url).content.decode())
    clients = [logged_in(user) for _ in range(times)]
    return at_once(*[lambda c=c: c.post(url, {**data, "submission_token": token}) for c in clients])


def outcome(responses: list) -> tuple[int, list[str]]:
    """(how many were saved — a redirect —, the pages of the others)."""
    for response in responses:
        assert not isinstance(response, BaseException), response
        assert response.status_code in (200, 302), response.status_code
    return (sum(1 for r in responses if r.status_code == 302),
            [r.content.decode() for r in responses if r.status_code == 200])


def once(data: dict) -> dict:
    """``data`` as a freshly rendered create form sends it: with a new one-time token."""
    import uuid

    return {**data, "submission_token": str(uuid.uuid4())}
