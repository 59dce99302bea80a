"""The data build on small hand-made raw files: each derivation checked against arithmetic."""

import os
import subprocess
import sys

import pytest

from hedgecli import build_data, models
from hedgecli.errors import HedgeError

from .conftest import write

EVENTS_HEADER = ["country", "indicator", "year", "value", "source_title", "publisher", "date", "url", "note"]


@pytest.fixture
def raw(tmp_path):
    r = tmp_path / "raw"
    write(r / "cow-trade" / "cow_trade_v4_us_china_total_1990_2014.csv",
          ["iso3", "ccode", "year", "exp_to_us", "imp_from_us", "exp_to_chn", "imp_from_chn", "exp_total", "imp_total"],
          [["DEU", 255, 2014, 30, 10, 20, 20, 400, 600], ["DEU", 255, 2013, "", 10, 20, 20, 400, 600]])
    write(r / "us-china-bilateral-trade" / "us_china_trade_2000_2024.csv",
          ["country", "year", "trade_with_us_musd", "trade_with_china_musd"],
          [["Germany", 2024, "300", "100"], ["Germany", 2000, "1", "1"], ["Burma", 2024, "1", "3"]])
    write(r / "china-global-investment-tracker" / "cgit_investments_country_year_2005_2025H1.csv",
          ["iso3", "year", "inv_total_musd", "inv_n", "inv_tech_musd", "inv_energy_musd", "inv_transport_musd",
           "inv_logistics_musd", "inv_metals_musd", "inv_finance_musd", "inv_realestate_musd",
           "inv_utilities_musd", "bri_flag"],
          [["DEU", 2016, 500, 1, 100, 200, 0, 0, 0, 0, 0, 50, ""], ["DEU", 2020, 300, 1, 300, 0, 0, 0, 0, 0, 0, 0, 1]])
    write(r / "china-global-investment-tracker" / "cgit_construction_country_year_2005_2019.csv",
          ["iso3", "year", "con_total_musd"], [["DEU", 2019, 440]])
    write(r / "aiddata-gcdf3" / "gcdf3_country_totals_2000_2021.csv", ["iso3", "country_name"], [["IDN", "Indonesia"]])
    write(r / "aiddata-gcdf3" / "gcdf3_commitments_country_year_2000_2021.csv",
          ["iso3", "year", "oda_commit_adj_const2021usd", "oof_commit_adj_const2021usd", "vof_commit_adj_const2021usd"],
          [["IDN", 2020, 1e6, 2e6, 0]])
    write(r / "bri-participation" / "bri_countries_gfdc_2023-12.csv",
          ["country", "iso3", "wb_region", "wb_income_group", "likely_join_date", "likely_exit_date"],
          [["Italy", "ITA", "", "", "2019-03-01", "2023-06-12"]])
    write(r / "atop-alliances" / "atop5_alliance_with_us_china_russia_1990_2018.csv",
          ["iso3", "year", "us_defense_pledge_to_country"], [["DEU", 2018, 1], ["FIN", 2018, 0]])
    write(r / "us-troops-abroad" / "us_troops_by_country_year.csv",
          ["iso3c", "countryname", "year", "troops_active_duty", "troops_all", "quarter"],
          [["DEU", "Germany", 2021, 35500, 36000, 2021.4], ["DEU", "Germany", 2022, 0, 36200, 2022.4],
           ["DEU", "Germany", 2024, 35000, 36000, 2024.4],
           ["PHL", "Philippines", 2021, 179, 179, 2021.4], ["PHL", "Philippines", 2024, 0, 0, 2024.4]])
    write(r / "sipri-arms-transfers" / "sipri_tiv_imports_by_supplier_1990_2021.csv",
          ["iso3", "recipient_name", "year", "tiv_total", "tiv_from_usa", "tiv_from_china", "tiv_from_russia"],
          [["IND", "India", 2019, 100, 30, 0, 60], ["IND", "India", 2021, 10, 0, 0, 10]])
    write(r / "unga-ideal-points" / "unga_ideal_points_1990_2024.csv",
          ["iso3", "year", "ideal_fp"], [["DEU", 2024, 1.0], ["USA", 2024, 2.0], ["CHN", 2024, -2.0],
                                        ["KHM", 2024, -3.0]])
    write(r / "unga-voting-agreement" / "unga_agreement_us_china.csv",
          ["iso2", "country", "year", "n_votes", "agree_us", "agree_china"],
          [["DE", "Germany", 2019, 80, 0.57, 0.61], ["DE", "Germany", 2020, 5, 1, 1]])
    events = tmp_path / "events.csv"
    write(events, EVENTS_HEADER,
          [["GBR", "tech.huawei_5g", 2020, 0.5, "Jan", "Gov", "2020-01", "https://a.invalid", "cap"],
           ["GBR", "tech.huawei_5g", 2020, 0, "Jul", "Gov", "2020-07", "https://b.invalid", "ban"]])
    return r, events


