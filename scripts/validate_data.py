#!/usr/bin/env python3
"""Cross-check data/indicators.json against independent public sources and report its coverage.

    python scripts/validate_data.py --raw ../shared/data-raw           # the report, as text
    python scripts/validate_data.py --raw ../shared/data-raw --json    # the same figures, as JSON

Three checks, each a function returning a plain dict, so that tests (and anyone curious) can call
them without the printing:

- `alignment_check`: the project's UN voting position (Bailey-Strezhnev-Voeten ideal points)
  against raw UN voting agreement (Voeten's roll calls): one quantity measured two ways, so the
  two should agree on who is closer to the US and on who moved.
- `trade_check`: the trade tilt china / (china + us) in 2000, the one year both trade sources
  cover, from Correlates of War and from US Census / China customs.
- `coverage`: per indicator, which countries and years the data file covers, and how old the
  values used in the default scoring year are.

Correlations are computed here (no numpy/scipy) so the script needs nothing beyond the standard
library and hedgecli with its dependency pycountry, the same environment as the data build.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))  # run from a checkout, as scripts/build_data.py does

# the build's own readers, so that the checks read the raw files exactly as the build does
from hedgecli.build.common import number as build_number, read_rows, trade_file_code  # noqa: E402
from hedgecli.errors import HedgeError  # noqa: E402
from hedgecli.stats import average_ranks, pearson, spearman  # noqa: E402,F401 - tests reach them as vd.*

AGREEMENT_FILE = Path("unga-voting-agreement") / "unga_agreement_us_china.csv"
COW_FILE = Path("cow-trade") / "cow_trade_v4_us_china_total_1990_2014.csv"
CENSUS_FILE = Path("us-china-bilateral-trade") / "us_china_trade_2000_2024.csv"
IDEAL_POINTS_FILE = Path("unga-ideal-points") / "unga_ideal_points_1990_2024.csv"

# The data file starts in 2000; the agreement file's last full year is 2019 (2020 holds only
# January's roll calls), so 2000-2019 is every year both measures can honestly compare.
ALIGNMENT_YEARS = (2000, 2019)
# Ten years, as the method's drift component uses, ending in the agreement file's last full year.
CHANGE_YEARS = (2009, 2019)
TRADE_YEAR = 2000  # the only year in both COW (1990-2014) and the Census / customs file (2000, 2024)


class CheckError(HedgeError):
    """An input problem, reported to the user as one line (never a traceback).

    A HedgeError, like the build's own read_rows errors (missing file or column), which the
    command line reports the same way."""


# ---------------------------------------------------------------- statistics


def correlate(xs: list[float], ys: list[float]) -> dict:
    return {"n": len(xs), "pearson": pearson(xs, ys), "spearman": spearman(xs, ys)}


# ---------------------------------------------------------------- reading inputs


def number(text: str | None) -> float | None:
    """The build's reading of a cell (build_data.number), but None where the build would stop.

    A cell that cannot be read leaves its pair out of the comparison instead of stopping the
    report: a validation run should show what it can compare, and says how many pairs it used.
    """
    try:
        return build_number(text)
    except ValueError:
        return None


def cell(row: dict, column: str) -> str:
    """A cell's text; a short row (fewer cells than the header) reads as empty, not None."""
    return (row.get(column) or "").strip()


def year_of(text: str | None) -> int | None:
    value = number(text)
    return int(value) if value is not None and value == int(value) else None


def load_dataset(path: Path) -> dict:
    """The data file, read and validated as hedge reads it, so the checks can trust its shape.

    Any problem (missing, unreadable, not JSON, invalid) is a HedgeError with hedge's wording.
    """
    from hedgecli import data, models  # models imports Pydantic: only the command line needs it
    from hedgecli.fileio import read_user_file

    return models.validate(data.parse(read_user_file(path, "data file"), str(path)), str(path))


def indicator_values(dataset: dict, indicator: str) -> dict[tuple[str, int], float]:
    """(country, year) -> value for one indicator, over all the series (sources) it is made of."""
    out = {}
    for code, country in dataset["countries"].items():
        for series in country.get("indicators", {}).get(indicator, []):
            for year, value in series["values"].items():
                out[(code, int(year))] = value
    return out


# ---------------------------------------------------------------- 1. political alignment


