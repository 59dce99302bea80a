"""Build `data/indicators.json` from the public raw datasets, deterministically.

    python scripts/build_data.py --raw ../shared/data-raw            # writes data/indicators.json

The raw folder holds one sub-folder per dataset (see each one's SOURCE.md); the hand-kept,
cited facts that no dataset covers (5G decisions, AIIB membership, treaties after 2018, US
presence, Belt and Road documents) come from `data/events.csv`, leader visits after the raw
series end from `data/visits.csv`, China's force against a state from `data/confrontations.csv`.
Every value written carries the source it was derived from; the citation of each source is in
catalog.py. The output is validated against the Pydantic models before it replaces the old file,
and a digest of it is written beside it so that the CLI can skip re-validating the shipped file
at start-up. The same run writes `data/validation.json`: outside measures `hedge validate`
compares the scores with (not inputs), and `data/geometry.json`: the country outlines `hedge map`
draws (build/geometry.py).

The steps live in trade.py, engagement.py, security.py and politics.py of this package;
what they share in common.py. Only the standard library, pycountry and the project's own
models are used, so the build runs in the same environment as the tool.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .. import units
from . import compact, diplomacy, engagement, finance, friction, geometry, politics, security, trade
from .common import (ALIASES, ASEAN, COUNTRIES, DISPLAY_NAMES, EU, FIRST_YEAR, G7, LAST_FULL_YEAR,  # noqa: F401
                     NATO_JOINED, Collector, cell, date_year, number, page_source, read_rows, trade_file_code,
                     year_cell)
from ..catalog import INDICATORS, SOURCES
from ..countries import country_entry
from ..data import CHECKSUM_SUFFIX, checksum
from ..errors import HedgeError
from ..fileio import write_atomic

EVENT_INDICATORS = {"tech.huawei_5g", "infra.aiib_member", "infra.bri_mou", "security.us_defense_pledge",
                    "security.us_forward_presence", "security.us_mnna", "finance.china_fta",
                    "finance.rmb_clearing_bank", "political.china_partnership", "security.sco_status",
                    "political.scs_award_support_china"}
# indicators whose cited documents replace a dataset's entry for that country from their year: a
# Belt and Road document's date and scope are better evidence than GFDC's reconstructed date, a
# treaty's cited denunciation (Mexico left the Rio Treaty in 2004) ends what ATOP still records,
# and a state's own dated statement on the 2016 award outranks AMTI's snapshot taken before it
EVENTS_REPLACE = {"infra.bri_mou", "security.us_defense_pledge", "political.scs_award_support_china"}
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
        # a decision of the year after the last full one (Panama left the Belt and Road in 2025) is
        # kept: it ends the previous state's years and is its own year's value (_carry_events)
        if not FIRST_YEAR <= year <= LAST_FULL_YEAR + 1:
            raise HedgeError(f"{row.where}: year {year} is outside the data ({FIRST_YEAR}-{LAST_FULL_YEAR + 1})")
        value = cell(row, "value", required=True)
        problem = units.problem(value, INDICATORS[indicator]["unit"])
        if problem:
            raise HedgeError(f"{row.where}: {indicator}: {problem}")
        source_id = page_source("ev-", row, sources)
        # the page confirms the state up to its own date: later years are carried forward by the
        # scorer with their age, as any series' last value is (a presence older than 2000 is
        # coded 2000 by a page of later date, which confirms every year up to that date)
        # (an undated page confirms only its row's year: scripts/validate_data.py lists such rows)
        confirmed = max(year, date_year(row["date"]) or year)
        out.events[(row["country"], indicator)].append((year, n, value, source_id, confirmed))
        out.notes[(row["country"], indicator, source_id)] = row.get("note") or ""


def _carry_events(out: Collector) -> None:
    """Turn each event (a decision in one year) into yearly values until the next decision, as
    far as its page confirms it.

    Decisions are facts about a year; a yearly panel needs the state in each later year, which
    is the last decision's value until another one is recorded. A page confirms the state up to
    its own date; after that the scorer carries the last confirmed year forward and shows its
    age (an event state copied to every later year with age 0 hid how old its evidence was).
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
        for k, (year, _row, value, src, confirmed) in enumerate(decisions):
            # the last decision holds to the last full year; one of the year after (Panama's 2025
            # exit, Morocco's 2025 vendor decision) is kept as that year's value, so that a
            # method reading the years before a first decision (before_first) sees it
            end = decisions[k + 1][0] - 1 if k + 1 < len(decisions) else max(year, LAST_FULL_YEAR)
            for y in range(year, min(end, confirmed) + 1):
                if y not in taken:
                    out.values[(code, ind, src)][y] = value


