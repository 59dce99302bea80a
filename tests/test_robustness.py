"""Hostile input never breaks hedge: a correct result, or one line on stderr and a documented code."""

import contextlib
import copy
import hashlib
import io
import json
import math
import os
import subprocess
import sys

import pytest

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hedgecli import method, render
from hedgecli.cli import main
from hedgecli.data import shipped_path
from hedgecli.method import LEVELS

from .conftest import tiny_raw

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def run(args, stdin: bytes | None = None):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        if stdin is not None:
            import sys

            old = sys.stdin
            sys.stdin = io.TextIOWrapper(io.BytesIO(stdin))
            try:
                code = main(args)
            finally:
                sys.stdin = old
        else:
            code = main(args)
    return code, out.getvalue(), err.getvalue()


def assert_clean(code, out, err):
    """Either success, or exactly one error line with exit 1 or 2, and never a traceback."""
    assert "Traceback" not in err and "Traceback" not in out
    if code == 0:
        return
    assert code in (1, 2), (code, err)
    assert err.startswith("hedge: error: ") and err.count("\n") == 1, err


scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12), st.floats(allow_nan=True),
                    st.text(max_size=20), st.lists(st.integers(), max_size=3), st.just({}))


def mutate(draw, data):
    """A few random edits anywhere in a nested structure of dicts and lists (in place)."""
    for _ in range(draw(st.integers(1, 3))):
        node, path = data, []
        while isinstance(node, (dict, list)) and node and draw(st.booleans()):
            key = draw(st.sampled_from(sorted(node) if isinstance(node, dict) else list(range(len(node)))))
            path.append((node, key))
            node = node[key]
        if not path:
            continue
        parent, key = path[-1]
        action = draw(st.sampled_from(["delete", "replace", "duplicate"]))
        if action == "delete" and isinstance(parent, dict):
            del parent[key]
        elif action == "duplicate" and isinstance(parent, dict):
            parent[str(key) + "X"] = copy.deepcopy(parent[key])
        else:
            parent[key] = draw(scalars)
    return data


@st.composite
def mutated_files(draw):
    """The tiny valid file with a few random edits anywhere in it."""
    data = mutate(draw, copy.deepcopy(tiny_raw()))
    text = json.dumps(data, allow_nan=True)
    return text.encode() if draw(st.booleans()) else text.encode("utf-16")[: draw(st.integers(0, 10**6))]


@SETTINGS
@given(payload=mutated_files(), command=st.sampled_from([
    ["heatmap", "--format", "json"], ["score", "AAA", "--format", "csv"], ["explain", "alphaland"],
    ["trend", "GRP", "--format", "ndjson"], ["trend", "AAA", "--format", "csv"], ["drift", "--format", "csv"],
    ["heatmap", "--uncertainty", "--draws", "100"]]))
def test_any_mutated_data_file_gives_a_result_or_one_line(payload, command):
    code, out, err = run([*command, "--data", "-"], stdin=payload)
    assert_clean(code, out, err)
    if code == 0 and "--format" in command and command[-1] == "json":
        for row in json.loads(out):
            for key in ("hedging_score", "reversal_score"):
                assert row[key] is None or 0 <= row[key] <= 100
            assert row["hedging_level"] in (None, *LEVELS)


def _places(node):
    """(parent, key) of every value in a nested structure, at every depth."""
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, child in list(items):
        yield node, key
        yield from _places(child)


@st.composite
def mutated_methods(draw):
    """The default method as a table (what a TOML file parses to), with one to three values,
    picked at any depth alike, replaced by a random scalar or deleted."""
    table = method.to_table(method.default())
    for _ in range(draw(st.integers(1, 3))):
        parent, key = draw(st.sampled_from(list(_places(table))))
        if isinstance(parent, dict) and draw(st.booleans()):
            del parent[key]
        else:
            parent[key] = draw(scalars)
    return table


