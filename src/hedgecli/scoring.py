"""Scoring: pure functions from a Dataset and a Method to results. No I/O, no printing.

The engine walks the method (method.py), so it knows nothing of hedging or reversal as such.
The chain, each step a function of the one before (see docs/METHODOLOGY.md):

1. normalise: each indicator value -> 0-100 between the rule's fixed goalposts (its level, its
   ratio to a denominator, or its change over some years);
2. aggregate: each part is the weighted mean of its indicators that have a value (missing ones
   are left out and listed, never filled in);
3. combine: each construct combines its parts by its rule (mean, geometric, or gated: the mean of
   its parts x (1 - s + s x gate/100), which is how hedging counts engagement only as far as the
   US anchor holds); a construct needs every part it weighs;
4. classify each score into five fixed levels.

Groups are scored from their members: the unweighted mean of the members' scores (unrounded,
rounded once at the end) over the members that have one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from .dataset import Dataset, Entity, Observation
from .errors import DataError
from .method import LEVELS, Construct, Method, Rule, World

ENGAGEMENT = "engagement"  # the default name of a gated construct's mean before its gates


@dataclass(frozen=True)
class Term:
    """One indicator's part in a part's score, with the values behind it."""

    indicator: str
    part: str
    observation: Observation | None  # the value used; None: no value within max_age
    score: float | None  # 0-100 after goalposts
    weight: float
    value: float | None = None  # what the goalposts apply to: the value, its ratio or its change
    earlier: Observation | None = None  # change rules: the value the change starts from
    denominator: Observation | None = None  # ratio rules: the denominator of the value used
    earlier_denominator: Observation | None = None
    change: int | None = None  # change rules: over how many years
    per: str | None = None  # ratio rules: the denominator's indicator
    rule: Rule | None = None  # the method's rule that made it
    applies: bool = True  # False: the indicator does not apply to the country (not missing)
    # world benchmark rules (Rule.world): the start value moved as the world's moved (the change
    # is from there), and the world's growth factor over the years (its odds' for a share)
    expected: float | None = None
    world_growth: float | None = None
    # smoothed change rules (Rule.smooth): how many changes the value is the mean of, and the
    # change ending in the year itself
    smoothed: int | None = None
    end_change: float | None = None

    @property
    def label(self) -> str:
        """The indicator as a method reads it: `x`, `x (change)`, `x per y`, `x (change vs world)`."""
        name = self.indicator + (f" per {self.per}" if self.per else "")
        if not self.change:
            return name
        return name + (" (change vs world)" if self.rule is not None and self.rule.world else " (change)")


@dataclass
class Result:
    code: str
    name: str
    kind: str  # "country" or "group"
    year: int
    method: str
    scores: dict[str, float | None]  # construct -> 0-100
    thresholds: dict[str, tuple[float, ...]]
    pillars: dict[str, float | None]  # part -> 0-100
    components: dict[str, dict[str, float | None]]  # construct -> what its rule combines
    terms: list[Term] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    lacking: list[str] = field(default_factory=list)  # parts a construct needs that have no data
    # groups: the members each construct's score averages
    members_scored: dict[str, list[str]] = field(default_factory=dict)

    def score(self, construct: str) -> float | None:
        return self.scores.get(construct)

    def level(self, construct: str) -> str | None:
        value = self.scores.get(construct)
        return None if value is None else level(value, self.thresholds[construct])

    @property
    def missing(self) -> list[str]:
        """Terms with no value. A change is named as such, so that a level that is present is
        not reported missing when only its change is. A term weighted 0 is not used: not missing."""
        return sorted({t.label for t in self.terms if t.observation is None and t.applies and t.weight > 0})

    @property
    def applied_back(self) -> dict[str, int]:
        """Indicators whose value for the year comes from a later one (Rule.back_apply, or
        Rule.before_first dated by the first decision), with that later year."""
        return {t.indicator: t.observation.year for t in self.terms
                if t.observation is not None and t.observation.age < 0}

    @property
    def stale(self) -> dict[str, int]:
        """Indicators whose value is carried forward from an earlier year, with its age."""
        return {t.indicator: t.observation.age for t in self.terms
                if t.observation is not None and t.observation.age > 0}


def level(score: float, thresholds: tuple[float, ...]) -> str:
    """The level of a score: the number of thresholds it reaches picks the level."""
    return LEVELS[sum(score >= t for t in thresholds)]


def normalise(value: float, rule: Rule) -> float:
    """Map a value to 0-100 between the rule's goalposts, capping beyond them."""
    lo, hi = rule.lo, rule.hi
    if rule.log:
        value, lo, hi = (math.log10(1.0 + max(v, 0.0)) for v in (value, lo, hi))
    position = (value - lo) / (hi - lo)
    return 100.0 * min(1.0, max(0.0, position))


