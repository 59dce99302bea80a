"""Scoring: pure functions from a Dataset and a Method to results. No I/O, no printing.

The chain, each step a function of the one before (see docs/METHODOLOGY.md):

1. normalise: each indicator value -> 0-100 between the method's fixed goalposts;
2. aggregate: weighted mean of the available indicators of a pillar (missing ones are left
   out and listed, never filled in);
3. combine into two separate constructs:
   - hedging  = engagement x (1 - g + g x anchor/100): engagement with China, counted in
     full where the US security anchor holds and discounted where it does not;
   - reversal = weighted mean of dependence on China, drift toward China, weakness of the
     US anchor, and political distance from the US;
4. classify each score into five fixed levels.

Groups are scored from their members: the unweighted mean of the members' scores (unrounded,
rounded once at the end) over the members that have one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from .dataset import Dataset, Entity, Observation
from .method import LEVELS, DriftRule, Method, Rule

ENGAGEMENT_PILLARS = ("trade", "technology", "infrastructure")
PILLARS = ENGAGEMENT_PILLARS + ("security", "political")
COMPONENTS = ("engagement", "anchor", "dependence", "drift", "weak_anchor", "distance")
# each reversal component: the part its terms feed, and whether it reads them as 100 - score
REVERSAL_SOURCES = {"dependence": ("dependence", False), "drift": ("drift", False),
                    "weak_anchor": ("security", True), "distance": ("political", True)}


@dataclass(frozen=True)
class Term:
    """One indicator's part in a pillar or component."""

    indicator: str
    part: str  # the pillar or component it feeds
    observation: Observation | None  # None: no value within max_age
    score: float | None  # 0-100 after goalposts
    weight: float
    earlier: Observation | None = None  # the starting value of a drift term


@dataclass
class Result:
    code: str
    name: str
    kind: str  # "country" or "group"
    year: int
    hedging_score: float | None
    reversal_score: float | None
    pillars: dict[str, float | None]
    components: dict[str, float | None]
    terms: list[Term] = field(default_factory=list)
    members: list[str] = field(default_factory=list)

    hedging_thresholds: tuple[float, ...] = ()
    reversal_thresholds: tuple[float, ...] = ()
    lacking: list[str] = field(default_factory=list)  # pillars/components with no data at all
    # groups: the members each score averages ("hedging" and "reversal" -> codes)
    members_scored: dict[str, list[str]] = field(default_factory=dict)

    @property
    def hedging_level(self) -> str | None:
        return None if self.hedging_score is None else level(self.hedging_score, self.hedging_thresholds)

    @property
    def reversal_level(self) -> str | None:
        return None if self.reversal_score is None else level(self.reversal_score, self.reversal_thresholds)

    @property
    def missing(self) -> list[str]:
        """Terms with no value. A drift term is named as a change, so that a level that is
        present (trade.china_tilt in 2024) is not reported missing when only its change is."""
        return sorted({f"{t.indicator} (change)" if t.part == "drift" else t.indicator
                       for t in self.terms if t.observation is None})

    @property
    def stale(self) -> dict[str, int]:
        """Indicators whose value is carried forward from an earlier year, with its age."""
        return {t.indicator: t.observation.age for t in self.terms
                if t.observation is not None and t.observation.age > 0}


def level(score: float, thresholds: tuple[float, ...]) -> str:
    """The level of a score: the number of thresholds it reaches picks the level."""
    return LEVELS[sum(score >= t for t in thresholds)]


def normalise(value: float, rule: Rule | DriftRule) -> float:
    """Map a value to 0-100 between the rule's goalposts, capping beyond them."""
    lo, hi = rule.lo, rule.hi
    if getattr(rule, "log", False):
        value, lo, hi = (math.log10(1.0 + max(v, 0.0)) for v in (value, lo, hi))
    position = (value - lo) / (hi - lo)
    return 100.0 * min(1.0, max(0.0, position))


def weighted(terms: list[Term]) -> float | None:
    """The weighted mean of the terms that have a score; None if none has."""
    used = [t for t in terms if t.score is not None and t.weight > 0]
    total = sum(t.weight for t in used)
    if not used or total == 0:
        return None
    return sum(t.score * t.weight for t in used) / total


def _mean(values) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def _observe(data: Dataset, code: str, indicator: str, year: int, max_age: int) -> Observation | None:
    obs = data.observation(code, indicator, year)
    return obs if obs is not None and obs.age <= max_age else None


def _terms(data: Dataset, code: str, year: int, method: Method, part: str, rules) -> list[Term]:
    out = []
    for rule in rules:
        obs = _observe(data, code, rule.indicator, year, method.max_age)
        score = None if obs is None else normalise(obs.value, rule)
        out.append(Term(rule.indicator, part, obs, score, rule.weight))
    return out


