"""Monte Carlo uncertainty and sensitivity of the scores (numpy; imported only by these commands).

Each draw perturbs the method's assumptions, and the data where the sources give error bands,
then re-scores every country at once:
- weights: every indicator weight and every construct's part weight times U(1 - w, 1 + w), w = 0.25;
- goalposts: each goalpost moved by U(-g, g) x its span, g = 0.10; a value at or beyond a goalpost
  (no investment at all, a policy code of 0 or 1) keeps its score of 0 or 100, so the draws
  spread around the point score instead of only up from a floor or down from a ceiling;
- aggregation: with probability 1/2, a construct that names an alternative (hedging: geometric)
  combines its parts that way (on a 1-100 scale, so that a zero part does not zero everything);
- data: a value whose source gives a 5-95% band moves by a normal draw with that band (sd =
  half-width / 1.645); values without a band are taken as exact.
With all noise switched off a draw reproduces the point scores exactly (tested).

The same computation as scoring.py, written over arrays [draw, country, term] for any method;
kept in step by the zero-noise test.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from .dataset import Dataset
from .method import LEVELS, Method

Z90 = 1.6448536269514722  # a 5-95% band is +-1.645 standard deviations of a normal


@dataclass(frozen=True)
class Noise:
    weights: float = 0.25
    goalposts: float = 0.10
    aggregation: bool = True
    data: float = 1.0  # multiple of the sources' own error bands

    @staticmethod
    def none() -> Noise:
        return Noise(0.0, 0.0, False, 0.0)


@dataclass
class Design:
    """The inputs of every draw: per (country, term) the value the goalposts apply to and its
    standard error from the source's band (0 where none), and each term's rule and part."""

    codes: list[str]
    parts: list[str]  # per term
    rules: list  # per term
    raw: np.ndarray  # [country, term], NaN = missing
    sd: np.ndarray  # [country, term]
    years: np.ndarray | None = None  # [country]: the year of each row (stacked designs differ)


def _sd(obs) -> float:
    if obs is None or obs.band is None:
        return 0.0
    return (obs.band[1] - obs.band[0]) / 2.0 / Z90


def design(data: Dataset, year: int, method: Method, codes: list[str] | None = None) -> Design:
    """The design of one year, for every country (or the countries `codes`)."""
    from .scoring import score_country

    codes = [e.code for e in data.countries] if codes is None else list(codes)
    parts = [p.name for p in method.parts.values() for _ in p.rules]
    rules = [r for p in method.parts.values() for r in p.rules]
    raw = np.full((len(codes), len(rules)), np.nan)
    sd = np.zeros((len(codes), len(rules)))
    for c, code in enumerate(codes):
        # the point scorer picks the observations (max age, windows, denominators): reuse its choice
        for t, term in enumerate(score_country(data, code, year, method).terms):
            if term.observation is None or term.value is None:
                continue
            raw[c, t] = term.value
            # a ratio's error is its numerator's over the denominator (taken as exact); a change's
            # combines its two ends' as independent errors
            scale = term.denominator.value if term.denominator is not None else 1.0
            ends = [_sd(term.observation)]
            if term.earlier is not None:
                earlier_scale = term.earlier_denominator.value if term.earlier_denominator is not None else 1.0
                ends = [ends[0] / scale, _sd(term.earlier) / earlier_scale]
                sd[c, t] = float(np.hypot(*ends))
            else:
                sd[c, t] = ends[0] / scale
    return Design(codes, parts, rules, raw, sd, np.full(len(codes), year))


def _transform(values: np.ndarray, log: np.ndarray) -> np.ndarray:
    """log10(1 + x) on the log rules' terms (the last axis), the rest as they are; the logarithm is
    taken of those terms only (np.where would take it of every value: the same result, slower)."""
    out = np.array(values, dtype=float, copy=True)
    if log.any():
        out[..., log] = np.log10(1.0 + np.maximum(out[..., log], 0.0))
    return out


def _normalise(raw_t: np.ndarray, lo_t: np.ndarray, hi_t: np.ndarray) -> np.ndarray:
    """Transformed raw [D, C, T] between transformed goalposts [D, T] -> scores [D, C, T]."""
    return 100.0 * np.clip((raw_t - lo_t[:, None, :]) / (hi_t - lo_t)[:, None, :], 0.0, 1.0)


def _weighted(scores: np.ndarray, weights: np.ndarray, mask: np.ndarray, combine: str = "mean") -> np.ndarray:
    """Weighted mean (or, for a "max" part, the highest) over the terms in `mask`, ignoring
    missing values: [D, C]."""
    if combine == "max":
        with warnings.catch_warnings():  # a part with no term scored: NaN, quietly
            warnings.simplefilter("ignore", RuntimeWarning)
            return np.nanmax(np.where(weights[:, None, mask] > 0, scores[:, :, mask], np.nan), axis=2)
    present = ~np.isnan(scores[:, :, mask])
    w = np.where(present, weights[:, None, mask], 0.0)
    total = w.sum(axis=2)
    num = np.where(present, scores[:, :, mask], 0.0) * w
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, num.sum(axis=2) / total, np.nan)


CHUNK = 2_000  # draws per batch: bounds memory, and lets a terminal show progress
YEARS_CHUNK = 200  # draws per batch when every year is stacked (run_years)


def simulate(d: Design, method: Method, draws: int, seed: int, noise: Noise = Noise(),
             progress=None, chunk: int = CHUNK) -> dict[str, np.ndarray]:
    """Every construct's scores per draw and country: {construct: [D, C]}.

    Draws run in fixed batches of `chunk`, each with its own generator seeded from (seed, batch
    number), so a result depends on the seed, the number of draws and the chunk only, on any
    machine.
    """
    batches = []
    for batch, start in enumerate(range(0, draws, chunk)):
        n = min(chunk, draws - start)
        batches.append(_simulate(d, method, n, np.random.default_rng([seed, batch]), noise))
        if progress:
            progress(start + n)
    return {k: np.concatenate([b[k] for b in batches]) for k in method.constructs}


def _simulate(d: Design, method: Method, draws: int, rng, noise: Noise) -> dict[str, np.ndarray]:
    n_terms = len(d.rules)
    base_w = np.array([r.weight for r in d.rules])
    log = np.array([r.log for r in d.rules])
    # goalposts move by a share of their span on the scale they act on (log10 for log rules)
    lo0 = _transform(np.array([r.lo for r in d.rules]), log)
    hi0 = _transform(np.array([r.hi for r in d.rules]), log)
    span = hi0 - lo0
    w = base_w * rng.uniform(1 - noise.weights, 1 + noise.weights, (draws, n_terms))
    lo = lo0 + rng.uniform(-noise.goalposts, noise.goalposts, (draws, n_terms)) * span
    hi = hi0 + rng.uniform(-noise.goalposts, noise.goalposts, (draws, n_terms)) * span
    raw = np.broadcast_to(d.raw, (draws, *d.raw.shape))
    if noise.data:
        raw = raw + rng.standard_normal(raw.shape) * (d.sd * noise.data)
    scores = _normalise(_transform(raw, log), lo, hi)
    point = _transform(d.raw, log)
    scores = np.where(point <= np.minimum(lo0, hi0), np.where(lo0 < hi0, 0.0, 100.0), scores)
    scores = np.where(point >= np.maximum(lo0, hi0), np.where(lo0 < hi0, 100.0, 0.0), scores)
    scores = np.where(np.isnan(raw), np.nan, scores)
    names = np.array(d.parts)
    part = {p.name: _weighted(scores, w, names == p.name, p.combine) for p in method.parts.values()}

    out = {}
    for name, c in method.constructs.items():
        entries = [e for e in c.entries if e.weight > 0]
        values = np.stack([100.0 - part[e.part] if e.invert else part[e.part] for e in entries], axis=2)
        ew = np.array([e.weight for e in entries]) * rng.uniform(1 - noise.weights, 1 + noise.weights,
                                                                 (draws, len(entries)))
        ew = ew[:, None, :] / ew.sum(axis=1)[:, None, None]
        arithmetic = (values * ew).sum(axis=2)
        geometric = np.exp((np.log(np.maximum(values, 1.0)) * ew).sum(axis=2))
        if c.rule == "geometric":
            inner = geometric
        elif c.alternative == "geometric" and noise.aggregation:
            use_geo = rng.random(draws) < 0.5
            inner = np.where(use_geo[:, None], geometric, arithmetic)
        else:
            inner = arithmetic
        if c.rule == "gated":
            for g, s in c.gates:
                gate = 100.0 - part[g.part] if g.invert else part[g.part]
                inner = inner * (1.0 - s + s * gate / 100.0)
        if method.first_year is not None:
            inner = np.where(d.years[None, :] < method.first_year, np.nan, inner) if d.years is not None else inner
        out[name] = inner
    return out


@dataclass(frozen=True)
class Summary:
    median: float | None
    p5: float | None
    p95: float | None
    rank_p5: int | None
    rank_p95: int | None
    levels: dict[str, float]


def level_index(values: np.ndarray, thresholds) -> np.ndarray:
    """Vectorised scoring.level: index into LEVELS, on the one-decimal score as printed."""
    return np.searchsorted(np.asarray(thresholds), np.round(values, 1), side="right")


def summarise(values: np.ndarray, ranks: np.ndarray | None, thresholds) -> Summary:
    """values (and ranks, for countries) over draws for one entity."""
    ok = ~np.isnan(values)
    if not ok.any():
        return Summary(None, None, None, None, None, {})
    v = values[ok]
    probs = np.bincount(level_index(v, thresholds), minlength=len(LEVELS)) / len(v)
    rank_p5 = rank_p95 = None
    if ranks is not None:
        rank_p5, rank_p95 = int(np.percentile(ranks[ok], 5)), int(np.percentile(ranks[ok], 95))
    return Summary(round(float(np.median(v)), 1), round(float(np.percentile(v, 5)), 1),
                   round(float(np.percentile(v, 95)), 1), rank_p5, rank_p95,
                   {lv: round(float(p), 3) for lv, p in zip(LEVELS, probs)})


def run(data: Dataset, year: int, method: Method, draws: int, seed: int, codes: list[str],
        noise: Noise = Noise(), progress=None) -> dict[str, dict[str, Summary]]:
    """Summaries for the requested countries and groups; ranks are among all countries (1 = highest)."""
    d = design(data, year, method)
    sim = simulate(d, method, draws, seed, noise, progress)
    index = {c: i for i, c in enumerate(d.codes)}
    out: dict[str, dict[str, Summary]] = {code: {} for code in codes}
    for construct, c in method.constructs.items():
        values = sim[construct]
        filled = np.where(np.isnan(values), -np.inf, values)
        ranks = (-filled).argsort(axis=1).argsort(axis=1) + 1  # rank among countries per draw
        for code in codes:
            entity = data.entities[code]
            if entity.kind == "group":
                from .groups import weights_in

                # the members of that year (a group whose membership changes counts its members then)
                members = [index[m] for m, w in zip(entity.members, weights_in(data, entity, year, method.max_age))
                           if w is not None]
                with warnings.catch_warnings():  # no member scored (early years): NaN, no warning
                    warnings.simplefilter("ignore", RuntimeWarning)
                    group = np.nanmean(values[:, members], axis=1) if members else np.full(draws, np.nan)
                out[code][construct] = summarise(group, None, c.thresholds)
            else:
                out[code][construct] = summarise(values[:, index[code]], ranks[:, index[code]], c.thresholds)
    return out


def run_years(data: Dataset, years: list[int], method: Method, draws: int, seed: int, codes: list[str],
              noise: Noise = Noise()) -> dict[str, dict[str, dict[str, list[float | None]]]]:
    """Per country or group, per construct, the median and the 5-95% band of every year:
    {code: {construct: {"median": [...], "p5": [...], "p95": [...]}}}, lists in `years` order
    (None where there is no score).

    One pass for all years: the designs of the years are stacked as rows of one design, so each
    draw's weights, goalposts and aggregation are the same in every year (a method is one
    method across years) while the data errors are drawn per value. The numbers are the same in
    law as a year's own `run`, not draw for draw (the data draws fall differently).
    """
    countries = list(dict.fromkeys(m for code in codes for m in (data.entities[code].members or (code,))))
    per_year = [design(data, year, method, countries) for year in years]
    stacked = Design(countries * len(years), per_year[0].parts, per_year[0].rules,
                     np.concatenate([d.raw for d in per_year]), np.concatenate([d.sd for d in per_year]),
                     np.concatenate([d.years for d in per_year]))
    # many rows (years x countries): smaller batches keep the arrays in cache (about 3x faster)
    sim = simulate(stacked, method, draws, seed, noise, chunk=YEARS_CHUNK)
    index = {c: i for i, c in enumerate(countries)}
    out: dict[str, dict[str, dict[str, list[float | None]]]] = {code: {} for code in codes}
    with warnings.catch_warnings():  # a year without a score: all-NaN slices give None, quietly
        warnings.simplefilter("ignore", RuntimeWarning)
        for construct in method.constructs:
            values = sim[construct].reshape(draws, len(years), len(countries))  # [D, Y, C]
            # a column per code asked for: a country's own, a group's mean over its members
            columns = np.stack([np.nanmean(values[:, :, [index[m] for m in data.entities[code].members]], axis=2)
                                if data.entities[code].kind == "group" else values[:, :, index[code]]
                                for code in codes], axis=2)  # [D, Y, K]
            qs = np.nanpercentile(columns, [50, 5, 95], axis=0)  # [3, Y, K]
            for k, code in enumerate(codes):
                out[code][construct] = {name: [None if np.isnan(x) else round(float(x), 1) for x in q[:, k]]
                                        for name, q in zip(("median", "p5", "p95"), qs)}
    return out


ASSUMPTIONS = {
    "weights": Noise(0.25, 0.0, False, 0.0),
    "goalposts": Noise(0.0, 0.10, False, 0.0),
    "aggregation": Noise(0.0, 0.0, True, 0.0),
    "data": Noise(0.0, 0.0, False, 1.0),
}


def sensitivity(data: Dataset, year: int, method: Method, draws: int, seed: int) -> list[dict]:
    """A documented variance split: vary one assumption at a time, the others at their defaults.

    For each country and score: the variance each assumption causes alone, its share of their
    sum, and the probability that it alone moves the country's level. Rows by name, as in the
    heat map. A score the data cannot support that year has no split: its variances, shares,
    probabilities and driver are None (null), not 0.
    """
    from .scoring import score_country

    d = design(data, year, method)
    point = {c: score_country(data, c, year, method) for c in d.codes}
    sims = {name: simulate(d, method, draws, seed, noise) for name, noise in ASSUMPTIONS.items()}
    rows = []
    for i, code in enumerate(d.codes):
        row = {"code": code, "name": data.entities[code].name}
        for construct, c in method.constructs.items():
            base = point[code].score(construct)
            if base is None:
                row[construct] = {name: {"variance": None, "share": None, "p_level_change": None} for name in sims}
                row[f"{construct}_driver"] = None
                continue
            variances, moves = {}, {}
            for name, sim in sims.items():
                v = sim[construct][:, i]
                v = v[~np.isnan(v)]
                variances[name] = float(v.var()) if len(v) else 0.0
                moves[name] = (float(np.mean(level_index(v, c.thresholds) != level_index(np.array(base), c.thresholds)))
                               if len(v) else 0.0)
            total = sum(variances.values())
            row[construct] = {
                name: {"variance": round(variances[name], 2) + 0.0,
                       "share": round(variances[name] / total, 3) + 0.0 if total else 0.0,
                       "p_level_change": round(moves[name], 3) + 0.0}
                for name in sims
            }
            row[f"{construct}_driver"] = max(variances, key=variances.get) if total else None
        rows.append(row)
    return sorted(rows, key=lambda r: (r["name"], r["code"]))
