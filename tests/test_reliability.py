"""The holes an outside test found, tried as a hostile user would: each is closed, and stays so.

Inputs that never end (/dev/zero), are not text (/dev/urandom) or are huge are refused at once in
bounded memory; --output never replaces a device, a pipe or the command's own input; ambiguous
names in a user's data are refused; and the small things (escapes, empty windows, colour).
"""

import io
import json
import os
import shutil
import subprocess
import sys
import threading

import pytest
from typer.testing import CliRunner

from hedgecli import render
from hedgecli.cli import app, main

from .conftest import errors

runner = CliRunner()
HEDGE = [sys.executable, "-m", "hedgecli"]
MEMORY_LIMIT_KB = 300 * 1024  # a refusal needs no more than the interpreter and its imports


# hedge as its console script runs it, reporting its own peak memory at exit. Measured in the
# child from /proc/self/status (VmHWM, reset by exec): ru_maxrss would include the high-water mark
# of the pytest process it was forked from, which grows with every test that ran before.
_LAUNCHER = """
import atexit, os, sys
def _peak():
    with open('/proc/self/status') as status:
        peak = next(line.split()[1] for line in status if line.startswith('VmHWM'))
    with open(os.environ['HEDGE_TEST_PEAK'], 'w') as out:
        out.write(peak)
atexit.register(_peak)
from hedgecli.cli import entry
sys.argv = ['hedge', *sys.argv[1:]]
entry()
"""


