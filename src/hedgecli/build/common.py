"""What every step of the data build shares: the countries covered, reading raw CSV files with
row-numbered errors, and the collector the steps put their values into.

Only the standard library and pycountry: the build runs in the same environment as the tool.
"""

from __future__ import annotations

import csv
import hashlib
import math
import re
from collections import defaultdict
from pathlib import Path

from ..countries import ALIASES, DISPLAY_NAMES  # noqa: F401 (the build's names are the runtime's)
from ..errors import HedgeError

FIRST_YEAR = 2000
LAST_FULL_YEAR = 2024  # 2025 in the investment tracker is half a year: not a comparable window
WINDOW = 5  # years summed for arms deliveries, as SIPRI advises (and for the v1/v2 investment windows)
# Relationships are stocks: a flow adds to it and each year keeps this share of what was there.
# Capital (investment, construction) depreciates by a tenth a year, the rate national accounts
# commonly use for structures and equipment together; an event (a visit, a restriction) keeps
# 0.8 a year, so half of it is left after three years, about one government's term.
CAPITAL_RETENTION = 0.9
EVENT_RETENTION = 0.8

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
# issue 19: the other Major Non-NATO Allies the public series cover and the Latin American partners
# of the hedging debate (Taiwan, absent from the UN and World Bank series, is refused: countries.NOT_SCORED)
WIDER_SET = ["ARG", "BHR", "CHL", "COL", "EGY", "JOR", "KEN", "KWT", "MAR", "PAK", "PAN", "PER", "QAT", "TUN"]
COUNTRIES = sorted(set(ASEAN) | set(NATO_JOINED) | set(EU) | set(OTHER_PARTNERS) | set(WIDER_SET))

# Names in the US Census / China Customs file that pycountry does not look up exactly.
TRADE_FILE_NAMES = {"Burma": "MMR", "Macedonia": "MKD", "Turkey": "TUR", "Laos": "LAO",
                    "Brunei": "BRN", "South Korea": "KOR", "Vietnam": "VNM",
                    "Czech Republic": "CZE"}


class Row(dict):
    """A CSV row (column -> text) that knows where it is in its file, for error messages."""

    where: str = ""


def read_rows(path: Path, columns: tuple[str, ...], encoding: str = "utf-8") -> list[Row]:
    """The rows of a CSV file, after checking that it has the columns the caller reads.

    A missing file or column, or a file that is not CSV in `encoding`, is a HedgeError naming it.
    """
    if not path.is_file():
        raise HedgeError(f"raw file not found: {path}")
    try:
        with path.open(newline="", encoding=encoding) as fh:
            reader = csv.DictReader(fh)
            fields = [f.lstrip("\ufeff") for f in (reader.fieldnames or [])]
            reader.fieldnames = fields
            missing = [c for c in columns if c not in fields]
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
    """A cell as a number: None for an empty, 'NA', 'N/A' or '-' cell, "1,234.5" as 1234.5;
    ValueError for any other text that is not a finite number."""
    if text is None or text.strip() in ("", "NA", "N/A", "-"):
        return None
    value = float(text.replace(",", ""))
    if not math.isfinite(value):
        raise ValueError(f"{text!r} is not a finite number")
    return value


def cell(row: Row, column: str, required: bool = False) -> float | None:
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


def year_cell(row: Row, column: str = "year", date: bool = False) -> int:
    """A year cell ("2019"), or the year of a date cell ("2019-03-01") with date=True."""
    text = (row[column] or "").strip()
    if not (_DATE if date else _YEAR).fullmatch(text):
        raise HedgeError(f"{row.where}: {column} {row[column]!r} is not a {'date' if date else 'year'}")
    return int(text[:4])


def cited_row(row: Row, what: str) -> None:
    """A row of a hand-kept table (visits, confrontations): of a covered country, and citing its
    page (publisher, title, date and URL), or a one-line error naming the row."""
    if row["country"] not in COUNTRIES:
        raise HedgeError(f"{row.where}: country {row['country']!r} is not one the data cover")
    # typed by hand and quoted by `hedge explain`: a control character (an escape sequence, a
    # bidi override) is refused here, whatever format later prints it
    unprintable = next((c for c, v in row.items() if v and not v.isprintable()), None)
    if unprintable:
        raise HedgeError(f"{row.where}: {unprintable} holds a control character")
    for column in ("source_title", "publisher", "date", "url"):
        if not (row[column] or "").strip():
            raise HedgeError(f"{row.where}: {column} is empty (every {what} cites its page)")


