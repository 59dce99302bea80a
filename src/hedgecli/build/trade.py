"""Build steps for trade and the economy: IMF IMTS (one source for 2001-2024), IMF DOTS (each
country's own exports), World Bank GDP, Correlates of War shares (to 2014), and the 2024 Census
and customs figures kept as a cross-check."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from statistics import median

from .common import COUNTRIES, LAST_FULL_YEAR, Collector, cell, read_rows, trade_file_code, year_cell

IMTS_FILE = Path("imf-imts-us-china-partners") / "tidy_long.csv"
DOTS_FILE = Path("imf-dots-exports-2000-2020") / "dots_exports_to_world_china_us_2000_2020.csv"
GDP_FILE = Path("wdi-gdp") / "gdp_current_usd_2000_2024_long.csv"
COW_FILE = Path("cow-trade") / "cow_trade_v4_us_china_total_1990_2014.csv"
CENSUS_FILE = Path("us-china-bilateral-trade") / "us_china_trade_2000_2024.csv"
MAINLAND = "China, P.R.: Mainland"
GAP_YEARS = range(2011, 2021)  # the last ten years in which both sides of the mirror are recorded


def imts_flows(raw: Path) -> dict[tuple[str, str, int], float]:
    """(reporter, partner, year) -> exports + imports, US$ million, for reporters China and the US."""
    flows: dict[tuple[str, str, int], float] = defaultdict(float)
    for row in read_rows(raw / IMTS_FILE, ("reporter_iso3", "indicator_code", "partner_code", "year", "value_musd")):
        if row["indicator_code"] not in ("XG_FOB_USD", "MG_CIF_USD"):
            continue
        value = cell(row, "value_musd")
        if value is not None:
            flows[(row["reporter_iso3"], row["partner_code"], year_cell(row))] += value
    return flows


def china_imports(raw: Path) -> dict[tuple[str, int], float]:
    """China's recorded imports from each partner (IMTS), for the mirror gap."""
    out = {}
    for row in read_rows(raw / IMTS_FILE, ("reporter_iso3", "indicator_code", "partner_code", "year", "value_musd")):
        if row["reporter_iso3"] == "CHN" and row["indicator_code"] == "MG_CIF_USD":
            value = cell(row, "value_musd")
            if value is not None:
                out[(row["partner_code"], year_cell(row))] = value
    return out


DOTS_NAMES = {"Argentina": "ARG", "Bahrain, Kingdom of": "BHR", "Chile": "CHL", "Colombia": "COL",
              "Egypt, Arab Rep. of": "EGY", "Jordan": "JOR", "Kenya": "KEN", "Kuwait": "KWT", "Morocco": "MAR",
              "Pakistan": "PAK", "Panama": "PAN", "Peru": "PER", "Qatar": "QAT", "Tunisia": "TUN"}


def dots_exports(raw: Path) -> dict[tuple[str, int], dict[str, float]]:
    """(country, year) -> {partner: exports}, for the covered countries' own reports."""
    out: dict[tuple[str, int], dict[str, float]] = defaultdict(dict)
    for row in read_rows(raw / DOTS_FILE, ("reporter", "partner", "year", "value_musd", "iso3")):
        # the extract coded iso3 for the 55 countries of the first releases (and a few more);
        # the states added later are found by the IMF's reporter name
        row["iso3"] = row["iso3"] or DOTS_NAMES.get(row["reporter"], "")
        if row["iso3"] in COUNTRIES:
            value = cell(row, "value_musd")
            if value is not None:
                out[(row["iso3"], year_cell(row))][row["partner"]] = value
    return out


def mirror_gaps(raw: Path, flows: dict, exports: dict) -> dict[str, float]:
    """Per country, how far China's and the country's own records of the same flow disagree: the
    median, over 2011-2020, of |China's imports from it - its exports to China| as a share of
    China's total trade with it. Used as the 5-95% band of the China-side figures."""
    imports = china_imports(raw)
    gaps = {}
    for code in COUNTRIES:
        shares = []
        for year in GAP_YEARS:
            own = exports.get((code, year), {}).get(MAINLAND)
            theirs, total = imports.get((code, year)), flows.get(("CHN", code, year))
            if own is not None and theirs is not None and total:
                shares.append(abs(theirs - own) / total)
        if len(shares) >= 5:  # at least half the years, or the gap is one odd year's
            gaps[code] = median(shares)
    return gaps


