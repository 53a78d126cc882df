"""The year's democratic evaluation: every member graded, 优秀 capped, probationary members ungraded."""

import datetime as dt

import pytest

from zugong.core.access import DomainError
from zugong.core.policy import set_policy_value
from zugong.development.evaluation import Grading, record_round
from zugong.development.models import AnnualEvaluation, EvaluationRound
from zugong.members.services import create_member
from zugong.members.tests.test_members import fields, id_for

G = AnnualEvaluation.Grade
DAYS = {"self_assessed_on": dt.date(2025, 12, 10), "mutually_evaluated_on": dt.date(2025, 12, 15),
        "voted_on": dt.date(2025, 12, 20)}


@pytest.fixture
def probationer(county, department_admin):
    return create_member(department_admin, **fields(county.village, name="周新", id_number=id_for(dt.date(1996, 2, 2), 5),
                                                    stage="probationary", joined_on=dt.date(2025, 5, 1),
                                                    full_member_on=None))


def test_a_branch_grades_its_members_and_a_probationary_member_takes_part_ungraded(
        county, branch_secretary, full_members, probationer):
    gradings = [Grading(full_members[0], G.EXCELLENT, 12), Grading(full_members[1], G.QUALIFIED),
                Grading(full_members[2], G.QUALIFIED), Grading(probationer, "")]
    round_ = record_round(branch_secretary, county.village, 2025, gradings=gradings, **DAYS)
    assert dict(round_.results.values_list("member__name", "grade")) == {
        "李红": "excellent", "王强": "qualified", "赵敏": "qualified", "周新": ""}


@pytest.mark.parametrize(("change", "message"), [
    (lambda m, p: [Grading(m[0], G.EXCELLENT), Grading(m[1], G.EXCELLENT), Grading(m[2], G.QUALIFIED),
                   Grading(p, "")],
     "“优秀”等次不能超过参加评定等次党员的1/3（《中国共产党支部工作条例（试行）》第十八条（评为优秀的一般不超过党员总数的1/3））："
     "本支部参加评定3人，最多1名，现评定2名"),
    (lambda m, p: [Grading(m[0], G.EXCELLENT), Grading(m[1], G.QUALIFIED), Grading(m[2], G.QUALIFIED),
                   Grading(p, G.QUALIFIED)],
     "周新是预备党员，参加评议但不评定等次（《关于建立民主评议党员制度的意见》（预备党员参加评议，不评定等次））"),
    (lambda m, p: [Grading(m[0], G.QUALIFIED), Grading(m[1], ""), Grading(m[2], G.QUALIFIED), Grading(p, "")],
     "请评定王强的等次"),
    (lambda m, p: [Grading(m[0], G.QUALIFIED), Grading(p, "")],
     "请为本支部每一名在册党员登记评议结果（名单已变动，请重新打开本页）"),
])
def test_a_wrong_evaluation_is_refused_and_nothing_is_saved(change, message, county, branch_secretary, full_members,
                                                            probationer):
    with pytest.raises(DomainError) as error:
        record_round(branch_secretary, county.village, 2025, gradings=change(full_members, probationer), **DAYS)
    assert error.value.message == message
    assert not EvaluationRound.objects.exists() and not AnnualEvaluation.objects.exists()


def test_the_cap_follows_the_policy(county, branch_secretary, department_admin, full_members, probationer):
    set_policy_value(department_admin, "development.excellent_share_denominator", "2")
    set_policy_value(department_admin, "development.probationary_graded", "1")
    gradings = [Grading(full_members[0], G.EXCELLENT), Grading(full_members[1], G.EXCELLENT),
                Grading(full_members[2], G.QUALIFIED), Grading(probationer, G.QUALIFIED)]
    round_ = record_round(branch_secretary, county.village, 2025, gradings=gradings, **DAYS)
    assert round_.results.filter(grade=G.EXCELLENT).count() == 2


def test_the_evaluation_page_saves_all_grades(client, county, branch_secretary, full_members, probationer):
    client.force_login(branch_secretary)
    url = f"/development/evaluations/{county.village.pk}/2025/"
    token = client.get(url).context["form"]["submission_token"].value()  # refused pages keep their token
    data = {**{k: v.isoformat() for k, v in DAYS.items()}, f"grade_{probationer.pk}": "", "submission_token": token,
            **{f"grade_{m.pk}": G.QUALIFIED for m in full_members}}
    data[f"grade_{full_members[0].pk}"] = G.EXCELLENT
    data[f"grade_{full_members[1].pk}"] = G.EXCELLENT
    page = client.post(url, data).content.decode()
    assert "本支部参加评定3人，最多1名，现评定2名" in page
    data[f"grade_{full_members[1].pk}"] = G.QUALIFIED
    assert client.post(url, data).status_code == 302
    listing = client.get("/development/evaluations/?year=2025").content.decode()
    assert "2025-12-20" in listing
