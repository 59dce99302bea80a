"""The data build on small hand-made raw files: each derivation checked against arithmetic."""

import json
import os
import subprocess
import sys

import pytest

from hedgecli import models
from hedgecli.build import main as build_data
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
    write(r / "us-troops-abroad" / "us_troops_by_country_year.csv",
          ["iso3c", "countryname", "year", "troops_active_duty", "troops_all", "quarter"],
          [["DEU", "Germany", 2021, 35500, 36000, 2021.4], ["DEU", "Germany", 2022, 0, 36200, 2022.4],
           ["DEU", "Germany", 2024, 35000, 36000, 2024.4],
           ["PHL", "Philippines", 2021, 179, 179, 2021.4], ["PHL", "Philippines", 2024, 0, 0, 2024.4]])
    write(r / "sipri-arms-transfers" / "sipri_tiv_imports_by_supplier_1990_2021.csv",
          ["iso3", "recipient_name", "year", "tiv_total", "tiv_from_usa", "tiv_from_china", "tiv_from_russia"],
          [["IND", "India", 2018, 50, 10, 0, 40], ["IND", "India", 2019, 100, 30, 0, 60]])
    write(r / "unga-voting-agreement" / "unga_agreement_us_china.csv",
          ["iso2", "country", "year", "n_votes", "agree_us", "agree_china"],
          [["DE", "Germany", 2019, 80, 0.57, 0.61], ["DE", "Germany", 2020, 5, 1, 1]])
    imts = [["CHN", "XG_FOB_USD", "DEU", "Germany", y, 60] for y in range(2016, 2021)]
    imts += [["CHN", "MG_CIF_USD", "DEU", "Germany", y, 40] for y in range(2016, 2021)]
    imts += [["USA", "XG_FOB_USD", "DEU", "Germany", 2020, 200], ["USA", "MG_CIF_USD", "DEU", "Germany", 2020, 100],
             ["CHN", "XG_FOB_USD", "FRA", "France", 2020, 10]]  # no US figure: no tilt, still China's trade
    write(r / "imf-imts-us-china-partners" / "tidy_long.csv",
          ["reporter_iso3", "indicator_code", "partner_code", "partner_name", "year", "value_musd"], imts)
    dots = [["DOTS_77.xlsx", "Germany", "China, P.R.: Mainland", y, "exports_fob", 30, "DEU"] for y in range(2016, 2021)]
    dots += [["DOTS_77.xlsx", "Germany", "World", 2020, "exports_fob", 1000, "DEU"],
             ["DOTS_77.xlsx", "Germany", "China, P.R.: Hong Kong", 2020, "exports_fob", 500, "DEU"]]
    write(r / "imf-dots-exports-2000-2020" / "dots_exports_to_world_china_us_2000_2020.csv",
          ["source_file", "reporter", "partner", "year", "flow", "value_musd", "iso3"], dots)
    write(r / "wdi-gdp" / "gdp_current_usd_2000_2024_long.csv",
          ["Country Name", "Country Code", "Indicator Name", "Indicator Code", "year", "gdp_current_usd"],
          [["Germany", "DEU", "GDP (current US$)", "NY.GDP.MKTP.CD", 2020, 4e12]])
    write(r / "sipri-bilateral-2015-2025" / "sipri_tiv_bilateral_2015_2025.csv",
          ["supplier", "recipient", "supplier_iso3", "recipient_iso3", "year", "tiv"],
          [["USA", "IND", "USA", "IND", 2019, 30], ["RUS", "IND", "RUS", "IND", 2019, 60],
           ["FRA", "IND", "FRA", "IND", 2020, 10], ["CHN", "KHM", "CHN", "KHM", 2020, 9]])
    write(r / "aiddata-china-public-diplomacy" / "ChinesePublicDiplomacy.csv",
          ["receiving_country", "year", "military_visits", "total_elite_visits"],
          [["Cambodia", y, 1, 2] for y in range(2011, 2016)] + [["Cambodia", 2016, "N/A", 3],
                                                                 ["South Korea", 2015, 0, 1]])
    index = ["statement_id", "date", "stance", "list_complete"]
    write(r / "un-china-statements" / "statements_index.csv", index,
          [["2020_critical", "2020-10-06", "critical_of_China", "yes"],
           ["2020_supportive", "2020-10-06", "supportive_of_China", "yes"],
           ["2021_partial", "2021-06-22", "critical_of_China", "NO - truncated"],
           ["2022_vote_YES", "2022-10-06", "vote_yes (pro-debate; critical)", "yes"],
           ["2022_vote_NO", "2022-10-06", "vote_no (blocks debate; supportive)", "yes"],
           ["2022_vote_ABSTAIN", "2022-10-06", "vote_abstain", "yes"]])
    peers = sorted((set(build_data.EU) | set(build_data.NATO_JOINED) | {"USA"}) - {"HUN"})
    statements = [["2020_critical", "2020-10-06", "critical_of_China", c] for c in peers]  # all but Hungary
    statements += [["2020_supportive", "2020-10-06", "supportive_of_China", "Cambodia"],
                   ["2021_partial", "2021-06-22", "critical_of_China", "Cambodia"],  # incomplete: not used
                   ["2022_vote_YES", "2022-10-06", "vote_yes (pro-debate; critical)", "Germany"],
                   ["2022_vote_NO", "2022-10-06", "vote_no (blocks debate; supportive)", "Indonesia"],
                   ["2022_vote_ABSTAIN", "2022-10-06", "vote_abstain", "India"]]
    write(r / "un-china-statements" / "un_china_statements_long.csv",
          ["statement_id", "date", "stance", "country_as_written"], statements)
    write(r / "china-partnerships" / "china_partnerships.csv",
          ["country", "iso3", "year", "level_as_stated", "source_url", "source_title", "source_date", "note"],
          [["Hungary", "HUN", 2017, "comprehensive strategic partnership", "https://p.invalid/1", "T1", "2017", ""],
           ["Hungary", "HUN", 2024, "all-weather comprehensive strategic partnership for the new era",
            "https://p.invalid/2", "T2", "2024", ""],
           ["Belgium", "BEL", 2014, "all-round friendly cooperative partnership", "https://p.invalid/3", "T3", "2014", ""],
           ["Laos", "LAO", "UNCLEAR (2009)", "comprehensive strategic partnership of cooperation",
            "https://p.invalid/4", "T4", "2011-09-21", ""],
           ["Hungary", "HUN", "UNCLEAR", "friendly partnership", "https://p.invalid/5", "T5", "2020-01-01", ""],
           ["Cambodia", "KHM", "UNCLEAR (2010)", "comprehensive strategic partnership of cooperation",
            "https://p.invalid/6", "T6", "n.d.", ""]])
    write(r / "fbic-us-china-subset" / "fbic_us_china_influence_16countries_1999_2023.csv",
          ["iso3", "year", "fbic_us", "fbic_chn", "dependence_us", "dependence_chn"],
          [["DEU", 2020, 0.3, 0.1, 0.2, 0.2], ["CHE", 2020, 0.3, 0.1, 0.2, 0.2]])
    events = tmp_path / "events.csv"
    write(events, EVENTS_HEADER,
          [["GBR", "tech.huawei_5g", 2020, 0.5, "Jan", "Gov", "2020-01", "https://a.invalid", "cap"],
           ["GBR", "tech.huawei_5g", 2020, 0, "Jul", "Gov", "2020-07", "https://b.invalid", "ban"],
           ["KOR", "infra.bri_mou", 2015, 0.5, "MoU", "Gov", "2015-10", "https://c.invalid", "limited"],
           ["ISR", "security.us_mnna", 2000, 1, "Statute", "US", "1987", "https://d.invalid", "MNNA"],
           ["IND", "security.sco_status", 2017, 1, "Members", "News", "2017-06-09", "https://e.invalid", "member"],
           ["DEU", "security.sco_status", 2024, 0, "Full list", "News", "2025-08-25", "https://f.invalid", "none"]])
    write(r / "bri-participation" / "bri_countries_gfdc_2023-12.csv",
          ["country", "iso3", "wb_region", "wb_income_group", "likely_join_date", "likely_exit_date"],
          [["Italy", "ITA", "", "", "2019-03-01", "2023-06-12"], ["Korea, Rep.", "KOR", "", "", "2018-05-01", ""]])
    write(r / "atop-alliances" / "atop5_alliance_with_us_china_russia_1990_2018.csv",
          ["iso3", "year", "us_defense_pledge_to_country"], [["DEU", 2018, 1], ["FIN", 2018, 0], ["ISR", 2018, 0],
                                                              ["MNE", 2016, 1], ["MNE", 2017, 1]])
    write(r / "unga-ideal-points" / "unga_ideal_points_1990_2024.csv",
          ["iso3", "year", "ideal_fp", "ideal_all_q05", "ideal_all_q95"],
          [["DEU", 2024, 1.0, "", ""], ["USA", 2024, 2.0, "", ""], ["CHN", 2024, -2.0, "", ""], ["KHM", 2024, -3.0, "", ""],
           ["DEU", 2022, 1.1, 0.9, 1.3], ["DEU", 2023, 1.2, 0.9, 1.5]])
    (r / "natural-earth-110m").mkdir()
    (r / "natural-earth-110m" / "ne_110m_admin_0_countries.geojson").write_text(json.dumps(NATURAL_EARTH))
    _evidence_v3(r, tmp_path)
    return r, events