# What did not exist yet: (indicator, the first year it could take a value other than 0). Before
# it, a state's value is a true zero (no state could sign a Belt and Road memorandum before
# the initiative, join the AIIB before its Articles, or sign a UN statement on Xinjiang before
# the first), recorded under its own source so that every value says why it is there. Only
# states with a later value get these years: for one with none, the scorer would carry the zero
# into years nobody recorded. Not the vendor code: a 0 before 2018 would say "no Chinese
# vendor" of networks Huawei and ZTE had built; the method reads the years before a state's
# first decision as the open policy instead (its rule's before_first).
# China-CEEC applies to its participants, blocked EU statements to EU members (build/diplomacy.py)
APPLIES_TO_SOME = ("diplomacy.china_ceec", "diplomacy.eu_statement_blocked")
NOT_YET = {
    "infra.bri_mou": 2013,  # announced September-October 2013
    "infra.aiib_member": 2015,  # Articles in force 25 December 2015
    "political.china_stance": 2019,  # the first joint statement, July 2019
}
# What a state enters once and is not in before: membership of the AIIB, a Major Non-NATO Ally
# designation, a free trade agreement with China in force, a renminbi clearing bank. A state
# whose first value is an entry in year X was not in before X: 0 from the first year to X - 1.
ENTRIES = {"infra.aiib_member", "security.us_mnna", "finance.china_fta", "finance.rmb_clearing_bank"}
# A status no state has given up: every SCO member, observer and dialogue partner of TASS's 2014
# list is in the 2025 list, some promoted. A state's first recorded value holds the years before
# it at 0: a first status in year X was entered that year, and a state absent from a complete
# list of year D (events.csv: the 2025 list, coded for 2024) had no status before D either.
NEVER_LEFT = {"security.sco_status"}


def _not_yet(out: Collector) -> None:
    for code, ind in sorted({(c, i) for (c, i, _s), v in out.values.items()
                             if v and i in NOT_YET.keys() | ENTRIES | NEVER_LEFT}):
        years = {y: v for y, (v, _src) in out.get(code, ind).items()}
        first = min(years)
        if ind in NEVER_LEFT:
            end = first  # entered in its first year, or absent then and so never in before
        elif ind in ENTRIES and years[first] >= 1.0:
            end = first  # not in before its entry
        elif ind in NOT_YET:
            end = min(NOT_YET[ind], first)  # before it existed (Japan declined the AIIB in 2015: 0 before, too)
        else:
            continue  # a first value of 0 says nothing of the years before it
        for year in range(FIRST_YEAR, end):
            out.put(code, ind, "not-yet", year, 0.0)


