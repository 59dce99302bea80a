"""Build `data/indicators.json` from the public raw datasets, deterministically.

    python scripts/build_data.py --raw ../shared/data-raw            # writes data/indicators.json

The raw folder holds one sub-folder per dataset (see each one's SOURCE.md); the hand-kept,
cited facts that no dataset covers (5G decisions, AIIB membership, NATO accessions after 2018)
come from `data/events.csv`. Every value written carries the source it was derived from; the
citation of each source is in SOURCES below. The output is validated against the Pydantic
models before it replaces the old file, and a digest of it is written beside it so that the
CLI can skip re-validating the shipped file at start-up.

Only the standard library, pycountry and the project's own models are used, so the script runs
in the same environment as the tool.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import re
import sys
from collections import defaultdict
from pathlib import Path

from . import units
from .errors import HedgeError
from .fileio import write_atomic

FIRST_YEAR = 2000
LAST_FULL_YEAR = 2024  # 2025 in the investment tracker is half a year: not a comparable window
WINDOW = 5  # years summed for lumpy flows (investment deals, arms deliveries), as SIPRI advises

ASEAN = ["BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM"]
NATO_JOINED = {  # year each ally (other than the US) joined NATO
    "BEL": 1949, "CAN": 1949, "DNK": 1949, "FRA": 1949, "ISL": 1949, "ITA": 1949, "LUX": 1949,
    "NLD": 1949, "NOR": 1949, "PRT": 1949, "GBR": 1949, "GRC": 1952, "TUR": 1952, "DEU": 1955,
    "ESP": 1982, "CZE": 1999, "HUN": 1999, "POL": 1999, "BGR": 2004, "EST": 2004, "LVA": 2004,
    "LTU": 2004, "ROU": 2004, "SVK": 2004, "SVN": 2004, "ALB": 2009, "HRV": 2009, "MNE": 2017,
    "MKD": 2020, "FIN": 2023, "SWE": 2024,
}
EU = ["AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN",
      "IRL", "ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK", "SVN", "ESP", "SWE"]
G7 = ["CAN", "FRA", "DEU", "ITA", "JPN", "GBR"]  # the US is the reference, not a member scored
OTHER_PARTNERS = ["JPN", "KOR", "AUS", "NZL", "ISR", "SAU", "ARE", "IND", "BRA", "MEX"]
COUNTRIES = sorted(set(ASEAN) | set(NATO_JOINED) | set(EU) | set(OTHER_PARTNERS))

# Names pycountry spells the formal way; users and the seed use these.
DISPLAY_NAMES = {"KOR": "South Korea", "LAO": "Laos", "VNM": "Vietnam", "BRN": "Brunei",
                 "TUR": "Turkey", "GBR": "United Kingdom", "CZE": "Czechia"}
# Aliases pycountry lacks (it has the ISO names, official names and common names).
ALIASES = {
    "KOR": ["korea", "south korea", "republic of korea", "rok"],
    "GBR": ["uk", "britain", "great britain"],
    "MMR": ["burma"],
    "TUR": ["turkey", "turkiye"],
    "USA": ["us", "usa", "america"],
    "NLD": ["holland"],
    "CZE": ["czech republic"],
    "MKD": ["macedonia"],
    "ARE": ["uae", "emirates"],
    "VNM": ["vietnam"],
    "LAO": ["laos"],
    "BRN": ["brunei"],
}
# Names in the US Census / China Customs file that pycountry does not look up exactly.
TRADE_FILE_NAMES = {"Burma": "MMR", "Macedonia": "MKD", "Turkey": "TUR", "Laos": "LAO",
                    "Brunei": "BRN", "South Korea": "KOR", "Vietnam": "VNM",
                    "Czech Republic": "CZE"}

SOURCES = {
    "cow-trade": {
        "title": "Correlates of War Project Trade Data Set, version 4.0",
        "publisher": "Correlates of War Project",
        "url": "https://correlatesofwar.org/data-sets/bilateral-trade/",
        "licence": "free for research use with citation",
        "citation": "Barbieri, K. and Keshk, O.M.G. (2016), Correlates of War Project Trade Data Set "
                    "Codebook, Version 4.0; Barbieri, Keshk and Pollins (2009), Conflict Management "
                    "and Peace Science 26(5): 471-491.",
        "coverage": "all states, 1870-2014 (used: 2000-2014)",
    },
    "census-gacc-trade": {
        "title": "Trade in Goods by Country (US Census Bureau) and China's customs statistics "
                 "(General Administration of Customs of China)",
        "publisher": "US Census Bureau; General Administration of Customs of the PRC",
        "url": "https://www.census.gov/foreign-trade/balance/index.html",
        "licence": "public domain (US government work); GACC statistics public",
        "citation": "US Census Bureau, Trade in Goods by Country, 2024; GACC, China customs "
                    "statistics, 2024 (convenience copy: IshaPatro/global-trade-dominance).",
        "coverage": "~230 countries, 2000 and 2024 (used: 2024)",
    },
    "aei-cgit": {
        "title": "China Global Investment Tracker",
        "publisher": "American Enterprise Institute and The Heritage Foundation",
        "url": "https://www.aei.org/china-global-investment-tracker/",
        "licence": "available for public use with citation",
        "citation": "Scissors, D., China Global Investment Tracker, American Enterprise Institute, "
                    "2025 edition (investments, transactions of US$100m or more).",
        "coverage": "~150 host countries, 2005-2025H1 (used: 5-year sums ending 2009-2024)",
    },
    "gfdc-bri": {
        "title": "Countries of the Belt and Road Initiative",
        "publisher": "Green Finance & Development Center, FISF Fudan University",
        "url": "https://greenfdc.org/countries-of-the-belt-and-road-initiative-bri/",
        "licence": "free with citation",
        "citation": "Nedopil, C. (2023), Countries of the Belt and Road Initiative, Shanghai, Green "
                    "Finance & Development Center, FISF Fudan University (December 2023 version).",
        "coverage": "151 signatory countries with likely join and exit dates (used: 2013-2024)",
    },
    "aei-cgit-construction": {
        "title": "China Global Investment Tracker: construction contracts",
        "publisher": "American Enterprise Institute and The Heritage Foundation",
        "url": "https://www.aei.org/china-global-investment-tracker/",
        "licence": "available for public use with citation",
        "citation": "Scissors, D., China Global Investment Tracker, Fall 2019 edition (construction "
                    "contracts of US$100m or more).",
        "coverage": "~150 host countries, 2005-2019 (used: 5-year sums ending 2009-2019)",
    },
    "aiddata-gcdf3": {
        "title": "Global Chinese Development Finance Dataset, Version 3.0",
        "publisher": "AidData at William & Mary",
        "url": "https://www.aiddata.org/data/aiddatas-global-chinese-development-finance-dataset-version-3-0",
        "licence": "CC BY 4.0",
        "citation": "Custer, S. et al. (2023), Tracking Chinese Development Finance: An Application of "
                    "AidData's TUFF 3.0 Methodology, AidData at William & Mary.",
        "coverage": "165 low- and middle-income recipients, 2000-2021 (used: 5-year sums ending 2004-2021)",
    },
    "unga-agreement": {
        "title": "United Nations General Assembly Voting Data: roll calls",
        "publisher": "Erik Voeten, Harvard Dataverse (via the unvotes package)",
        "url": "https://hdl.handle.net/1902.1/12379",
        "licence": "free with citation",
        "citation": "Voeten, E. (2013), Data and Analyses of Voting in the UN General Assembly, in "
                    "Routledge Handbook of International Organization.",
        "coverage": "all UN members, 1946-2019 (used: 2000-2019)",
    },
    "atop-5": {
        "title": "Alliance Treaty Obligations and Provisions (ATOP), version 5.0",
        "publisher": "ATOP project (Leeds et al.)",
        "url": "http://www.atopdata.org",
        "licence": "free for research use with citation",
        "citation": "Leeds, B.A., Ritter, J.M., Mitchell, S.M. and Long, A.G. (2002), International "
                    "Interactions 28: 237-260; ATOP version 5.0.",
        "coverage": "all states, 1815-2018 (used: 2000-2018)",
    },
    "dmdc-troops": {
        "title": "Military and civilian personnel by location (DMDC), compiled as troopdata",
        "publisher": "US Defense Manpower Data Center; Allen, Flynn and Martinez Machain",
        "url": "https://dwp.dmdc.osd.mil/dwp/app/dod-data-reports/workforce-reports",
        "licence": "public domain (US government work); compilation GPL-3",
        "citation": "Allen, M.A., Flynn, M.E. and Martinez Machain, C. (2021), Global U.S. military "
                    "deployment data: 1950-2020, Conflict Management and Peace Science, "
                    "doi:10.1177/07388942211030885; DMDC quarterly reports to 2025.",
        "coverage": "~200 countries, 1950-2025 (used: 2000-2025, active-duty personnel)",
    },
    "sipri-at": {
        "title": "SIPRI Arms Transfers Database",
        "publisher": "Stockholm International Peace Research Institute",
        "url": "https://www.sipri.org/databases/armstransfers",
        "licence": "reuse permitted with attribution",
        "citation": "SIPRI Arms Transfers Database, trend-indicator values, data generated "
                    "28 July 2022.",
        "coverage": "~170 recipients, 1950-2021 (used: 5-year sums ending 2000-2021)",
    },
    "unga-ideal-points": {
        "title": "United Nations General Assembly Voting Data: ideal point estimates",
        "publisher": "Erik Voeten, Harvard Dataverse",
        "url": "https://hdl.handle.net/1902.1/12379",
        "licence": "free with citation",
        "citation": "Bailey, M.A., Strezhnev, A. and Voeten, E. (2017), Estimating dynamic state "
                    "preferences from United Nations voting data, Journal of Conflict Resolution "
                    "61(2): 430-456; ideal points release of July 2025.",
        "coverage": "all UN members, 1946-2024 (used: final-passage votes, 2000-2024)",
    },
    "asean-members": {
        "title": "Member states of ASEAN",
        "publisher": "Wikipedia",
        "url": "https://en.wikipedia.org/wiki/Member_states_of_ASEAN",
        "licence": "CC BY-SA 4.0",
        "citation": "Member states of ASEAN, Wikipedia (accession dates 1967-1999).",
        "coverage": "the ten member states",
    },
    "eu-members": {
        "title": "Member state of the European Union",
        "publisher": "Wikipedia",
        "url": "https://en.wikipedia.org/wiki/Member_state_of_the_European_Union",
        "licence": "CC BY-SA 4.0",
        "citation": "Member state of the European Union, Wikipedia (the 27 members since 2020).",
        "coverage": "the 27 member states",
    },
    "g7-members": {
        "title": "Group of Seven",
        "publisher": "Wikipedia",
        "url": "https://en.wikipedia.org/wiki/Group_of_Seven",
        "licence": "CC BY-SA 4.0",
        "citation": "Group of Seven, Wikipedia: Canada, France, Germany, Italy, Japan, the United "
                    "Kingdom and the United States (the EU a non-enumerated member).",
        "coverage": "the seven members",
    },
    "nato-members": {
        "title": "NATO Countries 2024",
        "publisher": "World Population Review",
        "url": "https://worldpopulationreview.com/country-rankings/nato-countries",
        "licence": "public web page",
        "citation": "World Population Review, NATO Countries (32 members with accession years, "
                    "as of March 2024).",
        "coverage": "the 32 members and the year each joined",
    },
}

INDICATORS = {
    "trade.china_tilt": {
        "name": "China's share of great-power goods trade", "pillar": "trade", "unit": "share",
        "description": "Goods trade (exports + imports) with China as a share of goods trade with "
                       "China and the US together: 0 = all with the US, 0.5 = parity, 1 = all "
                       "with China.",
        "derivation": "china / (china + us); COW: exp_to_chn + imp_from_chn and exp_to_us + "
                      "imp_from_us (2000-2014); 2024: China customs and US Census bilateral totals.",
    },
    "trade.china_share": {
        "name": "China's share of total goods trade", "pillar": "trade", "unit": "share",
        "description": "Goods trade with China as a share of the country's total goods trade "
                       "(to 2014: no later totals in the public data gathered).",
        "derivation": "(exp_to_chn + imp_from_chn) / (exp_total + imp_total), COW",
    },
    "trade.us_share": {
        "name": "US share of total goods trade", "pillar": "trade", "unit": "share",
        "description": "Goods trade with the US as a share of the country's total goods trade (to 2014).",
        "derivation": "(exp_to_us + imp_from_us) / (exp_total + imp_total), COW",
    },
    "trade.china_import_share": {
        "name": "Import dependence on China", "pillar": "trade", "unit": "share",
        "description": "Imports from China as a share of the country's total imports (to 2014).",
        "derivation": "imp_from_chn / imp_total, COW",
    },
    "tech.huawei_5g": {
        "name": "Huawei/ZTE in 5G networks", "pillar": "technology", "unit": "policy code",
        "description": "Policy on Chinese vendors in 5G networks from the year of the decision: "
                       "1 = allowed, 0.5 = restricted, 0 = excluded.",
        "derivation": "hand-coded from the cited decision (data/events.csv)",
    },
    "tech.china_tech_investment": {
        "name": "Chinese technology investment", "pillar": "technology", "unit": "USD million",
        "description": "Chinese investment in the country's technology sector, sum of the five "
                       "years ending in the given year (deals of US$100m or more).",
        "derivation": "sum of inv_tech_musd over years t-4..t; no recorded deal = 0",
    },
    "infra.bri_mou": {
        "name": "Belt and Road memorandum", "pillar": "infrastructure", "unit": "0/1",
        "description": "1 if a Belt and Road cooperation memorandum with China is in force at the "
                       "end of the year, else 0 (from 2013, when the initiative began).",
        "derivation": "join date <= 31 Dec and no exit by then",
    },
    "infra.aiib_member": {
        "name": "AIIB membership", "pillar": "infrastructure", "unit": "0/1",
        "description": "1 if a member of the China-led Asian Infrastructure Investment Bank.",
        "derivation": "hand-coded from the cited source (data/events.csv)",
    },
    "infra.china_infra_investment": {
        "name": "Chinese infrastructure investment", "pillar": "infrastructure",
        "unit": "USD million",
        "description": "Chinese investment in energy, transport, logistics (ports) and utilities, "
                       "sum of the five years ending in the given year (deals of US$100m or more).",
        "derivation": "sum of inv_energy + inv_transport + inv_logistics + inv_utilities over "
                      "t-4..t; no recorded deal = 0",
    },
    "infra.china_construction": {
        "name": "Chinese construction contracts", "pillar": "infrastructure", "unit": "USD million",
        "description": "Construction contracts won by Chinese firms (roads, rail, ports, power), sum "
                       "of the five years ending in the given year (contracts of US$100m or more; "
                       "the public copy ends in 2019).",
        "derivation": "sum of con_total_musd over t-4..t; no recorded contract = 0",
    },
    "infra.china_dev_finance": {
        "name": "Chinese development finance", "pillar": "infrastructure", "unit": "USD million",
        "description": "Chinese official development finance committed (aid-like, commercial-rate "
                       "and vague flows), sum of the five years ending in the given year, constant "
                       "2021 dollars. Low- and middle-income recipients only; to 2021.",
        "derivation": "sum of the adjusted oda + oof + vof commitments over t-4..t, / 1e6; "
                      "no project = 0 (for countries AidData covers)",
    },
    "security.us_defense_pledge": {
        "name": "US defence commitment", "pillar": "security", "unit": "0/1",
        "description": "1 if the US has a treaty obligation to defend the country (NATO, bilateral "
                       "treaties, Rio Treaty).",
        "derivation": "ATOP us_defense_pledge_to_country (to 2018); NATO members from their "
                      "accession year after 2018",
    },
    "security.us_troops": {
        "name": "US troops stationed", "pillar": "security", "unit": "persons",
        "description": "US active-duty military personnel permanently assigned in the country "
                       "(rotational deployments are not counted).",
        "derivation": "troops_active_duty, last quarter reported in the year; a zero between two "
                      "years with troops is a reporting gap and left missing",
    },
    "security.us_arms_share": {
        "name": "Arms imports from the US vs China and Russia", "pillar": "security",
        "unit": "share",
        "description": "Arms imported from the US as a share of arms imported from the US, China "
                       "and Russia together, five years ending in the given year (SIPRI TIV).",
        "derivation": "usa / (usa + china + russia) over t-4..t; missing if no such imports",
    },
    "political.un_agreement_us": {
        "name": "UN voting agreement with the US", "pillar": "political", "unit": "share",
        "description": "Share of UN General Assembly votes agreeing with the US that year (yes = 1, "
                       "abstain = 0.5, no = 0); to 2019.",
        "derivation": "agree_us from Voeten's roll calls",
    },
    "political.un_agreement_china": {
        "name": "UN voting agreement with China", "pillar": "political", "unit": "share",
        "description": "Share of UN General Assembly votes agreeing with China that year; to 2019.",
        "derivation": "agree_china from Voeten's roll calls",
    },
    "political.un_alignment": {
        "name": "UN voting position between China and the US", "pillar": "political",
        "unit": "position (China 0, US 1)",
        "description": "Where the country's UN General Assembly ideal point lies on the line from "
                       "China's (0) to the US's (1) that year; below 0 = beyond China, above 1 = "
                       "beyond the US.",
        "derivation": "(ideal_fp - ideal_fp of China) / (ideal_fp of the US - ideal_fp of China), "
                      "final-passage ideal points",
    },
}

EVENT_INDICATORS = {"tech.huawei_5g", "infra.aiib_member", "security.us_defense_pledge"}


class Row(dict):
    """A CSV row (column -> text) that knows where it is in its file, for error messages."""

    where: str = ""


def read_rows(path: Path, columns: tuple[str, ...]) -> list[Row]:
    """The rows of a CSV file, after checking that it has the columns the caller reads.

    A missing file or column, or a file that is not UTF-8 CSV, is a HedgeError naming it.
    """
    if not path.is_file():
        raise HedgeError(f"raw file not found: {path}")
    try:
        with path.open(newline="", encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in columns if c not in (reader.fieldnames or [])]
            if missing:
                raise HedgeError(f"{path}: missing column(s) {', '.join(missing)}")
            rows = []
            for n, cells in enumerate(reader, start=2):
                row = Row(cells)
                row.where = f"{path}, row {n}"
                rows.append(row)
            return rows
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise HedgeError(f"{path}: cannot read ({exc})") from None


def number(text: str | None) -> float | None:
    """A cell as a number: None for an empty, 'NA' or '-' cell, "1,234.5" as 1234.5; ValueError
    for any other text that is not a finite number."""
    if text is None or text.strip() in ("", "NA", "-"):
        return None
    value = float(text.replace(",", ""))
    if not math.isfinite(value):
        raise ValueError(f"{text!r} is not a finite number")
    return value


def _value(row: Row, column: str, required: bool = False) -> float | None:
    """number() of a cell, with the file, row and column in the message if it is not one."""
    text = row[column]
    try:
        value = number(text)
    except ValueError:
        raise HedgeError(f"{row.where}: {column} {text!r} is not a number") from None
    if value is None and required:
        raise HedgeError(f"{row.where}: {column} is empty")
    return value


_YEAR = re.compile(r"[0-9]{4}")
_DATE = re.compile(r"[0-9]{4}(-[0-9]{2}){0,2}")


def _year(row: Row, column: str = "year", date: bool = False) -> int:
    """A year cell ("2019"), or the year of a date cell ("2019-03-01") with date=True."""
    text = (row[column] or "").strip()
    if not (_DATE if date else _YEAR).fullmatch(text):
        raise HedgeError(f"{row.where}: {column} {row[column]!r} is not a {'date' if date else 'year'}")
    return int(text[:4])


def trade_file_code(name: str) -> str | None:
    """ISO3 for a country name of the Census / customs trade file: TRADE_FILE_NAMES, then
    pycountry; None for territories and historical names ("Congo (Brazzaville)")."""
    import pycountry  # only the build and the validation script need it for the file's names

    if name in TRADE_FILE_NAMES:
        return TRADE_FILE_NAMES[name]
    try:
        return pycountry.countries.lookup(name).alpha_3
    except LookupError:
        return None


def _round(value: float, unit: str) -> float:
    # money and head counts to a tenth; shares, positions and codes to four decimals
    return round(value, 1) if unit in ("USD million", "persons") else round(value, 4)


class _Collector:
    """Values per (country, indicator, source): years -> value."""

    def __init__(self) -> None:
        self.values: dict[tuple[str, str, str], dict[int, float]] = defaultdict(dict)
        self.notes: dict[tuple[str, str, str], str] = {}
        # (country, indicator) -> [(year, row number, value, source)] from data/events.csv
        self.events: dict[tuple[str, str], list[tuple[int, int, float, str]]] = defaultdict(list)

    def put(self, code: str, indicator: str, source: str, year: int, value: float) -> None:
        if code in COUNTRIES and FIRST_YEAR <= year:
            unit = INDICATORS[indicator]["unit"]
            self.values[(code, indicator, source)][year] = _round(value, unit)


def _trade(raw: Path, out: _Collector) -> None:
    flow_columns = ("exp_to_us", "imp_from_us", "exp_to_chn", "imp_from_chn")
    for row in read_rows(raw / "cow-trade" / "cow_trade_v4_us_china_total_1990_2014.csv",
                         ("iso3", "year", *flow_columns, "exp_total", "imp_total")):
        flows = [_value(row, k) for k in flow_columns]
        if None in flows:
            continue
        us, china = flows[0] + flows[1], flows[2] + flows[3]
        code, year = row["iso3"], _year(row)
        if us + china > 0:
            out.put(code, "trade.china_tilt", "cow-trade", year, china / (us + china))
        exports, imports = _value(row, "exp_total"), _value(row, "imp_total")
        if exports is not None and imports is not None and exports + imports > 0:
            # bilateral flows partly come from partners' (mirror) records, totals from the
            # country's own: a share can exceed what the country reports; keep it within 0-1
            out.put(code, "trade.china_share", "cow-trade", year, min(1.0, china / (exports + imports)))
            out.put(code, "trade.us_share", "cow-trade", year, min(1.0, us / (exports + imports)))
        if imports:
            out.put(code, "trade.china_import_share", "cow-trade", year, min(1.0, flows[3] / imports))
    for row in read_rows(raw / "us-china-bilateral-trade" / "us_china_trade_2000_2024.csv",
                         ("country", "year", "trade_with_us_musd", "trade_with_china_musd")):
        if _year(row) != 2024:
            continue  # 2000 overlaps COW; one source per year keeps the series consistent
        code = trade_file_code(row["country"])
        if code is None:
            continue
        us, china = _value(row, "trade_with_us_musd"), _value(row, "trade_with_china_musd")
        if us is not None and china is not None and us + china > 0:
            out.put(code, "trade.china_tilt", "census-gacc-trade", 2024, china / (us + china))


def _window_sums(rows: dict[tuple[str, int], float], first: int, last: int) -> dict[tuple[str, int], float]:
    """Sum of the WINDOW years ending in each year, for every country seen in rows."""
    codes = {code for code, _ in rows}
    return {
        (code, year): sum(rows.get((code, y), 0.0) for y in range(year - WINDOW + 1, year + 1))
        for code in codes
        for year in range(first, last + 1)
    }


def _investment(raw: Path, out: _Collector) -> None:
    tech: dict[tuple[str, int], float] = {}
    infra: dict[tuple[str, int], float] = {}
    infra_columns = ("inv_energy_musd", "inv_transport_musd", "inv_logistics_musd", "inv_utilities_musd")
    for row in read_rows(raw / "china-global-investment-tracker" / "cgit_investments_country_year_2005_2025H1.csv",
                         ("iso3", "year", "inv_tech_musd", *infra_columns)):
        key = (row["iso3"], _year(row))
        tech[key] = _value(row, "inv_tech_musd") or 0.0
        infra[key] = sum(_value(row, k) or 0.0 for k in infra_columns)
    first = 2005 + WINDOW - 1  # the tracker starts in 2005: the first full window ends in 2009
    for name, rows in (("tech.china_tech_investment", tech), ("infra.china_infra_investment", infra)):
        sums = _window_sums(rows, first, LAST_FULL_YEAR)
        for code in COUNTRIES:  # a country absent from the tracker had no deal of $100m or more
            for year in range(first, LAST_FULL_YEAR + 1):
                out.put(code, name, "aei-cgit", year, sums.get((code, year), 0.0))


def _construction(raw: Path, out: _Collector) -> None:
    rows = {(r["iso3"], _year(r)): _value(r, "con_total_musd") or 0.0
            for r in read_rows(raw / "china-global-investment-tracker" / "cgit_construction_country_year_2005_2019.csv",
                               ("iso3", "year", "con_total_musd"))}
    sums = _window_sums(rows, 2005 + WINDOW - 1, 2019)
    for code in COUNTRIES:  # a country absent from the tracker had no contract of $100m or more
        for year in range(2005 + WINDOW - 1, 2020):
            out.put(code, "infra.china_construction", "aei-cgit-construction", year, sums.get((code, year), 0.0))


def _dev_finance(raw: Path, out: _Collector) -> None:
    folder = raw / "aiddata-gcdf3"
    covered = {r["iso3"] for r in read_rows(folder / "gcdf3_country_totals_2000_2021.csv", ("iso3",))}
    rows: dict[tuple[str, int], float] = {}
    flows = ("oda_commit_adj_const2021usd", "oof_commit_adj_const2021usd", "vof_commit_adj_const2021usd")
    for r in read_rows(folder / "gcdf3_commitments_country_year_2000_2021.csv", ("iso3", "year", *flows)):
        total = sum(_value(r, k) or 0.0 for k in flows)
        rows[(r["iso3"], _year(r))] = total / 1e6
    for code in COUNTRIES:
        if code not in covered:
            continue  # high-income allies are outside AidData's scope: missing, not zero
        for year in range(2000 + WINDOW - 1, 2022):
            total = sum(rows.get((code, y), 0.0) for y in range(year - WINDOW + 1, year + 1))
            out.put(code, "infra.china_dev_finance", "aiddata-gcdf3", year, total)


def _un_agreement(raw: Path, out: _Collector) -> None:
    import pycountry

    for r in read_rows(raw / "unga-voting-agreement" / "unga_agreement_us_china.csv",
                       ("iso2", "year", "agree_us", "agree_china")):
        year = _year(r)
        if year > 2019:
            continue  # 2020 holds only January's votes
        record = pycountry.countries.get(alpha_2=r["iso2"]) if r["iso2"] else None
        if record is None:
            continue
        for col, ind in (("agree_us", "political.un_agreement_us"), ("agree_china", "political.un_agreement_china")):
            value = _value(r, col)
            if value is not None:
                out.put(record.alpha_3, ind, "unga-agreement", year, value)


def _bri(raw: Path, out: _Collector) -> None:
    dates = {}
    for row in read_rows(raw / "bri-participation" / "bri_countries_gfdc_2023-12.csv",
                         ("iso3", "likely_join_date", "likely_exit_date")):
        if row["likely_join_date"]:
            left = _year(row, "likely_exit_date", date=True) if row["likely_exit_date"] else None
            dates[row["iso3"]] = (_year(row, "likely_join_date", date=True), left)
    for code in COUNTRIES:
        for year in range(2013, LAST_FULL_YEAR + 1):
            joined = dates.get(code)
            member = joined is not None and joined[0] <= year and not (joined[1] is not None and joined[1] <= year)
            out.put(code, "infra.bri_mou", "gfdc-bri", year, 1.0 if member else 0.0)


def _alliances(raw: Path, out: _Collector) -> None:
    for row in read_rows(raw / "atop-alliances" / "atop5_alliance_with_us_china_russia_1990_2018.csv",
                         ("iso3", "year", "us_defense_pledge_to_country")):
        out.put(row["iso3"], "security.us_defense_pledge", "atop-5", _year(row),
                _value(row, "us_defense_pledge_to_country", required=True))
    # ATOP ends in 2018; NATO's Article 5 covers each ally from its accession, so later years of
    # NATO members come from the membership list (Finland 2023, Sweden 2024, N. Macedonia 2020).
    for code, joined in NATO_JOINED.items():
        for year in range(2019, LAST_FULL_YEAR + 1):
            if joined <= year:
                out.put(code, "security.us_defense_pledge", "nato-members", year, 1.0)


def _troops(raw: Path, out: _Collector) -> None:
    series: dict[str, dict[int, float]] = defaultdict(dict)
    for row in read_rows(raw / "us-troops-abroad" / "us_troops_by_country_year.csv",
                         ("iso3c", "year", "troops_active_duty")):
        value = _value(row, "troops_active_duty")
        if value is not None:
            series[row["iso3c"]][_year(row)] = value
    for code, by_year in series.items():
        for year, value in by_year.items():
            if value == 0 and _between_deployments(by_year, year):
                continue  # a gap in reporting, left missing (see below)
            out.put(code, "security.us_troops", "dmdc-troops", year, value)


def _between_deployments(by_year: dict[int, float], year: int) -> bool:
    """True for a zero with troops reported both before and after it.

    DMDC counts permanently assigned personnel, which do not leave a country for a year and come
    back: such zeros are gaps in the compilation (active duty is 0 for 153 countries in 2022,
    where all personnel are reported; Germany, Japan and Korea read 0 in 2003-04), not
    withdrawals.
    """
    return (any(v > 0 for y, v in by_year.items() if y < year)
            and any(v > 0 for y, v in by_year.items() if y > year))


def _arms(raw: Path, out: _Collector) -> None:
    us: dict[tuple[str, int], float] = {}
    rivals: dict[tuple[str, int], float] = {}
    for row in read_rows(raw / "sipri-arms-transfers" / "sipri_tiv_imports_by_supplier_1990_2021.csv",
                         ("iso3", "year", "tiv_from_usa", "tiv_from_china", "tiv_from_russia")):
        key = (row["iso3"], _year(row))
        us[key] = _value(row, "tiv_from_usa") or 0.0
        rivals[key] = (_value(row, "tiv_from_china") or 0.0) + (_value(row, "tiv_from_russia") or 0.0)
    us_sum = _window_sums(us, FIRST_YEAR, 2021)
    rival_sum = _window_sums(rivals, FIRST_YEAR, 2021)
    for key, total_us in us_sum.items():
        total = total_us + rival_sum.get(key, 0.0)
        if total > 0:  # no arms from any of the three: the share is undefined, not zero
            out.put(key[0], "security.us_arms_share", "sipri-at", key[1], total_us / total)


def _un(raw: Path, out: _Collector) -> None:
    """Signed position on the China-US segment of the ideal-point axis.

    (x - China) / (US - China): 0 at China's position, 1 at the US's, below 0 beyond China. A
    ratio of unsigned distances would rise again for a state moving further beyond China (as
    Cambodia and Myanmar did), reading a move away from the US as a move toward it.
    """
    rows = read_rows(raw / "unga-ideal-points" / "unga_ideal_points_1990_2024.csv", ("iso3", "year", "ideal_fp"))
    points = {(r["iso3"], _year(r)): _value(r, "ideal_fp") for r in rows}
    for (code, year), x in points.items():
        us, china = points.get(("USA", year)), points.get(("CHN", year))
        if None not in (x, us, china) and us != china:
            out.put(code, "political.un_alignment", "unga-ideal-points", year, (x - china) / (us - china))


EVENT_COLUMNS = ("country", "indicator", "year", "value", "source_title", "publisher", "date", "url")


def _events(path: Path, out: _Collector, sources: dict) -> None:
    """Hand-kept facts: each row becomes a value with its own cited source.

    The table is typed by hand, so every row is checked and a mistake is an error naming the
    row: a country the data do not cover (a typo such as GBX), an indicator the table may not
    set, a year outside the data, a value that is not a number or not valid in its unit.
    """
    if not path.is_file():
        # without it the build would quietly drop every hand-kept fact (5G, AIIB, accessions)
        raise HedgeError(f"events table not found: {path}")
    for n, row in enumerate(read_rows(path, EVENT_COLUMNS), start=2):
        indicator = row["indicator"]
        if indicator not in EVENT_INDICATORS:
            raise HedgeError(f"{row.where}: indicator {indicator!r} is not one the events table may set "
                             f"({', '.join(sorted(EVENT_INDICATORS))})")
        if row["country"] not in COUNTRIES:
            raise HedgeError(f"{row.where}: country {row['country']!r} is not one the data cover "
                             f"(an ISO 3166 alpha-3 code in build_data.COUNTRIES)")
        year = _year(row)
        if not FIRST_YEAR <= year <= LAST_FULL_YEAR:
            raise HedgeError(f"{row.where}: year {year} is outside the data ({FIRST_YEAR}-{LAST_FULL_YEAR})")
        value = _value(row, "value", required=True)
        problem = units.problem(value, INDICATORS[indicator]["unit"])
        if problem:
            raise HedgeError(f"{row.where}: {indicator}: {problem}")
        source_id = "ev-" + hashlib.sha1(row["url"].encode()).hexdigest()[:10]
        sources.setdefault(source_id, {
            "title": row["source_title"], "publisher": row["publisher"], "url": row["url"],
            "licence": None, "citation": f"{row['publisher']}, \"{row['source_title']}\", {row['date']}.",
            "coverage": None,
        })
        out.events[(row["country"], indicator)].append((year, n, value, source_id))
        out.notes[(row["country"], indicator, source_id)] = row.get("note") or ""


def _carry_events(out: _Collector) -> None:
    """Turn each event (a decision in one year) into yearly values until the next decision.

    Decisions are facts about a year; a yearly panel needs the state in each later year, which
    is the last decision's value until another one is recorded (up to the last full year).
    Two decisions in one year (the UK restricted Huawei in January 2020 and banned it in July)
    leave the later one, by row order, as that year's value.
    """
    for (code, ind), decisions in out.events.items():
        decisions.sort()  # by year, then by row in the file
        taken = {y for (c, i, _), values in out.values.items() if (c, i) == (code, ind) for y in values}
        for k, (year, _row, value, src) in enumerate(decisions):
            end = decisions[k + 1][0] - 1 if k + 1 < len(decisions) else LAST_FULL_YEAR
            for y in range(year, end + 1):
                if y not in taken:  # a dataset's value for that year wins over the hand-kept table
                    out.values[(code, ind, src)][y] = value


def country_entry(code: str) -> dict:
    import pycountry

    record = pycountry.countries.get(alpha_3=code)
    names = {record.name, getattr(record, "official_name", None), getattr(record, "common_name", None)}
    name = DISPLAY_NAMES.get(code) or getattr(record, "common_name", None) or record.name
    aliases = sorted({n.lower() for n in names if n} | set(ALIASES.get(code, [])) - {name.lower()})
    return {"name": name, "alpha2": record.alpha_2, "aliases": aliases, "indicators": {}}


def build(raw: Path, events: Path) -> dict:
    from .models import FORMAT  # imports Pydantic: only the build pays for it, not `hedge` start-up

    raw = Path(raw)
    if not raw.is_dir():
        raise HedgeError(f"raw data folder not found: {raw}")
    out = _Collector()
    sources = {k: dict(v) for k, v in SOURCES.items()}
    for step in (_trade, _investment, _construction, _dev_finance, _bri, _alliances, _troops, _arms, _un,
                 _un_agreement):
        step(raw, out)
    _events(events, out, sources)
    _carry_events(out)

    countries = {code: country_entry(code) for code in COUNTRIES}
    for (code, ind, src), values in sorted(out.values.items()):
        if not values:
            continue
        series = {"source": src, "unit": INDICATORS[ind]["unit"],
                  "values": {str(y): values[y] for y in sorted(values)}}
        if out.notes.get((code, ind, src)):
            series["note"] = out.notes[(code, ind, src)]
        countries[code]["indicators"].setdefault(ind, []).append(series)
    for entry in countries.values():
        for series_list in entry["indicators"].values():
            series_list.sort(key=lambda s: min(int(y) for y in s["values"]))
    used = {s["source"] for c in countries.values() for sl in c["indicators"].values() for s in sl}
    used |= {"asean-members", "nato-members", "eu-members", "g7-members"}
    return {
        "format": FORMAT,
        "sources": {k: v for k, v in sorted(sources.items()) if k in used},
        "indicators": INDICATORS,
        "countries": countries,
        "groups": {
            "ASEAN": {"name": "ASEAN", "members": ASEAN, "source": "asean-members",
                      "aliases": ["asean states", "southeast asia"]},
            "NATO": {"name": "NATO allies (excluding the US)", "members": sorted(NATO_JOINED),
                     "source": "nato-members", "aliases": ["nato allies"]},
            # current members for every year: a group's score is its members' today, back-cast
            "EU": {"name": "European Union", "members": sorted(EU), "source": "eu-members",
                   "aliases": ["european union", "eu27"]},
            "G7": {"name": "G7 (excluding the US)", "members": G7, "source": "g7-members",
                   "aliases": ["group of seven"]},
        },
    }


def serialise(dataset: dict) -> bytes:
    """Indented JSON with each series on one line: a diff shows which series changed, and the
    file stays small enough to parse quickly at start-up (hedge is called in loops)."""
    return (_pretty(dataset, 0) + "\n").encode("utf-8")


def _pretty(obj, depth: int) -> str:
    if isinstance(obj, dict) and "values" in obj or not isinstance(obj, (dict, list)) or not obj:
        return json.dumps(obj, ensure_ascii=False, separators=(", ", ": "))
    pad, inner = " " * depth, " " * (depth + 1)
    if isinstance(obj, list):
        return "[\n" + ",\n".join(inner + _pretty(v, depth + 1) for v in obj) + "\n" + pad + "]"
    return ("{\n" + ",\n".join(f"{inner}{json.dumps(k, ensure_ascii=False)}: {_pretty(v, depth + 1)}"
                                for k, v in obj.items()) + "\n" + pad + "}")


def main(argv: list[str] | None = None) -> int:
    root = Path(__file__).resolve().parents[2]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, required=True, help="folder of raw datasets (shared/data-raw)")
    parser.add_argument("--events", type=Path, default=root / "data" / "events.csv")
    parser.add_argument("--out", type=Path, default=root / "data" / "indicators.json")
    args = parser.parse_args(argv)
    from . import models

    try:
        dataset = models.validate(build(args.raw, args.events), "built dataset")
        payload = serialise(dataset)
    except HedgeError as exc:
        print(f"build_data: {exc}", file=sys.stderr)
        return 1
    try:
        write_atomic(args.out, payload)
        write_atomic(args.out.with_name(args.out.name + ".sha256"),
                     (hashlib.sha256(payload).hexdigest() + "\n").encode())
    except OSError as exc:
        print(f"build_data: cannot write {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    n_values = sum(len(s["values"]) for c in dataset["countries"].values()
                   for sl in c["indicators"].values() for s in sl)
    print(f"wrote {args.out}: {len(dataset['countries'])} countries, {n_values} values", file=sys.stderr)
    return 0