VISITS_HEADER = ["country", "year", "date", "direction", "leader", "role", "occasion", "source_title", "publisher",
                 "url", "note"]
CONFRONTATIONS_HEADER = ["country", "year", "date", "kind", "what", "source_title", "publisher", "url", "note"]


def _evidence_v3(r, tmp_path):
    """The raw files of the diplomacy, finance and friction steps, and the cited visits table."""
    write(r / "ceias-chinese-leader-travel" / "all_rows_1949_2020.csv",
          ["country", "iso3", "year", "leader", "level", "event_or_measure", "value", "source_id", "excel_row", "Continent"],
          [["Germany", "DEU", 2018, "Li Keqiang", "Premier", "chinese_leader_travel_to_country", 1, "C", 1, "Europe"],
           ["Germany", "DEU", 2019, "Xi Jinping", "President", "chinese_leader_travel_to_country", 1, "C", 2, "Europe"],
           ["Soviet Union", "", 1990, "Li Peng", "Premier", "chinese_leader_travel_to_country", 1, "C", 3, "Europe"],
           # the file fills iso3 only for its first 55 countries of interest
           ["Argentina", "", 2014, "Xi Jinping", "President", "chinese_leader_travel_to_country", 1, "C", 4,
            "Latin America"]])
    write(r / "china-vitae-leader-engagements" / "visits_to_china_by_foreign_hosg_approx.csv",
          ["country", "iso3", "start", "end", "n_entries", "chinese_hosts", "titles", "year"],
          [["Germany", "DEU", "2003-08-18", "2003-08-18", 1, "Hu Jintao", "Chancellor of Germany", 2003]])
    write(r / "china-vitae-leader-engagements" / "country_year_counts.csv",
          ["country", "iso3", "year", "leader", "role", "event_or_measure", "value", "source_id", "note"],
          [["Germany", "DEU", 2003, "Hu Jintao", "president", "met_country_official_in_china", 1, "v", ""]])
    write(r / "china-ceec-membership" / "country_year.csv",
          ["country", "iso3", "year", "event_or_measure", "value", "source_id", "note"],
          [["Lithuania", "LTU", 2020, "china_ceec_participant", 1, "S", ""],
           ["Lithuania", "LTU", 2021, "china_ceec_participant", 1, "S", "exit year"],
           ["Lithuania", "LTU", 2022, "china_ceec_participant", 0, "S", ""]])
    write(r / "eu-china-statements-blocked" / "events.csv",
          ["country", "iso3", "year", "date", "event_or_measure", "value", "topic", "what", "certainty",
           "source_title", "url", "source_date"],
          [["Hungary", "HUN", 2021, "2021-04-16", "eu_statement_blocked_by_member", 1, "HK", "", "confirmed", "T", "u", ""],
           ["Croatia", "HRV", 2016, "2016-07-15", "eu_statement_diluted_by_member", 1, "SCS", "",
            "reported concern, motive not China-related", "T", "u", ""]])
    write(r / "china-sanctions-monitor" / "restrictions_by_target.csv",
          ["country", "iso3", "date", "year", "event_or_measure", "value", "title", "counter_vs_primary"],
          [["Australia", "AUS", "2020-05-01", 2020, "prc_economic_restriction_imposed", 1, "barley", "Primary Sanction"],
           ["Australia", "AUS", "2020-11-01", 2020, "prc_economic_restriction_imposed", 1, "wine", "Primary Sanction"],
           ["Belgium", "BEL", "2021-03-22", 2021, "prc_economic_restriction_imposed", 1, "MEP", "Countersanction"]])
    write(r / "scs-arbitration-positions" / "positions.csv",
          ["country", "iso3", "year", "as_of", "event_or_measure", "value", "source_id", "note"],
          [["Kenya", "KEN", 2016, "2016-06-16", "pre", "publicly_supporting_china_tribunal_illegitimate", "A", ""],
           ["Japan", "JPN", 2016, "2016-06-16", "pre", "publicly_supporting_outcome_as_binding", "A", ""],
           ["Japan", "JPN", 2021, "2021-07-12", "post", "publicly_called_for_ruling_to_be_respected", "A", ""],
           ["Vietnam", "VNM", 2016, "2016-06-16", "pre", "publicly_supporting_outcome_as_binding", "A", ""]])
    write(r / "pboc-swap-lines" / "pboc_liquidity_lines_all_partners.csv",
          ["country", "iso3", "year", "start_date", "end_date", "measure", "deal_type", "deal_action",
           "currency_of_deal", "value", "usd_amount_bn", "unit", "initiative", "source_id", "previous_deal",
           "source_note_flag", "in_target_list"],
          [["Argentina", "ARG", 2009, "2009-04-02", "2012-04-02", "l", "r", "new", "CNY", 70, "", "", "bilateral", "d1", "", "", ""],
           ["Argentina", "ARG", 2014, "2014-07-18", "2017-07-18", "l", "r", "reactivate", "CNY", 70, "", "", "bilateral", "d2", "", "", ""],
           ["Korea", "KOR", 2010, "2010-05-01", "", "l", "p", "new", "USD", 1, "", "", "CMIM", "d3", "", "", ""]])
    write(r / "rmb-clearing-banks" / "rmb_clearing_banks.csv",
          ["country", "iso3", "city", "clearing_bank", "event", "date", "date_precision", "year", "source_url",
           "source_title", "note"],
          [["Germany", "DEU", "Frankfurt", "BOC", "pboc_designation", "2014-06-19", "day", 2014, "u", "t", ""]])
    write(r / "china-fta-rcep" / "china_fta_rcep.csv",
          ["country", "iso3", "agreement", "event", "date", "year", "source_id", "note"],
          [["Korea", "KOR", "China-Korea FTA", "signed", "2015-06-01", 2015, "S", ""],
           ["Korea", "KOR", "China-Korea FTA", "in_force", "2015-12-20", 2015, "S", ""]])
    write(r / "pew-global-attitudes-favourability" / "pew_favorability_derived.csv",
          ["country", "iso3", "year", "measure", "value", "source_id", "note"],
          [["Germany", "DEU", 2020, "pct_favorable_china", 21.5, "P", ""], ["Germany", "DEU", 2020, "pct_favorable_us", 30, "P", ""]])
    judgments = r / "alignment-judgments"
    write(judgments / "alignment_classifications.csv", ["country", "iso3", "year", "measure", "value", "source_id", "note"],
          [["Pakistan", "PAK", 2023, "ce_bloc_5group", "China_and_close_allies", "CE", ""],
           ["Europe", "EUR_exHUN", 2023, "ce_bloc_5group", "US_and_close_allies", "CE", ""]])
    write(judgments / "ecfr_china_views.csv", ["country", "iso3", "year", "measure", "value", "source_id", "note"],
          [["Germany", "DEU", 2023, "ecfr_prevailing_view_china", "rival_or_adversary", "E", ""]])
    write(judgments / "lowy_sea_relative_influence.csv", ["country", "iso3", "year", "measure", "value", "source_id", "note"],
          [["Laos", "LAO", 2022, "lowy_more_influential_power", "China_strongest", "L", ""]])
    write(tmp_path / "visits.csv", VISITS_HEADER,
          [["DEU", 2022, "2022-11-04", "to_china", "Olaf Scholz", "chancellor", "official visit", "T", "Gov",
            "https://v.invalid/1", ""]])
    # two incidents in 2017 (one year), one in 2020
    write(tmp_path / "confrontations.csv", CONFRONTATIONS_HEADER,
          [["IND", 2017, "2017-06-16", "standoff", "Doklam", "T", "News", "https://x.invalid/1", ""],
           ["IND", 2017, "2017-08-15", "clash", "Pangong", "T", "News", "https://x.invalid/2", ""],
           ["IND", 2020, "2020-06-15", "clash", "Galwan", "T", "News", "https://x.invalid/3", ""]])


