import json

import pytest
from typer.testing import CliRunner

from hedgecli import method as method_mod
from hedgecli.cli import app, main
from hedgecli.errors import DataError

runner = CliRunner()


def heat(*args):
    out = runner.invoke(app, ["heatmap", "--format", "json", *args])
    assert out.exit_code == 0, out.output
    return {r["code"]: r for r in json.loads(out.stdout)}


def test_method_show_round_trips_to_the_same_scores(tmp_path):
    path = tmp_path / "m.toml"
    path.write_text(runner.invoke(app, ["method", "show"]).stdout)
    assert heat("--method", str(path)) == heat()


def test_a_method_file_that_changes_a_level(tmp_path):
    path = tmp_path / "m.toml"
    path.write_text("[hedging]\nthresholds = [10, 20, 30, 40]\n")
    assert heat()["JPN"]["hedging_level"] == "Medium"
    changed = heat("--method", str(path))["JPN"]
    assert changed["hedging_level"] == "High" and changed["hedging_score"] == heat()["JPN"]["hedging_score"]


def test_a_weight_in_a_method_file_changes_scores(tmp_path):
    path = tmp_path / "m.toml"
    path.write_text('[rules."engagement.technology"."tech.huawei_5g"]\nweight = 0\n')
    assert heat("--method", str(path))["DEU"]["pillars"]["technology"] != heat()["DEU"]["pillars"]["technology"]


@pytest.mark.parametrize("text, key", [
    ("[hedging]\nthresholds = [10, 20, 5, 40]\n", "hedging.thresholds"),
    ('[rules."anchor"."security.nope"]\nweight = 1\n', "rules.anchor.security.nope"),
    ('[rules."anchor"."security.us_troops"]\nweight = -1\n', "rules.anchor.security.us_troops.weight"),
    ("[reversal.weights]\ncharm = 2\n", "reversal.weights.charm"),
    ("colour = 1\n", "colour"),
    ("[hedging]\nanchor_gate = 2\n", "hedging.anchor_gate"),
    ("not toml at all [", "not valid TOML"),
])
def test_bad_method_files_name_the_key(tmp_path, capsys, text, key):
    path = tmp_path / "m.toml"
    path.write_text(text)
    assert main(["heatmap", "--method", str(path)]) == 1
    err = capsys.readouterr().err
    assert key in err and err.count("\n") == 1 and "Traceback" not in err


def test_missing_method_file():
    with pytest.raises(DataError, match="method file not found"):
        method_mod.load("/nonexistent.toml")


def test_data_validate_lists_every_problem(tmp_path, tiny):
    tiny["countries"]["AAA"]["indicators"]["security.us_troops"][0]["values"]["2020"] = "lots"
    tiny["countries"]["BBB"]["name"] = ""
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(tiny))
    out = runner.invoke(app, ["data", "validate", str(path)])
    assert out.exit_code == 1
    assert "country AAA" in out.stderr and "country BBB" in out.stderr and "2 problems" in out.stderr


def test_data_validate_accepts_the_shipped_file():
    from hedgecli.data import shipped_path

    out = runner.invoke(app, ["data", "validate", str(shipped_path())])
    assert out.exit_code == 0 and "valid" in out.stdout


def test_data_schema_is_the_models_json_schema():
    schema = json.loads(runner.invoke(app, ["data", "schema"]).stdout)
    assert {"format", "sources", "indicators", "countries"} <= set(schema["properties"])


def test_a_filled_template_validates(tmp_path, tiny):
    entry = json.loads(runner.invoke(app, ["data", "template", "chile"]).stdout)
    assert list(entry) == ["CHL"]
    series = entry["CHL"]["indicators"]["trade.china_tilt"][0]
    series.update(source="t", values={"2020": 0.6})
    entry["CHL"]["indicators"] = {"trade.china_tilt": [series]}
    tiny["countries"].update(entry)
    tiny["indicators"]["trade.china_tilt"]["unit"] = series["unit"]
    path = tmp_path / "f.json"
    path.write_text(json.dumps(tiny))
    assert runner.invoke(app, ["data", "validate", str(path)]).exit_code == 0