def run_measured(args: list[str], stdin=None, timeout: float = 30) -> tuple[int, str, int]:
    """Run hedge in a child process: (exit code, stderr, peak resident memory in KB). The
    timeout only stops a hang."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        peak_file = os.path.join(tmp, "peak")
        proc = subprocess.Popen([sys.executable, "-c", _LAUNCHER, *args], stdin=stdin or subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                env={**os.environ, "HEDGE_TEST_PEAK": peak_file})
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            err = proc.stderr.read().decode("utf-8", "replace")
            proc.wait()
        finally:
            timer.cancel()
        with open(peak_file) as fh:
            return proc.returncode, err, int(fh.read())


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero and /dev/urandom")
@pytest.mark.parametrize("args", [
    ["heatmap", "--data", "/dev/zero"], ["heatmap", "--data", "/dev/urandom"],
    ["data", "validate", "/dev/zero"], ["data", "validate", "/dev/urandom"],
    ["heatmap", "--method", "/dev/zero"], ["score", "germany", "--method", "/dev/urandom"],
], ids=" ".join)
def test_devices_are_refused_at_once_in_bounded_memory(args):
    code, err, peak_kb = run_measured(args)
    assert code == 1 and err.startswith("hedge: error: ") and err.count("\n") == 1, err
    assert "not a regular file" in err
    assert peak_kb < MEMORY_LIMIT_KB


@pytest.mark.parametrize("option", ["--data", "--method"])
def test_a_huge_file_and_a_folder_are_refused(tmp_path, option):
    huge = tmp_path / "huge.json"
    with huge.open("wb") as fh:  # sparse: 200 MB on paper, nothing on disk
        fh.truncate(200 * 1024 * 1024)
    code, err, peak_kb = run_measured(["heatmap", option, str(huge)])
    assert code == 1 and "hedge reads at most" in err and peak_kb < MEMORY_LIMIT_KB
    code, err, _ = run_measured(["heatmap", option, str(tmp_path)])
    assert code == 1 and "is a directory" in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_an_endless_pipe_stops_at_its_first_bad_byte_or_at_the_limit(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)

    def feed(chunk: bytes) -> None:
        try:
            with open(fifo, "wb") as fh:
                while True:
                    fh.write(chunk * 65536)
        except (BrokenPipeError, OSError):
            pass

    for chunk, message in ((b"\x00", "not a text file"), (b"\xff", "not UTF-8"), (b"a", "larger than 64 MB")):
        writer = threading.Thread(target=feed, args=(chunk,), daemon=True)
        writer.start()
        code, err, peak_kb = run_measured(["heatmap", "--data", str(fifo)])
        assert code == 1 and message in err, err
        assert peak_kb < MEMORY_LIMIT_KB + 200 * 1024  # at most the 64 MB read, once and a half
    # standard input obeys the same limit
    code, err, _ = run_measured(["heatmap", "--data", "-"], stdin=open("/dev/zero", "rb"))
    assert code == 1 and "standard input: not a text file" in err


def test_output_to_a_device_streams_and_never_replaces_it(tmp_path, capsys):
    null = tmp_path / "null"
    try:
        os.mknod(null, 0o666 | 0o020000, os.makedev(1, 3))  # a copy of /dev/null (root only)
    except (PermissionError, AttributeError, OSError):
        pytest.skip("cannot create a device node here")
    for extra in ([], ["--force"]):
        assert main(["heatmap", "--format", "json", "--output", str(null), *extra]) == 0
        assert os.path.exists(null) and not os.path.isfile(null)  # still a device


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_output_to_a_pipe_streams_into_it(tmp_path):
    fifo = tmp_path / "out"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(open(fifo, "rb").read()), daemon=True)
    reader.start()
    assert main(["heatmap", "--format", "csv", "--output", str(fifo)]) == 0
    reader.join(10)
    assert got and got[0].startswith(b"code,name")
    assert not os.path.isfile(fifo)


def test_output_dev_stdout_works(capfd):
    if not os.path.exists("/dev/stdout"):
        pytest.skip("no /dev/stdout")
    result = subprocess.run(HEDGE + ["heatmap", "--format", "json", "--output", "/dev/stdout"],
                            capture_output=True, timeout=60)
    assert result.returncode == 0 and json.loads(result.stdout)


def test_a_name_too_long_is_one_line_not_a_traceback(capsys):
    for command in (["heatmap"], ["trend", "japan"]):
        code, err = errors([*command, "--output", "a" * 300 + ".csv"], capsys)
        assert code == 1 and "File name too long" in err


def test_the_output_is_never_one_of_the_inputs(tmp_path, capsys, shipped_raw):
    data = tmp_path / "f.json"
    data.write_text(json.dumps(shipped_raw))
    before = data.read_bytes()
    code, err = errors(["heatmap", "--data", str(data), "--output", str(data), "--force"], capsys)
    assert code == 1 and "is the input file" in err and data.read_bytes() == before
    method = tmp_path / "m.json"  # a TOML method file may have any name
    method.write_text('name = "m"\n')
    code, err = errors(["trend", "japan", "--method", str(method), "--output", str(method), "--format", "json",
                        "--force"], capsys)
    assert code == 1 and "is the input file" in err and method.read_text() == 'name = "m"\n'


def test_extreme_method_numbers_are_refused_and_nothing_non_finite_reaches_output(tmp_path, capsys):
    path = tmp_path / "m.toml"
    path.write_text('[parts.trade.indicators."trade.china_tilt"]\nweight = 1e308\n')
    code, err = errors(["heatmap", "--method", str(path)], capsys)
    assert code == 1 and "must be at most" in err
    # the largest weights and goalposts allowed still give finite, valid JSON
    path.write_text('[parts.trade.indicators."trade.china_tilt"]\nweight = 1e6\nlo = -1e15\nhi = 1e15\n')
    out = runner.invoke(app, ["heatmap", "--method", str(path), "--format", "json", "--uncertainty",
                              "--draws", "100"]).stdout

    def refuse(name):
        raise AssertionError(f"{name} in the output")

    rows = json.loads(out, parse_constant=refuse)
    assert all(0 <= r["hedging_score"] <= 100 for r in rows if r["hedging_score"] is not None)


@pytest.mark.parametrize("change, problem", [
    (lambda d: d["countries"]["AAA"]["aliases"].append("betaland"), "names more than one country or group"),
    (lambda d: d["countries"]["BBB"].update(name="Alphaland"), "names more than one country or group"),
    (lambda d: d["groups"]["GRP"].update(name="Betaland"), "names more than one country or group"),
    (lambda d: d["countries"].update(CHN=d["countries"].pop("BBB")), "the US and China are the two poles"),
    (lambda d: d["countries"].update(GERMANY=d["countries"].pop("BBB")), "three letters"),
])
def test_ambiguous_names_are_reported_and_refused(tmp_path, capsys, tiny, change, problem):
    change(tiny)
    if "GRP" in tiny["groups"]:
        tiny["groups"]["GRP"]["members"] = [m for m in tiny["groups"]["GRP"]["members"] if m in tiny["countries"]]
    path = tmp_path / "f.json"
    path.write_text(json.dumps(tiny))
    assert main(["data", "validate", str(path)]) == 1
    assert problem in capsys.readouterr().out
    code, err = errors(["heatmap", "--data", str(path)], capsys)
    assert code == 1 and problem in err


def test_ids_are_never_cut_and_tables_fit_a_narrow_terminal(monkeypatch):
    rows = [["technology", "tech.china_tech_investment", 470, "USD million", 2024, 55.1, "+9.19"]]
    header = ["part", "indicator", "value", "unit", "year", "score", "points"]
    for columns in (40, 80, 120):
        monkeypatch.setattr(shutil, "get_terminal_size", lambda fallback=None, c=columns: os.terminal_size((c, 24)))
        text = render.rich_table(None, header, rows * 3, set(), color=False)
        assert "tech.china_tech_investment" in text
        assert max(len(line) for line in text.splitlines()) <= columns


def test_markdown_tables_escape_what_a_data_file_says(tmp_path, tiny):
    tiny["countries"]["AAA"]["name"] = "<script>alert(1)</script> [x](http://a.invalid)"
    path = tmp_path / "f.json"
    path.write_text(json.dumps(tiny))
    out = runner.invoke(app, ["heatmap", "--data", str(path), "--format", "markdown"]).stdout
    import re

    assert not re.search(r"(?<!\\)<script>", out) and "\\<script>" in out and "\\[x\\]" in out


def test_escapes_in_names_never_reach_the_terminal(tmp_path, capsys, tiny):
    path = tmp_path / "bad\x1b[31m.json"
    tiny["countries"]["AAA"]["indicators"]["trade.china_tilt"][0]["values"]["2020"] = "x"
    path.write_text(json.dumps(tiny))
    assert main(["data", "validate", str(path)]) == 1
    out, err = capsys.readouterr()
    assert "\x1b" not in out and "\x1b" not in err
    target = tmp_path / "out\x1b[2J.json"
    assert main(["heatmap", "--format", "json", "--output", str(target)]) == 0
    assert "\x1b" not in capsys.readouterr().err


def test_a_long_csv_with_a_source_on_every_row_loads_in_linear_time(tmp_path):
    lines = ["country,indicator,year,value,unit,source"]
    lines += [f"DEU,trade.china_tilt,{1900 + i % 200},0.5,share,source {i}" for i in range(50_000)]
    path = tmp_path / "long.csv"
    path.write_text("\n".join(lines))
    # once quadratic (85 s); the timeout only stops a hang
    result = subprocess.run(HEDGE + ["data", "validate", str(path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "appears in two series" in result.stdout


def test_stdin_csv_with_its_columns_in_another_order(capsys, monkeypatch):
    text = "indicator,country,year,value,unit,source\ntrade.china_tilt,DEU,2024,0.5,share,mine\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    assert main(["score", "germany", "--data", "-", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["pillars"]["trade"] is not None


def test_an_empty_no_color_does_not_turn_colour_off(monkeypatch):
    from hedgecli import cli

    monkeypatch.setattr(cli, "_isatty", lambda: True)
    monkeypatch.setenv("NO_COLOR", "")
    assert cli._color(False)
    monkeypatch.setenv("NO_COLOR", "1")
    assert not cli._color(False)


def test_a_bare_hedge_prints_the_help(capsys):
    assert main([]) == 0
    out = capsys.readouterr().out
    assert "Commands" in out and "heatmap" in out and "Usage:" in out


@pytest.mark.parametrize("name, says", [("England", "part of United Kingdom"), ("Greenland", "part of Denmark"),
                                        ("Hong Kong", "China is the other pole")])
def test_a_part_of_a_country_is_named_as_such(capsys, name, says):
    code, err = errors(["score", name], capsys)
    assert code == 2 and says in err and "did you mean" not in err


# ---------------------------------------------------------------- round 3 (issue 21)

STDOUT_WRITERS = [["heatmap", "--format", "json"], ["heatmap", "--format", "ndjson"], ["heatmap", "--format", "csv"],
                  ["heatmap"], ["trend", "japan"], ["trend", "japan", "--format", "json"], ["sources"],
                  ["data", "export"], ["data", "export", "--format", "ndjson"], ["cite", "--format", "bibtex"],
                  ["cite"], ["explain", "germany", "--format", "json"]]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux) to fill a disk")
@pytest.mark.parametrize("args", STDOUT_WRITERS, ids=" ".join)
def test_every_stdout_writer_reports_a_full_disk(args):
    with open("/dev/full", "w") as full:
        done = subprocess.run(HEDGE + args, stdout=full, stderr=subprocess.PIPE, text=True, timeout=120)
    assert done.returncode == 1 and done.stderr == "hedge: error: cannot write output: No space left on device\n"


@pytest.mark.parametrize("args", STDOUT_WRITERS[:1] + STDOUT_WRITERS[7:9], ids=" ".join)
def test_a_reader_that_closes_the_pipe_stays_quiet(args):
    proc = subprocess.Popen(HEDGE + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.read(10)
    proc.stdout.close()  # like `| head -c 10`
    assert proc.wait(120) == 0 and proc.stderr.read() == b""


def test_a_short_write_is_not_taken_for_a_whole_one(tmp_path, monkeypatch):
    """A disk that fills mid-write: the system takes part of the bytes, then refuses the rest.
    CPython's buffered stdout lost that refusal (exit 0, the file cut); hedge must not."""
    from hedgecli import cli

    target = open(tmp_path / "out.json", "w", encoding="utf-8")
    real_write, calls = os.write, []

    def filling(fd, data):
        if fd != target.fileno():
            return real_write(fd, data)
        calls.append(len(data))
        if len(calls) > 1:
            raise OSError(28, "No space left on device")
        return real_write(fd, bytes(data[:1000]))  # a short write: 1000 bytes taken

    monkeypatch.setattr(sys, "stdout", target)
    monkeypatch.setattr(cli.os, "write", filling)
    with pytest.raises(cli.DataError, match="No space left on device"):
        cli._write("x" * 5000)
    assert calls == [5000, 4000]


