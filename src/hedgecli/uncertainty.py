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
from .groups import weights_in
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
    from .scoring import moved_slope, score_country

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
                earlier_sd = _sd(term.earlier) / earlier_scale
                if term.world_growth is not None:  # the start's error moves with it (scoring.moved)
                    start = term.earlier.value / earlier_scale
                    earlier_sd *= moved_slope(start, term.world_growth, term.rule.world.model)
                ends = [ends[0] / scale, earlier_sd]
                sd[c, t] = float(np.hypot(*ends))
                if term.smoothed:  # a mean of n changes, each with its own two ends' errors
                    sd[c, t] /= float(np.sqrt(term.smoothed))
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
# Up to EXACT_DRAWS every draw of the scores asked for is kept, and summarised exactly; beyond it
# the draws are counted in bins of BIN points as they are made, so memory stays flat however many
# draws (1,000,000 held 2.6 GB): percentiles are then read from the bins, within BIN / 2 of exact.
EXACT_DRAWS = 50_000
BIN = 0.01
BINS = int(round(100 / BIN)) + 1  # scores are 0-100: bins at 0, 0.01, ..., 100


def batches(d: Design, method: Method, draws: int, seed: int, noise: Noise = Noise(), progress=None,
            chunk: int = CHUNK):
    """Every construct's scores per draw and country, a batch at a time: {construct: [n, C]}.

    Draws run in fixed batches of `chunk`, each with its own generator seeded from (seed, batch
    number), so a result depends on the seed, the number of draws and the chunk only, on any
    machine (and not on whether the batches are kept or counted as they come).
    """
    for batch, start in enumerate(range(0, draws, chunk)):
        n = min(chunk, draws - start)
        yield _simulate(d, method, n, np.random.default_rng([seed, batch]), noise)
        if progress:
            progress(start + n)


def simulate(d: Design, method: Method, draws: int, seed: int, noise: Noise = Noise(),
             progress=None, chunk: int = CHUNK) -> dict[str, np.ndarray]:
    """Every construct's scores per draw and country: {construct: [D, C]} (all in memory: for
    tests and small runs; run, run_years and sensitivity take the batches as they come)."""
    kept = list(batches(d, method, draws, seed, noise, progress, chunk))
    return {k: np.concatenate([b[k] for b in kept]) for k in method.constructs}


class _Tally:
    """The draws of some columns (a score per entity, or per year and entity), in bounded memory:
    kept as they are up to EXACT_DRAWS draws, else counted in BIN-point bins (with, per column,
    the count of each rank and each level, which are exact either way)."""

    def __init__(self, draws: int, columns: int, thresholds=None, ranks: int = 0) -> None:
        self.exact = draws <= EXACT_DRAWS
        self.kept: list[np.ndarray] = []
        self.kept_ranks: list[np.ndarray] = []
        self.thresholds, self.columns = thresholds, columns
        if not self.exact:
            self.bins = np.zeros((columns, BINS), dtype=np.int64)
            self.levels = np.zeros((columns, len(LEVELS)), dtype=np.int64)
            self.ranks = np.zeros((columns, ranks + 1), dtype=np.int64)

    def add(self, values: np.ndarray, ranks: np.ndarray | None = None) -> None:
        """values [n, columns] (NaN: no score in that draw), ranks [n, columns] or None."""
        if self.exact:
            self.kept.append(values)
            if ranks is not None:
                self.kept_ranks.append(ranks.astype(np.int32))  # ranks up to a few hundred
            return
        ok = ~np.isnan(values)
        col = np.broadcast_to(np.arange(self.columns), values.shape)[ok]
        where = np.clip(np.rint(values[ok] / BIN).astype(np.int64), 0, BINS - 1)
        self.bins += np.bincount(col * BINS + where, minlength=self.bins.size).reshape(self.bins.shape)
        if self.thresholds is not None:
            lv = level_index(values[ok], self.thresholds)
            self.levels += np.bincount(col * len(LEVELS) + lv, minlength=self.levels.size).reshape(self.levels.shape)
        if ranks is not None:
            width = self.ranks.shape[1]
            r = np.clip(ranks[ok], 0, width - 1)
            self.ranks += np.bincount(col * width + r, minlength=self.ranks.size).reshape(self.ranks.shape)

    def values(self) -> np.ndarray:
        return np.concatenate(self.kept)

    def percentiles(self, column: int, qs) -> list[float]:
        """Binned path: np.percentile's linear interpolation, on the bins (NaN: no draw)."""
        return [_percentile(self.bins[column], q) * BIN for q in qs]

    def summary(self, column: int, ranked: bool) -> Summary:
        """Binned path: the Summary summarise gives."""
        n = int(self.bins[column].sum())
        if n == 0:
            return Summary(None, None, None, None, None, {})
        median, p5, p95 = (round(float(v), 1) for v in self.percentiles(column, (50, 5, 95)))
        rank_p5 = rank_p95 = None
        if ranked:
            rank_p5, rank_p95 = (int(_percentile(self.ranks[column], q)) for q in (5, 95))
        return Summary(median, p5, p95, rank_p5, rank_p95,
                       {lv: round(float(c) / n, 3) for lv, c in zip(LEVELS, self.levels[column])})