def build(raw: Path, events: Path, visits: Path | None = None, confrontations: Path | None = None) -> dict:
    from ..models import FORMAT  # imports Pydantic: only the build pays for it, not `hedge` start-up

    raw = Path(raw)
    visits = Path(visits) if visits is not None else Path(events).with_name("visits.csv")
    confrontations = (Path(confrontations) if confrontations is not None
                      else Path(events).with_name("confrontations.csv"))
    if not raw.is_dir():
        raise HedgeError(f"raw data folder not found: {raw}")
    out = Collector(INDICATORS)
    sources = {k: dict(v) for k, v in SOURCES.items()}
    for step in (*trade.STEPS, *engagement.STEPS, *security.STEPS, *finance.STEPS,
                 politics.ideal_points, politics.un_agreement, diplomacy.ceec, diplomacy.blocked_statements,
                 friction.restrictions):
        step(raw, out)
    visit_rows = diplomacy.read_visits(visits, sources)
    diplomacy.leader_trips(raw, out, visit_rows)
    diplomacy.visits_to_china(raw, out, visit_rows)
    friction.confrontations(out, friction.read_confrontations(confrontations, sources))
    politics.statements(raw, out, COUNTRIES)
    politics.partnerships(raw, out, sources)
    countries = {code: country_entry(code) for code in COUNTRIES}
    # before the events: a state's dated statement on the award replaces AMTI's snapshot
    friction.award_positions(raw, out, {code: entry["name"] for code, entry in countries.items()})
    _events(events, out, sources)
    _carry_events(out)
    _not_yet(out)
    security.alliance_tier(out)

    for (code, ind, src), values in sorted(out.values.items()):
        if not values:
            continue  # a series whose years the events table took over
        series = {"source": src, "unit": INDICATORS[ind]["unit"],
                  "values": {str(y): values[y] for y in sorted(values)}}
        if (code, ind, src) in out.errors:
            series["error"] = out.errors[(code, ind, src)]
        if out.notes.get((code, ind, src)):
            series["note"] = out.notes[(code, ind, src)]
        if out.year_notes.get((code, ind, src)):
            series["notes"] = {str(y): n for y, n in sorted(out.year_notes[(code, ind, src)].items())}
        if out.year_pages.get((code, ind, src)):
            series["pages"] = {str(y): ids for y, ids in sorted(out.year_pages[(code, ind, src)].items())}
        countries[code]["indicators"].setdefault(ind, []).append(series)
    for entry in countries.values():
        for series_list in entry["indicators"].values():
            series_list.sort(key=lambda s: min(int(y) for y in s["values"]))
    used = {s["source"] for c in countries.values() for sl in c["indicators"].values() for s in sl}
    used |= {p for c in countries.values() for sl in c["indicators"].values() for s in sl
             for ids in s.get("pages", {}).values() for p in ids}
    used |= {"not-yet", "asean-members", "nato-members", "eu-members", "g7-members", "us-mnna-designations"}
    mnna = sorted(code for (code, ind, _src), values in out.values.items()
                  if ind == "security.us_mnna" and any(v >= 1.0 for v in values.values()))
    # the indicators that apply to some states only: those the build gave a series
    indicators = {k: dict(v) for k, v in INDICATORS.items()}
    for ind in APPLIES_TO_SOME:
        indicators[ind]["applies_to"] = sorted(c for c, e in countries.items() if ind in e["indicators"])
    return {
        "format": FORMAT,
        "sources": {k: v for k, v in sorted(sources.items()) if k in used},
        "indicators": indicators,
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
            # every covered state ever designated; a member counts in the years it was one
            "MNNA": {"name": "Major Non-NATO Allies", "members": mnna, "source": "us-mnna-designations",
                     "aliases": ["major non-nato allies", "mnna", "major non nato allies"],
                     "members_when": "security.us_mnna"},
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
    extra = judgments(raw)
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
            **extra,
        },
    }


JUDGMENTS = Path("alignment-judgments")
PEW = Path("pew-global-attitudes-favourability") / "pew_favorability_derived.csv"
EUROPE_EX_HUN = sorted((set(EU) | set(NATO_JOINED) | {"NOR", "ISL", "ALB", "MNE", "MKD", "GBR"}) - {"HUN", "TUR", "CAN"})


