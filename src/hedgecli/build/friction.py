"""Build steps for friction with China: its economic restrictions aimed at the country (China
Sanctions Monitor), its force against the country (data/confrontations.csv) and the country's
public position on the 2016 South China Sea award (AMTI).

Friction pulls away from China; the method weighs it against the pulls toward it.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from ..errors import HedgeError
from .common import (COUNTRIES, EVENT_RETENTION, FIRST_YEAR, LAST_FULL_YEAR, Collector, cited_row, decayed,
                     page_source, read_rows, year_cell)

MONITOR = Path("china-sanctions-monitor") / "restrictions_by_target.csv"
MONITOR_FIRST = 2010  # the monitor's first restriction (Japan, September 2010); not collected before
CONFRONTATION_COLUMNS = ("country", "year", "date", "kind", "what", "source_title", "publisher", "url")
# what data/confrontations.README.md counts as China's force against a state
CONFRONTATION_KINDS = {"clash", "standoff", "gunfire", "ramming", "water_cannon", "blockade", "boarding",
                       "escorted_intrusion", "territorial_entry", "unsafe_intercept", "laser_or_flares", "radar_lock",
                       "sonar"}
SCS = Path("scs-arbitration-positions") / "positions.csv"
AWARD_YEAR = 2016  # the award (12 July 2016): before it no state could take a position on it
# AMTI's positions: a public stand against China's position (friction) and one for it (a pull)
AGAINST = {"publicly_supporting_outcome_as_binding": 1.0, "publicly_called_for_ruling_to_be_respected": 1.0,
           "positively_acknowledged_ruling_no_call_for_compliance": 0.5}
FOR_CHINA = {"publicly_supporting_china_tribunal_illegitimate": 1.0, "publicly_rejected_ruling": 1.0}
# the 2021 list of states that "positively acknowledged" the ruling is cut after Malta in the
# stored copy: a state sorting after it may be on the missing part, so its absence is not silence
SCS_2021_CUT = "Malta"


def restrictions(raw: Path, out: Collector) -> None:
    """friction.china_restrictions: China's primary economic restrictions on the country's firms,
    products or people, a decayed stock from 2010. Countersanctions (China answering sanctions
    on its own officials, e.g. the EU's of 2021, by listing MEPs by nationality) are left out:
    their target is the person sanctioned, not the government of that nationality."""
    counts: dict[tuple[str, int], float] = defaultdict(float)
    for row in read_rows(raw / MONITOR, ("iso3", "year", "counter_vs_primary")):
        if row["counter_vs_primary"] == "Primary Sanction" and row["iso3"]:
            counts[(row["iso3"], year_cell(row))] += 1.0
    for code in COUNTRIES:
        stock = decayed({y: counts.get((code, y), 0.0) for y in range(MONITOR_FIRST, LAST_FULL_YEAR + 1)},
                        EVENT_RETENTION)
        for year in range(MONITOR_FIRST, LAST_FULL_YEAR + 1):
            out.put(code, "friction.china_restrictions", "china-sanctions-monitor", year, stock[year])


def read_confrontations(path: Path, sources: dict) -> dict[tuple[str, int], list[tuple[str, str]]]:
    """The cited confrontations table: (country, year) -> each incident's record (its date, what
    and publisher) and the source id of its page (registered in `sources`), in date order."""
    if not path.is_file():
        raise HedgeError(f"confrontations table not found: {path}")
    out: dict[tuple[str, int], list[tuple[str, str]]] = defaultdict(list)
    for row in read_rows(path, CONFRONTATION_COLUMNS):
        cited_row(row, "confrontation")
        if row["kind"] not in CONFRONTATION_KINDS:
            kinds = ", ".join(sorted(CONFRONTATION_KINDS))
            raise HedgeError(f"{row.where}: kind {row['kind']!r} is not one of {kinds}")
        year = year_cell(row)
        if not FIRST_YEAR <= year <= LAST_FULL_YEAR:
            raise HedgeError(f"{row.where}: year {year} is outside {FIRST_YEAR}-{LAST_FULL_YEAR}")
        if year_cell(row, "date", date=True) != year:
            raise HedgeError(f"{row.where}: date {row['date']!r} is not in the row's year {year}")
        out[(row["country"], year)].append((f"{row['date']} {row['what']} ({row['publisher']})",
                                            page_source("cf-", row, sources)))
    return {key: sorted(incidents) for key, incidents in out.items()}


def confrontations(out: Collector, rows: dict[tuple[str, int], list[tuple[str, str]]]) -> None:
    """friction.china_confrontation: the years China's forces used, threatened or displayed force
    against the country, as a decayed stock. A year counts once however many incidents it had,
    so that a year reported in detail does not outweigh one reported briefly; every covered state
    was searched, so a state with no row reads 0, as one with no restriction in the monitor does.
    Each year's value carries the record it is computed from, the incidents up to that year, and
    their pages."""
    series = "friction.china_confrontation", "confrontations-table"
    for code in COUNTRIES:
        flows = {y: 1.0 if (code, y) in rows else 0.0 for y in range(FIRST_YEAR, LAST_FULL_YEAR + 1)}
        record: list[tuple[str, str]] = []
        for year, stock in decayed(flows, EVENT_RETENTION).items():
            out.put(code, *series, year, stock)
            record += rows.get((code, year), [])
            if record:
                out.year_notes[(code, *series)][year] = "; ".join(what for what, _page in record)
                out.year_pages[(code, *series)][year] = list(dict.fromkeys(page for _what, page in record))


def award_positions(raw: Path, out: Collector, names: dict[str, str]) -> None:
    """friction.scs_award_stand (a stand for the award, against China's position) and
    political.scs_award_support_china (a stand with China against it): 0 before the award and
    for a state on neither list (AMTI counts it silent); the 2016 pre-ruling position until the
    2021 tracker, that one after."""
    positions: dict[tuple[str, int], str] = {}
    for row in read_rows(raw / SCS, ("iso3", "year", "value")):
        positions[(row["iso3"], year_cell(row))] = row["value"]
    for code in COUNTRIES:
        for year in range(FIRST_YEAR, LAST_FULL_YEAR + 1):
            if year < AWARD_YEAR:
                against = support = 0.0
            else:
                as_of = 2021 if year >= 2021 else 2016
                value = positions.get((code, as_of))
                if value is None and as_of == 2021 and names[code] > SCS_2021_CUT:
                    value = positions.get((code, 2016))  # perhaps on the cut part: keep 2016's
                against, support = AGAINST.get(value, 0.0), FOR_CHINA.get(value, 0.0)
            out.put(code, "friction.scs_award_stand", "amti-scs", year, against)
            out.put(code, "political.scs_award_support_china", "amti-scs", year, support)
