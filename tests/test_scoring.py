import dataclasses

from hypothesis import given
from hypothesis import strategies as st

from hedgecli import render, scoring
from hedgecli.dataset import Dataset
from hedgecli.method import LEVELS, Rule, default, load, variant

DEFAULT = default()
TINY = load("v2")  # the tiny fixture holds v2's indicators: the engine's tests run on it

finite = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False)


@given(finite, finite, finite)
def test_normalise_is_bounded_and_monotone(value, lo, delta):
    rule = Rule("x", lo, lo + abs(delta) + 1.0)
    s = scoring.normalise(value, rule)
    assert 0.0 <= s <= 100.0
    assert scoring.normalise(value + 1.0, rule) >= s


@given(st.floats(min_value=0, max_value=1e7))
def test_log_goalposts_are_bounded_and_hit_their_ends(value):
    rule = Rule("x", 10.0, 10_000.0, log=True)
    assert 0.0 <= scoring.normalise(value, rule) <= 100.0
    assert scoring.normalise(10.0, rule) == 0.0
    assert scoring.normalise(10_000.0, rule) == 100.0


@given(st.floats(min_value=0, max_value=100), st.floats(min_value=0, max_value=100))
def test_levels_are_monotone_in_score(a, b):
    for thresholds in (c.thresholds for c in DEFAULT.constructs.values()):
        lo, hi = sorted((a, b))
        assert LEVELS.index(scoring.level(lo, thresholds)) <= LEVELS.index(scoring.level(hi, thresholds))


def test_scores_of_every_shipped_entity_are_within_0_100(shipped):
    for year in (2005, 2015, 2024):
        for r in scoring.score_all(shipped, year, DEFAULT):
            comps = [v for c in r.components.values() for v in c.values()]
            for value in (*r.scores.values(), *r.pillars.values(), *comps):
                assert value is None or 0.0 <= value <= 100.0, (r.code, year)


def test_group_is_the_mean_of_its_members_rounded_once(tiny):
    data = Dataset(tiny, "tiny")
    # the members' unrounded scores: rounding them first would round twice
    a, b = (scoring._score_country(data, c, 2020, TINY) for c in ("AAA", "BBB"))
    g = scoring.score(data, "GRP", 2020, TINY)
    assert g.score("hedging") == round((a.score("hedging") + b.score("hedging")) / 2, 1)
    assert g.score("reversal") == round((a.score("reversal") + b.score("reversal")) / 2, 1)
    assert g.members == ["AAA", "BBB"]
    assert g.members_scored == {"hedging": ["AAA", "BBB"], "reversal": ["AAA", "BBB"]}


def test_a_group_averages_the_members_with_a_score_and_says_how_many(tiny):
    del tiny["countries"]["BBB"]["indicators"]["infra.china_infra_investment"]
    data = Dataset(tiny, "tiny")
    g = scoring.score(data, "GRP", 2020, TINY)
    assert g.score("hedging") == scoring.score(data, "AAA", 2020, TINY).score("hedging")
    assert g.members_scored == {"hedging": ["AAA"], "reversal": ["AAA", "BBB"]}
    assert "hedging: 1 of 2 members scored" in render.note(g, TINY)
    assert render.record(g, TINY)["members_scored"] == {"hedging": ["AAA"], "reversal": ["AAA", "BBB"]}


def test_a_null_group_score_names_the_parts_no_member_has(shipped):
    asean = scoring.score(shipped, "ASEAN", 2004, DEFAULT)  # before the investment tracker (2005)
    assert asean.score("hedging") is None
    assert "investment" in asean.lacking
    assert render.record(asean, DEFAULT)["missing_parts"] == asean.lacking
    nato = scoring.score(shipped, "NATO", 2008, DEFAULT)  # Montenegro's momentum exists from 2010
    assert len(nato.members_scored["reversal"]) == len(nato.members) - 1
    assert "MNE" not in nato.members_scored["reversal"]
    assert f"reversal: {len(nato.members) - 1} of {len(nato.members)} members scored" in render.note(nato, DEFAULT)


def test_a_group_without_members_has_no_scores(tiny):
    tiny["groups"]["GRP"]["members"] = []
    g = scoring.score(Dataset(tiny, "tiny"), "GRP", 2020, TINY)
    assert g.score("hedging") is None and g.score("reversal") is None
    assert g.members_scored == {"hedging": [], "reversal": []}


