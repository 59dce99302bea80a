"""Build steps for diplomacy with China: leader-level visits in both directions (as decayed
stocks), China-CEEC membership and EU statements on China a member blocked or diluted.

Visits are events, and one visit's weight fades: a visit counts 1 in its year and RETENTION
times as much each year after (a stock, as capital is), so a score does not jump when a visit
leaves a window. The raw series end early (CEIAS 2020, China Vitae 2018); the cited rows of
data/visits.csv carry them on (see docs/DATA.md for the seam).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from ..errors import HedgeError
from .common import (COUNTRIES, EU, EVENT_RETENTION, FIRST_YEAR, LAST_FULL_YEAR, Collector, cited_row, country_code,
                     decayed, page_source, read_rows, year_cell)

CEIAS = Path("ceias-chinese-leader-travel") / "all_rows_1949_2020.csv"
CEIAS_LAST = 2020  # its last row is January 2020; travel stopped with the pandemic that month
# CEIAS's names that pycountry does not look up exactly (None: not a state the data map)
CEIAS_NAMES = {"Congo - Brazzaville": "COG", "Cote d'Ivoire": "CIV", "Korea, North": "PRK", "Palestine": None,
               "Russia": "RUS", "Soviet Union": None}
VITAE = Path("china-vitae-leader-engagements") / "visits_to_china_by_foreign_hosg_approx.csv"
VITAE_YEARS = (2003, 2018)
VISIT_COLUMNS = ("country", "year", "date", "direction", "leader", "role", "occasion", "source_title",
                 "publisher", "url")
CEEC = Path("china-ceec-membership") / "country_year.csv"
CEEC_FIRST = 2012  # the forum's founding meeting (Warsaw, April 2012): no one was a member before
BLOCKED = Path("eu-china-statements-blocked") / "events.csv"
# a burn-in: a stock reported from 2000 starts this many years earlier, so its first years are
# not low merely because counting began (0.8^10 = 0.11 of a visit is left after ten years)
BURN_IN = 10


def read_visits(path: Path, sources: dict) -> dict[str, dict[tuple[str, int], list[str]]]:
    """The cited visits table: direction -> (country, year) -> the source ids of its visits."""
    out: dict[str, dict[tuple[str, int], list[str]]] = {"to_china": defaultdict(list), "from_china": defaultdict(list)}
    if not path.is_file():
        raise HedgeError(f"visits table not found: {path}")
    for row in read_rows(path, VISIT_COLUMNS):
        cited_row(row, "visit")
        if row["direction"] not in out:
            raise HedgeError(f"{row.where}: direction {row['direction']!r} is not to_china or from_china")
        year = year_cell(row)
        out[row["direction"]][(row["country"], year)].append(page_source("vs-", row, sources))
    return out


def leader_trips(raw: Path, out: Collector, visits: dict) -> None:
    """diplomacy.china_leader_visits: trips by China's president or premier to the country (CEIAS
    to 2020, cited visits after), as a decayed stock."""
    counts: dict[tuple[str, int], float] = defaultdict(float)
    for row in read_rows(raw / CEIAS, ("country", "iso3", "year", "event_or_measure")):
        year = year_cell(row)
        if row["event_or_measure"] != "chinese_leader_travel_to_country" or year is None or year < FIRST_YEAR - BURN_IN:
            continue
        # the file fills iso3 only for the 55 countries of the first releases; a trip to any other
        # country (Xi to Buenos Aires, 2014) is found by its name, or it would count as no trip
        code = row["iso3"] or country_code(row["country"], CEIAS_NAMES, row.where)
        if code:
            counts[(code, year)] += 1.0
    for (code, year), ids in visits["from_china"].items():
        if year > CEIAS_LAST:
            counts[(code, year)] += len(ids)
    for code in COUNTRIES:
        stock = decayed({y: counts.get((code, y), 0.0) for y in range(FIRST_YEAR - BURN_IN, LAST_FULL_YEAR + 1)},
                        EVENT_RETENTION)
        # the table's years still hold CEIAS's decayed trips, if the country had any
        had_trips = any(counts.get((code, y)) for y in range(FIRST_YEAR - BURN_IN, CEIAS_LAST + 1))
        earlier = "ceias-travel" if had_trips else None
        for year in range(FIRST_YEAR, LAST_FULL_YEAR + 1):
            source = "ceias-travel" if year <= CEIAS_LAST else "visits-table"
            out.put(code, "diplomacy.china_leader_visits", source, year, stock[year])
            if source == "visits-table":
                _pages(out, (code, "diplomacy.china_leader_visits", source), year, visits["from_china"], CEIAS_LAST,
                       earlier)


def visits_to_china(raw: Path, out: Collector, visits: dict) -> None:
    """diplomacy.visits_to_china: heads of state or government of the country visiting China
    (China Vitae 2003-2018, for the countries it covers; cited visits from 2019), a decayed stock.

    China Vitae covers the 55 countries of the first releases; for a country it does not cover,
    2003-2018 is missing (not zero), and the series starts with the cited rows in 2019."""
    counts: dict[tuple[str, int], float] = defaultdict(float)
    covered: set[str] = set()
    for row in read_rows(raw / VITAE, ("iso3", "year")):
        counts[(row["iso3"], year_cell(row))] += 1.0
    for row in read_rows(raw / "china-vitae-leader-engagements" / "country_year_counts.csv", ("iso3",)):
        covered.add(row["iso3"])
    for (code, year), ids in visits["to_china"].items():
        if year > VITAE_YEARS[1]:
            counts[(code, year)] += len(ids)
    first = VITAE_YEARS[0]
    for code in COUNTRIES:
        start = first if code in covered else VITAE_YEARS[1] + 1
        stock = decayed({y: counts.get((code, y), 0.0) for y in range(start, LAST_FULL_YEAR + 1)}, EVENT_RETENTION)
        # the table's years still hold China Vitae's decayed visits, if the country had any
        earlier = "vitae-visits" if any(counts.get((code, y)) for y in range(start, VITAE_YEARS[1] + 1)) else None
        # the stock needs a few years of counting before it means what it means later: shown from
        # the third year of each source's counting (2005 for China Vitae, whose counting starts in 2003)
        for year in range(start + 2, LAST_FULL_YEAR + 1):
            source = "vitae-visits" if year <= VITAE_YEARS[1] else "visits-table"
            out.put(code, "diplomacy.visits_to_china", source, year, stock[year])
            if source == "visits-table":
                _pages(out, (code, "diplomacy.visits_to_china", source), year, visits["to_china"], VITAE_YEARS[1],
                       earlier)


def _pages(out: Collector, series: tuple[str, str, str], year: int, cited: dict, after: int,
           earlier: str | None) -> None:
    """What a stock's value in `year` counts beyond its own series' source: the dataset it
    continues (`earlier`, whose decayed visits to `after` it still holds, if any), then the pages
    of the table's visits from the year after to `year`."""
    code = series[0]
    ids = ([earlier] if earlier else []) + [p for y in range(after + 1, year + 1) for p in cited.get((code, y), ())]
    if ids:
        out.year_pages[series][year] = list(dict.fromkeys(ids))


