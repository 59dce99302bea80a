"""Analyses built on the scorer: why a score is what it is, what would change it, how it moves.

- `explain`: every indicator's contribution in points of the hedging and reversal scores
  (they add up to the scores), and how far each score is from the next level.
- `with_overrides`: a what-if copy of a dataset with some values replaced (nothing on disk).
- `trend` and `drift`: scores over the years, and robust (Theil-Sen) slopes over a window.

All pure functions over `Dataset`, `Method` and `Result`; no I/O, no printing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from statistics import median

from . import scoring, units
from .dataset import Dataset, Observation
from .errors import UsageError
from .method import LEVELS, DriftRule, Method, Rule
from .scoring import ENGAGEMENT_PILLARS, Result, Term, score

# ---------------------------------------------------------------- explain


@dataclass(frozen=True)
class Contribution:
    indicator: str
    part: str
    score: float | None  # the indicator's 0-100 score
    points: float  # points of the final score this term adds (negative: subtracts)
    term: Term  # its value and provenance


def contributions(result: Result, method: Method, construct: str) -> list[Contribution]:
    """Split a score into indicator points that add up to it; none for a null score.

    Hedging = E - E*g*(100 - S)/100: engagement indicators add their share of E, anchor
    indicators subtract their share of the anchor discount (a weak anchor costs points).
    Reversal is a weighted mean of four components: each indicator adds its component's share
    of its score (or of 100 - score, for the anchor and political alignment).
    """
    if getattr(result, f"{construct}_score") is None:
        return []
    if construct == "hedging":
        n = len(method.engagement)
        # the unrounded engagement: the Result carries it rounded for display, and splitting a
        # score with a rounded part would miss it by more than its rounding
        engagement = sum(scoring.weighted(_present(result, p)) for p in method.engagement) / n
        discount = engagement * method.anchor_gate / 100.0
        out = [Contribution(t.indicator, p, t.score, share / n * t.score, t)
               for p in method.engagement for t, share in _shares(result, p)]
        return out + [Contribution(t.indicator, "security", t.score, -discount * share * (100.0 - t.score), t)
                      for t, share in _shares(result, "security")]
    weights = {k: w for k, w in method.reversal_weights.items() if w > 0}
    total = sum(weights.values())
    out = []
    for comp, w in weights.items():
        part, inverted = scoring.REVERSAL_SOURCES[comp]
        out += [Contribution(t.indicator, comp, t.score,
                             w / total * share * (100.0 - t.score if inverted else t.score), t)
                for t, share in _shares(result, part)]
    return out


def _present(result: Result, part: str) -> list[Term]:
    return [t for t in result.terms if t.part == part and t.score is not None and t.weight > 0]


def _shares(result: Result, part: str) -> list[tuple[Term, float]]:
    """Each scored term of a part with its share of the part's weight."""
    terms = _present(result, part)
    total = sum(t.weight for t in terms)
    return [(t, t.weight / total) for t in terms]


@dataclass(frozen=True)
class Lever:
    """One indicator set on its own to move a score's level."""

    indicator: str
    part: str  # the pillar or part(s) it feeds in this score (besides drift)
    now: float
    needed: float | None  # None: no value it may take moves the level
    reaches: str | None  # the level that value gives: the neighbouring one or beyond


@dataclass(frozen=True)
class Gap:
    """What it takes to move a score to the next level up or down."""

    direction: str  # "up" or "down"
    target_level: str
    threshold: float
    points: float  # score change needed (positive up, negative down)
    levers: list[Lever]


def gaps(data: Dataset, result: Result, method: Method, construct: str) -> list[Gap]:
    """Distance to the neighbouring levels, and which single indicator could close it."""
    now = getattr(result, f"{construct}_level")
    if now is None:
        return []
    idx = LEVELS.index(now)
    return [_gap(data, result, method, construct, target) for target in (idx + 1, idx - 1)
            if 0 <= target < len(LEVELS)]


