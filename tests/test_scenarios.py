"""Scenarios across the heat map, and groups of your own.

A scenario must move scores exactly as the method says (checked by hand from a country's own
indicator scores), work as --set does country by country, name itself in every output, and refuse
every bad input in one line. A group of yours is scored as the shipped ones are.
"""

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hedgecli
from hedgecli.cli import main

from .conftest import errors

LEVELS = ["Low", "Low-Medium", "Medium", "Medium-High", "High"]


def level(score: float) -> str:
    """The level of a score under v2's thresholds (20, 40, 60, 80)."""
    return LEVELS[sum(score >= t for t in (20.0, 40.0, 60.0, 80.0))]


def scenario_file(tmp_path, body: str, name: str = "scenario.toml"):
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return str(path)


def run_json(capsys, args):
    assert main(args + ["--format", "json"]) == 0, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


def part(indicators, name, replace=None):
    """A part's score by hand: the weighted mean of its indicators' scores (replace: {indicator: score})."""
    terms = [(replace or {}).get(i["indicator"], i["score"]) for i in indicators if i["part"] == name]
    weights = [i["weight"] for i in indicators if i["part"] == name]
    present = [(s, w) for s, w in zip(terms, weights) if s is not None]
    return sum(s * w for s, w in present) / sum(w for _, w in present)


def test_troops_out_of_europe_moves_germany_as_the_method_computes(tmp_path, capsys):
    path = scenario_file(tmp_path, 'name = "Troops out"\n[[change]]\nindicator = "security.us_troops"\n'
                                   'countries = ["NATO"]\nexcept = ["Canada"]\nset = 0\n')
    doc = run_json(capsys, ["heatmap", "--scenario", path, "--method", "v2"])
    rows = {r["code"]: r for r in doc["rows"]}
    before = run_json(capsys, ["score", "germany", "--method", "v2"])
    ind = before["indicators"]
    # by hand, from v2: troops of 0 score 0 (below the log goalpost of 10), so the anchor is the
    # weighted mean of the other anchor indicators with troops at 0; reversal risk is the mean of
    # exposure, alignment, opening, momentum (weight 1 each) and 100 - anchor (weight 2)
    anchor = part(ind, "anchor", {"security.us_troops": 0.0})
    others = [part(ind, p) for p in ("exposure", "alignment", "opening", "momentum")]
    reversal = (sum(others) + 2 * (100 - anchor)) / 6
    # hedging: engagement (unchanged) gated at strength 0.5 by the anchor
    hedging = before["components"]["hedging"]["engagement"] * (0.5 + 0.5 * anchor / 100)
    de = rows["DEU"]
    assert de["reversal_after"] == pytest.approx(reversal, abs=0.15)
    assert de["hedging_after"] == pytest.approx(hedging, abs=0.15)
    assert de["reversal_level_after"] == level(reversal) != de["reversal_level_before"]
    assert "reversal" in de["levels_changed"]
    # Canada was excepted and the Indo-Pacific is not in NATO: unchanged
    assert rows["CAN"]["largest_change"] == 0 and rows["JPN"]["largest_change"] == 0
    changed = doc["scenario"]["changes"][0]
    assert "DEU" in changed["changed"] and "CAN" not in changed["changed"]
    # largest change first
    changes = [r["largest_change"] for r in doc["rows"]]
    assert changes == sorted(changes, reverse=True)


@settings(max_examples=20, deadline=None)
@given(pick=st.integers(0, 1000), operation=st.sampled_from(["set", "scale", "add"]),
       amount=st.floats(0, 3, allow_nan=False))
def test_a_scenario_on_one_country_is_the_what_if_of_its_result(tmp_path_factory, pick, operation, amount):
    rows = hedgecli.heatmap()
    countries = sorted(r.code for r in rows if r.kind == "country")
    code = countries[pick % len(countries)]
    before = hedgecli.score(code)
    current = next(i.value for i in before.indicators if i.indicator == "security.us_troops")
    if operation != "set" and current is None:
        return
    value = {"set": amount * 1000, "scale": (current or 0) * amount, "add": (current or 0) + amount * 1000}[operation]
    given = amount * 1000 if operation != "scale" else amount
    path = tmp_path_factory.mktemp("s") / "one.toml"
    path.write_text(f'[[change]]\nindicator = "security.us_troops"\ncountries = ["{code}"]\n{operation} = {given!r}\n',
                    encoding="utf-8")
    under = hedgecli.score(code, scenario=str(path))
    what_if = hedgecli.what_if(code, {"security.us_troops": value})
    for construct in ("hedging", "reversal"):
        assert under.after.score_of(construct) == pytest.approx(what_if.after.score_of(construct), abs=0.051)
    assert under.before.model_dump() == before.model_dump()


