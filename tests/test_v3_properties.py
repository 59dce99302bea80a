"""What the default method (v3) promises, for any country, checked on synthetic countries so
that the promise holds beyond the shipped rows:

- reversal risk is a risk: a state with no pull toward China scores 0 (Low) whatever its US
  ties; a firmer US anchor or more friction with China never raises it; a pull toward China
  never lowers it; UN non-alignment alone cannot lift it above Low-Medium;
- hedging does not reward the anchor: once a US security tie exists, more of it (troops, a
  treaty on top of MNNA status, a more American arsenal) adds nothing.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hedgecli import analysis, scoring
from hedgecli.data import load
from hedgecli.dataset import Dataset
from hedgecli.method import default

V3 = default()
YEAR, START = 2024, 2020  # the method's momentum is a four-year change
INDICATORS = load(None).indicators
REVERSAL = V3.constructs["reversal"]

# no pull toward China at all: no trade, investment, arms or vendors from China, no partnership,
# visits or stand with China, no momentum, a UN position on the US side of the midpoint
NO_PULL = {
    "economy.gdp": 100_000.0, "trade.china_trade": 0.0, "trade.china_tilt": 0.0, "trade.china_export_share": 0.0,
    "invest.china_stock": 0.0, "finance.pboc_swap_line": 0.0, "political.china_stance": -1.0,
    "political.scs_award_support_china": 0.0, "political.un_ideal_point": 1.5, "political.china_partnership": 0.0,
    "diplomacy.china_leader_visits": 0.0, "diplomacy.visits_to_china": 0.0, "security.china_arms_share_stock": 0.0,
    "tech.huawei_5g": 0.0, "security.sco_status": 0.0, "friction.china_restrictions": 0.0, "friction.scs_award_stand": 0.0,
    "friction.china_confrontation": 0.0,
    "security.us_alliance": 0.0, "security.us_troops": 0.0, "security.us_forward_presence": 0.0,
    "security.us_arms_share_stock": 0.0,
    # the world's values momentum is measured against (the same in both years: no world cycle)
    "world.china_trade": 5_000_000.0, "world.gdp": 100_000_000.0, "world.china_tilt": 0.5,
}
ANCHOR = {"security.us_alliance": (0.0, 0.5, 1.0), "security.us_troops": (0.0, 60_000.0),
          "security.us_forward_presence": (0.0, 1.0), "security.us_arms_share_stock": (0.0, 1.0)}
FRICTION = {"friction.china_restrictions": (0.0, 8.0), "friction.scs_award_stand": (0.0, 0.5, 1.0),
            "friction.china_confrontation": (0.0, 5.0)}
# each pull toward China and the range it may take (the direction toward China is up, except
# the UN position, where China's side is down)
PULLS = {"trade.china_trade": (0.0, 60_000.0), "trade.china_export_share": (0.0, 0.8),
         "invest.china_stock": (0.0, 10_000.0), "finance.pboc_swap_line": (0.0, 1.0),
         "political.china_stance": (-1.0, 1.0), "political.scs_award_support_china": (0.0, 1.0),
         "political.china_partnership": (0.0, 0.5, 1.0), "diplomacy.china_leader_visits": (0.0, 4.0),
         "diplomacy.visits_to_china": (0.0, 4.0), "security.china_arms_share_stock": (0.0, 1.0),
         "tech.huawei_5g": (0.0, 0.5, 1.0), "security.sco_status": (0.0, 0.5, 1.0)}


def country(values: dict[str, float], earlier: dict[str, float] | None = None,
            years: tuple[int, int] = (START, YEAR)) -> Dataset:
    """A data file of one country ZZZ with these values in 2024 (and 2020, for the changes:
    the same as 2024 unless `earlier` says otherwise), or in two other `years`."""
    earlier = {**values, **(earlier or {})}
    indicators = {ind: [{"source": "t", "unit": INDICATORS[ind]["unit"],
                         "values": {str(years[0]): earlier[ind], str(years[1]): value}}]
                  for ind, value in values.items()}
    raw = {"sources": {"t": {"title": "synthetic", "publisher": "tests"}}, "indicators": INDICATORS,
           "countries": {"ZZZ": {"name": "Zedland", "aliases": [], "indicators": indicators}}, "groups": {}}
    return Dataset(raw, "synthetic")


def scores(values, earlier=None) -> scoring.Result:
    return scoring.score_country(country(values, earlier), "ZZZ", YEAR, V3)


def values_in(ranges: dict) -> st.SearchStrategy:
    """Values for the keys of `ranges`: a code's own values, or a float between two bounds."""
    return st.fixed_dictionaries({k: st.sampled_from(r) if len(r) != 2 else st.floats(*r) for k, r in ranges.items()})