def _gap(data: Dataset, result: Result, method: Method, construct: str, target: int) -> Gap:
    value = getattr(result, f"{construct}_score")
    up = target > LEVELS.index(getattr(result, f"{construct}_level"))
    thresholds = getattr(method, f"{construct}_thresholds")
    # to rise, reach the next threshold; to drop, fall just below the one it now reaches
    threshold = thresholds[target - 1] if up else thresholds[target]
    points = threshold - value if up else threshold - value - 0.1
    levers = [_lever(data, result, method, construct, term, "+".join(parts), target)
              for term, parts in _lever_terms(result, method, construct).values()]
    return Gap("up" if up else "down", LEVELS[target], threshold, round(points, 1), levers)


def _lever(data: Dataset, result: Result, method: Method, construct: str, term: Term, part: str,
           target: int) -> Lever:
    """The value of one indicator, nearest its own, that takes the level to `target` or beyond.

    Found by re-scoring the country with the value set (what-if), so that an indicator feeding
    several parts, and the jumps of a coded one, count as the score counts them.
    """
    indicator, now, unit = term.indicator, term.observation.value, term.observation.unit
    up = target > LEVELS.index(getattr(result, f"{construct}_level"))

    def level_at(setting: float) -> int:
        moved = with_overrides(data, result.code, result.year, {indicator: setting}, method.max_age)
        return LEVELS.index(getattr(score(moved, result.code, result.year, method), f"{construct}_level"))

    def far_enough(setting: float) -> bool:
        return level_at(setting) >= target if up else level_at(setting) <= target

    if unit in units.CODES:
        # a coded indicator takes only its codes: the nearest that goes far enough
        codes = sorted((c for c in units.CODES[unit] if c != now), key=lambda c: abs(c - now))
        needed = next((c for c in codes if far_enough(c)), None)
    else:
        needed = _search(far_enough, now, _span(result, method, indicator, unit, now))
    return Lever(indicator, part, now, needed, None if needed is None else LEVELS[level_at(needed)])


def _lever_terms(result: Result, method: Method, construct: str) -> dict[str, tuple[Term, list[str]]]:
    """Each indicator a user could set to move the score: its term and the parts it feeds.

    A ten-year change is not one value a user sets, so drift terms are not levers; but setting
    an indicator's level moves its drift too, and re-scoring counts that.
    """
    if construct == "hedging":
        parts = [*method.engagement, "security"]
    else:
        parts = [scoring.REVERSAL_SOURCES[k][0] for k, w in method.reversal_weights.items() if w > 0]
    out: dict[str, tuple[Term, list[str]]] = {}
    for part in parts:
        if part == "drift":
            continue
        for t in _present(result, part):
            out.setdefault(t.indicator, (t, []))[1].append(part)
    return out


def _span(result: Result, method: Method, indicator: str, unit: str, now: float) -> tuple[float, float]:
    """Where to look for a value: the unit's range, cut to the goalposts of every rule that reads
    the indicator (beyond them every score it feeds is capped, so nothing moves)."""
    earlier = {t.indicator: t.earlier.value for t in result.terms if t.part == "drift" and t.earlier}
    ends = [now]
    for rule in _rules(method, indicator):
        if not isinstance(rule, DriftRule):
            ends += [rule.lo, rule.hi]
        elif indicator in earlier:
            ends += [earlier[indicator] + rule.lo, earlier[indicator] + rule.hi]
    lo, hi = units.RANGES.get(unit, (None, None))
    return (min(ends) if lo is None else max(lo, min(ends)), max(ends) if hi is None else min(hi, max(ends)))


def _rules(method: Method, indicator: str) -> list[Rule | DriftRule]:
    roles = (*method.engagement.values(), method.anchor, method.alignment, method.dependence, method.drift)
    return [r for rules in roles for r in rules if r.indicator == indicator]


def _search(far_enough, now: float, span: tuple[float, float]) -> float | None:
    """The value nearest `now` that goes far enough, by bisection towards whichever end of
    `span` does (the score moves continuously with a continuous indicator); None if neither."""
    found = [_bisect(far_enough, now, end) for end in span if end != now and far_enough(end)]
    return min(found, key=lambda v: abs(v - now), default=None)


