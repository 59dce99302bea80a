"""Every data command in every --format: parseable output, never a traceback."""

import csv
import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from hedgecli import render
from hedgecli.cli import app
from hedgecli.render import FORMATS

runner = CliRunner()

COMMANDS = [
    ["heatmap"],
    ["heatmap", "--year", "2015"],
    ["heatmap", "--uncertainty", "--draws", "100"],
    ["score", "germany"],
    ["score", "germany", "japan"],
    ["score", "asean"],
    ["score", "nato", "korea"],
    ["score", "germany", "--year", "2010"],
    ["score", "germany", "--set", "security.us_troops=0"],
    ["score", "germany", "japan", "--set", "trade.china_tilt=0.6"],
    ["score", "korea", "--uncertainty", "--draws", "100"],
    ["list"],
    ["explain", "germany"],
    ["compare", "germany", "japan", "asean"],
    ["trend", "germany"],
    ["trend", "asean"],
    ["trend", "japan", "--since", "2020"],
    ["drift"],
    ["drift", "--since", "2005"],
    ["sources"],
    ["sensitivity", "--draws", "100"],
    ["validate", "--draws", "100"],
    ["validate", "--method", "v1", "--draws", "100"],
    ["diff", "--method", "v1", "--method", "v2"],
    ["method", "list"],
]


def parses(fmt: str, text: str) -> None:
    """Raise if `text` is not valid output of the machine format `fmt`."""
    if fmt == "json":
        json.loads(text)
    elif fmt == "ndjson":
        lines = text.splitlines()
        assert lines
        for line in lines:
            assert isinstance(json.loads(line), dict)
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(text), strict=True))
        assert len(rows) >= 2, "a header and at least one row"
        assert all(len(row) == len(rows[0]) for row in rows)


def run(*args):
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_every_command_in_every_format(args, fmt):
    parses(fmt, run(*args, "--format", fmt))


@pytest.mark.parametrize("fmt", ["json", "csv", "ndjson"])
@pytest.mark.parametrize("args", [["heatmap"], ["score", "AAA", "GRP"], ["trend", "GRP"],
                                  ["compare", "AAA", "GRP"], ["explain", "BBB"], ["list"], ["sources"],
                                  ["score", "BBB", "--set", "security.us_troops=0"]], ids=" ".join)
def test_a_small_file_with_gaps_in_every_machine_format(tiny_file, args, fmt):
    parses(fmt, run(*args, "--format", fmt, "--data", str(tiny_file)))


@pytest.mark.parametrize("args", [["heatmap"], ["score", "germany", "japan"], ["score", "asean"]])
def test_score_csv_columns_are_the_documented_ones(args):
    from hedgecli.method import default

    method = default()
    header = run(*args, "--format", "csv").splitlines()[0]
    # the documented order: identity, each score and level in the method's order, each part, the note
    expected = ["code", "name", "kind", "year", "method"]
    expected += [f"{c}_{k}" for c in method.constructs for k in ("score", "level")]
    expected += [f"pillar_{p}" for p in method.parts] + ["note"]
    assert header == ",".join(expected)


def test_csv_flattens_nested_records_into_prefixed_columns():
    rows = list(csv.DictReader(io.StringIO(run("trend", "germany", "--format", "csv"))))
    assert {"year", "hedging_score", "pillar_trade", "component_hedging_engagement", "missing", "change"} <= rows[0].keys()
    listed = list(csv.DictReader(io.StringIO(run("list", "--format", "csv"))))
    asean = next(r for r in listed if r["code"] == "ASEAN")
    assert "IDN" in asean["members"].split("; ")


def test_what_if_csv_is_a_row_per_country_with_the_score_columns_before_and_after():
    rows = list(csv.DictReader(io.StringIO(run("score", "germany", "japan", "--set", "security.us_troops=0",
                                               "--format", "csv"))))
    assert [r["code"] for r in rows] == ["DEU", "JPN"]
    assert rows[0]["set_security.us_troops"] == "0.0"
    assert float(rows[0]["after_pillar_anchor"]) < float(rows[0]["before_pillar_anchor"])


