"""scripts/validate_data.py: its statistics on known answers, its checks on small raw files."""

import csv
import io
import importlib.util
import json
import math

import pytest

from hedgecli.build import common as build_data

from .conftest import RAW, ROOT, write


def _load_script():
    # scripts/ is not a package: load the file itself, as `python scripts/validate_data.py` would
    spec = importlib.util.spec_from_file_location("validate_data", ROOT / "scripts" / "validate_data.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


vd = _load_script()


def dataset(indicator, values_by_country):
    """The part of the data file the checks read: countries -> indicator -> series of values.

    A country given no values is in the file without the indicator.
    """
    countries = {}
    for code, values in values_by_country.items():
        series = [{"values": {str(year): value for year, value in values.items()}}]
        countries[code] = {"indicators": {indicator: series} if values else {}}
    return {"indicators": {indicator: {}}, "countries": countries}


# ---------------------------------------------------------------- statistics


def test_average_ranks_share_tied_positions():
    assert vd.average_ranks([10, 20, 20, 30]) == [1, 2.5, 2.5, 4]
    assert vd.average_ranks([3, 1, 2]) == [3, 1, 2]
    assert vd.average_ranks([5, 5, 5]) == [2, 2, 2]


def test_spearman_with_ties_matches_the_scipy_documentation_example():
    # scipy.stats.spearmanr([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]) = 0.8207826816681233 = 8 / sqrt(95)
    assert vd.spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]) == pytest.approx(8 / math.sqrt(95))


def test_spearman_of_a_perfect_monotone_pair_is_one():
    x = [1, 2, 3, 4, 5]
    assert vd.spearman(x, [v ** 3 for v in x]) == pytest.approx(1.0)
    assert vd.spearman(x, [-math.exp(v) for v in x]) == pytest.approx(-1.0)


def test_pearson_known_values_and_undefined_cases():
    assert vd.pearson([1, 2, 3, 4], [1, 3, 2, 4]) == pytest.approx(0.8)
    assert vd.pearson([1, 2, 3], [2, 4, 6]) == pytest.approx(1.0)
    assert vd.pearson([1, 2, 3], [5, 5, 5]) is None  # a constant series has no correlation
    assert vd.pearson([1], [2]) is None
    assert vd.correlate([], []) == {"n": 0, "pearson": None, "spearman": None}


def test_number_reads_what_the_raw_files_hold_and_nothing_else():
    assert vd.number("1,234.5") == 1234.5
    for blank in (None, "", " ", "NA", "-", "abc", "nan", "inf"):
        assert vd.number(blank) is None


def test_the_checks_read_the_raw_files_with_the_builds_own_readers():
    # one reading of the raw files: a change to the build's (a new name in the trade file's
    # map, a new blank marker) reaches the validation, which compares against the build
    assert vd.read_rows is build_data.read_rows and vd.trade_file_code is build_data.trade_file_code
    assert build_data.number("1,234.5") == 1234.5 and build_data.number("NA") is None
    for junk in ("abc", "nan", "inf"):
        with pytest.raises(ValueError):
            build_data.number(junk)  # the build stops on it; the validation leaves the pair out


# ---------------------------------------------------------------- checks on small raw files


@pytest.fixture
def alignment_raw(tmp_path):
    raw = tmp_path / "raw"
    # agreement chosen so that agree_us / (agree_us + agree_china) = agree_us (they sum to 1)
    write(raw / "unga-voting-agreement" / "unga_agreement_us_china.csv",
          ["iso2", "country", "year", "n_votes", "agree_us", "agree_china"],
          [["DE", "Germany", 2009, 70, 0.60, 0.40], ["DE", "Germany", 2019, 70, 0.65, 0.35],
           ["FR", "France", 2009, 70, 0.50, 0.50], ["FR", "France", 2019, 70, 0.52, 0.48],
           ["JP", "Japan", 2009, 70, 0.45, 0.55], ["JP", "Japan", 2019, 70, 0.40, 0.60],
           ["JP", "Japan", 2020, 1, 0.0, 1.0],  # January 2020 only: outside the years compared
           ["NA", "Namibia", 2019, 70, 0.3, 0.7],  # not in the data file
           ["FR", "France", 2015, 70, "", 0.5]])  # a missing cell: left out
    # JPN 2019 lies beyond China (-1.5 < -1): the ratio folds there
    write(raw / "unga-ideal-points" / "unga_ideal_points_1990_2024.csv",
          ["iso3", "year", "ideal_fp"],
          [[c, y, v] for y in (2009, 2019) for c, v in (("USA", 2), ("CHN", -1), ("DEU", 1), ("FRA", 0.5))]
          + [["JPN", 2009, -0.5], ["JPN", 2019, -1.5]])
    return raw