def agreement_position(raw: Path) -> dict[tuple[str, int], float]:
    """Raw UN voting agreement on the scale of political.un_alignment (0 = China, 1 = the US).

    agree_us / (agree_us + agree_china): the share of the country's agreement that goes to the
    US, higher meaning closer to the US, as dist_chn / (dist_us + dist_chn) is for ideal points.
    """
    import pycountry

    out = {}
    for row in read_rows(raw / AGREEMENT_FILE, ("iso2", "year", "agree_us", "agree_china")):
        year, us, china = year_of(row["year"]), number(row["agree_us"]), number(row["agree_china"])
        # the file names countries by ISO2 (Namibia's "NA" included): the data file uses ISO3
        record = pycountry.countries.get(alpha_2=cell(row, "iso2")) if cell(row, "iso2") else None
        if record is None or year is None or us is None or china is None or us + china <= 0:
            continue
        out[(record.alpha_3, year)] = us / (us + china)
    return out


def changes_between(series: dict[tuple[str, int], float], codes, start: int, end: int) -> dict[str, float]:
    return {c: series[(c, end)] - series[(c, start)] for c in codes if (c, start) in series and (c, end) in series}


def ideal_points(raw: Path) -> dict[tuple[str, int], float]:
    """Final-passage ideal points per (ISO3, year): the input of political.un_alignment."""
    out = {}
    for row in read_rows(raw / IDEAL_POINTS_FILE, ("iso3", "year", "ideal_fp")):
        year, value = year_of(row["year"]), number(row["ideal_fp"])
        if year is not None and value is not None:
            out[(cell(row, "iso3"), year)] = value
    return out


def outside_segment(points: dict[tuple[str, int], float], keys) -> set[tuple[str, int]]:
    """The (country, year)s whose ideal point lies beyond China's or the US's, not between them.

    Their position (x - China) / (US - China) is below 0 or above 1. The raw agreement ratio
    cannot go there, so the change correlation is also shown without them, as a robustness check.
    """
    out = set()
    for code, year in keys:
        x, c, u = points.get((code, year)), points.get(("CHN", year)), points.get(("USA", year))
        if x is not None and c is not None and u is not None and not min(c, u) <= x <= max(c, u):
            out.add((code, year))
    return out


def change_check(project: dict, votes: dict, codes, change_years, folded: set) -> dict:
    """Correlate the two measures' changes over `change_years`, per country."""
    start, end = change_years
    d_project = changes_between(project, codes, start, end)
    d_votes = changes_between(votes, codes, start, end)
    both = sorted(d_project.keys() & d_votes.keys())
    result = correlate([d_project[c] for c in both], [d_votes[c] for c in both])
    # moves the two measures see in opposite directions, largest disagreement first
    opposite = sorted((c for c in both if d_project[c] * d_votes[c] < 0), key=lambda c: -abs(d_project[c] - d_votes[c]))
    result["opposite_direction"] = [
        {"country": c, "ideal_points": round(d_project[c], 4), "agreement": round(d_votes[c], 4)} for c in opposite
    ]
    # positions beyond China have no counterpart in the bounded agreement ratio: how far do
    # the measures agree once those countries are left out?
    kept = [c for c in both if (c, start) not in folded and (c, end) not in folded]
    result["on_segment_only"] = correlate([d_project[c] for c in kept], [d_votes[c] for c in kept])
    return result


def folded_summary(folded: set) -> dict:
    per_country: dict[str, int] = {}
    for code, _ in folded:
        per_country[code] = per_country.get(code, 0) + 1
    return {
        "country_years": len(folded),
        "years": [min(y for _, y in folded), max(y for _, y in folded)] if folded else None,
        "countries": dict(sorted(per_country.items(), key=lambda kv: (-kv[1], kv[0]))),
    }


def within_year_pearson(project: dict, votes: dict, pairs) -> dict:
    """Range of the year-by-year (cross-country) Pearson r.

    Raw agreement shifts with each year's agenda (the reason ideal points exist), which lowers
    the pooled correlation; the within-year range shows how well the two rank countries.
    """
    by_year: dict[int, list] = {}
    for code, year in pairs:
        by_year.setdefault(year, []).append((project[(code, year)], votes[(code, year)]))
    rs = sorted(r for r in (pearson([a for a, _ in v], [b for _, b in v]) for v in by_year.values()) if r is not None)
    if not rs:
        return {"years": 0, "min": None, "median": None, "max": None}
    mid = len(rs) // 2
    median = rs[mid] if len(rs) % 2 else (rs[mid - 1] + rs[mid]) / 2
    return {"years": len(rs), "min": rs[0], "median": median, "max": rs[-1]}


