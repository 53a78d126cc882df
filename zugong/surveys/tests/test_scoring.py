"""Scores, roll-ups both ways, year-on-year change, differences from averages, ranks and gaps, shares.

The expected values are worked out by hand in the comments; 不了解 is never counted (not a 0).
"""

from decimal import Decimal

import pytest

from zugong.core.models import PolicyValue
from zugong.surveys import scoring
from zugong.surveys.models import ExternalAverage
from zugong.surveys.tests.factories import answer, make_group, make_survey

D = Decimal


def _fill(survey, county, *, dongfeng, xiling, nanshan, agencies):
    for org, picks in ((county.village, dongfeng), (county.village2, xiling), (county.other_village, nanshan),
                       (county.agencies, agencies)):
        group = make_group(survey, org)
        for label, times in picks:
            answer(survey, group, {"M1": label, "M2": "好"}, times=times)


@pytest.fixture
def this_year(county):
    survey = make_survey(county.county, year=2026)
    # 东风村 12: 6×好 4×较好 2×不了解 → (600+320)/10 = 92.00
    # 西岭村 10: 4×一般 4×差 2×不了解 → 240/8 = 30.00
    # 南山村 15: 15×较好 → 80.00;  县直机关工委 (its own group) 11: 11×好 → 100.00
    _fill(survey, county, dongfeng=[("好", 6), ("较好", 4), ("不了解", 2)],
          xiling=[("一般", 4), ("差", 4), ("不了解", 2)], nanshan=[("较好", 15)], agencies=[("好", 11)])
    return survey


def _m1(survey):
    return survey.indicators.get(code="M1").pk


def test_scores_pooled_over_respondents(county, this_year):
    results = scoring.compute(this_year)
    m1 = _m1(this_year)
    node = results.node
    assert node(county.village.pk).score(m1) == D("92.00")
    assert node(county.village.pk).respondents(m1) == 10  # the two 不了解 are not respondents of M1
    assert node(county.village2.pk).score(m1) == D("30.00")
    # 东风镇 pooled: (920 + 240) / (10 + 8) = 64.444… → 64.44
    assert node(county.township.pk).score(m1) == D("64.44")
    assert node(county.other_township.pk).score(m1) == D("80.00")
    assert node(county.agencies.pk).score(m1) == D("100.00")
    # county: (920 + 240 + 1200 + 1100) / 44 = 78.636… → 78.64
    assert node(county.county.pk).score(m1) == D("78.64")
    assert node(county.county.pk).responses == 48


def test_scores_as_mean_of_children_by_policy(county, this_year):
    _set_policy("surveys.rollup_children_mean", 1)
    results = scoring.compute(this_year)
    m1 = _m1(this_year)
    # 东风镇 = (92 + 30) / 2 = 61.00; county = (61 + 80 + 100) / 3 = 80.333… → 80.33
    assert results.node(county.township.pk).score(m1) == D("61.00")
    assert results.node(county.county.pk).score(m1) == D("80.33")
    assert results.children_mean


def _set_policy(key: str, value: int):
    PolicyValue.objects.update_or_create(key=key, defaults={"value": str(value)})


def test_change_from_last_year_and_differences_from_averages(county, this_year):
    last_year = make_survey(county.county, year=2025)
    # last year: 东风村 10×较好 → 80; 西岭村 10×一般 → 60; 东风镇 pooled 70.00
    for org, label in ((county.village, "较好"), (county.village2, "一般")):
        answer(last_year, make_group(last_year, org), {"M1": label}, times=10)
    this_year.compare_with = last_year
    this_year.save()
    m1 = this_year.indicators.get(code="M1")
    ExternalAverage.objects.create(survey=this_year, indicator=m1, level="national", value=D("75.17"))
    ExternalAverage.objects.create(survey=this_year, indicator=m1, level="city", value=D("80.00"))
    results = scoring.compute(this_year)
    previous = scoring.previous_results(this_year)

    township = next(line for line in scoring.lines_for(results, results.node(county.township.pk), previous)
                    if line.indicator.code == "M1")
    assert (township.score, township.last_year, township.change) == (D("64.44"), D("70.00"), D("-5.56"))
    assert (township.parent_score, township.versus_parent) == (D("78.64"), D("-14.20"))
    assert township.versus_averages == {"national": D("-10.73"), "city": D("-15.56")}
    village = next(line for line in scoring.lines_for(results, results.node(county.village.pk), previous)
                   if line.indicator.code == "M1")
    assert (village.last_year, village.change) == (D("80.00"), D("12.00"))
    top = next(line for line in scoring.lines_for(results, results.root, previous) if line.indicator.code == "M1")
    assert top.versus_averages["national"] == D("3.47")
    assert (top.last_year, top.change) == (D("70.00"), D("8.64"))  # last year only 东风镇 answered


def test_ranks_and_gaps_among_siblings(county, this_year):
    results = scoring.compute(this_year)
    m1 = _m1(this_year)
    ranks = scoring.sibling_ranks(results, results.root, m1)
    # 县直机关工委 100.00 · 南山镇 80.00 · 东风镇 64.44
    assert ranks[county.agencies.pk] == scoring.Rank(1, 3, None, D("20.00"))
    assert ranks[county.other_township.pk] == scoring.Rank(2, 3, D("20.00"), D("15.56"))
    assert ranks[county.township.pk] == scoring.Rank(3, 3, D("15.56"), None)
    inner = scoring.sibling_ranks(results, results.node(county.township.pk), m1)
    assert inner[county.village.pk] == scoring.Rank(1, 2, None, D("62.00"))
    assert inner[county.village2.pk] == scoring.Rank(2, 2, D("62.00"), None)


