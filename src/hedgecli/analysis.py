"""Analyses built on the scorer: why a score is what it is, what would change it, how it moves.

- `contributions`: every indicator's points in a construct's score (they add up to it), and
  `gaps`: how far the score is from the next level, and which single indicator could close it;
- `with_overrides`: a what-if copy of a dataset with some values replaced (nothing on disk);
- `trend` and `drift`: scores over the years, and robust (Theil-Sen) slopes over a window.

All pure functions over `Dataset`, `Method` and `Result`, for any construct a method defines;
no I/O, no printing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from statistics import median

from . import scoring, units
from .dataset import Dataset, Observation
from .errors import UsageError
from .method import LEVELS, Construct, Method
from .scoring import Result, Term, score

# ---------------------------------------------------------------- explain


@dataclass(frozen=True)
class Contribution:
    indicator: str
    part: str  # the component it counts under (a part's name in its construct)
    score: float | None  # the indicator's 0-100 score
    points: float  # points of the final score this term adds (negative: subtracts)
    term: Term  # its value and provenance


def contributions(result: Result, method: Method, construct: str) -> list[Contribution]:
    """Split a construct's score into indicator points that add up to it; none for a null score.

    - mean: each indicator adds its entry's weight share x its weight share in its part x its
      score (or 100 - its score, where the entry is inverted);
    - gated (E x (1 - s + s x G/100) = E - E x s x (100 - G)/100): indicators of the combined
      parts add their share of E, the gate's indicators subtract their share of the discount
      (a weak gate costs points);
    - geometric: there is no exact additive split; each entry gets the share of the score its
      weighted logarithm has of the total, and shares it among its indicators by their points.
    """
    c = method.constructs[construct]
    total_score = result.score(construct)
    if total_score is None or result.kind != "country":
        return []
    used = [e for e in c.entries if e.weight > 0]
    weight_sum = sum(e.weight for e in used)
    combine = {p.name: p.combine for p in method.parts.values()}
    out: list[Contribution] = []
    if c.rule == "geometric":
        values = {e.name: _entry_value(result, e, combine) for e in used}
        logs = {e.name: e.weight * math.log(max(values[e.name], 1.0)) for e in used}
        log_sum = sum(logs.values())
        for e in used:
            share = logs[e.name] / log_sum if log_sum > 0 else e.weight / weight_sum
            out += _split(result, e, total_score * share, values[e.name], combine)
        return out
    # the unrounded mean: the Result carries it rounded for display, and splitting a score with
    # a rounded part would miss it by more than its rounding
    running = sum(e.weight * _entry_value(result, e, combine) for e in used) / weight_sum
    for e in used:
        value = _entry_value(result, e, combine)
        out += _split(result, e, e.weight / weight_sum * value, value, combine)
    if c.rule == "gated":
        # E x f1 x f2 ... with f = 1 - s + s x G/100: each gate takes its discount from what the
        # ones before it left, E' x s x (100 - G)/100, shared among its indicators by their part
        # of (100 - G) (an inverted gate, a brake, of G itself)
        for gate, strength in c.gates:
            discount = running * strength / 100.0
            shares = _shares(result, gate.part, combine[gate.part])
            out += [Contribution(t.indicator, gate.name, t.score,
                                 -discount * share * (t.score if gate.invert else 100.0 - t.score), t)
                    for t, share in shares]
            g = scoring.weighted(_present(result, gate.part), combine[gate.part])
            running *= 1.0 - strength + strength * ((100.0 - g) if gate.invert else g) / 100.0
    return out


def _entry_value(result: Result, entry, combine: dict[str, str]) -> float:
    value = scoring.weighted(_present(result, entry.part), combine[entry.part])
    return 100.0 - value if entry.invert else value


def _split(result: Result, entry, points: float, value: float, combine: dict[str, str]) -> list[Contribution]:
    """An entry's points shared among its part's indicators in proportion to what each adds
    to the entry's value (its weight share x its score, or x 100 - score if inverted)."""
    out = []
    for t, share in _shares(result, entry.part, combine[entry.part]):
        own = share * (100.0 - t.score if entry.invert else t.score)
        fraction = own / value if value else share
        out.append(Contribution(t.indicator, entry.name, t.score, points * fraction, t))
    return out


def _present(result: Result, part: str) -> list[Term]:
    return [t for t in result.terms if t.part == part and t.score is not None and t.weight > 0]