def alignment_check(raw: Path, dataset: dict, years=ALIGNMENT_YEARS, change_years=CHANGE_YEARS) -> dict:
    """Correlate the project's UN position with the raw agreement measure, in levels and changes.

    Levels mostly rank countries (Western vs developing states); changes test whether both
    measures see the same movements, which is what the method's drift component relies on.
    """
    raw = Path(raw)
    project = indicator_values(dataset, "political.un_alignment")
    votes = agreement_position(raw)
    pairs = sorted(k for k in project.keys() & votes.keys() if years[0] <= k[1] <= years[1])
    levels = correlate([project[k] for k in pairs], [votes[k] for k in pairs])
    codes = sorted({code for code, _ in pairs})
    levels["countries"] = len(codes)
    levels["within_year"] = within_year_pearson(project, votes, pairs)
    folded = outside_segment(ideal_points(raw), project.keys())
    return {
        "years": list(years),
        "levels": levels,
        "change_years": list(change_years),
        "changes": change_check(project, votes, codes, change_years, folded),
        "outside_segment": folded_summary(folded),  # over every year of the data file
    }


# ---------------------------------------------------------------- 2. trade tilt


def tilt(china: float | None, us: float | None) -> float | None:
    if china is None or us is None or china + us <= 0:
        return None
    return china / (china + us)


def cow_tilt(raw: Path, year: int) -> dict[str, float]:
    """COW: (exp_to_chn + imp_from_chn) / (that + exp_to_us + imp_from_us), as the build derives it."""
    columns = ("iso3", "year", "exp_to_us", "imp_from_us", "exp_to_chn", "imp_from_chn")
    out = {}
    for row in read_rows(raw / COW_FILE, columns):
        if year_of(row["year"]) != year:
            continue
        flows = [number(row[k]) for k in columns[2:]]
        if None in flows:
            continue  # one missing flow would bias the tilt: leave the country out
        value = tilt(flows[2] + flows[3], flows[0] + flows[1])
        if value is not None:
            out[cell(row, "iso3")] = value
    return out


def census_tilt(raw: Path, year: int) -> dict[str, float]:
    """US Census (trade with the US) and China customs (trade with China) totals, as the build reads them."""
    out = {}
    for row in read_rows(raw / CENSUS_FILE, ("country", "year", "trade_with_us_musd", "trade_with_china_musd")):
        if year_of(row["year"]) != year:
            continue
        code = trade_file_code(cell(row, "country"))
        value = tilt(number(row["trade_with_china_musd"]), number(row["trade_with_us_musd"]))
        if code is not None and value is not None:
            out[code] = value
    return out


def trade_check(raw: Path, dataset: dict, year: int = TRADE_YEAR, top: int = 3) -> dict:
    """Compare the two trade sources' tilt in `year` for the countries of the data file."""
    scored = set(dataset["countries"])
    cow, census = cow_tilt(Path(raw), year), census_tilt(Path(raw), year)
    codes = sorted(scored & cow.keys() & census.keys())
    result = correlate([cow[c] for c in codes], [census[c] for c in codes])
    diffs = [census[c] - cow[c] for c in codes]
    result["mean_abs_diff"] = sum(abs(d) for d in diffs) / len(diffs) if diffs else None
    # a systematic gap between the sources biases the trade drift, which compares COW (2014)
    # with Census / customs (2024): the signed mean and the direction count show it
    result["mean_diff"] = sum(diffs) / len(diffs) if diffs else None
    result["census_lower"] = sum(d < 0 for d in diffs)
    result["census_higher"] = sum(d > 0 for d in diffs)
    largest = sorted(zip(codes, diffs, strict=True), key=lambda cd: -abs(cd[1]))[:top]
    result["largest"] = [
        {"country": c, "cow": round(cow[c], 4), "census_customs": round(census[c], 4), "difference": round(d, 4)}
        for c, d in largest
    ]
    result["year"] = year
    result["not_compared"] = {  # a country absent from a source cannot be checked: say so
        "missing_in_cow": sorted(scored - cow.keys()),
        "missing_in_census_customs": sorted(scored - census.keys()),
    }
    return result


# ---------------------------------------------------------------- 3. coverage