def page_source(prefix: str, row: Row, sources: dict, url: str = "url") -> str:
    """The source id of a cited row's page (prefix and a hash of its URL, so that the rows citing
    one page share it), registered in `sources` with the row's publisher, title and date."""
    source_id = prefix + hashlib.sha1(row[url].encode()).hexdigest()[:10]
    sources.setdefault(source_id, {
        "title": row["source_title"], "publisher": row["publisher"], "url": row[url], "licence": None,
        "citation": f"{row['publisher']}, \"{row['source_title']}\", {row['date']}.", "coverage": None})
    return source_id


def date_year(text: str | None) -> int | None:
    """The year of a date cell ("2019", "2019-03", "2019-03-01"); None for an undated cell ("n.d.")."""
    text = (text or "").strip()
    return int(text[:4]) if _DATE.fullmatch(text) else None


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


class Collector:
    """Values per (country, indicator, source): years -> value, and each series' error model."""

    def __init__(self, indicators: dict) -> None:
        self.indicators = indicators
        self.values: dict[tuple[str, str, str], dict[int, float]] = defaultdict(dict)
        # the source's 5-95% band as one rule for the whole series (dataset.band_of): compact,
        # and all the sources say (a per-country gap, a per-country posterior width)
        self.errors: dict[tuple[str, str, str], dict[str, float]] = {}
        self.notes: dict[tuple[str, str, str], str] = {}
        # what a derived value rests on where that changes by year (the incidents behind a stock)
        self.year_notes: dict[tuple[str, str, str], dict[int, str]] = defaultdict(dict)
        # and the sources it is computed from beyond its series' own (the cited pages, the dataset
        # a stock continues), so that `hedge cite` can list them
        self.year_pages: dict[tuple[str, str, str], dict[int, list[str]]] = defaultdict(dict)
        # (country, indicator) -> [(year, row number, value, source)] from data/events.csv
        self.events: dict[tuple[str, str], list[tuple[int, int, float, str]]] = defaultdict(list)

    def put(self, code: str, indicator: str, source: str, year: int, value: float) -> None:
        if code in COUNTRIES and FIRST_YEAR <= year:
            unit = self.indicators[indicator]["unit"]
            self.values[(code, indicator, source)][year] = _round(value, unit)

    def error(self, code: str, indicator: str, source: str, kind: str, size: float) -> None:
        if code in COUNTRIES:
            self.errors[(code, indicator, source)] = {kind: round(size, 4)}

    def get(self, code: str, indicator: str) -> dict[int, tuple[float, str]]:
        """Every value of a country's indicator so far, by year, with its source."""
        out = {}
        for (c, ind, src), values in self.values.items():
            if (c, ind) == (code, indicator):
                out.update({y: (v, src) for y, v in values.items()})
        return out


def window_sums(rows: dict[tuple[str, int], float], first: int, last: int) -> dict[tuple[str, int], float]:
    """Sum of the WINDOW years ending in each year, for every country seen in rows."""
    codes = {code for code, _ in rows}
    return {
        (code, year): sum(rows.get((code, y), 0.0) for y in range(year - WINDOW + 1, year + 1))
        for code in codes
        for year in range(first, last + 1)
    }


def decayed(flows: dict[int, float], retention: float) -> dict[int, float]:
    """The stock each year from yearly flows: last year's stock x retention + this year's flow
    (the perpetual-inventory rule), from the first year given."""
    stock, out = 0.0, {}
    for year in sorted(flows):
        stock = stock * retention + flows[year]
        out[year] = stock
    return out


def country_code(name: str, fixes: dict[str, str | None], where: str) -> str | None:
    """ISO3 for a country name as a page wrote it: `fixes` first (None = not a state we map,
    e.g. Palestine), then an exact pycountry lookup. A name neither knows is an error: a new
    spelling must not silently drop a covered country."""
    import pycountry

    if name in fixes:
        return fixes[name]
    try:
        return pycountry.countries.lookup(name).alpha_3
    except LookupError:
        raise HedgeError(f"{where}: country name {name!r} is not known; add it to the build's name map") from None
