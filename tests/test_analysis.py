import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner


from hedgecli import analysis, render, scoring, units
from hedgecli.cli import app
from hedgecli.dataset import Dataset
from hedgecli.errors import UsageError
from hedgecli.method import LEVELS, default, load, variant

DEFAULT = default()

runner = CliRunner()


@pytest.mark.parametrize("year", [2012, 2018, 2024])
def test_contributions_add_up_to_the_scores(shipped, year):
    # every country: the points add up to the score up to its rounding to one decimal
    for e in shipped.countries:
        r = scoring.score(shipped, e.code, year, DEFAULT)
        for construct in ("hedging", "reversal"):
            value = r.score(construct)
            if value is not None:
                points = sum(c.points for c in analysis.contributions(r, DEFAULT, construct))
                assert points == pytest.approx(value, abs=0.0501), (e.code, year, construct)


@pytest.mark.parametrize("year, method", [(2004, DEFAULT), (2001, DEFAULT)])
def test_a_null_score_has_no_points_and_no_moves(shipped, year, method):
    # before its first year (v3: 2005) a method scores nothing: points of a score that is not
    # there would add up to nothing
    for e in shipped.countries:
        r = scoring.score(shipped, e.code, year, method)
        for construct in ("hedging", "reversal"):
            if r.score(construct) is None:
                assert analysis.contributions(r, method, construct) == [], (e.code, construct)
                assert analysis.gaps(shipped, r, method, construct) == [], (e.code, construct)
    assert scoring.score(shipped, "DEU", year, method).score("hedging") is None


def test_explain_json_contributions_add_up():
    rec = json.loads(runner.invoke(app, ["explain", "germany", "--format", "json"]).stdout)
    for construct in ("hedging", "reversal"):
        points = sum(c["points"] for c in rec[construct]["contributions"])
        assert points == pytest.approx(rec[f"{construct}_score"], abs=0.1)
        assert all(c["source"] and c["year"] for c in rec[construct]["contributions"])


def test_explain_json_gives_what_a_ratio_or_a_change_is_computed_from():
    """A ratio's `value` is its numerator and a change's the end year's level: the record also
    carries the denominator and the start, so that a pipeline reading `value` is not misled."""
    rec = json.loads(runner.invoke(app, ["explain", "luxembourg", "--year", "2005", "--format", "json"]).stdout)
    rows = {c["indicator"]: c for c in rec["reversal"]["contributions"]}
    ratio = rows["trade.china_trade per economy.gdp"]
    assert ratio["scored_value"] == pytest.approx(ratio["value"] / ratio["per_value"], abs=1e-6)
    change = rows["trade.china_tilt (change vs world)"]
    assert change["change_years"] == 4 and change["from_year"] == 2001 and change["from_value"] < change["value"]
    assert change["mean_of_changes"] == 1  # the trade series start in 2001: one change in 2005


def test_every_lever_that_explain_names_moves_the_level_to_the_one_it_reports(shipped):
    for e in shipped.countries:
        r = scoring.score(shipped, e.code, 2024, DEFAULT)
        for construct in ("hedging", "reversal"):
            for gap in analysis.gaps(shipped, r, DEFAULT, construct):
                target = LEVELS.index(gap.target_level)
                for lever in gap.levers:
                    if lever.needed is None:
                        assert lever.reaches is None
                        continue
                    moved = analysis.with_overrides(shipped, e.code, 2024, {lever.indicator: lever.needed}, DEFAULT.max_age)
                    got = scoring.score(moved, e.code, 2024, DEFAULT).level(construct)
                    assert got == lever.reaches, (e.code, construct, gap.direction, lever)
                    # the neighbouring level, or beyond it in the same direction
                    reached = LEVELS.index(got)
                    assert reached >= target if gap.direction == "up" else reached <= target, (e.code, lever)


def test_a_lever_on_an_indicator_that_feeds_two_parts_stops_at_the_next_level(shipped):
    # the UN position feeds distance and drift, the tilt dependence and drift: a slope from one
    # part alone overshot to High
    for code in ("FRA", "KOR", "POL", "HUN", "ITA", "GBR"):
        r = scoring.score(shipped, code, 2024, DEFAULT)
        up = next(g for g in analysis.gaps(shipped, r, DEFAULT, "reversal") if g.direction == "up")
        assert all(lv.reaches in (None, up.target_level) for lv in up.levers), (code, up)