def _bisect(far_enough, now: float, end: float) -> float:
    """Narrow the interval from `now` (not far enough) to `end` (far enough) down to the step a
    user would type, and return its far side rounded away from `now`, so that the printed value
    still goes far enough (checked: a method may read one indicator in opposite directions)."""
    near, far = now, end
    while abs(far - near) > _step(far) / 2:
        mid = (near + far) / 2
        near, far = (near, mid) if far_enough(mid) else (mid, far)
    step = _step(far)
    rounded = round((math.ceil if far > now else math.floor)(far / step) * step, 4)
    return rounded if far_enough(rounded) else far


def _step(value: float) -> float:
    # the precision explain prints: whole numbers from 10 up (troops, US$m), 4 decimals below
    return 1.0 if abs(value) >= 10 else 1e-4


# ---------------------------------------------------------------- what-if


def parse_settings(settings: list[str], data: Dataset) -> dict[str, float]:
    """`indicator=value` strings -> {indicator: value}, checked against the indicator's unit
    by the same table as the data file checks (units.py)."""
    out = {}
    for item in settings:
        name, sep, text = item.partition("=")
        name = name.strip()
        if not sep:
            raise UsageError(f"--set {item!r}: use INDICATOR=VALUE, e.g. trade.china_tilt=0.6")
        if name not in data.indicators:
            import difflib

            close = difflib.get_close_matches(name, data.indicators, n=1)
            hint = f"; did you mean {close[0]}?" if close else "; 'hedge sources' lists the indicators"
            raise UsageError(f"--set: unknown indicator {name!r}{hint}")
        try:
            value = float(text)
        except ValueError:
            raise UsageError(f"--set {name}: {text!r} is not a number") from None
        unit = data.indicators[name]["unit"]
        problem = units.problem(value, unit) if math.isfinite(value) else "not a finite number"
        if problem:
            raise UsageError(f"--set {name}={text}: {problem}")
        out[name] = value
    return out


class _Overridden(Dataset):
    """A dataset whose chosen values for one country and year are replaced (what-if)."""

    def __init__(self, base: Dataset, code: str, year: int, values: dict[str, float], max_age: int) -> None:
        self.__dict__.update(base.__dict__)
        self._base, self._code, self._year, self._values, self._max_age = base, code, year, values, max_age

    def observation(self, code: str, indicator: str, year: int) -> Observation | None:
        base = self._base.observation(code, indicator, year)
        if code != self._code or year != self._year or indicator not in self._values:
            return base
        value = self._values[indicator]
        if base is None or base.age > self._max_age:
            # nothing in use to replace: the value is for the scoring year itself
            unit = base.unit if base else self.indicators[indicator]["unit"]
            return Observation(indicator, value, year, unit, "what-if", 0, what_if=True)
        # replace the value in use and keep its year and source: a what-if changes what the
        # source says, not when (a drift is measured from the value's own year, within one source)
        return replace(base, value=value, what_if=True)


def with_overrides(data: Dataset, code: str, year: int, values: dict[str, float], max_age: int) -> Dataset:
    """`data` with `values` replacing, for `code` in `year`, the values the scorer would use
    (`max_age` as the method's: an older value is not in use, so the set value is new)."""
    if data.entities[code].kind == "group":
        raise UsageError("--set applies to a country, not a group")
    return _Overridden(data, code, year, values, max_age)


# ---------------------------------------------------------------- trend and drift


def trend(data: Dataset, code: str, method: Method, first: int, last: int) -> list[Result]:
    """Scores for every year, with the same goalposts and thresholds so years compare."""
    return [score(data, code, year, method) for year in range(first, last + 1)]


def level_changes(results: list[Result], method: Method) -> list[str | None]:
    """For each year, the level changes since the year before and what drove each.

    For a country the driver is the indicator whose points in the score changed most (an
    indicator that starts that year shows as "new data"); for a group, whose points belong to
    its members, it is the pillar or reversal component that moved most.
    """
    notes: list[str | None] = [None]
    for prev, cur in zip(results, results[1:]):
        found = []
        for construct in ("hedging", "reversal"):
            before, after = getattr(prev, f"{construct}_level"), getattr(cur, f"{construct}_level")
            if before and after and before != after:
                found.append(f"{construct} {before} -> {after} ({_driver(prev, cur, construct, method)})")
        notes.append("; ".join(found) or None)
    return notes


