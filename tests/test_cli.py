import csv
import io
import json
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from hedgecli.cli import app, main
from hedgecli.method import LEVELS, default

from .conftest import LONG_CSV, errors

DEFAULT = default()

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
        assert set(r["pillars"]) == set(DEFAULT.parts)
        assert r["method"] == DEFAULT.name


def test_score_json_is_the_heatmap_object_and_an_array_for_several():
    heat = {r["code"]: r for r in json.loads(run("heatmap", "--format", "json").stdout)}
    one = json.loads(run("score", "germany", "--format", "json").stdout)
    assert one == heat["DEU"]
    several = json.loads(run("score", "germany", "japan", "--format", "json").stdout)
    assert [r["code"] for r in several] == ["DEU", "JPN"]


def test_score_json_carries_each_value_with_source_and_year():
    rec = json.loads(run("score", "DE", "--format", "json").stdout)
    tilt = next(i for i in rec["indicators"] if i["indicator"] == "trade.china_tilt")
    assert tilt["year"] == 2024 and tilt["unit"] == "share" and tilt["source"] == "imf-imts"


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
    assert run("heatmap", "--format", "markdown").stdout.startswith("**Hedging and reversal risk, 2024 (method ")


def test_plain_table_when_not_a_terminal_has_no_box_drawing():
    out = run("heatmap").stdout
    assert not set("┃━│─┏") & set(out)


def test_list_shows_countries_and_groups():
    rows = json.loads(run("list", "--format", "json").stdout)
    kinds = {r["code"]: r["kind"] for r in rows}
    assert kinds["ASEAN"] == "group" and kinds["DEU"] == "country"
    assert run("countries").exit_code == 0


def test_data_option_and_env_var_score_another_file(tiny_file):
    # the tiny file holds method v2's indicators
    by_option = json.loads(run("heatmap", "--format", "json", "--method", "v2", "--data", str(tiny_file)).stdout)
    by_env = json.loads(run("heatmap", "--format", "json", "--method", "v2", env={"HEDGE_DATA": str(tiny_file)}).stdout)
    assert {r["code"] for r in by_option} == {"AAA", "BBB", "GRP"} == {r["code"] for r in by_env}


def test_year_option_and_bad_year(tiny_file):
    assert json.loads(run("score", "AAA", "--format", "json", "--method", "v2", "--data", str(tiny_file),
                          "--year", "2015").stdout)["year"] == 2015
    assert run("score", "AAA", "--method", "v2", "--data", str(tiny_file), "--year", "1800").exit_code == 2


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
    (["heatmap", "--uncertainty", "--draws", "100", "--seed", "-1"], 2, "'--seed': -1 is not in the range"),
    (["heatmap", "--uncertainty", "--draws", "5"], 2, "'--draws': 5 is not in the range 100<=x"),
    (["heatmap", "--draws", "500"], 2, "--draws applies only with --uncertainty"),
    (["score", "japan", "--seed", "3", "--draws", "200"], 2, "--draws and --seed apply only with --uncertainty"),
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
    for command in (["heatmap"], ["trend", "AAA"], ["drift"], ["list"], ["sensitivity", "--draws", "100"]):
        code, err = errors([*command, "--data", str(path)], capsys)
        assert code == 1 and "no indicator values at all" in err
    assert main(["data", "validate", str(path)]) == 1
    out, err = capsys.readouterr()
    assert "nothing to score" in out and err == f"hedge: error: {path}: 1 problem\n"


def test_invalid_field_names_country_field_and_problem(tmp_path, capsys, tiny):
    tiny["countries"]["AAA"]["indicators"]["security.us_troops"][0]["values"]["2020"] = "lots"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(tiny))
    code, err = errors(["heatmap", "--data", str(path)], capsys)
    assert code == 1
    assert "country AAA" in err and "security.us_troops" in err and "2020 is not a valid number" in err


def _heatmap_of(data: dict, path, capsys) -> tuple[int, str]:
    """`hedge heatmap --data` on `data` written to `path`: the exit code and the error."""
    path.write_text(json.dumps(data))
    return errors(["heatmap", "--data", str(path)], capsys)


def test_unknown_source_is_named(tmp_path, capsys, tiny):
    tiny["countries"]["BBB"]["indicators"]["tech.huawei_5g"][0]["source"] = "nowhere"
    code, err = _heatmap_of(tiny, tmp_path / "bad.json", capsys)
    assert code == 1 and "country BBB, indicator tech.huawei_5g, series 0: unknown source 'nowhere'" in err