def test_equal_scores_share_a_rank(county):
    survey = make_survey(county.county)
    for org in (county.township, county.other_township, county.agencies):
        answer(survey, make_group(survey, org), {"M1": "较好" if org != county.agencies else "好"}, times=10)
    results = scoring.compute(survey)
    ranks = scoring.sibling_ranks(results, results.root, _m1(survey))
    assert [ranks[o.pk].position for o in (county.agencies, county.township, county.other_township)] == [1, 2, 2]
    assert ranks[county.township.pk].gap_below is None and ranks[county.township.pk].gap_above == D("20.00")


@pytest.mark.parametrize(("counts", "expected"), [
    ([3943, 13], ["99.67", "0.33"]),  # 3,956 forms: 99.671… and 0.328…
    ([1, 1, 1], ["33.34", "33.33", "33.33"]),
    ([2, 1, 0, 0], ["66.67", "33.33", "0.00", "0.00"]),
    ([1, 2, 3, 1], ["14.29", "28.57", "42.86", "14.28"]),
    ([0, 0], ["0.00", "0.00"]),
])
def test_largest_remainder_shares_add_up_to_100(counts, expected):
    shares = scoring.largest_remainder(counts)
    assert [str(s) for s in shares] == expected
    if sum(counts):
        assert sum(shares) == D("100.00")


def test_option_shares_count_every_choice_including_not_known(county, this_year):
    results = scoring.compute(this_year)
    question = this_year.questions.get(indicator__code="M1")
    shares = scoring.option_shares(results, results.node(county.village.pk), question)
    assert [(s.option.label, s.count, str(s.percent)) for s in shares] == [
        ("好", 6, "50.00"), ("较好", 4, "33.33"), ("一般", 0, "0.00"), ("差", 0, "0.00"), ("不了解", 2, "16.67")]


# ---------------------------------------------------------------- small groups


def _hidden(results, *orgs):
    return [results.node(o.pk).hidden for o in orgs]


def test_a_group_below_the_minimum_shows_nothing_and_no_total_gives_it_away(county):
    survey = make_survey(county.county)
    answer(survey, make_group(survey, county.village), {"M1": "好"}, times=12)
    answer(survey, make_group(survey, county.village2), {"M1": "差"}, times=5)  # below 10
    answer(survey, make_group(survey, county.other_village), {"M1": "较好"}, times=20)
    results = scoring.compute(survey)
    m1 = _m1(survey)
    # 西岭村 is hidden; 东风镇 (17) shown, so 东风村 must be hidden too, or 东风镇 − 东风村 = 西岭村
    assert _hidden(results, county.village2, county.village, county.township) == [True, True, False]
    assert results.node(county.village2.pk).score(m1) is None
    assert results.node(county.village2.pk).respondents(m1) is None
    assert results.node(county.township.pk).score(m1) == D("70.59")  # (1200 + 0) / 17


def test_an_only_child_below_the_minimum_hides_its_parent_and_a_sibling_above(county):
    survey = make_survey(county.county)
    answer(survey, make_group(survey, county.other_village), {"M1": "差"}, times=4)
    answer(survey, make_group(survey, county.village), {"M1": "好"}, times=30)
    answer(survey, make_group(survey, county.agency_branch), {"M1": "好"}, times=12)
    results = scoring.compute(survey)
    # 南山村 4 → hidden, and so 南山镇 (4); at the county, 南山镇 is then the one unknown part: the smallest
    # shown sibling (县直机关工委, 12) is hidden too, and its only branch with it, or it would add up again.
    assert _hidden(results, county.other_village, county.other_township) == [True, True]
    assert _hidden(results, county.agencies, county.agency_branch) == [True, True]
    assert _hidden(results, county.township, county.village, county.county) == [False, False, False]


def test_own_respondents_below_the_minimum_are_protected_from_subtraction(county):
    survey = make_survey(county.county)
    answer(survey, make_group(survey, county.agencies), {"M1": "差"}, times=5)  # 县直机关工委's own group
    answer(survey, make_group(survey, county.agency_branch), {"M1": "好"}, times=12)
    answer(survey, make_group(survey, county.village), {"M1": "好"}, times=12)
    results = scoring.compute(survey)
    # 县直机关工委 (17) shown; its own 5 would be 17 − 12: the branch is hidden instead
    assert _hidden(results, county.agencies, county.agency_branch) == [False, True]


def test_own_respondents_at_the_minimum_may_be_worked_out(county):
    survey = make_survey(county.county)
    answer(survey, make_group(survey, county.agencies), {"M1": "差"}, times=10)
    answer(survey, make_group(survey, county.agency_branch), {"M1": "好"}, times=12)
    results = scoring.compute(survey)
    assert _hidden(results, county.agencies, county.agency_branch) == [False, False]


def test_the_minimum_follows_the_policy(county):
    survey = make_survey(county.county)
    answer(survey, make_group(survey, county.village), {"M1": "好"}, times=6)
    answer(survey, make_group(survey, county.village2), {"M1": "好"}, times=6)
    assert _hidden(scoring.compute(survey), county.village) == [True]
    _set_policy("surveys.min_group_size", 5)
    assert _hidden(scoring.compute(survey), county.village) == [False]