def test_svg_and_html_output_written_and_not_clobbered(tmp_path):
    svg, html = tmp_path / "h.svg", tmp_path / "t.html"
    assert runner.invoke(app, ["heatmap", "--output", str(svg)]).exit_code == 0
    assert svg.read_text().lstrip().startswith("<svg")
    first = svg.read_bytes()
    again = runner.invoke(app, ["heatmap", "--year", "2015", "--output", str(svg)])
    assert again.exit_code == 2 and svg.read_bytes() == first  # not replaced without --force
    assert runner.invoke(app, ["heatmap", "--year", "2015", "--output", str(svg), "--force"]).exit_code == 0
    assert svg.read_bytes() != first
    assert runner.invoke(app, ["trend", "japan", "--output", str(html)]).exit_code == 0
    assert "<html" in html.read_text().lower()


def test_output_json_file_parses(tmp_path):
    path = tmp_path / "h.json"
    assert runner.invoke(app, ["heatmap", "--format", "json", "--output", str(path)]).exit_code == 0
    assert len(json.loads(path.read_text())) > 40


def test_every_command_help_has_an_example():
    for cmd in (["heatmap"], ["score"], ["list"], ["explain"], ["compare"], ["trend"], ["drift"], ["sources"],
                ["method", "show"], ["data", "validate"], ["data", "schema"], ["data", "template"]):
        out = runner.invoke(app, [*cmd, "--help"])
        assert out.exit_code == 0 and "Example" in out.stdout, cmd


CSV = ("country,indicator,year,value,unit,source\n"
       "Germany,trade.china_tilt,2024,0.5,share,my calculation\n"
       "DEU,security.us_troops,2024,30000,persons,DMDC\n")


def test_long_csv_is_read_from_a_file_and_from_stdin(tmp_path, capsys, monkeypatch):
    import io
    import sys

    path = tmp_path / "mine.csv"
    path.write_text(CSV)
    by_file = json.loads(runner.invoke(app, ["score", "DE", "--data", str(path), "--format", "json"]).stdout)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(CSV.encode())))
    assert main(["score", "germany", "--data", "-", "--format", "json"]) == 0
    by_stdin = json.loads(capsys.readouterr().out)
    assert by_file == by_stdin
    assert by_file["pillars"]["trade"] == 100.0
    assert by_file["indicators"][0]["source"] == "my calculation"


@pytest.mark.parametrize("text, message", [
    ("country,year\nDEU,2024\n", "needs the columns"),
    ("country,indicator,year,value,unit,source\nAtlantis,trade.china_tilt,2024,1,share,x\n", "row 2: unknown country"),
    ("country,indicator,year,value,unit,source\nDEU,trade.vibes,2024,1,share,x\n", "unknown indicator"),
    ("country,indicator,year,value,unit,source\nDEU,trade.china_tilt,soon,1,share,x\n", "whole number"),
    ("country,indicator,year,value,unit,source\nDEU,trade.china_tilt,2024,50,percent,x\n", "differs from the indicator's unit"),
])
def test_bad_csv_rows_are_named(tmp_path, capsys, text, message):
    path = tmp_path / "bad.csv"
    path.write_text(text)
    assert main(["heatmap", "--data", str(path)]) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_a_method_file_can_add_an_indicator_the_data_has(tmp_path):
    path = tmp_path / "m.toml"
    path.write_text('[rules."dependence"."trade.china_import_share"]\nlo = 0.05\nhi = 0.4\n')
    base = heat("--year", "2014")["JPN"]
    added = heat("--year", "2014", "--method", str(path))["JPN"]
    assert added["components"]["dependence"] != base["components"]["dependence"]
    shown = runner.invoke(app, ["method", "show", "--method", str(path)]).stdout
    assert '[rules."dependence"."trade.china_import_share"]' in shown


def test_adding_an_indicator_needs_goalposts_and_must_exist_in_the_data(tmp_path, capsys):
    path = tmp_path / "m.toml"
    path.write_text('[rules."dependence"."trade.china_import_share"]\nweight = 2\n')
    assert main(["heatmap", "--method", str(path)]) == 1
    assert "to add it, give hi and lo" in capsys.readouterr().err
    path.write_text('[rules."dependence"."trade.vibes"]\nlo = 0\nhi = 1\n')
    assert main(["heatmap", "--method", str(path)]) == 1
    assert "trade.vibes, which the data file does not define" in capsys.readouterr().err
