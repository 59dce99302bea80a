import csv
import io
import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from hedgecli.cli import app, main
from hedgecli.method import LEVELS

from .conftest import errors

runner = CliRunner()
CONTRACT = {"code", "name", "hedging_score", "hedging_level", "reversal_score", "reversal_level", "pillars"}


def run(*args, env=None):
    result = runner.invoke(app, list(args), env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def test_heatmap_json_contract():
    result = run("heatmap", "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert isinstance(rows, list) and len(rows) > 40
    codes = {r["code"] for r in rows}
    assert {"DEU", "FRA", "JPN", "KOR", "GBR", "ASEAN"} <= codes
    for r in rows:
        assert CONTRACT <= r.keys()
        assert 0 <= r["hedging_score"] <= 100 and 0 <= r["reversal_score"] <= 100
        assert r["hedging_level"] in LEVELS and r["reversal_level"] in LEVELS
        assert set(r["pillars"]) == {"trade", "technology", "infrastructure", "security", "political"}


def test_score_json_is_the_heatmap_object_and_an_array_for_several():
    heat = {r["code"]: r for r in json.loads(run("heatmap", "--format", "json").stdout)}
    one = json.loads(run("score", "germany", "--format", "json").stdout)
    assert one == heat["DEU"]
    several = json.loads(run("score", "germany", "japan", "--format", "json").stdout)
    assert [r["code"] for r in several] == ["DEU", "JPN"]


def test_score_json_carries_each_value_with_source_and_year():
    rec = json.loads(run("score", "DE", "--format", "json").stdout)
    tilt = next(i for i in rec["indicators"] if i["indicator"] == "trade.china_tilt")
    assert tilt["year"] == 2024 and tilt["unit"] == "share" and tilt["source"] == "census-gacc-trade"


def test_csv_parses_with_a_header_and_one_row_per_entity():
    rows = list(csv.DictReader(io.StringIO(run("heatmap", "--format", "csv").stdout)))
    assert len(rows) == len(json.loads(run("heatmap", "--format", "json").stdout))
    assert {"code", "hedging_level", "pillar_trade"} <= rows[0].keys()


def test_ndjson_is_one_object_per_line():
    lines = run("score", "uk", "asean", "--format", "ndjson").stdout.splitlines()
    assert [json.loads(line)["code"] for line in lines] == ["GBR", "ASEAN"]


def test_markdown_and_plain_tables_have_no_colour_codes():
    for fmt in ("markdown", "table"):
        out = run("heatmap", "--format", fmt).stdout
        assert "\x1b[" not in out and "Germany" in out
    assert run("heatmap", "--format", "markdown").stdout.startswith("| Country |")


def test_plain_table_when_not_a_terminal_has_no_box_drawing():
    out = run("heatmap").stdout
    assert not set("┃━│─┏") & set(out)


def test_list_shows_countries_and_groups():
    rows = json.loads(run("list", "--format", "json").stdout)
    kinds = {r["code"]: r["kind"] for r in rows}
    assert kinds["ASEAN"] == "group" and kinds["DEU"] == "country"
    assert run("countries").exit_code == 0


def test_data_option_and_env_var_score_another_file(tiny_file):
    by_option = json.loads(run("heatmap", "--format", "json", "--data", str(tiny_file)).stdout)
    by_env = json.loads(run("heatmap", "--format", "json", env={"HEDGE_DATA": str(tiny_file)}).stdout)
    assert {r["code"] for r in by_option} == {"AAA", "BBB", "GRP"} == {r["code"] for r in by_env}


def test_year_option_and_bad_year(tiny_file):
    assert json.loads(run("score", "AAA", "--format", "json", "--data", str(tiny_file), "--year", "2015").stdout)["year"] == 2015
    assert run("score", "AAA", "--data", str(tiny_file), "--year", "1800").exit_code == 2


# ---- errors: one line on stderr, the documented exit code, no traceback (through main())


@pytest.mark.parametrize("args, code, text", [
    (["score", "germny"], 2, "unknown country 'germny'; did you mean Germany?"),
    (["score"], 2, "Missing argument"),
    (["heatmap", "--format", "nonsense"], 2, "unknown format 'nonsense'"),
    (["heatmap", "--bogus"], 2, "No such option"),
    (["score", "germany", "--data", "/nonexistent.json"], 1, "data file not found"),
    (["heatmap", "--data", "/"], 1, "is a directory"),
    (["score", "germany", "--year", "1800"], 2, "year 1800 is outside the data"),
    (["trend", "germany", "--since", "3000"], 2, "--since 3000 is outside the data"),
    (["drift", "--since", "3000"], 2, "the window must start between"),
    (["heatmap", "--uncertainty", "--draws", "0"], 2, "'--draws': 0 is not in the range"),
    (["heatmap", "--uncertainty", "--draws", "5", "--seed", "-1"], 2, "'--seed': -1 is not in the range"),
    (["score", "asean", "--set", "trade.china_tilt=0.6"], 2, "applies to a country, not a group"),
    (["heatmap", "--output", ""], 2, "--output needs a file name"),
    (["heatmap", "--output", "/nonexistent/folder/h.csv"], 1, "folder /nonexistent/folder does not exist"),
    (["data", "template", "atlantis"], 2, "unknown country 'atlantis'"),
])
def test_usage_and_data_errors(capsys, args, code, text):
    got, err = errors(args, capsys)
    assert got == code and text in err


@pytest.mark.parametrize("payload, text", [
    (b"", "empty"),
    (b"{not json", "not valid JSON"),
    (b"\xff\xfe\x00", "not UTF-8"),
    (b'{"format": "hedge-indicators/1", "x": NaN}', "NaN"),
    (b"[" * 100000, "nested too deeply"),
])
def test_malformed_files(tmp_path, capsys, payload, text):
    path = tmp_path / "bad.json"
    path.write_bytes(payload)
    code, err = errors(["heatmap", "--data", str(path)], capsys)
    assert code == 1 and text in err


def test_a_file_without_values_is_a_data_error(tmp_path, capsys, tiny):
    for country in tiny["countries"].values():
        for series in country["indicators"].values():
            series[0]["values"] = {}
    path = tmp_path / "empty.json"
    path.write_text(json.dumps(tiny))
    for command in (["heatmap"], ["trend", "AAA"], ["drift"], ["list"], ["sensitivity", "--draws", "5"]):
        code, err = errors([*command, "--data", str(path)], capsys)
        assert code == 1 and "no indicator values at all" in err
    assert main(["data", "validate", str(path)]) == 1
    assert "nothing to score" in capsys.readouterr().err


def test_invalid_field_names_country_field_and_problem(tmp_path, capsys, tiny):
    tiny["countries"]["AAA"]["indicators"]["security.us_troops"][0]["values"]["2020"] = "lots"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(tiny))
    code, err = errors(["heatmap", "--data", str(path)], capsys)
    assert code == 1
    assert "country AAA" in err and "security.us_troops" in err and "2020 is not a valid number" in err


def test_unknown_source_is_named(tmp_path, capsys, tiny):
    tiny["countries"]["BBB"]["indicators"]["tech.huawei_5g"][0]["source"] = "nowhere"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(tiny))
    code, err = errors(["heatmap", "--data", str(path)], capsys)
    assert code == 1 and "country BBB, indicator tech.huawei_5g, series 0: unknown source 'nowhere'" in err