def weighted(terms: list[Term], combine: str = "mean") -> float | None:
    """The weighted mean of the terms that have a score (or, for a "max" part, the highest of
    them); None if none has."""
    used = [t for t in terms if t.score is not None and t.weight > 0]
    total = sum(t.weight for t in used)
    if not used or total == 0:
        return None
    if combine == "max":
        return max(t.score for t in used)
    return sum(t.score * t.weight for t in used) / total


def _observe(data: Dataset, code: str, indicator: str, year: int, max_age: int) -> Observation | None:
    obs = data.observation(code, indicator, year)
    return obs if obs is not None and obs.age <= max_age else None


def denominators(method: Method) -> set[str]:
    """The indicators the method divides others by (GDP): data files, --set, what-if and
    scenarios must all keep them above 0 (units.problem's `divides`)."""
    return {rule.denominator for part in method.parts.values() for rule in part.rules if rule.denominator}


def _finite(value: float, code: str, rule: Rule, obs: Observation, den: Observation | None = None,
            then: Observation | None = None) -> float:
    """`value` if it is a finite number; else a DataError naming the values behind it. A ratio
    to a tiny denominator (a GDP of 5e-324) or a change between huge values overflows to inf or
    NaN, which would score as 100 or 0 and reach the output as invalid JSON."""
    if math.isfinite(value):
        return value

    def said(o: Observation) -> str:
        by = o.changed_by or ("--set" if o.what_if else f"source {o.source}")
        return f"{o.indicator} {o.value:g} in {o.year} ({by})"

    if then is not None:
        what = f"the change of {rule.indicator} from {said(then)} to {said(obs)}"
    else:
        what = f"{said(obs)} divided by {said(den)}"
    raise DataError(f"{code}: {what} is too large to compute; check these values")


def _ratio(data: Dataset, code: str, rule: Rule, obs: Observation | None):
    """The value of a rule at one observation: the value itself, or its ratio to the
    denominator's value of the same year (a GDP of another year would mix two years)."""
    if obs is None:
        return None, None
    if rule.denominator is None:
        return obs.value, None
    den = data.observation(code, rule.denominator, obs.year)
    if den is None or den.year != obs.year or den.value <= 0:
        return None, None
    return _finite(obs.value / den.value, code, rule, obs, den), den


def term(data: Dataset, code: str, year: int, max_age: int, part: str, rule: Rule) -> Term:
    """One indicator's term for a country and year: its value, ratio or change, and score; a
    smoothed change (Rule.smooth) is the mean of the changes ending in the year of the value
    used and in the years before it that have one (each from values of exactly its years), each
    held within the goalposts first, so that one year's spike, however large, counts for at
    most its share of the years."""
    base = _term(data, code, year, max_age, part, rule)
    if rule.smooth is None or base.value is None:
        return base
    exact = replace(rule, smooth=None, max_age=0)
    changes = [base.value]
    for back in range(1, rule.smooth):
        earlier = _term(data, code, base.observation.year - back, 0, part, exact).value
        if earlier is not None:
            changes.append(earlier)
    if len(changes) == 1:
        return replace(base, smoothed=1, end_change=base.value)
    low, high = sorted((rule.lo, rule.hi))
    mean = sum(min(max(c, low), high) for c in changes) / len(changes)
    return replace(base, value=mean, score=normalise(mean, rule), smoothed=len(changes), end_change=base.value)