def _driver(prev: Result, cur: Result, construct: str, method: Method) -> str:
    if cur.kind == "country":
        old = {(c.part, c.indicator): c.points for c in contributions(prev, method, construct)}
        new = {(c.part, c.indicator): c.points for c in contributions(cur, method, construct)}
        deltas = {k: new.get(k, 0.0) - old.get(k, 0.0) for k in old.keys() | new.keys()}
        if deltas:
            key = max(sorted(deltas), key=lambda k: abs(deltas[k]))
            tag = ", new data" if key not in old else ", data ends" if key not in new else ""
            return f"{key[1]} {deltas[key]:+.1f} points{tag}"
        return "no indicator data"
    keys = ENGAGEMENT_PILLARS + ("security",) if construct == "hedging" else (
        "dependence", "drift", "weak_anchor", "distance")
    get_old = prev.pillars if construct == "hedging" else prev.components
    get_new = cur.pillars if construct == "hedging" else cur.components
    deltas = {k: get_new.get(k) - get_old.get(k) for k in keys
              if get_new.get(k) is not None and get_old.get(k) is not None}
    if not deltas:
        return "no pillar data"
    key = max(sorted(deltas), key=lambda k: abs(deltas[k]))
    return f"{key} {deltas[key]:+.1f}"


def theil_sen(points: list[tuple[float, float]]) -> float | None:
    """Median of pairwise slopes: robust to a single odd year (one big deal, one lumpy arms delivery)."""
    slopes = [(y2 - y1) / (x2 - x1) for i, (x1, y1) in enumerate(points)
              for (x2, y2) in points[i + 1:] if x2 != x1]
    return median(slopes) if slopes else None


@dataclass(frozen=True)
class Drift:
    """Theil-Sen slopes (points per year, + = toward China) of a country's scores over a window,
    each with the part of its own score that moves most."""

    code: str
    name: str
    kind: str
    first: int
    last: int
    hedging_slope: float | None
    hedging_driver: str | None  # an engagement pillar, or weak_anchor (100 - the US anchor)
    hedging_driver_slope: float | None
    reversal_slope: float | None
    reversal_driver: str | None  # a reversal component: dependence, drift, weak_anchor, distance
    reversal_driver_slope: float | None


HEDGING_DRIVERS = (*ENGAGEMENT_PILLARS, "weak_anchor")
REVERSAL_DRIVERS = ("dependence", "drift", "weak_anchor", "distance")


def drift(data: Dataset, code: str, method: Method, first: int, last: int) -> Drift:
    """Each score's slope, and its driver: the part of that score with the steepest slope.

    Hedging moves with its engagement pillars and against the US anchor; the anchor is named
    as weak_anchor (100 - anchor), so that every slope reads the same way: + = toward China.
    Reversal moves with its four components. A driver is None when none of its parts moves.
    """
    results = trend(data, code, method, first, last)

    def slope(get) -> float | None:
        pts = [(r.year, get(r)) for r in results if get(r) is not None]
        return theil_sen(pts) if len(pts) >= 3 else None

    def part(r: Result, name: str) -> float | None:
        return r.pillars.get(name) if name in ENGAGEMENT_PILLARS else r.components.get(name)

    def driver(names) -> tuple[str | None, float | None]:
        moving = {n: _r(slope(lambda r, n=n: part(r, n))) for n in names}
        moving = {n: v for n, v in moving.items() if v}  # None and 0.0 do not drive anything
        if not moving:
            return None, None
        name = max(moving, key=lambda n: abs(moving[n]))  # ties: the first in `names`
        return name, moving[name]

    entity = data.entities[code]
    return Drift(code, entity.name, entity.kind, first, last,
                 _r(slope(lambda r: r.hedging_score)), *driver(HEDGING_DRIVERS),
                 _r(slope(lambda r: r.reversal_score)), *driver(REVERSAL_DRIVERS))


def _r(value: float | None) -> float | None:
    """Rounded for output, and never -0.0."""
    return None if value is None else round(value, 2) + 0.0