def indicator_coverage(dataset: dict, indicator: str, year: int, max_age: int) -> dict:
    """Countries, year span and staleness of one indicator when scoring `year`."""
    values = indicator_values(dataset, indicator)
    codes = sorted({code for code, _ in values})
    years = [y for _, y in values]
    ages = {}  # country -> age of the value scoring would use (latest at or before `year`)
    for code in codes:
        used = [y for c, y in values if c == code and y <= year]
        if used and max(used) < year:
            ages[code] = year - max(used)
    by_age: dict[int, int] = {}
    for age in ages.values():
        by_age[age] = by_age.get(age, 0) + 1
    return {
        "indicator": indicator,
        "countries": len(codes),
        "no_value": sorted(set(dataset["countries"]) - set(codes)),
        "first_year": min(years) if years else None,
        "last_year": max(years) if years else None,
        "stale": len(ages),
        "stale_by_age": dict(sorted(by_age.items())),
        # the method ignores values older than max_age: these countries are missing in `year`
        "too_old": sorted(c for c, a in ages.items() if a > max_age),
    }


def coverage(dataset: dict, year: int, max_age: int = 10) -> dict:
    """Coverage of every indicator the data file defines, for scoring `year`."""
    return {
        "year": year,
        "max_age": max_age,
        "countries": len(dataset["countries"]),
        "indicators": [indicator_coverage(dataset, ind, year, max_age) for ind in dataset["indicators"]],
    }


# ---------------------------------------------------------------- report


def fmt(value: float | None, digits: int = 3, sign: bool = False) -> str:
    return "n/a" if value is None else f"{value:{'+' if sign else ''}.{digits}f}"


def alignment_lines(alignment: dict) -> list[str]:
    lev, chg, folded = alignment["levels"], alignment["changes"], alignment["outside_segment"]
    (y0, y1), (c0, c1) = alignment["years"], alignment["change_years"]
    on, within = chg["on_segment_only"], lev["within_year"]
    lines = [
        f"1. Political alignment, {y0}-{y1}: ideal-point position (political.un_alignment) vs raw UN",
        "   voting agreement, agree_us / (agree_us + agree_china)",
        (f"   levels: n = {lev['n']} country-years ({lev['countries']} countries); "
         f"Pearson {fmt(lev['pearson'])}, Spearman {fmt(lev['spearman'])}"),
        (f"   levels within each year ({within['years']} years): Pearson from {fmt(within['min'])} "
         f"to {fmt(within['max'])}, median {fmt(within['median'])}"),
        (f"   change {c0}->{c1}: n = {chg['n']} countries; Pearson {fmt(chg['pearson'])}, "
         f"Spearman {fmt(chg['spearman'])}"),
    ]
    if chg["opposite_direction"]:
        moves = ", ".join(f"{o['country']} {o['ideal_points']:+.3f}/{o['agreement']:+.3f}"
                          for o in chg["opposite_direction"])
        lines.append(f"   moved in opposite directions (ideal points/agreement), "
                     f"{len(chg['opposite_direction'])}: {moves}")
    if folded["country_years"]:
        counts = ", ".join(f"{code} {n}" for code, n in folded["countries"].items())
        lines += [
            (f"   ideal point beyond China's or the US's (position below 0 or above 1): {folded['country_years']} "
             f"country-years, {folded['years'][0]}-{folded['years'][1]}: {counts}"),
            (f"   change {c0}->{c1} without them: n = {on['n']} countries; Pearson {fmt(on['pearson'])}, "
             f"Spearman {fmt(on['spearman'])}"),
        ]
    return lines


def trade_lines(trade: dict) -> list[str]:
    lines = [
        f"2. Trade tilt {trade['year']}, china / (china + us): Correlates of War vs US Census / China customs",
        (f"   n = {trade['n']} countries; Pearson {fmt(trade['pearson'])}, Spearman {fmt(trade['spearman'])}; "
         f"mean absolute difference {fmt(trade['mean_abs_diff'])}"),
        (f"   mean difference (Census/customs - COW) {fmt(trade['mean_diff'], sign=True)}: Census/customs "
         f"lower for {trade['census_lower']} countries, higher for {trade['census_higher']}"),
        "   largest differences (COW -> Census/customs): " + ", ".join(
            f"{d['country']} {d['cow']:.3f} -> {d['census_customs']:.3f} ({d['difference']:+.3f})"
            for d in trade["largest"]),
    ]
    missing = trade["not_compared"]
    for label, key in (("not in COW", "missing_in_cow"), ("not in Census/customs", "missing_in_census_customs")):
        if missing[key]:
            lines.append(f"   {label} {trade['year']}: {', '.join(missing[key])}")
    return lines


