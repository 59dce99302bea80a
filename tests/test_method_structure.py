"""The method as data: presets reproduce their published numbers, and a method file that adds a
part or a whole construct scores through every command and format without code changes."""

import csv
import gzip
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hedgecli import analysis, data, method, scoring
from hedgecli.cli import app

runner = CliRunner()
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def v1_data(tmp_path_factory):
    """The data file hedge 1.0 shipped (its published numbers were made from it)."""
    path = tmp_path_factory.mktemp("v1") / "indicators-v1.json"
    path.write_bytes(gzip.decompress((FIXTURES / "indicators-v1.json.gz").read_bytes()))
    return data.load(str(path))


def test_method_v1_on_the_v1_data_gives_the_published_v1_numbers(v1_data):
    """Every country and group, every year: the scores, parts and components hedge 1.0 printed
    (made by its own scoring code before the method became data) come out of the v1 preset."""
    published = json.loads(gzip.decompress((FIXTURES / "v1_scores.json.gz").read_bytes()))
    v1 = method.load("v1")
    assert set(published) == set(v1_data.entities)
    for code, years in published.items():
        for year, want in years.items():
            got = scoring.score(v1_data, code, int(year), v1)
            comps = {k: v for c in got.components.values() for k, v in c.items() if k != "engagement"}
            comps["engagement"] = got.components["hedging"]["engagement"]
            assert (got.score("hedging"), got.score("reversal")) == (want["hedging"], want["reversal"]), (code, year)
            assert {k: got.pillars[k] for k in want["pillars"]} == want["pillars"], (code, year)
            assert {k: comps[k] for k in want["components"]} == want["components"], (code, year)


ADDED_PART = """
[parts.imports]
label = "imports from China (share of all imports)"
[parts.imports.indicators."trade.china_import_share"]
lo = 0.05
hi = 0.4
[constructs.reversal.parts]
imports = 1.0
"""

ADDED_CONSTRUCT = """
[constructs.decoupling]
label = "Tech decoupling"
rule = "mean"
thresholds = [20.0, 40.0, 60.0, 80.0]
[constructs.decoupling.parts]
distance_from_china_tech = { part = "technology", weight = 2.0, invert = true }
anchor = 1.0
"""

COMMANDS = [["heatmap"], ["score", "germany", "asean"], ["explain", "japan"], ["compare", "germany", "japan"],
            ["trend", "korea"], ["drift"], ["score", "germany", "--set", "security.us_troops=0"]]


@pytest.fixture(params=[("part", ADDED_PART), ("construct", ADDED_CONSTRUCT)], ids=["part", "construct"])
def method_file(request, tmp_path):
    path = tmp_path / f"added_{request.param[0]}.toml"
    path.write_text(request.param[1])
    return request.param[0], path


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "ndjson", "markdown"])
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_an_added_part_or_construct_scores_through_every_command(method_file, args, fmt):
    # the year 2014 has the import shares the added part reads (COW totals end in 2014)
    year = [] if args[0] in ("trend", "drift") else ["--year", "2014"]
    out = runner.invoke(app, [*args, *year, "--method", str(method_file[1]), "--format", fmt])
    assert out.exit_code == 0, out.output
    assert out.stdout.strip()
    if method_file[0] == "construct" and fmt in ("table", "markdown", "csv"):
        assert "decoupling" in out.stdout.lower()