def _shares(result: Result, part: str, combine: str = "mean") -> list[tuple[Term, float]]:
    """Each scored term of a part with its share of the part's value: of its weight for a mean,
    all of it for the highest term of a "max" part (the others add nothing)."""
    terms = _present(result, part)
    if combine == "max" and terms:
        top = max(terms, key=lambda t: t.score)
        return [(t, 1.0 if t is top else 0.0) for t in terms]
    total = sum(t.weight for t in terms)
    return [(t, t.weight / total) for t in terms]


@dataclass(frozen=True)
class Lever:
    """One indicator set on its own to move a score's level."""

    indicator: str
    part: str  # the component(s) it feeds in this score (besides changes)
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
    now = result.level(construct)
    if now is None:
        return []
    idx = LEVELS.index(now)
    return [_gap(data, result, method, construct, target) for target in (idx + 1, idx - 1)
            if 0 <= target < len(LEVELS)]


def _gap(data: Dataset, result: Result, method: Method, construct: str, target: int) -> Gap:
    value = result.score(construct)
    up = target > LEVELS.index(result.level(construct))
    thresholds = method.constructs[construct].thresholds
    # to rise, reach the next threshold; to drop, fall just below the one it now reaches
    threshold = thresholds[target - 1] if up else thresholds[target]
    points = threshold - value if up else threshold - value - 0.1
    levers = [_lever(data, result, method, construct, t, "+".join(parts), target)
              for t, parts in _lever_terms(result, method.constructs[construct]).values()]
    return Gap("up" if up else "down", LEVELS[target], threshold, round(points, 1), levers)


def _lever(data: Dataset, result: Result, method: Method, construct: str, term: Term, part: str,
           target: int) -> Lever:
    """The value of one indicator, nearest its own, that takes the level to `target` or beyond.

    Found by re-scoring the country with the value set (what-if), so that an indicator feeding
    several parts, and the jumps of a coded one, count as the score counts them.
    """
    indicator, now, unit = term.indicator, term.observation.value, term.observation.unit
    up = target > LEVELS.index(result.level(construct))

    def level_at(setting: float) -> int:
        moved = with_overrides(data, result.code, result.year, {indicator: setting}, method.max_age)
        return LEVELS.index(score(moved, result.code, result.year, method).level(construct))

    def far_enough(setting: float) -> bool:
        return level_at(setting) >= target if up else level_at(setting) <= target

    if unit in units.CODES:
        # a coded indicator takes only its codes: the nearest that goes far enough
        codes = sorted((c for c in units.CODES[unit] if c != now), key=lambda c: abs(c - now))
        needed = next((c for c in codes if far_enough(c)), None)
    else:
        needed = _search(far_enough, now, _span(result, indicator, unit, now))
    return Lever(indicator, part, now, needed, None if needed is None else LEVELS[level_at(needed)])


def _lever_terms(result: Result, construct: Construct) -> dict[str, tuple[Term, list[str]]]:
    """Each indicator a user could set to move the score: its term and the components it feeds.

    A change over years is not one value a user sets, so change terms are not levers; but
    setting an indicator's level moves its change too, and re-scoring counts that.
    """
    out: dict[str, tuple[Term, list[str]]] = {}
    for entry in construct.components():
        if entry.weight <= 0:
            continue
        for t in _present(result, entry.part):
            if t.change is None:
                out.setdefault(t.indicator, (t, []))[1].append(entry.name)
    return out


def _span(result: Result, indicator: str, unit: str, now: float) -> tuple[float, float]:
    """Where to look for a value: the unit's range, cut to the goalposts of every rule that reads
    the indicator (beyond them every score it feeds is capped, so nothing moves)."""
    ends = [now]
    for t in result.terms:
        if t.indicator != indicator or t.observation is None or t.rule is None:
            continue
        scale = t.denominator.value if t.denominator is not None else 1.0
        if t.change is None:
            ends += [t.rule.lo * scale, t.rule.hi * scale]
        else:
            # a smoothed change moves with the level through its own year's change only, held
            # within the goalposts: the level's range is the same as an unsmoothed change's
            own = t.end_change if t.smoothed else t.value
            start = t.observation.value / scale - own
            ends += [(start + t.rule.lo) * scale, (start + t.rule.hi) * scale]
    # a goalpost times a huge denominator (GDP 1e308) overflows to inf, and bisecting towards
    # inf never ends: look only as far as finite numbers go
    ends = [e for e in ends if math.isfinite(e)]
    lo, hi = units.RANGES.get(unit, (None, None))
    return (min(ends) if lo is None else max(lo, min(ends)), max(ends) if hi is None else min(hi, max(ends)))


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
    # halves, not (near + far) / 2, which overflows to inf near 1e308 and never narrows; and at
    # most BISECTIONS steps: a real span (a few million) needs about 30, one of 1e308 a thousand
    for _ in range(BISECTIONS):
        if not abs(far - near) > _step(far) / 2:
            break
        mid = near / 2 + far / 2
        near, far = (near, mid) if far_enough(mid) else (mid, far)
    step = _step(far)
    rounded = round((math.ceil if far > now else math.floor)(far / step) * step, 4)
    return rounded if math.isfinite(rounded) and far_enough(rounded) else far


