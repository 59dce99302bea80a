import io
import json
import os
import sys

import pytest
from typer.testing import CliRunner

from hedgecli import fileio, models
from hedgecli import method as method_mod
from hedgecli.cli import app, main
from hedgecli.errors import DataError

from .conftest import LONG_CSV, errors

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
    from hedgecli.scoring import level

    path.write_text("[constructs.hedging]\nthresholds = [10, 20, 30, 40]\n")
    base, changed = heat(), heat("--method", str(path))
    for code, row in changed.items():
        assert row["hedging_score"] == base[code]["hedging_score"]  # the same score, read on other cuts
        if row["hedging_score"] is not None:
            assert row["hedging_level"] == level(row["hedging_score"], (10, 20, 30, 40))
    assert any(row["hedging_level"] != base[code]["hedging_level"] for code, row in changed.items())


def test_a_weight_in_a_method_file_changes_scores(tmp_path):
    path = tmp_path / "m.toml"
    path.write_text('[parts.technology.indicators."tech.huawei_5g"]\nweight = 0\n')
    germany = heat("--method", str(path))["DEU"]
    investment = next(i for i in germany["indicators"]
                      if i["indicator"] == "invest.china_tech_stock" and i["part"] == "technology")
    # with Huawei's weight at 0 the technology part is the investment indicator's score alone
    assert germany["pillars"]["technology"] == investment["score"]
    assert heat()["DEU"]["pillars"]["technology"] != investment["score"]  # the default weights differ


@pytest.mark.parametrize("text, key", [
    ("[constructs.hedging]\nthresholds = [10, 20, 5, 40]\n", "constructs.hedging.thresholds"),
    ('[parts.security.indicators."security.nope"]\nweight = 1\n',
     "parts.security.indicators.security.nope: give its goalposts lo and hi"),
    ('[parts.security.indicators."security.nope"]\nlo = 0\nhi = 1\n',
     "parts.security.indicators.security.nope: not an indicator the data file defines"),
    ('[parts.anchor.indicators."security.us_troops"]\nweight = -1\n',
     "parts.anchor.indicators.security.us_troops.weight"),
    ('[parts.anchor.indicators."security.us_troops"]\nweight = 1e308\n',
     "parts.anchor.indicators.security.us_troops.weight: must be at most"),
    ('[parts.anchor.indicators."security.us_troops"]\nhi = 1e300\n',
     "parts.anchor.indicators.security.us_troops.hi: must be at most"),
    ("[constructs.reversal.parts]\ncharm = 2\n", "constructs.reversal.parts.charm: unknown part"),
    ("colour = 1\n", "colour"),
    ("[constructs.hedging.gate]\nstrength = 2\n", "constructs.hedging.gate.strength"),
    ("not toml at all [", "not valid TOML"),
    ("[parts.empty]\nlabel = 'nothing'\n", "parts.empty: empty part"),
    ("[constructs.nothing]\nthresholds = [1, 2, 3, 4]\n", "constructs.nothing.parts: a construct with no parts"),
    ("[constructs.hedging]\nrule = 'median'\n", "constructs.hedging.rule"),
    ("[constructs.year]\nthresholds = [1, 2, 3, 4]\nparts = { trade = 1 }\n", "constructs.year"),
    ('base = "v0"\n', "base: expected one of"),
    # a value where a table belongs, at each level
    ("parts = 5\n", "parts: expected [parts.NAME] tables"),
    ("[parts]\ntrade = 5\n", "parts.trade: expected a table"),
    ("[parts.trade]\nindicators = [1, 2]\n", "parts.trade.indicators: expected"),
    ('[parts.trade.indicators]\n"trade.china_tilt" = 5\n', "parts.trade.indicators.trade.china_tilt: expected a table"),
    ("constructs = 5\n", "constructs: expected [constructs.NAME] tables"),
    ("[constructs.reversal]\nparts = 5\n", "constructs.reversal.parts: expected a table"),
    ("max_age = 1" + "0" * 400 + "\n", "max_age: number too large"),
    ('[parts.technology.indicators."tech.huawei_5g"]\nback_apply = "yes"\n',
     "parts.technology.indicators.tech.huawei_5g.back_apply: expected true or false"),
    ('[parts.momentum.indicators."trade.china_tilt"]\nback_apply = true\n',
     "back_apply and change cannot be combined"),
    ('[parts.technology.indicators."tech.huawei_5g"]\nbefore_first = "open"\n',
     "parts.technology.indicators.tech.huawei_5g.before_first: expected a number"),
    ('[parts.technology.indicators."tech.huawei_5g"]\nback_apply = true\n',
     "before_first cannot be combined with back_apply"),
    ('[parts.technology.indicators."tech.huawei_5g"]\nsmooth = 3\n', "smooth averages changes over years: give change"),
    ('[parts.momentum.indicators."trade.china_tilt"]\nlog = true\n', "smooth and log cannot be combined"),
    ('[parts.momentum.indicators."trade.china_tilt"]\nsmooth = 2.5\n',
     "parts.momentum.indicators.trade.china_tilt.smooth: expected a whole number"),
    # version 1 method files: a clear word, not "unknown setting"
    ("[hedging]\nanchor_gate = 0.3\n", "hedging: a version 1 method-file key"),
])
def test_bad_method_files_name_the_key(tmp_path, capsys, text, key):
    path = tmp_path / "m.toml"
    path.write_text(text)
    code, err = errors(["heatmap", "--method", str(path)], capsys)
    assert code == 1 and key in err