def test_an_added_construct_has_every_field_a_construct_has(tmp_path):
    path = tmp_path / "m.toml"
    path.write_text(ADDED_CONSTRUCT)
    rec = json.loads(runner.invoke(app, ["score", "germany", "--method", str(path), "--format", "json"]).stdout)
    assert rec["decoupling_level"] is not None and 0 <= rec["decoupling_score"] <= 100
    assert set(rec["components"]["decoupling"]) == {"distance_from_china_tech", "anchor"}
    # the components are what the rule combined: 100 - technology, and security as it is
    assert rec["components"]["decoupling"]["distance_from_china_tech"] == pytest.approx(
        100 - rec["pillars"]["technology"], abs=0.051)
    assert rec["decoupling_score"] == pytest.approx(
        (2 * (100 - rec["pillars"]["technology"]) + rec["pillars"]["anchor"]) / 3, abs=0.051)
    explained = json.loads(runner.invoke(app, ["explain", "germany", "--method", str(path), "--format", "json"]).stdout)
    points = sum(c["points"] for c in explained["decoupling"]["contributions"])
    assert points == pytest.approx(rec["decoupling_score"], abs=0.1)
    mc = json.loads(runner.invoke(app, ["score", "germany", "--method", str(path), "--uncertainty", "--draws", "200",
                                        "--format", "json"]).stdout)
    assert set(mc["uncertainty"]["decoupling"]["levels"]) == {"Low", "Low-Medium", "Medium", "Medium-High", "High"}
    sens = json.loads(runner.invoke(app, ["sensitivity", "--method", str(path), "--draws", "100",
                                          "--format", "json"]).stdout)
    assert all("decoupling" in row and "decoupling_driver" in row for row in sens)
    trend = list(csv.DictReader(io.StringIO(runner.invoke(
        app, ["trend", "germany", "--method", str(path), "--format", "csv"]).stdout)))
    assert {"decoupling_score", "decoupling_level", "component_decoupling_anchor"} <= trend[0].keys()
    drift = json.loads(runner.invoke(app, ["drift", "--method", str(path), "--by", "decoupling",
                                           "--format", "json"]).stdout)
    slopes = [r["decoupling_slope"] for r in drift if r["decoupling_slope"] is not None]
    assert slopes == sorted(slopes, reverse=True)


def test_an_added_part_changes_only_the_construct_it_enters(shipped, tmp_path):
    path = tmp_path / "m.toml"
    path.write_text(ADDED_PART)
    added, base = method.load(str(path)), method.default()
    for code in ("DEU", "JPN", "KOR"):
        a, b = scoring.score(shipped, code, 2014, added), scoring.score(shipped, code, 2014, base)
        assert a.score("hedging") == b.score("hedging")
        assert a.score("reversal") != b.score("reversal")
        assert a.pillars["imports"] is not None and "imports" in a.components["reversal"]


@pytest.mark.parametrize("rule", ["mean", "geometric", "gated"])
def test_contributions_add_up_for_every_rule(shipped, rule):
    changes = {"constructs": {"x": {"rule": rule, "thresholds": [20.0, 40.0, 60.0, 80.0],
                                    "parts": {"trade": 1.0, "technology": 2.0,
                                              "far": {"part": "alignment", "invert": True}}}}}
    if rule == "gated":
        changes["constructs"]["x"]["gate"] = {"part": "anchor", "strength": 0.4}
    m = method.variant(method.default(), changes)
    for e in shipped.countries:
        r = scoring.score(shipped, e.code, 2020, m)
        if r.score("x") is None:
            continue
        points = sum(c.points for c in analysis.contributions(r, m, "x"))
        assert points == pytest.approx(r.score("x"), abs=0.051), (e.code, rule)


def test_method_show_prints_a_complete_method_that_reads_back_the_same(tmp_path):
    for name in method.presets():
        text = runner.invoke(app, ["method", "show", "--preset", name]).stdout
        path = tmp_path / f"{name}.toml"
        path.write_text(text)
        assert method.to_table(method.load(str(path))) == method.to_table(method.load(name))


def test_each_preset_json_twin_is_its_toml():
    """Start-up reads the JSON twin; the TOML is what people read and edit. They must agree
    (regenerate with: python -m hedgecli.method)."""
    import tomllib

    for name in method.presets():
        toml = tomllib.loads((method.PRESETS_DIR / f"{name}.toml").read_text(encoding="utf-8"))
        assert method.preset_table(name) == toml, f"run python -m hedgecli.method ({name})"
