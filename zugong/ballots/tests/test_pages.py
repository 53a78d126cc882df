"""The tellers' pages: create, paper entry by two tellers with a mismatch, closing, the seal on the page and in
the download, the 计票单."""

import io
import zipfile

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from tests.fixtures import make_user
from zugong.accounts.capabilities import Role
from zugong.ballots import services
from zugong.ballots.exports import seal_of_workbook
from zugong.ballots.models import Ballot, CastBallot, Mark, PaperEntry
from zugong.ballots.tests.factories import approval, paper

pytestmark = pytest.mark.django_db


def test_create_a_ballot_from_the_page(client, county, township_operator):
    client.force_login(township_operator)
    page = client.get(reverse("ballots:create"))
    token = page.context["form"]["submission_token"].value()
    data = {"submission_token": token, "organization": county.village.pk, "title": "支部委员会换届选举",
            "kind": "choose", "rule": "election", "method": "paper", "held_on": "2026-06-01", "seats": "3",
            "candidates": "甲\n乙\n丙", "entitled": "20"}
    refused = client.post(reverse("ballots:create"), data)
    assert "差额选举应选3人，候选人应不少于4名" in refused.content.decode()
    assert not Ballot.objects.exists()
    data["candidates"] += "\n丁"
    response = client.post(reverse("ballots:create"), data)
    ballot = Ballot.objects.get()
    assert response.status_code == 302 and response["Location"] == ballot.get_absolute_url()
    assert (ballot.entitled, ballot.roll_on_paper, ballot.seats, ballot.candidates.count()) == (20, True, 3, 4)
    again = client.post(reverse("ballots:create"), data)  # the same page sent twice
    assert "该表单已经提交过" in again.content.decode() and Ballot.objects.count() == 1


def test_a_roll_or_a_count_is_required(client, county, township_operator):
    client.force_login(township_operator)
    token = client.get(reverse("ballots:create")).context["form"]["submission_token"].value()
    response = client.post(reverse("ballots:create"), {
        "submission_token": token, "organization": county.village.pk, "title": "表决", "kind": "yes_no",
        "rule": "majority_of_due", "method": "paper", "held_on": "2026-06-01", "seats": "1"})
    assert "请填写应到会人员名单，或应到会人数" in response.content.decode()


def test_two_tellers_a_mismatch_resolved_then_closed(client, county, department_admin, township_operator):
    ballot = approval(department_admin, county.township, roll=5, double_entry=True)
    client.force_login(department_admin)
    url = reverse("ballots:paper", args=[ballot.pk])
    client.post(url, {"number": "1", "c1": "1", "c2": "2"})
    assert "第1张选票已保存第一次录入" in client.get(url).content.decode()
    client.force_login(township_operator)
    assert client.get(url).context["form"]["number"].value() == 1  # the second teller starts at the first's first
    client.post(url, {"number": "1", "c1": "1", "c2": "3"})
    entry = PaperEntry.objects.get()
    assert entry.status == PaperEntry.Status.MISMATCH and not CastBallot.objects.exists()
    resolve = reverse("ballots:resolve", args=[ballot.pk, entry.pk])
    page = client.get(resolve).content.decode()
    assert 'data-testid="differs-2"' in page and 'data-testid="differs-1"' not in page
    client.post(resolve, {"c1": "1", "c2": "2"})
    assert list(Mark.objects.values_list("candidate__name", "choice").order_by("candidate__position")) == [
        ("张三", "yes"), ("李四", "no")]
    closed = client.post(reverse("ballots:close", args=[ballot.pk]), follow=True).content.decode()
    assert "请先登记实到会人数（或在应到名单上签到），再结束计票" in closed
    client.post(reverse("ballots:present", args=[ballot.pk]), {"present": "4"})
    page = client.post(reverse("ballots:close", args=[ballot.pk]), follow=True).content.decode()
    assert "已结束计票，选票已封存" in page and "封存码核验一致" in page


@pytest.fixture
def closed(county, department_admin):
    ballot = approval(department_admin, county.county, roll=9, write_in=True)
    services.record_present(department_admin, ballot, 8)
    paper(department_admin, ballot, [{1: "yes", 2: "yes"}] * 5 + [{1: "no", 2: "abstain"}] * 2 + [None])
    return services.close_ballot(department_admin, ballot)


def test_the_download_recomputes_the_seal_and_an_altered_ballot_is_found(client, county, department_admin, closed):
    client.force_login(department_admin)
    download = client.get(reverse("ballots:xlsx", args=[closed.pk]))
    assert seal_of_workbook(download.content) == closed.seal
    page = client.get(closed.get_absolute_url()).content.decode()
    assert "封存码核验一致：选票与结束计票时相同" in page and closed.seal in page
    # someone changes one ballot in the database after closing
    Mark.objects.filter(pk=Mark.objects.filter(choice="no").first().pk).update(choice="yes")
    page = client.get(closed.get_absolute_url()).content.decode()
    assert "封存码核验不符：结束计票后选票已被改动，本结果不能采信" in page
    assert seal_of_workbook(client.get(reverse("ballots:xlsx", args=[closed.pk])).content) != closed.seal
    sheet = client.get(reverse("ballots:count_docx", args=[closed.pk]))
    text = "\n".join(p.text for p in Document(io.BytesIO(sheet.content)).paragraphs)
    assert f"封存码（SHA-256）：{closed.seal}" in text and "核验不符" in text


def test_downloads_are_in_random_order(client, county, department_admin):
    ballot = approval(department_admin, county.county, candidates=["张三"], roll=60)
    paper(department_admin, ballot, [{1: "yes"}] * 20 + [{1: "no"}] * 20 + [{1: "abstain"}] * 20)
    client.force_login(department_admin)
    orders = set()
    for _ in range(3):
        sheet = load_workbook(io.BytesIO(client.get(reverse("ballots:xlsx", args=[ballot.pk])).content))["选票"]
        orders.add(tuple(row[2] for row in sheet.iter_rows(min_row=8, values_only=True)))
    assert len(orders) > 1 and all(sorted(order) == sorted(next(iter(orders))) for order in orders)


def test_the_count_sheet_is_a4_with_official_margins_and_the_figures(client, county, department_admin, closed):
    client.force_login(department_admin)
    content = client.get(reverse("ballots:count_docx", args=[closed.pk])).content
    document = Document(io.BytesIO(content))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin,
                                  section.right_margin)] == [37, 35, 28, 26]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "应到会9人，实到会8人；收回选票8张，有效票7张，无效票1张。" in text
    rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert rows[1] == ["1", "张三", "5", "2", "0", "0", "通过"]
    assert rows[2] == ["2", "李四", "5", "0", "2", "0", "通过"]
    assert zipfile.is_zipfile(io.BytesIO(content))
    pdf = client.get(reverse("ballots:count_pdf", args=[closed.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_a_secretary_sees_only_the_ballots_of_the_branch(client, county, department_admin, branch_secretary):
    approval(department_admin, county.village, candidates=["本支部"])
    approval(department_admin, county.village2, candidates=["他支部"])
    client.force_login(branch_secretary)
    page = client.get(reverse("ballots:list")).content.decode()
    assert page.count("常委会票决干部任免") == 1
    inspector = make_user("insp2", Role.INSPECTOR, county.county)
    client.force_login(inspector)
    assert client.get(reverse("ballots:list")).status_code == 404
