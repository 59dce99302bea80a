"""Build `data/indicators.json` from the public raw datasets, deterministically.

    python scripts/build_data.py --raw ../shared/data-raw            # writes data/indicators.json

The raw folder holds one sub-folder per dataset (see each one's SOURCE.md); the hand-kept,
cited facts that no dataset covers (5G decisions, AIIB membership, treaties after 2018, US
presence, Belt and Road documents) come from `data/events.csv`. Every value written carries the
source it was derived from; the citation of each source is in catalog.py. The output is validated
against the Pydantic models before it replaces the old file, and a digest of it is written beside
it so that the CLI can skip re-validating the shipped file at start-up. The same run writes
`data/validation.json`: outside measures `hedge validate` compares the scores with (not inputs),
and `data/geometry.json`: the country outlines `hedge map` draws (build/geometry.py).

The steps live in trade.py, engagement.py, security.py and politics.py of this package;
what they share in common.py. Only the standard library, pycountry and the project's own
models are used, so the build runs in the same environment as the tool.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from .. import units
from . import compact, engagement, geometry, politics, security, trade
from .common import (ALIASES, ASEAN, COUNTRIES, DISPLAY_NAMES, EU, FIRST_YEAR, G7, LAST_FULL_YEAR,  # noqa: F401
                           NATO_JOINED, Collector, cell, number, read_rows, trade_file_code, year_cell)
from ..catalog import INDICATORS, SOURCES
from ..countries import country_entry
from ..data import CHECKSUM_SUFFIX, checksum
from ..errors import HedgeError
from ..fileio import write_atomic

EVENT_INDICATORS = {"tech.huawei_5g", "infra.aiib_member", "infra.bri_mou", "security.us_defense_pledge",
                    "security.us_forward_presence", "security.us_mnna"}
# indicators whose cited documents replace a dataset's entry for that country altogether: a
# Belt and Road document's date and scope are better evidence than GFDC's reconstructed date
EVENTS_REPLACE = {"infra.bri_mou"}
EVENT_COLUMNS = ("country", "indicator", "year", "value", "source_title", "publisher", "date", "url")
FBIC_FILE = Path("fbic-us-china-subset") / "fbic_us_china_influence_16countries_1999_2023.csv"


def _events(path: Path, out: Collector, sources: dict) -> None:
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
                             f"(an ISO 3166 alpha-3 code in build.common.COUNTRIES)")
        year = year_cell(row)
        if not FIRST_YEAR <= year <= LAST_FULL_YEAR:
            raise HedgeError(f"{row.where}: year {year} is outside the data ({FIRST_YEAR}-{LAST_FULL_YEAR})")
        value = cell(row, "value", required=True)
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


def _carry_events(out: Collector) -> None:
    """Turn each event (a decision in one year) into yearly values until the next decision.

    Decisions are facts about a year; a yearly panel needs the state in each later year, which
    is the last decision's value until another one is recorded (up to the last full year).
    Two decisions in one year (the UK restricted Huawei in January 2020 and banned it in July)
    leave the later one, by row order, as that year's value. A dataset's value for a year wins
    over the table, except for EVENTS_REPLACE, where the cited documents replace the dataset's
    series for that country.
    """
    for (code, ind), decisions in out.events.items():
        decisions.sort()  # by year, then by row in the file
        if ind in EVENTS_REPLACE:
            # the dataset's years before the first cited document stay (GFDC's zeros before any
            # memorandum); from the document's year on, the documents alone say what holds
            for key in [k for k in out.values if k[:2] == (code, ind)]:
                out.values[key] = {y: v for y, v in out.values[key].items() if y < decisions[0][0]}
        taken = {y for (c, i, _), values in out.values.items() if (c, i) == (code, ind) for y in values}
        for k, (year, _row, value, src) in enumerate(decisions):
            end = decisions[k + 1][0] - 1 if k + 1 < len(decisions) else LAST_FULL_YEAR
            for y in range(year, end + 1):
                if y not in taken:
                    out.values[(code, ind, src)][y] = value


def build(raw: Path, events: Path) -> dict:
    from ..models import FORMAT  # imports Pydantic: only the build pays for it, not `hedge` start-up

    raw = Path(raw)
    if not raw.is_dir():
        raise HedgeError(f"raw data folder not found: {raw}")
    out = Collector(INDICATORS)
    sources = {k: dict(v) for k, v in SOURCES.items()}
    for step in (*trade.STEPS, *engagement.STEPS, *security.STEPS,
                 politics.ideal_points, politics.un_agreement):
        step(raw, out)
    politics.statements(raw, out, COUNTRIES)
    politics.partnerships(raw, out, sources)
    _events(events, out, sources)
    _carry_events(out)
    security.alliance_tier(out)

    countries = {code: country_entry(code) for code in COUNTRIES}
    for (code, ind, src), values in sorted(out.values.items()):
        if not values:
            continue  # a series whose years the events table took over
        series = {"source": src, "unit": INDICATORS[ind]["unit"],
                  "values": {str(y): values[y] for y in sorted(values)}}
        if (code, ind, src) in out.errors:
            series["error"] = out.errors[(code, ind, src)]
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


VALIDATION_CITATION = ("Moyer, J.D., Meisel, C.J., Matthews, A.S., Bohl, D.K. and Burrows, M.J. (2021), China-US "
                       "Competition: Measuring Global Influence, Atlantic Council and Frederick S. Pardee Center "
                       "for International Futures; Formal Bilateral Influence Capacity (FBIC) index "
                       "(convenience copy of 16 targets: Saptow/T5G1).")


def build_validation(raw: Path) -> dict:
    """Outside measures for `hedge validate`, not inputs to any score: FBIC's estimates of the
    US's and China's influence capacity over each covered country (16 targets in the copy)."""
    rows = read_rows(Path(raw) / FBIC_FILE, ("iso3", "year", "fbic_us", "fbic_chn", "dependence_us",
                                             "dependence_chn"))
    measures: dict[str, dict[str, dict[str, float]]] = {}
    for row in rows:
        code, year = row["iso3"], year_cell(row)
        if code not in COUNTRIES:
            continue
        us, china = cell(row, "fbic_us"), cell(row, "fbic_chn")
        dep_us, dep_china = cell(row, "dependence_us"), cell(row, "dependence_chn")
        if None in (us, china) or us + china <= 0:
            continue
        for name, value in (("fbic.china_share", china / (us + china)),
                            ("fbic.china_dependence_share",
                             None if None in (dep_us, dep_china) or dep_us + dep_china <= 0
                             else dep_china / (dep_us + dep_china))):
            if value is not None:
                measures.setdefault(name, {}).setdefault(code, {})[str(year)] = round(value, 4)
    return {
        "format": "hedge-validation/1",
        "source": {"title": "Formal Bilateral Influence Capacity (FBIC) index", "publisher":
                   "Frederick S. Pardee Center for International Futures, University of Denver",
                   "url": "https://pardee.du.edu/fbic", "citation": VALIDATION_CITATION},
        "measures": {
            "fbic.china_share": {
                "description": "China's share of the two powers' influence capacity over the country: "
                               "fbic_chn / (fbic_chn + fbic_us)",
                "expected": "higher with hedging toward China and with reversal risk",
                "values": measures.get("fbic.china_share", {})},
            "fbic.china_dependence_share": {
                "description": "China's share of the country's dependence on the two powers: "
                               "dependence_chn / (dependence_chn + dependence_us)",
                "expected": "higher with reversal risk (exposure to China's leverage)",
                "values": measures.get("fbic.china_dependence_share", {})},
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


def _checkout() -> Path | None:
    """The source tree this module runs from, if it does (an installed copy has no data/)."""
    root = Path(__file__).resolve().parents[2]
    return root if (root / "data" / "events.csv").is_file() else None


def main(argv: list[str] | None = None) -> int:
    root = _checkout()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, required=True, help="folder of raw datasets (shared/data-raw)")
    parser.add_argument("--events", type=Path, default=root / "data" / "events.csv" if root else None,
                        help="the events table (default: data/events.csv of the checkout)")
    parser.add_argument("--out", type=Path, default=root / "data" / "indicators.json" if root else None,
                        help="where to write (default: data/indicators.json of the checkout)")
    args = parser.parse_args(argv)
    if args.events is None or args.out is None:
        print("build_data: not run from a checkout: give --events and --out", file=sys.stderr)
        return 2
    from .. import models

    try:
        dataset = models.validate(build(args.raw, args.events), "built dataset")
        payload = serialise(dataset)
        validation = (json.dumps(build_validation(args.raw), indent=1, ensure_ascii=False) + "\n").encode("utf-8")
        outlines = geometry.serialise(geometry.build_geometry(args.raw))
    except HedgeError as exc:
        print(f"build_data: {exc}", file=sys.stderr)
        return 1
    try:
        write_atomic(args.out, payload)
        write_atomic(args.out.with_name(args.out.name + CHECKSUM_SUFFIX), (checksum(payload) + "\n").encode())
        compact.write(args.out, dataset, payload)  # what start-up reads instead (build/compact.py)
        write_atomic(args.out.with_name("validation.json"), validation)
        write_atomic(args.out.with_name("geometry.json"), outlines)
    except OSError as exc:
        print(f"build_data: cannot write {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    n_values = sum(len(s["values"]) for c in dataset["countries"].values()
                   for sl in c["indicators"].values() for s in sl)
    print(f"wrote {args.out}: {len(dataset['countries'])} countries, {n_values} values", file=sys.stderr)
    return 0