def _feature(code, iso, name, geometry):
    return {"type": "Feature", "properties": {"ADM0_A3": code, "ISO_A3": iso, "NAME": name}, "geometry": geometry}


SQUARE = [[[0.0, 0.0], [1.004, 0.0], [1.004, 1.0], [0.5, 1.0], [0.0, 1.0], [0.0, 0.0]]]
NATURAL_EARTH = {"type": "FeatureCollection", "features": [
    _feature("FRA", "-99", "France", {"type": "MultiPolygon", "coordinates": [SQUARE, [[[5, 5], [6, 5], [6, 6], [5, 5]]]]}),
    _feature("DEU", "DEU", "Germany", {"type": "Polygon", "coordinates": [[[0, 0], [2, 0], [2, 2], [0, 0]],
                                                                           [[0.5, 0.2], [1, 0.2], [1, 0.4], [0.5, 0.2]]]}),
    _feature("ATA", "ATA", "Antarctica", {"type": "Polygon", "coordinates": SQUARE}),
]}


def test_the_map_outlines_join_on_adm0_and_keep_outer_rings_rounded_and_simplified(raw):
    from hedgecli.build import geometry as build_geometry

    geometry = build_geometry.build_geometry(raw[0])
    assert list(geometry["countries"]) == ["DEU", "FRA"]  # France by ADM0_A3 (its ISO_A3 is -99); no Antarctica
    # the square's point on a straight edge goes, 1.004 rounds to 1.0, the closing point is implied
    assert geometry["countries"]["FRA"]["rings"] == [[[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]],
                                                     [[5.0, 5.0], [6.0, 5.0], [6.0, 6.0]]]
    assert len(geometry["countries"]["DEU"]["rings"]) == 1  # the hole is left out
    assert set(geometry["points"]) == {"MLT", "SGP", "BHR"} and "Natural Earth" in geometry["source"]["credit"]
    assert json.loads(build_geometry.serialise(geometry)) == geometry


