import json

import numpy as np
import pytest
from typer.testing import CliRunner

from hedgecli import groups, scoring, uncertainty
from hedgecli.cli import app
from hedgecli.method import LEVELS, default, variant

DEFAULT = default()

runner = CliRunner()


@pytest.mark.parametrize("method", [DEFAULT, variant(DEFAULT, {"constructs": {"hedging": {"gate": {"strength": 0.3}}}})],
                         ids=["default", "gate0.3"])
@pytest.mark.parametrize("year", [2012, 2018, 2024])
def test_zero_noise_reproduces_the_point_scores_exactly(shipped, year, method):
    d = uncertainty.design(shipped, year, method)
    sim = uncertainty.simulate(d, method, 5, seed=3, noise=uncertainty.Noise.none())
    for i, code in enumerate(d.codes):
        point = scoring.score_country(shipped, code, year, method)
        for construct in method.constructs:
            expected = point.score(construct)
            got = sim[construct][:, i]
            if expected is None:
                assert np.isnan(got).all()
            else:
                assert np.round(got, 1).tolist() == [expected] * 5, (code, construct)
    # groups: the mean of the members' unrounded scores, rounded once, in both
    groups = [g.code for g in shipped.groups]
    summaries = uncertainty.run(shipped, year, method, 2, 3, groups, noise=uncertainty.Noise.none())
    for code in groups:
        point = scoring.score_group(shipped, code, year, method)
        for construct in ("hedging", "reversal"):
            expected = point.score(construct)
            assert summaries[code][construct].median == expected, (code, year, construct)


def test_same_seed_same_result_and_another_seed_differs(shipped):
    a = uncertainty.run(shipped, 2024, DEFAULT, 3000, 11, ["DEU", "ASEAN"])
    b = uncertainty.run(shipped, 2024, DEFAULT, 3000, 11, ["DEU", "ASEAN"])
    c = uncertainty.run(shipped, 2024, DEFAULT, 3000, 12, ["DEU", "ASEAN"])
    assert a == b
    assert a != c  # another seed draws other assumptions (summaries agree only to rounding)


def test_results_do_not_depend_on_how_draws_are_displayed(shipped):
    seen = []
    quiet = uncertainty.run(shipped, 2024, DEFAULT, 4500, 5, ["JPN"])
    shown = uncertainty.run(shipped, 2024, DEFAULT, 4500, 5, ["JPN"], progress=seen.append)
    assert quiet == shown and seen[-1] == 4500


def test_level_probabilities_sum_to_one_and_intervals_hold(shipped):
    codes = [e.code for e in shipped.entities.values()]
    n_countries = len(shipped.countries)
    for code, res in uncertainty.run(shipped, 2024, DEFAULT, 1000, 1, codes).items():
        for construct, s in res.items():
            assert set(s.levels) == set(LEVELS)
            assert sum(s.levels.values()) == pytest.approx(1.0, abs=1e-6)
            assert 0 <= s.p5 <= s.median <= s.p95 <= 100
            if shipped.entities[code].kind == "country":
                assert 1 <= s.rank_p5 <= s.rank_p95 <= n_countries


def test_heatmap_uncertainty_json_and_cells():
    out = runner.invoke(app, ["heatmap", "--uncertainty", "--draws", "500", "--seed", "4", "--format", "json"])
    rows = json.loads(out.stdout)
    de = next(r for r in rows if r["code"] == "DEU")
    assert de["uncertainty"]["draws"] == 500 and de["uncertainty"]["seed"] == 4
    assert de["hedging_level"] in de["uncertainty"]["hedging"]["levels"]
    table = runner.invoke(app, ["heatmap", "--uncertainty", "--draws", "500"]).stdout
    assert "Germany" in table and "%" in table


def test_sensitivity_shares_add_up():
    rows = json.loads(runner.invoke(app, ["sensitivity", "--draws", "300", "--format", "json"]).stdout)
    for row in rows:
        for construct in ("hedging", "reversal"):
            shares = [v["share"] for v in row[construct].values()]
            assert sum(shares) == pytest.approx(1.0, abs=0.01) or sum(shares) == 0.0
            assert row[f"{construct}_driver"] in (None, "weights", "goalposts", "aggregation", "data")


