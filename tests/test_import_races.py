"""A one-page import's "导入" sent twice at once (a double click) writes once: the page's one-time token is claimed
in the transaction that writes the rows, so the second waits for the first and is told it was already sent."""

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.concurrency import at_once, needs_postgres
from tests.test_hostile_imports import sheet_xml, xlsx
from zugong.cadres.models import Cadre
from zugong.core.submissions import ALREADY_SUBMITTED


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_a_cadre_workbook_imported_twice_at_once_is_written_once(county, department_admin):
    content = xlsx(sheet_xml([["姓名", "性别", "出生年月", "管理单位"], ["李四", "男", "1980.05", "东风镇党委"],
                              ["王五", "女", "1982.07", "东风镇党委"]]))
    token = uuid.uuid4()
    clients = [Client(), Client()]
    for client in clients:
        client.force_login(department_admin)

    def send(client: Client):
        return client.post(reverse("cadres:xlsx_import"), {
            "workbook": SimpleUploadedFile("干部.xlsx", content), "action": "apply", "submission_token": token})

    pages = [response.content.decode() for response in at_once(*(lambda c=c: send(c) for c in clients))]
    assert Cadre.objects.count() == 2  # not four: the rows have no 身份证号 to meet on
    assert sum("已新增 2 人" in page for page in pages) == 1
    assert sum(ALREADY_SUBMITTED in page for page in pages) == 1