@settings(max_examples=60, deadline=None)
@given(anchor=values_in(ANCHOR), friction=values_in(FRICTION))
def test_a_state_with_no_pull_toward_china_scores_zero_whatever_its_us_ties(anchor, friction):
    result = scores({**NO_PULL, **anchor, **friction})
    assert result.score("reversal") == 0.0
    assert result.level("reversal") == "Low"


@settings(max_examples=60, deadline=None)
@given(base=values_in({**PULLS, **ANCHOR, **FRICTION}), which=st.sampled_from(sorted({**ANCHOR, **FRICTION})),
       more=st.floats(0.0, 1.0))
def test_a_firmer_anchor_or_more_friction_never_raises_reversal_risk(base, which, more):
    values = {**NO_PULL, **base}
    before = scores(values).score("reversal")
    span = {**ANCHOR, **FRICTION}[which]
    stronger = dict(values, **{which: values[which] + more * (max(span) - values[which])})
    assert scores(stronger).score("reversal") <= before


@settings(max_examples=60, deadline=None)
@given(base=values_in({**PULLS, **ANCHOR, **FRICTION}), which=st.sampled_from(sorted(PULLS)), more=st.floats(0.0, 1.0))
def test_a_pull_toward_china_never_lowers_reversal_risk(base, which, more):
    values = {**NO_PULL, **base}
    top = max(PULLS[which])
    stronger = dict(values, **{which: values[which] + more * (top - values[which])})
    assert scores(stronger).score("reversal") >= scores(values).score("reversal")


@settings(max_examples=60, deadline=None)
@given(position=st.floats(-3.0, 3.0), change=st.floats(-3.0, 3.0), anchor=values_in(ANCHOR))
def test_un_non_alignment_alone_cannot_lift_reversal_above_low_medium(position, change, anchor):
    """Voting with the non-aligned majority on the UN's main dimension, however far and however
    fast, with no other pull toward China: at most Low-Medium."""
    result = scores({**NO_PULL, **anchor, "political.un_ideal_point": position},
                    {"political.un_ideal_point": position - change})
    assert result.level("reversal") in ("Low", "Low-Medium")


ENGAGED = {**NO_PULL, "trade.china_tilt": 0.5, "trade.china_trade": 20_000.0, "invest.china_stock": 2_000.0,
           "tech.huawei_5g": 1.0, "infra.bri_mou": 1.0, "infra.aiib_member": 1.0, "finance.pboc_swap_line": 1.0,
           "diplomacy.china_leader_visits": 1.0, "political.china_partnership": 0.5}


@pytest.mark.parametrize("tie", [{"security.us_alliance": 0.5}, {"security.us_forward_presence": 1.0},
                                 {"security.us_arms_share_stock": 0.4}])
@settings(max_examples=30, deadline=None)
@given(more=values_in(ANCHOR))
def test_hedging_does_not_rise_with_the_anchor_once_a_us_tie_exists(tie, more):
    """MNNA status, US forces or a mostly American arsenal each is a tie; adding troops, a
    treaty or more American arms on top does not make the same engagement more hedging."""
    base = scores({**ENGAGED, **tie}).score("hedging")
    stronger = {k: max(v, more[k]) if k in more else v for k, v in {**ENGAGED, **tie}.items()}
    assert scores(stronger).score("hedging") == pytest.approx(base)


def test_hedging_counts_engagement_in_full_only_where_a_us_tie_exists():
    without = scores(ENGAGED).score("hedging")
    with_tie = scores({**ENGAGED, "security.us_alliance": 1.0}).score("hedging")
    assert with_tie == pytest.approx(2 * without, abs=0.11)  # a gate of strength 0.5 (rounded scores)