def test_missing_values_are_listed_and_left_out_not_filled(tiny):
    data = Dataset(tiny, "tiny")
    b = scoring.score(data, "BBB", 2020, TINY)
    assert "infra.bri_mou" in b.missing and "security.us_arms_share" in b.missing
    # technology rests on the one indicator B has (Huawei excluded = 0), not on a filled-in mean
    assert b.pillars["technology"] == 0.0
    assert b.score("hedging") is not None


def test_a_score_with_a_whole_part_missing_is_null_and_says_which(tiny):
    del tiny["countries"]["BBB"]["indicators"]["infra.china_infra_investment"]
    b = scoring.score(Dataset(tiny, "tiny"), "BBB", 2020, TINY)
    assert b.score("hedging") is None and b.level("hedging") is None
    assert "infrastructure" in b.lacking
    assert b.score("reversal") is not None  # reversal does not use the infrastructure pillar
    # engagement is the mean of all three pillars, not of the two that have data
    assert b.components["hedging"]["engagement"] is None


def test_carried_forward_values_are_flagged_with_their_age(tiny):
    data = Dataset(tiny, "tiny")
    b = scoring.score(data, "BBB", 2020, TINY)
    assert b.stale == {"security.us_alliance": 2}


def test_values_older_than_max_age_count_as_missing(tiny):
    data = Dataset(tiny, "tiny")
    short = dataclasses.replace(TINY, max_age=1)
    assert "security.us_alliance" in scoring.score(data, "BBB", 2020, short).missing


def test_reversal_is_not_a_rescaled_hedging_score(tiny):
    """A stance closer to China's raises reversal risk and leaves hedging untouched."""
    data = Dataset(tiny, "tiny")
    before = scoring.score(data, "AAA", 2020, TINY)
    tiny["countries"]["AAA"]["indicators"]["political.china_stance"][0]["values"]["2020"] = 1.0
    after = scoring.score(Dataset(tiny, "tiny"), "AAA", 2020, TINY)
    assert after.score("reversal") > before.score("reversal")
    assert after.score("hedging") == before.score("hedging")


def test_a_stronger_us_anchor_raises_hedging_and_lowers_reversal(tiny):
    data = Dataset(tiny, "tiny")
    before = scoring.score(data, "AAA", 2020, TINY)
    tiny["countries"]["AAA"]["indicators"]["security.us_troops"][0]["values"]["2020"] = 50000
    after = scoring.score(Dataset(tiny, "tiny"), "AAA", 2020, TINY)
    assert after.score("hedging") > before.score("hedging")
    assert after.score("reversal") < before.score("reversal")


def test_scoring_twice_gives_identical_results(shipped):
    first = scoring.score_all(shipped, 2024, DEFAULT)
    again = scoring.score_all(shipped, 2024, DEFAULT)
    assert [(r.code, r.score("hedging"), r.score("reversal")) for r in first] == \
           [(r.code, r.score("hedging"), r.score("reversal")) for r in again]


def test_a_missing_change_is_not_reported_as_a_missing_value(tiny):
    # a tilt for 2020 but none ten years earlier: the level is used, its change is not
    del tiny["countries"]["BBB"]["indicators"]["trade.china_tilt"][0]["values"]["2010"]
    b = scoring.score(Dataset(tiny, "tiny"), "BBB", 2020, TINY)
    assert b.pillars["trade"] is not None
    assert "trade.china_tilt" not in b.missing
    assert "trade.china_tilt (change)" in b.missing


def test_a_drift_is_the_change_over_exactly_its_window(tiny):
    """A value carried forward must not shorten the window: with the tilt last reported in 2014
    and scored in 2023, the change is 2004 -> 2014, not 2013 -> 2014 (ten-year goalposts)."""
    method = variant(TINY, {"parts": {"drift": {"indicators": {  # as a method file may add
        "trade.china_tilt": {"lo": -0.15, "hi": 0.15, "change": 10}}}}})
    rule = next(r for r in method.parts["drift"].rules if r.indicator == "trade.china_tilt")
    series = tiny["countries"]["AAA"]["indicators"]["trade.china_tilt"][0]
    series["values"] = {"2004": 0.2, "2013": 0.35, "2014": 0.36}
    data = Dataset(tiny, "tiny")
    tilt = next(t for t in scoring.score(data, "AAA", 2023, method).terms
                if t.part == "drift" and t.indicator == "trade.china_tilt")
    assert (tilt.earlier.year, tilt.observation.year) == (2004, 2014)
    assert tilt.score == scoring.normalise(0.36 - 0.2, rule)
    # no value at exactly ten years before the one used: the change is missing, not shortened
    del series["values"]["2004"]
    b = scoring.score(Dataset(tiny, "tiny"), "AAA", 2023, method)
    assert "trade.china_tilt (change)" in b.missing
