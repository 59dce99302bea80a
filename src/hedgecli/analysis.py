"""Analyses built on the scorer: why a score is what it is, what would change it, how it moves.

- `explain`: every indicator's contribution in points of the hedging and reversal scores
  (they add up to the scores), and how far each score is from the next level.
- `with_overrides`: a what-if copy of a dataset with some values replaced (nothing on disk).
- `trend` and `drift`: scores over the years, and robust (Theil-Sen) slopes over a window.

All pure functions over `Dataset`, `Method` and `Result`; no I/O, no printing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import median

from .dataset import Dataset, Observation
from .errors import UsageError
from .method import LEVELS, DriftRule, Method, Rule
from .scoring import ENGAGEMENT_PILLARS, Result, Term, level, score

# ---------------------------------------------------------------- explain


@dataclass(frozen=True)
class Contribution:
    indicator: str
    part: str
    score: float | None  # the indicator's 0-100 score
    points: float  # points of the final score this term adds (negative: subtracts)


def hedging_contributions(result: Result, method: Method) -> list[Contribution]:
    """Split hedging = E - E*g*(100 - S)/100 into indicator points.

    Engagement indicators add their share of E; anchor indicators subtract their share of the
    anchor discount (a weak anchor costs points). The points add up to the hedging score.
    """
    e, s = _unrounded(result, method)
    if e is None or s is None:
        return []
    pillars = [p for p in method.engagement if result.pillars.get(p) is not None]
    out = []
    for p in pillars:
        terms = _present(result, p)
        total = sum(t.weight for t in terms)
        out += [Contribution(t.indicator, p, t.score, t.score * t.weight / total / len(pillars)) for t in terms]
    anchor_terms = _present(result, "security")
    total = sum(t.weight for t in anchor_terms)
    discount_scale = e * method.anchor_gate / 100.0
    out += [Contribution(t.indicator, "security", t.score,
                         -discount_scale * (100.0 - t.score) * t.weight / total) for t in anchor_terms]
    return out


def reversal_contributions(result: Result, method: Method) -> list[Contribution]:
    """Split reversal (a weighted mean of four components) into indicator points."""
    sources = {"dependence": ("dependence", False), "drift": ("drift", False),
               "weak_anchor": ("security", True), "distance": ("political", True)}
    weights = {k: w for k, w in method.reversal_weights.items()
               if w > 0 and result.components.get(k) is not None}
    grand = sum(weights.values())
    out = []
    for comp, w in weights.items():
        part, inverted = sources[comp]
        terms = _present(result, part)
        total = sum(t.weight for t in terms)
        for t in terms:
            x = 100.0 - t.score if inverted else t.score
            out.append(Contribution(t.indicator, comp, t.score, w / grand * x * t.weight / total))
    return out


def _present(result: Result, part: str) -> list[Term]:
    return [t for t in result.terms if t.part == part and t.score is not None and t.weight > 0]


def _unrounded(result: Result, method: Method) -> tuple[float | None, float | None]:
    """Engagement and anchor recomputed from the terms: the Result carries them rounded for
    display, and splitting a score with rounded parts would miss it by more than its rounding."""
    def mean(part):
        terms = _present(result, part)
        total = sum(t.weight for t in terms)
        return sum(t.score * t.weight for t in terms) / total if terms else None

    pillars = [m for m in (mean(p) for p in method.engagement) if m is not None]
    if result.components.get("engagement") is None or not pillars:
        return None, mean("security")
    return sum(pillars) / len(pillars), mean("security")


@dataclass(frozen=True)
class Gap:
    """What it takes to move a score to the next level up or down."""

    direction: str  # "up" or "down"
    target_level: str
    threshold: float
    points: float  # score change needed (positive up, negative down)
    # per indicator: the raw value it would need alone (None when no value in range suffices)
    levers: list[tuple[str, str, float | None, float | None]]  # indicator, part, now, needed


def gaps(result: Result, method: Method, construct: str) -> list[Gap]:
    """Distance to the neighbouring levels, and which single indicator could close it."""
    value = getattr(result, f"{construct}_score")
    thresholds = getattr(method, f"{construct}_thresholds")
    if value is None:
        return []
    idx = LEVELS.index(level(value, thresholds))
    out = []
    if idx < len(LEVELS) - 1:
        out.append(_gap(result, method, construct, "up", LEVELS[idx + 1], thresholds[idx], value))
    if idx > 0:
        # to drop a level the score must fall just below the threshold it now reaches
        out.append(_gap(result, method, construct, "down", LEVELS[idx - 1], thresholds[idx - 1], value))
    return out


def _gap(result, method, construct, direction, target, threshold, value) -> Gap:
    needed_points = threshold - value if direction == "up" else threshold - value - 0.1
    levers = []
    for rule, part, slope in _sensitivities(result, method, construct):
        if slope == 0:
            continue
        term = next((t for t in result.terms if t.part == part and t.indicator == rule.indicator), None)
        if term is None or term.score is None:
            continue
        target_score = term.score + needed_points / slope
        now = term.observation.value if term.observation else None
        if isinstance(rule, DriftRule):
            continue  # a change over ten years is not one value a user can set
        needed = None if not 0.0 <= target_score <= 100.0 else _inverse(target_score, rule)
        if needed is not None and term.observation.unit in _CODES:
            needed = _snap(needed, _CODES[term.observation.unit], up=needed > now)
        levers.append((rule.indicator, part, now, needed))
    return Gap(direction, target, threshold, round(needed_points, 1), levers)


def _sensitivities(result: Result, method: Method, construct: str):
    """(rule, part, d score / d indicator-score) for every indicator feeding the construct."""
    out = []
    if construct == "hedging":
        e, s = _unrounded(result, method)
        if e is None or s is None:
            return out
        pillars = [p for p in method.engagement if result.pillars.get(p) is not None]
        factor = 1.0 - method.anchor_gate + method.anchor_gate * s / 100.0
        for p in pillars:
            terms = _present(result, p)
            total = sum(t.weight for t in terms)
            rules = {r.indicator: r for r in method.engagement[p]}
            out += [(rules[t.indicator], p, factor * t.weight / total / len(pillars)) for t in terms]
        terms = _present(result, "security")
        total = sum(t.weight for t in terms)
        rules = {r.indicator: r for r in method.anchor}
        out += [(rules[t.indicator], "security", e * method.anchor_gate / 100.0 * t.weight / total) for t in terms]
        return out
    groups = {"dependence": (method.dependence, 1.0), "drift": (method.drift, 1.0),
              "weak_anchor": (method.anchor, -1.0), "distance": (method.alignment, -1.0)}
    weights = {k: w for k, w in method.reversal_weights.items()
               if w > 0 and result.components.get(k) is not None}
    grand = sum(weights.values())
    for comp, w in weights.items():
        rules_list, sign = groups[comp]
        part = {"weak_anchor": "security", "distance": "political"}.get(comp, comp)
        terms = _present(result, part)
        total = sum(t.weight for t in terms)
        rules = {r.indicator: r for r in rules_list}
        out += [(rules[t.indicator], part, sign * w / grand * t.weight / total) for t in terms]
    return out


_CODES = {"0/1": (0.0, 1.0), "policy code": (0.0, 0.5, 1.0)}


def _snap(value: float, codes: tuple[float, ...], up: bool) -> float:
    """A coded indicator can only take its codes: the first one that goes far enough."""
    return min(c for c in codes if c >= value) if up else max(c for c in codes if c <= value)


def _inverse(target_score: float, rule: Rule) -> float:
    """The raw value that scores `target_score` under the rule's goalposts."""
    lo, hi = rule.lo, rule.hi
    if rule.log:
        lo, hi = math.log10(1 + lo), math.log10(1 + hi)
        return 10 ** (lo + target_score / 100.0 * (hi - lo)) - 1
    return lo + target_score / 100.0 * (hi - lo)