@pytest.mark.parametrize("part", ["anchor", "technology", "infrastructure", "momentum", "dependence", "alignment"])
def test_every_weight_of_a_part_at_zero_is_an_error_naming_the_part(tmp_path, capsys, part):
    """All of a part's weights at 0 would make every score built on it null, as if data were
    missing: the method file is refused, naming the part."""
    rules = method_mod.default().parts[part].rules
    path = tmp_path / "m.toml"
    path.write_text("".join(f'[parts.{part}.indicators."{r.indicator}"]\nweight = 0\n' for r in rules))
    code, err = errors(["heatmap", "--method", str(path)], capsys)
    assert code == 1 and f"parts.{part}: every indicator weight is 0" in err


def test_a_construct_may_leave_a_part_out_with_weight_zero(tmp_path):
    path = tmp_path / "m.toml"
    path.write_text("[constructs.reversal.parts]\nmomentum = 0\n")
    germany = heat("--method", str(path))["DEU"]
    assert germany["reversal_score"] is not None and germany["hedging_score"] is not None
    assert germany["reversal_score"] != heat()["DEU"]["reversal_score"]


def test_presets_by_name_and_the_default_is_one_of_them():
    from hedgecli.method import DEFAULT_NAME, presets

    assert "v1" in presets() and DEFAULT_NAME in presets()
    assert heat("--method", DEFAULT_NAME) == heat()
    listed = json.loads(runner.invoke(app, ["method", "list", "--format", "json"]).stdout)
    assert [m["name"] for m in listed] == presets() and sum(m["default"] for m in listed) == 1
    shown = runner.invoke(app, ["method", "show", "--preset", "v1"]).stdout
    assert shown == runner.invoke(app, ["method", "show", "--method", "v1"]).stdout
    assert 'name = "v1"' in shown


def test_an_unknown_preset_name_is_an_error(capsys):
    code, err = errors(["heatmap", "--method", "v0"], capsys)
    assert code == 2 and "neither a preset" in err


def test_every_output_names_its_method():
    rows = heat("--method", "v1")
    assert {r["method"] for r in rows.values()} == {"v1"}
    table = runner.invoke(app, ["heatmap", "--method", "v1"]).stdout
    assert "(method v1)" in table.splitlines()[0]


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
    assert "country AAA" in out.stdout and "country BBB" in out.stdout and "2 problems" in out.stderr


