"""Monte Carlo uncertainty and sensitivity of the scores (numpy; imported only by these commands).

Each draw perturbs the method's assumptions and re-scores every country at once:
- weights: every indicator and reversal-component weight times U(1 - w, 1 + w), w = 0.25;
- goalposts: each goalpost moved by U(-g, g) x its span, g = 0.10;
- aggregation: with probability 1/2 the engagement pillars are combined by a geometric instead
  of an arithmetic mean (on a 1-100 scale, so that a zero pillar does not zero everything).
The shipped values carry no error bands from their sources, so the data are not perturbed.
With all noise switched off a draw reproduces the point scores exactly (tested).

The same computation as scoring.py, written over arrays [draw, country, term]; kept in step by
the zero-noise test.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from .dataset import Dataset
from .method import LEVELS, Method

ROLES = ("trade", "technology", "infrastructure", "security", "political", "dependence", "drift")
REVERSAL = ("dependence", "drift", "weak_anchor", "distance")


@dataclass(frozen=True)
class Noise:
    weights: float = 0.25
    goalposts: float = 0.10
    aggregation: bool = True

    @staticmethod
    def none() -> Noise:
        return Noise(0.0, 0.0, False)


@dataclass
class Design:
    """The inputs of every draw: raw values per (country, term) and each term's rule."""

    codes: list[str]
    roles: list[str]  # per term
    rules: list  # per term
    raw: np.ndarray  # [country, term], NaN = missing


def design(data: Dataset, year: int, method: Method) -> Design:
    from .scoring import score_country

    codes = [e.code for e in data.countries]
    roles, rules = [], []
    for pillar, pillar_rules in method.engagement.items():
        roles += [pillar] * len(pillar_rules)
        rules += list(pillar_rules)
    for role, role_rules in (("security", method.anchor), ("political", method.alignment),
                             ("dependence", method.dependence), ("drift", method.drift)):
        roles += [role] * len(role_rules)
        rules += list(role_rules)
    raw = np.full((len(codes), len(rules)), np.nan)
    for c, code in enumerate(codes):
        # the point scorer picks the observations (max age, drift windows): reuse its choice
        terms = score_country(data, code, year, method).terms
        for t, term in enumerate(terms):
            if term.observation is None:
                continue
            if term.earlier is not None:
                raw[c, t] = term.observation.value - term.earlier.value
            else:
                raw[c, t] = term.observation.value
    return Design(codes, roles, rules, raw)


def _transform(values: np.ndarray, log: np.ndarray) -> np.ndarray:
    return np.where(log, np.log10(1.0 + np.maximum(values, 0.0)), values)


def _normalise(raw_t: np.ndarray, lo_t: np.ndarray, hi_t: np.ndarray) -> np.ndarray:
    """Transformed raw [C, T] between transformed goalposts [D, T] -> scores [D, C, T]."""
    return 100.0 * np.clip((raw_t[None, :, :] - lo_t[:, None, :]) / (hi_t - lo_t)[:, None, :], 0.0, 1.0)


