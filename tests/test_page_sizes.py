"""Lists that grow with the county are paged (分页): 关爱帮扶, the 发展党员待办 list and the training-class roster
picker. Built with many records at once (bulk_create), each page lists one page of them, and its size stays
bounded as the records grow; bench/page_sizes_bench.py measures every page of the demo county (≤ 300 KB)."""

import datetime as dt
import re

from django.urls import reverse

from tests.fixtures import app_today
from zugong.cadres.models import Cadre, TrainingClass
from zugong.core.paging import PAGE_SIZE
from zugong.development.models import (
    AnnualEvaluation,
    DevelopmentCase,
    DevelopmentStep,
    EvaluationRound,
)
from zugong.members.models import Member
from zugong.members.tests.test_members import fields, id_for


def _old_members(county, n: int, start: int = 0) -> None:
    """``n`` members of 东风村 aged 80, full members for 50 years: old enough for 关爱金, half of them evaluated
    qualified last year (eligible) and half not evaluated (listed with the reason)."""
    members = [Member(**fields(county.village, name=f"老党员{i}", id_number=id_for(dt.date(1940, 1, 1), i % 999 + 1,
                                                                                    region=f"36{i // 999:04d}"),
                               joined_on=dt.date(1965, 7, 1), full_member_on=dt.date(1966, 7, 1),
                               birth_date=dt.date(1940, 1, 1), gender=Member.Gender.MALE),
                      org_path=county.village.path, name_initials="ldy")
               for i in range(start, start + n)]
    Member.objects.bulk_create(members)
    evaluation, _ = EvaluationRound.objects.get_or_create(
        organization=county.village, year=app_today().year - 1,
        defaults={"self_assessed_on": app_today(), "mutually_evaluated_on": app_today(), "voted_on": app_today(),
                  "org_path": county.village.path})
    AnnualEvaluation.objects.bulk_create(
        AnnualEvaluation(round=evaluation, member=m, grade=AnnualEvaluation.Grade.QUALIFIED)
        for m in Member.objects.filter(name__in=[f"老党员{i}" for i in range(start, start + n, 2)]))


def _applicants(county, n: int, start: int = 0) -> None:
    """``n`` applications handed in two months ago with no talk since: every one overdue for the talk."""
    applied = app_today() - dt.timedelta(days=61)
    cases = DevelopmentCase.objects.bulk_create(
        DevelopmentCase(name=f"申请人{i}", id_number=id_for(dt.date(2000, 1, 1), i % 999 + 1, region=f"36{i // 999:04d}"),
                        gender="male", birth_date=dt.date(2000, 1, 1), education="undergraduate",
                        occupation="farmer", organization=county.village, org_path=county.village.path)
        for i in range(start, start + n))
    DevelopmentStep.objects.bulk_create(
        DevelopmentStep(case=case, kind=DevelopmentStep.Kind.APPLICATION, done_on=applied) for case in cases)


def _cadres(county, n: int, start: int = 0) -> None:
    Cadre.objects.bulk_create(Cadre(name=f"干部{i}", gender="男", birth=dt.date(1980, 1, 1),
                                    organization=county.township, org_path=county.township.path)
                              for i in range(start, start + n))


def _sizes(client, url: str, grow, county, counts=(60, 180)) -> list[tuple[int, str]]:
    found, made = [], 0
    for count in counts:
        grow(county, count - made, made)
        made = count
        response = client.get(url)
        assert response.status_code == 200
        found.append((len(response.content), response.content.decode()))
    return found


def test_care_lists_one_page_of_each_list_and_stays_bounded(client, county, department_admin):
    client.force_login(department_admin)
    (small, _), (large, page) = _sizes(client, reverse("education:care"), _old_members, county, (120, 360))
    assert 'data-testid="care-eligible-count">180<' in page  # 360 old members: 180 evaluated qualified
    assert page.count('href="/education/care/member/') == PAGE_SIZE * 2  # 走访 and 互助金 per listed member
    assert "1 / 4" in page and "page=2" in page and "others=2" in page
    assert large - small < 2_000, (small, large)  # three times the records, the same page
    last = client.get(reverse("education:care"), {"organization": county.village.pk, "page": 4}).content.decode()
    assert last.count('href="/education/care/member/') == (180 - 3 * PAGE_SIZE) * 2
    assert f"organization={county.village.pk}" in re.search(r'href="\?([^"]*)&page=3"', last).group(1)


def test_the_due_list_pages_each_group_and_keeps_the_filter(client, county, department_admin):
    client.force_login(department_admin)
    (small, _), (large, page) = _sizes(client, reverse("development:due"), _applicants, county)
    assert page.count('href="/development/') - page.count('href="/development/due') < PAGE_SIZE + 10
    assert "1 / 4" in page and "page_overdue=2" in page
    assert large - small < 2_000, (small, large)
    filtered = client.get(reverse("development:due"), {"organization": county.village.pk, "page_overdue": 4})
    links = re.findall(r'href="\?([^"]*)&page_overdue=3"', filtered.content.decode())
    assert links and f"organization={county.village.pk}" in links[0]
    assert len(filtered.context["groups"][0][2].object_list) == 180 - 3 * PAGE_SIZE


def test_the_roster_picker_finds_at_most_twenty_cadres_in_scope(client, county, department_admin, township_operator):
    course = TrainingClass.objects.create(name="科级干部培训班", kind=TrainingClass.Kind.SECTION_LEVEL, organizer="县委党校",
                                          organization=county.county, started_on=app_today(), ended_on=app_today(), hours=40)
    client.force_login(department_admin)
    (small, _), (large, page) = _sizes(client, reverse("cadres:training_class", args=[course.pk]), _cadres, county)
    assert "干部1" not in page and large - small < 500  # nobody listed until one searches
    candidates = reverse("cadres:training_roster_candidates", args=[course.pk])
    found = client.get(candidates, {"q": "干部1"})
    assert len(found.context["candidates"]) == 20 and found.context["more"]
    assert 'data-testid="roster-more"' in found.content.decode()
    assert [c["cadre"].name for c in client.get(candidates, {"q": "干部17"}).context["candidates"]] == [
        "干部17", *(f"干部{n}" for n in range(170, 180))]
    outside = Cadre.objects.create(name="南山干部", gender="男", birth=dt.date(1980, 1, 1),
                                   organization=county.other_township)
    assert [c["cadre"] for c in client.get(candidates, {"q": "南山干部"}).context["candidates"]] == [outside]
    client.force_login(township_operator)  # the county's class is not the township's to fill
    assert client.get(candidates, {"q": "干部"}).status_code == 404
