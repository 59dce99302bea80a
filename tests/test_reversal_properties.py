"""What method v2 promises about reversal risk (kept as a preset), for any country: a state with no ties
to either power sits in the middle; moving toward China on any China-specific part never lowers
the risk; a firmer US anchor never raises it; and non-alignment alone does not read as leaning
to China. Checked on synthetic countries, so that the promise holds beyond the shipped rows."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hedgecli import scoring
from hedgecli.dataset import Dataset
from hedgecli.method import load

from .conftest import tiny_raw

DEFAULT = load("v2")  # these are v2's promises (a lean scale); v3's are in test_v3_properties.py
MIDPOINT = (2.51 + -0.65) / 2  # halfway between the US's and China's mean UN positions (v2's goalposts)
YEAR, START = 2024, 2014


def country(values: dict[str, float | None], earlier: dict[str, float] | None = None) -> Dataset:
    """A data file of one country ZZZ with these 2024 values (and some 2014 ones, for changes)."""
    raw = tiny_raw()
    units = {k: v["unit"] for k, v in raw["indicators"].items()}
    indicators = {}
    for ind, value in values.items():
        if value is None:
            continue
        series = {str(YEAR): value}
        if earlier and ind in earlier:
            series[str(START)] = earlier[ind]
        indicators[ind] = [{"source": "t", "unit": units[ind], "values": series}]
    raw["countries"] = {"ZZZ": {"name": "Zedland", "aliases": [], "indicators": indicators}}
    raw["groups"] = {}
    return Dataset(raw, "synthetic")


def reversal(values, earlier=None, method=DEFAULT) -> float:
    result = scoring.score_country(country(values, earlier), "ZZZ", YEAR, method)
    return result.score("reversal")


NO_TIES = {
    "trade.china_trade": 0.0, "economy.gdp": 50_000.0, "trade.china_export_share": 0.0,
    "political.china_stance": 0.0, "political.un_ideal_point": MIDPOINT,
    "security.china_arms_share": 0.0, "security.us_alliance": 0.0, "security.us_troops": 0.0,
    "security.us_forward_presence": 0.0,
}
NO_TIES_BEFORE = {"trade.china_trade": 0.0, "economy.gdp": 50_000.0}


def test_a_state_with_no_ties_to_either_power_scores_in_the_middle():
    """No trade, arms or vendors from either power, no US forces or treaty, no side taken on
    China's core issues, a UN position halfway: reversal risk is 50, the middle of the scale,
    and its level is Medium."""
    result = scoring.score_country(country(NO_TIES, NO_TIES_BEFORE), "ZZZ", YEAR, DEFAULT)
    assert result.score("reversal") == 50.0
    assert result.level("reversal") == "Medium"


def test_non_alignment_alone_does_not_read_as_leaning_to_china():
    """A state far from both powers scores below one that leans to China on every China-specific
    part and above one anchored to the US that keeps China at arm's length."""
    leaning = dict(NO_TIES, **{"trade.china_trade": 15_000.0, "trade.china_export_share": 0.3,
                               "political.china_stance": 1.0, "political.un_ideal_point": -0.65,
                               "security.china_arms_share": 0.5, "tech.huawei_5g": 1.0})
    anchored = dict(NO_TIES, **{"political.china_stance": -1.0, "political.un_ideal_point": 2.51,
                                "security.us_alliance": 1.0, "security.us_troops": 50_000.0,
                                "security.us_arms_share": 1.0, "security.us_forward_presence": 1.0,
                                "tech.huawei_5g": 0.0})
    middle = reversal(NO_TIES, NO_TIES_BEFORE)
    assert reversal(anchored, NO_TIES_BEFORE) < middle < reversal(leaning, NO_TIES_BEFORE)
    assert scoring.level(middle, DEFAULT.constructs["reversal"].thresholds) not in ("Medium-High", "High")


