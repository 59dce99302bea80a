"""Build steps for China-side engagement: investment and construction (AEI tracker), development
finance (AidData) and Belt and Road memoranda (GFDC list)."""

from __future__ import annotations

from pathlib import Path

from .common import (CAPITAL_RETENTION, COUNTRIES, LAST_FULL_YEAR, WINDOW, Collector, cell, decayed, read_rows,
                     window_sums, year_cell)

CGIT = Path("china-global-investment-tracker")


def investment(raw: Path, out: Collector) -> None:
    tech: dict[tuple[str, int], float] = {}
    infra: dict[tuple[str, int], float] = {}
    infra_columns = ("inv_energy_musd", "inv_transport_musd", "inv_logistics_musd", "inv_utilities_musd")
    for row in read_rows(raw / CGIT / "cgit_investments_country_year_2005_2025H1.csv",
                         ("iso3", "year", "inv_tech_musd", *infra_columns)):
        key = (row["iso3"], year_cell(row))
        tech[key] = cell(row, "inv_tech_musd") or 0.0
        infra[key] = sum(cell(row, k) or 0.0 for k in infra_columns)
    first = 2005 + WINDOW - 1  # the tracker starts in 2005: the first full window ends in 2009
    for name, rows in (("tech.china_tech_investment", tech), ("infra.china_infra_investment", infra)):
        sums = window_sums(rows, first, LAST_FULL_YEAR)
        for code in COUNTRIES:  # a country absent from the tracker had no deal of $100m or more
            for year in range(first, LAST_FULL_YEAR + 1):
                out.put(code, name, "aei-cgit", year, sums.get((code, year), 0.0))


CGIT_FIRST = 2005  # the tracker's first year: the stocks count deals from then on


def investment_stocks(raw: Path, out: Collector) -> None:
    """Chinese investment as stocks (each year's deals added, a tenth written off a year) rather
    than five-year windows, whose score jumps when a deal enters and again when it drops out
    five years later (Piraeus, 2008, left Greece's window in 2013). All sectors, and the
    technology and infrastructure (energy, transport, logistics, utilities) sectors apart."""
    flows: dict[str, dict[tuple[str, int], float]] = {"total": {}, "tech": {}, "infra": {}}
    infra_columns = ("inv_energy_musd", "inv_transport_musd", "inv_logistics_musd", "inv_utilities_musd")
    for row in read_rows(raw / CGIT / "cgit_investments_country_year_2005_2025H1.csv",
                         ("iso3", "year", "inv_total_musd", "inv_tech_musd", *infra_columns)):
        key = (row["iso3"], year_cell(row))
        flows["total"][key] = cell(row, "inv_total_musd") or 0.0
        flows["tech"][key] = cell(row, "inv_tech_musd") or 0.0
        flows["infra"][key] = sum(cell(row, k) or 0.0 for k in infra_columns)
    names = {"total": "invest.china_stock", "tech": "invest.china_tech_stock", "infra": "invest.china_infra_stock"}
    for kind, rows in flows.items():
        for code in COUNTRIES:  # a country absent from the tracker had no deal of $100m or more
            years = range(CGIT_FIRST, LAST_FULL_YEAR + 1)
            stock = decayed({y: rows.get((code, y), 0.0) for y in years}, CAPITAL_RETENTION)
            for year in years:
                out.put(code, names[kind], "aei-cgit", year, stock[year])


def construction_stock(raw: Path, out: Collector) -> None:
    """Chinese construction contracts as a stock, 2005-2019 (the tracker's construction series
    ends in its Fall 2019 edition; later years are carried forward with their age)."""
    rows = {(r["iso3"], year_cell(r)): cell(r, "con_total_musd") or 0.0
            for r in read_rows(raw / CGIT / "cgit_construction_country_year_2005_2019.csv",
                               ("iso3", "year", "con_total_musd"))}
    for code in COUNTRIES:
        stock = decayed({y: rows.get((code, y), 0.0) for y in range(CGIT_FIRST, 2020)}, CAPITAL_RETENTION)
        for year, value in stock.items():
            out.put(code, "invest.china_construction_stock", "aei-cgit-construction", year, value)


def construction(raw: Path, out: Collector) -> None:
    rows = {(r["iso3"], year_cell(r)): cell(r, "con_total_musd") or 0.0
            for r in read_rows(raw / CGIT / "cgit_construction_country_year_2005_2019.csv",
                               ("iso3", "year", "con_total_musd"))}
    sums = window_sums(rows, 2005 + WINDOW - 1, 2019)
    for code in COUNTRIES:  # a country absent from the tracker had no contract of $100m or more
        for year in range(2005 + WINDOW - 1, 2020):
            out.put(code, "infra.china_construction", "aei-cgit-construction", year, sums.get((code, year), 0.0))


def dev_finance(raw: Path, out: Collector) -> None:
    folder = raw / "aiddata-gcdf3"
    covered = {r["iso3"] for r in read_rows(folder / "gcdf3_country_totals_2000_2021.csv", ("iso3",))}
    rows: dict[tuple[str, int], float] = {}
    flows = ("oda_commit_adj_const2021usd", "oof_commit_adj_const2021usd", "vof_commit_adj_const2021usd")
    for r in read_rows(folder / "gcdf3_commitments_country_year_2000_2021.csv", ("iso3", "year", *flows)):
        total = sum(cell(r, k) or 0.0 for k in flows)
        rows[(r["iso3"], year_cell(r))] = total / 1e6
    for code in COUNTRIES:
        if code not in covered:
            continue  # high-income allies are outside AidData's scope: missing, not zero
        for year in range(2000 + WINDOW - 1, 2022):
            total = sum(rows.get((code, y), 0.0) for y in range(year - WINDOW + 1, year + 1))
            out.put(code, "infra.china_dev_finance", "aiddata-gcdf3", year, total)


def bri(raw: Path, out: Collector) -> None:
    """GFDC's list: a listed country has a memorandum from its likely join date to its exit.
    Cited documents in the events table qualify this afterwards (build.main: their date and
    scope replace GFDC's entry for that country)."""
    dates = {}
    for row in read_rows(raw / "bri-participation" / "bri_countries_gfdc_2023-12.csv",
                         ("iso3", "likely_join_date", "likely_exit_date")):
        if row["likely_join_date"]:
            left = year_cell(row, "likely_exit_date", date=True) if row["likely_exit_date"] else None
            dates[row["iso3"]] = (year_cell(row, "likely_join_date", date=True), left)
    for code in COUNTRIES:
        for year in range(2013, LAST_FULL_YEAR + 1):
            joined = dates.get(code)
            member = joined is not None and joined[0] <= year and not (joined[1] is not None and joined[1] <= year)
            out.put(code, "infra.bri_mou", "gfdc-bri", year, 1.0 if member else 0.0)


STEPS = (investment, investment_stocks, construction, construction_stock, dev_finance, bri)
