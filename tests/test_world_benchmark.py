"""Momentum beyond the world's (Rule.world): a country whose trade with China grew as China's
trade with the world did has no momentum; one that outgrew it has, whatever the world's cycle.
Checked on synthetic countries, so that it holds beyond the shipped rows."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hedgecli import scoring
from hedgecli.data import load
from hedgecli.dataset import Dataset
from hedgecli.method import MethodError, World, default, from_table, to_table, variant

V3 = default()
INDICATORS = load(None).indicators
START, YEAR = 2016, 2020
TRADE = next(r for r in V3.parts["momentum"].rules if r.indicator == "trade.china_trade")
TILT = next(r for r in V3.parts["momentum"].rules if r.indicator == "trade.china_tilt")


def dataset(start: dict[str, float], end: dict[str, float]) -> Dataset:
    """One country ZZZ with `start` values in 2016 and `end` values in 2020."""
    indicators = {ind: [{"source": "t", "unit": INDICATORS[ind]["unit"],
                         "values": {str(START): start[ind], str(YEAR): end[ind]}}] for ind in start}
    raw = {"sources": {"t": {"title": "synthetic", "publisher": "tests"}}, "indicators": INDICATORS,
           "countries": {"ZZZ": {"name": "Zedland", "aliases": [], "indicators": indicators}}, "groups": {}}
    return Dataset(raw, "synthetic")


def trade_term(country_growth: float, world_growth: float, gdp_growth: float = 1.0, share: float = 0.1):
    """The trade momentum term of a country trading `share` of its GDP with China in 2016, whose
    trade then grows by `country_growth` while China's world trade grows by `world_growth`."""
    start = {"trade.china_trade": 1000.0 * share, "economy.gdp": 1000.0,
             "world.china_trade": 4000.0, "world.gdp": 80000.0}
    end = {"trade.china_trade": start["trade.china_trade"] * country_growth, "economy.gdp": 1000.0 * gdp_growth,
           "world.china_trade": 4000.0 * world_growth, "world.gdp": 80000.0 * gdp_growth}
    return scoring.term(dataset(start, end), "ZZZ", YEAR, 10, "momentum", TRADE)


growth = st.floats(min_value=0.3, max_value=3.0)


@settings(max_examples=80, deadline=None)
@given(world=growth, gdp=st.floats(min_value=0.5, max_value=2.0), share=st.floats(min_value=0.01, max_value=0.5))
def test_trade_growing_as_the_worlds_did_is_no_momentum_whatever_the_cycle(world, gdp, share):
    term = trade_term(world, world, gdp, share)
    assert term.value == pytest.approx(0.0, abs=1e-9)
    assert term.score == pytest.approx(0.0, abs=1e-9)


@settings(max_examples=80, deadline=None)
@given(world=growth, faster=st.floats(min_value=0.0, max_value=2.0), slower=st.floats(min_value=0.0, max_value=2.0))
def test_outgrowing_the_world_scores_more_and_a_faster_world_scores_less(world, faster, slower):
    ahead = trade_term(world * (1 + faster), world)
    more = trade_term(world * (1 + faster + slower), world)
    assert ahead.value >= -1e-12
    assert more.score >= ahead.score
    # the same growth of the country against a faster-growing world is less of a move toward China
    assert trade_term(world * (1 + faster), world * (1 + slower)).score <= ahead.score


def tilt_term(start: float, end: float, world_start: float, world_end: float):
    data = dataset({"trade.china_tilt": start, "world.china_tilt": world_start},
                   {"trade.china_tilt": end, "world.china_tilt": world_end})
    return scoring.term(data, "ZZZ", YEAR, 10, "momentum", TILT)


@settings(max_examples=80, deadline=None)
@given(start=st.floats(min_value=0.01, max_value=0.99), w0=st.floats(min_value=0.05, max_value=0.95),
       w1=st.floats(min_value=0.05, max_value=0.95))
def test_a_tilt_moving_as_the_worlds_odds_did_is_no_momentum_and_stays_a_share(start, w0, w1):
    odds = start / (1 - start) * (w1 / (1 - w1)) / (w0 / (1 - w0))
    term = tilt_term(start, odds / (1 + odds), w0, w1)
    assert term.value == pytest.approx(0.0, abs=1e-9)
    assert 0.0 <= term.expected <= 1.0