def values(built, code, indicator):
    out = {}
    for series in built["countries"][code]["indicators"].get(indicator, []):
        out.update({int(y): (v, series["source"]) for y, v in series["values"].items()})
    return out


def test_derivations(raw):
    built = build_data.build(*raw)
    assert models.problems(built) == []
    series = {s["source"]: s for s in built["countries"]["DEU"]["indicators"]["trade.china_tilt"]}
    assert series["imf-imts"]["values"] == {"2020": 0.25}  # China 100 / (China 100 + US 300)
    # the China side's records differ from Germany's own by |40 - 30| / 100 every year
    assert series["imf-imts"]["error"] == {"numerator_relative": 0.1}
    trade = built["countries"]["DEU"]["indicators"]["trade.china_trade"][0]
    assert trade["values"]["2020"] == 100 and trade["error"] == {"relative": 0.1}
    assert values(built, "FRA", "trade.china_trade")[2020][0] == 10 and values(built, "FRA", "trade.china_tilt") == {}
    assert values(built, "DEU", "trade.china_tilt_direct")[2024] == (0.25, "census-gacc-trade")  # 100 / 400
    assert values(built, "MMR", "trade.china_tilt_direct")[2024][0] == 0.75  # "Burma" mapped
    assert values(built, "DEU", "trade.china_export_share")[2020][0] == 0.03  # mainland only, not Hong Kong
    assert values(built, "DEU", "economy.gdp")[2020][0] == 4_000_000  # US$ million
    assert values(built, "DEU", "trade.china_share")[2014][0] == 0.04  # 40 / 1000
    tech = values(built, "DEU", "tech.china_tech_investment")
    assert tech[2016][0] == 100 and tech[2020][0] == 400 and tech[2021][0] == 300 and tech[2009][0] == 0
    assert values(built, "DEU", "infra.china_infra_investment")[2016][0] == 250  # energy + utilities
    assert values(built, "IDN", "infra.china_dev_finance")[2021][0] == 3.0  # US$m, 5-year window
    assert values(built, "DEU", "infra.china_dev_finance") == {}  # outside AidData: missing, not 0
    bri = values(built, "ITA", "infra.bri_mou")
    assert bri[2018][0] == 0 and bri[2019][0] == 1 and bri[2022][0] == 1 and bri[2023][0] == 0
    # a cited limited document replaces GFDC's entry: 0.5 from its own year, GFDC's 2018 gone
    korea = values(built, "KOR", "infra.bri_mou")
    assert korea[2014] == (0.0, "gfdc-bri") and korea[2015][0] == 0.5
    assert 2016 not in korea  # the page confirms 2015: later years are the scorer's, with their age
    pledge = values(built, "FIN", "security.us_defense_pledge")
    assert pledge[2018] == (0.0, "atop-5") and pledge[2023] == (1.0, "nato-members") and 2022 not in pledge
    assert values(built, "FIN", "security.us_alliance")[2023][0] == 1.0
    # ATOP dates NATO's pledge from the accession protocol (Montenegro 2016); Article 5 from the
    # accession (2017), in ATOP's years as in the later ones
    montenegro = values(built, "MNE", "security.us_defense_pledge")
    assert montenegro[2016] == (0.0, "nato-members") and montenegro[2017] == (1.0, "atop-5")
    assert values(built, "FIN", "security.us_alliance")[2018][0] == 0.0
    assert values(built, "ISR", "security.us_alliance")[2018][0] == 0.5  # no treaty, but an MNNA
    troops = values(built, "DEU", "security.us_troops")
    assert troops[2024][0] == 35000 and 2022 not in troops  # a zero between deployments is a gap
    assert values(built, "PHL", "security.us_troops")[2024][0] == 0  # a zero after them is a withdrawal
    arms = values(built, "IND", "security.us_arms_share")
    assert arms[2018] == (0.2, "sipri-at")  # US 10 of US+China+Russia 50 over 2014-18 (2022 extract)
    assert arms[2019] == (round(30 / 90, 4), "sipri-at-2026")  # from 2019 the 2026 extract alone
    assert values(built, "IND", "security.china_arms_share")[2020][0] == 0.0
    assert values(built, "KHM", "security.china_arms_share")[2020][0] == 1.0
    assert values(built, "KHM", "security.pla_visits")[2015][0] == 5  # five years of one visit
    assert 2016 not in values(built, "KHM", "security.pla_visits")  # a year not collected: no window
    assert values(built, "KHM", "political.elite_visits")[2015][0] == 10
    assert values(built, "DEU", "political.un_alignment")[2024][0] == 0.75  # (1 - -2) / (2 - -2)
    assert values(built, "KHM", "political.un_alignment")[2024][0] == -0.25  # beyond China: below 0
    ideal = built["countries"]["DEU"]["indicators"]["political.un_ideal_point"][0]
    assert ideal["values"]["2024"] == 1.0 and ideal["error"] == {"absolute": 0.25}  # median of 0.2, 0.3
    assert 2020 not in values(built, "DEU", "political.un_agreement_us")  # January-only year dropped
    huawei = values(built, "GBR", "tech.huawei_5g")
    assert huawei[2020][0] == 0 and 2021 not in huawei  # the later decision of the year holds, as of its page
    assert 2017 not in huawei  # no 5G decision before 2018: not a zero (method v3 applies the first back)
    sco = {c: values(built, c, "security.sco_status") for c in ("IND", "DEU")}
    assert sco["IND"][2016] == (0.0, "not-yet") and sco["IND"][2017][0] == 1  # no status before its entry
    assert sco["DEU"][2005] == (0.0, "not-yet") and sco["DEU"][2024][0] == 0  # absent from a complete list: never in
    stance = {c: values(built, c, "political.china_stance") for c in ("DEU", "HUN", "KHM", "IDN", "IND")}
    assert stance["DEU"][2020][0] == -1.0 and stance["DEU"][2022][0] == -1.0  # joined, then voted for a debate
    assert stance["HUN"][2020][0] == 0.5  # stayed out of what all its peers joined: 0 - (-0.5)
    assert stance["KHM"][2020][0] == 1.0  # joined China's side; the incomplete list is not used
    assert stance["IDN"][2022][0] == 0.5  # voted no: half of its supportive-side opportunities
    assert stance["IND"][2022][0] == 0.0  # abstained, no peers: no side taken
    assert 2019 not in stance["DEU"]  # nothing in the fixture's 2019
    assert stance["DEU"][2018] == (0.0, "not-yet")  # before the first statement (2019) no stand existed
    tiers = values(built, "HUN", "political.china_partnership")
    assert tiers[2017][0] == 0.5 and tiers[2023][0] == 0.5 and tiers[2024][0] == 1.0
    assert values(built, "BEL", "political.china_partnership")[2020][0] == 0.0
    assert tiers[2020][0] == 0.5  # an undated label does not displace the dated one in force
    # an undated label holds from the year of the page that confirms it, where no dated label
    # starts earlier; without a page date it is left out
    laos = values(built, "LAO", "political.china_partnership")
    assert min(laos) == 2011 and laos[2011][0] == 1.0 and laos[2024][0] == 1.0
    assert values(built, "KHM", "political.china_partnership") == {}