def test_an_unknown_page_behind_a_value_is_named(tmp_path, capsys, tiny):
    series = tiny["countries"]["BBB"]["indicators"]["tech.huawei_5g"][0]
    series["pages"] = {year: ["nowhere"] for year in series["values"]}
    code, err = _heatmap_of(tiny, tmp_path / "bad.json", capsys)
    assert code == 1 and "tech.huawei_5g, series 0: unknown source 'nowhere' among its pages" in err


def test_pages_or_notes_of_a_year_without_a_value_are_refused(tmp_path, capsys, tiny):
    series = tiny["countries"]["BBB"]["indicators"]["tech.huawei_5g"][0]
    for field, entry in (("pages", ["t"]), ("notes", "an incident")):
        bad = json.loads(json.dumps(tiny))
        bad["countries"]["BBB"]["indicators"]["tech.huawei_5g"][0][field] = {"1999": entry}
        assert "1999" not in series["values"]
        code, err = _heatmap_of(bad, tmp_path / f"bad-{field}.json", capsys)
        assert code == 1 and f"{field}: '1999' is not a year the series has a value for" in err


def test_data_from_stdin(capsys, monkeypatch, tiny):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(json.dumps(tiny).encode())))
    assert main(["score", "alphaland", "--data", "-", "--method", "v2", "--format", "json"]) == 0
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
    # numpy only runs the Monte Carlo, pycountry only reads CSV files and templates, matplotlib only draws,
    # and the data build (hedgecli.build) runs offline, never for a user
    heavy = ["rich", "pydantic", "pydantic.main", "numpy", "pycountry", "matplotlib", "hedgecli.build"]
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
    assert main(["explain", "germany", "--year", "2004"]) == 0
    out = capsys.readouterr().out
    assert "Hedging: no score (method v3 scores from 2005)" in out
    assert main(["explain", "germany", "--year", "2008", "--method", "v2"]) == 0
    out = capsys.readouterr().out
    assert "Reversal risk: no score (no data for momentum)" in out
    assert "sum = None" not in out


# ---- review fixes: every test below failed before its fix


def test_score_table_and_markdown_show_the_uncertainty_asked_for():
    plain = run("score", "france", "--uncertainty", "--draws", "200").stdout
    assert "Uncertainty (200 draws, seed 1" in plain
    section = plain[plain.index("Uncertainty"):].splitlines()
    assert section[1].split()[:4] == ["measure", "median", "5-95%", "rank"]
    assert [line.split()[0] for line in section[2:4]] == ["hedging", "reversal"]
    assert all(level in section[1] for level in LEVELS)
    hedging = section[2].split()
    assert hedging[2].count("-") == 1 and hedging[-1].endswith("%")  # the interval, a probability
    markdown = run("score", "france", "--uncertainty", "--draws", "200", "--format", "markdown").stdout
    assert "**Uncertainty (200 draws" in markdown and "| hedging |" in markdown
    assert "Uncertainty" not in run("score", "france").stdout


UNCERTAIN_COLUMNS = [f"{c}_{k}" for c in ("hedging", "reversal")
                     for k in ("median", "p5", "p95", "rank_p5", "rank_p95", "p_level", "p_low", "p_low_medium",
                               "p_medium", "p_medium_high", "p_high")] + ["draws", "seed"]


@pytest.mark.parametrize("args", [["heatmap"], ["score", "germany", "asean"]])
def test_csv_with_uncertainty_adds_interval_and_level_columns_after_the_documented_ones(args):
    text = run(*args, "--uncertainty", "--draws", "200", "--format", "csv").stdout
    plain = run(*args, "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    documented = plain.splitlines()[0].split(",")
    assert list(rows[0]) == documented + UNCERTAIN_COLUMNS
    de = next(r for r in rows if r["code"] == "DEU")
    assert float(de["hedging_p5"]) <= float(de["hedging_median"]) <= float(de["hedging_p95"])
    assert float(de["hedging_p_level"]) == float(de["hedging_p_" + de["hedging_level"].lower().replace("-", "_")])
    assert int(de["reversal_rank_p5"]) <= int(de["reversal_rank_p95"]) and de["draws"] == "200"


def test_data_validate_reads_csv_like_data_does(tmp_path, capsys, monkeypatch):
    path = tmp_path / "mine.csv"
    path.write_text(LONG_CSV)
    # read as --data reads it: its one problem is that two values score nothing (issue 21)
    nothing = ": scores nothing with method v3: no country has a hedging or reversal score in any year"
    assert main(["data", "validate", str(path)]) == 1
    assert capsys.readouterr().out.startswith(f"{path}{nothing}")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(LONG_CSV.encode())))
    assert main(["data", "validate", "-"]) == 1
    assert capsys.readouterr().out.startswith(f"<stdin>{nothing}")