BISECTIONS = 100


def _step(value: float) -> float:
    # the precision explain prints: whole numbers from 10 up (troops, US$m), 4 decimals below
    return 1.0 if abs(value) >= 10 else 1e-4


# ---------------------------------------------------------------- what-if


def parse_settings(settings: list[str], data: Dataset, dividing=frozenset()) -> dict[str, float]:
    """`indicator=value` strings -> {indicator: value}, checked against the indicator's unit
    by the same table as the data file checks and scenarios (units.py); an indicator in
    `dividing` (the method's denominators: scoring.denominators) must stay above 0."""
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
        problem = units.problem(value, unit, name in dividing)
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
        # source says, not when (a change is measured from the value's own year, within one source)
        return replace(base, value=value, what_if=True, band=None)


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


@dataclass(frozen=True)
class LevelChange:
    year: int
    construct: str
    before: str
    after: str
    driver: str  # what drove it: "indicator +x.x points", or for a group the component

    def __str__(self) -> str:
        return f"{self.construct} {self.before} -> {self.after} ({self.driver})"


def level_change_list(results: list[Result], method: Method) -> list[LevelChange]:
    """Every level change from one year to the next, with what drove it (see level_changes)."""
    found = []
    for prev, cur in zip(results, results[1:]):
        for construct in method.constructs:
            before, after = prev.level(construct), cur.level(construct)
            if before and after and before != after:
                found.append(LevelChange(cur.year, construct, before, after, _driver(prev, cur, construct, method)))
    return found


def level_changes(results: list[Result], method: Method) -> list[str | None]:
    """For each year, the level changes since the year before and what drove each.

    For a country the driver is the indicator whose points in the score changed most the way
    the score went (an indicator that starts that year shows as "new data"; for a part that
    takes its highest indicator, such as the US tie, the indicator that now leads it, or on a
    fall the one that led it); for a group, whose points belong to its members, it is the
    component of the score that moved most the way the score went.
    """
    by_year: dict[int, list[str]] = {}
    for change in level_change_list(results, method):
        by_year.setdefault(change.year, []).append(str(change))
    return [None] + ["; ".join(by_year.get(r.year, [])) or None for r in results[1:]]


def _driver(prev: Result, cur: Result, construct: str, method: Method) -> str:
    if cur.kind == "country":
        old, new = _causes(prev, method, construct), _causes(cur, method, construct)
        deltas = {k: new.get(k, 0.0) - old.get(k, 0.0) for k in old.keys() | new.keys()}
        if not deltas:
            return "no indicator data"
        key = _steepest(deltas, (cur.score(construct) or 0.0) - (prev.score(construct) or 0.0))
        part, label = key
        if label is None:  # a "max" part: a rise is the new leader's doing, a fall the old one's
            before, after = (scoring.weighted(_present(r, part), "max") or 0.0 for r in (prev, cur))
            label = _top(cur if after >= before else prev, part)
        tag = (", new data" if not any(t.label == label for t in _present(prev, part))
               else ", data ends" if not any(t.label == label for t in _present(cur, part)) else "")
        return f"{label} {deltas[key]:+.1f} points{tag}"
    old, new = prev.components[construct], cur.components[construct]
    inner = method.constructs[construct].inner
    deltas = {k: new[k] - old[k] for k in new if k != inner and new[k] is not None and old.get(k) is not None}
    if not deltas:
        return "no part data"
    key = _steepest(deltas, (cur.score(construct) or 0.0) - (prev.score(construct) or 0.0))
    return f"{key} {deltas[key]:+.1f}"