def test_alignment_check_pairs_levels_and_changes(alignment_raw):
    data = dataset("political.un_alignment", {
        "DEU": {2009: 0.5, 2019: 0.6}, "FRA": {2009: 0.4, 2019: 0.45}, "JPN": {2009: 0.3, 2019: 0.2, 2020: 0.1}})
    result = vd.alignment_check(alignment_raw, data)
    assert result["levels"]["n"] == 6 and result["levels"]["countries"] == 3
    assert result["levels"]["spearman"] == pytest.approx(1.0)
    assert result["levels"]["within_year"]["years"] == 2 and result["levels"]["within_year"]["min"] > 0.9
    changes = result["changes"]  # +0.10/+0.05, +0.05/+0.02, -0.10/-0.05: the same order
    assert changes["n"] == 3 and changes["spearman"] == pytest.approx(1.0)
    assert changes["opposite_direction"] == []
    assert result["outside_segment"]["countries"] == {"JPN": 1}
    assert changes["on_segment_only"]["n"] == 2


def test_alignment_check_names_opposite_moves(alignment_raw):
    data = dataset("political.un_alignment", {
        "DEU": {2009: 0.6, 2019: 0.5}, "FRA": {2009: 0.4, 2019: 0.45}, "JPN": {2009: 0.3, 2019: 0.2}})
    moves = vd.alignment_check(alignment_raw, data)["changes"]["opposite_direction"]
    assert [m["country"] for m in moves] == ["DEU"]
    assert moves[0]["ideal_points"] == pytest.approx(-0.1) and moves[0]["agreement"] == pytest.approx(0.05)


def test_trade_check_compares_the_two_sources_for_the_data_files_countries(tmp_path):
    raw = tmp_path / "raw"
    write(raw / "cow-trade" / "cow_trade_v4_us_china_total_1990_2014.csv",
          ["iso3", "ccode", "year", "exp_to_us", "imp_from_us", "exp_to_chn", "imp_from_chn", "exp_total", "imp_total"],
          [["DEU", 255, 2000, 30, 10, 20, 20, 400, 600],   # tilt 0.5
           ["DEU", 255, 2001, 1, 1, 99, 99, 400, 600],     # another year: ignored
           ["FRA", 220, 2000, 60, 20, 10, 10, 400, 600],   # 0.2
           ["MMR", 775, 2000, 1, 1, 3, 3, 10, 10],         # 0.75
           ["MNE", 341, 2000, "", "", "", "", "", ""]])    # no data
    write(raw / "us-china-bilateral-trade" / "us_china_trade_2000_2024.csv",
          ["country", "year", "trade_with_us_musd", "trade_with_china_musd"],
          [["Germany", 2000, "300", "100"],                # 0.25
           ["France", 2000, "80", "20"],                   # 0.2
           ["Burma", 2000, "1", "3"],                      # the build's name map: MMR, 0.75
           ["Taiwan", 2000, "64,909", ""],                 # not reported: left out
           ["Germany", 2024, "1", "1"]])
    data = dataset("trade.china_tilt", {"DEU": {}, "FRA": {}, "MMR": {}, "MNE": {}})
    result = vd.trade_check(raw, data)
    assert result["n"] == 3
    assert result["mean_abs_diff"] == pytest.approx(0.25 / 3)
    assert result["mean_diff"] == pytest.approx(-0.25 / 3)
    assert (result["census_lower"], result["census_higher"]) == (1, 0)
    assert result["largest"][0] == {"country": "DEU", "cow": 0.5, "census_customs": 0.25, "difference": -0.25}
    assert result["not_compared"] == {"missing_in_cow": ["MNE"], "missing_in_census_customs": ["MNE"]}


def test_coverage_counts_countries_years_and_ages():
    data = dataset("security.us_arms_share", {
        "AAA": {2010: 0.5, 2020: 0.6},   # latest 2020: 4 years old in 2024
        "BBB": {2024: 0.1},              # fresh
        "CCC": {2010: 0.9},              # 14 years old: the method treats it as missing
        "DDD": {}})
    row = vd.coverage(data, 2024, max_age=10)["indicators"][0]
    assert (row["countries"], row["first_year"], row["last_year"]) == (3, 2010, 2024)
    assert row["stale"] == 2 and row["stale_by_age"] == {4: 1, 14: 1}
    assert row["too_old"] == ["CCC"] and row["no_value"] == ["DDD"]