def test_the_method_scores_no_year_before_its_first():
    """The same values (of 1999 and 2003, carried forward) score in 2005 and not in 2004: before
    2005 a score would lack its investment evidence and mean something else."""
    data = country(ENGAGED, years=(1999, 2003))
    assert V3.first_year == 2005
    assert scoring.score_country(data, "ZZZ", 2005, V3).score("reversal") is not None
    early = scoring.score_country(data, "ZZZ", 2004, V3)
    assert early.score("hedging") is None and early.score("reversal") is None


def test_no_indicator_is_capped_for_more_than_a_tenth_of_the_countries_in_2024():
    """Saturation (v2 capped China's trade share at parity, where 34 of 55 countries sat): no
    continuous indicator of v3 is at or beyond its top goalpost for more than a tenth of the
    countries in 2024. Codes (0/1, policy codes) and the US tie, a gate meant to saturate (any
    tie counts in full), are not amounts; a floor is a risk scale's "no pull"."""
    data = load(None)
    capped, seen = {}, {}
    for e in data.countries:
        for t in scoring.score_country(data, e.code, 2024, V3).terms:
            unit = data.indicators[t.indicator]["unit"]
            if t.value is None or t.part == "us_tie" or (unit in ("0/1", "policy code") and not t.per and not t.change):
                continue
            top = t.rule.hi
            at_top = t.value >= top if t.rule.hi > t.rule.lo else t.value <= top
            seen[(t.part, t.label)] = seen.get((t.part, t.label), 0) + 1
            capped[(t.part, t.label)] = capped.get((t.part, t.label), 0) + at_top
    over = {k: round(capped[k] / n, 2) for k, n in seen.items() if capped[k] / n > 0.1}
    assert over == {}


@pytest.mark.parametrize("code, joined", [("FIN", 2023), ("SWE", 2024)])
def test_joining_nato_does_not_make_the_same_engagement_more_hedging(code, joined):
    """Finland and Sweden relied on the US before they joined (a large American share of their
    arsenals): the accession leaves the gate where it was, so hedging moves only with engagement."""
    data = load(None)
    before, after = (scoring.score_country(data, code, y, V3) for y in (joined - 1, joined))
    ratio = [r.score("hedging") / r.components["hedging"]["engagement"] for r in (before, after)]
    assert ratio[1] == pytest.approx(ratio[0], abs=0.01)


def test_every_indicator_covers_2001_to_2024_or_says_why_not():
    """Issue 18's contract: an indicator of the method has values from 2001 (2000 for most), or
    its earlier years are recorded zeros of what did not exist yet (source `not-yet`, or the
    series' own zeros: China-CEEC before 2012), or the catalogue says from when its evidence was
    collected and why (the investment tracker from 2005)."""
    from hedgecli.method import used_indicators

    data = load(None)
    for ind in sorted(used_indicators(V3)):
        first, last = data.span(ind)
        declared = data.indicators[ind].get("collected_from")
        assert last + V3.max_age >= 2024, ind  # a source that ends early is carried with its age (DOTS to 2020)
        assert first <= 2001 or declared is not None and first <= declared, (ind, first, declared)
        if declared is not None:
            assert data.indicators[ind].get("not_collected_why"), ind


def test_each_new_source_feeds_at_least_ten_countries():
    usage = load(None).source_usage()
    for source in ("ceias-travel", "vitae-visits", "visits-table", "china-ceec", "eu-blocked", "pboc-swaps",
                   "rmb-clearing", "china-fta", "china-sanctions-monitor", "amti-scs", "not-yet"):
        assert len(usage[source]["countries"]) >= 10, source