def _refuse_constant(name):
    raise AssertionError(f"{name} in the output")


def _groups_file(tmp_path, members, weights='"gdp"'):
    path = tmp_path / "grp.toml"
    path.write_text(f'[groups.big]\nname = "Big"\nmembers = {json.dumps(members)}\nweights = {weights}\n')
    return path


def test_gdp_weights_of_1e308_in_a_scenario_score_as_equal_weights(tmp_path):
    """Row 1: GDP weights that overflowed a sum to inf gave NaN scores labelled Low."""
    scenario = tmp_path / "big.toml"
    scenario.write_text('[groups.big]\nname = "Big"\nmembers = ["Germany", "France"]\nweights = "gdp"\n'
                        '[[change]]\nindicator = "economy.gdp"\ncountries = ["Germany", "France"]\nset = 1e308\n')
    doc = json.loads(runner.invoke(app, ["heatmap", "--scenario", str(scenario), "--format", "json"]).stdout,
                     parse_constant=_refuse_constant)
    row = next(r for r in doc["rows"] if r["code"] == "BIG")
    even = json.loads(runner.invoke(app, ["score", "even", "--group", "Even=DEU,FRA", "--scenario", str(scenario),
                                          "--format", "json"]).stdout)
    assert row["hedging_after"] == even["after"]["hedging_score"] is not None  # equal GDPs: equal weights
    for fmt in ("csv", "table", "ndjson"):
        out = runner.invoke(app, ["heatmap", "--scenario", str(scenario), "--format", fmt]).stdout
        assert "nan" not in out.lower() and "infinity" not in out.lower()


