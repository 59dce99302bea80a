"""How far the scores agree with what they are not made from: `hedge validate`.

Three checks, each a plain function returning records (the JRC audit's first questions):
- `seed_cells` and `seed_pairs`: the reference analysis's heat map (six rows, two scores),
  cell by cell, with each cell's margin to the nearest cut, and, for every pair of rows the
  seed orders one way and the scores the other, the indicator values behind both;
- `correlations`: Spearman rank correlations between each score and outside measures shipped
  in data/validation.json (FBIC's China share of influence), in the latest common year and over
  all years, with the countries that disagree most;
- `stability`: the Monte Carlo probability of each country's level.

Pure functions over a Dataset and a Method; the validation file is read by `load_measures`.
"""

from __future__ import annotations

import json
from pathlib import Path

from . import scoring
from .dataset import Dataset
from .method import LEVELS, Method

# The reference analysis's heat map (shared/seed): one published judgment, not ground truth.
SEED = {
    "DEU": ("High", "Medium-High"), "FRA": ("Medium-High", "Medium"), "JPN": ("High", "Medium"),
    "KOR": ("Medium-High", "Medium"), "GBR": ("Medium", "Low-Medium"), "ASEAN": ("Medium", "Low-Medium"),
}
SEED_CONSTRUCTS = ("hedging", "reversal")
FILENAME = "validation.json"


def measures_path() -> Path:
    from .data import packaged

    return packaged(FILENAME)


def load_measures(path: Path | None = None) -> dict:
    return json.loads((path or measures_path()).read_text(encoding="utf-8"))


# ---------------------------------------------------------------- the seed's heat map


def seed_cells(data: Dataset, year: int, method: Method) -> list[dict]:
    """Each of the seed's cells the method can score: matched or not, and the margin of the
    score to the nearest cut (a cut within a point or two of a seed row is a coincidence)."""
    rows = []
    for code, levels in SEED.items():
        if code not in data.entities:
            continue
        result = scoring.score(data, code, year, method)
        for construct, seed_level in zip(SEED_CONSTRUCTS, levels):
            if construct not in method.constructs:
                continue
            value = result.score(construct)
            cuts = method.constructs[construct].thresholds
            margin = None if value is None else round(min(abs(value - cut) for cut in cuts), 1)
            rows.append({"code": code, "name": result.name, "construct": construct, "seed_level": seed_level,
                         "level": result.level(construct), "score": value,
                         "match": result.level(construct) == seed_level, "margin": margin})
    return rows


def seed_pairs(data: Dataset, year: int, method: Method) -> list[dict]:
    """Every pair of seed rows the seed orders one way (by level) and the scores the other,
    with each indicator of the score for both: the evidence behind the divergence.

    An indicator "favours" the row it would push higher on the score: up with its value where
    its goalposts rise and its part enters as it is, down where they fall or the part is
    inverted (a stronger US anchor lowers reversal risk). Values are those the goalposts apply
    to (a ratio, a ten-year change); for a group, the mean over the members that have one.
    """
    out = []
    codes = [c for c in SEED if c in data.entities]
    results = {c: scoring.score(data, c, year, method) for c in codes}
    for construct in SEED_CONSTRUCTS:
        if construct not in method.constructs:
            continue
        index = {c: SEED_CONSTRUCTS.index(construct) for c in codes}
        for i, a in enumerate(codes):
            for b in codes[i + 1:]:
                la, lb = (LEVELS.index(SEED[c][index[c]]) for c in (a, b))
                sa, sb = results[a].score(construct), results[b].score(construct)
                if la == lb or sa is None or sb is None:
                    continue
                high, low = (a, b) if la > lb else (b, a)
                if results[high].score(construct) >= results[low].score(construct):
                    continue  # the scores agree with the seed's order
                evidence = _evidence(data, year, method, construct, high, low)
                ahead = sum(e["favours"] == low for e in evidence)
                behind = sum(e["favours"] == high for e in evidence)
                out.append({"construct": construct, "seed_higher": high, "seed_lower": low,
                            "scores": {high: results[high].score(construct), low: results[low].score(construct)},
                            "indicators": evidence,
                            "summary": f"{low} ahead on {ahead} of {len(evidence)} indicators, "
                                       f"{high} on {behind}"})
    return out


