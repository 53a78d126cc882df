"""A named report, filed on the public page and taken in by staff through the intake page, leaves nothing that
identifies the reporter in ANY table of the database — not only the report's own tables: the audit trail, the
sessions, the rate windows and whatever a later app adds are read too."""

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from zugong.complaints import sealing
from zugong.complaints.models import Report
from zugong.complaints.tests.conftest import IDENTITY

pytestmark = pytest.mark.django_db
WEB_IDENTITY = {"name": "赵实名", "phone": "13800001111", "id_number": "110101198001011237", "address": "南山村五组3号"}


def _every_row_of_every_table() -> str:
    text = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (introspected names)
            text.append(repr(cursor.fetchall()))
    return "\n".join(text)


def _token(client, url) -> str:
    page = client.get(url).content.decode()
    return page.split('name="submission_token" value="', 1)[1].split('"', 1)[0]


def test_no_table_holds_a_named_reporters_identity_or_receipt_in_clear(county, department_admin, client):
    public = Client(enforce_csrf_checks=True)
    filed = public.post("/r/", {
        "person_name": "孙某某", "person_unit": "东风镇人民政府", "kind": "selection", "content": "提拔前档案造假",
        "named": "on", **{f"identity_{key}": value for key, value in WEB_IDENTITY.items()}}).content.decode()
    code = filed.split('data-testid="receipt-code">', 1)[1].split("<", 1)[0]
    public.post("/r/follow/add/", {"code": code, "text": "补充一条线索"})

    client.force_login(department_admin)
    url = reverse("complaints:intake")
    client.post(url, {
        "submission_token": _token(client, url), "channel": "letter", "received_on": "2026-11-16",
        "unit": county.township.pk, "person_name": "李某某", "kind": "discipline", "content": "违规收受礼金",
        **{f"identity_{key}": value for key, value in IDENTITY.items()}})

    assert Report.objects.filter(anonymous=False).count() == 2
    raw = _every_row_of_every_table()
    for value in (*WEB_IDENTITY.values(), *IDENTITY.values(), code, code.replace("-", "")):
        assert value not in raw, value
    web = Report.objects.get(person_name="孙某某")
    assert sealing.unseal(web.identity.sealed)["name"] == "赵实名"  # sealed, not lost
