"""The Python API's results: Pydantic models of the documents `--format json` prints.

Every model is built from the very dictionary the command line serialises, and `model_dump()`
gives it back key for key, in the same order. Fields every document has are typed. Fields named
after the method's scores (`hedging_score`, `reversal_level`, ... for the shipped methods; a
method file may name its scores otherwise) are kept as they come: read them as attributes
(`result.hedging_level`) or with `score_of` / `level_of`.
"""

from __future__ import annotations

import math
from typing import Any, Optional, Union

from pydantic import BaseModel, ConfigDict, PrivateAttr, model_serializer, model_validator


class Document(BaseModel):
    """A JSON document of hedge's: typed where the contract is fixed, open where the method
    decides (extra fields allowed and kept)."""

    model_config = ConfigDict(extra="allow")
    _keys: tuple = PrivateAttr(default=())

    @model_validator(mode="wrap")
    @classmethod
    def _remember_keys(cls, data, handler):
        model = handler(data)
        if isinstance(data, dict):
            model._keys = tuple(data)
        return model

    @model_serializer(mode="wrap")
    def _as_given(self, handler):
        # the document's own keys in its own order: an optional field a document did not have
        # (a group has no indicators) is not dumped as null, and declared fields do not move ahead
        out = handler(self)
        if not self._keys or not isinstance(out, dict):
            return out
        return {k: out[k] for k in self._keys if k in out}


def _non_finite(value, where: str = "") -> str | None:
    """The first place in a document holding NaN or an infinity, or None."""
    if isinstance(value, float) and not math.isfinite(value):
        return where or "a value"
    if isinstance(value, dict):
        return next((w for k, v in value.items() if (w := _non_finite(v, f"{where}.{k}".lstrip("."))) is not None),
                    None)
    if isinstance(value, (list, tuple)):
        return next((w for i, v in enumerate(value) if (w := _non_finite(v, f"{where}[{i}]")) is not None), None)
    return None


class _Finite(Document):
    """A document of scores: a score, part or value that is not a finite number is refused (a
    NaN score compares below every threshold, so it would pass for "Low")."""

    @model_validator(mode="before")
    @classmethod
    def _finite(cls, data):
        where = _non_finite(data) if isinstance(data, dict) else None
        if where is not None:
            raise ValueError(f"{where} is not a finite number")
        return data


class _Scored(_Finite):
    """A document with `<score>_score` and `<score>_level` fields, one pair per score of the method."""

    def score_of(self, construct: str) -> Optional[float]:
        """A score by name ("hedging", "reversal"): None where the data give no score."""
        return self._field(f"{construct}_score")

    def level_of(self, construct: str) -> Optional[str]:
        """A level by score name: "Low", "Low-Medium", "Medium", "Medium-High", "High", or None."""
        return self._field(f"{construct}_level")

    def _field(self, key: str):
        extra = self.__pydantic_extra__ or {}
        if key not in extra:
            from .errors import UsageError

            scores = sorted(k[: -len("_score")] for k in extra if k.endswith("_score"))
            raise UsageError(f"no score {key.rsplit('_', 1)[0]!r} here; the scores are {', '.join(scores)}")
        return extra[key]


# ---------------------------------------------------------------- scores

class IndicatorValue(Document):
    """One indicator behind a score: its value with provenance, its 0-100 score and weight.
    A ratio (per) or a change over years adds the values behind it."""

    indicator: str
    part: str
    value: Optional[float]
    unit: Optional[str]
    year: Optional[int]
    age: Optional[int]
    source: Optional[str]  # "what-if" for a value you set
    source_title: Optional[str]
    score: Optional[float]
    weight: float


class Interval(Document):
    """A score's Monte Carlo summary: median, 5-95% interval, rank interval, level odds."""

    median: Optional[float]
    p5: Optional[float]
    p95: Optional[float]
    rank_p5: Optional[int]
    rank_p95: Optional[int]
    levels: dict[str, float]


class Score(_Scored):
    """A country's or group's scores, levels, parts and (for a country) the indicators behind them."""

    code: str
    name: str
    kind: str  # "country" or "group"
    year: int
    method: str
    pillars: dict[str, Optional[float]]
    components: dict[str, dict[str, Optional[float]]]
    note: str
    missing_parts: list[str]
    missing: Optional[list[str]] = None  # countries only
    stale: Optional[dict[str, int]] = None  # countries only: indicator -> years carried forward
    # countries only: indicator -> the later year that dates the value used (back_apply, before_first)
    applied_back: Optional[dict[str, int]] = None
    indicators: Optional[list[IndicatorValue]] = None  # countries only
    members: Optional[list[str]] = None  # groups only
    members_scored: Optional[dict[str, list[str]]] = None  # groups only
    uncertainty: Optional[dict[str, Union[Interval, int]]] = None  # with uncertainty=True: draws, seed, a score each


class WhatIf(Document):
    """One country or group scored before and after indicator values you set (`set`) or a
    scenario's changes (`scenario`, its name)."""

    code: str
    name: str
    year: int
    method: str
    set: Optional[dict[str, float]] = None
    scenario: Optional[str] = None
    before: Score
    after: Score