def values(built, code, indicator):
    out = {}
    for series in built["countries"][code]["indicators"].get(indicator, []):
        out.update({int(y): (v, series["source"]) for y, v in series["values"].items()})
    return out


def test_derivations(raw):
    built = build_data.build(*raw)
    assert models.problems(built) == []
    tilt = values(built, "DEU", "trade.china_tilt")
    assert tilt[2014] == (0.5, "cow-trade")  # china 40 / (china 40 + us 40)
    assert 2013 not in tilt  # a missing flow leaves the year out, not zero
    assert tilt[2024] == (0.25, "census-gacc-trade")  # 100 / (100 + 300); census 2000 not used
    assert values(built, "MMR", "trade.china_tilt")[2024][0] == 0.75  # "Burma" mapped
    assert values(built, "DEU", "trade.china_share")[2014][0] == 0.04  # 40 / 1000
    tech = values(built, "DEU", "tech.china_tech_investment")
    assert tech[2016][0] == 100 and tech[2020][0] == 400 and tech[2021][0] == 300 and tech[2009][0] == 0
    assert values(built, "DEU", "infra.china_infra_investment")[2016][0] == 250  # energy + utilities
    assert values(built, "IDN", "infra.china_dev_finance")[2021][0] == 3.0  # US$m, 5-year window
    assert values(built, "DEU", "infra.china_dev_finance") == {}  # outside AidData: missing, not 0
    bri = values(built, "ITA", "infra.bri_mou")
    assert bri[2018][0] == 0 and bri[2019][0] == 1 and bri[2022][0] == 1 and bri[2023][0] == 0
    pledge = values(built, "FIN", "security.us_defense_pledge")
    assert pledge[2018] == (0.0, "atop-5") and pledge[2023] == (1.0, "nato-members") and 2022 not in pledge
    troops = values(built, "DEU", "security.us_troops")
    assert troops[2024][0] == 35000 and 2022 not in troops  # a zero between deployments is a gap
    assert values(built, "PHL", "security.us_troops")[2024][0] == 0  # a zero after them is a withdrawal
    arms = values(built, "IND", "security.us_arms_share")
    assert arms[2021][0] == pytest.approx(30 / 100)  # US 30 of US+China+Russia 100 over 2017-21
    assert values(built, "DEU", "political.un_alignment")[2024][0] == 0.75  # (1 - -2) / (2 - -2)
    assert values(built, "KHM", "political.un_alignment")[2024][0] == -0.25  # beyond China: below 0
    assert 2020 not in values(built, "DEU", "political.un_agreement_us")  # January-only year dropped
    huawei = values(built, "GBR", "tech.huawei_5g")
    assert huawei[2020][0] == 0 and huawei[2024][0] == 0  # the later decision of the year holds


# Outputs in separate interpreters with different string-hash seeds: anything that depends on
# the iteration order of a set or of a dict built from one shows up as different bytes.
SEEDED = """
import contextlib, hashlib, io, sys
from pathlib import Path
from hedgecli import build_data
from hedgecli.cli import main
outputs = []
for args in (["heatmap", "--format", "json"], ["heatmap", "--uncertainty", "--draws", "200", "--format", "json"]):
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert main(args) == 0
    outputs.append(buf.getvalue().encode())
outputs.append(build_data.serialise(build_data.build(Path(sys.argv[1]), Path(sys.argv[2]))))
print(" ".join(hashlib.sha256(o).hexdigest() for o in outputs))
"""