def coverage_lines(cov: dict) -> list[str]:
    lines = [
        f"3. Coverage of the data file ({cov['countries']} countries), scoring year {cov['year']}",
        f"   stale = countries whose latest value is older than {cov['year']}, by age in years;",
        f"   values older than {cov['max_age']} years count as missing",
        f"   {'indicator':<30} {'countries':>9}  {'years':<9}  {'stale':>5}  ages; notes",
    ]
    for row in cov["indicators"]:
        span = f"{row['first_year']}-{row['last_year']}" if row["countries"] else "-"
        ages = ", ".join(f"{age}y: {n}" for age, n in row["stale_by_age"].items())
        if row["too_old"]:
            ages += f"; too old, so missing: {', '.join(row['too_old'])}"
        if 0 < len(row["no_value"]) <= 5:  # a long list is by design (e.g. AidData's scope): count only
            ages += f"{'; ' if ages else ''}no value: {', '.join(row['no_value'])}"
        lines.append(f"   {row['indicator']:<30} {row['countries']:>9}  {span:<9}  {row['stale']:>5}  {ages}".rstrip())
    return lines


# ---------------------------------------------------------------- 4. data v2


def mirror_check(dataset: dict) -> dict:
    """The IMTS tilt against the 2024 national publications (Census and China's customs), and
    each country's mirror gap (China's records of the flow vs the country's own, the band of the
    China-side figures)."""
    imts = indicator_values(dataset, "trade.china_tilt")
    direct = indicator_values(dataset, "trade.china_tilt_direct")
    diffs = {c: imts[(c, 2024)] - v for (c, y), v in direct.items() if y == 2024 and (c, 2024) in imts}
    gaps = {}
    for code, country in dataset["countries"].items():
        for series in country["indicators"].get("trade.china_trade", []):
            if series.get("error"):
                gaps[code] = series["error"]["relative"]
    ordered = sorted(diffs, key=lambda c: -abs(diffs[c]))
    return {"n": len(diffs), "mean_abs_diff": sum(abs(v) for v in diffs.values()) / len(diffs) if diffs else None,
            "largest": [{"country": c, "difference": round(diffs[c], 4)} for c in ordered[:5]],
            "gaps": {c: gaps[c] for c in sorted(gaps, key=lambda c: -gaps[c])},
            "no_gap": sorted(set(dataset["countries"]) - set(gaps))}


def sipri_overlap(raw: Path) -> dict:
    """The two SIPRI extracts over the windows both cover (ending 2019-2021): how far SIPRI's
    revisions move the shares the data splice at 2019."""
    from collections import defaultdict

    old: dict = defaultdict(lambda: defaultdict(float))
    for row in read_rows(raw / "sipri-arms-transfers" / "sipri_tiv_imports_by_supplier_1990_2021.csv",
                         ("iso3", "year", "tiv_total", "tiv_from_usa", "tiv_from_china", "tiv_from_russia")):
        year = year_of(row["year"])
        for k in ("tiv_total", "tiv_from_usa", "tiv_from_china", "tiv_from_russia"):
            old[(cell(row, "iso3"), year)][k] += number(row[k]) or 0.0
    new: dict = defaultdict(lambda: defaultdict(float))
    for row in read_rows(raw / "sipri-bilateral-2015-2025" / "sipri_tiv_bilateral_2015_2025.csv",
                         ("supplier_iso3", "recipient_iso3", "year", "tiv")):
        key, tiv = (cell(row, "recipient_iso3"), year_of(row["year"])), number(row["tiv"]) or 0.0
        new[key]["tiv_total"] += tiv
        supplier = {"USA": "tiv_from_usa", "CHN": "tiv_from_china", "RUS": "tiv_from_russia"}.get(cell(row, "supplier_iso3"))
        if supplier:
            new[key][supplier] += tiv
    from hedgecli.build.common import COUNTRIES

    def shares(table, code, end):
        sums = defaultdict(float)
        for y in range(end - 4, end + 1):
            for k, v in table.get((code, y), {}).items():
                sums[k] += v
        great = sums["tiv_from_usa"] + sums["tiv_from_china"] + sums["tiv_from_russia"]
        return (sums["tiv_from_usa"] / great if great else None,
                sums["tiv_from_china"] / sums["tiv_total"] if sums["tiv_total"] else None)

    us_diffs, china_diffs = [], []
    for code in COUNTRIES:
        for end in (2019, 2020, 2021):
            (u0, c0), (u1, c1) = shares(old, code, end), shares(new, code, end)
            if u0 is not None and u1 is not None:
                us_diffs.append((abs(u1 - u0), code, end))
            if c0 is not None and c1 is not None:
                china_diffs.append((abs(c1 - c0), code, end))
    return {name: {"n": len(d), "mean_abs_diff": sum(x for x, _c, _y in d) / len(d) if d else None,
                   "largest": [{"country": c, "window_end": y, "difference": round(x, 3)} for x, c, y in sorted(d)[-3:]]}
            for name, d in (("us_arms_share", us_diffs), ("china_arms_share", china_diffs))}