# ---------------------------------------------------------------- the command line


def test_missing_raw_folder_is_one_line_and_exit_1(tmp_path, capsys):
    assert vd.main(["--raw", str(tmp_path / "nowhere")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("validate_data: raw data folder not found") and err.count("\n") == 1


def test_bad_data_file_is_one_line_and_exit_1(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert vd.main(["--raw", str(tmp_path), "--data", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "not valid JSON" in err and err.count("\n") == 1


def test_missing_raw_file_is_one_line_and_exit_1(tmp_path, capsys):
    assert vd.main(["--raw", str(tmp_path)]) == 1  # an empty folder: the first file it needs is missing
    err = capsys.readouterr().err
    assert "raw file not found" in err and err.count("\n") == 1


@pytest.mark.skipif(not RAW.is_dir(), reason="the shared raw datasets are not here")
def test_alignment_check_on_the_real_raw_files():
    shipped = json.loads((ROOT / "data" / "indicators.json").read_text(encoding="utf-8"))
    levels = vd.alignment_check(RAW, shipped)["levels"]
    assert levels["n"] > 1000  # 55 countries x 20 years, less the few years before UN membership
    assert levels["pearson"] > 0.5 and levels["spearman"] > 0.5


def test_missing_column_is_one_line_and_exit_1(tmp_path, capsys, shipped_raw):
    data = tmp_path / "indicators.json"
    data.write_text(json.dumps(shipped_raw), encoding="utf-8")
    write(tmp_path / "raw" / "unga-voting-agreement" / "unga_agreement_us_china.csv", ["iso2", "year"], [["DE", 2019]])
    assert vd.main(["--raw", str(tmp_path / "raw"), "--data", str(data)]) == 1
    err = capsys.readouterr().err
    assert "missing column(s) agree_us, agree_china" in err and err.count("\n") == 1


SOURCE_COLUMNS = ["country", "indicator", "year", "value", "source_title", "publisher", "date", "url", "note"]


def test_the_source_check_refuses_rows_without_their_page_or_on_a_mirror(tmp_path):
    table = tmp_path / "events.csv"
    write(table, SOURCE_COLUMNS, [
        ["DEU", "tech.huawei_5g", 2019, 1, "5G", "Deutschlandfunk", "2019-10", "https://www.deutschlandfunk.de/a", ""],
        ["AUS", "infra.aiib_member", 2015, 1, "AIIB", "Wikipedia", "2016", "http://the-uncensored-wiki.com:20161/a", ""],
        ["EST", "security.us_forward_presence", 2014, 1, "Rotations", "Some blog", "2014", "https://x.blogspot.com/p", ""],
        ["NLD", "security.us_forward_presence", 2000, 1, "Squadron", "US Air Force", "n.d.", "https://www.af.mil/a", ""],
        ["POL", "security.us_forward_presence", 2014, 1, "Rotations", "", "2014", "https://www.army.mil/a", ""],
        ["ITA", "tech.huawei_5g", 2019, 0.5, "Golden power", "Reuters", "2019-09", "https://example.org/copy", ""],
        # an aggregator's copy of a news agency's story names the agency, and is still a copy
        ["KWT", "infra.bri_mou", 2014, 1, "Relations", "KUNA, via MENAFN", "2024-05-20", "https://menafn.com/1/a", ""],
    ])
    check = vd.source_check([table])
    refused = " | ".join(check["refused"])
    assert check["rows"] == 7 and len(check["refused"]) == 5
    assert "the-uncensored-wiki.com is not a source" in refused and "blogspot" in refused
    assert "menafn.com is not a source" in refused
    assert "date 'n.d.' is not a date" in refused and "no publisher" in refused
    # a page on another host than the publisher named is listed for a reader, not refused
    assert [r for r in check["not_the_publishers_host"] if "example.org" in r]
    assert not [r for r in check["not_the_publishers_host"] if "deutschlandfunk" in r]


def test_the_shipped_tables_rest_on_no_refused_source():
    check = vd.source_check([ROOT / "data" / name for name in vd.HAND_KEPT])
    with_rows = [len(list(csv.DictReader(io.StringIO((ROOT / "data" / name).read_text(encoding="utf-8")))))
                 for name in vd.HAND_KEPT]
    assert check["rows"] == sum(with_rows) and min(with_rows) > 50  # every table, the confrontations too
    assert check["refused"] == []