def test_output_does_not_depend_on_the_hash_seed(raw):
    runs = [subprocess.Popen([sys.executable, "-c", SEEDED, str(raw[0]), str(raw[1])], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=dict(os.environ, PYTHONHASHSEED=seed))
            for seed in ("0", "1", "4242")]
    digests = []
    for proc in runs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        digests.append(out.split())
    names = ["heatmap json", "heatmap --uncertainty json", "build serialise"]
    for i, name in enumerate(names):
        assert len({d[i] for d in digests}) == 1, f"{name} differs between hash seeds"


def test_missing_raw_folder_is_a_clear_error(tmp_path):
    with pytest.raises(HedgeError, match="raw data folder not found"):
        build_data.build(tmp_path / "nowhere", tmp_path / "events.csv")


GOOD_EVENT = ["GBR", "tech.huawei_5g", "2020", "0.5", "Jan", "Gov", "2020-01", "https://a.invalid", "cap"]


@pytest.mark.parametrize("field, bad, message", [
    (3, "abc", "events.csv, row 3: value 'abc' is not a number"),
    (3, "", "events.csv, row 3: value is empty"),
    (3, "0.7", "events.csv, row 3: tech.huawei_5g: value 0.7 is not one of the codes 0, 0.5, 1"),
    (2, "20x0", "events.csv, row 3: year '20x0' is not a year"),
    (2, "2020.0", "events.csv, row 3: year '2020.0' is not a year"),
    (2, "1990", "events.csv, row 3: year 1990 is outside the data (2000-2024)"),
    (0, "GBX", "events.csv, row 3: country 'GBX' is not one the data cover"),
    (0, "gbr", "events.csv, row 3: country 'gbr' is not one the data cover"),
    (1, "tech.vibes", "events.csv, row 3: indicator 'tech.vibes' is not one the events table may set"),
])
def test_a_bad_events_row_is_an_error_naming_the_row(raw, field, bad, message):
    row = list(GOOD_EVENT)
    row[field] = bad
    write(raw[1], EVENTS_HEADER, [GOOD_EVENT, row])
    with pytest.raises(HedgeError) as caught:
        build_data.build(*raw)
    assert message in str(caught.value)


def test_a_missing_column_is_an_error_naming_file_and_column(raw):
    write(raw[1], [c for c in EVENTS_HEADER if c != "value"], [GOOD_EVENT[:3] + GOOD_EVENT[4:]])
    with pytest.raises(HedgeError, match="events.csv: missing column\\(s\\) value"):
        build_data.build(*raw)
    cow = raw[0] / "cow-trade" / "cow_trade_v4_us_china_total_1990_2014.csv"
    write(cow, ["iso3", "year"], [["DEU", 2014]])
    with pytest.raises(HedgeError, match="cow_trade_v4_us_china_total_1990_2014.csv: missing column\\(s\\) exp_to_us"):
        build_data.build(*raw)


def test_a_bad_raw_value_is_an_error_naming_file_row_and_column(raw):
    troops = raw[0] / "us-troops-abroad" / "us_troops_by_country_year.csv"
    write(troops, ["iso3c", "countryname", "year", "troops_active_duty"], [["DEU", "Germany", 2021, "many"]])
    with pytest.raises(HedgeError, match="us_troops_by_country_year.csv, row 2: troops_active_duty 'many' is not a number"):
        build_data.build(*raw)


@pytest.mark.parametrize("field, bad", [(3, "abc"), (2, "soon"), (0, "GBX")])
def test_the_build_command_reports_a_bad_row_in_one_line(raw, tmp_path, capsys, field, bad):
    row = list(GOOD_EVENT)
    row[field] = bad
    write(raw[1], EVENTS_HEADER, [row])
    out = tmp_path / "out.json"
    assert build_data.main(["--raw", str(raw[0]), "--events", str(raw[1]), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("build_data: ") and "row 2" in err and err.count("\n") == 1
    assert not out.exists()


def test_the_build_command_reports_an_unwritable_output_in_one_line(raw, tmp_path, capsys):
    out = tmp_path / "no-such-folder" / "out.json"
    assert build_data.main(["--raw", str(raw[0]), "--events", str(raw[1]), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"build_data: cannot write {out}: ") and err.count("\n") == 1


def test_a_missing_events_table_is_an_error_not_a_build_without_it(raw, tmp_path):
    with pytest.raises(HedgeError, match="events table not found"):
        build_data.build(raw[0], tmp_path / "no-events.csv")
