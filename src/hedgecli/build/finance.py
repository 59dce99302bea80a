"""Build steps for financial ties with China: a People's Bank of China swap line in force, a
designated renminbi clearing bank, a free trade agreement with China or RCEP in force.

Each is a state with a start (and, for swap lines, an end): 0 before it, a true zero, since a
line, a clearing bank or an agreement that did not exist yet is one the country did not have.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from .common import COUNTRIES, FIRST_YEAR, LAST_FULL_YEAR, WIDER_SET, Collector, read_rows, year_cell

SWAPS = Path("pboc-swap-lines") / "pboc_liquidity_lines_all_partners.csv"
CLEARING = Path("rmb-clearing-banks") / "rmb_clearing_banks.csv"
FTA = Path("china-fta-rcep") / "china_fta_rcep.csv"
# the clearing-bank and FTA lists were compiled for the 55 countries of the first releases; the
# states added later were not searched in them, so their absence there is not evidence
SEARCHED_FIRST = set(COUNTRIES) - set(WIDER_SET)


def swap_lines(raw: Path, out: Collector) -> None:
    """finance.pboc_swap_line: 1 in a year a bilateral PBOC swap line was in force for part of it
    (from its signing to its end date), else 0. Pooled regional funds (Chiang Mai, BRICS) are
    not a bilateral line with China. The dataset covers every PBOC line signed to 2023 (one
    signed in 2024 is not in it)."""
    active: dict[str, set[int]] = defaultdict(set)
    for row in read_rows(raw / SWAPS, ("iso3", "start_date", "end_date", "initiative")):
        if row["initiative"] != "bilateral" or not row["iso3"]:
            continue
        start = year_cell(row, "start_date", date=True)
        end = year_cell(row, "end_date", date=True) if row["end_date"].strip() else start + 3
        active[row["iso3"]].update(range(start, end + 1))
    for code in COUNTRIES:
        years = active[code]
        for year in range(FIRST_YEAR, LAST_FULL_YEAR + 1):
            # a gap of one year between a line's end and its renewal is the renewal's paperwork
            # (the dataset dates each agreement's signing), not a lapse of the relationship
            bridged = year - 1 in years and year + 1 in years
            out.put(code, "finance.pboc_swap_line", "pboc-swaps", year, 1.0 if year in years or bridged else 0.0)


def clearing_banks(raw: Path, out: Collector) -> None:
    """finance.rmb_clearing_bank: 1 from the year the PBOC designated a renminbi clearing bank in
    the country (designations began in 2013), else 0; missing for states not searched."""
    first: dict[str, int] = {}
    for row in read_rows(raw / CLEARING, ("iso3", "event", "year")):
        if row["event"] == "pboc_designation" and row["year"].strip().isdigit():
            first[row["iso3"]] = min(first.get(row["iso3"], 9999), year_cell(row))
    for code in sorted(SEARCHED_FIRST):
        for year in range(FIRST_YEAR, LAST_FULL_YEAR + 1):
            out.put(code, "finance.rmb_clearing_bank", "rmb-clearing", year, 1.0 if first.get(code, 9999) <= year else 0.0)


def trade_agreements(raw: Path, out: Collector) -> None:
    """finance.china_fta: 1 from the year a free trade agreement with China (bilateral, China-ASEAN
    or RCEP) entered into force, else 0; missing for states not searched."""
    first: dict[str, int] = {}
    for row in read_rows(raw / FTA, ("iso3", "event", "year")):
        if row["event"] == "in_force":
            first[row["iso3"]] = min(first.get(row["iso3"], 9999), year_cell(row))
    for code in sorted(SEARCHED_FIRST):
        for year in range(FIRST_YEAR, LAST_FULL_YEAR + 1):
            out.put(code, "finance.china_fta", "china-fta", year, 1.0 if first.get(code, 9999) <= year else 0.0)


STEPS = (swap_lines, clearing_banks, trade_agreements)