def v2_lines(mirror: dict, sipri: dict, peers: list[dict]) -> list[str]:
    gaps = mirror["gaps"]
    median_gap = sorted(gaps.values())[len(gaps) // 2] if gaps else None
    lines = [
        "4. Data v2",
        (f"   IMTS tilt vs national publications (Census, China customs), 2024: n = {mirror['n']}, mean absolute "
         f"difference {fmt(mirror['mean_abs_diff'])}; largest: "
         + ", ".join(f"{d['country']} {d['difference']:+.4f}" for d in mirror["largest"])),
        (f"   mirror gap (China's records vs the country's own, median 2011-2020, the China side's band): "
         f"{len(gaps)} countries, median {fmt(median_gap)}; largest: "
         + ", ".join(f"{c} {g:.3f}" for c, g in list(gaps.items())[:6])
         + (f"; none for {', '.join(mirror['no_gap'])}" if mirror["no_gap"] else "")),
    ]
    for name, d in sipri.items():
        lines.append(f"   SIPRI 2022 vs 2026 extract, {name}, windows ending 2019-21: n = {d['n']}, mean absolute "
                     f"difference {fmt(d['mean_abs_diff'])}; largest: "
                     + ", ".join(f"{x['country']} {x['window_end']} {x['difference']:.3f}" for x in d["largest"]))
    lines.append("   UN statements, share of EU / NATO members who joined each critical statement (rule: 2/3):")
    lines += [f"     {p['date']} {p['statement']}: EU {fmt(p['eu_share'])}, NATO {fmt(p['nato_share'])}" for p in peers]
    return lines


# ---------------------------------------------------------------- the hand-kept tables' sources

# hosts that are never the evidence for a fact: mirrors, content farms, document-sharing copies,
# blogs, encyclopedias (a fact rests on the publisher's own page or a news organisation of record)
WEAK_HOSTS = ("wikipedia.org", "wikizero", "wikimili", "the-uncensored-wiki", "tritiyomatra", "thefederalnewswire",
              "comparemela", "yumpu.com", "docslib.org", "scribd.com", "blogspot.", "wordpress.com", "ledmy.com",
              "fuenf-g.de", "chinacorea.com", "scandasia.com", "newssniffer", "worldpopulationreview", "kledy.de",
              # copies of another's page: aggregators republishing wire stories and press releases,
              # licensed copies of official gazettes, reposts of official releases
              "menafn.com", "zawya.com", "danfetv.com", "lexisnexis.", "vlex.", "globalsecurity.org",
              "news.yahoo.com", "appen.media.gov.cn")
REQUIRED = ("publisher", "source_title", "date", "url")
HAND_KEPT = ("events.csv", "visits.csv", "confrontations.csv")  # the cited tables under data/


def _host(url: str) -> str:
    from urllib.parse import urlparse

    return (urlparse(url).hostname or "").lower().removeprefix("www.")


def _publisher_matches(publisher: str, host: str) -> bool:
    """A loose test that the page is the publisher's own: a word of the publisher's name (or its
    initials) appears in the host. Anything else is listed for a reader to check, not refused."""
    text = "".join(ch for ch in publisher.lower() if ch.isalnum())
    labels = [lb for lb in host.split(".") if lb not in {"www", "en", "english", "eng", "com", "org", "net", "gov", "mil",
                                                        "int", "edu", "co", "ac", "news", "m"} and len(lb) >= 2]
    words = [w for w in "".join(ch if ch.isalnum() else " " for ch in publisher.lower()).split()
             if len(w) >= 4 and w not in {"the", "and", "via", "ministry", "news", "department", "government"}]
    initials = "".join(w[0] for w in publisher.split() if w[:1].isupper()).lower()
    squashed = host.replace("-", "").replace(".", "")
    return (any(lb.replace("-", "") in text for lb in labels) or any(w in squashed for w in words)
            or (len(initials) >= 2 and initials in squashed))


def source_check(paths: list[Path]) -> dict:
    """Every row of the hand-kept tables (HAND_KEPT): refused (an error) without publisher,
    title, date or URL, or on a host that is never evidence; listed where the host does not look
    like the publisher's own (a republished copy, to check by hand)."""
    import csv
    import re

    refused, unmatched, rows = [], [], 0
    for path in paths:
        with path.open(newline="", encoding="utf-8") as fh:
            for n, row in enumerate(csv.DictReader(fh), start=2):
                rows += 1
                what = row.get("indicator") or row.get("direction") or row.get("kind")
                where = f"{path.name}:{n} {row.get('country')} {what} {row.get('year')}"
                empty = [c for c in REQUIRED if not (row.get(c) or "").strip()]
                if empty:
                    refused.append(f"{where}: no {', '.join(empty)}")
                    continue
                if not re.fullmatch(r"[0-9]{4}(-[0-9]{2}){0,2}", row["date"].strip()):
                    refused.append(f"{where}: date {row['date']!r} is not a date")
                host = _host(row["url"])
                if any(weak in host for weak in WEAK_HOSTS):
                    refused.append(f"{where}: {host} is not a source hedge accepts")
                elif not _publisher_matches(row["publisher"], host):
                    unmatched.append(f"{where}: {host} (publisher: {row['publisher']})")
    return {"rows": rows, "refused": refused, "not_the_publishers_host": unmatched}


def source_lines(check: dict) -> list[str]:
    lines = [f"Sources of the hand-kept tables: {check['rows']} rows, {len(check['refused'])} refused, "
             f"{len(check['not_the_publishers_host'])} on a host that is not the publisher named (check by hand)"]
    lines += [f"  REFUSED {r}" for r in check["refused"]]
    lines += [f"  check   {r}" for r in check["not_the_publishers_host"]]
    return lines


def format_report(alignment: dict, trade: dict, cov: dict, v2: dict | None = None, sources: dict | None = None) -> str:
    lines = alignment_lines(alignment) + [""] + trade_lines(trade) + [""] + coverage_lines(cov)
    if v2 is not None:
        lines += [""] + v2_lines(v2["mirror"], v2["sipri"], v2["peers"])
    if sources is not None:
        lines += [""] + source_lines(sources)
    return "\n".join(lines)


def default_year(dataset: dict) -> int:
    """The year `hedge` scores by default, computed the way the CLI computes it."""
    from hedgecli.dataset import Dataset

    year = Dataset(dataset, "validate").latest_common_year()
    if year is None:
        raise CheckError("the data file holds no values")
    return year


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, required=True, help="folder of raw datasets (shared/data-raw)")
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "indicators.json",
                        help="the indicators file to check (default: data/indicators.json)")
    parser.add_argument("--year", type=int, help="scoring year for the coverage check (default: hedge's default)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    from hedgecli.method import default  # the method's max_age: stale values it would ignore

    try:
        if not args.raw.is_dir():
            raise CheckError(f"raw data folder not found: {args.raw}")
        dataset = load_dataset(args.data)
        year = args.year if args.year is not None else default_year(dataset)
        from hedgecli.build.politics import peer_shares

        results = {
            "alignment": alignment_check(args.raw, dataset),
            "trade": trade_check(args.raw, dataset),
            "coverage": coverage(dataset, year, default().max_age),
            "v2": {"mirror": mirror_check(dataset), "sipri": sipri_overlap(args.raw), "peers": peer_shares(args.raw)},
            "sources": source_check([ROOT / "data" / name for name in HAND_KEPT]),
        }
    except HedgeError as exc:  # CheckError, and the build's readers' errors
        print(f"validate_data: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(results, indent=1))
    else:
        print(format_report(results["alignment"], results["trade"], results["coverage"], results["v2"],
                            results["sources"]))
    # a row without its source, or on a host that is never evidence, fails the check
    return 1 if results["sources"]["refused"] else 0


if __name__ == "__main__":
    sys.exit(main())