def _term(data: Dataset, code: str, year: int, max_age: int, part: str, rule: Rule) -> Term:
    """One term before smoothing: the value, ratio or change that year."""
    max_age = rule.max_age if rule.max_age is not None else max_age
    now = _observe(data, code, rule.indicator, year, max_age)
    if now is None and (rule.back_apply or rule.before_first is not None):
        now = data.first_after(code, rule.indicator, year)
        if now is not None and rule.before_first is not None:
            # the state before the first decision, dated by that decision (its age is negative)
            now = replace(now, value=rule.before_first, band=None)
    value, den = _ratio(data, code, rule, now)
    if rule.change is None:
        if value is None:
            now = None
        return Term(rule.indicator, part, now, None if value is None else normalise(value, rule), rule.weight,
                    value, denominator=den, per=rule.denominator, rule=rule)
    # the change over exactly rule.change years from the value used (a value carried forward,
    # compared with the scoring year minus n, would measure a shorter change), within one
    # source: a change across sources measures the sources' difference
    then = None
    start_value, start_den = None, None
    if value is not None:
        candidate = data.observation(code, rule.indicator, now.year - rule.change)
        if candidate is not None and candidate.year == now.year - rule.change and candidate.source == now.source:
            start_value, start_den = _ratio(data, code, rule, candidate)
            then = candidate if start_value is not None else None
    growth = None
    if then is not None and rule.world is not None:
        growth = world_growth(data, code, rule.world, then.year, now.year)
    if then is None or (rule.world is not None and growth is None):
        return Term(rule.indicator, part, None, None, rule.weight, change=rule.change, per=rule.denominator,
                    rule=rule)
    expected = start_value if growth is None else moved(start_value, growth, rule.world.model)
    change = _finite(value - expected, code, rule, now, then=then)
    return Term(rule.indicator, part, now, normalise(change, rule), rule.weight, change, then, den, start_den,
                rule.change, rule.denominator, rule, expected=None if growth is None else expected,
                world_growth=growth)


def world_growth(data: Dataset, code: str, world: World, start: int, end: int) -> float | None:
    """How far the world's value moved from `start` to `end`: the ratio of its values (of its
    odds, for a share); None unless the benchmark has a value in both years exactly."""
    def value(year: int) -> float | None:
        obs = data.observation(code, world.series, year)
        if obs is None or obs.year != year:
            return None
        if world.per is None:
            return obs.value
        den = data.observation(code, world.per, year)
        return None if den is None or den.year != year or den.value <= 0 else obs.value / den.value

    a, b = value(start), value(end)
    if a is None or b is None:
        return None
    if world.model == "odds":
        if not (0 < a < 1 and 0 < b < 1):
            return None
        a, b = a / (1 - a), b / (1 - b)
    return b / a if a > 0 else None


def moved(start: float, growth: float, model: str) -> float:
    """The start value moved as the world's moved: scaled by its growth, or, for a share, with
    its odds scaled (a share of 0 or 1 stays where it is)."""
    if model == "scale":
        return start * growth
    if start <= 0 or start >= 1:
        return start
    odds = start / (1 - start) * growth
    return odds / (1 + odds)


def moved_slope(start: float, growth: float, model: str) -> float:
    """d moved / d start: how an error in the start value carries into the expected value."""
    if model == "scale":
        return growth
    if start <= 0 or start >= 1:
        return 1.0
    return growth / (1 - start + growth * start) ** 2


