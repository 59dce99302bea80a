import hashlib
import json

import pytest

from hedgecli import build_data, data, models
from hedgecli.fileio import write_atomic

from .conftest import RAW, ROOT


def test_shipped_file_is_valid(shipped_raw):
    assert models.problems(shipped_raw) == []


def test_shipped_digest_matches_so_start_up_may_skip_validation():
    path = data.shipped_path()
    digest = path.with_name(path.name + ".sha256").read_text().strip()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


def test_an_edited_shipped_file_is_validated_again(tmp_path, monkeypatch, shipped_raw):
    """A file whose digest no longer matches is not trusted: validation catches the edit."""
    broken = json.loads(json.dumps(shipped_raw))
    broken["countries"]["DEU"]["indicators"]["security.us_troops"][0]["values"]["2020"] = -1e400
    path = tmp_path / "indicators.json"
    path.write_text(json.dumps(broken).replace("-Infinity", '"oops"'))
    (tmp_path / "indicators.json.sha256").write_text(
        hashlib.sha256(json.dumps(shipped_raw).encode()).hexdigest())
    monkeypatch.setattr(data, "shipped_path", lambda: path)
    with pytest.raises(data.DataError, match="country DEU"):
        data.load(str(path))


def test_every_value_has_a_known_source_unit_and_year(shipped_raw):
    for code, country in shipped_raw["countries"].items():
        for ind, series_list in country["indicators"].items():
            unit = shipped_raw["indicators"][ind]["unit"]
            for s in series_list:
                src = shipped_raw["sources"][s["source"]]
                assert src["title"] and src["publisher"]
                assert s["unit"] == unit and all(1900 < int(y) < 2100 for y in s["values"])


def test_coverage_of_countries_and_groups(shipped):
    codes = {e.code for e in shipped.countries}
    assert len(codes) >= 40
    assert {"DEU", "FRA", "JPN", "KOR", "GBR", "TUR", "HUN", "POL", "AUS", "IND"} <= codes
    assert {g.code for g in shipped.groups} >= {"ASEAN", "NATO", "EU", "G7"}


@pytest.mark.skipif(not RAW.is_dir(), reason="raw public datasets (shared/data-raw) not present")
def test_build_from_raw_reproduces_the_committed_file_exactly():
    """data/indicators.json is what the script makes from the public files: no hand edits."""
    built = build_data.serialise(models.validate(
        build_data.build(RAW, ROOT / "data" / "events.csv"), "built"))
    assert built == (ROOT / "data" / "indicators.json").read_bytes()


def test_the_installed_data_is_the_committed_data():
    assert data.shipped_path().read_bytes() == (ROOT / "data" / "indicators.json").read_bytes()


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