def test_a_coded_lever_reports_the_level_its_code_reaches(shipped):
    # a code is a step, not a slider: the nearest code that moves a level may land beyond the
    # next level, and the lever says which level it reaches
    checked = 0
    for e in shipped.countries:
        r = scoring.score(shipped, e.code, 2024, DEFAULT)
        for construct in ("hedging", "reversal"):
            for gap in analysis.gaps(shipped, r, DEFAULT, construct):
                for lever in gap.levers:
                    if lever.indicator != "tech.huawei_5g" or lever.needed is None:
                        continue
                    moved = analysis.with_overrides(shipped, e.code, 2024, {lever.indicator: lever.needed},
                                                    DEFAULT.max_age)
                    assert scoring.score(moved, e.code, 2024, DEFAULT).level(construct) == lever.reaches
                    checked += 1
    assert checked > 0


def test_coded_levers_with_goalposts_beyond_the_codes_do_not_crash(shipped):
    method = variant(DEFAULT, {"parts": {"technology": {"indicators": {"tech.huawei_5g": {"lo": 2.0, "hi": 4.0}}}}})
    for code in ("DEU", "GBR", "KOR"):
        r = scoring.score(shipped, code, 2024, method)
        for gap in analysis.gaps(shipped, r, method, "hedging"):
            huawei = next(lv for lv in gap.levers if lv.indicator == "tech.huawei_5g")
            assert huawei.needed is None  # it scores 0 whatever its code


def test_explain_json_levers_say_which_level_they_reach():
    rec = json.loads(runner.invoke(app, ["explain", "france", "--format", "json"]).stdout)
    for move in rec["hedging"]["moves"] + rec["reversal"]["moves"]:
        assert set(move) == {"direction", "to_level", "threshold", "points_needed", "levers"}
        for lever in move["levers"]:
            assert set(lever) == {"indicator", "part", "now", "needed", "reaches"}


@pytest.mark.parametrize("year", [2016, 2021, 2024])
@pytest.mark.parametrize("code", ["DEU", "FRA", "JPN", "KOR", "KHM", "VNM", "GBR"])
def test_setting_an_indicator_to_its_own_value_changes_nothing(shipped, code, year):
    # a what-if value once had a source of its own (the drift check then dropped the drift), and
    # once was dated the scoring year (a carried-forward value then moved the drift window)
    before = scoring.score(shipped, code, year, DEFAULT)
    for t in before.terms:
        if t.observation is None or t.part == "drift":
            continue
        moved = analysis.with_overrides(shipped, code, year, {t.indicator: t.observation.value}, DEFAULT.max_age)
        after = scoring.score(moved, code, year, DEFAULT)
        assert (after.score("hedging"), after.score("reversal")) == (before.score("hedging"), before.score("reversal")), \
            (code, t.indicator)


def test_a_what_if_value_says_it_was_set_by_the_user(shipped):
    v1 = load("v1")  # its UN position feeds a level part and a change part
    moved = analysis.with_overrides(shipped, "DEU", 2024, {"political.un_alignment": 0.5}, v1.max_age)
    rec = render.record(scoring.score(moved, "DEU", 2024, v1), v1, moved)
    rows = [i for i in rec["indicators"] if i["indicator"] == "political.un_alignment"]
    assert {i["value"] for i in rows if i["part"] == "political"} == {0.5}
    assert {i["source_title"] for i in rows} == {render.WHAT_IF_TITLE}
    assert {i["source"] for i in rows} == {"what-if"}  # not the replaced value's source id
    assert all(i["from_value"] is not None for i in rows if i["part"] == "drift")


ENGAGEMENT = {"tech.huawei_5g": (0, 1), "tech.china_tech_investment": (0, 50_000),
              "infra.bri_mou": (0, 1), "infra.aiib_member": (0, 1), "infra.china_infra_investment": (0, 50_000),
              "trade.china_tilt": (0, 0.5)}  # the tilt is engagement up to parity (see METHODOLOGY)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["DEU", "JPN", "KOR", "VNM", "POL", "CAN"]), st.sampled_from(sorted(ENGAGEMENT)),
       st.floats(0, 1), st.floats(0, 1))
def test_more_engagement_never_lowers_hedging(shipped, code, indicator, a, b):
    lo, hi = ENGAGEMENT[indicator]
    small, large = sorted((lo + a * (hi - lo), lo + b * (hi - lo)))
    h = [scoring.score(analysis.with_overrides(shipped, code, 2024, {indicator: v}, DEFAULT.max_age), code, 2024, DEFAULT).score("hedging")
         for v in (small, large)]
    assert h[1] >= h[0]