def _drift_terms(data: Dataset, code: str, year: int, method: Method) -> list[Term]:
    out = []
    for rule in method.drift:
        now = _observe(data, code, rule.indicator, year, method.max_age)
        # the change over exactly rule.years from the value used: a value carried forward (COW
        # trade ends in 2014) compared with scoring year - 10 would measure a shorter change
        start = None if now is None else now.year - rule.years
        then = None if now is None else data.observation(code, rule.indicator, start)
        score = None
        # a change across a change of source measures the sources' difference (COW vs customs
        # trade differ by ~0.07 in the same year: docs/DATA.md)
        if then is not None and then.year == start and now.source == then.source:
            score = normalise(now.value - then.value, rule)
        out.append(Term(rule.indicator, "drift", now if score is not None else None, score,
                        rule.weight, then if score is not None else None))
    return out


def score_country(data: Dataset, code: str, year: int, method: Method) -> Result:
    return _rounded(_score_country(data, code, year, method))


def _score_country(data: Dataset, code: str, year: int, method: Method) -> Result:
    """A country's result, unrounded (groups average these, then round once)."""
    entity = data.entities[code]
    terms: list[Term] = []
    pillars: dict[str, float | None] = {}
    roles = (*method.engagement.items(), ("security", method.anchor), ("political", method.alignment))
    for name, rules in roles:
        part = _terms(data, code, year, method, name, rules)
        pillars[name] = weighted(part)
        terms += part
    dependence_terms = _terms(data, code, year, method, "dependence", method.dependence)
    drift_terms = _drift_terms(data, code, year, method)
    terms += dependence_terms + drift_terms

    # A composite needs every one of its parts: averaging over whichever parts happen to exist
    # would change what the score measures from year to year (before 2009 only trade exists).
    engaged = [pillars[p] for p in method.engagement]
    engagement = None if None in engaged else sum(engaged) / len(engaged)
    anchor = pillars["security"]
    components = {
        "engagement": engagement,
        "anchor": anchor,
        "dependence": weighted(dependence_terms),
        "drift": weighted(drift_terms),
        "weak_anchor": None if anchor is None else 100.0 - anchor,
        "distance": None if pillars["political"] is None else 100.0 - pillars["political"],
    }
    hedging = None
    if engagement is not None and anchor is not None:
        gate = method.anchor_gate
        hedging = engagement * (1.0 - gate + gate * anchor / 100.0)
    weights = {k: w for k, w in method.reversal_weights.items() if w > 0}
    reversal = None
    if all(components[k] is not None for k in weights):
        reversal = sum(components[k] * w for k, w in weights.items()) / sum(weights.values())
    return Result(code, entity.name, "country", year, hedging, reversal, pillars, components, terms,
                  hedging_thresholds=method.hedging_thresholds,
                  reversal_thresholds=method.reversal_thresholds,
                  lacking=_lacking(pillars, components, method))


def _lacking(pillars: dict, components: dict, method: Method) -> list[str]:
    """The parts a score needs that have no data at all (each makes its score null)."""
    hedging_parts = [*method.engagement, "security"]
    reversal_parts = [k for k, w in method.reversal_weights.items() if w > 0]
    return ([p for p in hedging_parts if pillars.get(p) is None]
            + [k for k in reversal_parts if components.get(k) is None])


def score_group(data: Dataset, code: str, year: int, method: Method) -> Result:
    """A group's scores are the unweighted means of its members' (one state, one voice), over
    the members that have the score; `members_scored` says which those are."""
    entity = data.entities[code]
    members = [_score_country(data, m, year, method) for m in entity.members]

    def avg(get) -> float | None:
        return _mean(get(r) for r in members)

    pillars = {p: avg(lambda r, p=p: r.pillars.get(p)) for p in PILLARS}
    components = {c: avg(lambda r, c=c: r.components.get(c)) for c in COMPONENTS}
    scored = {construct: [r.code for r in members if getattr(r, f"{construct}_score") is not None]
              for construct in ("hedging", "reversal")}
    return _rounded(Result(
        code, entity.name, "group", year,
        avg(lambda r: r.hedging_score), avg(lambda r: r.reversal_score), pillars, components,
        [t for r in members for t in r.terms],
        list(entity.members),
        hedging_thresholds=method.hedging_thresholds,
        reversal_thresholds=method.reversal_thresholds,
        lacking=_lacking(pillars, components, method),
        members_scored=scored,
    ))


def score(data: Dataset, code: str, year: int, method: Method) -> Result:
    if data.entities[code].kind == "group":
        return score_group(data, code, year, method)
    return score_country(data, code, year, method)


def score_all(data: Dataset, year: int, method: Method, codes: list[str] | None = None) -> list[Result]:
    codes = codes if codes is not None else list(data.entities)
    return [score(data, c, year, method) for c in codes]


def _rounded(result: Result) -> Result:
    """The result as shown: scores, pillars and components to one decimal."""
    return replace(result, hedging_score=_round(result.hedging_score),
                   reversal_score=_round(result.reversal_score),
                   pillars={k: _round(v) for k, v in result.pillars.items()},
                   components={k: _round(v) for k, v in result.components.items()})


def _round(value: float | None) -> float | None:
    # one decimal, so that the printed score and its level always agree
    return None if value is None else round(value, 1)


def entity_order(entities: list[Entity]) -> list[Entity]:
    return sorted(entities, key=lambda e: (e.kind != "group", e.name))
