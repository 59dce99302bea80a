import importlib.util
import json
import os
import subprocess
import sys
import zipfile

import pytest

from hedgecli import data, models
from hedgecli.build import main as build_data
from hedgecli.fileio import write_atomic

from .conftest import RAW, ROOT, errors


def test_shipped_file_is_valid(shipped_raw):
    assert models.problems(shipped_raw) == []


def test_shipped_digest_matches_so_start_up_may_skip_validation():
    path = data.shipped_path()
    digest = path.with_name(path.name + data.CHECKSUM_SUFFIX).read_text().strip()
    assert data.checksum(path.read_bytes()) == digest


def test_an_edited_shipped_file_is_validated_again(tmp_path, monkeypatch, shipped_raw):
    """A file whose digest no longer matches is not trusted: validation catches the edit."""
    broken = json.loads(json.dumps(shipped_raw))
    broken["countries"]["DEU"]["indicators"]["security.us_troops"][0]["values"]["2020"] = -1e400
    path = tmp_path / "indicators.json"
    path.write_text(json.dumps(broken).replace("-Infinity", '"oops"'))
    (tmp_path / ("indicators.json" + data.CHECKSUM_SUFFIX)).write_text(data.checksum(json.dumps(shipped_raw).encode()))
    monkeypatch.setattr(data, "shipped_path", lambda: path)
    with pytest.raises(data.DataError, match="country DEU"):
        data.load(str(path))


def test_the_start_up_twin_holds_the_same_data_as_the_shipped_file(shipped, monkeypatch):
    """With no --data, hedge reads the twin (build/compact.py): every question gets the answer
    the full file gives."""
    monkeypatch.delenv(data.ENV_VAR, raising=False)
    twin = data.load()
    assert isinstance(twin.sources, data._Lines)  # the twin, not the full file
    assert twin.origin == shipped.origin
    assert twin.entities == shipped.entities and twin.indicators == shipped.indicators
    assert dict(twin.sources) == shipped.sources
    assert (twin.first_year, twin.last_year) == (shipped.first_year, shipped.last_year)
    assert twin.latest_common_year() == shipped.latest_common_year()
    assert all(twin.span(ind) == shipped.span(ind) for ind in shipped.indicators)
    assert twin.source_usage() == shipped.source_usage()
    for code in shipped.entities:
        for ind in shipped.indicators:
            for year in range(shipped.first_year, shipped.last_year + 1, 3):
                assert twin.observation(code, ind, year) == shipped.observation(code, ind, year)


def test_commands_print_the_same_from_the_twin_and_from_the_full_file(capsys, monkeypatch):
    from hedgecli.cli import main

    monkeypatch.delenv(data.ENV_VAR, raising=False)
    for args in (["score", "germany", "eu", "--format", "json"], ["heatmap", "--format", "csv"],
                 ["sources", "--format", "json"], ["list", "--format", "json"]):
        assert main(args) == 0
        twin = capsys.readouterr().out
        assert main([*args, "--data", str(data.shipped_path())]) == 0
        assert capsys.readouterr().out == twin, args


def test_score_reads_only_the_country_it_is_asked_for(monkeypatch):
    from hedgecli import queries

    monkeypatch.delenv(data.ENV_VAR, raising=False)
    ctx = queries.context()
    queries.scores(ctx, queries.codes_of(ctx, "germany"))
    assert list(ctx.dataset._by_country._parsed) == ["DEU"]


def _copy_shipped(tmp_path, monkeypatch):
    for name in (data.FILENAME, data.TWIN):
        for suffix in ("", data.CHECKSUM_SUFFIX):
            (tmp_path / (name + suffix)).write_bytes((ROOT / "data" / (name + suffix)).read_bytes())
    monkeypatch.setattr(data, "shipped_path", lambda: tmp_path / data.FILENAME)
    monkeypatch.delenv(data.ENV_VAR, raising=False)
    return tmp_path / data.FILENAME


def test_the_twin_is_not_read_once_the_shipped_file_is_edited(tmp_path, monkeypatch, shipped_raw):
    """An edit to indicators.json is read (and validated), not hidden behind the older twin."""
    path = _copy_shipped(tmp_path, monkeypatch)
    assert isinstance(data.load().sources, data._Lines)
    broken = json.loads(json.dumps(shipped_raw))
    broken["countries"]["DEU"]["indicators"]["security.us_troops"][0]["values"]["2020"] = -5
    path.write_text(json.dumps(broken))
    with pytest.raises(data.DataError, match="country DEU"):
        data.load()


def test_an_edited_twin_is_not_read(tmp_path, monkeypatch):
    path = _copy_shipped(tmp_path, monkeypatch)
    twin = path.with_name(data.TWIN)
    twin.write_bytes(twin.read_bytes().replace(b'"Germany"', b'"Germanz"'))
    dataset = data.load()
    assert not isinstance(dataset.sources, data._Lines) and dataset.entities["DEU"].name == "Germany"


def test_coverage_of_countries_and_groups(shipped):
    codes = {e.code for e in shipped.countries}
    assert len(codes) >= 40
    assert {"DEU", "FRA", "JPN", "KOR", "GBR", "TUR", "HUN", "POL", "AUS", "IND"} <= codes
    assert {g.code for g in shipped.groups} >= {"ASEAN", "NATO", "EU", "G7"}


