"""The 一报告 (D3): a year's promotions counted from the cadre register and the selection cases — seed 002's
"通过公开选拔提拔的科级领导干部占全年提拔领导干部总数的36.36%" is 4 of 11 — and its Word document."""

import datetime as dt
import io

from django.urls import reverse
from docx import Document

from zugong.appointments.annual_report import NOT_RECORDED, annual_report
from zugong.appointments.models import CaseCandidate, SelectionCase
from zugong.cadres.models import Cadre, Mobility, Position, Rank, Tenure
from zugong.core.policy import set_policy_value

YEAR = 2026


def cadre(org, name, *, gender="男", born=dt.date(1980, 3, 1), party=dt.date(2005, 7, 1)):
    return Cadre.objects.create(name=name, gender=gender, birth=born, organization=org, work_started=dt.date(2003, 7, 1),
                                party_joined=party)


def post(org, title, rank=Rank.SECTION_DEPUTY):
    return Position.objects.create(organization=org, title=title, rank=rank, grassroots=True)


def promote(org, name, started_on, *, case=None, rank=Rank.SECTION_DEPUTY, before=Rank.STAFF, **person):
    person_ = cadre(org, name, **person)
    Tenure.objects.create(cadre=person_, position=post(org, f"{name}原职", before), started_on=dt.date(2015, 1, 1),
                          ended_on=started_on - dt.timedelta(days=1))
    tenure = Tenure.objects.create(cadre=person_, position=post(org, f"{name}新职", rank), started_on=started_on)
    if case is not None:
        CaseCandidate.objects.create(case=case, cadre=person_, name=name, position=tenure.position, appointed=True,
                                     tenure=tenure, named_on=started_on - dt.timedelta(days=60))
    return person_


def a_year(county, admin):
    township = county.township
    open_case = SelectionCase.objects.create(title="公开选拔副镇长", kind=SelectionCase.Kind.OPEN, unit=township,
                                             status=SelectionCase.Status.PROBATION, created_by=admin)
    single = SelectionCase.objects.create(title="个别提拔", kind=SelectionCase.Kind.PROMOTION, unit=township,
                                          status=SelectionCase.Status.PROBATION, created_by=admin)
    SelectionCase.objects.create(title="某局副局长人选", unit=township, status=SelectionCase.Status.STOPPED,
                                 stopped_reason="反映问题经核查属实", created_by=admin)
    for n in range(4):
        promote(township, f"公选{n}", dt.date(YEAR, 5, 1 + n), case=open_case,
                gender="女" if n == 0 else "男", born=dt.date(1992, 1, 1) if n < 2 else dt.date(1980, 1, 1))
    for n in range(3):
        promote(township, f"推荐{n}", dt.date(YEAR, 8, 1 + n), case=single, rank=Rank.SECTION_HEAD,
                before=Rank.SECTION_DEPUTY, party=None if n == 0 else dt.date(2005, 7, 1))
    for n in range(4):
        promote(township, f"登记{n}", dt.date(YEAR, 3, 1 + n), gender="女" if n == 0 else "男")
    promote(township, "去年", dt.date(YEAR - 1, 12, 31))  # last year's
    promote(township, "平调", dt.date(YEAR, 6, 1), before=Rank.SECTION_DEPUTY)  # same rank: not a promotion
    promote(county.other_township, "南山", dt.date(YEAR, 6, 1))  # another township: outside a township's report
    moved = Cadre.objects.get(name="推荐1")
    Mobility.objects.create(cadre=moved, kind=Mobility.Kind.EXCHANGE, started_on=dt.date(YEAR, 9, 1), destination="南山镇")


def test_a_years_promotions_by_way_rank_women_young_non_party(county, department_admin):
    a_year(county, department_admin)
    report = annual_report(county.township, YEAR)
    assert report.total == 11
    assert report.open_selected == 4 and str(report.open_share) == "36.36"  # seed 002's share
    assert report.by_way == [("个别提拔任职", 3), ("公开选拔、竞争上岗", 4), (NOT_RECORDED, 4)]
    assert report.women == 2 and report.young == 2 and report.non_party == 1  # young: born 1992, 34 when appointed
    assert report.by_rank == [("乡科级正职", 3, 0, 0, 1, 0), ("乡科级副职", 8, 2, 2, 0, 4)]
    assert report.exchanges == 1
    assert report.cases == {"已任职（试用期）": 2, "已终止": 1}
    assert report.stopped == [("某局副局长人选", "反映问题经核查属实")]
    whole = annual_report(county.county, YEAR)
    assert whole.total == 12 and str(whole.open_share) == "33.33"  # 南山 counts for the county
    set_policy_value(department_admin, "appointments.young_cadre_max_age", 50)
    assert annual_report(county.township, YEAR).young == 11  # the bound is the policy, not a literal
    assert annual_report(county.township, YEAR - 1).total == 1


def test_the_page_and_the_word_report(client, county, department_admin, outsider):
    a_year(county, department_admin)
    client.force_login(department_admin)
    page = client.get(reverse("appointments:annual_report"), {"year": YEAR, "root": county.township.pk})
    assert page.status_code == 200
    text = page.content.decode()
    assert 'data-testid="open-share">36.36%' in text and 'data-testid="promoted">11<' in text
    assert "反映问题经核查属实" in text
    future = client.get(reverse("appointments:annual_report"), {"year": YEAR + 5})
    assert "年度不能晚于今年" in future.content.decode() or "小于或等于" in future.content.decode()
    word = client.get(reverse("appointments:annual_report_document", args=["docx"]),
                      {"year": YEAR, "root": county.township.pk})
    document = Document(io.BytesIO(word.content))
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    assert f"{YEAR}年度干部选拔任用工作情况报告" in paragraphs
    assert "通过公开选拔、竞争上岗提拔的4名，占全年提拔干部总数的36.36%" in paragraphs
    assert [c.text for c in document.tables[0].rows[-1].cells] == ["合计", "11", "2", "2", "1", "4"]
    pdf = client.get(reverse("appointments:annual_report_document", args=["pdf"]), {"year": YEAR})
    assert pdf.content.startswith(b"%PDF")
    client.force_login(outsider)  # an operator of another township holds no appointments.view
    assert client.get(reverse("appointments:annual_report"), {"year": YEAR}).status_code == 404