@SETTINGS
@given(table=mutated_methods())
def test_any_method_table_is_a_method_or_an_error_naming_the_key(table):
    """Whatever a TOML file holds where (a number where a table belongs, a list, a string):
    the method or a MethodError, never another exception."""
    try:
        method.from_table(table)
    except method.MethodError as exc:
        assert str(exc) and "\n" not in str(exc)


words = st.sampled_from(["heatmap", "score", "list", "explain", "compare", "trend", "drift", "sources",
                         "method", "show", "data", "validate", "schema", "template", "sensitivity",
                         "germany", "DE", "korea", "asean", "atlantis", "--format", "json", "csv",
                         "ndjson", "markdown", "nonsense", "--year", "2015", "1800", "abc", "--since", "--set",
                         "trade.china_tilt=0.6", "x=1", "--draws", "5", "0", "-1", "--seed", "--uncertainty", "--data",
                         "/nonexistent", "/", "--method", "--output", "--no-color", "--help", "-f", ""])


@SETTINGS
@given(args=st.lists(words, max_size=6))
def test_any_argument_list_gives_a_result_or_one_line(args):
    if "--output" in args:
        return  # writing files is tested on its own with temporary paths
    code, out, err = run(args)
    assert_clean(code, out, err)


def test_hostile_names_are_shown_as_text_not_markup_or_escapes():
    evil = "[red]Evil[/red][link=http://x.invalid]click[/link]\x1b[31mRED\x07"
    table = render.rich_table("t", ["Country", "Hedging"], [[evil, "High"]], {1}, color=True)
    assert "[red]Evil[/red]" in table and "[link=http://x.invalid]" in table
    assert "\x1b[31mRED" not in table and "\x07" not in table
    plain = render.to_plain(["Country"], [[evil]])
    assert "\x1b" not in plain and "[red]Evil[/red]" in plain
    assert "\x1b" not in render.to_markdown(["Country"], [[evil]])


def test_csv_neutralises_formulas_and_escapes():
    text = render.to_csv([{"name": "=HYPERLINK(\"http://x\")"}, {"name": "+1"}, {"name": "@SUM(A1)"},
                          {"name": "-2"}, {"name": "ok\x1b[2J"}])
    assert "'=HYPERLINK" in text and "\n'+1" in text and "\n'@SUM" in text and "\n'-2" in text
    assert "\x1b" not in text


def test_hostile_country_code_in_an_error_is_shown_as_text(tmp_path):
    data = tiny_raw()
    data["countries"]["\x1b[31mEVIL"] = data["countries"].pop("BBB")
    path = tmp_path / "evil.json"
    path.write_text(json.dumps(data))
    code, out, err = run(["heatmap", "--data", str(path)])
    assert code == 1 and "\x1b" not in err and "[31mEVIL" in err


def test_a_50_mb_file_is_handled(tmp_path):
    data = tiny_raw()
    data["countries"]["AAA"]["indicators"]["trade.china_tilt"][0]["note"] = "x" * 50_000_000
    path = tmp_path / "big.json"
    path.write_text(json.dumps(data))
    code, out, err = run(["score", "AAA", "--data", str(path), "--format", "json"])
    assert code == 0 and json.loads(out)["code"] == "AAA"


def test_no_command_modifies_the_input_data(tmp_path):
    digest = hashlib.sha256(shipped_path().read_bytes()).hexdigest()
    for args in (["heatmap"], ["score", "germany", "--set", "security.us_troops=0"], ["explain", "uk"],
                 ["trend", "japan"], ["data", "validate", str(shipped_path())]):
        run(args)
    assert hashlib.sha256(shipped_path().read_bytes()).hexdigest() == digest


@SETTINGS
@given(values=st.lists(st.floats(0, 1), min_size=8, max_size=8), troops=st.floats(0, 1e6),
       money=st.floats(0, 1e7))