def test_ndjson_lines_are_the_json_array_items():
    for args in (["heatmap"], ["drift"], ["trend", "asean"], ["sources"]):
        items = json.loads(run(*args, "--format", "json"))
        lines = run(*args, "--format", "ndjson").splitlines()
        assert [json.loads(line) for line in lines] == items, args


def test_flatten_any_record():
    rec = {"a": 1, "b": {"c": None, "d": {"e": "x"}}, "tags": ["p", "q"], "rows": [{"z": 1}], "none": None}
    assert render.flatten(rec) == {"a": 1, "b_c": None, "b_d_e": "x", "tags": "p; q", "none": None}


def test_csv_header_is_every_column_of_every_row():
    text = render.to_csv([{"code": "A", "x": 1}, {"code": "G", "members": "A B"}])
    assert text.splitlines() == ["code,x,members", "A,1,", "G,,A B"]


@pytest.mark.parametrize("fmt", ["json", "csv"])
@pytest.mark.parametrize("args", [["heatmap"], ["trend", "germany"]])
def test_output_file_in_a_machine_format_parses(tmp_path, args, fmt):
    path = tmp_path / f"out.{fmt}"
    run(*args, "--format", fmt, "--output", str(path))
    parses(fmt, path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("suffix", ["json", "csv", "ndjson"])
def test_output_file_name_picks_the_format_by_default(tmp_path, suffix):
    path = tmp_path / f"heatmap.{suffix}"
    run("heatmap", "--output", str(path))
    assert path.read_text(encoding="utf-8") == run("heatmap", "--format", suffix)


def test_numbers_that_show_as_zero_have_no_sign():
    assert render._cell(-0.04) == "0.0" and render._cell(-0.0) == "0.0" and render._cell(-0.06) == "-0.1"
    assert render._num(-0.0) == "0" and render._unsigned_zero("+0.00") == "0.00"
    assert render._unsigned_zero("+1.50") == "+1.50"
    assert json.loads(render.to_json({"a": -0.0, "b": [-0.0]})) == {"a": 0.0, "b": [0.0]}
    assert "-0.0" not in render.to_json({"a": -0.0}) + render.to_ndjson([{"a": -0.0}])
    assert render.to_csv([{"a": -0.0}]) == "a\n0.0\n"


def test_list_cells_are_joined_with_semicolons_everywhere():
    rec = {"missing": ["trade.china_tilt (change)", "tech.huawei_5g"]}
    assert render.flatten(rec) == {"missing": "trade.china_tilt (change); tech.huawei_5g"}
    assert "trade.china_tilt (change); tech.huawei_5g" in render.to_plain(["missing"], [[rec["missing"]]])


def test_markdown_titles_are_bold_and_escape_markup():
    text = render.table_text("Scores *2024* [x]", ["a"], [[1]], set(), "markdown")
    assert text.startswith("**Scores \\*2024\\* \\[x\\]**\n\n| a |")
    assert render.table_text("Scores, 2024", ["a"], [[1]], set(), "plain").startswith("Scores, 2024\na\n")


# JSON documents as hedge makes them: finite numbers, string keys, any nesting and any text
_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=30)


@settings(max_examples=300, deadline=None)
@given(_json_values)
def test_json_output_is_the_standard_indented_json_with_no_negative_zero(value):
    # the fast writer must never differ from json.dumps(indent=2), which scripts and tests assume
    assert render.to_json(value) == json.dumps(render.clean(value), indent=2, ensure_ascii=False) + "\n"
    assert json.loads(render.to_json(value)) == json.loads(json.dumps(value))


def test_a_non_finite_number_never_reaches_the_json():
    with pytest.raises(ValueError):
        render.to_json({"score": float("nan")})