@pytest.mark.skipif(not RAW.is_dir(), reason="raw public datasets (shared/data-raw, or HEDGE_RAW) not present")
def test_build_from_raw_reproduces_the_committed_files_exactly(tmp_path):
    """data/indicators.json, its checksum, its start-up twin, data/validation.json and data/geometry.json are what
    the build makes from the public files and the events table: no hand edits, byte for byte."""
    out = tmp_path / "indicators.json"
    assert build_data.main(["--raw", str(RAW), "--events", str(ROOT / "data" / "events.csv"), "--out", str(out)]) == 0
    for name in ("indicators.json", "indicators.json" + data.CHECKSUM_SUFFIX, data.TWIN, data.TWIN + data.CHECKSUM_SUFFIX,
                 "validation.json", "geometry.json"):
        assert (tmp_path / name).read_bytes() == (ROOT / "data" / name).read_bytes(), name


def test_the_wheel_ships_the_committed_data_and_its_digest(tmp_path):
    """A wheel install reads hedgecli/data/indicators.json: it must be data/indicators.json,
    byte for byte, with the digest that lets start-up skip validation."""
    isolation = [] if importlib.util.find_spec("hatchling") is None else ["--no-build-isolation"]
    try:
        built = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-cache-dir", *isolation,
             "--timeout", "10", "--retries", "0", "-w", str(tmp_path), str(ROOT)],
            capture_output=True, text=True, timeout=300, env=dict(os.environ, PIP_NO_INPUT="1"))
    except (OSError, subprocess.TimeoutExpired) as exc:
        pytest.skip(f"cannot build a wheel here: {exc}")
    wheels = list(tmp_path.glob("hedgecli-*.whl"))
    if built.returncode != 0 or not wheels:  # offline without the build backend (hatchling)
        pytest.skip("cannot build a wheel here: " + (built.stderr.strip().splitlines() or ["?"])[-1])
    with zipfile.ZipFile(wheels[0]) as wheel:
        packaged = wheel.read("hedgecli/data/indicators.json")
        digest = wheel.read("hedgecli/data/indicators.json.crc32").decode("ascii").strip()
        geometry = wheel.read("hedgecli/data/geometry.json")
        twin = wheel.read(f"hedgecli/data/{data.TWIN}")
    assert packaged == (ROOT / "data" / "indicators.json").read_bytes()
    assert twin == (ROOT / "data" / data.TWIN).read_bytes()  # what start-up reads
    assert geometry == (ROOT / "data" / "geometry.json").read_bytes()  # hedge map's outlines
    assert digest == data.checksum(packaged)


def test_atomic_write_failure_leaves_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "out.json"
    target.write_text("old")

    def explode(*args):
        raise OSError("disk full")

    monkeypatch.setattr("os.replace", explode)
    with pytest.raises(OSError):
        write_atomic(target, b"new")
    assert target.read_text() == "old"
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left behind


def test_the_default_year_counts_only_the_indicators_scored(tiny):
    from hedgecli.dataset import Dataset

    # a long historical series the method does not score must not move the default year
    for code in ("AAA", "BBB"):
        tiny["countries"][code]["indicators"]["trade.china_share"] = [
            {"source": "t", "unit": "share", "values": {str(y): 0.1 for y in range(2000, 2006)}}]
    tiny["indicators"]["trade.china_share"] = {"name": "s", "pillar": "trade", "unit": "share", "description": "s"}
    scored = {"trade.china_tilt", "political.un_alignment"}
    data = Dataset(tiny, "tiny")
    assert data.latest_common_year(scored) == 2020
    assert data.latest_common_year({"trade.china_share"}) == 2005


# ---- what a data file may say: JSON is strict, CSV is text the reader converts


def _series(raw: dict) -> dict:
    return raw["countries"]["AAA"]["indicators"]["trade.china_tilt"][0]


@pytest.mark.parametrize("edit, message", [
    (lambda v: v.update({"02020": 0.1}), "year '02020' is not a four-digit year"),
    (lambda v: v.update({"20201": 0.1}), "year '20201' is not a four-digit year"),
    (lambda v: v.update({" 2021": 0.1}), "year ' 2021' is not a four-digit year"),
    (lambda v: v.update({"2020": "0.9"}), 'value for 2020 is not a valid number (text in quotes: "0.9")'),
    (lambda v: v.update({"2020": True}), "value for 2020 is not a valid number (true/false: true)"),
    (lambda v: v.update({"2020": None}), "value for 2020 is not a valid number (null: null)"),
])
def test_year_keys_are_four_digits_and_values_are_json_numbers(tiny, edit, message):
    edit(_series(tiny)["values"])
    assert models.problems(tiny) == [f"country AAA, indicators.trade.china_tilt.0.values: {message}"]


def test_two_spellings_of_one_year_do_not_merge(tmp_path, capsys, tiny):
    """'2020' and '02020' used to become the same year, the last one silently winning."""
    _series(tiny)["values"].update({"02020": 0.1})
    path = tmp_path / "f.json"
    path.write_text(json.dumps(tiny))
    code, err = errors(["heatmap", "--data", str(path)], capsys)
    assert code == 1 and "year '02020' is not a four-digit year" in err


def test_valid_numbers_and_the_dump_are_unchanged(tiny):
    _series(tiny)["values"] = {"2019": 1, "2020": 0.5}
    dumped = models.validate(tiny, "tiny")
    assert dumped["countries"]["AAA"]["indicators"]["trade.china_tilt"][0]["values"] == {"2019": 1.0, "2020": 0.5}


def test_a_member_listed_twice_is_a_problem_naming_group_and_member(tiny):
    tiny["groups"]["GRP"]["members"] = ["AAA", "AAA", "BBB"]
    assert models.problems(tiny) == ["group GRP: member AAA is listed more than once (it would count twice in the mean)"]


def test_a_json_file_with_a_byte_order_mark_is_read(tmp_path, tiny):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(tiny).encode())
    assert data.load(str(path)).entities["AAA"].name == "Alphaland"