def combine(construct: Construct, parts: dict[str, float | None]) -> tuple[float | None, dict[str, float | None]]:
    """A construct's score from its parts' scores, and the components its rule combined.

    A score needs every part it gives a weight: averaging over whichever parts happen to exist
    would change what the score measures from year to year (before 2009 only trade exists).
    """
    comps: dict[str, float | None] = {}
    for entry in construct.entries:
        value = parts.get(entry.part)
        comps[entry.name] = None if value is None else (100.0 - value if entry.invert else value)
    for gate, _strength in construct.gates:
        # a gate shows its part as it is (the anchor's strength); an inverted gate, a brake,
        # restrains by that strength below
        comps[gate.name] = parts.get(gate.part)
    used = [e for e in construct.entries if e.weight > 0]
    values = [comps[e.name] for e in used]
    inner = None
    if None not in values:
        total = sum(e.weight for e in used)
        if construct.rule == "geometric":
            inner = math.exp(sum(e.weight * math.log(max(comps[e.name], 1.0)) for e in used) / total)
        else:
            inner = sum(e.weight * comps[e.name] for e in used) / total
    if construct.rule != "gated":
        return inner, comps
    comps = {construct.inner: inner, **comps}
    gates = [(comps[g.name], g.invert, strength) for g, strength in construct.gates]
    if inner is None or any(value is None for value, _i, _s in gates):
        return None, comps
    for value, invert, s in gates:
        inner *= 1.0 - s + s * (100.0 - value if invert else value) / 100.0
    return inner, comps


def score_country(data: Dataset, code: str, year: int, method: Method) -> Result:
    return _rounded(_score_country(data, code, year, method))


def _score_country(data: Dataset, code: str, year: int, method: Method) -> Result:
    """A country's result, unrounded (groups average these, then round once)."""
    entity = data.entities[code]
    terms: list[Term] = []
    pillars: dict[str, float | None] = {}
    for part in method.parts.values():
        part_terms = [_applying(data, code, term(data, code, year, method.max_age, part.name, rule))
                      for rule in part.rules]
        pillars[part.name] = weighted(part_terms, part.combine)
        terms += part_terms
    scores, components = {}, {}
    for c in method.constructs.values():
        scores[c.name], components[c.name] = combine(c, pillars)
        if method.first_year is not None and year < method.first_year:
            scores[c.name] = None  # before the method's first year (method.py says why)
    return Result(code, entity.name, "country", year, method.name, scores, _thresholds(method), pillars,
                  components, terms, lacking=_lacking(pillars, method))


def _applying(data: Dataset, code: str, t: Term) -> Term:
    """The term, marked as not applying where the indicator applies to other states only."""
    states = data.indicators.get(t.indicator, {}).get("applies_to")
    return t if states is None or code in states else replace(t, applies=False)


def _thresholds(method: Method) -> dict[str, tuple[float, ...]]:
    return {c.name: c.thresholds for c in method.constructs.values()}


def _lacking(pillars: dict, method: Method) -> list[str]:
    """The parts some construct weighs that have no data at all (each makes a score null)."""
    needed = {e.part for c in method.constructs.values() for e in c.components() if e.weight > 0}
    return [p for p in method.parts if p in needed and pillars.get(p) is None]


def needs(construct: Construct) -> list[str]:
    """The parts a construct's score needs."""
    return list(dict.fromkeys(e.part for e in construct.components() if e.weight > 0))


def score_group(data: Dataset, code: str, year: int, method: Method) -> Result:
    """A group's scores are the unweighted means of its members' (one state, one voice), over
    the members that have the score; `members_scored` says which those are."""
    return _group(data, code, year, method, [_score_country(data, m, year, method) for m in data.entities[code].members])