def test_before_a_state_s_first_5g_decision_its_policy_reads_open_and_a_restriction_dates_from_its_year():
    """A national vendor policy before its first recorded decision is the open state (no policy
    restricted Chinese vendors), dated by that decision and shown as applied back; the
    restriction moves the score in its own year, not back to 2005 (round five). An indicator
    without the rule stays missing before its first value."""
    data = country({"tech.huawei_5g": 0.0, "invest.china_tech_stock": 0.0, "economy.gdp": 100_000.0},
                   earlier={"tech.huawei_5g": 0.0}, years=(2020, 2022))
    early = scoring.score_country(data, "ZZZ", 2010, V3)
    for part in ("technology", "opening"):
        five_g = next(t for t in early.terms if t.indicator == "tech.huawei_5g" and t.part == part)
        assert five_g.observation.year == 2020 and five_g.observation.age == -10
        assert five_g.observation.value == 1.0 and five_g.score == 100.0
    assert early.applied_back == {"tech.huawei_5g": 2020} and early.stale == {}
    assert "tech.huawei_5g" not in early.missing
    banned = scoring.score_country(data, "ZZZ", 2020, V3)
    assert [t.score for t in banned.terms if t.indicator == "tech.huawei_5g"] == [0.0, 0.0]
    assert banned.applied_back == {}
    stock = next(t for t in early.terms if t.indicator == "invest.china_tech_stock")
    assert stock.observation is None  # no rule: missing before its first value


def test_a_first_decision_after_the_scored_years_still_dates_the_years_before_it(shipped):
    """Morocco's and Peru's only vendor decisions are of 2025: every year before reads open, as
    for any state before its first decision, and is shown as applied back (round eight)."""
    for code in ("MAR", "PER"):
        for year in (2005, 2024):
            result = scoring.score_country(shipped, code, year, V3)
            assert result.applied_back.get("tech.huawei_5g") == 2025, (code, year)
            assert "tech.huawei_5g" not in result.missing
            assert {t.score for t in result.terms if t.indicator == "tech.huawei_5g"} == {100.0}


def test_a_back_applied_indicator_gives_its_first_value_to_the_years_before_it():
    """back_apply, for a method that wants it: a state's first value stands for the years before."""
    import copy

    from hedgecli.method import from_table

    table = copy.deepcopy(V3.table)
    table["parts"]["technology"]["indicators"]["tech.huawei_5g"] = {"lo": 0.0, "hi": 1.0, "max_age": 25,
                                                                     "back_apply": True}
    method = from_table(table)
    data = country({"tech.huawei_5g": 0.5, "economy.gdp": 100_000.0}, years=(2019, 2024))
    early = scoring.score_country(data, "ZZZ", 2010, method)
    five_g = next(t for t in early.terms if t.indicator == "tech.huawei_5g" and t.part == "technology")
    assert five_g.observation.value == 0.5 and five_g.observation.year == 2019 and five_g.score == 50.0


def test_on_the_shipped_data_no_5g_restriction_reaches_back_before_the_year_it_was_decided():
    """Every state with a recorded decision reads the open policy in each year before its first
    one, in technology and the opening alike, and its first decision's own value from that year."""
    data = load(None)
    checked = 0
    for entity in data.countries:
        obs = [o for y in range(V3.first_year, 2025)
               if (o := data.observation(entity.code, "tech.huawei_5g", y)) is not None]
        if not obs:
            continue  # no decision found: missing in every year
        first = min(o.year for o in obs)
        first_value = next(o.value for o in obs if o.year == first)
        for year in range(V3.first_year, min(first, 2024) + 1):
            result = scoring.score_country(data, entity.code, year, V3)
            scores = {t.part: t.score for t in result.terms if t.indicator == "tech.huawei_5g"}
            expected = 100.0 * (first_value if year >= first else 1.0)
            assert scores == {"technology": pytest.approx(expected), "opening": pytest.approx(expected)}, \
                (entity.code, year)
        checked += 1
    assert checked >= 50


def test_a_level_change_through_the_us_tie_names_the_indicator_that_made_the_tie():
    """The US tie is a "max" part: its points sit on its highest indicator. When a state's
    arsenal becomes American enough to count (Malta, 2012) the tie exists from then on, and the
    driver is the arms share, not the alliance code that was 0 in both years."""
    series = {ind: {"2023": v, "2024": v} for ind, v in IN_EVERY_PART.items()}
    series["security.us_arms_share_stock"] = {"2024": 0.9}  # below the volume minimum before
    results = [scoring.score_country(series_data(series), "ZZZ", y, V3) for y in (2023, 2024)]
    assert results[1].score("hedging") > results[0].score("hedging")
    changes = [c for c in analysis.level_change_list(results, V3) if c.construct == "hedging"]
    assert len(changes) == 1
    assert changes[0].driver.startswith("security.us_arms_share_stock +") and changes[0].driver.endswith("new data")