def _evidence(data: Dataset, year: int, method: Method, construct: str, high: str, low: str) -> list[dict]:
    c = method.constructs[construct]
    signs: dict[tuple[str, str], tuple[int, str]] = {}
    for entry in c.components():
        if entry.weight <= 0:
            continue
        for rule in method.parts[entry.part].rules:
            if rule.weight <= 0:
                continue
            sign = (1 if rule.hi > rule.lo else -1) * (-1 if entry.invert else 1)
            label = scoring.Term(rule.indicator, entry.part, None, None, rule.weight, change=rule.change,
                                 per=rule.denominator, rule=rule).label
            signs.setdefault((entry.part, label), (sign, entry.name))
    values = {code: _term_values(data, code, year, method) for code in (high, low)}
    rows = []
    for (part, label), (sign, entry) in signs.items():
        a, b = values[high].get((part, label)), values[low].get((part, label))
        if a is None or b is None:
            continue
        favours = "equal" if a == b else (high if (a - b) * sign > 0 else low)
        rows.append({"indicator": label, "part": entry, "values": {high: round(a, 4), low: round(b, 4)},
                     "favours": favours})
    return rows


def _term_values(data: Dataset, code: str, year: int, method: Method) -> dict[tuple[str, str], float]:
    """(part, indicator label) -> the value its goalposts apply to; a group's member mean."""
    members = data.entities[code].members or (code,)
    sums: dict[tuple[str, str], list[float]] = {}
    for member in members:
        for t in scoring.score_country(data, member, year, method).terms:
            if t.value is not None and t.observation is not None:
                sums.setdefault((t.part, t.label), []).append(t.value)
    return {k: sum(v) / len(v) for k, v in sums.items()}


# ---------------------------------------------------------------- outside measures


def spearman(xs: list[float], ys: list[float]) -> float | None:
    """Spearman's rho (average ranks for ties); None under three pairs, where it says nothing."""
    from .stats import spearman as rho

    return None if len(xs) < 3 else rho(xs, ys)


def correlations(data: Dataset, year: int, method: Method, measures: dict) -> list[dict]:
    """For each outside measure and construct: Spearman's rho in the latest year both have (at or
    before the scoring year), with n and the three countries whose ranks differ most, and over
    every country-year both have."""
    rows = []
    for name, measure in measures["measures"].items():
        if measure.get("kind") == "groups":
            continue  # ordered categories: group_orders
        values = measure["values"]
        years = sorted({int(y) for by_year in values.values() for y in by_year})
        common = max((y for y in years if y <= year), default=None)
        for construct in method.constructs:
            row = {"measure": name, "construct": construct, "year": common, "n": 0, "rho": None,
                   "pooled_n": 0, "pooled_rho": None, "disagree_most": []}
            if common is not None:
                pairs = []
                for code, by_year in values.items():
                    if code in data.entities and str(common) in by_year:
                        score = scoring.score(data, code, common, method).score(construct)
                        if score is not None:
                            pairs.append((code, score, by_year[str(common)]))
                row.update(n=len(pairs), rho=_round(spearman([p[1] for p in pairs], [p[2] for p in pairs])),
                           disagree_most=_disagreements(pairs))
            pooled = []
            for code, by_year in values.items():
                if code not in data.entities:
                    continue
                for y, v in by_year.items():
                    if int(y) <= year:
                        score = scoring.score(data, code, int(y), method).score(construct)
                        if score is not None:
                            pooled.append((score, v))
            row.update(pooled_n=len(pooled), pooled_rho=_round(spearman([p[0] for p in pooled], [p[1] for p in pooled])))
            rows.append(row)
    return rows