def test_scores_stay_within_0_100_for_any_valid_values(values, troops, money):
    data = tiny_raw()
    inds = data["countries"]["AAA"]["indicators"]
    shares = ["trade.china_tilt", "security.us_arms_share", "political.un_alignment"]
    for name, v in zip(shares, values):
        inds[name][0]["values"] = {"2010": values[-1], "2020": v}
    inds["security.us_troops"][0]["values"] = {"2020": troops}
    inds["tech.china_tech_investment"][0]["values"] = {"2020": money}
    code, out, err = run(["score", "AAA", "--format", "json", "--data", "-"], stdin=json.dumps(data).encode())
    assert code == 0, err
    rec = json.loads(out)
    for v in (rec["hedging_score"], rec["reversal_score"], *rec["pillars"].values()):
        assert v is None or (0 <= v <= 100 and not math.isnan(v))


def test_duplicate_countries_are_an_error_not_silently_merged(tmp_path):
    text = json.dumps(tiny_raw())
    dup = text.replace('"BBB": {', '"AAA": {"name": "Again", "indicators": {}}, "BBB": {', 1)
    path = tmp_path / "dup.json"
    path.write_text(dup)
    code, out, err = run(["heatmap", "--data", str(path)])
    assert code == 1 and "'AAA' appears twice" in err


def test_absurd_values_are_named(tmp_path):
    data = tiny_raw()
    data["countries"]["AAA"]["indicators"]["security.us_troops"][0]["values"]["2020"] = -5
    data["countries"]["AAA"]["indicators"]["trade.china_tilt"][0]["values"]["2020"] = 5
    data["countries"]["AAA"]["indicators"]["tech.huawei_5g"][0]["values"]["2020"] = 0.7
    path = tmp_path / "absurd.json"
    path.write_text(json.dumps(data))
    code, out, err = run(["data", "validate", str(path)])
    assert code == 1 and err == f"hedge: error: {path}: 3 problems\n"
    assert "security.us_troops, 2020: value -5 is out of range" in out
    assert "trade.china_tilt, 2020: value 5 is out of range" in out
    assert "tech.huawei_5g, 2020: value 0.7 is not one of the codes 0, 0.5, 1" in out


def test_hostile_names_in_every_human_output(tmp_path):
    data = tiny_raw()
    data["countries"]["AAA"]["name"] = "Evil\x1b[2J\x1b]8;;http://x.invalid\x07land"
    path = tmp_path / "evil.json"
    path.write_text(json.dumps(data))
    for args in (["score", "AAA"], ["heatmap"], ["compare", "AAA", "BBB"], ["trend", "AAA"], ["explain", "AAA"],
                 ["heatmap", "--format", "markdown"], ["heatmap", "--format", "csv"], ["list"]):
        code, out, err = run([*args, "--data", str(path)])
        assert code == 0, (args, err)
        assert "\x1b" not in out and "\x07" not in out, args


# ---- a hostile environment: where stdout goes, and in what encoding

def hedge(args, **kwargs):
    return subprocess.run([sys.executable, "-m", "hedgecli", *args], capture_output=True, **kwargs)


def test_output_is_utf8_whatever_the_locale_encoding():
    env = dict(os.environ, PYTHONIOENCODING="cp1252")  # a Windows pipe: no ı (in the sources), no sparklines
    sources = hedge(["sources", "--format", "json"], env=env)
    assert sources.returncode == 0, sources.stderr
    assert json.loads(sources.stdout.decode("utf-8")) == json.loads(run(["sources", "--format", "json"])[1])
    trend = hedge(["trend", "germany"], env=env)
    assert trend.returncode == 0, trend.stderr
    assert set(render.SPARKS) & set(trend.stdout.decode("utf-8"))


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_disk_is_one_line_not_a_traceback():
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "hedgecli", "heatmap", "--format", "json"],
                              stdout=full, stderr=subprocess.PIPE, text=True)
    assert done.returncode == 1 and done.stderr == "hedge: error: cannot write output: No space left on device\n"


def test_a_reader_that_goes_away_is_not_an_error_message():
    proc = subprocess.Popen([sys.executable, "-m", "hedgecli", "heatmap", "--uncertainty", "--draws", "100"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.read(1)
    proc.stdout.close()  # like `| head -c 1`
    assert proc.wait() in (0, 1) and proc.stderr.read() == b""