def test_every_output_names_the_scenario(tmp_path, capsys):
    path = scenario_file(tmp_path, 'name = "Troops out"\ndescription = "All of them."\n[[change]]\n'
                                   'indicator = "security.us_troops"\ncountries = "all"\nset = 0\n')
    assert main(["heatmap", "--scenario", path]) == 0
    table = capsys.readouterr().out
    assert table.startswith("Scenario 'Troops out'") and "All of them." in table
    assert main(["heatmap", "--scenario", path, "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {r["scenario"] for r in rows} == {"Troops out"} and "reversal_level_after" in rows[0]
    assert main(["heatmap", "--scenario", path, "--format", "ndjson"]) == 0
    assert all(json.loads(line)["scenario"] == "Troops out" for line in capsys.readouterr().out.splitlines())
    assert main(["heatmap", "--scenario", path, "--format", "markdown"]) == 0
    assert "Troops out" in capsys.readouterr().out
    assert run_json(capsys, ["explain", "japan", "--scenario", path])["scenario"] == "Troops out"
    assert run_json(capsys, ["compare", "japan", "korea", "--scenario", path])["scenario"] == "Troops out"
    assert run_json(capsys, ["score", "japan", "--scenario", path])["scenario"] == "Troops out"
    assert main(["compare", "japan", "korea", "--scenario", path]) == 0
    assert "under scenario 'Troops out'" in capsys.readouterr().out
    out = tmp_path / "after.json"
    assert main(["heatmap", "--scenario", path, "--output", str(out)]) == 0
    assert json.loads(out.read_text())["scenario"]["description"] == "All of them."
    changed = [i for i in run_json(capsys, ["score", "japan", "--scenario", path])["after"]["indicators"]
               if i["indicator"] == "security.us_troops"]
    assert changed[0]["source"] == "scenario" and changed[0]["source_title"] == "scenario: Troops out"


def test_level_odds_before_and_after_with_uncertainty(tmp_path, capsys):
    path = scenario_file(tmp_path, '[[change]]\nindicator = "security.us_troops"\ncountries = ["germany"]\nset = 0\n')
    doc = run_json(capsys, ["heatmap", "--scenario", path, "--uncertainty", "--draws", "200"])
    de = next(r for r in doc["rows"] if r["code"] == "DEU")
    for when in ("before", "after"):
        assert 0 <= de[f"reversal_p_level_{when}"] <= 1
    assert doc["draws"] == 200


@pytest.mark.parametrize("body, says", [
    ('[[change]]\nindicator = "security.us_trops"\ncountries = "all"\nset = 0\n', "did you mean security.us_troops"),
    ('[[change]]\nindicator = "security.us_troops"\ncountries = ["Atlantis"]\nset = 0\n', "unknown country 'Atlantis'"),
    ('[[change]]\nindicator = "trade.china_tilt"\ncountries = ["japan"]\nscale = 3\n', "out of range for share"),
    ('[[change]]\nindicator = "trade.china_tilt"\ncountries = ["japan"]\nset = 2\n', "out of range"),
    ('[[change]]\nindicator = "security.us_troops"\ncountries = ["japan"]\nset = 0\nscale = 2\n', "exactly one of"),
    ('[[change]]\nindicator = "security.us_troops"\ncountries = ["japan"]\nscale = -1\n', "scale must be 0 or more"),
    ('[[change]]\nindicator = "security.us_troops"\ncountries = ["japan"]\nset = nan\n', "finite"),
    ('[[change]]\nindicator = "security.us_troops"\ncountries = ["japan"]\nexcept = ["japan"]\nset = 0\n',
     "no country left"),
    ('[[change]]\nindicator = "political.un_alignment"\ncountries = "all"\nset = 0.5\n', "does not use"),
    ('name = "x"\n', "no [[change]]"),
    ('colour = "red"\n[[change]]\nindicator = "security.us_troops"\nset = 0\n', "unknown key 'colour'"),
    ('[[change]\n', "not valid TOML"),
])
def test_a_bad_scenario_is_one_line(tmp_path, capsys, body, says):
    path = scenario_file(tmp_path, body)
    code, line = errors(["heatmap", "--scenario", path], capsys)
    assert code in (1, 2) and says in line


def test_a_scenario_file_that_is_not_there_or_a_device(capsys):
    assert errors(["heatmap", "--scenario", "/nonexistent.toml"], capsys)[0] == 1
    assert "not a regular file" in errors(["heatmap", "--scenario", "/dev/zero"], capsys)[1]


def test_set_and_scenario_do_not_combine(tmp_path, capsys):
    path = scenario_file(tmp_path, '[[change]]\nindicator = "security.us_troops"\nset = 0\n')
    code, line = errors(["score", "japan", "--scenario", path, "--set", "security.us_troops=0"], capsys)
    assert code == 2 and "do not combine" in line


# ---------------------------------------------------------------- groups of your own

def test_a_group_is_the_mean_of_its_members(capsys):
    quad = run_json(capsys, ["score", "quad", "--group", "Quad=Australia,IND,JP"])
    members = run_json(capsys, ["score", "AUS", "IND", "JPN"])
    assert quad["members"] == ["AUS", "IND", "JPN"] and quad["kind"] == "group"
    assert quad["reversal_score"] == pytest.approx(sum(m["reversal_score"] for m in members) / 3, abs=0.1)
    rows = run_json(capsys, ["heatmap", "--group", "Quad=AUS,IND,JPN", "--group", "Visegrád four=POL,HUN,CZE,SVK"])
    assert {"QUAD", "VISEGRAD-FOUR"} <= {r["code"] for r in rows}


def test_weights_from_a_file_explicit_and_by_gdp(tmp_path, capsys):
    path = tmp_path / "groups.toml"
    path.write_text('[groups.pair]\nname = "Pair"\nmembers = ["Japan", "Germany"]\nweights = [1, 0]\n'
                    '[groups.big]\nname = "Big two"\nmembers = ["Japan", "Germany"]\nweights = "gdp"\n',
                    encoding="utf-8")
    pair, big = run_json(capsys, ["score", "pair", "big two", "--group", str(path)])
    japan, germany = run_json(capsys, ["score", "japan", "germany"])
    assert pair["reversal_score"] == japan["reversal_score"] and pair["weights"] == {"JPN": 1.0, "DEU": 0.0}
    assert big["weights"] == "gdp"
    # by hand: each member's GDP in the year scored, as its own record shows it (the denominator
    # of trade / GDP)
    gdp = [next(i["per_value"] for i in r["indicators"] if i.get("per") == "economy.gdp") for r in (japan, germany)]
    expected = (gdp[0] * japan["reversal_score"] + gdp[1] * germany["reversal_score"]) / sum(gdp)
    assert big["reversal_score"] == pytest.approx(expected, abs=0.1)


@pytest.mark.parametrize("spec, says", [
    ("Germany=FRA,ITA", "already names the country Germany"),
    ("DEU=FRA,ITA", "already names the country"),
    ("NATO=FRA,ITA", "already names the group"),
    ("Quad=AUS,Atlantis", "unknown country 'Atlantis'"),
    ("Quad=", "no members"),
    ("=AUS", "needs a name"),
    ("Quad=AUS,USA", "United States is the reference"),
])
def test_a_bad_group_is_one_line(capsys, spec, says):
    code, line = errors(["heatmap", "--group", spec], capsys)
    assert code == 2 and says in line


def test_a_bad_groups_file_is_one_line(tmp_path, capsys):
    path = tmp_path / "groups.toml"
    path.write_text('[groups.pair]\nmembers = ["Japan", "Germany"]\nweights = [1]\n', encoding="utf-8")
    code, line = errors(["heatmap", "--group", str(path)], capsys)
    assert code == 1 and "one number from 0 to" in line and "per member (2)" in line


def test_a_scenario_can_define_and_target_its_own_group(tmp_path, capsys):
    path = scenario_file(tmp_path, '[groups.quad]\nname = "Quad"\nmembers = ["AUS", "IND", "JPN"]\n'
                                   '[[change]]\nindicator = "security.us_troops"\ncountries = ["Quad"]\nset = 0\n')
    doc = run_json(capsys, ["heatmap", "--scenario", path])
    rows = {r["code"]: r for r in doc["rows"]}
    assert sorted(doc["scenario"]["changes"][0]["changed"]) == ["AUS", "IND", "JPN"]
    assert rows["QUAD"]["reversal_change"] > 0 and rows["KOR"]["largest_change"] == 0


EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.toml"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_the_readmes_example_files_work(path, capsys):
    option = "--group" if path.name == "groups.toml" else "--scenario"
    assert main(["heatmap", option, str(path), "--format", "json"]) == 0, capsys.readouterr().err
    doc = json.loads(capsys.readouterr().out)
    if option == "--scenario":
        assert all(c["changed"] for c in doc["scenario"]["changes"])
    else:
        assert {"QUAD", "VISEGRAD-FOUR"} <= {r["code"] for r in doc}


def test_a_figure_under_a_scenario_says_so(tmp_path, capsys):
    path = scenario_file(tmp_path, 'name = "Troops out"\n[[change]]\nindicator = "security.us_troops"\nset = 0\n')
    out = tmp_path / "after.svg"
    assert main(["heatmap", "--scenario", path, "--output", str(out)]) == 0
    assert "under scenario 'Troops out'" in out.read_text(encoding="utf-8")


def test_each_change_reports_what_it_did_itself(tmp_path, capsys):
    # Montenegro imports too few arms for a share in the data: the scale has nothing to change there, the later set does
    path = scenario_file(tmp_path, '[[change]]\nindicator = "security.us_arms_share_stock"\ncountries = ["Montenegro", "Japan"]\n'
                                   'scale = 0.5\n[[change]]\nindicator = "security.us_arms_share_stock"\ncountries = ["Montenegro"]\n'
                                   'set = 0.5\n[[change]]\nindicator = "security.us_arms_share_stock"\ncountries = ["Japan"]\n'
                                   'scale = 0.5\n')
    japan = run_json(capsys, ["score", "japan"])
    if next(i["value"] for i in japan["indicators"] if i["indicator"] == "security.us_arms_share_stock") is None:
        pytest.skip("the data give Japan no US arms share")
    changes = run_json(capsys, ["heatmap", "--scenario", path])["scenario"]["changes"]
    assert len(changes) == 3
    assert changes[0]["changed"] == ["JPN"] and "MNE" in changes[0]["skipped"]
    assert changes[1]["changed"] == ["MNE"] and changes[2]["changed"] == ["JPN"]


def test_a_denominator_must_stay_above_zero(tmp_path, capsys):
    path = scenario_file(tmp_path, '[[change]]\nindicator = "economy.gdp"\ncountries = ["Japan"]\nscale = 0\n')
    code, line = errors(["heatmap", "--scenario", path], capsys)
    assert code == 2 and "must be above 0" in line


@pytest.mark.parametrize("spec, says", [
    ("China=JPN,IND", "names the country China"),
    ("USA=JPN,IND", "names the country"),
    ("all=JPN,IND", "every country in a scenario"),
])
def test_reserved_group_names_are_refused(capsys, spec, says):
    code, line = errors(["heatmap", "--group", spec], capsys)
    assert code == 2 and says in line


@pytest.mark.parametrize("body, says", [
    ('members = ["Japan", "India"]\nweights = [1e308, 1e308]\n', "from 0 to"),
    ('members = ["Japan", "Japan"]\nweights = [0, 1]\n', "listed twice"),
    ('members = ["Japan", "G7"]\nweights = [1, 0]\n', "listed twice"),
])
def test_weights_that_cannot_be_meant_are_refused(tmp_path, capsys, body, says):
    path = tmp_path / "g.toml"
    path.write_text(f'[groups.g]\nname = "Gee"\n{body}', encoding="utf-8")
    code, line = errors(["score", "gee", "--group", str(path)], capsys)
    assert code in (1, 2) and says in line


def test_a_group_listed_as_a_member_weighs_as_one_bloc(tmp_path, capsys):
    path = tmp_path / "g.toml"
    path.write_text('[groups.g]\nname = "Gee"\nmembers = ["Japan", "ASEAN"]\nweights = [1, 1]\n', encoding="utf-8")
    gee = run_json(capsys, ["score", "gee", "--group", str(path)])
    assert gee["weights"]["JPN"] == 1 and sum(gee["weights"].values()) == pytest.approx(2)
    japan, asean = run_json(capsys, ["score", "japan", "asean"])
    # half Japan, half the ASEAN bloc (ASEAN's own score is the mean of its members)
    assert gee["reversal_score"] == pytest.approx((japan["reversal_score"] + asean["reversal_score"]) / 2, abs=0.1)