def test_what_if_changes_nothing_on_disk(tmp_path, tiny_file):
    before = tiny_file.read_bytes()
    out = runner.invoke(app, ["score", "AAA", "--data", str(tiny_file), "--set", "security.us_troops=0",
                              "--method", "v2", "--format", "json"])
    rec = json.loads(out.stdout)
    assert rec["after"]["hedging_score"] < rec["before"]["hedging_score"]
    assert tiny_file.read_bytes() == before


def test_what_if_rejects_unknown_names_and_out_of_range_values(shipped):
    with pytest.raises(UsageError, match="did you mean trade.china_tilt"):
        analysis.parse_settings(["trade.china_tilts=0.5"], shipped)
    with pytest.raises(UsageError, match="out of range"):
        analysis.parse_settings(["trade.china_tilt=1.5"], shipped)
    with pytest.raises(UsageError, match="not a number"):
        analysis.parse_settings(["security.us_troops=many"], shipped)
    with pytest.raises(UsageError, match="not one of the codes"):
        analysis.parse_settings(["tech.huawei_5g=0.3"], shipped)
    with pytest.raises(UsageError, match="out of range"):
        analysis.parse_settings(["security.us_troops=-1"], shipped)
    with pytest.raises(UsageError, match="finite"):
        analysis.parse_settings(["trade.china_tilt=nan"], shipped)


def test_what_if_accepts_every_value_the_data_file_checks_accept(shipped_raw, shipped):
    # one table (units.py) for both: Cambodia's UN position is below 0, beyond China
    assert analysis.parse_settings(["political.un_alignment=-0.25"], shipped) == {"political.un_alignment": -0.25}
    for country in shipped_raw["countries"].values():
        for indicator, series_list in country["indicators"].items():
            for s in series_list:
                for value in s["values"].values():
                    assert units.problem(value, s["unit"]) is None
                    assert analysis.parse_settings([f"{indicator}={value!r}"], shipped) == {indicator: value}


def test_theil_sen_recovers_a_known_slope_despite_an_outlier():
    points = [(y, 3.0 + 0.5 * y) for y in range(2010, 2021)]
    points[4] = (points[4][0], 500.0)
    assert analysis.theil_sen(points) == pytest.approx(0.5)


def test_trend_of_a_synthetic_series_has_its_slope(tiny):
    """UN alignment falling 0.01 a year, all else constant: political distance rises one point a
    year and the ten-year drift is constant, so reversal (a mean of four parts) rises 0.25 a year."""
    inds = tiny["countries"]["AAA"]["indicators"]
    for series in inds.values():  # every other indicator constant, reported every year
        last = list(series[0]["values"].values())[-1]
        series[0]["values"] = {str(y): last for y in range(2000, 2021)}
    inds["political.un_alignment"][0]["values"] = {str(y): 0.8 - 0.01 * (y - 2000) for y in range(2000, 2021)}
    inds["trade.china_tilt"][0]["values"] = {"2000": 0.5, "2010": 0.5, "2020": 0.5}
    d = analysis.drift(Dataset(tiny, "tiny"), "AAA", load("v1"), 2012, 2020)  # v1's four-part mean
    assert d["reversal_slope"] == pytest.approx(0.25, abs=0.01)
    assert d["hedging_slope"] == pytest.approx(0.0, abs=1e-9)


def test_drift_of_a_growing_exposure_under_method_v2(tiny):
    """Trade with China rising by 1% of GDP a year, all else constant: exposure (two indicators,
    30% of GDP = 100) rises 1/0.3/2 = 1.67 points a year and drives reversal, a sixth of it
    (weights 1, 1, 1, 2, 1); the ten-year change stays 10% of GDP, so momentum does not move."""
    inds = tiny["countries"]["AAA"]["indicators"]
    for series in inds.values():  # every other indicator constant, reported every year
        last = list(series[0]["values"].values())[-1]
        series[0]["values"] = {str(y): last for y in range(2000, 2021)}
    inds["economy.gdp"][0]["values"] = {str(y): 100_000 for y in range(2000, 2021)}
    inds["trade.china_trade"][0]["values"] = {str(y): 1000.0 * (y - 1998) for y in range(2000, 2021)}
    d = analysis.drift(Dataset(tiny, "tiny"), "AAA", load("v2"), 2012, 2020)
    assert (d["reversal_driver"], d["reversal_driver_slope"]) == ("exposure", pytest.approx(1.67, abs=0.01))
    assert d["reversal_slope"] == pytest.approx(1.67 / 6, abs=0.01)


