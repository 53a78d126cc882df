"""The official transfer letter (中国共产党党员组织关系介绍信): 存根, 介绍信 and 回执 with dashed cut lines, issued by
the committee with authority (letters.ISSUING_RULES), in Word and PDF; the returned 回执 closes the transfer."""

import datetime as dt
import functools
import io

import docx
import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone

from tests.concurrency import at_once, needs_postgres
from tests.same_page import once
from zugong.core.access import DomainError
from zugong.core.policy import set_policy_value
from zugong.members import transfers
from zugong.members.letters import CUT_LINE
from zugong.members.models import MembershipTransfer
from zugong.members.services import create_member
from zugong.members.tests.test_members import fields

T = MembershipTransfer
TITLES = ["中国共产党党员组织关系介绍信（存根）", "中国共产党党员组织关系介绍信", "中国共产党党员组织关系介绍信回执"]


@pytest.fixture
def member(county, department_admin):
    return create_member(department_admin, **fields(county.village, phone="13900000009"))


def word_text(client, transfer) -> list[str]:
    response = client.get(reverse("members:transfer_letter", args=[transfer.pk]))
    assert response.status_code == 200
    return [p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs]


def test_the_word_letter_has_stub_letter_and_receipt_between_cut_lines(member, county, township_operator, client):
    transfer = transfers.start_transfer(township_operator, member, county.other_village)
    client.force_login(township_operator)
    lines = word_text(client, transfer)
    assert [line for line in lines if line in TITLES] == TITLES
    assert lines.count(CUT_LINE) == 2
    assert lines.index(TITLES[0]) < lines.index(CUT_LINE) < lines.index(TITLES[1])
    number = f"东组字第{transfer.letter_number}号"
    assert lines.count(number) == 3
    age = member.age_on(transfer.issued_on)
    person = f"张建国同志，男，{age}岁，汉族，系中共正式党员，身份证号码{member.id_number}"
    assert f"　　{person}，组织关系由东风村党支部转到南山村党支部。" in lines  # 存根
    letter = lines[lines.index(TITLES[1]):lines.index(TITLES[2])]
    assert letter[2] == "南山镇党委："  # to the receiving basic-level committee
    assert letter[3] == (f"　　{person}，由东风村党支部去南山村党支部，请转接组织关系。"
                         "该同志党费已交到（系统中尚无党费交纳记录）。")
    assert "　　（有效期30天）" in letter and "中共东风镇党委（盖章）" in letter
    assert "党员联系电话或其他联系方式：13900000009" in letter
    assert "党员原所在基层党委通讯地址：东风镇党委" in letter
    receipt = lines[lines.index(TITLES[2]):]
    assert receipt[2:4] == ["中共东风镇党委：", "　　张建国同志的党员组织关系已转达我处，特此回复。"]


@pytest.mark.parametrize(("to", "across", "issuer"), [
    ("village2", 0, "中共东风镇党委"),  # within the township committee
    ("other_village", 0, "中共东风镇党委"),  # to another committee of the county: the sending committee
    ("other_village", 1, "中共示范县委组织部"),  # ... or the county's organization department, by policy
])
def test_the_committee_with_authority_issues_the_letter(member, county, township_operator, department_admin, client,
                                                        to, across, issuer):
    set_policy_value(department_admin, "members.letter_issuer_across_committees", across)
    transfer = transfers.start_transfer(township_operator, member, getattr(county, to))
    client.force_login(township_operator)
    assert f"{issuer}（盖章）" in word_text(client, transfer)


def test_a_transfer_out_of_the_county_is_issued_by_the_county_organization_department(member, township_operator,
                                                                                        client):
    transfer = transfers.transfer_out(township_operator, member, destination="中共某省某县某村党支部",
                                      letter_number="2026-00031")
    assert (transfer.status, transfer.issuer.name) == (T.Status.AWAITING_RECEIPT, "示范县委")
    client.force_login(township_operator)
    lines = word_text(client, transfer)
    assert "中共示范县委组织部（盖章）" in lines and "示组字第2026-00031号" in lines
    assert "中共某省某县某村党支部：" in lines