def test_derivations_of_evidence_v3(raw):
    built = build_data.build(*raw)
    assert models.problems(built) == []
    # relationships as stocks: deals added, a tenth written off a year (no window to fall out of)
    stock = values(built, "DEU", "invest.china_stock")
    assert stock[2016][0] == 500 and stock[2017][0] == 450 and stock[2020][0] == round(500 * 0.9 ** 4 + 300, 1)
    assert stock[2005][0] == 0 and 2004 not in stock  # the tracker starts in 2005
    # visits: CEIAS to 2020, the cited table after; a visit fades to 0.8 of itself a year
    trips = values(built, "DEU", "diplomacy.china_leader_visits")
    assert trips[2018] == (1.0, "ceias-travel") and trips[2019][0] == 1.8 and trips[2021] == (round(1.8 * 0.64, 4), "visits-table")
    # a trip to a country the file gives no code is found by its name, not read as no trip
    assert values(built, "ARG", "diplomacy.china_leader_visits")[2014] == (1.0, "ceias-travel")
    to_china = values(built, "DEU", "diplomacy.visits_to_china")
    assert to_china[2005] == (round(0.64, 4), "vitae-visits") and 2004 not in to_china  # shown from the third year
    assert to_china[2022][0] == round(0.8 ** 19 + 1, 4)
    # China-CEEC: only for the states that took part; 0 before 2012 and after the exit
    ceec = values(built, "LTU", "diplomacy.china_ceec")
    assert ceec[2011][0] == 0 and ceec[2021][0] == 1 and ceec[2022][0] == 0 and values(built, "DEU", "diplomacy.china_ceec") == {}
    # blocked statements: EU members only; a concern over a state's own dispute is not a block
    assert values(built, "HUN", "diplomacy.eu_statement_blocked")[2021][0] == 1.0
    assert values(built, "HRV", "diplomacy.eu_statement_blocked")[2016][0] == 0.0
    assert values(built, "JPN", "diplomacy.eu_statement_blocked") == {}
    # swap lines: bilateral only (not Chiang Mai); a one-year gap before a renewal is bridged
    swap = values(built, "ARG", "finance.pboc_swap_line")
    assert swap[2008][0] == 0 and swap[2012][0] == 1 and swap[2013][0] == 1 and swap[2018][0] == 0  # 2013 bridged
    assert values(built, "KOR", "finance.pboc_swap_line")[2011][0] == 0
    assert values(built, "DEU", "finance.rmb_clearing_bank")[2013][0] == 0 and values(built, "DEU", "finance.rmb_clearing_bank")[2014][0] == 1
    assert values(built, "KOR", "finance.china_fta")[2015][0] == 1 and values(built, "KOR", "finance.china_fta")[2014][0] == 0
    assert values(built, "PAK", "finance.china_fta") == {}  # a state added later, not searched: missing
    # friction: primary restrictions as a stock from 2010; countersanctions on persons left out
    restr = values(built, "AUS", "friction.china_restrictions")
    assert restr[2020][0] == 2.0 and restr[2021][0] == 1.6 and 2009 not in restr
    assert values(built, "BEL", "friction.china_restrictions")[2021][0] == 0.0
    # the award: 0 before 2016; the pre-ruling list to 2020, the post-ruling one from 2021
    stand = values(built, "JPN", "friction.scs_award_stand")
    assert stand[2015][0] == 0 and stand[2016][0] == 1 and stand[2021][0] == 1
    assert values(built, "KEN", "political.scs_award_support_china")[2016][0] == 1
    # Vietnam sorts after Malta, where the 2021 list is cut: its 2016 stand is kept, not read as silence
    assert values(built, "VNM", "friction.scs_award_stand")[2021][0] == 1
    # arms as stocks: the 2022 extract to 2014, the 2026 one from 2015; 0 from China if none came
    share = values(built, "IND", "security.us_arms_share_stock")
    assert 2018 not in share  # the 2022 extract's 2018 is not used (2015 on is the 2026 one's): nothing yet
    assert share[2019] == (round(30 / 90, 4), "sipri-at-2026") and share[2020][0] == round(27 / 91, 4)
    assert values(built, "KHM", "security.china_arms_share_stock")[2019] == (0.0, "sipri-at-2026")  # nothing yet
    # entries: an MNNA designation's earlier years are zeros
    assert values(built, "ISR", "security.us_mnna")[2000][0] == 1