def within_countries(data: Dataset, method: Method, measure: dict, construct: str, year: int) -> dict:
    """Agreement over time inside each country: Spearman's rho of the score with the measure over
    the country's survey years (four or more in the method's years), and their median. Pew's
    surveys and FBIC's yearly values alike (FBIC's reported, with no target: added in round four,
    after the run)."""
    per = []
    for code, by_year in measure["values"].items():
        if code not in data.entities:
            continue
        pairs = [(scoring.score(data, code, int(y), method).score(construct), v) for y, v in sorted(by_year.items())
                 if int(y) <= year and (method.first_year is None or int(y) >= method.first_year)]
        pairs = [(a, b) for a, b in pairs if a is not None]
        rho = spearman([a for a, _ in pairs], [b for _, b in pairs]) if len(pairs) >= 4 else None
        if rho is not None:
            per.append({"code": code, "n": len(pairs), "rho": _round(rho)})
    rhos = sorted(r["rho"] for r in per)
    return {"countries": len(per), "median_rho": rhos[len(rhos) // 2] if rhos else None,
            "positive": sum(r > 0 for r in rhos), "disagree_most": sorted(per, key=lambda r: (r["rho"], r["code"]))[:3]}


def latest_since(data: Dataset, method: Method, measure: dict, construct: str, year: int, since: int = 2015) -> dict:
    """Across countries: each country's latest value of the measure from `since` on (surveys are
    not yearly), against its score in that year."""
    pairs = []
    for code, by_year in measure["values"].items():
        years = [int(y) for y in by_year if since <= int(y) <= year]
        if code in data.entities and years:
            y = max(years)
            score = scoring.score(data, code, y, method).score(construct)
            if score is not None:
                pairs.append((code, score, by_year[str(y)]))
    return {"since": since, "n": len(pairs), "rho": _round(spearman([p[1] for p in pairs], [p[2] for p in pairs])),
            "disagree_most": _disagreements(pairs)}


def group_orders(data: Dataset, year: int, method: Method, measures: dict, construct: str = "reversal") -> list[dict]:
    """For each judgment that sorts states into ordered categories: the mean score of each
    category (in its year, at or before `year`), whether the means follow the order strictly,
    and the states that sit furthest on the wrong side of a neighbouring category's mean."""
    rows = []
    for name, measure in measures["measures"].items():
        if measure.get("kind") != "groups" or construct not in method.constructs:
            continue
        members: dict[str, list[tuple[str, float]]] = {g: [] for g in measure["order"]}
        for code, by_year in measure["values"].items():
            if code not in data.entities:
                continue
            for y, group in by_year.items():
                if int(y) > year:
                    continue
                score = scoring.score(data, code, int(y), method).score(construct)
                if score is not None:
                    members[group].append((f"{code} {y}", score))
        groups = [{"group": g, "n": len(m), "mean": _round(sum(v for _, v in m) / len(m)) if m else None,
                   "members": sorted(m, key=lambda x: -x[1])} for g, m in members.items()]
        means = [g["mean"] for g in groups if g["mean"] is not None]
        ordered = len(means) >= 2 and all(a < b for a, b in zip(means, means[1:]))
        rows.append({"measure": name, "construct": construct, "order": measure["order"], "groups": groups,
                     "strictly_ordered": ordered, "expected": measure.get("expected")})
    return rows


def _disagreements(pairs: list[tuple[str, float, float]]) -> list[dict]:
    """The three countries whose rank on the score and on the measure differ most."""
    if len(pairs) < 3:
        return []
    by_score = {c: i + 1 for i, (c, _s, _m) in enumerate(sorted(pairs, key=lambda p: -p[1]))}
    by_measure = {c: i + 1 for i, (c, _s, _m) in enumerate(sorted(pairs, key=lambda p: -p[2]))}
    ranked = sorted(pairs, key=lambda p: (-abs(by_score[p[0]] - by_measure[p[0]]), p[0]))[:3]
    return [{"code": c, "score_rank": by_score[c], "measure_rank": by_measure[c]} for c, _s, _m in ranked]


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


# ---------------------------------------------------------------- comparable years, and moves that mean events

JUMP = 10.0  # points: a year-to-year move this large should be an event, not data mechanics


def years_of(method: Method, year: int) -> range:
    return range(method.first_year or 2005, year + 1)


def coverage(data: Dataset, year: int, method: Method) -> dict:
    """Which countries lack a score in some year of the method's span (first year to `year`)."""
    lacking = []
    for e in data.countries:
        for y in years_of(method, year):
            r = scoring.score_country(data, e.code, y, method)
            gaps = [c for c in method.constructs if r.score(c) is None]
            if gaps:
                lacking.append({"code": e.code, "year": y, "scores": gaps, "lacking_parts": r.lacking})
    span = years_of(method, year)
    return {"first": span.start, "last": year, "countries": len(data.countries),
            "complete": len({e.code for e in data.countries} - {r["code"] for r in lacking}), "lacking": lacking}


def jumps(data: Dataset, year: int, method: Method) -> dict:
    """Every consecutive country-year step that moves a score by JUMP points or more, with the
    indicator whose points changed most (the dated event or the change in a flow behind it),
    and the share of all steps such moves are."""
    from .analysis import _driver

    steps, found = 0, []
    for e in data.countries:
        prev = None
        for y in years_of(method, year):
            cur = scoring.score_country(data, e.code, y, method)
            if prev is not None:
                for c in method.constructs:
                    a, b = prev.score(c), cur.score(c)
                    if a is None or b is None:
                        continue
                    steps += 1
                    if abs(b - a) >= JUMP:
                        found.append({"code": e.code, "name": e.name, "year": y, "construct": c,
                                      "change": round(b - a, 1), "driver": _driver(prev, cur, c, method)})
            prev = cur
    return {"threshold": JUMP, "steps": steps, "jumps": len(found),
            "share": round(len(found) / steps, 4) if steps else None, "list": found}


def drift_top(data: Dataset, year: int, method: Method, since: int = 2015, construct: str = "reversal",
              n: int = 10) -> list[dict]:
    """The states `hedge drift --since` ranks first on a score, with what drives each: a state
    whose rise comes from its US ties weakening, not from a pull toward China, is flagged."""
    from .analysis import drift

    if construct not in method.constructs:
        return []
    c = method.constructs[construct]
    brakes = {g.name for g, _s in c.gates if g.invert} | {e.name for e in c.entries if e.invert}
    rows = []
    for e in data.countries:
        d = drift(data, e.code, method, since, year)
        if d.get(f"{construct}_slope") is not None:
            rows.append({"code": e.code, "name": e.name, "slope": d[f"{construct}_slope"],
                         "driver": d[f"{construct}_driver"], "driver_slope": d[f"{construct}_driver_slope"],
                         "from_weaker_ties": d[f"{construct}_driver"] in brakes})
    return sorted(rows, key=lambda r: (-r["slope"], r["code"]))[:n]


# ---------------------------------------------------------------- level stability


def stability(data: Dataset, year: int, method: Method, draws: int, seed: int) -> list[dict]:
    """Each country's level and the share of Monte Carlo draws that give it (numpy: imported
    only here), by name."""
    from . import uncertainty

    codes = [e.code for e in data.countries]
    summaries = uncertainty.run(data, year, method, draws, seed, codes)
    rows = []
    for code in codes:
        result = scoring.score_country(data, code, year, method)
        row = {"code": code, "name": result.name}
        for construct in method.constructs:
            lv = result.level(construct)
            row[f"{construct}_level"] = lv
            row[f"{construct}_p_level"] = None if lv is None else summaries[code][construct].levels.get(lv)
        rows.append(row)
    return sorted(rows, key=lambda r: (r["name"], r["code"]))


# The targets of method v3, set before its results were seen (docs/METHODOLOGY.md): each reads
# the report and gives (value shown, met).
TARGETS = [
    ("T1", "reversal vs FBIC China share, Spearman, 2023 >= 0.80",
     lambda d: _corr(d, "fbic.china_share", "reversal", 0.80)),
    ("T2", "mean reversal strictly ordered across Capital Economics' blocs",
     lambda d: _ordered(d, "ce.bloc")),
    ("T3", "ECFR 2023: 'partner' states above 'rival' states on mean reversal",
     lambda d: _ordered(d, "ecfr.view_of_china")),
    ("T4", "reversal vs Pew China favourability across countries (latest survey from 2015) >= 0.6",
     lambda d: _value(d["pew_latest"]["reversal"]["rho"], 0.6)),
    ("T5", "Pew within countries over time: median Spearman with reversal > 0",
     lambda d: _value(d["within_countries"]["pew.china_favourable"]["reversal"]["median_rho"], 0.0, strict=True)),
    ("T6", "Lowy Southeast Asia: reversal ordered US < China < China strongest",
     lambda d: _ordered(d, "lowy.more_influential")),
    ("T7", "both scores for every country in every year of the method's span",
     lambda d: (f"{d['coverage']['complete']} of {d['coverage']['countries']}",
                d["coverage"]["complete"] == d["coverage"]["countries"])),
    ("T8", "at most 2.5% of year-to-year steps move a score 10 points or more",
     lambda d: (f"{d['jumps']['share']:.1%}" if d["jumps"]["share"] is not None else None,
                d["jumps"]["share"] is not None and d["jumps"]["share"] <= 0.025)),
    ("T12", "no state in the top ten of reversal drift since 2015 because its US ties weakened",
     lambda d: (sum(r["from_weaker_ties"] for r in d["drift_top"]), not any(r["from_weaker_ties"] for r in d["drift_top"]))),
]


def _corr(doc: dict, measure: str, construct: str, at_least: float):
    row = next((r for r in doc["correlations"] if r["measure"] == measure and r["construct"] == construct), None)
    return _value(None if row is None else row["rho"], at_least)


def _value(value, at_least: float, strict: bool = False):
    if value is None:
        return None, False
    return value, value > at_least if strict else value >= at_least


def _ordered(doc: dict, measure: str):
    row = next((r for r in doc["group_orders"] if r["measure"] == measure), None)
    if row is None:
        return None, False
    return " < ".join(f"{g['mean']}" for g in row["groups"] if g["mean"] is not None), row["strictly_ordered"]


def targets(doc: dict) -> list[dict]:
    out = []
    for tid, text, check in TARGETS:
        try:
            value, met = check(doc)
        except (KeyError, TypeError, StopIteration):
            value, met = None, False  # a method without that score: the target does not apply
        out.append({"target": tid, "what": text, "value": value, "met": bool(met)})
    return out


def report(data: Dataset, year: int, method: Method, draws: int, seed: int, measures: dict) -> dict:
    """The whole validation as one document."""
    stable = stability(data, year, method, draws, seed)
    summary = {}
    for construct in method.constructs:
        ps = [r[f"{construct}_p_level"] for r in stable if r[f"{construct}_p_level"] is not None]
        summary[construct] = {"countries": len(ps), "p_level_at_least_0_8": sum(p >= 0.8 for p in ps),
                              "median_p_level": sorted(ps)[len(ps) // 2] if ps else None}
    doc = {"year": year, "method": method.name, "seed_cells": seed_cells(data, year, method),
            "seed_pairs": seed_pairs(data, year, method),
            "correlations": correlations(data, year, method, measures),
            "group_orders": group_orders(data, year, method, measures),
            "within_countries": {name: {c: within_countries(data, method, m, c, year) for c in method.constructs}
                                 for name, m in measures["measures"].items() if name.startswith(("pew.", "fbic."))},
            "pew_latest": {c: latest_since(data, method, measures["measures"]["pew.china_favourable"], c, year)
                           for c in method.constructs} if "pew.china_favourable" in measures["measures"] else {},
            "coverage": coverage(data, year, method), "jumps": jumps(data, year, method),
            "drift_top": drift_top(data, year, method),
            "stability": stable, "stability_summary": summary, "draws": draws, "seed": seed,
            "measures_source": measures.get("source", {})}
    doc["targets"] = targets(doc)
    return doc