def test_data_validate_says_valid_on_stderr_so_stdout_holds_only_problems(tiny_file, capsys):
    assert main(["data", "validate", str(tiny_file)]) == 0
    out, err = capsys.readouterr()
    assert out == "" and err == f"{tiny_file}: valid\n"


def test_data_validate_lists_every_csv_problem_on_stdout(tmp_path, capsys):
    path = tmp_path / "mine.csv"
    path.write_text(LONG_CSV + "Atlantis,trade.china_tilt,2024,1,share,x\nDEU,trade.vibes,2024,1,share,x\n"
                    "FRA,security.us_troops,2024,5,percent,x\n")
    assert main(["data", "validate", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"{path}: row 4: unknown country 'Atlantis' (use an ISO code or name)",
        f"{path}: row 5: unknown indicator 'trade.vibes'",
        f"{path}: country FRA, indicator security.us_troops, series 0: unit 'percent' differs from the "
        "indicator's unit 'persons'",
    ]
    assert err == f"hedge: error: {path}: 3 problems\n"


def test_data_validate_problems_go_to_stdout_and_a_summary_to_stderr(tmp_path, capsys, tiny):
    tiny["countries"]["AAA"]["indicators"]["security.us_troops"][0]["values"]["2020"] = "lots"
    tiny["countries"]["BBB"]["name"] = ""
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(tiny))
    assert main(["data", "validate", str(path)]) == 1
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 2 and all(line.startswith(f"{path}: country ") for line in out.splitlines())
    assert err == f"hedge: error: {path}: 2 problems\n"


@pytest.mark.parametrize("payload, kind", [(b"[1, 2]", "a list"), (b'"text"', "a string"), (b"42", "a number")])
def test_a_file_that_is_not_an_object_is_named_in_plain_words(tmp_path, capsys, payload, kind):
    path = tmp_path / "x.json"
    path.write_bytes(payload)
    for command in (["data", "validate", str(path)], ["heatmap", "--data", str(path)]):
        code, err = errors(command, capsys)
        assert code == 1 and "Input should be" not in err
        assert f"must be a JSON object with format, sources, indicators, countries (this one is {kind})" in err


@pytest.mark.parametrize("name, message", [
    ("usa", "the United States is the reference the others are measured against, not a country scored"),
    ("us", "the United States is the reference the others are measured against, not a country scored"),
    ("united states", "the United States is the reference the others are measured against, not a country scored"),
    ("north korea", "North Korea (PRK) is not in the dataset"),
    ("russia", "Russia (RUS) is not in the dataset"),
    ("germny", "unknown country 'germny'; did you mean Germany?"),
])
def test_a_real_country_outside_the_data_is_named_not_mistaken_for_another(capsys, name, message):
    code, err = errors(["score", name], capsys)
    assert code == 2 and message in err and ("did you mean" in err) == (name == "germny")


@pytest.mark.parametrize("name", ["x.xlsx", "x.gif", "x.jpg", "x.2015"])
def test_output_with_an_unknown_extension_is_a_usage_error(tmp_path, capsys, name):
    code, err = errors(["heatmap", "--output", str(tmp_path / name)], capsys)
    assert code == 2 and ".svg .png .pdf .html .htm .json .ndjson .jsonl .csv .md .txt" in err
    assert not (tmp_path / name).exists()


@pytest.mark.parametrize("args", [["--format", "json", "--output", "x.csv"], ["--format", "csv", "--output", "x.md"],
                                  ["--format", "markdown", "--output", "x.svg"], ["-f", "table", "--output", "x.json"]])