def _weighted(scores: np.ndarray, weights: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Weighted mean over the terms in `mask`, ignoring missing values: [D, C]."""
    present = ~np.isnan(scores[:, :, mask])
    w = np.where(present, weights[:, None, mask], 0.0)
    total = w.sum(axis=2)
    num = np.where(present, scores[:, :, mask], 0.0) * w
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, num.sum(axis=2) / total, np.nan)


CHUNK = 2_000  # draws per batch: bounds memory, and lets a terminal show progress


def simulate(d: Design, method: Method, draws: int, seed: int, noise: Noise = Noise(),
             progress=None) -> dict[str, np.ndarray]:
    """Hedging and reversal scores per draw and country: {"hedging": [D, C], "reversal": [D, C]}.

    Draws run in fixed batches, each with its own generator seeded from (seed, batch number),
    so a result depends on the seed and the number of draws only, on any machine.
    """
    parts = []
    for batch, start in enumerate(range(0, draws, CHUNK)):
        n = min(CHUNK, draws - start)
        parts.append(_simulate(d, method, n, np.random.default_rng([seed, batch]), noise))
        if progress:
            progress(start + n)
    return {k: np.concatenate([p[k] for p in parts]) for k in ("hedging", "reversal")}


def _simulate(d: Design, method: Method, draws: int, rng, noise: Noise) -> dict[str, np.ndarray]:
    n_terms = len(d.rules)
    base_w = np.array([r.weight for r in d.rules])
    log = np.array([getattr(r, "log", False) for r in d.rules])
    # goalposts move by a share of their span on the scale they act on (log10 for log rules)
    lo0 = _transform(np.array([r.lo for r in d.rules]), log)
    hi0 = _transform(np.array([r.hi for r in d.rules]), log)
    span = hi0 - lo0
    w = base_w * rng.uniform(1 - noise.weights, 1 + noise.weights, (draws, n_terms))
    lo = lo0 + rng.uniform(-noise.goalposts, noise.goalposts, (draws, n_terms)) * span
    hi = hi0 + rng.uniform(-noise.goalposts, noise.goalposts, (draws, n_terms)) * span
    scores = _normalise(_transform(d.raw, log), lo, hi)
    roles = np.array(d.roles)
    part = {role: _weighted(scores, w, roles == role) for role in ROLES}

    engagement_parts = np.stack([part[p] for p in method.engagement], axis=2)  # [D, C, P]
    arithmetic = engagement_parts.mean(axis=2)
    geometric = np.exp(np.log(np.maximum(engagement_parts, 1.0)).mean(axis=2))
    use_geo = rng.random(draws) < 0.5 if noise.aggregation else np.zeros(draws, bool)
    engagement = np.where(use_geo[:, None], geometric, arithmetic)
    anchor = part["security"]
    gate = method.anchor_gate
    hedging = engagement * (1.0 - gate + gate * anchor / 100.0)

    comps = {"dependence": part["dependence"], "drift": part["drift"],
             "weak_anchor": 100.0 - anchor, "distance": 100.0 - part["political"]}
    base_cw = np.array([method.reversal_weights[k] for k in REVERSAL])
    cw = base_cw * rng.uniform(1 - noise.weights, 1 + noise.weights, (draws, len(REVERSAL)))
    stacked = np.stack([comps[k] for k in REVERSAL], axis=2)  # [D, C, 4]
    used = base_cw > 0
    reversal = (stacked[:, :, used] * cw[:, None, used]).sum(axis=2) / cw[:, None, used].sum(axis=2)
    return {"hedging": hedging, "reversal": reversal}


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
    for construct, thresholds in (("hedging", method.hedging_thresholds), ("reversal", method.reversal_thresholds)):
        values = sim[construct]
        filled = np.where(np.isnan(values), -np.inf, values)
        ranks = (-filled).argsort(axis=1).argsort(axis=1) + 1  # rank among countries per draw
        for code in codes:
            entity = data.entities[code]
            if entity.kind == "group":
                members = [index[m] for m in entity.members]
                with warnings.catch_warnings():  # no member scored (early years): NaN, no warning
                    warnings.simplefilter("ignore", RuntimeWarning)
                    group = np.nanmean(values[:, members], axis=1) if members else np.full(draws, np.nan)
                out[code][construct] = summarise(group, None, thresholds)
            else:
                out[code][construct] = summarise(values[:, index[code]], ranks[:, index[code]], thresholds)
    return out


ASSUMPTIONS = {
    "weights": Noise(0.25, 0.0, False),
    "goalposts": Noise(0.0, 0.10, False),
    "aggregation": Noise(0.0, 0.0, True),
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
        for construct, thresholds in (("hedging", method.hedging_thresholds),
                                      ("reversal", method.reversal_thresholds)):
            base = getattr(point[code], f"{construct}_score")
            if base is None:
                row[construct] = {name: {"variance": None, "share": None, "p_level_change": None} for name in sims}
                row[f"{construct}_driver"] = None
                continue
            variances, moves = {}, {}
            for name, sim in sims.items():
                v = sim[construct][:, i]
                v = v[~np.isnan(v)]
                variances[name] = float(v.var()) if len(v) else 0.0
                moves[name] = (float(np.mean(level_index(v, thresholds) != level_index(np.array(base), thresholds)))
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
