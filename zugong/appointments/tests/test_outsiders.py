"""公开选拔: a 考察对象 from outside the register enters it from the case (登记入干部库) — the cadre created through
the cadre services with its 身份证号 checked, the candidate and the registration linked once — and then goes through
讨论决定 and 任职 like any candidate, the tenure written for the new cadre."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.concurrency import at_once, failures, needs_postgres
from zugong.appointments import competition, outsiders, services
from zugong.appointments.models import CaseCandidate, CaseStep, Registration, SelectionCase
from zugong.appointments.tests.conftest import DATES, open_case, take
from zugong.appointments.tests.test_competition import announce, outsider, passed
from zugong.cadres.models import Cadre, Tenure
from zugong.core.access import DomainError
from zugong.core.models import AuditEvent
from zugong.core.validators import id_check_char

K = CaseStep.Kind
pytestmark = pytest.mark.django_db


def id_for(birth: dt.date, serial: int, male: bool = True) -> str:
    first17 = f"360723{birth:%Y%m%d}{serial * 2 + male:03d}"
    return first17 + id_check_char(first17)


ID = id_for(dt.date(1985, 3, 9), 7)


@pytest.fixture
def chosen(county, department_admin, setup) -> SelectionCase:
    """An open selection whose two 考察对象 registered from outside (郑一 first, 郑二 second)."""
    case = open_case(department_admin, county, setup, kind=SelectionCase.Kind.OPEN)
    announce(department_admin, case)
    for name, score in (("郑一", 90), ("郑二", 80)):
        registration = passed(department_admin, outsider(department_admin, case, setup.post, name))
        competition.record_scores(department_admin, case,
                                  [competition.ScoreRow(registration.pk, Decimal(score), Decimal(score))])
    services.record_step(department_admin, case, K.CANDIDATES_CHOSEN, DATES[K.CANDIDATES_CHOSEN])
    return case


def enter(actor, candidate, county, **changes):
    args = {"name": candidate.name, "gender": "男", "birth": dt.date(1985, 3, 1), "id_number": ID,
            "organization": county.township, "education": "大学本科", "current_post": "外县某局副局长"}
    return outsiders.enter_register(actor, CaseCandidate.objects.get(pk=candidate.pk), **(args | changes))


def test_an_outsider_enters_the_register_and_is_appointed(chosen, department_admin, county, setup):
    first = chosen.candidates.get(name="郑一")
    with pytest.raises(DomainError) as refused:
        services.record_step(department_admin, chosen, K.APPOINTMENT, DATES[K.APPOINTMENT], candidate=first)
    assert refused.value.message == ("郑一是从本县干部名册以外报名的人选，「任职」须依据干部名册办理：请先将其录入干部名册")
    cadres_before = Cadre.objects.count()

    cadre = enter(department_admin, first, county)

    assert Cadre.objects.count() == cadres_before + 1
    assert (cadre.name, cadre.id_number, cadre.organization, cadre.birth, cadre.full_time_level) == (
        "郑一", ID, county.township, dt.date(1985, 3, 1), "大学本科")
    assert cadre.post_as_written == "外县某局副局长"
    first.refresh_from_db()
    assert first.cadre == cadre and Registration.objects.get(candidate=first).cadre == cadre
    assert {r["rule"] for r in first.qualification}, "the qualification rules are checked when linked"
    assert AuditEvent.objects.filter(object_id=str(cadre.pk), action=AuditEvent.Action.CREATE,
                                     message="保存任免审批表").exists()
    assert AuditEvent.objects.filter(object_id=str(first.pk), message__startswith="郑一（从干部名册以外报名）登记入干部名册").exists()
    with pytest.raises(DomainError) as twice:
        enter(department_admin, first, county)
    assert twice.value.message == "郑一已关联干部名册中的郑一（可能是他人刚刚登记），未作更改"
    assert Cadre.objects.count() == cadres_before + 1

    for kind in ("inspection_notice", K.INSPECTION, "opinions", K.DELIBERATION):
        take(department_admin, chosen, kind, first)
    services.drop_candidate(department_admin, chosen.candidates.get(name="郑二"), "经酝酿，排名第二，不作为拟任人选")
    for kind in (K.DECISION, K.PUBLIC_NOTICE, K.APPOINTMENT):
        take(department_admin, chosen, kind, first)
        first.refresh_from_db()
    assert first.decided and first.appointed
    tenure = Tenure.objects.get(cadre=cadre)
    assert (tenure.position, tenure.started_on, tenure.ended_on) == (setup.post, DATES[K.APPOINTMENT], None)
    assert first.tenure == tenure


def test_the_id_number_is_required_and_checked_by_the_one_validator(chosen, department_admin, county):
    first = chosen.candidates.get(name="郑一")
    with pytest.raises(DomainError) as missing:
        enter(department_admin, first, county, id_number=" ")
    assert (missing.value.message, missing.value.field) == ("请填写身份证号：录入干部名册须有身份证号", "id_number")
    future = id_for(dt.date(2030, 1, 1), 3)
    with pytest.raises(DomainError) as later:
        enter(department_admin, first, county, id_number=future, birth=dt.date(2030, 1, 1))
    assert later.value.field == "id_number" and "晚于" in later.value.message
    with pytest.raises(DomainError) as other_birth:
        enter(department_admin, first, county, birth=dt.date(1986, 3, 1))
    assert other_birth.value.message == "身份证号中的出生年月 1985.03 与填写的出生年月 1986.03 不一致"
    first.refresh_from_db()
    assert first.cadre is None and not Cadre.objects.filter(name="郑一").exists()


def test_a_known_id_number_offers_the_existing_cadre_and_links_it_when_asked(chosen, department_admin, county):
    existing = Cadre.objects.create(name="郑一", gender="男", birth=dt.date(1985, 3, 1), id_number=ID,
                                    organization=county.village)
    first, second = chosen.candidates.get(name="郑一"), chosen.candidates.get(name="郑二")
    with pytest.raises(DomainError) as offered:
        enter(department_admin, first, county)
    assert offered.value.message == (f"身份证号 {ID} 已登记为干部郑一（东风村党支部），未新建干部记录；"
                                     "如是同一人，请勾选「关联干部名册中已有的该干部」后再提交")
    assert offered.value.field == "link_existing"
    cadre = enter(department_admin, first, county, link_existing=True)
    assert cadre == existing and Cadre.objects.filter(id_number=ID).count() == 1
    first.refresh_from_db()
    assert first.cadre == existing
    with pytest.raises(DomainError) as again:
        enter(department_admin, second, county, link_existing=True)
    assert again.value.message == "干部郑一已是本事项的报名人或人选，不能再关联郑二，未作更改"
    second.refresh_from_db()
    assert second.cadre is None


def test_an_existing_cadre_out_of_scope_is_not_named(chosen, department_admin, county, township_operator):
    Cadre.objects.create(name="郑某", gender="男", birth=dt.date(1985, 3, 1), id_number=ID,
                         organization=county.other_township)
    first = chosen.candidates.get(name="郑一")
    assert not outsiders.may_enter(township_operator, first)
    with pytest.raises(DomainError) as nobody:
        enter(township_operator, first, county, link_existing=True)
    assert nobody.value.message == "您无权在该单位范围内办理选拔任用"


def test_the_case_page_offers_the_button_and_the_form_links_once(chosen, department_admin, inspector, county, client):
    first = chosen.candidates.get(name="郑一")
    url = reverse("appointments:candidate_enter_register", args=[first.pk])
    client.force_login(inspector)
    assert "登记入干部库" not in client.get(chosen.get_absolute_url()).content.decode()
    assert client.get(url).status_code == 404
    client.force_login(department_admin)
    page = client.get(chosen.get_absolute_url()).content.decode()
    assert page.count("登记入干部库") == 2  # one button for each of the two 考察对象
    form = client.get(url)
    assert form.status_code == 200
    assert form.context["form"].initial["birth"] == dt.date(1985, 3, 1)
    assert form.context["form"].initial["current_post"] == "外县某局副局长"
    data = {"name": "郑一", "gender": "男", "birth": "1985-03-01", "ethnicity": "01", "id_number": ID,
            "education": "大学本科", "current_post": "外县某局副局长", "organization": county.township.pk,
            "submission_token": str(form.context["form"]["submission_token"].value())}
    done = client.post(url, data, follow=True)
    assert "郑一已登记入干部名册，可以办理讨论决定和任职。" in done.content.decode()
    assert f'data-testid="enter-register-{first.pk}"' not in done.content.decode()
    fresh = str(client.get(url).context["form"]["submission_token"].value())
    again = client.post(url, data | {"submission_token": fresh})
    assert again.status_code == 200
    assert "郑一已关联干部名册中的郑一（可能是他人刚刚登记），未作更改" in again.content.decode()
    assert Cadre.objects.filter(id_number=ID).count() == 1


def test_the_demo_enters_one_outside_candidate_in_the_register(county, department_admin, setup):
    from zugong.appointments import demo  # noqa: PLC0415

    case = open_case(department_admin, county, setup, kind=SelectionCase.Kind.OPEN)
    demo._open_selection(department_admin, case, setup.post, setup.seasoned, dt.date(2026, 6, 1), dt.date(2026, 11, 20))
    linked = [c for c in case.candidates.select_related("cadre") if c.cadre and c.cadre != setup.seasoned]
    assert len(linked) == 1
    candidate = linked[0]
    registration = Registration.objects.get(candidate=candidate)
    assert registration.cadre == candidate.cadre and candidate.cadre.name == registration.name
    assert candidate.cadre.id_number and candidate.cadre.organization == county.township


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_entries_at_once_create_one_cadre(county, department_admin, setup):
    from django.db import close_old_connections  # noqa: PLC0415

    case = open_case(department_admin, county, setup, kind=SelectionCase.Kind.OPEN)
    announce(department_admin, case)
    for name, score in (("郑一", 90), ("郑二", 80)):
        registration = passed(department_admin, outsider(department_admin, case, setup.post, name))
        competition.record_scores(department_admin, case,
                                  [competition.ScoreRow(registration.pk, Decimal(score), Decimal(score))])
    services.record_step(department_admin, case, K.CANDIDATES_CHOSEN, DATES[K.CANDIDATES_CHOSEN])
    first = case.candidates.get(name="郑一")

    def run():
        try:
            return enter(department_admin, first, county)
        finally:
            close_old_connections()

    lost = failures(at_once(run, run))
    assert len(lost) == 1 and lost[0].message.endswith("（可能是他人刚刚登记），未作更改")
    assert Cadre.objects.filter(id_number=ID).count() == 1
    assert CaseCandidate.objects.get(pk=first.pk).cadre.id_number == ID