def _group(data: Dataset, code: str, year: int, method: Method, members: list[Result]) -> Result:
    """A group's result from its members' unrounded results: their means, weighted if the group
    weighs its members (a member without a weight that year is left out, as one without a score)."""
    from .groups import weights_in

    entity = data.entities[code]
    weights = weights_in(data, entity, year, method.max_age)
    # relative to the largest: GDP weights of 1e308 would overflow a sum to inf (inf / inf is a
    # NaN score, labelled Low); divided by their largest, weights lie in 0-1 and sum to at most n
    largest = max((w for w in weights if w is not None), default=0.0)
    weighted_members = list(zip(members, [None if w is None else (w / largest if largest > 0 else w)
                                          for w in weights]))

    def avg(get) -> float | None:
        present = [(v, w) for r, w in weighted_members if w is not None and (v := get(r)) is not None]
        total = sum(w for _, w in present)
        return sum(v * w for v, w in present) / total if present and total > 0 else None

    pillars = {p: avg(lambda r, p=p: r.pillars.get(p)) for p in method.parts}
    components = {c: {k: avg(lambda r, c=c, k=k: r.components[c].get(k)) for k in members[0].components[c]}
                  if members else {} for c in method.constructs}
    scores = {c: avg(lambda r, c=c: r.scores.get(c)) for c in method.constructs}
    scored = {c: [r.code for r, w in weighted_members if w is not None and r.scores.get(c) is not None]
              for c in method.constructs}
    return _rounded(Result(code, entity.name, "group", year, method.name, scores, _thresholds(method), pillars,
                           components, [t for r in members for t in r.terms], list(entity.members),
                           _lacking(pillars, method), scored))


def score(data: Dataset, code: str, year: int, method: Method) -> Result:
    if data.entities[code].kind == "group":
        return score_group(data, code, year, method)
    return score_country(data, code, year, method)


def score_all(data: Dataset, year: int, method: Method, codes: list[str] | None = None) -> list[Result]:
    """Results of `codes` (default: all), each country scored once however many groups hold it
    (a heat map scores about twice as many countries as it shows otherwise)."""
    codes = codes if codes is not None else list(data.entities)
    countries: dict[str, Result] = {}

    def country(c: str) -> Result:
        if c not in countries:
            countries[c] = _score_country(data, c, year, method)
        return countries[c]

    return [_group(data, c, year, method, [country(m) for m in data.entities[c].members])
            if data.entities[c].kind == "group" else _rounded(country(c)) for c in codes]


def _rounded(result: Result) -> Result:
    """The result as shown: scores, parts and components to one decimal."""
    return replace(result, scores={k: _round(v) for k, v in result.scores.items()},
                   pillars={k: _round(v) for k, v in result.pillars.items()},
                   components={c: {k: _round(v) for k, v in comps.items()} for c, comps in result.components.items()})


def _round(value: float | None) -> float | None:
    # one decimal, so that the printed score and its level always agree
    return None if value is None else round(value, 1)


def entity_order(entities: list[Entity]) -> list[Entity]:
    return sorted(entities, key=lambda e: (e.kind != "group", e.name))


def unusable(data: Dataset, method: Method) -> list[str]:
    """What a well-formed file holds that scoring cannot use (`hedge data validate`): values whose
    ratio or change overflows (each named once), and a file with which no country has any score
    in any year, with the parts it has no data for at all."""
    found: dict[str, None] = {}
    scored, present = False, set()
    years = range(data.first_year, data.last_year + 1) if data.first_year is not None else ()
    for entity in data.countries:
        for year in years:
            try:
                result = _score_country(data, entity.code, year, method)
            except DataError as exc:
                found[str(exc)] = None
                continue
            scored = scored or any(v is not None for v in result.scores.values())
            present |= {p for p, v in result.pillars.items() if v is not None}
    if not scored and not found:
        lacking = [p for c in method.constructs.values() for p in needs(c) if p not in present]
        lacks = (f"no data at all for {', '.join(dict.fromkeys(lacking))}" if lacking else
                 "no country has every part a score needs in one year")
        found[f"scores nothing with method {method.name}: no country has a "
              f"{' or '.join(method.constructs)} score in any year ({lacks})"] = None
    return list(found)
