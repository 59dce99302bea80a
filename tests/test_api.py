"""The Python API: the same answers as the command line, as models; errors as HedgeError.

Every public function is checked against the JSON its command prints (one code path, so they
must agree key for key); the import stays cheap; to_pandas gives the CSV's columns.
"""

import csv
import io
import json
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import hedgecli
from hedgecli.cli import main


def cli_json(capsys, args: list[str]):
    assert main(args + ["--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def dump(result):
    return [r.model_dump() for r in result] if isinstance(result, list) else result.model_dump()


# (what the API is called with, the command line giving the same answer)
SAME = [
    (lambda: hedgecli.heatmap(), ["heatmap"]),
    (lambda: hedgecli.heatmap(2015, method="v1"), ["heatmap", "--year", "2015", "--method", "v1"]),
    (lambda: hedgecli.heatmap(uncertainty=True, draws=200, seed=3),
     ["heatmap", "--uncertainty", "--draws", "200", "--seed", "3"]),
    (lambda: hedgecli.score("germany"), ["score", "germany"]),
    (lambda: hedgecli.score("ASEAN", 2020), ["score", "ASEAN", "--year", "2020"]),
    (lambda: hedgecli.scores(["japan", "KOR", "japan"]), ["score", "japan", "KOR", "japan"]),
    (lambda: hedgecli.what_if("germany", {"security.us_troops": 0}),
     ["score", "germany", "--set", "security.us_troops=0"]),
    (lambda: hedgecli.explain("hungary"), ["explain", "hungary"]),
    (lambda: hedgecli.compare(["germany", "france", "uk"]), ["compare", "germany", "france", "uk"]),
    (lambda: hedgecli.trend("japan", since=2010), ["trend", "japan", "--since", "2010"]),
    (lambda: hedgecli.drift(since=2014, by="hedging"), ["drift", "--since", "2014", "--by", "hedging"]),
    (lambda: hedgecli.sources(), ["sources"]),
    (lambda: hedgecli.entities(), ["list"]),
    (lambda: hedgecli.presets(), ["method", "list"]),
    (lambda: hedgecli.sensitivity(draws=100), ["sensitivity", "--draws", "100"]),
    (lambda: hedgecli.validate(draws=100), ["validate", "--draws", "100"]),
    (lambda: hedgecli.diff(methods=["v1", "v2"]), ["diff", "--method", "v1", "--method", "v2"]),
]


@pytest.mark.parametrize("call, args", SAME, ids=[" ".join(a) for _, a in SAME])
def test_every_function_gives_what_its_command_prints(call, args, capsys):
    assert dump(call()) == cli_json(capsys, args)


def test_a_dump_is_the_printed_json_byte_for_byte(capsys):
    # the same keys in the same order: a notebook's json.dumps matches the file a script saved
    assert main(["score", "germany", "--format", "json"]) == 0
    printed = capsys.readouterr().out
    assert json.dumps(hedgecli.score("germany").model_dump(), indent=2, ensure_ascii=False) + "\n" == printed


def test_the_fields_a_notebook_reads():
    de = hedgecli.score("DE")  # codes and aliases as on the command line
    assert de.code == "DEU" and de.kind == "country"
    assert de.hedging_level == de.level_of("hedging") and de.reversal_score == de.score_of("reversal")
    assert set(de.pillars) >= {"trade", "anchor"}
    assert all(i.source for i in de.indicators if i.value is not None)
    group = hedgecli.score("asean")
    assert group.indicators is None and group.members and "indicators" not in group.model_dump()
    section = hedgecli.explain("japan").explained("reversal")
    assert section.contributions and all(c.points is not None for c in section.contributions if c.score is not None)


def test_a_users_data_and_method_file(tiny_file, tmp_path, capsys):
    method = tmp_path / "strict.toml"
    method.write_text('base = "v2"\n[constructs.reversal.parts]\nexposure = 3\n', encoding="utf-8")
    got = hedgecli.heatmap(data=str(tiny_file), method=str(method))
    assert [r.code for r in got] == ["GRP", "AAA", "BBB"]
    assert {r.method for r in got} == {"v2+strict"}
    assert dump(got) == cli_json(capsys, ["heatmap", "--data", str(tiny_file), "--method", str(method)])


@pytest.mark.parametrize("call, args", [
    (lambda: hedgecli.score("germny"), ["score", "germny"]),
    (lambda: hedgecli.score("germany", 1990), ["score", "germany", "--year", "1990"]),
    (lambda: hedgecli.heatmap(method="v9"), ["heatmap", "--method", "v9"]),
    (lambda: hedgecli.heatmap(data="/nonexistent/mine.json"), ["heatmap", "--data", "/nonexistent/mine.json"]),
    (lambda: hedgecli.explain("asean"), ["explain", "asean"]),
    (lambda: hedgecli.compare(["japan", "JPN"]), ["compare", "japan", "JPN"]),
    (lambda: hedgecli.what_if("germany", {"trade.china_tilt": 7}), ["score", "germany", "--set", "trade.china_tilt=7"]),
    (lambda: hedgecli.drift(since=2030), ["drift", "--since", "2030"]),
    (lambda: hedgecli.diff(), ["diff"]),
], ids=lambda v: " ".join(v) if isinstance(v, list) else "")
def test_errors_are_hedge_errors_with_the_command_lines_message(call, args, capsys):
    with pytest.raises(hedgecli.HedgeError) as caught:
        call()
    main(args)
    assert capsys.readouterr().err == f"hedge: error: {caught.value}\n"


@pytest.mark.parametrize("kwargs", [{"draws": 5}, {"draws": 10**7}, {"draws": 2.5}, {"seed": -1}])
def test_monte_carlo_settings_are_checked_as_on_the_command_line(kwargs):
    with pytest.raises(hedgecli.HedgeError, match="draws|seed"):
        hedgecli.heatmap(uncertainty=True, **kwargs)


def test_a_wrong_argument_shape_is_a_hedge_error_not_a_surprise():
    with pytest.raises(hedgecli.HedgeError, match="list"):
        hedgecli.scores("germany")
    with pytest.raises(hedgecli.HedgeError, match="list"):
        hedgecli.diff(methods="v1")
    with pytest.raises(hedgecli.HedgeError, match="no score 'hedgin'"):
        hedgecli.score("germany").level_of("hedgin")


def test_importing_hedgecli_loads_nothing_heavy():
    code = ("import sys, hedgecli; heavy = ('rich', 'numpy', 'pydantic', 'matplotlib', 'pandas', 'typer');"
            "print(sorted({m.split('.')[0] for m in sys.modules} & set(heavy)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_every_public_name_is_the_function_even_with_every_module_loaded():
    # a submodule named like a function (hedgecli.countries) would shadow it once imported
    import importlib
    import pkgutil

    for module in pkgutil.iter_modules(hedgecli.__path__):
        if not module.name.startswith(("build", "__main__")):
            importlib.import_module(f"hedgecli.{module.name}")
    for name in hedgecli.__all__:
        if name != "__version__":
            assert callable(getattr(hedgecli, name)) and not isinstance(getattr(hedgecli, name), type(sys)), name


def test_unknown_attributes_are_attribute_errors():
    with pytest.raises(AttributeError):
        hedgecli.heatmapp  # noqa: B018
    assert "heatmap" in dir(hedgecli)


@pytest.mark.parametrize("call, args", [
    (lambda: hedgecli.heatmap(), ["heatmap"]),
    (lambda: hedgecli.explain("japan"), ["explain", "japan"]),
    (lambda: hedgecli.what_if("japan", {"security.us_troops": 0}), ["score", "japan", "--set", "security.us_troops=0"]),
    (lambda: hedgecli.drift(), ["drift"]),
], ids=lambda v: " ".join(v) if isinstance(v, list) else "")
def test_to_pandas_has_the_csv_columns_and_values(call, args, capsys):
    pandas = pytest.importorskip("pandas")
    frame = hedgecli.to_pandas(call())
    assert isinstance(frame, pandas.DataFrame)
    assert main(args + ["--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert list(frame.columns) == list(rows[0]) and len(frame) == len(rows)
    for column in frame.columns:
        if column.endswith(("_score", "_slope", "points")):
            got = [None if pandas.isna(v) else round(float(v), 6) for v in frame[column]]
            assert got == [round(float(r[column]), 6) if r[column] else None for r in rows]


def test_to_pandas_without_pandas_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now raises ImportError
    with pytest.raises(hedgecli.HedgeError, match="pip install pandas"):
        hedgecli.to_pandas(hedgecli.presets())


HEATMAPS: dict = {}


def _heatmap(year: int) -> dict:
    if year not in HEATMAPS:
        HEATMAPS[year] = {r.code: r for r in hedgecli.heatmap(year)}
    return HEATMAPS[year]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(year=st.integers(2012, 2024), pick=st.integers(0, 10_000))
def test_score_of_any_country_and_year_is_its_heatmap_row(year, pick):
    rows = _heatmap(year)
    code = sorted(rows)[pick % len(rows)]
    assert hedgecli.score(code, year).model_dump() == rows[code].model_dump()


@settings(max_examples=25, deadline=None)
@given(troops=st.integers(0, 200_000), arms=st.floats(0, 1), pick=st.integers(0, 10_000))
def test_a_what_if_starts_from_the_score_and_stays_on_the_scale(troops, arms, pick):
    rows = _heatmap(2024)
    countries = sorted(c for c, r in rows.items() if r.kind == "country")
    code = countries[pick % len(countries)]
    result = hedgecli.what_if(code, {"security.us_troops": troops, "security.us_arms_share_stock": arms})
    assert result.before.model_dump() == rows[code].model_dump()
    for construct in ("hedging", "reversal"):
        after = result.after.score_of(construct)
        assert after is None or 0 <= after <= 100
    assert {i.source for i in result.after.indicators if i.indicator in result.set} == {"what-if"}


@pytest.mark.parametrize("call", [
    lambda: hedgecli.score("japan", year="2024"),
    lambda: hedgecli.score("japan", year=2024.5),
    lambda: hedgecli.score("japan", year=True),
    lambda: hedgecli.score(None),
    lambda: hedgecli.score(392),
    lambda: hedgecli.scores([]),
    lambda: hedgecli.heatmap(groups=[1]),
    lambda: hedgecli.heatmap(groups={"Quad": ["AUS"]}),
    lambda: hedgecli.trend("japan", since="2010"),
    lambda: hedgecli.drift(since=2014.0),
    lambda: hedgecli.heatmap(method=2),
    lambda: hedgecli.diff(methods="v1"),
], ids=lambda f: "")
def test_wrong_argument_types_are_hedge_errors(call):
    with pytest.raises(hedgecli.HedgeError):
        call()


def test_paths_are_accepted_wherever_a_file_name_is(tmp_path):
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    result = hedgecli.heatmap(scenario=root / "examples" / "troops-leave-europe.toml")
    assert result.scenario.name == "US troops leave Europe"
    assert hedgecli.heatmap(groups=[root / "examples" / "groups.toml"])[0].code