class Lever(Document):
    indicator: str
    part: str
    now: Optional[float]
    needed: Optional[float]
    reaches: Optional[str]


class Move(Document):
    direction: str
    to_level: str
    threshold: float
    points_needed: float
    levers: list[Lever]


class Contribution(IndicatorValue):
    points: Optional[float]


class Explained(Document):
    """One score explained: each indicator's points, and what would move the level."""

    contributions: list[Contribution]
    moves: list[Move]


class Explanation(Score):
    """A country's score record with, under each score's name, its explanation (`explained`)."""

    def explained(self, construct: str) -> Explained:
        section = (self.__pydantic_extra__ or {}).get(construct)
        if not isinstance(section, dict):
            self._field(f"{construct}_score")  # the one error message for an unknown score
        return Explained.model_validate(section)


class ComparisonRow(Document):
    measure: str
    values: dict[str, Optional[float]]
    spread: Optional[float]


class Difference(Document):
    measure: str
    spread: float
    highest: str
    lowest: str


class Comparison(Document):
    year: int
    method: str
    countries: list[str]
    rows: list[ComparisonRow]
    largest_differences: list[Difference]


# ---------------------------------------------------------------- over time

class TrendYear(_Scored):
    """One year of a country's trend; `change` names a level change and its driver."""

    code: str
    name: str
    year: int
    method: str
    pillars: dict[str, Optional[float]]
    components: dict[str, dict[str, Optional[float]]]
    missing: Optional[list[str]] = None
    change: Optional[str] = None


class Drift(Document):
    """A country's Theil-Sen slope per score (points a year) with the component driving it;
    `<score>_slope`, `<score>_driver`, `<score>_driver_slope` per score of the method."""

    code: str
    name: str
    kind: str
    first: int
    last: int
    method: str
    left_out: list[str] = []

    def slope_of(self, construct: str) -> Optional[float]:
        return (self.__pydantic_extra__ or {}).get(f"{construct}_slope")


class DiffRow(_Finite):
    """A country's scores and levels before and after (`<score>_before`, `<score>_after`,
    `<score>_change`, `<score>_level_before`, `<score>_level_after` per score)."""

    code: str
    name: str
    kind: str
    year: int
    levels_changed: list[str]
    largest_change: Optional[float]
    before: str
    after: str


class ScenarioChange(Document):
    """What one change of a scenario did in the year scored."""

    change: str  # "security.us_troops = 0 for NATO except Canada"
    changed: list[str]  # the countries it changed
    skipped: list[str]  # scale or add with no value in use to change


class ScenarioInfo(Document):
    name: str
    description: str
    file: str
    changes: list[ScenarioChange]


class ScenarioRow(DiffRow):
    """A country's or group's scores and levels before and after a scenario (`<score>_before`,
    ... as in DiffRow; with uncertainty, `<score>_p_level_before` and `_after`)."""

    before: Optional[str] = None
    after: Optional[str] = None
    scenario: str


class ScenarioResult(Document):
    """The heat map under a scenario: the scenario, what each change did, and every row,
    largest change first."""

    scenario: ScenarioInfo
    year: int
    method: str
    rows: list[ScenarioRow]


# ---------------------------------------------------------------- the data, the method, checks

class Entity(Document):
    code: str
    name: str
    kind: str
    alpha2: Optional[str]
    members: Optional[list[str]]


class Source(Document):
    id: str
    title: str
    publisher: Optional[str] = None
    url: Optional[str] = None
    licence: Optional[str] = None
    citation: Optional[str] = None
    indicators: list[str]
    countries: int
    years: Optional[str]


class ExportRow(Document):
    """One value in use: country, indicator, year, value with its provenance, and
    `score_<part>` (0-100) in each part scoring the indicator directly."""

    country: str
    name: str
    indicator: str
    year: int
    value: float
    unit: str
    value_year: int
    carried_forward: bool
    band_low: Optional[float]
    band_high: Optional[float]
    source: str
    source_title: Optional[str]
    source_url: Optional[str]
    method: str


class Reference(Document):
    """A CSL-JSON item (hedge itself as software, a source as a dataset): id, type, title, and
    where known publisher, URL, issued, version, note."""

    id: str
    type: str
    title: str


class MethodInfo(Document):
    name: str
    default: bool
    constructs: list[str]
    parts: list[str]
    description: str


class Sensitivity(Document):
    """Per score (an extra field under its name): the share of variance from weights,
    goalposts, aggregation and data; `<score>_driver` names the largest."""

    code: str
    name: str


class SeedCell(Document):
    """A cell of the reference heat map against the score (and `construct`: which score)."""

    code: str
    name: str
    seed_level: str
    level: Optional[str]
    score: Optional[float]
    match: bool
    margin: Optional[float]


class Correlation(Document):
    """A rank correlation with an outside measure (and `construct`: which score)."""

    measure: str
    year: int
    n: int
    rho: Optional[float]


class Validation(Document):
    """Agreement with the reference heat map (cells and orderings), outside measures, stability."""

    year: int
    method: str
    seed_cells: list[SeedCell]
    seed_pairs: list[dict[str, Any]]
    correlations: list[Correlation]
    stability: list[dict[str, Any]]
    draws: int
    seed: int