# every China-specific input, and the direction that moves a state toward China
TOWARD_CHINA = {
    "trade.china_trade": (0.0, 30_000.0, +1),   # exposure (per GDP of 50,000), and its change
    "trade.china_export_share": (0.0, 0.6, +1),
    "political.china_stance": (-1.0, 1.0, +1),
    "political.un_ideal_point": (-1.0, 3.0, -1),  # a lower ideal point is closer to China's
    "security.china_arms_share": (0.0, 1.0, +1),
    "trade.china_tilt": (0.0, 1.0, +1),          # momentum: the tilt's ten-year change
}
ANCHOR = {"security.us_alliance": (0.0, 1.0), "security.us_troops": (0.0, 80_000.0),
          "security.us_arms_share": (0.0, 1.0), "security.us_forward_presence": (0.0, 1.0)}
CODED = {"security.us_alliance": (0.0, 0.5, 1.0), "security.us_forward_presence": (0.0, 1.0)}


def _value(name, lo, hi, u):
    if name in CODED:
        codes = CODED[name]
        return codes[min(len(codes) - 1, int(u * len(codes)))]
    return lo + u * (hi - lo)


base_country = st.fixed_dictionaries({
    name: st.floats(0, 1) for name in (*TOWARD_CHINA, *ANCHOR)
}).map(lambda us: {**{n: _value(n, lo, hi, us[n]) for n, (lo, hi, _d) in TOWARD_CHINA.items()},
                   **{n: _value(n, lo, hi, us[n]) for n, (lo, hi) in ANCHOR.items()},
                   "economy.gdp": 50_000.0})
EARLIER = {"trade.china_trade": 5_000.0, "economy.gdp": 50_000.0, "trade.china_tilt": 0.5}


@settings(max_examples=150, deadline=None)
@given(base_country, st.sampled_from(sorted(TOWARD_CHINA)), st.floats(0, 1), st.sampled_from([0.0, 0.5, 1.0]))
def test_moving_toward_china_on_any_part_never_lowers_reversal(values, name, step, huawei):
    lo, hi, direction = TOWARD_CHINA[name]
    values = dict(values, **{"tech.huawei_5g": huawei})
    moved = dict(values)
    moved[name] = min(hi, max(lo, values[name] + direction * step * (hi - lo)))
    assert reversal(moved, EARLIER) >= reversal(values, EARLIER) - 1e-9


@settings(max_examples=60, deadline=None)
@given(base_country, st.sampled_from([0.0, 0.5]))
def test_vendors_from_china_never_lower_reversal(values, huawei):
    more = dict(values, **{"tech.huawei_5g": huawei + 0.5})
    assert reversal(more, EARLIER) >= reversal(dict(values, **{"tech.huawei_5g": huawei}), EARLIER)


@settings(max_examples=150, deadline=None)
@given(base_country, st.sampled_from(sorted(ANCHOR)), st.floats(0, 1))
def test_a_firmer_us_anchor_never_raises_reversal(values, name, step):
    lo, hi = ANCHOR[name]
    firmer = dict(values)
    if name in CODED:
        firmer[name] = max(c for c in CODED[name] if c >= values[name]) if step > 0.5 else values[name]
    else:
        firmer[name] = min(hi, values[name] + step * (hi - lo))
    assert reversal(firmer, EARLIER) <= reversal(values, EARLIER) + 1e-9


@pytest.mark.parametrize("name", ["v1", "v2"])
def test_every_preset_keeps_the_anchor_restraining_reversal(shipped, name):
    """On the shipped data, for every country: more US troops never raise reversal risk (the
    seed's "a firm anchor restrains reversal"), under every shipped method."""
    from hedgecli import analysis

    method = load(name)
    for e in shipped.countries:
        before = scoring.score(shipped, e.code, YEAR, method).score("reversal")
        if before is None:
            continue
        moved = analysis.with_overrides(shipped, e.code, YEAR, {"security.us_troops": 80_000.0}, method.max_age)
        assert scoring.score(moved, e.code, YEAR, method).score("reversal") <= before, e.code