def test_a_level_change_is_driven_by_what_moved_the_score_the_way_it_went():
    """A rise made of several gains is not put down to the one indicator that fell against it."""
    series = {ind: {"2023": v, "2024": v} for ind, v in IN_EVERY_PART.items()}
    series["security.us_alliance"] = {"2023": 1.0, "2024": 1.0}
    series["finance.pboc_swap_line"] = {"2023": 1.0, "2024": 0.0}  # one loss: a third of finance
    for ind, quiet in (("diplomacy.visits_to_china", 0.0), ("diplomacy.china_leader_visits", 0.0),
                       ("political.china_partnership", 0.5)):
        series[ind] = {"2023": quiet, "2024": quiet}  # a lower start, so that the rise crosses 60
    gains = {"trade.china_tilt": 0.2, "invest.china_stock": 1_000.0, "invest.china_construction_stock": 2_000.0,
             "invest.china_tech_stock": 200.0, "invest.china_infra_stock": 600.0}  # each a fifth of its range
    for ind, more in gains.items():
        series[ind] = {"2023": IN_EVERY_PART[ind], "2024": IN_EVERY_PART[ind] + more}
    results = [scoring.score_country(series_data(series), "ZZZ", y, V3) for y in (2023, 2024)]
    assert results[1].score("hedging") > results[0].score("hedging")
    changes = [c for c in analysis.level_change_list(results, V3) if c.construct == "hedging"]
    assert len(changes) == 1 and " +" in changes[0].driver, changes[0].driver


def series_data(series: dict[str, dict[str, float]]) -> Dataset:
    """A data file of one country ZZZ with these values by year (a year left out is missing)."""
    indicators = {ind: [{"source": "t", "unit": INDICATORS[ind]["unit"], "values": v}] for ind, v in series.items()}
    raw = {"sources": {"t": {"title": "synthetic", "publisher": "tests"}}, "indicators": INDICATORS,
           "countries": {"ZZZ": {"name": "Zedland", "aliases": [], "indicators": indicators}}, "groups": {}}
    return Dataset(raw, "synthetic")


# a state engaged with China in every part of hedging, with no US alliance
IN_EVERY_PART = {"economy.gdp": 100_000.0, "trade.china_tilt": 0.6, "trade.china_trade": 20_000.0,
           "finance.pboc_swap_line": 1.0, "finance.rmb_clearing_bank": 1.0, "finance.china_fta": 1.0,
           "infra.aiib_member": 1.0, "infra.bri_mou": 1.0, "invest.china_stock": 2_000.0,
           "invest.china_construction_stock": 2_000.0, "invest.china_tech_stock": 500.0,
           "invest.china_infra_stock": 1_000.0, "tech.huawei_5g": 1.0, "diplomacy.china_leader_visits": 1.0,
           "diplomacy.visits_to_china": 2.0, "political.china_partnership": 1.0, "security.us_alliance": 0.0}


def _momentum_trade(series: dict, year: int) -> scoring.Term:
    result = scoring.score_country(series_data(series), "ZZZ", year, V3)
    return next(t for t in result.terms if t.part == "momentum" and t.indicator == "trade.china_trade")


