"""Build steps for security ties: US defence pledges (ATOP, then NATO membership), US troops
(DMDC), arms imports by supplier (SIPRI), Chinese military visits (AidData), and the US
alliance tier made from the pledges and Major Non-NATO Ally designations."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from .common import (CAPITAL_RETENTION, FIRST_YEAR, LAST_FULL_YEAR, NATO_JOINED, WINDOW, Collector, cell, country_code,
                     decayed, read_rows, window_sums, year_cell)

SIPRI_OLD = Path("sipri-arms-transfers") / "sipri_tiv_imports_by_supplier_1990_2021.csv"
SIPRI_NEW = Path("sipri-bilateral-2015-2025") / "sipri_tiv_bilateral_2015_2025.csv"
# windows ending in these years come from the 2026 extract (its first full window is 2015-19);
# earlier ones from the 2022 extract. SIPRI revises past deliveries: the overlap 2019-21 is
# compared in scripts/validate_data.py and docs/DATA.md.
NEW_SIPRI_FIRST_END = 2019
NEW_SIPRI_FIRST_YEAR = 2015
NEW_SIPRI_LAST_END = 2025
# AidData's country names that pycountry does not look up exactly
PD_NAMES = {"South Korea": "KOR", "North Korea": "PRK", "Laos": "LAO", "Vietnam": "VNM", "Brunei": "BRN",
            "Micronesia": "FSM", "Timor-Leste": "TLS", "Cook Islands": "COK"}


def alliances(raw: Path, out: Collector) -> None:
    for row in read_rows(raw / "atop-alliances" / "atop5_alliance_with_us_china_russia_1990_2018.csv",
                         ("iso3", "year", "us_defense_pledge_to_country")):
        code, year = row["iso3"], year_cell(row)
        pledge = cell(row, "us_defense_pledge_to_country", required=True)
        if pledge and NATO_JOINED.get(code, 0) > year:
            # ATOP dates NATO's pledge from the accession protocol's signature (Albania and Croatia
            # 2008, Montenegro 2016); Article 5 covers an ally from its accession, as the later
            # years read it. No state that joined after 1990 had another US defence pledge before
            out.put(code, "security.us_defense_pledge", "nato-members", year, 0.0)
            continue
        out.put(code, "security.us_defense_pledge", "atop-5", year, pledge)
    # ATOP ends in 2018; NATO's Article 5 covers each ally from its accession, so later years of
    # NATO members come from the membership list (Finland 2023, Sweden 2024, N. Macedonia 2020).
    # Bilateral treaty allies after 2018 are cited rows of the events table.
    for code, joined in NATO_JOINED.items():
        for year in range(2019, LAST_FULL_YEAR + 1):
            if joined <= year:
                out.put(code, "security.us_defense_pledge", "nato-members", year, 1.0)


def troops(raw: Path, out: Collector) -> None:
    series: dict[str, dict[int, float]] = defaultdict(dict)
    for row in read_rows(raw / "us-troops-abroad" / "us_troops_by_country_year.csv",
                         ("iso3c", "year", "troops_active_duty")):
        value = cell(row, "troops_active_duty")
        if value is not None:
            series[row["iso3c"]][year_cell(row)] = value
    for code, by_year in series.items():
        for year, value in by_year.items():
            if value == 0 and between_deployments(by_year, year):
                continue  # a gap in reporting, left missing (see below)
            out.put(code, "security.us_troops", "dmdc-troops", year, value)


def between_deployments(by_year: dict[int, float], year: int) -> bool:
    """True for a zero with troops reported both before and after it.

    DMDC counts permanently assigned personnel, which do not leave a country for a year and come
    back: such zeros are gaps in the compilation (active duty is 0 for 155 countries in 2022,
    where all personnel are reported; Germany, Japan and Korea read 0 in 2003-04), not
    withdrawals.
    """
    return (any(v > 0 for y, v in by_year.items() if y < year)
            and any(v > 0 for y, v in by_year.items() if y > year))


def arms(raw: Path, out: Collector) -> None:
    """Five-year shares: the US's of arms from the US, China and Russia (the US anchor), and
    China's of all arms imported (an opening to China)."""
    us, china, russia, total = ({} for _ in range(4))
    for row in read_rows(raw / SIPRI_OLD, ("iso3", "year", "tiv_total", "tiv_from_usa", "tiv_from_china",
                                            "tiv_from_russia")):
        key = (row["iso3"], year_cell(row))
        us[key] = cell(row, "tiv_from_usa") or 0.0
        china[key] = cell(row, "tiv_from_china") or 0.0
        russia[key] = cell(row, "tiv_from_russia") or 0.0
        total[key] = cell(row, "tiv_total") or 0.0
    _arms_shares(out, "sipri-at", us, china, russia, total, FIRST_YEAR, NEW_SIPRI_FIRST_END - 1)
    old = {"us": us, "china": china, "total": total}
    us, china, russia, total = (defaultdict(float) for _ in range(4))
    for row in read_rows(raw / SIPRI_NEW, ("supplier_iso3", "recipient_iso3", "year", "tiv")):
        key = (row["recipient_iso3"], year_cell(row))
        tiv = cell(row, "tiv") or 0.0
        # the total is the sum of the same rows (the file's own totals differ from it in 363
        # country-years: truncation and flows not in the transfers list)
        total[key] += tiv
        supplier = row["supplier_iso3"]
        for name, into in (("USA", us), ("CHN", china), ("RUS", russia)):
            if supplier == name:
                into[key] += tiv
    _arms_shares(out, "sipri-at-2026", us, china, russia, total, NEW_SIPRI_FIRST_END, NEW_SIPRI_LAST_END)
    # the stocks take each year's deliveries from one extract: the 2022 one to 2014, the 2026 one
    # (every supplier, revised) from its first year, 2015
    new = {"us": us, "china": china, "total": total}
    flows = {name: {**{k: v for k, v in old[name].items() if k[1] < NEW_SIPRI_FIRST_YEAR},
                    **{k: v for k, v in new[name].items()}} for name in old}
    _arms_stock_shares(out, flows["us"], flows["china"], flows["total"])