def _percentile(counts: np.ndarray, q: float) -> float:
    """The q-th percentile, interpolated as np.percentile does, of the values 0, 1, 2, ... given
    how often each occurs (NaN if none does)."""
    n = int(counts.sum())
    if n == 0:
        return float("nan")
    cumulative = np.cumsum(counts)
    position = q / 100.0 * (n - 1)
    low = int(np.floor(position))
    below, above = (int(np.searchsorted(cumulative, i, side="right")) for i in (low, min(low + 1, n - 1)))
    return below + (above - below) * (position - low)


def _ranks(values: np.ndarray) -> np.ndarray:
    """Each country's rank per draw, 1 = highest; a country without a score ranks last."""
    filled = np.where(np.isnan(values), -np.inf, values)
    return (-filled).argsort(axis=1).argsort(axis=1) + 1


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
    index = {c: i for i, c in enumerate(d.codes)}
    groups = [data.entities[code].kind == "group" for code in codes]
    # a group's members and their weights that year, as its point score weighs them (a group
    # whose membership changes counts its members then)
    members_of = {code: ([index[m] for m in data.entities[code].members],
                         _member_weights(data, code, [year], method)[0]) for code, group in zip(codes, groups) if group}
    tallies = {name: _Tally(draws, len(codes), c.thresholds, len(d.codes)) for name, c in method.constructs.items()}
    for batch in batches(d, method, draws, seed, noise, progress):
        for construct, values in batch.items():
            ranks = _ranks(values)  # rank among countries per draw
            columns, rank_columns = [], []
            for code, group in zip(codes, groups):
                if group:
                    members, weights = members_of[code]
                    columns.append(group_mean(values[:, members], weights))
                    rank_columns.append(np.zeros(len(values), dtype=np.int64))  # groups are not ranked
                else:
                    columns.append(values[:, index[code]])
                    rank_columns.append(ranks[:, index[code]])
            tallies[construct].add(np.stack(columns, axis=1), np.stack(rank_columns, axis=1))
    out: dict[str, dict[str, Summary]] = {code: {} for code in codes}
    for construct, c in method.constructs.items():
        tally = tallies[construct]
        if tally.exact:
            values, ranks = tally.values(), np.concatenate(tally.kept_ranks)
        for k, (code, group) in enumerate(zip(codes, groups)):
            if not tally.exact:
                out[code][construct] = tally.summary(k, not group)
            else:
                out[code][construct] = summarise(values[:, k], None if group else ranks[:, k], c.thresholds)
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
    index = {c: i for i, c in enumerate(countries)}
    members_of = {code: ([index[m] for m in data.entities[code].members], _member_weights(data, code, years, method))
                  for code in codes if data.entities[code].kind == "group"}
    shape = (len(years), len(codes))
    tallies = {construct: _Tally(draws, shape[0] * shape[1]) for construct in method.constructs}
    out: dict[str, dict[str, dict[str, list[float | None]]]] = {code: {} for code in codes}
    with warnings.catch_warnings():  # a year without a score: all-NaN slices give None, quietly
        warnings.simplefilter("ignore", RuntimeWarning)
        # many rows (years x countries): smaller batches keep the arrays in cache (about 3x faster)
        for batch in batches(stacked, method, draws, seed, noise, chunk=YEARS_CHUNK):
            for construct, sim in batch.items():
                values = sim.reshape(len(sim), len(years), len(countries))  # [n, Y, C]
                # a column per code asked for: a country's own, a group's weighted mean over its
                # members of each year
                columns = np.stack([group_mean(values[:, :, members_of[code][0]], members_of[code][1])
                                    if code in members_of else values[:, :, index[code]]
                                    for code in codes], axis=2)  # [n, Y, K]
                tallies[construct].add(columns.reshape(len(sim), -1))
        for construct, tally in tallies.items():
            if tally.exact:
                qs = np.nanpercentile(tally.values().reshape(draws, *shape), [50, 5, 95], axis=0)  # [3, Y, K]
            else:
                qs = np.array([tally.percentiles(m, (50, 5, 95)) for m in range(tally.columns)]).T.reshape(3, *shape)
            for k, code in enumerate(codes):
                out[code][construct] = {name: [None if np.isnan(x) else round(float(x), 1) for x in q[:, k]]
                                        for name, q in zip(("median", "p5", "p95"), qs)}
    return out