def judgments(raw: Path) -> dict:
    """The other outside references of `hedge validate`: Pew's favourability of China (a number
    per country and survey year) and three published judgments of where states stand (ordered
    categories). None is an input to any score."""
    pew: dict[str, dict[str, float]] = {}
    for row in read_rows(raw / PEW, ("iso3", "year", "measure", "value")):
        if row["measure"] == "pct_favorable_china" and row["iso3"] in COUNTRIES:
            pew.setdefault(row["iso3"], {})[row["year"]] = cell(row, "value", required=True)
    blocs: dict[str, dict[str, str]] = {}
    for row in read_rows(raw / JUDGMENTS / "alignment_classifications.csv", ("iso3", "year", "measure", "value")):
        if row["measure"] != "ce_bloc_5group" or row["value"] not in CE_ORDER:
            continue
        # "the US and close allies" names Europe as one bloc, Hungary excepted (its own row)
        for code in (EUROPE_EX_HUN if row["iso3"] == "EUR_exHUN" else [row["iso3"]]):
            if code in COUNTRIES:
                blocs.setdefault(code, {})[row["year"]] = row["value"]
    ecfr: dict[str, dict[str, str]] = {}
    for row in read_rows(raw / JUDGMENTS / "ecfr_china_views.csv", ("iso3", "year", "measure", "value")):
        if row["measure"] == "ecfr_prevailing_view_china" and row["iso3"] in COUNTRIES:
            ecfr.setdefault(row["iso3"], {})[row["year"]] = row["value"]
    lowy: dict[str, dict[str, str]] = {}
    for row in read_rows(raw / JUDGMENTS / "lowy_sea_relative_influence.csv", ("iso3", "year", "measure", "value")):
        if row["measure"] == "lowy_more_influential_power" and row["value"] in LOWY_ORDER and row["iso3"] in COUNTRIES:
            lowy.setdefault(row["iso3"], {})[row["year"]] = row["value"]
    return {
        "pew.china_favourable": {
            "description": "share of adults with a favourable view of China (Pew Global Attitudes; don't know "
                           "in the base), per survey year",
            "expected": "higher with reversal risk, across countries and within a country over time",
            "source": {"title": "Global Attitudes Survey", "publisher": "Pew Research Center",
                       "url": "https://www.pewresearch.org/global/", "citation": "Pew Research Center, Global "
                       "Attitudes Survey 2002-2023; shares computed from the harmonised respondent-level data "
                       "(worldregio/pew_opi)."},
            "values": pew},
        "ce.bloc": {
            "description": "Capital Economics' five blocs of the fractured world economy (end 2023)",
            "kind": "groups", "order": list(CE_ORDER),
            "expected": "mean reversal risk rises strictly along the order",
            "source": {"title": "The shape of the fractured world economy in 2024", "publisher": "Capital Economics "
                       "(as quoted by M. Wolf, Financial Times, December 2023)",
                       "url": "https://www.capitaleconomics.com/", "citation": "Capital Economics (2023), as quoted "
                       "in M. Wolf, 'The US retains the economic advantage in its rivalry with China', FT."},
            "values": blocs},
        "ecfr.view_of_china": {
            "description": "the prevailing public view of China in ECFR's 2023 poll of 11 EU states",
            "kind": "groups", "order": list(ECFR_ORDER),
            "expected": "states that see China as a partner above those that see a rival, on average",
            "source": {"title": "Keeping America close, Russia down, and China far away", "publisher":
                       "European Council on Foreign Relations", "url": "https://ecfr.eu/",
                       "citation": "Puglierin, J. and Zerka, P. (2023), ECFR policy brief, 7 June 2023."},
            "values": ecfr},
        "lowy.more_influential": {
            "description": "which power the Lowy Institute finds more influential in each Southeast Asian state "
                           "(2018, 2022, 2025)",
            "kind": "groups", "order": list(LOWY_ORDER),
            "expected": "reversal risk higher where China is the more influential power, highest where its "
                        "influence is strongest",
            "source": {"title": "Asia Power Snapshot: China and the United States in Southeast Asia; Southeast "
                       "Asia Influence Index 2025", "publisher": "Lowy Institute",
                       "url": "https://www.lowyinstitute.org/", "citation": "Patton, S. and Sato, J. (2023), "
                       "Lowy Institute; Lowy Institute Southeast Asia Influence Index 2025."},
            "values": lowy},
    }


CE_ORDER = ("US_and_close_allies", "lean_US", "unaligned", "lean_China", "China_and_close_allies")
ECFR_ORDER = ("rival_or_adversary", "ally_or_partner")
LOWY_ORDER = ("US", "China", "China_strongest")


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
    root = Path(__file__).resolve().parents[3]
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