# a share of a handful of deliveries says little: below this many TIV (SIPRI's trend-indicator
# value, millions) in the stock, about one small patrol vessel, the stock shares are missing
# rather than flipped by one delivery
ARMS_MIN_TIV = 25.0


def _arms_shares(out: Collector, source: str, us, china, russia, total, first: int, last: int) -> None:
    sums = {name: window_sums(dict(rows), first, last) for name, rows in
            (("us", us), ("china", china), ("russia", russia), ("total", total))}
    for key, all_arms in sums["total"].items():
        great = sums["us"].get(key, 0.0) + sums["china"].get(key, 0.0) + sums["russia"].get(key, 0.0)
        if great > 0:  # no arms from any of the three: the share is undefined, not zero
            out.put(key[0], "security.us_arms_share", source, key[1], sums["us"].get(key, 0.0) / great)
        if all_arms > 0:  # no arms imported at all: undefined, not zero
            out.put(key[0], "security.china_arms_share", source, key[1],
                    min(1.0, sums["china"].get(key, 0.0) / all_arms))


def _arms_stock_shares(out: Collector, us, china, total) -> None:
    """Arms as stocks (each year's deliveries added, a tenth written off a year, from 1990: arms
    are capital equipment, like the investment stocks): the shares method v3 reads. A five-year
    window flips a share when one large delivery enters or leaves it; a stock fades it out. Missing below ARMS_MIN_TIV, unless
    none came from China (then China's share is 0 whatever the total)."""
    codes = {code for code, _ in total}
    years = range(min(min(y for _, y in total), FIRST_YEAR), NEW_SIPRI_LAST_END + 1)
    for code in codes:
        stocks = {name: decayed({y: rows.get((code, y), 0.0) for y in years}, CAPITAL_RETENTION)
                  for name, rows in (("us", us), ("china", china), ("total", total))}
        for year in range(FIRST_YEAR, NEW_SIPRI_LAST_END + 1):
            source = "sipri-at" if year < NEW_SIPRI_FIRST_END else "sipri-at-2026"
            all_arms, from_china = stocks["total"][year], stocks["china"][year]
            if all_arms >= ARMS_MIN_TIV:
                out.put(code, "security.us_arms_share_stock", source, year, min(1.0, stocks["us"][year] / all_arms))
                out.put(code, "security.china_arms_share_stock", source, year, min(1.0, from_china / all_arms))
            elif from_china == 0.0:
                out.put(code, "security.china_arms_share_stock", source, year, 0.0)


def alliance_tier(out: Collector) -> None:
    """security.us_alliance from the pledge and the MNNA designations, once events are in.

    The statutory MNNA list is complete (22 USC 2321k and the determinations made under it), so a
    country with a pledge value and no designation is not an MNNA that year: it scores 0.
    """
    codes = {code for (code, ind, _src) in out.values if ind == "security.us_defense_pledge"}
    for code in sorted(codes):
        pledges = out.get(code, "security.us_defense_pledge")
        mnna = out.get(code, "security.us_mnna")
        for year, (pledge, source) in sorted(pledges.items()):
            # a designation holds until revoked: the latest one at or before the year (its page
            # may be older than the year, as the statute's is)
            earlier = [y for y in mnna if y <= year]
            designated = mnna[max(earlier)] if earlier else None
            if pledge >= 1.0:
                out.put(code, "security.us_alliance", source, year, 1.0)
            elif designated is not None and designated[0] >= 1.0:
                out.put(code, "security.us_alliance", designated[1], year, 0.5)
            else:
                out.put(code, "security.us_alliance", source, year, 0.0)


def pla_visits(raw: Path, out: Collector) -> None:
    """Chinese military and elite visits, five-year sums; a year the dataset did not collect
    ("N/A") leaves its windows missing, not zero."""
    rows = read_rows(raw / "aiddata-china-public-diplomacy" / "ChinesePublicDiplomacy.csv",
                     ("receiving_country", "year", "military_visits", "total_elite_visits"))
    for column, indicator in (("military_visits", "security.pla_visits"),
                              ("total_elite_visits", "political.elite_visits")):
        by_year: dict[str, dict[int, float | None]] = defaultdict(dict)
        for row in rows:
            code = country_code(row["receiving_country"], PD_NAMES, row.where)
            by_year[code][year_cell(row)] = cell(row, column)
        for code, values in by_year.items():
            for year in sorted(values):
                window = [values.get(y) for y in range(year - WINDOW + 1, year + 1)]
                if len(window) == WINDOW and None not in window:
                    out.put(code, indicator, "aiddata-pd", year, sum(window))


STEPS = (alliances, troops, arms, pla_visits)
