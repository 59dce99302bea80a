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
                                 per=rule.denominator).label
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


def report(data: Dataset, year: int, method: Method, draws: int, seed: int, measures: dict) -> dict:
    """The whole validation as one document."""
    stable = stability(data, year, method, draws, seed)
    summary = {}
    for construct in method.constructs:
        ps = [r[f"{construct}_p_level"] for r in stable if r[f"{construct}_p_level"] is not None]
        summary[construct] = {"countries": len(ps), "p_level_at_least_0_8": sum(p >= 0.8 for p in ps),
                              "median_p_level": sorted(ps)[len(ps) // 2] if ps else None}
    return {"year": year, "method": method.name, "seed_cells": seed_cells(data, year, method),
            "seed_pairs": seed_pairs(data, year, method),
            "correlations": correlations(data, year, method, measures),
            "stability": stable, "stability_summary": summary, "draws": draws, "seed": seed,
            "measures_source": measures.get("source", {})}