def imts(raw: Path, out: Collector) -> None:
    """The tilt, and trade with China and with the US, yearly 2001-2024 from one source."""
    flows = imts_flows(raw)
    gaps = mirror_gaps(raw, flows, dots_exports(raw))
    for (reporter, code, year), value in sorted(flows.items()):
        if reporter != "CHN" or code not in COUNTRIES or year > LAST_FULL_YEAR:
            continue
        china, us = value, flows.get(("USA", code, year))
        out.put(code, "trade.china_trade", "imf-imts", year, china)
        if us is not None:
            out.put(code, "trade.us_trade", "imf-imts", year, us)
        if us is not None and china + us > 0:
            out.put(code, "trade.china_tilt", "imf-imts", year, china / (china + us))
    world(flows, out)
    for code, gap in gaps.items():
        # the China side is uncertain by the gap; the tilt inherits it through its numerator
        out.error(code, "trade.china_trade", "imf-imts", "relative", gap)
        out.error(code, "trade.china_tilt", "imf-imts", "numerator_relative", gap)


def world(flows: dict[tuple[str, str, int], float], out: Collector) -> None:
    """The world's trade with China and its tilt, put on every country: the benchmark momentum
    measures a country's move beyond (the same source as the country's own series)."""
    for year in range(2001, LAST_FULL_YEAR + 1):
        china, us = flows.get(("CHN", "G001", year)), flows.get(("USA", "G001", year))
        for code in COUNTRIES:
            if china is not None:
                out.put(code, "world.china_trade", "imf-imts", year, china)
            if china is not None and us is not None and china + us > 0:
                out.put(code, "world.china_tilt", "imf-imts", year, china / (china + us))


def export_shares(raw: Path, out: Collector) -> None:
    """Each country's own exports to mainland China as a share of its exports to the world."""
    for (code, year), partners in sorted(dots_exports(raw).items()):
        world, china = partners.get("World"), partners.get(MAINLAND)
        if world and china is not None:
            out.put(code, "trade.china_export_share", "imf-dots", year, min(1.0, china / world))


def gdp(raw: Path, out: Collector) -> None:
    for row in read_rows(raw / GDP_FILE, ("Country Code", "year", "gdp_current_usd")):
        value = cell(row, "gdp_current_usd")
        if value is not None and value > 0:
            out.put(row["Country Code"], "economy.gdp", "wdi-gdp", year_cell(row), value / 1e6)
            if row["Country Code"] == "WLD":  # the denominator of the world's trade with China
                for code in COUNTRIES:
                    out.put(code, "world.gdp", "wdi-gdp", year_cell(row), value / 1e6)


def cow(raw: Path, out: Collector) -> None:
    """Shares of total trade and import dependence (COW, to 2014: the public data gathered have
    no later totals). The tilt is no longer taken from COW: IMTS gives it on one source."""
    flow_columns = ("exp_to_us", "imp_from_us", "exp_to_chn", "imp_from_chn")
    for row in read_rows(raw / COW_FILE, ("iso3", "year", *flow_columns, "exp_total", "imp_total")):
        flows = [cell(row, k) for k in flow_columns]
        if None in flows:
            continue
        us, china = flows[0] + flows[1], flows[2] + flows[3]
        code, year = row["iso3"], year_cell(row)
        exports, imports = cell(row, "exp_total"), cell(row, "imp_total")
        if exports is not None and imports is not None and exports + imports > 0:
            # bilateral flows partly come from partners' (mirror) records, totals from the
            # country's own: a share can exceed what the country reports; keep it within 0-1
            out.put(code, "trade.china_share", "cow-trade", year, min(1.0, china / (exports + imports)))
            out.put(code, "trade.us_share", "cow-trade", year, min(1.0, us / (exports + imports)))
        if imports:
            out.put(code, "trade.china_import_share", "cow-trade", year, min(1.0, flows[3] / imports))


def census(raw: Path, out: Collector) -> None:
    """The 2024 tilt from the national publications: a cross-check of the IMTS series."""
    for row in read_rows(raw / CENSUS_FILE, ("country", "year", "trade_with_us_musd", "trade_with_china_musd")):
        if year_cell(row) != 2024:
            continue
        code = trade_file_code(row["country"])
        if code is None:
            continue
        us, china = cell(row, "trade_with_us_musd"), cell(row, "trade_with_china_musd")
        if us is not None and china is not None and us + china > 0:
            out.put(code, "trade.china_tilt_direct", "census-gacc-trade", 2024, china / (us + china))


STEPS = (imts, export_shares, gdp, cow, census)