def test_trend_cli_covers_every_year_and_reports_missing_years_as_null(tiny_file):
    out = runner.invoke(app, ["trend", "AAA", "--data", str(tiny_file), "--method", "v2", "--format", "json"])
    rows = json.loads(out.stdout)
    assert [r["year"] for r in rows] == list(range(2010, 2021))
    # no technology data before 2020: the pillar is missing, not 0, and so is the hedging score
    assert rows[0]["pillars"]["technology"] is None and rows[0]["hedging_score"] is None
    assert rows[-1]["hedging_score"] is not None


def test_year_filters():
    assert runner.invoke(app, ["trend", "germany", "--since", "1950"]).exit_code == 2
    assert runner.invoke(app, ["drift", "--since", "2030"]).exit_code == 2
    rows = json.loads(runner.invoke(app, ["heatmap", "--year", "2015", "--format", "json"]).stdout)
    assert {r["year"] for r in rows} == {2015}


def test_drift_ranks_everyone_by_reversal_slope():
    rows = json.loads(runner.invoke(app, ["drift", "--format", "json"]).stdout)
    slopes = [r["reversal_slope"] for r in rows if r["reversal_slope"] is not None]
    assert slopes == sorted(slopes, reverse=True) and len(rows) > 40


def test_each_drift_slope_names_a_driver_from_its_own_score():
    rows = json.loads(runner.invoke(app, ["drift", "--format", "json"]).stdout)
    assert all("driver" not in r and "driver_slope" not in r for r in rows)
    for r in rows:
        assert r["hedging_driver"] in (None, *DEFAULT.constructs["hedging"].parts_names())
        assert r["reversal_driver"] in (None, *DEFAULT.constructs["reversal"].parts_names())
        for construct in ("hedging", "reversal"):
            assert (r[f"{construct}_driver"] is None) == (r[f"{construct}_driver_slope"] is None)
    # an indicator that starts inside the window is left out of it, and said so (visits to China
    # of the states China Vitae does not cover start with the cited rows)
    assert all(isinstance(r["left_out"], list) for r in rows)
    assert any("diplomacy.visits_to_china" in r["left_out"] for r in rows)


def test_drift_driver_of_a_synthetic_series(tiny):
    """UN alignment falling 0.01 a year: distance rises 1 point a year and drives reversal; no
    hedging part moves, so hedging has no driver."""
    inds = tiny["countries"]["AAA"]["indicators"]
    for series in inds.values():
        last = list(series[0]["values"].values())[-1]
        series[0]["values"] = {str(y): last for y in range(2000, 2021)}
    inds["political.un_alignment"][0]["values"] = {str(y): 0.8 - 0.01 * (y - 2000) for y in range(2000, 2021)}
    d = analysis.drift(Dataset(tiny, "tiny"), "AAA", load("v1"), 2012, 2020)
    assert (d["reversal_driver"], d["reversal_driver_slope"]) == ("distance", pytest.approx(1.0))
    assert d["hedging_driver"] is None and d["hedging_driver_slope"] is None


def test_no_negative_zero_in_drift_or_explain(shipped):
    assert analysis._r(-0.001) == 0.0 and str(analysis._r(-0.001)) == "0.0"
    table = runner.invoke(app, ["drift"]).stdout  # Turkey's hedging slope is -0.04 a year
    assert " -0.0 " not in table and "-0.00" not in table
    explained = runner.invoke(app, ["explain", "korea", "--year", "2010", "--format", "json"]).stdout
    points = [c["points"] for c in json.loads(explained)["hedging"]["contributions"]]
    assert 0.0 in points and "-0.0," not in explained and "-0.0\n" not in explained
    assert "-0.00" not in runner.invoke(app, ["explain", "korea", "--year", "2010"]).stdout


def test_compare_calls_out_the_largest_differences():
    out = json.loads(runner.invoke(app, ["compare", "germany", "japan", "uk", "--format", "json"]).stdout)
    assert out["countries"] == ["DEU", "JPN", "GBR"]
    spreads = [d["spread"] for d in out["largest_differences"]]
    assert spreads == sorted(spreads, reverse=True) and len(spreads) == 3
    assert runner.invoke(app, ["compare", "germany"]).exit_code == 2


def test_sources_lists_what_each_source_feeds():
    rows = json.loads(runner.invoke(app, ["sources", "--format", "json"]).stdout)
    by_id = {r["id"]: r for r in rows}
    assert by_id["sipri-at"]["indicators"] == ["security.china_arms_share", "security.china_arms_share_stock",
                                               "security.us_arms_share", "security.us_arms_share_stock"]
    assert by_id["imf-imts"]["indicators"] == ["trade.china_tilt", "trade.china_trade", "trade.us_trade",
                                               "world.china_tilt", "world.china_trade"]
    assert all(r["title"] and r["publisher"] for r in rows)