def test_data_validate_accepts_the_shipped_file():
    from hedgecli.data import shipped_path

    out = runner.invoke(app, ["data", "validate", str(shipped_path())])
    assert out.exit_code == 0 and "valid" in out.output  # on stderr: stdout lists problems only


def test_data_schema_is_the_models_json_schema():
    schema = json.loads(runner.invoke(app, ["data", "schema"]).stdout)
    assert schema == models.Dataset.model_json_schema()
    assert set(schema["properties"]["format"]["enum"]) == set(models.FORMATS)


def test_a_filled_template_validates(tmp_path, tiny):
    entry = json.loads(runner.invoke(app, ["data", "template", "uruguay"]).stdout)["countries"]
    assert list(entry) == ["URY"]
    series = entry["URY"]["indicators"]["trade.china_tilt"][0]
    series.update(source="t", values={"2020": 0.6})
    entry["URY"]["indicators"] = {"trade.china_tilt": [series]}
    tiny["countries"].update(entry)
    tiny["indicators"]["trade.china_tilt"]["unit"] = series["unit"]
    path = tmp_path / "f.json"
    path.write_text(json.dumps(tiny))
    assert runner.invoke(app, ["data", "validate", str(path)]).exit_code == 0


def test_svg_and_html_output_written_and_not_clobbered(tmp_path):
    svg, html = tmp_path / "h.svg", tmp_path / "t.html"
    assert runner.invoke(app, ["heatmap", "--output", str(svg), "--style", "terminal"]).exit_code == 0
    assert svg.read_text().lstrip().startswith("<svg")  # Rich's picture of the terminal table
    first = svg.read_bytes()
    again = runner.invoke(app, ["heatmap", "--year", "2015", "--output", str(svg), "--style", "terminal"])
    assert again.exit_code == 2 and svg.read_bytes() == first  # not replaced without --force
    assert runner.invoke(app, ["heatmap", "--year", "2015", "--output", str(svg), "--style", "terminal",
                               "--force"]).exit_code == 0
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


def test_long_csv_is_read_from_a_file_and_from_stdin(tmp_path, capsys, monkeypatch):
    path = tmp_path / "mine.csv"
    path.write_text(LONG_CSV)
    by_file = json.loads(runner.invoke(app, ["score", "DE", "--data", str(path), "--format", "json"]).stdout)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(LONG_CSV.encode())))
    assert main(["score", "germany", "--data", "-", "--format", "json"]) == 0
    by_stdin = json.loads(capsys.readouterr().out)
    assert by_file == by_stdin
    assert by_file["pillars"]["trade"] == 50.0  # a tilt of 0.5, half of v3's 0-1 goalposts
    assert by_file["indicators"][0]["source"] == "my calculation"