def test_a_decision_of_the_year_after_the_last_full_one_is_kept_as_that_year_s_value(raw):
    """A state's only vendor decision dated 2025 (Morocco's) is its series' one value, so that the
    method can read the years before it as before the first decision (round eight); a 2025 exit
    ends the years before it and is that year's value too."""
    write(raw[1], EVENTS_HEADER,
          [["MAR", "tech.huawei_5g", 2025, 1, "5G", "News", "2025-10-14", "https://m.invalid", "open"],
           ["PAN", "infra.bri_mou", 2017, 1, "MoU", "News", "2025-02-07", "https://p.invalid", "signed"],
           ["PAN", "infra.bri_mou", 2025, 0, "Exit", "News", "2025-02-07", "https://p.invalid", "left"]])
    built = build_data.build(*raw)
    assert {y: v for y, (v, _src) in values(built, "MAR", "tech.huawei_5g").items()} == {2025: 1.0}
    panama = values(built, "PAN", "infra.bri_mou")
    assert panama[2024][0] == 1.0 and panama[2025][0] == 0.0


def test_a_cited_denunciation_ends_what_a_dataset_still_records(raw):
    write(raw[1], EVENTS_HEADER,
          [["MEX", "security.us_defense_pledge", 2004, 0, "Mexico leaves the Rio Treaty", "News", "2004-09",
            "https://m.invalid", "denounced"]])
    write(raw[0] / "atop-alliances" / "atop5_alliance_with_us_china_russia_1990_2018.csv",
          ["iso3", "year", "us_defense_pledge_to_country"], [["MEX", y, 1] for y in range(2000, 2019)])
    built = build_data.build(*raw)
    pledge = values(built, "MEX", "security.us_defense_pledge")
    assert pledge[2003] == (1.0, "atop-5") and pledge[2004][0] == 0 and 2010 not in pledge
    assert values(built, "MEX", "security.us_alliance")[2004][0] == 0


