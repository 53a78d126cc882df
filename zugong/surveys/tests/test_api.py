"""The results API: the user's organizations only, no figures for hidden ones."""

from decimal import Decimal

from zugong.surveys.tests.factories import answer, make_group, make_survey


def test_results_hold_only_the_users_part_and_no_hidden_figures(client, county, township_operator):
    survey = make_survey(county.county)
    answer(survey, make_group(survey, county.village), {"M1": "好"}, times=12)
    answer(survey, make_group(survey, county.village2), {"M1": "一般"}, times=3)
    answer(survey, make_group(survey, county.other_village), {"M1": "差"}, times=20)
    client.force_login(township_operator)
    assert [s["id"] for s in client.get("/api/v1/surveys").json()] == [survey.pk]
    body = client.get(f"/api/v1/surveys/{survey.pk}/results").json()
    by_name = {o["name"]: o for o in body["organizations"]}
    assert set(by_name) == {"东风镇党委", "东风村党支部", "西岭村党支部"}
    m1 = {name: next(i for i in o["indicators"] if i["code"] == "M1") for name, o in by_name.items()}
    assert Decimal(m1["东风镇党委"]["score"]) == Decimal("92.00")  # (12×100 + 3×60) / 15
    assert by_name["西岭村党支部"]["hidden"] and m1["西岭村党支部"]["score"] is None
    # 西岭村 (3) is below the minimum, so 东风村 is hidden too: 东风镇 − 东风村 would give it away
    assert by_name["东风村党支部"]["hidden"] and by_name["东风村党支部"]["responses"] is None
    assert body["min_group_size"] == 10 and body["rollup"] == "pooled"