def _steepest(deltas: dict, change: float):
    """The largest delta among those that moved the score the way it went (a rise is driven by
    what rose, not by a brake that moved against it); the largest of all if none did."""
    along = {k: d for k, d in deltas.items() if d * change > 0}
    pool = along or deltas
    return max(sorted(pool, key=str), key=lambda k: abs(pool[k]))


def _causes(result: Result, method: Method, construct: str) -> dict[tuple[str, str | None], float]:
    """A score's points by cause, keyed (method part, indicator). A part that takes its highest
    indicator ("max", such as the US tie) is one cause keyed (part, None): its points sit on
    whichever indicator is highest, so when another takes the lead (Malta's arsenal passing the
    arms minimum) the points move between indicators while the cause is the part's value."""
    combine = {p.name: p.combine for p in method.parts.values()}
    out: dict[tuple[str, str | None], float] = {}
    for c in contributions(result, method, construct):
        key = (c.term.part, None if combine.get(c.term.part) == "max" else c.term.label)
        out[key] = out.get(key, 0.0) + c.points
    return out


def _top(result: Result, part: str) -> str | None:
    terms = _present(result, part)
    return max(terms, key=lambda t: t.score).label if terms else None


def scored_years(data: Dataset, method: Method) -> dict[str, tuple[int, int] | None]:
    """For each construct, the first and last year any country has a score (None: no year).

    Scans inward from both ends of the data and stops at the first year with a score, so it
    costs a few years' scoring, not all of them: the data span 2000-2025, but a score needs
    every part, and some parts start late (investment windows 2009, ten-year changes 2011).
    """
    codes = [e.code for e in data.countries]
    years = list(range(data.first_year, data.last_year + 1)) if data.first_year is not None else []
    out: dict[str, tuple[int, int] | None] = {}
    cache: dict[int, list[Result]] = {}

    def scored(year: int, construct: str) -> bool:
        if year not in cache:
            cache[year] = [scoring.score_country(data, c, year, method) for c in codes]
        return any(r.score(construct) is not None for r in cache[year])

    for construct in method.constructs:
        first = next((y for y in years if scored(y, construct)), None)
        last = next((y for y in reversed(years) if scored(y, construct)), None)
        out[construct] = None if first is None else (first, last)
    return out


def describe_scored(spans: dict[str, tuple[int, int] | None]) -> str:
    """"hedging 2009-2024, reversal 2011-2024" for messages and titles."""
    return ", ".join(f"{c} {s[0]}-{s[1]}" if s else f"{c} none" for c, s in spans.items())


def theil_sen(points: list[tuple[float, float]]) -> float | None:
    """Median of pairwise slopes: robust to a single odd year (one big deal, one lumpy arms delivery)."""
    slopes = [(y2 - y1) / (x2 - x1) for i, (x1, y1) in enumerate(points)
              for (x2, y2) in points[i + 1:] if x2 != x1]
    return median(slopes) if slopes else None


def drift(data: Dataset, code: str, method: Method, first: int, last: int) -> dict:
    """Each construct's Theil-Sen slope over the window (points a year), and its driver: the
    component of that score with the steepest slope.

    The scores are made with the same indicators in every year of the window: an indicator
    that starts inside it (the UN stance from 2019, a ten-year
    change that first becomes possible) is left out for the whole window and named in
    `left_out`. Otherwise its arrival would read as drift: a change of what is measured, not
    of the country.

    Every component's slope is given as what it does to its construct's score (an inverted part
    enters as 100 - the part, a gate raises a gated score, a brake's slope is turned: a
    weakening anchor shows as a positive slope), so a component's slope and the score's slope
    read the same way. A driver moves the score the way it went (a rise is driven by a component that
    rose); it is None when no component moves that way.
    """
    steady, left_out = _steady_method(data, code, method, first, last)
    results = trend(data, code, steady, first, last)

    def slope(get) -> float | None:
        pts = [(r.year, get(r)) for r in results if get(r) is not None]
        return theil_sen(pts) if len(pts) >= 3 else None

    entity = data.entities[code]
    out = {"code": code, "name": entity.name, "kind": entity.kind, "first": first, "last": last}
    for name, c in steady.constructs.items():
        # a brake (an inverted gate) shows its part as it is: its slope is turned, so that every
        # component's slope reads as what it does to the score
        turn = {g.name: -1.0 if g.invert else 1.0 for g, _s in c.gates}
        moving = {e.name: _r(_times(slope(lambda r, n=e.name: r.components[name].get(n)), turn.get(e.name, 1.0)))
                  for e in c.components()}
        moving = {n: v for n, v in moving.items() if v}  # None and 0.0 drive nothing
        score_slope = _r(slope(lambda r, n=name: r.score(n)))
        # the driver moves the score the way it went: a rise is driven by the component that
        # rose most, not by a brake that tightened against it (Cyprus 2015-2024: friction rose
        # with the 2016 award statement while its pull rose faster)
        if score_slope:
            moving = {n: v for n, v in moving.items() if (v > 0) == (score_slope > 0)}
        driver = max(moving, key=lambda n: abs(moving[n])) if moving else None  # ties: the first
        out[f"{name}_slope"] = score_slope
        out[f"{name}_driver"] = driver
        out[f"{name}_driver_slope"] = moving.get(driver) if driver else None
    out["left_out"] = left_out
    return out