def test_data_from_stdin(capsys, monkeypatch, tiny):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(json.dumps(tiny).encode())))
    assert main(["score", "alphaland", "--data", "-", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["code"] == "AAA"


def test_installed_command_runs_without_traceback():
    """The console script as a user runs it: a subprocess, stdout a pipe."""
    ok = subprocess.run([sys.executable, "-m", "hedgecli", "score", "germany", "--format", "json"],
                        capture_output=True, text=True)
    assert ok.returncode == 0 and json.loads(ok.stdout)["code"] == "DEU"
    bad = subprocess.run([sys.executable, "-m", "hedgecli", "score", "atlantis"], capture_output=True, text=True)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr and bad.stdout == ""


def test_json_output_on_shipped_data_imports_no_heavy_module():
    # start-up matters in loops: Rich only draws tables, Pydantic only validates unknown files,
    # numpy only runs the Monte Carlo, pycountry only reads CSV files and templates
    heavy = ["rich", "pydantic", "pydantic.main", "numpy", "pycountry"]
    code = ("import sys; from hedgecli.cli import main; main(['score','germany','--format','json']);"
            f"print([m for m in {heavy!r} if m in sys.modules], file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "[]"


def test_what_if_does_not_silently_drop_uncertainty(capsys):
    code, err = errors(["score", "germany", "--set", "trade.china_tilt=0.6", "--uncertainty"], capsys)
    assert code == 2 and "do not combine" in err


def test_a_method_file_that_is_not_text_is_a_data_error(tmp_path, capsys):
    path = tmp_path / "m.toml"
    path.write_bytes(b"\xff\xfe[hedging]\n")
    code, err = errors(["heatmap", "--method", str(path)], capsys)
    assert code == 1 and "not UTF-8 text" in err


def test_explain_says_why_a_score_is_missing(capsys):
    assert main(["explain", "germany", "--year", "2008"]) == 0
    out = capsys.readouterr().out
    assert "Hedging: no score (no data for technology, infrastructure)" in out
    assert "sum = None" not in out