def test_a_visit_without_its_page_is_an_error_naming_the_row(raw):
    write(raw[1].with_name("visits.csv"), VISITS_HEADER,
          [["DEU", 2022, "2022-11-04", "to_china", "Olaf Scholz", "chancellor", "visit", "T", "Gov", "", ""]])
    with pytest.raises(HedgeError, match="url is empty"):
        build_data.build(*raw)


def test_confrontation_years_are_a_decayed_stock_counting_each_year_once(raw):
    built = build_data.build(*raw)
    force = values(built, "IND", "friction.china_confrontation")
    assert force[2016] == (0.0, "confrontations-table") and force[2017][0] == 1.0  # two incidents, one year
    assert force[2019][0] == pytest.approx(0.64) and force[2020][0] == pytest.approx(0.512 + 1.0)
    # every covered state was searched: one with no row reads 0, in every year from 2000
    assert {v for v, _ in values(built, "DEU", "friction.china_confrontation").values()} == {0.0}
    assert min(values(built, "DEU", "friction.china_confrontation")) == 2000
    # each year's value says which incidents it is computed from: those up to that year
    notes = next(s["notes"] for s in built["countries"]["IND"]["indicators"]["friction.china_confrontation"])
    assert "2016" not in notes and notes["2017"] == "2017-06-16 Doklam (News); 2017-08-15 Pangong (News)"
    assert "Galwan" not in notes["2019"] and notes["2020"].endswith("2020-06-15 Galwan (News)")
    # and the pages: each incident's own, registered as a source of its publisher, title and URL
    pages = next(s["pages"] for s in built["countries"]["IND"]["indicators"]["friction.china_confrontation"])
    assert "2016" not in pages and len(pages["2017"]) == 2 and len(pages["2019"]) == 2 and len(pages["2020"]) == 3
    galwan = built["sources"][pages["2020"][2]]
    assert galwan["url"] == "https://x.invalid/3" and galwan["publisher"] == "News"