def test_gdp_weights_of_1e308_in_a_data_file_and_through_the_api(tmp_path, tiny):
    """Row 2: the same through --data and --group, and through the API's groups=."""
    import hedgecli

    for country in ("AAA", "BBB"):
        tiny["countries"][country]["indicators"]["economy.gdp"][0]["values"]["2020"] = 1e308
    path = tmp_path / "biggdp.json"
    path.write_text(json.dumps(tiny))
    groups = _groups_file(tmp_path, ["AAA", "BBB"])
    assert main(["data", "validate", str(path)]) == 0  # scoring can use it: the weights are normalised
    out = runner.invoke(app, ["score", "big", "--data", str(path), "--group", str(groups), "--format", "json"])
    assert out.exit_code == 0, out.stderr
    big = json.loads(out.stdout, parse_constant=_refuse_constant)
    grp = hedgecli.score("GRP", data=str(path))  # the file's own group: one state, one voice
    assert big["hedging_score"] == grp.hedging_score is not None
    assert hedgecli.score("big", data=path, groups=[str(groups)]).hedging_level == grp.hedging_level


def test_result_models_refuse_non_finite_scores():
    import pydantic

    from hedgecli.results import DiffRow, Score

    doc = hedgecli_score_doc()
    for where, value in (("hedging_score", float("nan")), ("pillars", {"trade": float("inf")})):
        with pytest.raises(pydantic.ValidationError, match="not a finite number"):
            Score.model_validate({**doc, where: value})
    row = {"code": "DEU", "name": "Germany", "kind": "country", "year": 2024, "levels_changed": [],
           "largest_change": float("nan"), "before": "v1", "after": "v2"}
    with pytest.raises(pydantic.ValidationError, match="largest_change is not a finite number"):
        DiffRow.model_validate(row)