def _member_weights(data: Dataset, code: str, years: list[int], method: Method) -> np.ndarray:
    """[year, member] weights of a group as scoring weighs them (NaN: not counted that year)."""
    entity = data.entities[code]
    return np.array([[np.nan if w is None else w for w in weights_in(data, entity, year, method.max_age)]
                     for year in years], dtype=float).reshape(len(years), len(entity.members))


def group_mean(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """A group's score per draw: the weighted mean of its members' scores over the members that
    have one, as scoring.score_group takes it (values [..., member], weights [member] or
    [year, member], NaN for a member not counted); NaN where no member counts."""
    w = np.nan_to_num(weights, nan=0.0)
    if w.size and w.max() > 0:
        w = w / w.max()  # as scoring does: GDP weights of 1e308 must not overflow a sum
    present = ~np.isnan(values) & (w > 0)
    total = np.where(present, w, 0.0).sum(axis=-1)
    weighted = (np.where(present, values, 0.0) * w).sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, weighted / np.where(total > 0, total, 1.0), np.nan)


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
    # one assumption at a time, each reduced to a variance and a level-change probability per
    # country before the next is drawn (four [draws, country] arrays at once took 4.4 GB)
    base = {construct: [point[code].score(construct) for code in d.codes] for construct in method.constructs}
    spread = {name: _spread(d, method, draws, seed, noise, base) for name, noise in ASSUMPTIONS.items()}
    rows = []
    for i, code in enumerate(d.codes):
        row = {"code": code, "name": data.entities[code].name}
        for construct, c in method.constructs.items():
            if base[construct][i] is None:
                row[construct] = {name: {"variance": None, "share": None, "p_level_change": None} for name in spread}
                row[f"{construct}_driver"] = None
                continue
            variances = {name: s[construct][0][i] for name, s in spread.items()}
            moves = {name: s[construct][1][i] for name, s in spread.items()}
            total = sum(variances.values())
            row[construct] = {
                name: {"variance": round(variances[name], 2) + 0.0,
                       "share": round(variances[name] / total, 3) + 0.0 if total else 0.0,
                       "p_level_change": round(moves[name], 3) + 0.0}
                for name in spread
            }
            row[f"{construct}_driver"] = max(variances, key=variances.get) if total else None
        rows.append(row)
    return sorted(rows, key=lambda r: (r["name"], r["code"]))


def _spread(d: Design, method: Method, draws: int, seed: int, noise: Noise,
            base: dict[str, list[float | None]]) -> dict[str, tuple[list[float], list[float]]]:
    """Per construct, each country's score variance over the draws and the probability that its
    level differs from the level of its point score `base` (0 without draws). Up to EXACT_DRAWS
    from the draws kept whole; beyond, accumulated batch by batch (Chan's pairwise update of the
    mean and the sum of squares), so memory stays flat."""
    n_countries = len(d.codes)
    levels = {name: np.array([-1 if b is None else int(level_index(np.array(b), c.thresholds)) for b in base[name]])
              for name, c in method.constructs.items()}
    if draws <= EXACT_DRAWS:
        sim = simulate(d, method, draws, seed, noise)
        out = {}
        for name, c in method.constructs.items():
            variances, moves = [], []
            for i in range(n_countries):
                v = sim[name][:, i]
                v = v[~np.isnan(v)]
                variances.append(float(v.var()) if len(v) else 0.0)
                moves.append(float(np.mean(level_index(v, c.thresholds) != levels[name][i])) if len(v) else 0.0)
            out[name] = (variances, moves)
        return out
    count = {name: np.zeros(n_countries) for name in method.constructs}
    mean = {name: np.zeros(n_countries) for name in method.constructs}
    squares = {name: np.zeros(n_countries) for name in method.constructs}
    moved = {name: np.zeros(n_countries) for name in method.constructs}
    with warnings.catch_warnings():  # a country with no score in a batch: NaN means, set aside below
        warnings.simplefilter("ignore", RuntimeWarning)
        for batch in batches(d, method, draws, seed, noise):
            for name, c in method.constructs.items():
                values = batch[name]
                ok = ~np.isnan(values)
                n = ok.sum(axis=0).astype(float)
                batch_mean = np.where(n > 0, np.nansum(values, axis=0) / np.maximum(n, 1), 0.0)
                batch_squares = np.nansum((values - batch_mean) ** 2, axis=0)
                total = count[name] + n
                delta = batch_mean - mean[name]
                share = np.where(total > 0, n / np.maximum(total, 1), 0.0)
                squares[name] += batch_squares + delta ** 2 * count[name] * share
                mean[name] += delta * share
                count[name] = total
                lv = level_index(np.where(ok, values, 0.0), c.thresholds)
                moved[name] += (ok & (lv != levels[name])).sum(axis=0)
    return {name: ([float(squares[name][i] / count[name][i]) if count[name][i] else 0.0 for i in range(n_countries)],
                   [float(moved[name][i] / count[name][i]) if count[name][i] else 0.0 for i in range(n_countries)])
            for name in method.constructs}