def test_the_pdf_letter_carries_the_same_three_parts_on_one_sheet(member, county, township_operator, client):
    from zugong.dues.services import record_payments

    this_month = timezone.localdate().replace(day=1)
    record_payments(township_operator, member, [this_month], timezone.localdate())
    transfer = transfers.start_transfer(township_operator, member, county.other_village)
    client.force_login(township_operator)
    response = client.get(reverse("members:transfer_letter_pdf", args=[transfer.pk]))
    assert response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages).replace("\n", "").replace(" ", "")
    assert len(reader.pages) == 1
    positions = [text.index(title + ("" if title != TITLES[1] else "东组")) for title in TITLES]
    assert positions == sorted(positions) and text.count(CUT_LINE) == 2
    assert f"党费已交到{this_month.year}年{this_month.month}月" in text
    assert "由东风村党支部去南山村党支部，请转接组织关系" in text


def test_the_returned_receipt_closes_the_transfer(member, county, township_operator, outsider):
    transfer = transfers.start_transfer(township_operator, member, county.other_village)
    today = timezone.localdate()
    with pytest.raises(DomainError) as error:
        transfers.record_receipt(township_operator, transfer, today)
    assert error.value.message == "对方尚未接收，不能登记回执"
    transfers.accept_transfer(outsider, transfer)
    with pytest.raises(DomainError) as error:
        transfers.record_receipt(outsider, transfer, today)
    assert error.value.message == "回执寄回开具介绍信的「中共东风镇党委」，只有其经办人可以登记"
    with pytest.raises(DomainError) as error:
        transfers.record_receipt(township_operator, transfer, transfer.issued_on - dt.timedelta(days=1))
    assert error.value.message == f"回执寄回日期不能早于介绍信开具日期（{transfer.issued_on:%Y-%m-%d}）"
    transfers.record_receipt(township_operator, transfer, today)
    transfer.refresh_from_db()
    assert (transfer.status, transfer.receipt_returned_on) == (T.Status.COMPLETED, today)
    with pytest.raises(DomainError) as error:
        transfers.record_receipt(township_operator, transfer, today)
    assert error.value.message == "该转接的回执已登记，已办结，未作更改"


def test_the_receipt_is_recorded_on_its_page(member, township_operator, department_admin, client):
    transfer = transfers.transfer_out(township_operator, member, destination="中共某省某县某村党支部",
                                      letter_number="2026-00032")
    client.force_login(township_operator)  # the county's organization department issued it, not the township
    page = client.get(reverse("members:transfers")).content.decode()
    assert "2026-00032" in page and reverse("members:transfer_receipt", args=[transfer.pk]) not in page
    client.force_login(department_admin)
    page = client.get(reverse("members:transfers")).content.decode()
    assert reverse("members:transfer_receipt", args=[transfer.pk]) in page
    response = client.post(reverse("members:transfer_receipt", args=[transfer.pk]),
                           once({"on": timezone.localdate().isoformat()}))
    assert response.status_code == 302, response.context["form"].errors
    transfer.refresh_from_db()
    assert transfer.status == T.Status.COMPLETED


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_a_receipt_recorded_twice_at_once_closes_the_transfer_once(member, county, township_operator, outsider):
    from zugong.core.models import AuditEvent
    from zugong.members.tests.test_races import copies, outcome

    transfer = transfers.start_transfer(township_operator, member, county.other_village)
    transfers.accept_transfer(outsider, transfer)
    before = AuditEvent.objects.count()
    results = at_once(*[functools.partial(transfers.record_receipt, township_operator, t, timezone.localdate())
                        for t in copies(T, transfer.pk, 3)])
    winners, losers = outcome(results)
    assert len(winners) == 1 and losers == ["该转接的回执已登记，已办结，未作更改"] * 2
    assert AuditEvent.objects.count() == before + 1