def hedgecli_score_doc() -> dict:
    import hedgecli

    return hedgecli.score("germany").model_dump()


def test_an_overflowing_ratio_in_a_data_file_is_one_line_before_scoring(tmp_path, tiny):
    """Row 4: a valid tiny GDP (5e-324) made trade/GDP infinite: tracebacks, Infinity in ndjson,
    a NaN change scored 0, numpy warnings, inf from the API."""
    import hedgecli

    tiny["countries"]["AAA"]["indicators"]["economy.gdp"][0]["values"]["2020"] = 5e-324
    path = tmp_path / "tinygdp.json"
    path.write_text(json.dumps(tiny))
    found = subprocess.run(HEDGE + ["data", "validate", str(path)], capture_output=True, text=True)
    assert found.returncode == 1 and "AAA: trade.china_trade 20000 in 2020 (source t) divided by economy.gdp " \
                                      "4.94066e-324 in 2020 (source t) is too large to compute" in found.stdout
    for args in (["heatmap", "--format", "ndjson"], ["heatmap", "--format", "json"], ["score", "AAA"],
                 ["heatmap", "--uncertainty", "--draws", "100", "--format", "csv"], ["explain", "AAA"]):
        done = subprocess.run(HEDGE + [*args, "--data", str(path)], capture_output=True, text=True)
        assert done.returncode == 1 and done.stdout == "", args
        assert done.stderr.count("\n") == 1 and "too large to compute" in done.stderr, done.stderr
    with pytest.raises(hedgecli.HedgeError, match="too large to compute"):
        hedgecli.heatmap(data=path)


@pytest.mark.parametrize("how", ["scale = 1e-320", "set = 5e-324"])
def test_a_tiny_denominator_from_a_scenario_or_set_is_one_line(tmp_path, capsys, how):
    scenario = tmp_path / "tiny.toml"
    scenario.write_text(f'[[change]]\nindicator = "economy.gdp"\ncountries = ["Germany"]\n{how}\n')
    for args in (["score", "germany", "--scenario", str(scenario), "--format", "ndjson"],
                 ["heatmap", "--scenario", str(scenario), "--uncertainty", "--draws", "100"],
                 ["score", "germany", "--set", "economy.gdp=5e-324", "--format", "ndjson"]):
        code, err = errors(args, capsys)
        assert code == 1 and "DEU: trade.china_trade" in err and "too large to compute" in err