def ceec(raw: Path, out: Collector) -> None:
    """diplomacy.china_ceec: 1 in the years a state took part in China-CEEC (16+1/17+1), 0 before
    the forum existed (2012) and after it left. Only for the states that took part at some time
    (every covered state of Central and Eastern Europe did): for the others it does not apply,
    and a zero for them all would only dilute what the other indicators say."""
    member: dict[tuple[str, int], float] = {}
    for row in read_rows(raw / CEEC, ("iso3", "year", "event_or_measure", "value")):
        if row["event_or_measure"] == "china_ceec_participant":
            member[(row["iso3"], year_cell(row))] = float(row["value"] or 0)
    took_part = {code for (code, _y), v in member.items() if v >= 1.0}
    for code in sorted(took_part & set(COUNTRIES)):
        for year in range(FIRST_YEAR, LAST_FULL_YEAR + 1):
            out.put(code, "diplomacy.china_ceec", "china-ceec", year, member.get((code, year), 0.0))


def blocked_statements(raw: Path, out: Collector) -> None:
    """diplomacy.eu_statement_blocked: EU statements on China a member blocked or diluted, as a
    decayed stock; only EU members can block one, and the known cases start in 2016."""
    counts: dict[tuple[str, int], float] = defaultdict(float)
    for row in read_rows(raw / BLOCKED, ("iso3", "year", "event_or_measure", "value", "certainty")):
        # Croatia and Slovenia were "wary" for reasons of their own maritime dispute: not a block
        if "motive not China-related" in row["certainty"]:
            continue
        counts[(row["iso3"], year_cell(row))] += float(row["value"] or 0)
    for code in EU:
        stock = decayed({y: counts.get((code, y), 0.0) for y in range(FIRST_YEAR, LAST_FULL_YEAR + 1)},
                        EVENT_RETENTION)
        for year in range(FIRST_YEAR, LAST_FULL_YEAR + 1):
            out.put(code, "diplomacy.eu_statement_blocked", "eu-blocked", year, stock[year])