def test_sensitivity_rows_are_by_name_and_a_year_without_scores_has_no_shares():
    rows = json.loads(runner.invoke(app, ["sensitivity", "--draws", "100", "--format", "json"]).stdout)
    names = [r["name"] for r in rows]
    assert names == sorted(names) and names[0] == "Albania"
    early = json.loads(runner.invoke(app, ["sensitivity", "--draws", "100", "--year", "2004", "--format", "json"]).stdout)
    unscored = [r for r in early if r["reversal_driver"] is None]
    assert unscored
    for r in unscored:
        assert all(v == {"variance": None, "share": None, "p_level_change": None} for v in r["reversal"].values())
    table = runner.invoke(app, ["sensitivity", "--draws", "100", "--year", "2004"]).stdout
    albania = next(line for line in table.splitlines() if "Albania" in line)
    assert "0.0" not in albania and "n/a" in albania


def test_sensitivity_shares_of_a_scored_country_still_add_up(shipped):
    rows = uncertainty.sensitivity(shipped, 2024, DEFAULT, 200, 1)
    de = next(r for r in rows if r["code"] == "DEU")
    assert sum(v["share"] for v in de["hedging"].values()) == pytest.approx(1.0, abs=0.01)


def _peak_bytes(call) -> int:
    """The most memory `call` held at once (numpy's arrays are traced too)."""
    import tracemalloc

    tracemalloc.start()
    try:
        call()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_past_exact_draws_memory_stays_flat_as_draws_grow(shipped, monkeypatch):
    """Issue 21, row 11: --draws 1000000 held every draw (2.6 GB for one country, 4.4 GB for
    sensitivity). Past EXACT_DRAWS the draws are counted as they come: ten times the draws, about
    the same memory (kept whole, it would be ten times as much)."""
    monkeypatch.setattr(uncertainty, "EXACT_DRAWS", 0)  # the counted path at a test's size
    year, codes = 2024, ["DEU", "NATO"]
    for call in (lambda n: uncertainty.run(shipped, year, DEFAULT, n, 1, codes),
                 lambda n: uncertainty.run_years(shipped, [2020, 2024], DEFAULT, n, 1, codes)):
        few, many = _peak_bytes(lambda: call(4_000)), _peak_bytes(lambda: call(40_000))
        assert many < 1.5 * few, (few, many)


def test_counted_draws_agree_with_kept_draws(shipped, monkeypatch):
    """The counted path reads percentiles from 0.01-point bins: within one rounding step (0.1) of
    the kept draws; the level odds and rank intervals are counts, exactly the same; and the same
    seed gives the same result."""
    codes = ["DEU", "JPN", "KOR", "NATO", "ASEAN"]
    kept = uncertainty.run(shipped, 2024, DEFAULT, 5_000, 4, codes)
    monkeypatch.setattr(uncertainty, "EXACT_DRAWS", 0)
    counted = uncertainty.run(shipped, 2024, DEFAULT, 5_000, 4, codes)
    assert counted == uncertainty.run(shipped, 2024, DEFAULT, 5_000, 4, codes)
    for code in codes:
        for construct, k in kept[code].items():
            c = counted[code][construct]
            assert (c.levels, c.rank_p5, c.rank_p95) == (k.levels, k.rank_p5, k.rank_p95), (code, construct)
            for field in ("median", "p5", "p95"):
                assert abs(getattr(c, field) - getattr(k, field)) <= 0.1 + 1e-9, (code, construct, field)
    rows = uncertainty.sensitivity(shipped, 2024, DEFAULT, 1_000, 2)
    monkeypatch.setattr(uncertainty, "EXACT_DRAWS", 10_000)
    assert rows == uncertainty.sensitivity(shipped, 2024, DEFAULT, 1_000, 2)


def test_zero_noise_reproduces_weighted_groups_and_changing_membership_in_every_year(shipped):
    """A group's Monte Carlo is taken as its point score is: weighted by GDP or by the weights
    given, and over the members of each year for a group whose membership changes (the MNNAs)."""
    data = groups.add(shipped, [
        {"where": "test", "name": "Big and small", "members": ["DEU", "MLT", "JPN"], "weights": "gdp"},
        {"where": "test", "name": "Lopsided", "members": ["KHM", "GBR"], "weights": (9.0, 1.0)}])
    codes = ["BIG-AND-SMALL", "LOPSIDED", "MNNA"]
    years = [2008, 2016, 2024]
    by_year = uncertainty.run_years(data, years, DEFAULT, 2, 3, codes, noise=uncertainty.Noise.none())
    for k, year in enumerate(years):
        summaries = uncertainty.run(data, year, DEFAULT, 2, 3, codes, noise=uncertainty.Noise.none())
        for code in codes:
            point = scoring.score_group(data, code, year, DEFAULT)
            for construct in ("hedging", "reversal"):
                assert summaries[code][construct].median == point.score(construct), (code, year, construct)
                assert by_year[code][construct]["median"][k] == point.score(construct), (code, year, construct)