def test_one_denominator_rule_for_set_what_if_and_scenarios(tmp_path, capsys):
    """Row 6: --set economy.gdp=0 scored (trade/GDP went missing, hedging 55.1 -> 68.0); a
    scenario refused it. The same check (units.problem, divides) now refuses all three."""
    import hedgecli

    rule = "value 0: other values are divided by it (a denominator), so it must be above 0"
    code, err = errors(["score", "germany", "--set", "economy.gdp=0"], capsys)
    assert code == 2 and err == f"hedge: error: --set economy.gdp=0: {rule}\n"
    with pytest.raises(hedgecli.HedgeError, match=rule.replace("(", r"\(").replace(")", r"\)")):
        hedgecli.what_if("germany", {"economy.gdp": 0})
    scenario = tmp_path / "zero.toml"
    scenario.write_text('[[change]]\nindicator = "economy.gdp"\ncountries = ["Germany"]\nset = 0\n')
    code, err = errors(["score", "germany", "--scenario", str(scenario)], capsys)
    assert code == 2 and err.endswith(f"change 1: set: {rule}\n")
    code, err = errors(["score", "germany", "--set", "economy.gdp=-5"], capsys)
    assert code == 2 and "out of range" in err  # a negative GDP is no value at all, divided or not


def test_a_file_that_scores_nothing_is_not_valid(tmp_path, capsys):
    path = tmp_path / "one.csv"
    path.write_text("country,indicator,year,value,unit,source\nDEU,trade.china_tilt,2024,0.5,share,me\n")
    assert main(["data", "validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "scores nothing with method v3" in out
    assert "no data at all for investment, technology, infrastructure" in out and "trade," not in out


@pytest.mark.parametrize("name", ["datapackage.json", "DataPackage.JSON"])
def test_an_export_named_like_its_descriptor_is_refused_before_writing(tmp_path, capsys, name):
    """Row 5: the 21 MB table was written, then refused (or, with --force, replaced by its own
    descriptor)."""
    for extra in ([], ["--force"]):
        code, err = errors(["data", "export", "--output", str(tmp_path / name), *extra], capsys)
        assert code == 2 and "datapackage.json is the name of the descriptor" in err
        assert list(tmp_path.iterdir()) == []


def test_a_non_iso_code_round_trips_through_the_export_csv(tmp_path, capsys, tiny, shipped_raw):
    """Row 9: XKX (Kosovo), which data validate accepts in JSON, was refused by --data in the
    export's CSV ("unknown country 'XKX'"), and names came back as pycountry's."""
    tiny["indicators"] = {k: shipped_raw["indicators"][k] for k in tiny["indicators"]}  # as a CSV reads them
    for country in tiny["countries"].values():
        for ind, series in country["indicators"].items():
            series[0]["unit"] = tiny["indicators"][ind]["unit"]
    tiny["countries"]["XKX"] = dict(tiny["countries"].pop("BBB"), name="Kosovo")
    tiny["countries"]["DEU"] = dict(tiny["countries"].pop("AAA"), name="Deutschland")
    tiny["groups"] = {}
    source = tmp_path / "kosovo.json"
    source.write_text(json.dumps(tiny))
    assert main(["data", "validate", str(source)]) == 0
    exported = tmp_path / "values.csv"
    assert main(["data", "export", "--data", str(source), "--output", str(exported)]) == 0
    capsys.readouterr()
    assert main(["data", "validate", str(exported)]) == 0
    capsys.readouterr()
    scores = {}
    for path in (source, exported):
        assert main(["heatmap", "--data", str(path), "--format", "json"]) == 0
        scores[path] = {r["code"]: (r["name"], r["hedging_score"], r["reversal_score"])
                        for r in json.loads(capsys.readouterr().out)}
    assert scores[exported] == scores[source]
    assert scores[source]["XKX"][0] == "Kosovo" and scores[source]["DEU"][0] == "Deutschland"
    assert main(["score", "germany", "--data", str(exported), "--format", "json"]) == 0  # pycountry's name: an alias
    assert json.loads(capsys.readouterr().out)["name"] == "Deutschland"


def test_the_descriptor_carries_the_tables_hash(tmp_path, capsys):
    """Row 10: a kill between the two files left a new table beside an old descriptor, with
    nothing to tell them apart; the descriptor now names the table's sha256 and size."""
    import hashlib

    table = tmp_path / "v.csv"
    assert main(["data", "export", "--output", str(table)]) == 0
    resource = json.loads((tmp_path / "datapackage.json").read_text())["resources"][0]
    body = table.read_bytes()
    assert resource["hash"] == "sha256:" + hashlib.sha256(body).hexdigest() and resource["bytes"] == len(body)
    table.write_bytes(body.replace(b"\n", b"\r\n", 1))  # another table beside the old descriptor
    assert resource["hash"] != "sha256:" + hashlib.sha256(table.read_bytes()).hexdigest()


# hedge with a signal delivered in the middle of an atomic write: the temporary file exists
_SIGNALLED = """
import os, signal, sys
real, which = os.fsync, getattr(signal, sys.argv[1])
def fsync(fd):
    os.kill(os.getpid(), which)
    return real(fd)
os.fsync = fsync
from hedgecli.cli import entry
sys.argv = ['hedge', *sys.argv[2:]]
entry()
"""


@pytest.mark.skipif(not hasattr(os, "kill") or os.name != "posix", reason="needs POSIX signals")
@pytest.mark.parametrize("signal_name, code", [("SIGTERM", 143), ("SIGINT", 130)])
def test_a_signal_during_an_export_leaves_no_temporary_file(tmp_path, signal_name, code):
    """Row 10: SIGTERM left .v.csv.XXXX.tmp behind; it unwinds as SIGINT does."""
    table = tmp_path / "v.csv"
    table.write_text("old\n")
    done = subprocess.run([sys.executable, "-c", _SIGNALLED, signal_name, "data", "export", "--output", str(table),
                           "--force"], capture_output=True, text=True, timeout=120)
    assert done.returncode == code and "Traceback" not in done.stderr, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v.csv"] and table.read_text() == "old\n"


def test_a_backtick_fence_in_a_scenario_stays_inside_the_markdown_code_block(tmp_path):
    """Row 8: a description with a line of three backticks closed the fence, and the rest came
    out as live markdown."""
    from markdown_it import MarkdownIt

    scenario = tmp_path / "fence.toml"
    scenario.write_text("description = '''\n```\n<img src=x onerror=alert(1)>\n# Owned\n````\n'''\n"
                        '[[change]]\nindicator = "security.us_troops"\ncountries = ["Germany"]\nset = 0\n')
    out = runner.invoke(app, ["heatmap", "--scenario", str(scenario), "--format", "markdown"]).stdout
    html = MarkdownIt("commonmark").render(out)
    assert "<img" not in html and "<h1>" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "# Owned" in html  # shown, as text
    assert render.md_fenced("a ````` b\n").startswith("``````\n")


def test_citations_carry_only_web_addresses(tmp_path, capsys, tiny):
    """Row 12: javascript: and data: addresses went into BibTeX unchanged."""
    import hedgecli

    urls = {"t": "javascript:alert(1)", "d": "data:text/html,<script>alert(1)</script>",
            "w": " JavaScript:alert(2)", "f": "ftp://files.example/x", "ok": "https://example.org/data"}
    for sid, url in urls.items():
        tiny["sources"][sid] = {"title": f"Source {sid}", "publisher": "P", "url": url}
    ids = sorted(urls)
    for n, series in enumerate(tiny["countries"]["AAA"]["indicators"].values()):
        series[0]["source"] = ids[n % len(ids)]
    path = tmp_path / "urls.json"
    path.write_text(json.dumps(tiny))
    for fmt in ("bibtex", "csl-json", "text"):
        assert main(["cite", "--data", str(path), "--format", fmt]) == 0
        out = capsys.readouterr().out
        for bad in ("javascript", "JavaScript", "data:", "ftp:"):
            assert bad not in out, (fmt, bad)
        assert "https://example.org/data" in out and out.count("Address left out") == 4
    items = {r.id: r.model_dump() for r in hedgecli.cite(data=path)}
    assert items["ok"]["URL"] == "https://example.org/data" and "URL" not in items["t"]
    assert items["t"]["note"] == "Address left out: only http and https addresses are cited."


def test_huge_values_print_in_scientific_notation(tmp_path, capsys, tiny):
    """Row 13: 1e308 printed as a 309-digit number with commas, widening explain's table."""
    tiny["countries"]["AAA"]["indicators"]["security.us_troops"][0]["values"]["2020"] = 1e308
    path = tmp_path / "huge.json"
    path.write_text(json.dumps(tiny))
    for args in (["explain", "AAA"], ["score", "AAA"], ["explain", "AAA", "--format", "markdown"]):
        assert main([*args, "--data", str(path)]) == 0
        out = capsys.readouterr().out
        assert "1e+308" in out and "000,000" not in out and max(map(len, out.splitlines())) < 200, args
    assert render._num(1.5e9) == "1.5e+09" and render._num(999_999_999.0) == "999,999,999"
    assert render.to_plain(["v"], [[2.5e12]]) == "v\n2.5e+12\n"


@pytest.mark.parametrize("call, args", [
    (lambda h: h.heatmap(scenario="examples/troops-leave-europe.toml"),
     ["heatmap", "--scenario", "examples/troops-leave-europe.toml"]),
    (lambda h: h.scores(["germany", "nato"], scenario="examples/troops-leave-europe.toml"),
     ["score", "germany", "nato", "--scenario", "examples/troops-leave-europe.toml"]),
    (lambda h: h.heatmap(uncertainty=True, draws=100), ["heatmap", "--uncertainty", "--draws", "100"]),
    (lambda h: h.what_if("germany", {"security.us_troops": 0}), ["score", "germany", "--set", "security.us_troops=0"]),
    (lambda h: h.explain("japan"), ["explain", "japan"]),
    (lambda h: h.compare(["germany", "japan"]), ["compare", "germany", "japan"]),
    (lambda h: h.trend(["japan", "korea"], since=2015), ["trend", "japan", "korea", "--since", "2015"]),
    (lambda h: h.drift(), ["drift"]),
    (lambda h: h.diff(methods=["v1", "v2"]), ["diff", "--method", "v1", "--method", "v2"]),
    (lambda h: h.sources(), ["sources"]),
    (lambda h: h.entities(), ["list"]),
    (lambda h: h.presets(), ["method", "list"]),
    (lambda h: h.sensitivity(draws=100), ["sensitivity", "--draws", "100"]),
], ids=lambda x: " ".join(x) if isinstance(x, list) else "")
def test_to_pandas_gives_the_csv_rows_and_columns(call, args):
    """Row 7: to_pandas of a scenario's heat map was one row of scenario metadata; the CSV has
    a row per country and group."""
    pandas = pytest.importorskip("pandas")
    import hedgecli

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    cwd = os.getcwd()
    os.chdir(root)  # the examples' paths
    try:
        frame = hedgecli.to_pandas(call(hedgecli))
        done = runner.invoke(app, [*args, "--format", "csv"])
    finally:
        os.chdir(cwd)
    assert done.exit_code == 0, done.stderr
    csv_frame = pandas.read_csv(io.StringIO(done.stdout), keep_default_na=False)
    assert list(frame.columns) == list(csv_frame.columns) and len(frame) == len(csv_frame) >= 1
    assert [str(v) for v in frame.iloc[:, 0]] == [str(v) for v in csv_frame.iloc[:, 0]]


def test_explain_under_a_gdp_of_1e308_finds_its_levers(tmp_path):
    """Found with row 1: a goalpost times a GDP of 1e308 is inf, and the lever search bisected
    towards it for ever (and (a + b) / 2 near 1e308 overflows too)."""
    scenario = tmp_path / "g.toml"
    scenario.write_text('[[change]]\nindicator = "economy.gdp"\ncountries = ["Germany"]\nset = 1e308\n')
    done = subprocess.run(HEDGE + ["explain", "germany", "--scenario", str(scenario), "--format", "json"],
                          capture_output=True, text=True, timeout=300)  # the timeout only stops a hang
    assert done.returncode == 0, done.stderr
    moves = json.loads(done.stdout, parse_constant=_refuse_constant)["hedging"]["moves"]
    # the search ends: trade with China is weighed as a lever (under v3 no finite trade reaches a
    # level against a GDP of 1e308, so its value may be none), and other levers are found
    assert moves and any(lv["indicator"] == "trade.china_trade" for m in moves for lv in m["levers"])