def test_output_extension_and_format_that_disagree_are_a_usage_error(tmp_path, capsys, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    code, err = errors(["heatmap", *args], capsys)
    assert code == 2 and "does not match --output" in err and not list(tmp_path.iterdir())


def test_output_dash_writes_to_stdout():
    assert run("heatmap", "--output", "-").stdout == run("heatmap").stdout
    assert run("trend", "japan", "--format", "csv", "--output", "-").stdout == run("trend", "japan", "--format", "csv").stdout


@pytest.mark.parametrize("suffix, first", [("md", "**Hedging and reversal risk, 2015 (method v1)**"),
                                           ("txt", "Hedging and reversal risk, 2015 (method v1)")])
def test_text_and_markdown_output_files_say_which_year(tmp_path, suffix, first):
    path = tmp_path / f"h.{suffix}"
    assert run("heatmap", "--year", "2015", "--method", "v1", "--output", str(path)).exit_code == 0
    assert path.read_text(encoding="utf-8").splitlines()[0] == first


HELPS = [[], ["heatmap"], ["score"], ["list"], ["explain"], ["compare"], ["trend"], ["drift"], ["sources"],
         ["sensitivity"], ["method"], ["method", "show"], ["data"], ["data", "validate"], ["data", "schema"],
         ["data", "template"], ["map"], ["brief"]]


@pytest.mark.parametrize("cmd", HELPS, ids=" ".join)
def test_help_shows_defaults_without_backslashes(capsys, cmd):
    assert main([*cmd, "--help"]) == 0
    out = capsys.readouterr().out
    assert "\\[" not in out
    if cmd in (["heatmap"], ["score"]):
        assert "[default: table]" in out and "[env var: HEDGE_DATA]" in out


def test_plain_help_imports_no_rich():
    code = ("import sys; from hedgecli.cli import main; main(['heatmap', '--help']);"
            "print([m for m in ('rich', 'numpy', 'pydantic') if m in sys.modules], file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0 and done.stderr.strip().splitlines()[-1] == "[]"


def test_trend_and_explain_records_name_their_country():
    for fmt in ("json", "ndjson", "csv"):
        for args in (["trend", "japan"], ["explain", "japan"]):
            text = run(*args, "--format", fmt).stdout
            if fmt == "csv":
                records = list(csv.DictReader(io.StringIO(text)))
            elif fmt == "ndjson":
                records = [json.loads(line) for line in text.splitlines()]
            else:
                doc = json.loads(text)
                records = doc if isinstance(doc, list) else [doc]
            assert records and all(r["code"] == "JPN" and r["name"] == "Japan" for r in records), (args, fmt)


def test_csv_lists_are_joined_with_semicolons_and_names_match_the_heatmap():
    rows = list(csv.DictReader(io.StringIO(run("trend", "japan", "--format", "csv").stdout)))
    assert not [k for k in rows[0] if k.startswith(("pillars_", "components_"))]
    missing = rows[0]["missing"].split("; ")
    assert "diplomacy.visits_to_china" in missing and "friction.china_restrictions" in missing  # 2000: before both
    sources = list(csv.DictReader(io.StringIO(run("sources", "--format", "csv").stdout)))
    cgit = next(r for r in sources if r["id"] == "aei-cgit")
    assert cgit["indicators"] == ("infra.china_infra_investment; invest.china_infra_stock; invest.china_stock; "
                                  "invest.china_tech_stock; tech.china_tech_investment")


def _header_line(text: str) -> str:
    return text.splitlines()[1]  # the first line is the title


def test_table_headers_read_like_the_keys():
    assert _header_line(run("list").stdout).split() == ["Code", "Name", "Kind", "Alpha-2", "Members"]
    assert "\n  indicators: " in run("sources").stdout and "feeds" not in run("sources").stdout
    drift = _header_line(run("drift").stdout)
    assert "moving most" not in drift and "its slope" not in drift
    for key in ("reversal_slope", "reversal_driver", "reversal_driver_slope", "hedging_slope", "hedging_driver",
                "hedging_driver_slope"):
        assert key.replace("_", " ") in drift


@pytest.mark.parametrize("args, first", [
    (["heatmap", "--year", "2015"], "Hedging and reversal risk, 2015 (method "),
    (["compare", "germany", "japan", "--year", "2015"], "Compared, 2015"),
    (["drift", "--since", "2012"], "Drift 2012-2024"),
    (["sensitivity", "--draws", "100", "--year", "2015"], "Sensitivity, 2015"),
    (["score", "germany", "--set", "security.us_troops=0"], "What-if, 2024 (method "),
])
def test_plain_and_markdown_tables_start_with_their_title(args, first):
    assert run(*args).stdout.splitlines()[0].startswith(first)
    assert run(*args, "--format", "markdown").stdout.splitlines()[0].startswith(f"**{first}")


def test_list_says_which_years_the_data_cover(shipped):
    assert f"{shipped.first_year}-{shipped.last_year}" in run("list").stdout.splitlines()[0]


def test_sources_table_shows_the_licence_and_help_says_where_citations_are():
    assert "\n  licence: " in run("sources").stdout
    assert "CC BY 4.0" in run("sources").stdout


def test_sources_piped_is_a_block_of_fields_per_source_not_a_row_of_hundreds_of_characters():
    out = run("sources").stdout
    assert out.splitlines()[0].startswith("Sources (")
    assert "\naei-cgit\n  title: China Global Investment Tracker\n" in out
    # every line fits 100 columns but an address (never broken)
    assert all(len(line) <= 100 or " " not in line.strip().split(": ", 1)[-1] for line in out.splitlines())
    help_text = " ".join(run("sources", "--help").stdout.split())
    assert "JSON and CSV also carry each source's citation" in help_text


def _closed_reader_run(args):
    """hedge with its stdout a pipe whose reader has already gone (like `| head -0`)."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run([sys.executable, "-m", "hedgecli", *args], stdout=write_end,
                              stderr=subprocess.PIPE, text=True, timeout=60)
    finally:
        os.close(write_end)


@pytest.mark.parametrize("args", [["score", "germany"], ["heatmap"], ["score", "germany", "--format", "json"],
                                  ["trend", "japan"], ["--help"], ["--version"]], ids=" ".join)
def test_a_reader_that_stops_early_is_not_an_error(args):
    done = _closed_reader_run(args)
    assert done.returncode == 0 and done.stderr == ""


def test_a_reader_that_closes_after_the_first_line_is_not_an_error():
    proc = subprocess.Popen([sys.executable, "-m", "hedgecli", "score", "germany", "japan"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.readline().startswith(b"Germany")
    proc.stdout.close()
    assert proc.wait(timeout=60) == 0 and proc.stderr.read() == b""


@pytest.mark.parametrize("args, text", [
    (["score", "germany", "--set", "trade.china_tilt=0.5", "--set", "trade.china_tilt=0.6"],
     "--set trade.china_tilt is given more than once"),
    (["score", "germany", "--set", "trade.china_share=0.5"],
     "--set trade.china_share: the method does not use this indicator, so setting it changes nothing"),
    (["score", "germany", "--data", ""], "--data needs a file name"),
    (["heatmap", "--method", ""], "--method needs a preset name or a file name"),
])
def test_options_that_would_be_silently_ignored_are_usage_errors(capsys, args, text):
    code, err = errors(args, capsys)
    assert code == 2 and text in err


def test_formats_are_accepted_in_any_case():
    assert json.loads(run("heatmap", "--format", "JSON").stdout)
    result = run("method", "show", "--format", "TOML")
    assert result.exit_code == 0 and "max_age" in result.stdout
    assert json.loads(run("method", "show", "--format", "Json").stdout)


def test_template_is_a_complete_file_that_validates_once_filled(tmp_path, capsys):
    assert main(["data", "template", "uruguay"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert list(doc) == ["format", "sources", "indicators", "countries", "groups"]
    (source_id, source), = doc["sources"].items()
    assert source["title"].startswith("EDIT") and source["publisher"].startswith("EDIT")
    uruguay = doc["countries"]["URY"]
    assert uruguay["name"] == "Uruguay" and uruguay["alpha2"] == "UY"
    from hedgecli.method import used_indicators

    assert set(uruguay["indicators"]) == used_indicators(DEFAULT)
    empty = tmp_path / "empty.json"
    empty.write_text(json.dumps(doc))
    assert main(["data", "validate", str(empty)]) == 1
    assert capsys.readouterr().out == f"{empty}: countries: no indicator values at all, so nothing to score\n"
    for indicator, series in uruguay["indicators"].items():
        assert series[0]["source"] == source_id and series[0]["unit"] == doc["indicators"][indicator]["unit"]
        series[0]["values"] = {"share": {"2014": 0.4, "2020": 0.45, "2024": 0.5}, "0/1": {"2024": 1},
                               "policy code": {"2024": 0.5}, "USD million": {"2014": 100, "2020": 200, "2024": 300},
                               "persons": {"2024": 50}, "stance": {"2024": 0}, "events (decayed)": {"2024": 1.0},
                               "years (decayed)": {"2024": 0.8},
                               "ideal point": {"2014": 0.2, "2020": 0.15, "2024": 0.1}}[series[0]["unit"]]
    filled = tmp_path / "filled.json"
    filled.write_text(json.dumps(doc))
    assert main(["data", "validate", str(filled)]) == 0
    capsys.readouterr()
    assert main(["score", "uruguay", "--data", str(filled), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["reversal_score"] is not None


def test_template_help_says_how_to_use_it():
    help_text = " ".join(run("data", "template", "--help").stdout.split())
    assert "hedge data validate" in help_text and "--data" in help_text


def _complete(command: list[str], param: str, incomplete: str) -> list[str]:
    from typer.main import get_command

    group = get_command(app)
    cmd = group
    for name in command:
        cmd = cmd.commands[name]
    ctx = cmd.make_context(cmd.name, [], resilient_parsing=True)
    target = next(p for p in cmd.params if p.name == param)
    return [item.value for item in target.shell_complete(ctx, incomplete)]


def test_shell_completion_of_countries_and_formats():
    assert "germany" in _complete(["score"], "countries", "ger")
    assert "south-korea" in _complete(["compare"], "countries", "sou")
    assert _complete(["trend"], "countries", "DE") == ["DEU"]
    assert _complete(["trend"], "countries", "de") == ["denmark", "deu"]
    assert _complete(["trend"], "countries", "Ger") == ["Germany"]
    assert "ASEAN" in _complete(["explain"], "country", "AS")
    assert _complete(["heatmap"], "fmt", "n") == ["ndjson"]
    assert _complete(["method", "show"], "fmt", "") == ["toml", "json"]
    # a completed name resolves like the name typed out
    assert json.loads(run("score", "south-korea", "--format", "json").stdout)["code"] == "KOR"


def test_arguments_have_their_help():
    # click 8.5 blanked the help typer 0.19 gives arguments: pyproject keeps click below it
    out = runner.invoke(app, ["score", "--help"]).stdout
    assert "Countries or groups" in out


def test_windows_without_scores_are_refused_and_say_which_years_have_scores(tiny_file, capsys):
    """The data span years no score covers (a score needs every part): a trend or drift window
    with no score is a usage error naming the years that have scores; `hedge list` says them."""
    code, err = errors(["drift", "--since", "2010", "--method", "v2", "--data", str(tiny_file)], capsys)
    assert code == 2 and "no slope in 2010-2020" in err and "hedging 2020-2020" in err
    code, err = errors(["heatmap", "--year", "1990"], capsys)
    assert code == 2 and "scores: hedging 2005-" in err and "reversal 2005-" in err
    listing = run("list").stdout.splitlines()[0]
    assert "data 2000-2025" in listing and "scores: hedging 2005-" in listing


def test_explain_says_when_a_value_is_applied_back_from_a_later_year():
    """Germany's 2012 technology reads the open policy dated by its first 5G decision (2019): the
    year column shows 2019, and a line under the tables says why, so the later year does not read
    as a misprint."""
    early, late = run("explain", "germany", "--year", "2012"), run("explain", "germany", "--year", "2024")
    assert early.exit_code == 0 and "applied back: tech.huawei_5g has no value before 2019" in early.stdout
    assert "earlier years read 1, as before any decision" in " ".join(early.stdout.split())  # wrapped
    assert late.exit_code == 0 and "applied back" not in late.stdout
    # Morocco's only decision is of 2025: its 2024 explain says so, wrapped at 80 columns
    morocco = run("explain", "morocco").stdout.split("applied back: ", 1)[1]
    assert morocco.startswith("tech.huawei_5g has no value before 2025")
    assert max(len(line) for line in morocco.splitlines()) <= 80


def test_explain_shows_what_the_values_with_points_rest_on():
    """India's friction is full: explain lists the incidents its stock is computed from, each
    with its publisher, wrapped at 80 columns; JSON carries the same note on the row."""
    out = run("explain", "india")
    assert out.exit_code == 0
    tail = out.stdout.split("What the values with points rest on", 1)[1]
    assert "friction.china_confrontation: 2013-04-15 Depsang" in tail and "Galwan" in tail
    assert max(len(line) for line in tail.splitlines()) <= 80
    doc = json.loads(run("explain", "india", "--format", "json").stdout)
    row = next(c for c in doc["reversal"]["contributions"] if c["indicator"] == "friction.china_confrontation")
    assert row["points"] < 0 and "2020-06-15 Galwan" in row["source_note"]
    assert len(row["pages"]) >= 8 and all(p.startswith("cf-") for p in row["pages"])  # as score's record
    # a state China's forces did not confront has no such line: the term adds no points
    assert "friction.china_confrontation:" not in run("explain", "germany").stdout
    # an earlier year quotes only the incidents up to it
    early = run("explain", "india", "--year", "2015").stdout
    assert "2015-09-11 Burtse" in early and "Doklam" not in early and "Galwan" not in early