def _times(value: float | None, factor: float) -> float | None:
    return None if value is None else value * factor


def _steady_method(data: Dataset, code: str, method: Method, first: int, last: int) -> tuple[Method, list[str]]:
    """The method without the indicators that have a value in the window's last year but none
    in its first, for the country (for a group: for any member). An indicator stays when its
    part has nothing steady to rest on without it (the part then begins when its data do)."""
    from .method import MethodError, variant

    members = data.entities[code].members or (code,)
    late: set[tuple[str, str, str]] = set()  # (part, indicator, label)
    steady: dict[str, list[set[tuple[str, str]]]] = {}  # part -> per member, its steady (indicator, label)s
    for member in members:
        before = {(t.part, t.indicator, t.label) for t in score(data, member, first, method).terms
                  if t.observation is not None}
        after = {(t.part, t.indicator, t.label) for t in score(data, member, last, method).terms
                 if t.observation is not None}
        late |= after - before
        for part in method.parts:
            steady.setdefault(part, []).append({(i, lb) for p, i, lb in before & after if p == part})
    dropped = {(p, i, lb) for p, i, lb in late
               if all(any(item != (i, lb) for item in kept) for kept in steady[p])}
    if not dropped:
        return method, []
    changes: dict = {"parts": {}}
    for part, indicator, _label in dropped:
        changes["parts"].setdefault(part, {"indicators": {}})["indicators"][indicator] = {"weight": 0.0}
    try:
        steady_method = variant(method, changes)
    except MethodError:  # a part left without a weighted indicator: keep the method whole
        return method, []
    return steady_method, sorted({label for _p, _i, label in dropped})


# ---------------------------------------------------------------- diff of two methods or data files


def diff(before: tuple[Dataset, Method], after: tuple[Dataset, Method], year: int) -> list[dict]:
    """Every country and group scored two ways (two methods, or two data files): each construct
    the two share, its score and level before and after, and the change; largest change first.
    A construct only one side has is left out (it has nothing to be compared with)."""
    (data_a, method_a), (data_b, method_b) = before, after
    shared = [c for c in method_a.constructs if c in method_b.constructs]
    codes = [c for c in data_a.entities if c in data_b.entities]
    rows = []
    for code in codes:
        a, b = score(data_a, code, year, method_a), score(data_b, code, year, method_b)
        row = {"code": code, "name": a.name, "kind": a.kind, "year": year}
        for c in shared:
            sa, sb = a.score(c), b.score(c)
            row.update({f"{c}_before": sa, f"{c}_after": sb,
                        f"{c}_change": None if sa is None or sb is None else round(sb - sa, 1) + 0.0,
                        f"{c}_level_before": a.level(c), f"{c}_level_after": b.level(c)})
        row["levels_changed"] = [c for c in shared if row[f"{c}_level_before"] != row[f"{c}_level_after"]]
        row["largest_change"] = max((abs(row[f"{c}_change"]) for c in shared if row[f"{c}_change"] is not None),
                                    default=None)
        rows.append(row)
    return sorted(rows, key=lambda r: (-(r["largest_change"] if r["largest_change"] is not None else -1), r["name"]))


def _r(value: float | None) -> float | None:
    """Rounded for output, and never -0.0."""
    return None if value is None else round(value, 2) + 0.0