def test_diff_of_two_methods_lists_every_entity_largest_change_first():
    rows = json.loads(runner.invoke(app, ["diff", "--method", "v1", "--method", "v2", "--format", "json"]).stdout)
    heat_v1 = {r["code"]: r for r in json.loads(runner.invoke(app, ["heatmap", "--method", "v1", "--format", "json"]).stdout)}
    heat_v2 = {r["code"]: r for r in json.loads(runner.invoke(app, ["heatmap", "--method", "v2", "--format", "json"]).stdout)}
    assert {r["code"] for r in rows} == set(heat_v1)
    for r in rows:
        for c in ("hedging", "reversal"):
            assert r[f"{c}_before"] == heat_v1[r["code"]][f"{c}_score"]
            assert r[f"{c}_after"] == heat_v2[r["code"]][f"{c}_score"]
            if r[f"{c}_change"] is not None:
                assert r[f"{c}_change"] == pytest.approx(r[f"{c}_after"] - r[f"{c}_before"], abs=0.051)
        assert r["levels_changed"] == [c for c in ("hedging", "reversal")
                                       if r[f"{c}_level_before"] != r[f"{c}_level_after"]]
    largest = [r["largest_change"] for r in rows if r["largest_change"] is not None]
    assert largest == sorted(largest, reverse=True)


def test_diff_of_two_data_files_under_one_method(tmp_path, tiny_file):
    changed = json.loads(tiny_file.read_text())
    changed["countries"]["AAA"]["indicators"]["security.us_troops"][0]["values"]["2020"] = 10
    other = tmp_path / "other.json"
    other.write_text(json.dumps(changed))
    rows = json.loads(runner.invoke(app, ["diff", "--data", str(tiny_file), "--data", str(other),
                                          "--method", "v2", "--format", "json"]).stdout)
    aaa = next(r for r in rows if r["code"] == "AAA")
    assert aaa["reversal_change"] > 0 and aaa["hedging_change"] < 0  # fewer US troops
    assert next(r for r in rows if r["code"] == "BBB")["largest_change"] == 0.0


@pytest.mark.parametrize("args, message", [
    (["diff"], "diff needs two methods"),
    (["diff", "--method", "v1", "--method", "v2", "--method", "v1"], "at most twice"),
    (["diff", "--method", "v1", "--method", "v2", "--data", "a.json", "--data", "b.json"], "one thing at a time"),
])
def test_diff_usage_errors(args, message, capsys):
    from hedgecli.cli import main

    assert main(args) == 2
    assert message in capsys.readouterr().err


def test_validate_reports_the_seed_the_measures_and_the_stability():
    doc = json.loads(runner.invoke(app, ["validate", "--draws", "200", "--format", "json"]).stdout)
    assert len(doc["seed_cells"]) == 12 and doc["method"] == DEFAULT.name
    assert all(c["margin"] is not None and c["margin"] >= 0 for c in doc["seed_cells"])
    fbic = [r for r in doc["correlations"] if r["measure"] == "fbic.china_share" and r["construct"] == "reversal"]
    assert fbic and fbic[0]["n"] >= 10 and -1 <= fbic[0]["rho"] <= 1
    listed = json.loads(runner.invoke(app, ["list", "--format", "json"]).stdout)
    assert len(doc["stability"]) == sum(r["kind"] == "country" for r in listed)
    assert all(0 <= r["reversal_p_level"] <= 1 for r in doc["stability"] if r["reversal_p_level"] is not None)


def test_validate_reports_agreement_within_countries_for_fbic_as_for_pew(shipped):
    from hedgecli import validation
    from hedgecli.data import packaged

    measures = json.loads(packaged("validation.json").read_text(encoding="utf-8"))
    fbic = measures["measures"]["fbic.china_share"]
    within = validation.within_countries(shipped, DEFAULT, fbic, "reversal", 2024)
    # every country FBIC covers for four or more of the method's years, each with its rho
    expected = sum(1 for by_year in fbic["values"].values()
                   if sum(DEFAULT.first_year <= int(y) <= 2024 for y in by_year) >= 4)
    assert within["countries"] == expected > 0
    assert -1 <= within["median_rho"] <= 1 and within["positive"] <= within["countries"]