def test_the_term_names_the_world_and_its_growth():
    term = trade_term(3.0, 2.0)  # 0.1 of GDP -> 0.3, against 0.1 x 2 = 0.2 expected
    assert term.label == "trade.china_trade per economy.gdp (change vs world)"
    assert term.expected == pytest.approx(0.2)
    assert term.world_growth == pytest.approx(2.0)
    assert term.value == pytest.approx(0.1)


def test_without_the_worlds_values_the_term_is_missing_and_named():
    data = dataset({"trade.china_trade": 100.0, "economy.gdp": 1000.0}, {"trade.china_trade": 300.0, "economy.gdp": 1000.0})
    term = scoring.term(data, "ZZZ", YEAR, 10, "momentum", TRADE)
    assert term.observation is None and term.score is None
    assert term.label.endswith("(change vs world)")


def test_world_false_measures_the_change_from_zero_as_before():
    old = variant(V3, {"parts": {"momentum": {"indicators": {"trade.china_trade": {"world": False}}}}})
    rule = next(r for r in old.parts["momentum"].rules if r.indicator == "trade.china_trade")
    assert rule.world is None
    start = {"trade.china_trade": 100.0, "economy.gdp": 1000.0}
    term = scoring.term(dataset(start, {"trade.china_trade": 300.0, "economy.gdp": 1000.0}), "ZZZ", YEAR, 10,
                        "momentum", rule)
    assert term.value == pytest.approx(0.2) and term.label.endswith("(change)")


def test_the_method_table_round_trips_the_benchmark():
    again = from_table(to_table(V3))
    assert next(r for r in again.parts["momentum"].rules if r.indicator == "trade.china_trade").world == TRADE.world
    assert TILT.world == World("world.china_tilt", None, "odds")


@pytest.mark.parametrize("spec, says", [
    ({"lo": 0, "hi": 1, "world": {"series": "w"}}, "give the rule change"),
    ({"lo": 0, "hi": 1, "change": 4, "world": {"per": "g"}}, "world.series"),
    ({"lo": 0, "hi": 1, "change": 4, "world": {"series": "w", "per": "g"}}, "world.per"),
    ({"lo": 0, "hi": 1, "change": 4, "world": {"series": "w", "model": "log"}}, "world.model"),
    ({"lo": 0, "hi": 1, "change": 4, "denominator": "d", "world": {"series": "w", "per": "g", "model": "odds"}},
     "odds"),
    ({"lo": 0, "hi": 1, "change": 4, "world": {"series": "w", "weight": 2}}, "unknown setting"),
])
def test_a_bad_benchmark_is_a_one_line_error_naming_its_key(spec, says):
    table = {"parts": {"p": {"indicators": {"x": spec}}}, "constructs": {"c": {"thresholds": [20, 40, 60, 80],
                                                                               "parts": {"p": 1}}}}
    with pytest.raises(MethodError, match=says) as caught:
        from_table(table)
    assert "\n" not in str(caught.value)


def test_the_shipped_data_give_every_country_the_same_world(shipped):
    worlds = {code: [shipped.observation(code, "world.china_trade", y).value for y in (2005, 2024)]
              for code in (e.code for e in shipped.countries)}
    assert len({tuple(v) for v in worlds.values()}) == 1


def test_a_scores_json_names_the_world_it_measured_momentum_against():
    import json

    from typer.testing import CliRunner

    from hedgecli.cli import app

    out = CliRunner().invoke(app, ["score", "philippines", "--year", "2005", "--format", "json"]).stdout
    record = json.loads(out)
    record = record[0] if isinstance(record, list) else record
    trade = next(t for t in record["indicators"] if t["part"] == "momentum" and t["indicator"] == "trade.china_trade")
    assert (trade["world_series"], trade["world_per"]) == ("world.china_trade", "world.gdp")
    assert trade["scored_value"] == pytest.approx(trade["value"] / trade["per_value"] - trade["world_expected"], abs=1e-5)