def test_a_one_year_spike_in_trade_moves_momentum_a_third_as_much_as_a_lasting_change():
    """Momentum's trade change is the mean of the four-year changes ending in the year and the two
    before, each held within the goalposts (round six): a spike in the last year alone counts a
    third, however large; the changes that exist are averaged, so a state with a short series
    keeps its score."""
    years = range(2012, 2025)
    flat = {"economy.gdp": {str(y): 100_000.0 for y in years}, "world.china_trade": {str(y): 5e6 for y in years},
            "world.gdp": {str(y): 1e8 for y in years}}
    spike = dict(flat, **{"trade.china_trade": {str(y): 10_000.0 + (3_000.0 if y == 2024 else 0.0) for y in years}})
    term = _momentum_trade(spike, 2024)
    assert term.smoothed == 3 and term.end_change == pytest.approx(0.03) and term.value == pytest.approx(0.01)
    assert term.score == pytest.approx(20.0)  # 0.01 of GDP against the goalpost of 0.05
    lasting = dict(flat, **{"trade.china_trade": {str(y): 10_000.0 + (3_000.0 if y >= 2022 else 0.0) for y in years}})
    assert _momentum_trade(lasting, 2024).score == pytest.approx(60.0)
    # each change is held within the goalposts before the mean: a spike past the top counts a third
    huge = dict(flat, **{"trade.china_trade": {str(y): 10_000.0 + (20_000.0 if y == 2024 else 0.0) for y in years}})
    assert _momentum_trade(huge, 2024).score == pytest.approx(100.0 / 3)
    short = {k: {y: v for y, v in s.items() if int(y) >= 2019} for k, s in spike.items()}
    assert _momentum_trade(short, 2023).smoothed == 1  # only the change 2019-2023 exists


def test_the_vendor_code_alone_pulls_at_most_five_points():
    """Half weight in the opening (round six): an open vendor policy and nothing else is a quarter
    of the opening, itself a fifth of the pull: 5 points at most, where the opening's other terms
    have values (a missing one re-weights the part, as every part does)."""
    result = scores({**NO_PULL, "tech.huawei_5g": 1.0})
    assert 0.0 < result.scores["reversal"] <= 5.0 + 1e-9


def test_a_smoothed_change_carries_the_error_of_a_mean_of_changes():
    """The Monte Carlo perturbs a smoothed change by the error of one change over the square root
    of how many it averages (each has its own two ends), not by a single change's error."""
    import copy

    from hedgecli import uncertainty
    from hedgecli.method import from_table

    years = range(2012, 2025)
    indicators = {
        "trade.china_trade": [{"source": "t", "unit": "USD million", "error": {"relative": 0.1},
                               "values": {str(y): 10_000.0 + 500.0 * (y - 2012) for y in years}}],
        **{ind: [{"source": "t", "unit": INDICATORS[ind]["unit"], "values": {str(y): v for y in years}}]
           for ind, v in (("economy.gdp", 100_000.0), ("world.china_trade", 5e6), ("world.gdp", 1e8))}}
    raw = {"sources": {"t": {"title": "synthetic", "publisher": "tests"}}, "indicators": INDICATORS,
           "countries": {"ZZZ": {"name": "Zedland", "aliases": [], "indicators": indicators}}, "groups": {}}
    data = Dataset(raw, "synthetic")
    table = copy.deepcopy(V3.table)
    del table["parts"]["momentum"]["indicators"]["trade.china_trade"]["smooth"]
    sds = []
    for method in (V3, from_table(table)):
        d = uncertainty.design(data, 2024, method, ["ZZZ"])
        t = next(i for i, (p, r) in enumerate(zip(d.parts, d.rules))
                 if p == "momentum" and r.indicator == "trade.china_trade")
        sds.append(d.sd[0, t])
    assert sds[1] > 0 and sds[0] == pytest.approx(sds[1] / 3 ** 0.5)


def test_a_confrontation_year_is_half_of_full_friction_and_a_stand_for_the_award_adds_nothing_to_it():
    # round seven: one year of China's force against the state (a stock of 1 of 2) restrains the
    # pull as a stand for the award as binding does; friction is the highest of its terms
    values = {**NO_PULL, "trade.china_trade": 30_000.0}
    before = scores(values).score("reversal")
    confronted = scores({**values, "friction.china_confrontation": 1.0}).score("reversal")
    assert before > 0 and confronted == pytest.approx(before * (1 - 0.5 * 0.5), abs=0.05)  # scores have 1 decimal
    both = scores({**values, "friction.china_confrontation": 1.0, "friction.scs_award_stand": 1.0})
    assert both.score("reversal") == pytest.approx(confronted)