def test_csv_with_a_byte_order_mark_on_stdin_is_read_as_csv(capsys, monkeypatch):
    # Excel and Windows editors save "CSV UTF-8" with a BOM; it must not make the file look like JSON
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"\xef\xbb\xbf" + LONG_CSV.encode())))
    assert main(["score", "germany", "--data", "-", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["pillars"]["trade"] == 50.0


HEADER = "country,indicator,year,value,unit,source\n"


@pytest.mark.parametrize("text, message", [
    ("country,year\nDEU,2024\n", "needs the columns"),
    ("country,indicator,year,value,unit,source\nAtlantis,trade.china_tilt,2024,1,share,x\n", "row 2: unknown country"),
    ("country,indicator,year,value,unit,source\nDEU,trade.vibes,2024,1,share,x\n", "unknown indicator"),
    ("country,indicator,year,value,unit,source\nDEU,trade.china_tilt,soon,1,share,x\n", "whole number"),
    ("country,indicator,year,value,unit,source\nDEU,trade.china_tilt,2024,50,percent,x\n", "differs from the indicator's unit"),
    # a field beyond the csv module's limit (131072 characters)
    (HEADER + "DEU,trade.china_tilt,2024,0.5,share,x\nDEU,tech.huawei_5g,2024,1,policy code," + "x" * 140_000 + "\n",
     "bad.csv, line 3: not readable as CSV (field larger than field limit"),
    # the same year twice, the second with a space before its unit
    (HEADER + "DEU,trade.china_tilt,2024,0.5,share,x\nDEU,trade.china_tilt,2024,0.6, share ,x\n",
     "row 3: DEU trade.china_tilt 2024 given twice"),
])
def test_bad_csv_rows_are_named(tmp_path, capsys, text, message):
    path = tmp_path / "bad.csv"
    path.write_text(text)
    code, err = errors(["heatmap", "--data", str(path)], capsys)
    assert code == 1 and message in err


# ---- writing files: atomic, never clobbering without --force, links kept


def test_writing_through_a_symlink_writes_its_target_and_keeps_the_link(tmp_path):
    target, link = tmp_path / "real.json", tmp_path / "link.json"
    target.write_text("old")
    link.symlink_to(target)
    fileio.write_atomic(link, b"new")
    assert link.is_symlink() and target.read_bytes() == b"new"
    assert runner.invoke(app, ["heatmap", "--format", "json", "--output", str(link), "--force"]).exit_code == 0
    assert link.is_symlink() and len(json.loads(target.read_text())) > 40


def test_no_overwrite_keeps_a_file_created_after_the_check(tmp_path, monkeypatch, capsys):
    """Another process creates the file between hedge's check and its write: the file is kept."""
    path = tmp_path / "h.json"
    real_mkstemp = __import__("tempfile").mkstemp

    def mkstemp_then_race(*args, **kwargs):
        made = real_mkstemp(*args, **kwargs)
        path.write_text("someone else's")  # appears while hedge writes its temporary file
        return made

    monkeypatch.setattr("tempfile.mkstemp", mkstemp_then_race)
    code, err = errors(["heatmap", "--format", "json", "--output", str(path)], capsys)
    assert code == 2 and "h.json exists; use --force to replace it" in err
    assert path.read_text() == "someone else's"
    assert [p.name for p in tmp_path.iterdir()] == ["h.json"]  # no temporary file left behind
    with pytest.raises(FileExistsError):
        fileio.write_atomic(path, b"new", overwrite=False)
    fileio.write_atomic(tmp_path / "fresh", b"new", overwrite=False)
    assert (tmp_path / "fresh").read_bytes() == b"new" and len(list(tmp_path.iterdir())) == 2


def test_a_failing_chmod_leaks_no_file_handle_and_no_temporary_file(tmp_path, monkeypatch):
    opened = set(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else None

    def refuse(*args):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "fchmod", refuse, raising=False)
    monkeypatch.setattr(os, "chmod", refuse)
    with pytest.raises(PermissionError):
        fileio.write_atomic(tmp_path / "out", b"data")
    assert list(tmp_path.iterdir()) == []
    if opened is not None:
        assert set(os.listdir("/proc/self/fd")) <= opened


def test_the_folder_is_synced_after_the_rename(tmp_path, monkeypatch):
    synced = []
    real_fsync = os.fsync

    def fsync(fd):
        synced.append(os.path.realpath(f"/proc/self/fd/{fd}") if os.path.isdir("/proc/self/fd") else fd)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    fileio.write_atomic(tmp_path / "out", b"data")
    assert len(synced) == 2  # the file's data, then the folder's entry
    if os.path.isdir("/proc/self/fd"):
        assert synced[-1] == str(tmp_path.resolve())


@pytest.mark.parametrize("failure, message", [
    (FileNotFoundError(2, "No such file or directory"), "{what} not found: {path}"),
    (IsADirectoryError(21, "Is a directory"), "{what} is a directory, not a file: {path}"),
    (PermissionError(13, "Permission denied"), "{what} is not readable (permission denied): {path}"),
    (OSError(5, "Input/output error"), "cannot read {what} {path}: Input/output error"),
])
def test_unreadable_files_are_worded_alike_for_data_and_method(tmp_path, capsys, monkeypatch, failure, message):
    def fail(*args, **kwargs):
        raise failure

    monkeypatch.chdir(tmp_path)
    (tmp_path / "some.toml").write_text("x")  # it exists; opening it fails as parametrised
    monkeypatch.setattr(fileio, "open", fail, raising=False)
    for option, what in (("--method", "method file"), ("--data", "data file")):
        code, err = errors(["heatmap", option, "some.toml"], capsys)
        assert code == 1 and err == "hedge: error: " + message.format(what=what, path="some.toml") + "\n"


def test_a_method_file_can_add_an_indicator_the_data_has(tmp_path):
    path = tmp_path / "m.toml"
    path.write_text('[parts.dependence.indicators."trade.china_import_share"]\nlo = 0.05\nhi = 0.4\n')
    base = heat("--year", "2014")["JPN"]
    added = heat("--year", "2014", "--method", str(path))["JPN"]
    assert added["pillars"]["dependence"] != base["pillars"]["dependence"]
    shown = runner.invoke(app, ["method", "show", "--method", str(path)]).stdout
    assert '[parts.dependence.indicators."trade.china_import_share"]' in shown


def test_adding_an_indicator_needs_goalposts_and_must_exist_in_the_data(tmp_path, capsys):
    path = tmp_path / "m.toml"
    path.write_text('[parts.exposure.indicators."trade.china_import_share"]\nweight = 2\n')
    assert main(["heatmap", "--method", str(path)]) == 1
    assert "give its goalposts lo and hi" in capsys.readouterr().err
    path.write_text('[parts.exposure.indicators."trade.vibes"]\nlo = 0\nhi = 1\n')
    assert main(["heatmap", "--method", str(path)]) == 1
    assert "parts.exposure.indicators.trade.vibes: not an indicator the data file defines" in capsys.readouterr().err


def test_a_method_file_without_a_name_is_named_after_its_base_and_file(tmp_path):
    path = tmp_path / "strict.toml"
    path.write_text("[constructs.hedging]\nthresholds = [10, 20, 30, 40]\n")
    assert {r["method"] for r in heat("--method", str(path)).values()} == {f"{method_mod.DEFAULT_NAME}+strict"}
    path.write_text('name = "mine"\n[constructs.hedging]\nthresholds = [10, 20, 30, 40]\n')
    assert {r["method"] for r in heat("--method", str(path)).values()} == {"mine"}


def test_a_data_file_without_an_indicator_is_scored_by_weighting_that_indicator_0(tmp_path, tiny, capsys):
    """A data file made before an indicator joined the default method (security.sco_status in
    3.1) is refused with the default method, naming the indicator, and scored by a method file
    that weights it 0; the unused indicator is then not reported missing."""
    tiny["indicators"].pop("security.sco_status")
    for country in tiny["countries"].values():
        country["indicators"].pop("security.sco_status", None)
    old = tmp_path / "old.json"
    old.write_text(json.dumps(tiny))
    code, err = errors(["score", "AAA", "--data", str(old)], capsys)
    assert code == 1 and "security.sco_status: not an indicator the data file defines" in err
    method = tmp_path / "m.toml"
    method.write_text('[parts.opening.indicators."security.sco_status"]\nweight = 0\n')
    out = runner.invoke(app, ["score", "AAA", "--data", str(old), "--method", str(method), "--format", "json"])
    assert out.exit_code == 0, out.output
    record = json.loads(out.stdout)
    record = record[0] if isinstance(record, list) else record
    assert record["reversal_score"] is not None and "security.sco_status" not in record["missing"]