# ---------------------------------------------------------------- what-if

_RANGES = {"share": (0.0, 1.0), "0/1": (0.0, 1.0), "policy code": (0.0, 1.0)}


def parse_settings(settings: list[str], data: Dataset) -> dict[str, float]:
    """`indicator=value` strings -> {indicator: value}, checked against the indicator's unit."""
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
        lo, hi = _RANGES.get(unit, (0.0, math.inf))
        if not math.isfinite(value) or not lo <= value <= hi:
            span = f"between {lo:g} and {hi:g}" if math.isfinite(hi) else f"{lo:g} or more"
            raise UsageError(f"--set {name}={text}: out of range; a value in {unit} must be {span}")
        out[name] = value
    return out


class _Overridden(Dataset):
    """A dataset whose chosen values for one country and year are replaced (what-if)."""

    def __init__(self, base: Dataset, code: str, year: int, values: dict[str, float]) -> None:
        self.__dict__.update(base.__dict__)
        self._base, self._code, self._year, self._values = base, code, year, values

    def observation(self, code: str, indicator: str, year: int) -> Observation | None:
        if code == self._code and year == self._year and indicator in self._values:
            unit = self.indicators[indicator]["unit"]
            return Observation(indicator, self._values[indicator], year, unit, "what-if", 0)
        return self._base.observation(code, indicator, year)


def with_overrides(data: Dataset, code: str, year: int, values: dict[str, float]) -> Dataset:
    if data.entities[code].kind == "group":
        raise UsageError("--set applies to a country, not a group")
    return _Overridden(data, code, year, values)


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
        split = hedging_contributions if construct == "hedging" else reversal_contributions
        old = {(c.part, c.indicator): c.points for c in split(prev, method)}
        new = {(c.part, c.indicator): c.points for c in split(cur, method)}
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
    code: str
    name: str
    kind: str
    first: int
    last: int
    hedging_slope: float | None  # points per year
    reversal_slope: float | None
    driver: str | None  # the pillar or component moving most
    driver_slope: float | None


def drift(data: Dataset, code: str, method: Method, first: int, last: int) -> Drift:
    results = trend(data, code, method, first, last)

    def slope(get) -> float | None:
        pts = [(r.year, get(r)) for r in results if get(r) is not None]
        return theil_sen(pts) if len(pts) >= 3 else None

    parts = {p: slope(lambda r, p=p: r.pillars.get(p)) for p in ENGAGEMENT_PILLARS}
    parts.update({c: slope(lambda r, c=c: r.components.get(c))
                  for c in ("dependence", "drift", "weak_anchor", "distance")})
    moving = {k: v for k, v in parts.items() if v is not None}
    driver = max(moving, key=lambda k: abs(moving[k])) if moving else None
    entity = data.entities[code]
    return Drift(code, entity.name, entity.kind, first, last,
                 _r(slope(lambda r: r.hedging_score)), _r(slope(lambda r: r.reversal_score)),
                 driver, _r(moving.get(driver)) if driver else None)


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 2)