def test_a_visits_stock_names_the_pages_of_the_cited_visits_it_counts(raw):
    built = build_data.build(*raw)
    series = next(s for s in built["countries"]["DEU"]["indicators"]["diplomacy.visits_to_china"]
                  if s["source"] == "visits-table")
    # every table year still holds the decayed China Vitae visit of 2003, which is named first;
    # the cited visit's page from its own year on, not before
    assert set(series["pages"]) == {str(y) for y in range(2019, 2025)}
    assert series["pages"]["2021"] == ["vitae-visits"] and series["pages"]["2024"][0] == "vitae-visits"
    assert built["sources"][series["pages"]["2024"][1]]["url"] == "https://v.invalid/1"
    assert "pages" not in next(s for s in built["countries"]["DEU"]["indicators"]["diplomacy.visits_to_china"]
                               if s["source"] == "vitae-visits")


@pytest.mark.parametrize("row, message", [
    (["IND", 2017, "2017-06", "harsh_words", "w", "T", "News", "https://x.invalid", ""], "kind 'harsh_words'"),
    (["IND", 2017, "2016-12", "clash", "w", "T", "News", "https://x.invalid", ""], "not in the row's year 2017"),
    (["IND", 2017, "20170615", "clash", "w", "T", "News", "https://x.invalid", ""], "date '20170615' is not a date"),
    (["IND", 2017, "2017-06", "clash", "w"], "source_title is empty"),  # a short row: its cells are missing
    (["IND", 2017, "2017-06", "clash", "w", "T", "News", "", ""], "url is empty"),
    (["USA", 2017, "2017-06", "clash", "w", "T", "News", "https://x.invalid", ""], "country 'USA'"),
    (["IND", 1999, "1999-06", "clash", "w", "T", "News", "https://x.invalid", ""], "outside 2000-2024"),
    (["IND", 2017, "2017-06", "clash", "w\x1b[2J", "T", "News", "https://x.invalid", ""], "what holds a control"),
])
def test_a_bad_confrontation_row_is_an_error_naming_the_row(raw, row, message):
    write(raw[1].with_name("confrontations.csv"), CONFRONTATIONS_HEADER, [row])
    with pytest.raises(HedgeError, match=message) as error:
        build_data.build(*raw)
    assert "confrontations.csv, row 2: " in str(error.value)  # names the row, on one line
    assert "\n" not in str(error.value)


def test_the_validation_file_holds_the_outside_measures(raw):
    measures = build_data.build_validation(raw[0])["measures"]
    assert measures["fbic.china_share"]["values"] == {"DEU": {"2020": 0.25}}  # 0.1 / (0.1 + 0.3); CHE not covered
    assert measures["fbic.china_dependence_share"]["values"] == {"DEU": {"2020": 0.5}}
    assert measures["pew.china_favourable"]["values"] == {"DEU": {"2020": 21.5}}
    blocs = measures["ce.bloc"]["values"]
    assert blocs["PAK"] == {"2023": "China_and_close_allies"} and blocs["DEU"] == {"2023": "US_and_close_allies"}
    assert "HUN" not in blocs and "TUR" not in blocs  # "Europe except Hungary"; Turkey has a bloc of its own
    assert measures["ecfr.view_of_china"]["values"] == {"DEU": {"2023": "rival_or_adversary"}}
    assert measures["lowy.more_influential"]["order"] == ["US", "China", "China_strongest"]


def test_partnership_tiers_follow_the_documented_rule():
    from hedgecli.build.politics import partnership_tier

    assert partnership_tier("comprehensive strategic partnership") == 0.5
    assert partnership_tier("strategic cooperative partnership") == 0.5
    assert partnership_tier("comprehensive strategic cooperative partnership") == 1.0
    assert partnership_tier("comprehensive strategic partnership of cooperation") == 1.0
    assert partnership_tier("All-weather strategic cooperative partnership") == 1.0
    assert partnership_tier("China-Vietnam community with a shared future") == 1.0
    assert partnership_tier("open and pragmatic partnership for comprehensive cooperation") == 0.0


# Outputs in separate interpreters with different string-hash seeds: anything that depends on
# the iteration order of a set or of a dict built from one shows up as different bytes.
SEEDED = """
import contextlib, hashlib, io, sys
from pathlib import Path
from hedgecli.build import main as build_data
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
    (2, "1990", "events.csv, row 3: year 1990 is outside the data (2000-2025)"),
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


def test_a_states_dated_statement_on_the_award_replaces_amtis_earlier_snapshot(raw):
    """AMTI's June 2016 snapshot predates the award: Kenya's pre-ruling support holds in the
    fixture, but a cited statement of the award's own days (Kenya's, here) replaces the
    snapshot from its year, and later years carry it with its age."""
    write(raw[1], EVENTS_HEADER,
          [["KEN", "political.scs_award_support_china", 2016, 0, "Kenya's statement", "News", "2016-07-13",
            "https://k.invalid", "a stand on the award itself"]])
    built = build_data.build(*raw)
    support = values(built, "KEN", "political.scs_award_support_china")
    assert support[2015] == (0.0, "amti-scs") and support[2016][0] == 0.0 and support[2016][1] != "amti-scs"
    assert 2017 not in support  # the page confirms 2016: later years are the scorer's, with their age
    assert values(built, "KEN", "friction.scs_award_stand")[2016][1] == "amti-scs"  # the other code is AMTI's
